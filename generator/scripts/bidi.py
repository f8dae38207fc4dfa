"""How values wrapped in bidi isolates are shown.

Values that are not running text (a phone number, an address, a URL, a percentage) are
wrapped in a Unicode bidi isolate where they enter paragraph markup
(`generator.content.markup.isolate`, which explains the rules). Left-to-right text without
right-to-left letters drops them again (`for_display`): there they change nothing, and
those fonts have no glyph for them. Paths without a bidi step strip them (`strip_isolates`).
"""

from __future__ import annotations

import re
import unicodedata

from generator.content.markup import FSI, LRI, PDI, RLI

_ISOLATES_RE = re.compile(f"[{LRI}{RLI}{FSI}{PDI}]")


def strip_isolates(text: str) -> str:
    """Text without the isolates `isolate` added (for paths without a bidi step)."""
    return _ISOLATES_RE.sub("", text)


# The blocks that hold every right-to-left letter and control (Hebrew to Arabic Extended,
# RLM, RLE, RLO, RLI, the Hebrew and Arabic presentation forms, the right-to-left scripts of
# the supplementary planes): a text with none of these has none (tests/test_scripts.py
# checks this against unicodedata for every code point).
_MAYBE_RTL = re.compile("[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff"
                        "\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
_RTL_CLASSES = ("R", "AL", "RLE", "RLO", "RLI")


def has_rtl(text: str) -> bool:
    """Whether `text` has a right-to-left letter (or an RTL embedding/isolate control)."""
    return _MAYBE_RTL.search(text) is not None and \
        any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


def for_display(text: str, rtl: bool = False) -> str:
    """`text` as it is shown: with the isolates where they can matter (a right-to-left
    locale, or right-to-left letters in the text), without them elsewhere. The one rule
    for PDF paragraphs, quiz words, alt texts and web pages."""
    return text if rtl or has_rtl(text) else strip_isolates(text)
