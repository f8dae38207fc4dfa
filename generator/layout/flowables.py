"""Drawn elements that are not text: the 100-person icon array and ruled writing lines."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import Flowable


class IconArray(Flowable):
    """A 10 x 10 grid of person icons with `filled` of them coloured in.

    The same denominator (100) everywhere lets readers compare figures at a glance. Icons
    fill in reading order: from the left, or from the right for right-to-left locales.
    Filled and empty colours differ in lightness, so the figure survives greyscale printing.
    """

    PER_ROW = 10
    TOTAL = 100

    def __init__(self, filled: int, *, icon: float, gap: float, filled_color, empty_color,
                 rtl: bool = False):
        super().__init__()
        self.filled = max(0, min(self.TOTAL, filled))
        self.icon, self.gap = icon, gap
        self.filled_color, self.empty_color = filled_color, empty_color
        self.rtl = rtl
        side = self.PER_ROW * icon + (self.PER_ROW - 1) * gap
        self.width = self.height = side

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        for index in range(self.TOTAL):
            row, col = divmod(index, self.PER_ROW)
            if self.rtl:
                col = self.PER_ROW - 1 - col
            x = col * (self.icon + self.gap)
            y = self.height - (row + 1) * self.icon - row * self.gap
            color = self.filled_color if index < self.filled else self.empty_color
            _person(canvas, x, y, self.icon, color)


def _person(canvas, x: float, y: float, size: float, color) -> None:
    """A simple person: round head above rounded shoulders.

    Drawn as canvas.circle and canvas.roundRect draw them (the same operators, so the
    same bytes), with the path operators of each position worked out once per process:
    a leaflet draws hundreds of these, always at the same few positions."""
    canvas.setFillColor(color)
    head, body = _person_paths(x, y, size)
    canvas._code.extend(head)  # noqa: SLF001 - what canvas.circle does
    canvas._strokeAndFill(0, 1)  # noqa: SLF001
    canvas._code.extend(body)  # noqa: SLF001 - what canvas.roundRect does
    canvas._strokeAndFill(0, 1)  # noqa: SLF001


@lru_cache(maxsize=4096)
def _person_paths(x: float, y: float, size: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The path operators of a person's head (circle) and body (rounded rectangle)."""

    head_r = size * 0.2
    cx, cy = x + size / 2, y + size - head_r - size * 0.04
    x1, x2, y1, y2 = cx - head_r, cx + head_r, cy - head_r, cy + head_r   # as canvas.circle
    head: list[str] = []
    PDFPathObject(code=head).ellipse(x1, y1, x2 - x1, y2 - y1)
    body_w, body_h = size * 0.74, size * 0.5
    body: list[str] = []
    PDFPathObject(code=body).roundRect(x + (size - body_w) / 2, y, body_w, body_h, size * 0.2)
    return tuple(head), tuple(body)


class RuledLines(Flowable):
    """Lines to write on, so a reader can note answers to their questions."""

    def __init__(self, count: int, gap: float = 8.5 * mm, color=None):
        super().__init__()
        self.count, self.gap, self.color = count, gap, color

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = self.count * self.gap
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        if self.color is not None:
            canvas.setStrokeColor(self.color)
        canvas.setLineWidth(0.6)
        for index in range(self.count):
            y = self.height - (index + 1) * self.gap + 1
            canvas.line(0, y, self.width, y)
