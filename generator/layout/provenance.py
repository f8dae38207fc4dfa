"""Provenance on paper: "About this translation" at the end of every translated leaflet.

In the leaflet's language and in English: how the translation was made (the ISO 17100
steps recorded in the review ledger for every string, or machine translation), its review
state (from the ledger, never from the catalog), and when it is next due for review.
"""

from __future__ import annotations

import datetime as dt

from babel.lists import format_list
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from generator.content.markup import plain_text
from generator.layout.cellgrid import CellGrid
from generator.layout.styles import build_styles
from generator.layout.text import para
from generator.localize.catalogs import COMMON_DOMAIN
from generator.localize.localizer import Localizer
from generator.localize.numbers import format_count, format_long_date, locale_for
from generator.localize.review import ReviewState
from generator.localize.ui import UI_STRINGS, ui_context
from generator.scripts.fonts import fonts_for_locale


def provenance_lines(loc: Localizer, state: ReviewState, english: bool = False) -> list[str]:
    """The block's lines (heading first) as paragraph markup, in `loc`'s language, or in
    English with `english`."""
    ui = loc.ui_english if english else loc.ui
    fmt = "en" if english else loc.formatting_locale
    summary = state.summary
    steps = summary.steps if summary is not None else ()
    method = ["method_translated" if "translated" in steps else "method_machine"]
    method += [f"method_{step.replace('-', '_')}" for step in ("revised", "back-translated")
               if step in steps]
    words = [plain_text(ui(key)) for key in method]
    try:
        joined = format_list(words, locale=locale_for(fmt))
    except (ValueError, LookupError):
        joined = ", ".join(words)
    lines = [ui("provenance_heading"), ui("provenance_method", method=joined)]
    if not state.draft and summary is not None:
        last = format_long_date(dt.date.fromisoformat(summary.last_date), fmt)
        following = format_long_date(dt.date.fromisoformat(summary.next_review), fmt)
        lines += [ui("provenance_reviewed", date=last), ui("provenance_next", date=following)]
    else:
        reviewed = summary.reviewed if summary is not None else 0
        total = summary.total if summary is not None else 0
        lines += [ui("provenance_draft", reviewed=format_count(reviewed, fmt),
                     total=format_count(total, fmt)),
                  ui("provenance_next_draft")]
    return lines


def provenance_block(loc: Localizer, state: ReviewState, styles, edition: str, width: float,
                     font_dirs=None) -> list:
    """Flowables for the block (nothing for the English original)."""

    if loc.is_source:
        return []
    own = provenance_lines(loc, state)
    english = provenance_lines(loc, state, english=True)
    english_styles = build_styles(edition, fonts_for_locale("en", font_dirs))
    rows = []
    heading = UI_STRINGS["provenance_heading"][0]
    translated = loc.translations is not None and loc.translations.get(
        COMMON_DOMAIN, ui_context("provenance_heading"), heading) is not None
    if translated and [plain_text(x) for x in own] != [plain_text(x) for x in english]:
        rows += _paragraphs(styles, own)
        rows.append(Spacer(1, 2 * mm))
    rows += _paragraphs(english_styles, english)
    box = CellGrid([[rows]], [width], [
        ("FONT", (0, 0), (-1, -1), styles.fonts.regular, 10),
        ("BOX", (0, 0), (-1, -1), 0.8, styles.color("rule")),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
    return [Spacer(1, 5 * mm), KeepTogether([box])]


def _paragraphs(styles, lines: list[str]) -> list:
    heading, *rest = lines
    return [para(styles, f"<b>{heading}</b>", "footnote")] + \
        [para(styles, line, "footnote") for line in rest]
