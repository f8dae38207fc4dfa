"""The generator's own strings (page furniture, notices), translated in the `common` domain.

Kept as data in one place so extraction, checks and rendering agree on them. Each entry:
key -> (English text or (singular, plural), note for translators, layout limit or None).
"""

from __future__ import annotations

UI_STRINGS: dict[str, tuple[object, str, int | None]] = {
    "page_of": ("Page {page} of {pages}",
                "Footer. {page} is the page number (e.g. 2), {pages} the page count (e.g. 4).",
                30),
    "version_line": ("Content version {version}, reviewed {date}",
                     "Footer. {version} is like 1.0.0; {date} is a date like 21 November 2026.",
                     60),
    "version_line_draft": ("Content version {version}, draft",
                           "Footer while the content has not been reviewed by clinicians. "
                           "{version} is like 1.0.0.", 60),
    "translated_from": ("Translated from content version {version}",
                        "Footer of translated leaflets. {version} is like 1.0.0.", 50),
    "care_team": ("Your care team",
                  "Heading of the box with the clinic's name and phone number.", 30),
    "phone": ("Phone: {phone}", "Clinic phone line. {phone} is like +1 555 0100.", 40),
    "no_clinic": ("Ask your care team how to reach them at any time of the day or night.",
                  "Printed when no clinic details were given.", 110),
    "risk_about": (("About {count} in {total} person", "About {count} in {total} people"),
                   "Under a picture of {total} people (e.g. 100) with {count} (e.g. 6) "
                   "coloured in. Pick the plural form for {count}.", 40),
    "table_in_100": (("{value} (about {count} in {total})", "{value} (about {count} in {total})"),
                     "Table cell for a percentage: {value} is like 28.1%, {count} the same "
                     "figure as people in {total} (about 28 in 100), as under the pictures of "
                     "100 people. Pick the plural form for {count}.", 40),
    "risk_exact": ("Exact figure: {value}", "{value} is a percentage like 5.8%.", 30),
    "notes": ("Notes", "Label above ruled lines where the reader writes answers.", 20),
    "draft_band": ("Translation not yet reviewed by a qualified translator.",
                   "Band printed on every page while this translation is a draft. Keep it "
                   "short: it is printed in your language and in English.", 80),
    "content_draft_band": ("Draft: not yet reviewed by a clinician.",
                           "Band printed on every page while the leaflet's medical content has "
                           "not been reviewed by clinicians. Keep it short: it is printed in "
                           "your language and in English.", 80),
    "fallback_marker": ("[English]",
                        "Put before text that is printed in English because its translation "
                        "is missing.", 15),
    "language_help": ("Free help in your language is available. Call {phone}.",
                      "One line of the language-help page, printed in every language. "
                      "{phone} is the clinic's phone number, like +1 555 0100.", 90),
    "language_help_desk": ("Free help in your language is available. Ask at the front desk.",
                           "Language-help line used when no clinic phone number is known.", 90),
}


def ui_context(key: str) -> str:
    return f"ui/{key}"
