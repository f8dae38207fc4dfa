"""Right-to-left paragraphs, the script-aware Paragraph factory, and single-line drawing.

Why a Flowable of our own: ReportLab reorders RTL text only through ``rlbidi`` (not on
PyPI); without it, a shaped Arabic Paragraph comes out with joined letters but words
in left-to-right order.  ``RTLParagraph`` therefore breaks lines itself, in LOGICAL
order (so a line holds the words a reader reads consecutively), then reorders and
shapes each line (``lines.visual_runs``) and draws it flush right.

Conventions for RTL paragraphs:
* indents are physical, as in ReportLab's own RTL mode: ``rightIndent`` is the start
  (right-hand) indent, ``leftIndent`` the end one; ``firstLineIndent`` indents the
  first line from the right and ``bulletIndent`` is measured from the right edge;
* TA_JUSTIFY stretches the spaces of every line but the last (and lines ended by
  <br/>); TA_CENTER centres; TA_LEFT/TA_RIGHT both mean start-aligned (flush right);
* inline markup is the sanitised subset: <b>, <i>, <br/>, entities.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from generator.scripts import inline, lines
from generator.scripts.bidi import PDI, for_display, has_rtl, strip_isolates
from generator.scripts.paragraphs import LeafletCJKParagraph, LeafletParagraph

_BREAK = None          # a forced line break (<br/>) in the word list


class _Line(NamedTuple):
    words: list          # [(text, font), ...] per word
    width: float
    forced: bool         # ended by <br/>


class RTLParagraph(Flowable):
    """A right-to-left Paragraph: wraps, splits across frames/pages, bullet on the right.

    ``ShapedParagraph`` below is the same layout for left-to-right scripts that HarfBuzz
    shapes (Devanagari, Bengali): every shaped run is then drawn by ``lines.draw_runs``,
    which gives it its logical text in the PDF's text layer (ActualText).
    """

    rtl = True

    def __init__(self, text: str, style, bulletText: str | None = None, *,
                 _words: list | None = None, _continued: bool = False):
        super().__init__()
        self.text = text
        self.style = style
        self.bulletText = bulletText
        self._continued = _continued        # 2nd+ part of a split: no bullet, no indent
        self._words = _words if _words is not None else self._parse(text)
        self._lines: list[_Line] = []
        self._wrapped_for = None
        self.width = self.height = 0

    # -------------------------------------------------------- text -> words

    def _parse(self, text: str) -> tuple:
        """Markup -> words, each a tuple of (text, font) segments; _BREAK for <br/>."""
        return _parsed_words(text, self.style.fontName)

    def getPlainText(self) -> str:  # noqa: N802 - platypus API name
        return inline.plain_text(self.text)

    # -------------------------------------------------------- line breaking

    def _word_width(self, word) -> float:
        # shaped as it will be drawn: Arabic shaped left-to-right gets wrong joining forms
        # and a different width
        return _word_width(tuple(word), float(self.style.fontSize), self.rtl)

    def _space_width(self, word) -> float:
        return _space_width(word[-1][1], self.style.fontSize)

    def _first_indent(self) -> float:
        """Start indent of line 1: firstLineIndent, pushed further if the bullet needs room."""
        st = self.style
        if self._continued:
            return 0.0
        indent = st.firstLineIndent
        if self.bulletText:

            size = st.bulletFontSize or st.fontSize
            bullet = inline.plain_text(self.bulletText)
            need = (st.bulletIndent + 0.6 * size
                    + stringWidth(bullet, _ttf_or(st.bulletFontName, st.fontName), size))
            start = st.rightIndent if self.rtl else st.leftIndent
            indent = max(indent, need - start)  # same rule as ReportLab's RTL bullets
        return indent

    def _break(self, avail_width: float) -> list[_Line]:
        st = self.style
        first_indent = self._first_indent()
        body = avail_width - st.leftIndent - st.rightIndent
        out: list[_Line] = []
        cur: list = []
        width = 0.0
        for word in self._words:
            if word is _BREAK:
                out.append(_Line(cur, width, True))
                cur, width = [], 0.0
                continue
            limit = body - (first_indent if not out else 0)
            w = self._word_width(word)
            if not cur:
                cur, width = [word], w
            elif width + self._space_width(cur[-1]) + w <= limit + 1e-6:
                width += self._space_width(cur[-1]) + w
                cur.append(word)
            else:
                out.append(_Line(cur, width, False))
                cur, width = [word], w
        if cur or not out:
            out.append(_Line(cur, width, False))
        return out

    # -------------------------------------------------------- platypus protocol

    def wrap(self, availWidth, availHeight):  # noqa: N803 - platypus API names
        if self._wrapped_for != availWidth:
            self._lines = self._break(availWidth)
            self._wrapped_for = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        self.wrap(availWidth, availHeight)
        n_lines = len(self._lines)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= n_lines:
            return [self]
        if fit < 1 or (fit == 1 and not getattr(self.style, "allowOrphans", 0)):
            return []
        if n_lines - fit == 1 and not getattr(self.style, "allowWidows", 1):
            fit -= 1
            if fit < 1:
                return []
        return [self._part(self._lines[:fit], continued=self._continued, keep_bullet=True),
                self._part(self._lines[fit:], continued=True, keep_bullet=False)]

    def _part(self, part_lines: list[_Line], continued: bool, keep_bullet: bool):
        words: list = []
        for i, ln in enumerate(part_lines):
            words.extend(ln.words)
            if ln.forced and i < len(part_lines) - 1:
                words.append(_BREAK)
        return type(self)(self.text, self.style,
                            self.bulletText if keep_bullet else None,
                            _words=words, _continued=continued)

    def getSpaceBefore(self):  # noqa: N802
        return 0 if self._continued else self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802
        return self.style.spaceAfter

    def draw(self):
        st = self.style
        canv = self.canv
        canv.saveState()
        canv.setFillColor(st.textColor)
        y = self.height - st.fontSize
        start_indent, end_indent = ((st.rightIndent, st.leftIndent) if self.rtl
                                    else (st.leftIndent, st.rightIndent))
        carry = ""          # isolate initiators still open at the end of the line before
        for i, ln in enumerate(self._lines):
            segments = _segments(ln.words)
            if carry and segments:
                segments[0] = (carry + segments[0][0], segments[0][1])
            carry = _open_isolates("".join(t for t, _f in segments))
            runs = lines.visual_runs(segments, st.fontSize, base_rtl=self.rtl)
            w = lines.runs_width(runs)
            start = start_indent + (self._first_indent() if i == 0 else 0)
            avail = self.width - start - end_indent
            spaces = sum(t.count(" ") for t, _f in segments)
            gap = 0.0
            if st.alignment == TA_CENTER:
                offset = (avail - w) / 2
            elif (st.alignment == TA_JUSTIFY and i < len(self._lines) - 1 and not ln.forced
                  and len(ln.words) > 1 and spaces):
                gap = max(0.0, avail - w) / spaces
                offset = 0.0
            elif self.rtl or st.alignment != TA_RIGHT:
                offset = 0.0            # start-aligned
            else:
                offset = avail - w      # a left-to-right paragraph set flush right
            if self.rtl:
                x = self.width - start - offset - w - gap * spaces
            else:
                x = start + offset
            lines.draw_runs(canv, x, y, runs, word_space=gap)
            y -= st.leading
        if self.bulletText and not self._continued:
            self._draw_bullet(canv)
        canv.restoreState()

    def _draw_bullet(self, canv) -> None:
        st = self.style
        font = _ttf_or(st.bulletFontName, st.fontName)
        size = st.bulletFontSize or st.fontSize
        text = unicodedata.normalize("NFC", inline.plain_text(self.bulletText))
        runs = lines.visual_runs([(text, font)], size, base_rtl=self.rtl)
        canv.setFillColor(getattr(st, "bulletColor", None) or st.textColor)
        width = lines.runs_width(runs)
        x = self.width - st.bulletIndent - width if self.rtl else st.bulletIndent
        lines.draw_runs(canv, x, self.height - st.fontSize, runs)
        if self.rtl and lines.needs_label_space(text):
            lines.draw_label_space(canv, x, self.height - st.fontSize, font, size)

    def __repr__(self):
        return f"{type(self).__name__}({self.text[:40]!r}...)"


class ShapedParagraph(RTLParagraph):
    """A left-to-right paragraph laid out and drawn like ``RTLParagraph`` (see there)."""

    rtl = False


@lru_cache(maxsize=16384)
def _word_width(word: tuple, size: float, rtl: bool = True) -> float:
    return lines.runs_width(lines.visual_runs(word, size, base_rtl=rtl, keep=False))


@lru_cache(maxsize=256, typed=True)
def _space_width(font: str, size: float) -> float:
    """A space's width, asked for every word at every wrap."""
    return stringWidth(" ", font, size)


def _open_isolates(text: str) -> str:
    """The isolate initiators of ``text`` that its end leaves open, outermost first."""

    stack: list[str] = []
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            stack.append(ch)
        elif ch == PDI and stack:
            stack.pop()
    return "".join(stack)


def _segments(words: list) -> list[tuple[str, str]]:
    """Words of a line -> logical (text, font) segments joined by single spaces."""
    segs: list[tuple[str, str]] = []
    for k, word in enumerate(words):
        if k:
            segs.append((" ", segs[-1][1]))   # the space takes the previous word's font
        segs.extend(word)
    merged: list[tuple[str, str]] = []
    for text, font in segs:
        if merged and merged[-1][1] == font:
            merged[-1] = (merged[-1][0] + text, font)
        else:
            merged.append((text, font))
    return merged


def _ttf_or(name: str, fallback: str) -> str:
    """``name`` if it is a registered TrueType font, else ``fallback`` (never a Type 1 font:
    ParagraphStyle's default bullet font is Helvetica, which must not reach the PDF)."""

    try:
        font = pdfmetrics.getFont(name)
    except Exception:
        return fallback
    return name if getattr(font, "_dynamicFont", False) else fallback


# ------------------------------------------------------------------ factory & helpers

def make_paragraph(text: str, style, fonts, bulletText: str | None = None):  # noqa: N803
    """A flowable for ``text`` in ``fonts``' script: RTLParagraph, ShapedParagraph (other
    scripts shaped with HarfBuzz), CJKParagraph or Paragraph.

    The style is copied with the script's font (keeping bold/italic of the given
    fontName), a TrueType bullet font, HarfBuzz shaping only where the script needs it
    (it is slow), and CJK wrapping for Chinese/Japanese.
    """

    st = _bullet_room(script_style(style, fonts), bulletText, fonts.rtl)
    if fonts.rtl:
        return RTLParagraph(text, st, bulletText)
    if fonts.shaping:
        return ShapedParagraph(text, st, bulletText)
    # no bidi step below: without right-to-left letters the isolates change nothing
    text = unicodedata.normalize("NFC", for_display(text))
    if fonts.cjk_wrap:
        return LeafletCJKParagraph(text, st, bulletText)
    return LeafletParagraph(text, st, bulletText)


def _bullet_room(style, bullet: str | None, rtl: bool):
    """``style`` with a start indent that leaves room for ``bullet``, so that wrapped
    lines line up with the first line's text.

    ReportLab (and RTLParagraph, by the same rule) pushes the first line along when the
    bullet, plus a gap of 0.6 x its size, reaches past the start indent, but leaves the
    other lines where they were: the full-width bullet of Korean fonts put wrapped lines
    7.5 pt to the left of the first one. Here the whole paragraph is indented instead.
    """
    if not bullet:
        return style

    size = style.bulletFontSize or style.fontSize
    font = _ttf_or(style.bulletFontName, style.fontName)
    need = (style.bulletIndent + stringWidth(inline.plain_text(bullet), font, size)
            + 0.6 * size - style.firstLineIndent)
    start = style.rightIndent if rtl else style.leftIndent
    if need <= start + 1e-6:
        return style
    need = round(need, 2)
    indents = {"rightIndent": need} if rtl else {"leftIndent": need}
    return _indented(style, tuple(indents.items()))


@lru_cache(maxsize=256)
def _indented(style, indents: tuple):
    return ParagraphStyle(f"{style.name}-bullet", parent=style, **dict(indents))


def script_style(style, fonts):
    """``style`` adapted to a script. Styles from the style sheets (layout.styles) are made
    for their script already and come back unchanged; any other style is copied."""

    if _fits_script(style, fonts):
        return style
    try:
        _family, bold, italic = ps2tt(style.fontName)
    except ValueError:
        bold = italic = 0
    if style.fontName in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic):
        font = style.fontName
    else:
        font = fonts.face(bool(bold), bool(italic))
    st = ParagraphStyle(f"{style.name}-{fonts.script}", parent=style, fontName=font,
                        bulletFontName=fonts.regular,
                        shaping=1 if fonts.shaping else 0,
                        wordWrap="CJK" if fonts.cjk_wrap else
                        (None if style.wordWrap in ("CJK", "RTL") else style.wordWrap))
    return st


def _fits_script(style, fonts) -> bool:
    return (style.fontName in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic)
            and style.bulletFontName == fonts.regular
            and bool(style.shaping) == fonts.shaping
            and (style.wordWrap == "CJK") == fonts.cjk_wrap)


def draw_line(canvas, x: float, y: float, text: str, fonts, size: float,
              align: str = "left", bold: bool = False) -> float:
    """Draw one line of plain text (no markup) for page furniture; returns its width.

    ``align`` says where ``x`` is: the left end, the right end or the centre of the
    line.  RTL and shaped scripts go through bidi + HarfBuzz; others use drawString.
    """

    if align not in ("left", "right", "center"):
        raise ValueError(f"align must be left, right or center, not {align!r}")
    font = fonts.bold if bold else fonts.regular
    text = unicodedata.normalize("NFC", text)
    if not (fonts.rtl or fonts.shaping or has_rtl(text)):
        text = strip_isolates(text)
        width = stringWidth(text, font, size)
        runs = [lines.Run(text, font, size, width, False, text)]
    else:
        runs = lines.visual_runs([(text, font)], size, base_rtl=fonts.rtl)
        width = lines.runs_width(runs)
    x0 = x if align == "left" else x - width if align == "right" else x - width / 2
    lines.draw_runs(canvas, x0, y, runs)
    return width


def _face(base: str, bold: bool, italic: bool) -> str:
    """The face of `base`'s family for bold and/or italic text."""
    if not (bold or italic):
        return base
    try:
        family, b, i = ps2tt(base)
        return tt2ps(family, bold or b, italic or i)
    except ValueError:        # font not registered in a family: no bold/italic face
        return base


@lru_cache(maxsize=16384)
def _parsed_words(text: str, base: str) -> tuple:
    """Markup -> words, each a tuple of (text, font) segments; _BREAK for <br/>. Once per
    text and font per process: a paragraph is made again for every document it is in."""
    words: list = []
    current: list = []
    for frag in inline.parse_inline(text):
        font = _face(base, frag.bold, frag.italic)
        if frag.text == "\n":
            if current:
                words.append(tuple(current))
                current = []
            words.append(_BREAK)
            continue
        buf = ""
        for ch in frag.text:
            if ch.isspace() and ch != "\xa0":
                if buf:
                    current.append((buf, font))
                    buf = ""
                if current:
                    words.append(tuple(current))
                    current = []
            else:
                buf += ch
        if buf:
            current.append((buf, font))
    if current:
        words.append(tuple(current))
    return tuple(words)
