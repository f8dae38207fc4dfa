"""`leaflets i18n review-packet`: a PDF for a reviewer who does not use translation tools.

One row per string of a topic (its leaflet and quiz) in one locale: the English, the
translation (placeholders shown as {name}, in the language's own fonts and direction), an
empty column for a back translation, and room for comments, under a line with the string's
msgctxt and its review state from the ledger. Strings changed since their last review come
first and are marked; then strings not yet reviewed; reviewed strings last.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from generator.content.markup import escape_text, placeholders, to_paragraph_markup
from generator.layout.styles import build_styles
from generator.layout.text import para
from generator.localize.catalogs import SOURCE_LOCALE
from generator.localize.numbers import native_name
from generator.localize.review import string_rows
from generator.render.pdf import FRAME_PADDING, Furniture, render_pdf, text_width
from generator.scripts.fonts import fonts_for_locale

_ORDER = {"changed": 0, "fuzzy": 1, "untranslated": 2, "unreviewed": 3, "reviewed": 4}
_LABELS = {"changed": "CHANGED SINCE REVIEW", "fuzzy": "FUZZY: the English changed, "
           "translation not updated", "untranslated": "NOT TRANSLATED",
           "unreviewed": "not yet reviewed", "reviewed": "reviewed"}


def _shown(text: str) -> str:
    names, _problems = placeholders(text)
    return to_paragraph_markup(text, {name: "{" + name + "}" for name in names})


def review_packet(project, locale: str, domain: str, paper: str = "a4") -> tuple[bytes, dict]:
    english_styles = build_styles("standard", fonts_for_locale(SOURCE_LOCALE))
    own_styles = build_styles("standard", fonts_for_locale(locale))
    rows = []
    for row in string_rows(project, locale, domain):
        kind, entry = row.state.state, row.entry
        if kind != "changed" and row.translation is None:
            kind = "fuzzy" if entry is not None and entry.fuzzy and entry.string else \
                "untranslated"
        shown = entry.string if entry is not None and entry.string else ""
        rows.append((kind, row.context, row.msgid, shown, row.state))
    rows.sort(key=lambda row: _ORDER[row[0]])   # stable: reading order within each group

    margins = english_styles.sheet["page"]
    width = text_width(paper, margins) - 2 * FRAME_PADDING
    widths = [width * share for share in (0.27, 0.27, 0.23, 0.23)]
    language = native_name(locale)
    story = [
        para(english_styles, f"Review packet: {escape_text(domain)} in "
                             f"{escape_text(language)} ({escape_text(locale)})", "title"),
        para(english_styles, "For each text: read the English and the translation. Write "
                             "what the translation says, in English, under <b>Back "
                             "translation</b>, and anything to change under <b>Comments</b>. "
                             "Texts marked CHANGED SINCE REVIEW come first: their English or "
                             "their translation changed after they were last reviewed. "
                             "Placeholders such as {name} are filled in by the generator "
                             "with numbers formatted for the language.", "body"),
        Spacer(1, 3 * mm)]
    head = [para(english_styles, f"<b>{label}</b>", "footnote")
            for label in ("English", f"Translation ({escape_text(language)})",
                          "Back translation", "Comments")]
    table_rows = [head]
    commands = [("FONT", (0, 0), (-1, -1), english_styles.fonts.regular, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.5, english_styles.color("rule")),
                ("BACKGROUND", (0, 0), (-1, 0), english_styles.color("note_bg"))]
    counts = {"total": len(rows), "changed": 0, "reviewed": 0}
    for number, (kind, context, msgid, shown, state) in enumerate(rows, 1):
        counts["changed"] += kind == "changed"
        counts["reviewed"] += kind == "reviewed"
        label = _LABELS[kind] + (f": {state.reason}" if kind == "changed" else "")
        if state.steps:
            label += f" (steps recorded: {', '.join(state.steps)})"
        line = f"<b>{number}. {escape_text(context)}</b> · {escape_text(label)}"
        at = len(table_rows)
        table_rows.append([para(english_styles, line, "footnote"), "", "", ""])
        commands.append(("SPAN", (0, at), (-1, at)))
        if kind == "changed":
            commands.append(("BACKGROUND", (0, at), (-1, at), english_styles.color("important_bg")))
        english = " / ".join(msgid) if plural_of(msgid) else msgid
        translated = " / ".join(shown) if isinstance(shown, (list, tuple)) else shown
        table_rows.append([para(english_styles, _shown(english), "table"),
                           para(own_styles, _shown(translated), "table") if translated else "",
                           "", ""])
        commands.append(("BOTTOMPADDING", (0, at + 1), (-1, at + 1), 14))
    table = Table(table_rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    story.append(table)
    furniture = Furniture(
        footer_left=[f"Review packet · {domain} · {locale}",
                     f"Review state from locales/{locale}/review.yaml"],
        page_label=lambda page, pages: f"Page {page} of {pages}",
        band=[], fonts=english_styles.fonts,
        colors={name: english_styles.color(name)
                for name in ("rule", "muted", "band_bg", "band_text")},
        footer_size=margins["footer_size"])
    pdf, _pages = render_pdf(story, paper=paper, margins=margins, furniture=furniture,
                             title=f"Review packet: {domain} ({locale})",
                             subject="Translation review", lang="en", author="leaflets")
    return pdf, counts


def plural_of(msgid) -> bool:
    return isinstance(msgid, (list, tuple))
