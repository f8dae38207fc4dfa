"""One place that turns markup into a paragraph, so every script is handled the same way.

Right-to-left text needs its own line breaking (generator.scripts.rtl); everything else is a
ReportLab Paragraph whose style already carries shaping and CJK wrapping for the script.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph

from .styles import Styles


def para(styles: Styles, markup: str, style: str, bullet: str | None = None):
    from ..scripts.rtl import make_paragraph  # noqa: PLC0415 - keeps CLI start-up light
    return make_paragraph(markup, styles[style], styles.fonts, bulletText=bullet)
