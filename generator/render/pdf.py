"""Render one leaflet to PDF bytes: page template, furniture on every page, metadata.

Output is deterministic (ReportLab's invariant mode): the same input gives the same bytes,
so builds can be compared and cached by hash.
"""

from __future__ import annotations

import dataclasses
import io
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from generator.errors import LeafletError
from generator.layout.paper import PAPERS
from generator.layout.tagging import Tagger
from generator.render import objstm
from generator.scripts.rtl import draw_line

PT_PER_MM = 2.834645669   # the value the layout was tuned with (ReportLab's mm differs in the 10th digit)
FRAME_PADDING = 6         # ReportLab's Frame pads its content by 6 pt on every side


def text_width(paper: str, page: dict) -> float:
    """The paper's width less the style sheet's left and right margins, in points."""
    return PAPERS[paper].size[0] - (page["margin_left_mm"] + page["margin_right_mm"]) * PT_PER_MM
MIN_FURNITURE_SIZE = 6.0
# Private, for bench/run.py only (docs/performance.md, "What tagging costs"): False renders
# without the structure tree and marked content, to measure what tagging costs. Every
# command of the generator makes tagged PDFs; nothing else sets this.
_TAGGED = True
# zlib level of every compressed stream (page content, font subsets, ToUnicode maps, object
# streams). ReportLab uses zlib's default, 6; at 4 a leaflet is about 1 % larger and its
# streams compress in half the time (2 of the 27 ms of a warm English leaflet).
ZLIB_LEVEL = 4


# A font subset is the same bytes whenever the same face prints the same characters (the
# A4 and Letter edition of a document, some quizzes and keys): it is made and compressed
# once per process. The latest subsets are kept, up to SUBSET_BYTES_KEPT bytes (with their
# compressed copies): every subset of a full build is 13 MB, and a build may make the A4
# and Letter edition of a document far apart (the longest jobs of the last build first).
SUBSET_BYTES_KEPT = 16_000_000
_reportlab_make_subset = ttfonts.TTFontFile.makeSubset
_subsets: OrderedDict = OrderedDict()   # (face, codes) -> [subset bytes, compressed or None]
_subset_by_id: dict[int, list] = {}     # id(subset bytes) -> its entry, for _encode
_kept = [0]                             # bytes kept in _subsets


def _make_subset(face, subset) -> bytes:
    key = (face, tuple(subset))
    entry = _subsets.get(key)
    if entry is not None:
        _subsets.move_to_end(key)
        return entry[0]
    entry = [_reportlab_make_subset(face, subset), None]
    _subsets[key] = entry
    _subset_by_id[id(entry[0])] = entry
    _kept[0] += len(entry[0])
    while _kept[0] > SUBSET_BYTES_KEPT and len(_subsets) > 1:
        _, oldest = _subsets.popitem(last=False)
        del _subset_by_id[id(oldest[0])]
        _kept[0] -= len(oldest[0]) + len(oldest[1] or b"")
    return entry[0]


def _encode(text) -> bytes:
    entry = _subset_by_id.get(id(text))
    if entry is not None and entry[0] is text:      # a kept font subset
        if entry[1] is None:
            entry[1] = zlib.compress(text, ZLIB_LEVEL)
            _kept[0] += len(entry[1])
        return entry[1]
    return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, ZLIB_LEVEL)


def _install_compression() -> None:
    """ReportLab's one Flate filter object (fonts, maps and pages all use it) compresses at
    ZLIB_LEVEL; every PDF this process writes is the generator's own. Font subsets are
    made through the process's cache of them."""
    pdfdoc.PDFZCompress.encode = _encode
    ttfonts.TTFontFace.makeSubset = _make_subset


@dataclass(frozen=True)
class Furniture:
    """What is printed around the body on every page (all plain text, already localized)."""

    footer_left: list            # lines, e.g. title; version and review date
    page_label: object           # callable (page, pages) -> str
    band: list                   # draft notice lines; empty when reviewed
    fonts: object                # ScriptFonts
    colors: dict
    footer_size: float
    band_size: float = 9.5       # largest size of a band line (smaller if it would not fit)
    band_langs: tuple = ()       # the language (BCP 47) of each band line, for the structure
    wrap: bool = False           # break a footer or band line that does not fit into more
    #                              lines instead of setting it smaller (large print)
    # A line of footer_left or band is a str in `fonts`, or (text, ScriptFonts) for a line
    # in another script (the bilingual edition prints each language's line in its own fonts).


def _line(entry, furniture: Furniture) -> tuple[str, object]:
    return (entry, furniture.fonts) if isinstance(entry, str) else (entry[0], entry[1])


def band_line_height(furniture: Furniture) -> float:
    return max(12.0, round(furniture.band_size * 1.25, 1))


def band_height(furniture: Furniture) -> float:
    return (len(furniture.band) * band_line_height(furniture) + 8) if furniture.band else 0


def render_pdf(story: list, *, paper: str, margins: dict, furniture: Furniture,
               title: str, subject: str, lang: str, author: str) -> tuple[bytes, int]:
    """Lay out `story` and return (pdf bytes, page count)."""

    if paper not in PAPERS:
        raise LeafletError(f"unknown paper size '{paper}'", hint="use a4 or letter")
    _install_compression()
    buffer = io.BytesIO()
    bottom = margins["margin_bottom_mm"] * mm
    if furniture.wrap:
        furniture = _wrapped(furniture, PAPERS[paper].size[0] - (margins["margin_left_mm"]
                                                           + margins["margin_right_mm"]) * mm)
        # room for footer lines beyond the two the margin is made for
        bottom += max(0, len(furniture.footer_left) - 2) * (furniture.footer_size + 2)
    top = margins["margin_top_mm"] * mm + band_height(furniture)
    doc = SimpleDocTemplate(
        buffer, pagesize=PAPERS[paper].size, title=title, subject=subject, author=author,
        creator="leaflets", producer="leaflets (ReportLab)", lang=lang, invariant=1,
        # Start pages in our own font: the default references (unembedded) Helvetica.
        initialFontName=furniture.fonts.regular,
        topMargin=top, bottomMargin=bottom,
        leftMargin=margins["margin_left_mm"] * mm, rightMargin=margins["margin_right_mm"] * mm)
    canvas_class = _numbered_canvas(furniture, doc, Tagger(lang, title) if _TAGGED else None)
    doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue(), canvas_class.page_count


def _numbered_canvas(furniture: Furniture, doc, tagger: Tagger | None):
    """A canvas that holds pages back until the end, so each footer can say 'of Y'; it
    records the marked content of the page (generator.layout.tagging) and, at the end,
    writes the document's structure tree."""

    class NumberedCanvas(Canvas):
        page_count = 0

        def __init__(self, *args, **kwargs):
            self.tagger = tagger
            self._pages: list[dict] = []
            self._replaying = False
            super().__init__(*args, **kwargs)
            if tagger is not None:
                tagger.start_page(self, 0)     # the first page is begun by __init__

        def _startPage(self):
            super()._startPage()
            if not self._replaying and tagger is not None:
                tagger.start_page(self, len(self._pages))

        def showPage(self):
            if tagger is not None:
                tagger.end_page(self)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            type(self).page_count = total
            self._replaying = True
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                if tagger is not None:
                    tagger.page = number - 1
                _draw_furniture(self, doc, furniture, number, total)
                if tagger is not None:
                    tagger.bookmarks(self, number - 1)
                super().showPage()
            if tagger is not None:
                tagger.write(self)
                tagger.outline(self)
            self._doc.format = lambda: objstm.write(self._doc, ZLIB_LEVEL)  # object streams
            super().save()

    return NumberedCanvas


def _draw_furniture(canvas, doc, furniture: Furniture, page: int, pages: int) -> None:
    fonts, size = furniture.fonts, furniture.footer_size
    width, height = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    start, end = (right, left) if fonts.rtl else (left, right)
    align_start, align_end = ("right", "left") if fonts.rtl else ("left", "right")
    Tagger.furniture(canvas, "Footer")
    canvas.saveState()
    canvas.setStrokeColor(furniture.colors["rule"])
    canvas.setLineWidth(0.5)
    base = doc.bottomMargin - 7 * mm
    canvas.line(left, base + size + 4, right, base + size + 4)
    canvas.setFillColor(furniture.colors["muted"])
    label = draw_line(canvas, end, base, furniture.page_label(page, pages), fonts, size,
                      align=align_end, bold=True)
    for index, entry in enumerate(furniture.footer_left):
        text, line_fonts = _line(entry, furniture)
        room = right - left - (label + 12 if index == 0 else 0)
        draw_line(canvas, start, base - index * (size + 2), text, line_fonts,
                  _fitted_size(text, line_fonts, size, room), align=align_start)
    Tagger.close(canvas)
    if furniture.band:
        # The draft notice repeats on every page: a header artifact, except on the first
        # page, where its lines are the first paragraphs of the document's structure (a
        # screen reader says once that the leaflet is a draft).
        Tagger.furniture(canvas, "Header")
        _draw_band(canvas, doc, furniture, notice=page == 1)
        Tagger.close(canvas)
    canvas.restoreState()


def _draw_band(canvas, doc, furniture: Furniture, notice: bool = False) -> None:
    width, height = doc.pagesize
    band_h = band_height(furniture)
    y0 = height - 8 * mm - band_h  # the band sits in the top margin, above the body frame
    canvas.setFillColor(furniture.colors["band_bg"])
    canvas.rect(doc.leftMargin, y0, width - doc.leftMargin - doc.rightMargin, band_h,
                stroke=0, fill=1)
    canvas.setFillColor(furniture.colors["band_text"])
    center = width / 2
    room = width - doc.leftMargin - doc.rightMargin - 8
    step = band_line_height(furniture)
    for index, entry in enumerate(furniture.band):
        text, line_fonts = _line(entry, furniture)
        size = _fitted_size(text, line_fonts, furniture.band_size, room, bold=True)
        tagger = getattr(canvas, "tagger", None)
        if notice and tagger is not None:
            langs = furniture.band_langs
            tagger.notice(canvas, langs[index] if index < len(langs) else None)
        draw_line(canvas, center, y0 + band_h - step - index * step, text, line_fonts, size,
                  align="center", bold=True)
        if notice and tagger is not None:
            tagger.end_notice(canvas)


def _fitted_size(text: str, fonts, size: float, room: float, bold: bool = False) -> float:
    """`size`, or smaller so that one line of `text` fits `room` points: a long translation
    of a footer or notice is set smaller rather than run into the margin or off the page."""
    natural = _natural_width(text, fonts, size, bold)
    if natural <= room or natural <= 0:
        return size
    # Never below a readable minimum, even if the room is tiny or negative.
    return max(MIN_FURNITURE_SIZE, size * max(room, 0) / natural)


def _wrapped(furniture: Furniture, width: float) -> Furniture:
    """Furniture whose footer and band lines each fit their room at full size: a line too
    long is broken between words (a line without spaces is still set smaller)."""

    label = max(_natural_width(furniture.page_label(n, n), furniture.fonts,
                               furniture.footer_size, True) for n in (8, 88, 888))
    footer = []
    for index, entry in enumerate(furniture.footer_left):
        text, fonts = _line(entry, furniture)
        room = width - (label + 12 if index == 0 else 0)
        footer += [(part, fonts) for part in _break(text, fonts, furniture.footer_size, room)]
    band, langs = [], []
    for index, entry in enumerate(furniture.band):
        text, fonts = _line(entry, furniture)
        parts = _break(text, fonts, furniture.band_size, width - 8, bold=True)
        band += [(part, fonts) for part in parts]
        if index < len(furniture.band_langs):
            langs += [furniture.band_langs[index]] * len(parts)
    return dataclasses.replace(furniture, footer_left=footer, band=band, band_langs=tuple(langs))


def _break(text: str, fonts, size: float, room: float, bold: bool = False) -> list[str]:
    words, lines, current = text.split(" "), [], ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and _natural_width(candidate, fonts, size, bold) > room:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + [current]


@lru_cache(maxsize=4096)
def _natural_width(text: str, fonts, size: float, bold: bool) -> float:
    """The width of one line of `text` as draw_line sets it (measured once per process:
    every page of every document has the same footer lines)."""

    return draw_line(Canvas(io.BytesIO()), 0, 0, text, fonts, size, bold=bold)
