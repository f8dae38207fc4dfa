"""Inline markup (<b>, <i>, <br/>, entities) -> styled fragments, for our own line layout.

ReportLab's Paragraph parses its own markup; the right-to-left paragraph and the
single-line helper lay text out themselves, so they need the same small subset parsed
into (text, bold, italic) fragments.  The content pipeline has already sanitised the
markup to these tags; anything else is a programming error, hence ValueError.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import NamedTuple

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z]+)\s*(/?)\s*>")


class Frag(NamedTuple):
    """A run of text with one style; text '\n' is a forced line break (<br/>)."""

    text: str
    bold: bool
    italic: bool


def parse_inline(markup: str) -> list[Frag]:
    """Split sanitised markup into fragments; entities decoded, text NFC-normalised.

    NFC matters for Vietnamese and Arabic: precomposed letters are in every font's cmap,
    while a decomposed base + combining mark relies on mark positioning.
    """
    frags: list[Frag] = []
    bold = italic = 0
    pos = 0
    for m in _TAG.finditer(markup):
        _add_text(frags, markup[pos:m.start()], bold, italic)
        pos = m.end()
        closing, tag, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if tag == "br":
            frags.append(Frag("\n", bool(bold), bool(italic)))
        elif tag in ("b", "strong"):
            bold = max(0, bold - 1) if closing else bold + (0 if selfclosing else 1)
        elif tag in ("i", "em"):
            italic = max(0, italic - 1) if closing else italic + (0 if selfclosing else 1)
        else:
            raise ValueError(f"unsupported inline tag <{closing}{tag}> in {markup!r}")
    _add_text(frags, markup[pos:], bold, italic)
    return frags


def _add_text(frags: list[Frag], raw: str, bold: int, italic: int) -> None:
    if raw:
        text = unicodedata.normalize("NFC", html.unescape(raw))
        frags.append(Frag(text, bool(bold), bool(italic)))


def plain_text(markup: str) -> str:
    """Markup -> the text a reader sees (for coverage checks and tests)."""
    return "".join(f.text for f in parse_inline(markup))
