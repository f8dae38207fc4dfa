"""Values that are not running text keep their own direction: Unicode bidi isolates.

A phone number, a street address, a URL or a Latin drug name dropped into Arabic or Persian
text is reordered by the Unicode bidi algorithm together with its neighbours: "+1 (555)
867-5309" prints as "5309-867 (555) 1+", "400 Main Street" as "Main Street 400". Wrapped in
an isolate, a value is laid out on its own and then placed as one neutral block, so it reads
the same in any language (UAX #9, rules X5a-X5c):

* LRI ... PDI (left to right) for phone numbers, URLs and e-mail addresses, which are
  always read left to right (the spaces of a phone number become no-break spaces: it is
  never broken across lines);
* FSI ... PDI (first strong) for everything else: a clinic name or an address takes the
  direction of its first letter; a number (no letters) is laid out left to right, so a
  percentage reads "5.8%" in tables, running text and quiz keys alike (docs/fonts.md).

Direction marks (LRM, RLM, ALM) and embedding/override/isolate controls inside a value are
dropped first, so nothing a clinic file or a translation carries can reorder a value's
digits. `isolate` is called where values enter paragraph markup
(`generator.markup.to_paragraph_markup` and `escape_text`); left-to-right text without
right-to-left letters drops them again (`for_display`): there they change nothing, and
those fonts have no glyph for them.
"""

from __future__ import annotations

import re
import unicodedata

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
# direction marks, embeddings, overrides and isolates
CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS_RE = re.compile(f"[{CONTROLS}]")
_ISOLATES_RE = re.compile(f"[{LRI}{RLI}{FSI}{PDI}]")
_LTR_VALUE = re.compile(
    r"(?:[+(]?[0-9][0-9 ()./\-]*"                   # phone-like: digits and dial punctuation
    r"|[a-z][a-z0-9+.\-]*://\S+|www\.\S+"         # URLs
    r"|[^\s@]+@[^\s@]+\.[^\s@]+)",               # e-mail addresses
    re.IGNORECASE)


def isolate(value: str) -> str:
    """``value`` wrapped in a bidi isolate, its own direction marks and controls removed."""
    text = _CONTROLS_RE.sub("", str(value))
    if not text:
        return text
    ltr = _LTR_VALUE.fullmatch(text.strip())
    if ltr and text.strip()[:1] in "+(0123456789":
        text = text.replace(" ", "\u00a0")     # a phone number is never broken across lines
    return (LRI if ltr else FSI) + text + PDI


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
