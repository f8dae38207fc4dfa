"""The grid the quiz and answer key are laid out in (generator.layout.cellgrid) prints what
ReportLab's Table prints from the same rows and style: the same page, operator for
operator, so a quiz looks as it did when it was made of tables."""

from __future__ import annotations

import io

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from generator.layout.cellgrid import CellGrid
from generator.quiz.pdf import TickBox


def _rows(nested):
    body = getSampleStyleSheet()["BodyText"]
    words = ("A long answer that wraps over more than one line of its narrow column, "
             "so the row is as tall as this cell")

    def para(text):
        return Paragraph(text, body)

    inner = nested([[TickBox(12, 12, colors.black), para("<b>A</b>"), para(words)],
                    ["", para("B"), para("short")]],
                   [20, 20, 200],
                   [("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])
    return [[para("<b>1.</b>"), [para(words), Spacer(1, 4), inner]],
            [para("Why"), [para("because"), para(words)]]]


COMMANDS = [("FONT", (0, 0), (-1, -1), "Helvetica", 11),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 6),
            ("TOPPADDING", (0, 0), (-1, 0), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("VALIGN", (0, 1), (0, 1), "BOTTOM"),
            ("ALIGN", (1, 1), (1, 1), "RIGHT"), ("ALIGN", (0, 0), (0, 0), "CENTER"),
            ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
            ("BACKGROUND", (0, 1), (-1, 1), colors.lightyellow),
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.grey),
            ("LINEBEFORE", (1, 0), (1, -1), 0.5, colors.blue),
            ("LINEAFTER", (0, 1), (0, 1), 1, colors.red),
            ("BOX", (0, 0), (-1, -1), 1.2, colors.black)]


def _table(rows, widths, commands):
    return Table(rows, colWidths=widths, style=TableStyle(
        [("FONT", (0, 0), (-1, -1), "Helvetica", 11)] + commands))


def _grid(rows, widths, commands):
    return CellGrid(rows, widths, [("FONT", (0, 0), (-1, -1), "Helvetica", 11)] + commands)


def _pdf(make) -> bytes:
    out = io.BytesIO()
    story = []
    for _ in range(12):         # three pages; each grid and table here fits whole on one
        story += [make(_rows(make), [40, 300], COMMANDS), Spacer(1, 10)]
    SimpleDocTemplate(out, invariant=1).build(story)
    return out.getvalue()


def test_a_grid_prints_what_a_table_of_the_same_rows_prints():
    assert _pdf(_grid) == _pdf(_table)


def test_a_grid_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError, match="SPAN"):
        CellGrid([["a", "b"]], [10, 10], [("SPAN", (0, 0), (1, 0))])
    with pytest.raises(ValueError, match="cell per column"):
        CellGrid([["a"]], [10, 10], [])


def _boxes(make) -> tuple[bytes, int]:
    """A leaflet's one-row boxes where a page has less room left than they need, on their
    own and in a row that breaks across pages (the bilingual edition's): the PDF and its
    page count."""
    body = getSampleStyleSheet()["BodyText"]
    words = " ".join(["words"] * 150)
    box = [("BACKGROUND", (0, 0), (-1, -1), colors.lightyellow),
           ("BOX", (0, 0), (-1, -1), 0.8, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    story = []
    for room in (600, 680, 450):
        story += [Spacer(1, room), make([[[Paragraph(words, body)], Paragraph("note", body)]],
                                        [300, 100], box)]
    column = [make([[Paragraph(words, body)]], [200], box) for _ in range(6)]
    story.append(Table([[column, "", list(column)]], colWidths=[200, 20, 200], splitInRow=1))
    out = io.BytesIO()
    document = SimpleDocTemplate(out, invariant=1)
    document.build(story)
    return out.getvalue(), document.page


def test_a_one_row_grid_breaks_pages_where_a_one_row_table_does():
    grid, pages = _boxes(_grid)
    assert (grid, pages) == _boxes(_table)
    assert pages >= 5          # boxes moved whole to the next page, and the long row split


def test_a_grid_taller_than_a_page_fails_as_a_table_does():
    body = getSampleStyleSheet()["BodyText"]
    for make in (_grid, _table):
        tall = make([[[Paragraph(" ".join(["words"] * 3000), body)]]], [300], [])
        with pytest.raises(LayoutError, match="too large"):
            SimpleDocTemplate(io.BytesIO()).build([tall])
