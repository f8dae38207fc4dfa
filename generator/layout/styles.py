"""Styles are data: a YAML file per edition turned into ReportLab paragraph styles.

Fonts come from the locale's script (generator.scripts), so the same style sheet serves
every language; alignment flips for right-to-left scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from generator.layout.sheets import load_sheet
from generator.scripts.registry import ScriptFonts


@dataclass(frozen=True)
class Styles:
    """Everything layout needs to know about looks, for one edition and one script."""

    sheet: dict
    fonts: ScriptFonts
    paragraphs: dict[str, ParagraphStyle]

    def color(self, name: str):
        return HexColor(self.sheet["colors"][name])

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.paragraphs[name]


@lru_cache(maxsize=64)
def build_styles(edition: str, fonts: ScriptFonts) -> Styles:
    """The edition's styles in the script's fonts, made once per process (a worker makes
    many documents per script; nothing changes a style once made)."""
    sheet = load_sheet(edition)
    colors = sheet["colors"]
    align = TA_RIGHT if fonts.rtl else TA_LEFT
    paragraphs = {}
    for name, spec in sheet["paragraphs"].items():
        font = _font_for(fonts, spec.get("bold", False), spec.get("italic", False))
        paragraphs[name] = ParagraphStyle(
            name,
            fontName=font,
            fontSize=spec["size"],
            leading=spec["leading"],
            textColor=HexColor(colors[spec.get("color", "text")]),
            spaceBefore=spec.get("space_before", 0),
            spaceAfter=spec.get("space_after", 0),
            leftIndent=0 if fonts.rtl else spec.get("left_indent", 0),
            rightIndent=spec.get("left_indent", 0) if fonts.rtl else 0,
            bulletIndent=spec.get("bullet_indent", 0),
            bulletFontName=fonts.regular,
            bulletFontSize=spec["size"],
            alignment=align,
            wordWrap="CJK" if fonts.cjk_wrap else None,
            shaping=1 if fonts.shaping else 0,
            keepWithNext=1 if spec.get("keep_with_next") else 0,
            allowWidows=0,
            allowOrphans=0,
        )
    return Styles(sheet, fonts, paragraphs)


def _font_for(fonts: ScriptFonts, bold: bool, italic: bool) -> str:
    if bold and italic:
        return fonts.bold_italic
    if bold:
        return fonts.bold
    if italic:
        return fonts.italic
    return fonts.regular
