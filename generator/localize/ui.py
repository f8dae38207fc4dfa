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
    "qr_line": ("Scan to read this leaflet on a phone or computer:",
                "Beside the QR code printed when the clinic gives a web address; the "
                "address of the leaflet's web page follows on the next line.", 70),
    # The provenance block on the last page of a translated leaflet ("About this
    # translation"), printed in the leaflet's language and in English.
    "provenance_heading": ("About this translation",
                           "Heading of a short block on the last page that says how this "
                           "translation was made and checked.", 40),
    "provenance_method": ("How it was translated: {method}.",
                          "{method} is a list of the steps below, e.g. 'machine translation' "
                          "or 'translation by a qualified translator, revision by a second "
                          "translator'.", None),
    "method_machine": ("machine translation",
                       "A step in {method}: the text was first translated by a computer.", 40),
    "method_translated": ("translation by a qualified translator",
                          "A step in {method}.", 60),
    "method_revised": ("revision by a second translator",
                       "A step in {method}: a second translator compared it with the English "
                       "(ISO 17100 revision).", 60),
    "method_back_translated": ("back translation into English",
                               "A step in {method}: someone translated it back into English "
                               "to compare the meaning.", 60),
    "provenance_reviewed": ("Review: every text was approved by a qualified reviewer. Last "
                            "approval: {date}.",
                            "{date} is a date like 21 November 2026.", None),
    "provenance_draft": ("Review: not finished. {reviewed} of {total} texts are approved by a "
                         "qualified reviewer.",
                         "{reviewed} and {total} are numbers, e.g. 0 of 223.", None),
    "provenance_next": ("Next review: {date}.", "{date} is a date like 21 November 2027.", 60),
    "provenance_next_draft": ("Next review: before this leaflet is given to patients.",
                              "Printed while the translation is not yet reviewed.", 90),
}

# Strings printed next to their English text (the provenance block): while a locale has no
# translation for them the English line alone is printed, and the locale is not refused.
ENGLISH_ALONGSIDE = frozenset(key for key in UI_STRINGS
                              if key.startswith(("provenance_", "method_")))


def ui_context(key: str) -> str:
    return f"ui/{key}"
