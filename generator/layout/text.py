"""One place that turns markup into a paragraph, so every script is handled the same way.

Right-to-left text needs its own line breaking (generator.scripts.rtl); everything else is a
ReportLab Paragraph whose style already carries shaping and CJK wrapping for the script.
"""

from __future__ import annotations

from generator.layout.styles import Styles
from generator.layout.tagging import tag
from generator.scripts.rtl import make_paragraph

# The structure type of a paragraph in each style (generator.layout.tagging): headings
# nest title > section heading > subheading and box title; everything else is a P until its
# caller puts it in a list or a table.
ROLES = {"title": "H1", "heading": "H2", "subheading": "H3", "callout_title": "H3"}


def para(styles: Styles, markup: str, style: str, bullet: str | None = None,
         role: str | None = None):
    return tag(make_paragraph(emphasis(styles, markup), styles[style], styles.fonts,
                              bulletText=bullet), role or ROLES.get(style, "P"))


def emphasis(styles: Styles, markup: str) -> str:
    """Bold that shows in every script: where the script's font has no bold face (the
    TrueType Chinese and Japanese fonts), <b> is also set in the heading colour, so the
    words the source emphasises still stand out."""
    fonts = styles.fonts
    if fonts.bold != fonts.regular or "<b>" not in markup or fonts.rtl:
        return markup
    color = styles.sheet["colors"]["heading"]
    return markup.replace("<b>", f'<b><font color="{color}">').replace("</b>", "</font></b>")
