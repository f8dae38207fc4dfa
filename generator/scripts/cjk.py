"""Chinese/Japanese line breaking with line-start/line-end rules (kinsoku shori).

ReportLab's wordWrap='CJK' breaks between any two characters and, when the overflowing
character is closing punctuation, lets that ONE character hang into the margin.  Its
rule table lacks full-width ，！？：；》〉” and friends, and a pair such as 。」 still puts
the second mark at the start of the next line.  ``CJKParagraph`` replaces the breaker:

* never break before a character of ``CANNOT_START`` (closing brackets and quotes,
  、。，．！？：；, small kana, prolonged sound mark, iteration marks, %, ° ...);
* never break after a character of ``CANNOT_END`` (opening brackets and quotes);
* never break inside a run of non-CJK letters/digits ('PD-L1', '5.8%', 'TNM');
* otherwise break anywhere.  When the natural break point is forbidden, the break
  moves back (the previous characters go to the next line: "oidashi"), so no glyph
  ever protrudes past the frame;
* the last line of a paragraph never holds a single character (closing marks aside):
  the break before it moves back as well.
"""

from __future__ import annotations

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import (FragLine, Paragraph, ParaLines, _handleBulletWidth,
                                          cjkU, getAscentDescent, imgNormV, imgVRange,
                                          sameFrag)

CANNOT_START = frozenset(
    ALL_CANNOT_START
    + "、。，．,.！？!?：；:;）)］]｝}〉》」』】〕〗〙〛”’\"'»›"
    + "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    + "ー〜～・･ゝゞヽヾ々〻‐゠–—…‥％%‰°′″℃"
)
CANNOT_END = frozenset(ALL_CANNOT_END + "（(［[｛{〈《「『【〔〖〘〚“‘«‹")


def is_cjk(ch: str) -> bool:
    """Ideographs, kana, Hangul, CJK punctuation and full-width forms: breakable around."""
    return ord(ch) >= 0x2E80


def can_break_before(chars: list[str], k: int) -> bool:
    """May a line end between chars[k-1] and chars[k]?"""
    prev, cur = chars[k - 1], chars[k]
    if cur in CANNOT_START or prev in CANNOT_END or "\xa0" in (prev, cur):
        return False
    if prev.isspace() or cur.isspace():
        return True
    if not is_cjk(prev) and not is_cjk(cur):
        return False        # inside a Latin word or number
    return True


_widths: dict = {}      # (font name, size, character) -> width, as stringWidth gives it


def _units(frags) -> list:
    """One cjkU (character, fragment, width) per character, as ReportLab's cjkFragSplit
    makes them; the widths are measured once per font, size and character."""
    units = []
    for f in frags:
        text = f.text
        if not text:
            units.append(cjkU(text, f, "utf8"))
            continue
        if hasattr(f, "cbDefn"):                 # an image or anchor: its own width
            units.extend(cjkU(t, f, "utf8") for t in text)
            continue
        font, size = f.fontName, f.fontSize
        for t in text:
            width = _widths.get((font, size, t))
            if width is None:
                if len(_widths) > 200_000:
                    _widths.clear()
                width = _widths[(font, size, t)] = stringWidth(t, font, size)
            u = str.__new__(cjkU, t)
            u._frag, u._width = f, width
            units.append(u)
    return units


def kinsoku_split(frags, max_widths, calc_bounds, units=None) -> ParaLines:
    """Like reportlab.platypus.paragraph.cjkFragSplit, with the rules above. `units`: the
    frags' characters as `_units` gives them, when the caller has them already."""
    if units is None:
        units = _units(frags)
    chars = [str(u) for u in units]
    lines = []
    start, n = 0, len(units)
    while start < n:
        while start < n and chars[start] == " ":
            start += 1                                  # no leading spaces
        if start >= n:
            break
        max_w = max_widths[min(len(lines), len(max_widths) - 1)]
        used, i, forced = 0.0, start, False
        while i < n:
            if hasattr(units[i].frag, "lineBreak"):     # <br/>
                forced = True
                i += 1
                break
            w = units[i].width
            if used + w > max_w + 1e-6 and i > start:
                break
            used += w
            i += 1
        end = i
        if not forced and end < n:
            b = end
            while b > start + 1 and not can_break_before(chars, b):
                b -= 1
            if b > start + 1 or can_break_before(chars, b):
                end = b
            end = _no_lone_last_char(units, chars, start, end)
        seg = units[start:end]
        while seg and str(seg[-1]) == " ":
            seg = seg[:-1]
        width = sum(u.width for u in seg)
        lines.append(_para_line(seg, max_w, width, max_w - width, forced, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


def _para_line(units, max_width, width_used, extra_space, line_break, calc_bounds):
    """ReportLab's `makeCJKParaLine`, the same line, with the work per fragment done once
    per run of characters from one fragment instead of once per character (a character
    from the same fragment object as the one before changes neither the sizes nor the
    grouping)."""
    words, chars = [], []
    f0 = FragLine()
    max_size = max_ascent = min_descent = 0
    previous = None
    for u in units:
        f = u.frag
        if f is not previous:
            previous = f
            size = f.fontSize
            cb = getattr(f, "cbDefn", None) if calc_bounds else None
            if getattr(cb, "width", 0):
                descent, ascent = imgVRange(imgNormV(cb.height, size), cb.valign, size)
            else:
                ascent, descent = getAscentDescent(f.fontName, size)
            max_size = max(max_size, size)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
            if not sameFrag(f0, f):
                f0 = f0.clone()
                f0.text = "".join(chars)
                words.append(f0)
                chars = []
                f0 = f
        chars.append(u)
    if chars:
        f0 = f0.clone()
        f0.text = "".join(chars)
        words.append(f0)
    return FragLine(kind=1, extraSpace=extra_space, wordCount=1, words=words[1:],
                    fontSize=max_size, ascent=max_ascent, descent=min_descent,
                    maxWidth=max_width, currentWidth=width_used, lineBreak=line_break)


def _no_lone_last_char(units, chars: list[str], start: int, end: int) -> int:
    """Move a break back when it would leave the paragraph's last line (up to a <br/>) with
    a single character, closing marks aside ('每100人中约有28 / 人'): the last line then
    starts at an earlier allowed break and holds at least two characters."""
    stop = next((i for i in range(end, len(units)) if hasattr(units[i].frag, "lineBreak")),
                len(units))
    tail = [c for c in chars[end:stop] if not c.isspace()]
    if not tail or len([c for c in tail if c not in CANNOT_START]) > 1:
        return end
    b = end - 1
    while b > start + 1 and not can_break_before(chars, b):
        b -= 1
    return b if b > start + 1 else end


class CJKParagraph(Paragraph):
    """Paragraph with wordWrap='CJK' whose line breaker follows ``kinsoku_split``."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 - ReportLab's names
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        frags = self.frags
        if not frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName,
                             textColor=style.textColor, lines=[], ascent=style.fontSize,
                             descent=-0.2 * style.fontSize)
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        cached = self.__dict__.get("_cjk_units")
        if cached is None or cached[0] is not frags:   # measured again at each width
            cached = self._cjk_units = (frags, _units(frags))
        return kinsoku_split(frags, maxWidths, auto not in ("", "off"), cached[1])
