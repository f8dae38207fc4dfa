"""The paragraph classes `rtl.make_paragraph` hands out for left-to-right scripts.

ReportLab wraps a paragraph again each time someone asks for its size: a table measures
its cells and then places them, KeepTogether measures its content and then the frame lays
it out. More than half of the wraps of a leaflet are of the same paragraph at the same
width as the wrap before, and each breaks every line again (and, for Devanagari, used to
shape every word again). `WrapOnce` answers such a repeat from the previous wrap, which
left the paragraph in exactly that state; anything that changed the lines in between
(a split, a different width) breaks them again. Same bytes, less work
(tests/test_parallel_caches.py).

`ParsedOnce` does the same for the markup: ReportLab parses a paragraph's markup into
fragments each time one is made, and a worker makes the same paragraph in the same style
many times (the A4 and Letter leaflet, the quiz and its key, every version of a quiz).
Fragments parsed once per process (markup, style) are copied for each new paragraph.
"""

from __future__ import annotations

import threading

from reportlab.platypus import Paragraph

from generator.scripts.cjk import CJKParagraph

_lock = threading.Lock()
_parsed: dict = {}
MAX_PARSED = 20_000


class ParsedOnce:
    """Mixin for Paragraph classes: markup already parsed in this style is not parsed
    again; the paragraph gets its own copy of each fragment."""

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803
        if frags is not None or not isinstance(text, str) or \
                not (bulletText is None or isinstance(bulletText, str)):
            return super()._setup(text, style, bulletText, frags, cleaner)
        key = (type(self), text, id(style), bulletText, self.caseSensitive)
        hit = _parsed.get(key)
        if hit is None or hit[0] is not style:
            super()._setup(text, style, bulletText, None, cleaner)
            if not (self.bulletText is None or isinstance(self.bulletText, str)):
                return None           # a bullet in markup: its fragments are not shared
            hit = (style, self.text, self.style, self.bulletText,
                   tuple(frag.clone() for frag in self.frags))
            with _lock:
                if len(_parsed) >= MAX_PARSED:
                    _parsed.clear()
                _parsed[key] = hit    # the style is kept alive, so its id is not reused
            return None
        _style, self.text, self.style, self.bulletText, parsed = hit
        self.frags = [frag.clone() for frag in parsed]
        self.debug = 0
        return None


class WrapOnce:
    """Mixin for Paragraph classes: a wrap at the width of the previous one is free."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        memo = self.__dict__.get("_wrap_memo")
        if memo is not None and memo[0] == availWidth and memo[1] is not None \
                and self.__dict__.get("blPara") is memo[1]:
            self.width = availWidth
            return memo[2]
        result = super().wrap(availWidth, availHeight)
        self._wrap_memo = (availWidth, self.__dict__.get("blPara"), result)
        return result


class LeafletParagraph(ParsedOnce, WrapOnce, Paragraph):
    pass


class LeafletCJKParagraph(ParsedOnce, WrapOnce, CJKParagraph):
    pass
