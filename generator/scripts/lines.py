"""One line of text -> visual runs (bidi-ordered, HarfBuzz-shaped) -> PDF.

ReportLab cannot reorder right-to-left text without ``rlbidi`` (not on PyPI), and its
shaping path shapes words but keeps them in logical (left-to-right) order.  So for a
line we:

1. resolve Unicode bidi embedding levels with python-bidi's UBA implementation
   (``bidi.algorithm``: it exposes per-character levels, the Rust ``get_display``
   only returns a reordered string, which would lose font runs and shaping clusters);
2. cut the line into runs of one level and one font, and reorder the *runs* with rule
   L2 (reverse from the highest level down to the lowest odd level);
3. shape every run with HarfBuzz in an explicit direction (odd level: RTL), so Arabic
   letters join, brackets mirror, and digits / Latin words such as 'PD-L1' or '5.8%'
   keep their left-to-right order inside right-to-left text;
4. draw the runs left to right, each positioned by its shaped advance width.

Shaped glyphs are written with private-use or presentation-form codes (Arabic joining
forms, ligatures); we record which text each one stands for so ``fonts.LeafletTTFont``
writes a correct ToUnicode map and the PDF stays searchable and copy-pastable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Sequence

_FEATURES = {"kern": True, "liga": True}
# Codes ReportLab may draw a shaped glyph with that are not the text itself: private use
# (glyphs without a code point) and presentation forms (Arabic joining forms, ligatures).
# Input text is NFC and never contains them, so mapping them back to source is safe.
_GLYPH_ONLY = (range(0xE000, 0xF900), range(0xFB00, 0xFE00), range(0xFE70, 0xFF00))


class Run(NamedTuple):
    """A piece of a line in visual order: drawable text (ShapedStr or str) and its width."""

    text: str
    font: str
    size: float
    width: float
    rtl: bool
    logical: str        # the run's characters in logical order (for debugging/tests)


# ---------------------------------------------------------------- shaping

@lru_cache(maxsize=8192)
def shape(text: str, font_name: str, size: float, rtl: bool):
    """HarfBuzz-shape ``text`` in an explicit direction -> (ShapedStr in visual order, width).

    Direction is explicit because HarfBuzz would guess RTL for Arabic-Indic digits
    (script Arabic) and LTR for an all-neutral run such as ' (' at an RTL level.
    """
    import uharfbuzz
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

    ttf = pdfmetrics.getFont(font_name)
    hbf = ttf.hbFont(size)
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hbf, buf, _FEATURES)

    infos, positions = buf.glyph_infos, buf.glyph_positions
    starts = sorted({info.cluster for info in infos})
    cluster_end = {c: (starts[i + 1] if i + 1 < len(starts) else len(text))
                   for i, c in enumerate(starts)}
    notes: list[tuple[int, str]] = []   # (code, source text) for fonts.LeafletTTFont
    chars, data, seen_clusters = [], [], set()
    total = 0.0
    for info, pos in zip(infos, positions):
        gid, cluster = info.codepoint, info.cluster
        try:
            uchar = ttf.face.glyphToChar[gid][0]
        except (KeyError, IndexError):
            uchar = ttf.hbAddPrivate(hbf.glyph_to_string(gid), gid, pos.x_advance)
        if any(uchar in r for r in _GLYPH_ONLY):
            # the first glyph of a cluster stands for the cluster's text, others for nothing
            src = "" if cluster in seen_clusters else text[cluster:cluster_end[cluster]]
            notes.append((uchar, src))
        seen_clusters.add(cluster)
        x_adv = ttf.pdfScale(pos.x_advance)
        data.append(ShapeData(cluster, x_adv, ttf.pdfScale(pos.y_advance),
                              ttf.pdfScale(pos.x_offset), ttf.pdfScale(pos.y_offset),
                              ttf.face.charWidths[uchar]))
        chars.append(chr(uchar))
        total += x_adv
    shaped = ShapedStr("".join(chars), shapeData=data)
    shaped.glyph_notes = tuple(notes)   # recorded per document when drawn (draw_runs)
    return shaped, total * size / 1000.0


# ---------------------------------------------------------------- bidi

def bidi_levels(text: str, base_rtl: bool) -> list[int]:
    """Resolved UBA embedding levels per character (rules up to I2, plus L1 for line ends)."""
    from bidi import algorithm as uba

    base = 1 if base_rtl else 0
    storage = uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if base_rtl else "L"
    uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["idx"] = i          # X9 drops embedding controls: keep the mapping back
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [base] * len(text)
    for ch in storage["chars"]:
        levels[ch["idx"]] = ch["level"]
    # L1: trailing whitespace and tabs take the paragraph level
    i = len(text) - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\u200b\u200e\u200f"):
        levels[i] = base
        i -= 1
    for i, ch in enumerate(text):
        if ch == "\t":
            levels[i] = base
    return levels


def visual_runs(segments: Sequence[tuple[str, str]], size: float, base_rtl: bool,
                shaping: bool = True) -> list[Run]:
    """Logical (text, font) segments of one line -> runs in left-to-right drawing order."""
    text = "".join(t for t, _ in segments)
    if not text:
        return []
    fonts = [f for t, f in segments for _ in t]
    levels = bidi_levels(text, base_rtl) if (base_rtl or _has_rtl(text)) else [0] * len(text)

    logical: list[list] = []            # [level, font, start, end]
    for i, (lvl, font) in enumerate(zip(levels, fonts)):
        if logical and logical[-1][0] == lvl and logical[-1][1] == font:
            logical[-1][3] = i + 1
        else:
            logical.append([lvl, font, i, i + 1])

    odd = [r[0] for r in logical if r[0] % 2]
    lowest_odd = min(odd) if odd else None
    order = list(range(len(logical)))
    if lowest_odd is not None:
        highest = max(r[0] for r in logical)
        for lvl in range(highest, lowest_odd - 1, -1):     # rule L2 on runs
            i = 0
            while i < len(order):
                if logical[order[i]][0] >= lvl:
                    j = i
                    while j < len(order) and logical[order[j]][0] >= lvl:
                        j += 1
                    order[i:j] = reversed(order[i:j])
                    i = j
                else:
                    i += 1

    runs = []
    for k in order:
        lvl, font, start, end = logical[k]
        rtl = lowest_odd is not None and lvl >= lowest_odd and (lvl - lowest_odd) % 2 == 0
        chunk = text[start:end]
        if shaping or rtl:
            drawn, width = shape(chunk, font, float(size), rtl)
        else:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            drawn, width = chunk, stringWidth(chunk, font, size)
        runs.append(Run(drawn, font, size, width, rtl, chunk))
    return runs


def _has_rtl(text: str) -> bool:
    import unicodedata

    return any(unicodedata.bidirectional(c) in ("R", "AL", "RLE", "RLO", "RLI") for c in text)


# ---------------------------------------------------------------- drawing

def runs_width(runs: Sequence[Run]) -> float:
    return sum(r.width for r in runs)


def draw_runs(canvas, x: float, y: float, runs: Sequence[Run], word_space: float = 0.0) -> float:
    """Draw runs left to right from (x, y) in one text object; returns the end x.

    ``word_space`` is added after every space (justified lines); the text is then drawn
    piece by piece between spaces, which is safe because no script joins across a space.
    """
    if not runs:
        return x
    tx = canvas.beginText(x, y)
    for r in runs:
        notes = getattr(r.text, "glyph_notes", None)
        if notes:
            _note_glyph_text(canvas, r.font, notes)
        tx.setFont(r.font, r.size)
        pieces = _split_spaces(r) if word_space else [(r.text, r.width, 0)]
        for text, width, spaces in pieces:
            if text:
                tx.setTextOrigin(x, y)
                tx._textOut(text)   # noqa: SLF001 - textOut would advance by unshaped widths
            x += width + spaces * word_space
    canvas.drawText(tx)
    return x


def _note_glyph_text(canvas, font_name: str, notes) -> None:
    """Tell the font which text the glyph-only codes drawn on this canvas stand for."""
    from reportlab.pdfbase import pdfmetrics

    note = getattr(pdfmetrics.getFont(font_name), "note_glyph_text", None)
    if note is not None:
        note(canvas._doc, notes)  # noqa: SLF001 - the document the ToUnicode map is written for


def _split_spaces(run: Run) -> list[tuple[str, float, int]]:
    """A run cut after each space: [(text, width incl. the space, 1 if it ends in one)]."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    shaped = hasattr(run.text, "__shapeData__")
    out, start = [], 0
    for i, ch in enumerate(run.text):
        if ch == " ":
            out.append((run.text[start:i + 1], 1))
            start = i + 1
    if start < len(run.text):
        out.append((run.text[start:], 0))

    def width(piece) -> float:
        if shaped:
            return sum(d.x_advance for d in piece.__shapeData__) * run.size / 1000.0
        return stringWidth(piece, run.font, run.size)

    return [(piece, width(piece), n) for piece, n in out]
