"""A grid of cells at fixed column widths: what the quiz and answer key are laid out in,
and a leaflet's boxes and one-row tables (none of them is ever split across pages).

ReportLab's Table measures every cell again at each wrap (a KeepTogether, the frame, then
the drawing itself), and a table nested in a cell is measured again by each of those
measurements of its parent; it also builds a style object per cell. The quiz and key are
tables in tables of paragraphs, so each paragraph was measured several times. A
CellGrid measures each cell once (its column widths are fixed, so its size never depends on
the space offered) and draws the measured flowables directly.

It understands the part of ReportLab's TableStyle language the quiz and leaflets use,
with the same meaning and the same drawing (the same PDF operators, in the same order, as
Table): FONT for the whole grid, LEFTPADDING, RIGHTPADDING, TOPPADDING, BOTTOMPADDING, ALIGN (LEFT,
RIGHT, CENTER), VALIGN (TOP, MIDDLE, BOTTOM), BACKGROUND, and the rules LINEABOVE,
LINEBELOW, LINEBEFORE, LINEAFTER and BOX. A cell holds a flowable, a list of flowables or
"" (an empty cell one line high). A grid is never split: what it holds stays on one page
(moved whole to the next, or a LayoutError when taller than a page), as a one-row Table.
Tagged cell contents draw their own marked content, as in a Table
(generator.layout.tagging finds them through `_cellvalues`, the attribute name Table
uses); rules and backgrounds are artifacts.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

_PADDING = {"LEFTPADDING": 0, "RIGHTPADDING": 1, "TOPPADDING": 2, "BOTTOMPADDING": 3}
_LINES = ("LINEABOVE", "LINEBELOW", "LINEBEFORE", "LINEAFTER", "BOX")


class CellGrid(Flowable):
    """`rows` of cells, `widths` of the columns, `commands` as in a TableStyle (above)."""

    def __init__(self, rows: list[list], widths: list[float], commands: list[tuple]):
        super().__init__()
        self.hAlign = "CENTER"                 # as a Table, placed in its frame
        self._cellvalues = [[_flat(cell) for cell in row] for row in rows]
        self.widths = list(widths)
        columns = len(self.widths)
        if any(len(row) != columns for row in self._cellvalues):
            raise ValueError("every row of a grid needs a cell per column")
        count = len(rows) * columns
        self._whole = (0, 0, columns - 1, len(rows) - 1)
        # per cell, in row order: the paddings (left, right, top, bottom: a list each),
        # ALIGN and VALIGN; the defaults are ReportLab's CellStyle's
        self._padding = [[side] * count for side in (6, 6, 3, 3)]
        self._align = ["LEFT"] * count
        self._valign = ["BOTTOM"] * count
        self._font = ("Helvetica", 10, 12)
        self._backgrounds: list[tuple] = []
        self._lines: list[tuple] = []
        for command in commands:
            self._command(command)
        self.width = sum(self.widths)
        self.height = 0.0
        self._measured = None

    # -- the style ------------------------------------------------------------------------
    def _range(self, start, end) -> tuple[int, int, int, int]:
        """The first and last column and row from `start` to `end` ((column, row), negative
        from the end, as in a TableStyle), within the grid."""
        c0, r0, c1, r1 = self._unclamped(start, end)
        columns, rows = len(self.widths), len(self._cellvalues)
        return max(0, c0), max(0, r0), min(columns - 1, c1), min(rows - 1, r1)

    def _command(self, command: tuple) -> None:
        name, start, end, *values = command
        if name in _PADDING:
            self._set(self._padding[_PADDING[name]], start, end, values[0])
        elif name == "ALIGN":
            if values[0] not in ("LEFT", "RIGHT", "CENTER", "CENTRE"):
                raise ValueError(f"a grid cell is aligned LEFT, RIGHT or CENTER, not {values[0]}")
            self._set(self._align, start, end, values[0])
        elif name == "VALIGN":
            if values[0] not in ("TOP", "MIDDLE", "BOTTOM"):
                raise ValueError(f"a grid cell is aligned TOP, MIDDLE or BOTTOM, not {values[0]}")
            self._set(self._valign, start, end, values[0])
        elif name == "FONT":
            if self._range(start, end) != self._whole:
                raise ValueError("a grid has one FONT, for all its cells")
            font, size = values[0], values[1]
            self._font = (font, size, values[2] if len(values) > 2 else size * 1.2)
        elif name == "BACKGROUND":
            self._backgrounds.append((start, end, values[0]))
        elif name in _LINES:
            self._lines.append((name, start, end, values[0], values[1]))
        else:
            raise ValueError(f"a grid does not know the style command {name}")

    def _set(self, values: list, start, end, value) -> None:
        """`value` for the cells from `start` to `end` in a per-cell list (row order)."""
        c0, r0, c1, r1 = self._range(start, end)
        if (c0, r0, c1, r1) == self._whole:
            values[:] = [value] * len(values)
            return
        columns = len(self.widths)
        for row in range(r0, r1 + 1):
            values[row * columns + c0:row * columns + c1 + 1] = [value] * (c1 - c0 + 1)

    # -- measuring --------------------------------------------------------------------------
    def wrap(self, avail_width, avail_height):
        if self._measured is None:
            self._measure()
        return self.width, self.height

    def _measure(self) -> None:
        """Each cell's flowables wrapped once at its column's width (less its padding);
        row heights and positions as Table computes them."""
        canvas = getattr(self, "canv", None)
        columns, pad = len(self.widths), self._padding
        sizes, content, heights = [], [], []
        index = 0
        for row in self._cellvalues:
            tallest = 0
            for column, cell in enumerate(row):
                left, right, top, bottom = (pad[0][index], pad[1][index], pad[2][index],
                                            pad[3][index])
                index += 1
                if isinstance(cell, str):
                    sizes.append(None)
                    content.append(None)
                    height = self._font[2] * len(cell.split("\n"))
                else:
                    width = self.widths[column] - left - right
                    measured = [flowable.wrapOn(canvas, width, 72000 - top - bottom)
                                for flowable in cell]
                    sizes.append(measured)
                    height = 0
                    for flowable, (_w, h) in zip(cell, measured):
                        height += h + flowable.getSpaceAfter() + flowable.getSpaceBefore()
                    if cell:         # in Table's order of operations: the same sums
                        height = height - cell[0].getSpaceBefore() - cell[-1].getSpaceAfter()
                    content.append(height)
                height += top + bottom
                tallest = max(tallest, height)
            heights.append(tallest)
        # the rows' positions from the bottom, summed as Table sums them (compensated)
        positions, total, carry = [], 0.0, 0.0
        for height in reversed(heights):
            positions.append(total)
            step = height - carry
            new = total + step
            carry = (new - total) - step
            total = new
        positions.append(total)
        positions.reverse()
        self.height = total
        self._heights, self._positions = heights, positions
        self._sizes, self._content = sizes, content
        self._columns = [sum(self.widths[:c]) for c in range(columns + 1)]
        self._measured = True

    def split(self, avail_width, avail_height):
        return []

    # -- drawing ------------------------------------------------------------------------------
    def draw(self):
        if self._measured is None:
            self._measure()
        canvas = self.canv
        canvas.saveState()
        columns, positions = self._columns, self._positions
        for start, end, color in self._backgrounds:
            c0, r0, c1, r1 = self._unclamped(start, end)
            x0, y0 = columns[c0], positions[r0]
            x1 = columns[min(c1 + 1, len(self.widths))]
            y1 = positions[min(r1 + 1, len(self._cellvalues))]
            canvas.setFillColor(color)
            canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
        font, size, leading = self._font
        canvas.setFillColor("black")              # what Table sets before its first cell
        canvas.setFont(font, size, leading)
        index = 0
        for row, bottom_y, row_height in zip(self._cellvalues, positions[1:], self._heights):
            for column, cell in enumerate(row):
                self._draw_cell(index, cell, columns[column], bottom_y,
                                self.widths[column], row_height)
                index += 1
        self._draw_lines()
        canvas.restoreState()

    def _unclamped(self, start, end) -> tuple[int, int, int, int]:
        columns, rows = len(self.widths), len(self._cellvalues)
        (c0, r0), (c1, r1) = start, end
        if c0 < 0:
            c0 += columns
        if c1 < 0:
            c1 += columns
        if r0 < 0:
            r0 += rows
        if r1 < 0:
            r1 += rows
        return c0, r0, c1, r1

    def _draw_cell(self, index: int, cell, x: float, y: float, width: float,
                   height: float) -> None:
        canvas, pad = self.canv, self._padding
        left, right, top, bottom = (pad[0][index], pad[1][index], pad[2][index],
                                    pad[3][index])
        align, valign = self._align[index], self._valign[index]
        if isinstance(cell, str):       # an empty cell: Table draws its text all the same
            leading, size = self._font[2], self._font[1]
            lines = cell.split("\n")
            if valign == "BOTTOM":
                text_y = y + bottom + len(lines) * leading - size
            elif valign == "TOP":
                text_y = y + height - top - size
            else:
                text_y = y + (bottom + height - top + len(lines) * leading) / 2.0 - size
            if align == "LEFT":
                draw, text_x = canvas.drawString, x + left
            elif align == "RIGHT":
                draw, text_x = canvas.drawRightString, x + width - right
            else:
                draw, text_x = canvas.drawCentredString, x + (width + left - right) * 0.5
            for line in lines:
                draw(text_x, text_y, line)
                text_y -= leading
            return
        sizes, content = self._sizes[index], self._content[index]
        if valign == "TOP":
            top_y = y + height - top
        elif valign == "BOTTOM":
            top_y = y + bottom + content
        else:
            top_y = y + (height + bottom - top + content) / 2.0
        if cell:
            top_y += cell[0].getSpaceBefore()
        for flowable, (w, h) in zip(cell, sizes):
            if align == "LEFT":
                left_x = x + left
            elif align == "RIGHT":
                left_x = x + width - right - w
            else:
                left_x = x + (width + left - right - w) / 2.0
            top_y -= flowable.getSpaceBefore()
            top_y -= h
            flowable.drawOn(canvas, left_x, top_y)
            top_y -= flowable.getSpaceAfter()

    def _draw_lines(self) -> None:
        """The rules, as Table draws them: line cap and join set once, then each rule with
        its colour and width when they change."""
        canvas = self.canv
        canvas.saveState()
        if self._lines:
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
        current_color = current_weight = None
        columns, positions = self._columns, self._positions
        for name, start, end, weight, color in self._lines:
            c0, r0, c1, r1 = self._range(start, end)
            if name == "BOX":
                segments = [("H", c0, c1, r0), ("H", c0, c1, r1 + 1),
                            ("V", r0, r1, c0), ("V", r0, r1, c1 + 1)]
            elif name == "LINEABOVE":
                segments = [("H", c0, c1, r) for r in range(r0, r1 + 1)]
            elif name == "LINEBELOW":
                segments = [("H", c0, c1, r + 1) for r in range(r0, r1 + 1)]
            elif name == "LINEBEFORE":
                segments = [("V", r0, r1, c) for c in range(c0, c1 + 1)]
            else:                                                   # LINEAFTER
                segments = [("V", r0, r1, c + 1) for c in range(c0, c1 + 1)]
            if color and color != current_color:
                canvas.setStrokeColor(color)
                current_color = color
            if weight and weight != current_weight:
                canvas.setLineWidth(weight)
                current_weight = weight
            for direction, first, last, at in segments:
                if direction == "H":
                    canvas.line(columns[first], positions[at], columns[last + 1], positions[at])
                else:
                    canvas.line(columns[at], positions[last + 1], columns[at], positions[first])
        canvas.restoreState()


def _flat(cell) -> list | str:
    """A cell as a flat list of flowables, or its text ("" for an empty cell)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Flowable):
        return [cell]
    out = []
    for item in cell:
        if isinstance(item, (list, tuple)):
            out += _flat(item)
        else:
            out.append(item)
    return out
