"""The paragraph classes `rtl.make_paragraph` hands out for left-to-right scripts.

ReportLab wraps a paragraph again each time someone asks for its size: a table measures
its cells and then places them, KeepTogether measures its content and then the frame lays
it out. More than half of the wraps of a leaflet are of the same paragraph at the same
width as the wrap before, and each breaks every line again (and, for Devanagari, used to
shape every word again). `WrapOnce` answers such a repeat from the previous wrap, which
left the paragraph in exactly that state; anything that changed the lines in between
(a split, a different width) breaks them again. Same bytes, less work
(tests/test_parallel_caches.py).
"""

from __future__ import annotations

from reportlab.platypus import Paragraph

from generator.scripts.cjk import CJKParagraph


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


class LeafletParagraph(WrapOnce, Paragraph):
    pass


class LeafletCJKParagraph(WrapOnce, CJKParagraph):
    pass
