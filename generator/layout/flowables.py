"""Drawn elements that are not text: the 100-person icon array and ruled writing lines."""

from __future__ import annotations

from reportlab.lib.units import mm
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
    """A simple person: round head above rounded shoulders."""
    canvas.setFillColor(color)
    head = size * 0.2
    canvas.circle(x + size / 2, y + size - head - size * 0.04, head, stroke=0, fill=1)
    body_w, body_h = size * 0.74, size * 0.5
    canvas.roundRect(x + (size - body_w) / 2, y, body_w, body_h, size * 0.2, stroke=0, fill=1)


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
