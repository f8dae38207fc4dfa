"""The language-help notice: one line per shipped language saying that free help in the
reader's language is available and how to reach the clinic (`leaflets build --language-help`).

Each line is printed in its own language, script and fonts (shaped, right-to-left where the
script is). A language whose catalog has no usable translation of the line is left out: the
notice never prints English in place of a translation. English comes first, then the other
languages in the order the project lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from generator.content.clinic import Clinic
from generator.content.markup import (
    escape_text,
    to_paragraph_markup,
    translation_problems,
)
from generator.layout.cellgrid import CellGrid
from generator.layout.styles import build_styles
from generator.layout.tagging import list_of
from generator.layout.text import para
from generator.localize.catalogs import (
    COMMON_DOMAIN,
    SOURCE_LOCALE,
    Translations,
    load_translations,
)
from generator.localize.numbers import native_name
from generator.localize.ui import UI_STRINGS, ui_context
from generator.scripts.fonts import fonts_for_locale

PHONE_KEY = "language_help"          # "... Call {phone}."      (a clinic file was given)
DESK_KEY = "language_help_desk"      # "... Ask at the front desk." (no clinic file)


@dataclass(frozen=True)
class HelpLine:
    locale: str
    name: str        # the language's name in itself (plain text)
    markup: str      # the translated line, placeholders filled, safe paragraph markup


def help_key(clinic: Clinic | None) -> str:
    return PHONE_KEY if clinic is not None else DESK_KEY


def help_line(locale: str, translations: Translations | None,
              clinic: Clinic | None) -> HelpLine | None:
    """The notice line for one locale, or None when its catalog has no usable translation."""
    key = help_key(clinic)
    english = UI_STRINGS[key][0]
    if locale == SOURCE_LOCALE:
        text = english
    else:
        text = translations.get(COMMON_DOMAIN, ui_context(key), english) \
            if translations is not None else None
        if not text or translation_problems(english, text,
                                            translations.slot_limit(UI_STRINGS[key][2])):
            return None
    values = {"phone": clinic.phone} if clinic is not None else {}
    return HelpLine(locale, native_name(locale), to_paragraph_markup(text, values))


def collect_help_lines(locales_dir: Path, locales: list[str],
                       clinic: Clinic | None) -> list[HelpLine]:
    """The notice lines of every shipped locale that has one: English first."""
    ordered = [SOURCE_LOCALE] + [code for code in locales if code != SOURCE_LOCALE]
    lines = []
    for locale in dict.fromkeys(ordered):
        translations = None if locale == SOURCE_LOCALE else \
            load_translations(Path(locales_dir), locale, [COMMON_DOMAIN])
        line = help_line(locale, translations, clinic)
        if line is not None:
            lines.append(line)
    return lines


def help_page(lines: list[HelpLine], edition: str, width: float, font_dirs=None) -> list:
    """Flowables for the notice, starting on a new page: one table row per language, the
    language's name beside its line, each row in that language's fonts and direction."""

    if not lines:
        return []
    name_share = 0.27
    story: list = [PageBreak(), Spacer(1, 2 * mm)]
    items: list = []
    languages: list = []
    for index, line in enumerate(lines):
        fonts = fonts_for_locale(line.locale, font_dirs)
        styles = build_styles(edition, fonts)
        name = para(styles, f"<b>{escape_text(line.name)}</b>", "term")
        text = para(styles, line.markup, "body")
        # one list item per language: its name (label) and its line, in that language
        items.append((name, text))
        languages.append(line.locale.replace("_", "-"))
        cells = [name, text]
        widths = [width * name_share, width * (1 - name_share)]
        if fonts.rtl:
            # right to left: the language's name stands on the right, where its reader starts
            cells.reverse()
            widths.reverse()
        commands = [
            # cell text is all in paragraphs; the table default would name Helvetica
            ("FONT", (0, 0), (-1, -1), fonts.regular, 10),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 6)]
        if index:
            commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.5, styles.color("rule")))
        # one row: never split, as a Table of one row would not be
        story.append(CellGrid([cells], widths, commands))
    notice = list_of(items, numbering="None")
    for item, lang in zip(notice.children, languages):
        item.lang = lang
    return story


