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

import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple, Sequence

import uharfbuzz
from bidi import algorithm as uba
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from generator.errors import LeafletError
from generator.scripts.bidi import has_rtl

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
    logical: str        # the run's characters in logical order (ActualText, tests)
    base_rtl: bool = False   # the line it belongs to is right to left


# ---------------------------------------------------------------- shaping

@lru_cache(maxsize=8192)
def shape(text: str, font_name: str, size: float, rtl: bool):
    """HarfBuzz-shape ``text`` in an explicit direction -> (ShapedStr in visual order, width).

    Direction is explicit because HarfBuzz would guess RTL for Arabic-Indic digits
    (script Arabic) and LTR for an all-neutral run such as ' (' at an RTL level.
    """

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
        if gid == 0:   # .notdef: the font has no glyph for this character
            char = text[cluster]
            raise LeafletError(
                f"the text {text[:40]!r} has the character {char!r} (U+{ord(char):04X}), "
                f"which the font {font_name} cannot draw",
                hint="write it with the letters and punctuation of the language's script")
        try:
            uchar = ttf.face.glyphToChar[gid][0]
        except (KeyError, IndexError):
            uchar = ttf.hbAddPrivate(hbf.glyph_to_string(gid), gid, pos.x_advance)
        if any(uchar in r for r in _GLYPH_ONLY):
            # the first glyph of a cluster stands for the cluster's text, the others for
            # nothing; left to right an ActualText span gives the word's letters, and every
            # code still needs a Unicode value (PDF/UA), so the others are a zero-width joiner
            if cluster not in seen_clusters:
                src = text[cluster:cluster_end[cluster]]
            else:
                src = "" if rtl else "\u200d"
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
    """Resolved UBA embedding levels per character, with isolates (X5a-X5c, X6a) and L1.

    python-bidi's pure-Python UBA predates isolates, so they are done here: an isolate
    (LRI/RLI/FSI ... PDI, or to the end of the line) counts as one neutral character for
    the text around it, and its content is resolved on its own at the next level of its
    direction. A PDI without an initiator on this line (the isolate began on the line
    before) closes an isolate that starts at the line's start, direction by first strong.
    """
    base = 1 if base_rtl else 0
    spans = _isolate_spans(text)
    if not spans:
        levels = _plain_levels(text, base)
    else:
        outer, marks, pos = [], [], 0
        for start, end in spans:
            outer.append(text[pos:start])
            marks.append(sum(len(t) for t in outer))
            outer.append("\ufffc")                 # object replacement: bidi class ON
            pos = end
        outer.append(text[pos:])
        outer_levels = _plain_levels("".join(outer), base)
        levels = [base] * len(text)
        pos = 0
        for (start, end), mark in zip(spans, marks):
            while pos < start:
                levels[pos] = outer_levels[pos - _shift(spans, marks, pos)]
                pos += 1
            inner_start = start + (1 if text[start] in _INITIATORS else 0)
            inner_end = end - (1 if end > start and text[end - 1] == _PDI else 0)
            inner = text[inner_start:inner_end]
            rtl = _isolate_rtl(text[start] if text[start] in _INITIATORS else "\u2068", inner)
            level = base + 1 if rtl != (base % 2 == 1) else base + 2
            inner_levels = _plain_levels(inner, level % 2)
            for i in range(start, end):
                levels[i] = outer_levels[mark]
            for i, lvl in enumerate(inner_levels):
                levels[inner_start + i] = lvl - (level % 2) + level
            pos = end
        while pos < len(text):
            levels[pos] = outer_levels[pos - _shift(spans, marks, pos)]
            pos += 1
    # L1: trailing whitespace and tabs take the paragraph level
    i = len(text) - 1
    while i >= 0 and (text[i].isspace() or text[i] in _INVISIBLE):
        levels[i] = base
        i -= 1
    for i, ch in enumerate(text):
        if ch == "\t":
            levels[i] = base
    return levels


_INITIATORS = "\u2066\u2067\u2068"      # LRI, RLI, FSI
_PDI = "\u2069"
# not drawn: direction marks and isolates (their levels are resolved, then they are dropped)
_INVISIBLE = "\u200b\u200e\u200f\u061c\u2066\u2067\u2068\u2069"


def _isolate_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level isolate, initiator and PDI included."""
    spans, depth, start = [], 0, None
    for i, ch in enumerate(text):
        if ch in _INITIATORS:
            if depth == 0:
                start = i
            depth += 1
        elif ch == _PDI:
            if depth == 0:
                if not spans:       # continues an isolate from the line before
                    spans.append((0, i + 1))
                continue
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


def _shift(spans, marks, pos: int) -> int:
    """How far character ``pos`` (outside every isolate) moved in the outer text."""
    shift = 0
    for (start, end), _mark in zip(spans, marks):
        if end <= pos:
            shift += (end - start) - 1
    return shift


def _isolate_rtl(initiator: str, inner: str) -> bool:
    if initiator == "\u2066":
        return False
    if initiator == "\u2067":
        return True
    for ch in inner:                     # FSI: the first strong character (P2, P3)
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def _plain_levels(text: str, base: int) -> list[int]:
    """UBA levels (up to I2) of text without isolates, paragraph level ``base``."""
    return list(_resolved_levels(text, base))


@lru_cache(maxsize=16384)
def _resolved_levels(text: str, base: int) -> tuple[int, ...]:
    """_plain_levels, worked out once per text and process (python-bidi is pure Python; a
    line is resolved again in every document and at every redraw)."""
    if not text:
        return ()
    storage = uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if base % 2 else "L"
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
    return tuple(levels)


def visual_runs(segments: Sequence[tuple[str, str]], size: float, base_rtl: bool,
                shaping: bool = True, *, keep: bool = True) -> list[Run]:
    """Logical (text, font) segments of one line -> runs in left-to-right drawing order.

    ``keep``: the runs are kept for the next time (a line is drawn again in every paper,
    edition and document it is printed in); False for text the caller keeps what it needs
    of itself (a word's width)."""
    if keep:
        return list(_visual_runs(tuple(segments), size, base_rtl, shaping))
    return list(_runs(segments, size, base_rtl, shaping))


@lru_cache(maxsize=16384, typed=True)
def _visual_runs(segments: tuple, size: float, base_rtl: bool, shaping: bool) -> tuple:
    """visual_runs, worked out once per line and process."""
    return _runs(segments, size, base_rtl, shaping)


def _runs(segments: Sequence[tuple[str, str]], size: float, base_rtl: bool,
          shaping: bool) -> tuple:
    text = "".join(t for t, _ in segments)
    if not text:
        return ()
    fonts = [f for t, f in segments for _ in t]
    levels = bidi_levels(text, base_rtl) if (base_rtl or has_rtl(text)) else [0] * len(text)
    if any(ch in _INVISIBLE for ch in text):
        # direction marks and isolates did their work on the levels: they are not drawn
        keep = [i for i, ch in enumerate(text) if ch not in _INVISIBLE]
        text = "".join(text[i] for i in keep)
        fonts = [fonts[i] for i in keep]
        levels = [levels[i] for i in keep]
        if not text:
            return ()

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

            drawn, width = chunk, stringWidth(chunk, font, size)
        runs.append(Run(drawn, font, size, width, rtl, chunk, base_rtl))
    return tuple(runs)


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
    for k, r in enumerate(runs):
        notes = getattr(r.text, "glyph_notes", None)
        if notes:
            _note_glyph_text(canvas, r.font, notes)
        tx.setFont(r.font, r.size)
        if hasattr(r.text, "__shapeData__"):
            # left-to-right text in a right-to-left line is marked at its two ends
            # (see _draw_shaped_run); neighbouring runs of it (a font change) are one piece
            ltr_in_rtl = r.base_rtl and not r.rtl
            first = ltr_in_rtl and not (k and _ltr_in_rtl(runs[k - 1]))
            last = ltr_in_rtl and not (k + 1 < len(runs) and _ltr_in_rtl(runs[k + 1]))
            x = _draw_shaped_run(tx, x, y, r, word_space, first, last)
        else:
            pieces = _split_spaces(r) if word_space else [(r.text, r.width, 0)]
            for text, width, spaces in pieces:
                if text:
                    tx.setTextOrigin(x, y)
                    tx._textOut(text)  # noqa: SLF001 - textOut would advance by unshaped widths
                x += width + spaces * word_space
    canvas.drawText(tx)
    return x


class _GlyphPlan(NamedTuple):
    """What the text operators of a shaped run's glyphs need besides their codes, worked
    out once per shaped run (see ``_show``)."""

    plain: str                 # the glyph string as a plain str (slicing a ShapedStr copies)
    leads: dict                # glyph -> the adjustment before it when a string starts there
    trails: dict               # glyph -> the adjustment after it when a string ends there
    cuts: tuple                # glyph indices where the string is cut (an adjustment between)
    cut_tokens: tuple          # the adjustment at each cut ('0': a cut with none)
    raised: tuple              # the glyphs off the baseline
    shown: dict                # (first glyph, codes) -> its Tj / TJ operator


# a run's operators kept per set of codes (a run is drawn in several documents, whose
# subsets give it other codes); beyond this many the run's are forgotten
_SHOWN_PER_RUN = 64


def _adjustment(values) -> str | None:
    """ReportLab's number between two glyphs of a TJ array: the sum of the non-zero
    adjustments, None if there are none (the glyphs stay in one string); '0' if they
    cancel out (the string is cut, no number written)."""
    values = [v for v in values if v]
    return fp_str(sum(values)) if values else None


def _glyph_plan(text) -> _GlyphPlan:
    plan = getattr(text, "glyph_plan", None)
    if plan is not None:
        return plan
    data = text.__shapeData__
    before = [-d.x_offset for d in data]            # as _formatText: move by the offset,
    after = [d.width - d.x_advance + d.x_offset for d in data]   # then advance as shaped
    cuts, tokens = [], []
    for k in range(1, len(data)):
        token = _adjustment((after[k - 1], before[k]))
        if token is not None:
            cuts.append(k)
            tokens.append(token)
    # only glyphs with an adjustment are kept (most have none)
    plan = _GlyphPlan(str.__str__(text),
                      {k: t for k, v in enumerate(before) if (t := _adjustment((v,))) is not None},
                      {k: t for k, v in enumerate(after) if (t := _adjustment((v,))) is not None},
                      tuple(cuts), tuple(tokens),
                      tuple(k for k, d in enumerate(data) if d.y_offset), {})
    text.glyph_plan = plan     # kept with the shaped run (shape() caches it)
    return plan


def _show(tx, font, text, start: int, end: int, codes=None) -> None:
    """Show glyphs ``start:end`` of the shaped run ``text`` at the text origin: the same
    operators ReportLab's ``tx._textOut(ShapedStr(...))`` writes (codes of the font's
    subsets in this document, from ``font.splitString``; a subset's Tf where it changes;
    one Tj, or a TJ with the adjustments where HarfBuzz moves a glyph), without its
    per-glyph formatting. ``codes``: what splitString gave for these glyphs, if the caller
    asked it already. A glyph off the baseline goes through ReportLab (text rise)."""
    plan = _glyph_plan(text)
    if start >= end or _any_raised(plan, start, end) or not font.shapable:
        tx._textOut(ShapedStr(text[start:end], shapeData=text.__shapeData__[start:end]))  # noqa: SLF001
        return
    doc = tx._canvas._doc  # noqa: SLF001 - the document the subsets are assigned in
    if codes is None:
        codes = font.splitString(plan.plain[start:end], doc)
    shown = plan.shown
    ops = []
    a = start
    for subset, chunk in codes:
        if subset != tx._curSubset:  # noqa: SLF001
            ops.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(tx._fontsize)} Tf "  # noqa: SLF001
                       f"{fp_str(tx._leading)} TL")  # noqa: SLF001
            tx._curSubset = subset  # noqa: SLF001
        op = shown.get((a, chunk))
        if op is None:
            if len(shown) >= _SHOWN_PER_RUN:
                shown.clear()
            op = shown[(a, chunk)] = _show_operator(plan, a, chunk)
        ops.append(op)
        a += len(chunk)
    tx._code.append(" ".join(ops))  # noqa: SLF001


def _any_raised(plan: _GlyphPlan, start: int, end: int) -> bool:
    raised = plan.raised
    return bool(raised) and bisect_left(raised, start) < bisect_left(raised, end)


def _show_operator(plan: _GlyphPlan, a: int, codes: bytes) -> str:
    """The Tj or TJ operator of glyphs ``a:a + len(codes)`` of one subset, as _formatText
    writes it."""
    b = a + len(codes)
    cuts, tokens = plan.cuts, plan.cut_tokens
    parts = []
    token = plan.leads.get(a)
    if token is not None and token != "0":
        parts.append(token)
    s = a
    for i in range(bisect_right(cuts, a), len(cuts)):
        k = cuts[i]
        if k >= b:
            break
        parts.append(f"({escapePDF(codes[s - a:k - a])})")
        if tokens[i] != "0":
            parts.append(tokens[i])
        s = k
    parts.append(f"({escapePDF(codes[s - a:])})")
    token = plan.trails.get(b - 1)
    if token is not None and token != "0":
        parts.append(token)
    return f"{parts[0]} Tj" if len(parts) == 1 else f"[{' '.join(parts)}] TJ"


def _cut_codes(codes: list, start: int, end: int) -> list:
    """The (subset, codes) pairs of glyphs ``start:end`` of a run whose splitString
    result is ``codes``."""
    out, pos = [], 0
    for subset, chunk in codes:
        n = len(chunk)
        if pos + n > start and pos < end:
            out.append((subset, chunk[max(start - pos, 0):min(end - pos, n)]))
        pos += n
        if pos >= end:
            break
    return out


def _ltr_in_rtl(run: Run) -> bool:
    return run.base_rtl and not run.rtl and hasattr(run.text, "__shapeData__")


def _draw_shaped_run(tx, x: float, y: float, run: Run, word_space: float,
                     opens: bool = False, closes: bool = False) -> float:
    """Draw a HarfBuzz-shaped left-to-right run with ActualText spans that hold its letters
    in logical order; returns the end x. (Right to left: ``_draw_rtl_run``.)

    A span covers a word (Devanagari and other shaped scripts, and Latin words or numbers
    in right-to-left lines): its glyphs may be conjuncts or reordered vowel signs, the
    span says which letters they are. Spaces stay outside the spans, so text extraction
    still sees separate words.

    Left-to-right text in a right-to-left line is preceded by a right-to-left mark and
    followed by a left-to-right mark (``opens``, ``closes``): invisible, they say no more
    than the page does, where the left-to-right piece begins and ends. Without them,
    extraction that tells directions apart by letter classes (poppler counts '.', ',',
    ':' and the Arabic comma as parts of numbers) glues punctuation and numbers to the
    wrong words.
    """

    if run.rtl:
        return _draw_rtl_run(tx, x, y, run, word_space)
    text = run.text
    font = pdfmetrics.getFont(run.font)
    plan = _glyph_plan(text)
    pieces = _ltr_pieces(text, run.logical, run.font, run.size)
    # the codes of the whole run at once: nothing else is drawn between its pieces, so
    # the subsets assign them in the same order as piece by piece
    codes = font.splitString(plan.plain, tx._canvas._doc)  # noqa: SLF001
    shown = _pieces_shown(tx, font, plan, pieces, codes)
    words = [i for i, piece in enumerate(pieces) if piece[3] is not None] if opens or closes else ()
    code = tx._code  # noqa: SLF001 - raw operators
    for index, (start, end, units, actual, word, spaces) in enumerate(pieces):
        if word:
            if opens and index == words[0]:
                actual = RLM + actual
            if closes and index == words[-1]:
                actual = actual + LRM
        if actual is not None:
            code.append(actual_text_open(actual))
        tx.setTextOrigin(x, y)
        if shown is not None:
            code.append(shown[index])
        else:
            _show(tx, font, text, start, end,
                  [(codes[0][0], codes[0][1][start:end])] if len(codes) == 1
                  else _cut_codes(codes, start, end))
        if actual is not None:
            code.append("EMC")
        x += units * run.size / 1000.0 + spaces * word_space
    return x


def _pieces_shown(tx, font, plan: _GlyphPlan, pieces: tuple, codes: list) -> tuple | None:
    """The operators that show each piece of a left-to-right run, as ``_show`` writes
    them, kept per set of codes; None unless the run is in one subset and on the baseline.
    The subset's Tf goes before the first piece if the text object is in another."""
    if len(codes) != 1 or plan.raised or not font.shapable:
        return None
    subset, run_codes = codes[0]
    shown = plan.shown.get(run_codes)
    if shown is None:
        if len(plan.shown) >= _SHOWN_PER_RUN:
            plan.shown.clear()
        shown = plan.shown[run_codes] = tuple(
            _show_operator(plan, piece[0], run_codes[piece[0]:piece[1]]) for piece in pieces)
    if subset != tx._curSubset:  # noqa: SLF001
        doc = tx._canvas._doc  # noqa: SLF001
        shown = (f"{font.getSubsetInternalName(subset, doc)} {fp_str(tx._fontsize)} Tf "  # noqa: SLF001
                 f"{fp_str(tx._leading)} TL {shown[0]}", *shown[1:])  # noqa: SLF001
        tx._curSubset = subset  # noqa: SLF001
    return shown


@lru_cache(maxsize=16384)
def _ltr_pieces(text: str, logical: str, font: str, size: float) -> tuple:
    """A shaped left-to-right run's pieces in visual order, worked out once per run and
    process: (start, end, advance in font units, its ActualText (None for a space),
    whether it is a word (not a space, ZWNJ or ZWJ), how many space glyphs it has).
    Keyed like _rtl_pieces."""
    data = text.__shapeData__
    end_of = _cluster_ends(data, len(logical))
    # a real space: HarfBuzz also draws ZWNJ and ZWJ with the space glyph, at no width
    space = [text[i] == " " and logical[d.cluster:end_of[d.cluster]].isspace()
             for i, d in enumerate(data)]
    groups: list[list[int]] = []          # [start, end) of each piece, in visual order
    for i, d in enumerate(data):
        joined = space[i] == space[i - 1] if i else False
        # a raised glyph never starts a piece (ReportLab cannot start a string with a rise)
        joined = joined or bool(d.y_offset)
        if groups and joined:
            groups[-1][1] = i + 1
        else:
            groups.append([i, i + 1])
    pieces = []
    for start, end in groups:
        clusters = [d.cluster for d in data[start:end]]
        source = logical[min(clusters):max(end_of[c] for c in clusters)]
        # a space stays outside the spans; ZWNJ and ZWJ (drawn as a space): the text keeps them
        actual = None if space[start] else source
        pieces.append((start, end, sum(d.x_advance for d in data[start:end]), actual,
                       not space[start] and text[start] != " ", text[start:end].count(" ")))
    return tuple(pieces)


def _cluster_ends(data, length: int) -> dict[int, int]:
    """Cluster start -> the end of its text (the next cluster's start)."""
    starts = sorted({d.cluster for d in data})
    return {c: (starts[i + 1] if i + 1 < len(starts) else length)
            for i, c in enumerate(starts)}


# A piece's anchors: where a mark's text stands, before its base letter, as a share of the
# font size (poppler takes glyphs closer than a tenth of it for duplicates)
_MARK_LEAD = 0.15
ZWSP = "\u200b"   # an empty glyph of no width: where a span starts and ends


def _draw_rtl_run(tx, x: float, y: float, run: Run, word_space: float) -> float:
    """Draw a HarfBuzz-shaped right-to-left run; returns the end x.

    Text extraction reads right-to-left glyphs by position and reverses them (poppler,
    Acrobat): whatever text a glyph or a span stands for is laid out left to right over
    its width and then read backwards with the rest of the line. So the text layer
    follows the visual order glyph by glyph, and no piece holds more than one letter:

    * a letter (or a ligature) is one glyph with no span: its letters come from the
      font's ToUnicode map (fonts.LeafletTTFont writes it from what ``shape`` recorded);
    * punctuation, brackets and other neutral characters get a span with their logical
      character (a mirrored bracket's glyph is the other bracket) between two
      right-to-left marks: the marks say that the punctuation belongs to the
      right-to-left text around it (poppler counts '.', ',', ':' and the Arabic comma
      as parts of numbers and would glue them to the next word);
    * a vowel mark (harakat, tanwin, shadda: HarfBuzz draws it before its letter, with
      no advance, raised or lowered) gets a span of its own with its text, and so does
      any glyph drawn off the baseline. Extraction places a span where its first glyph
      is and ends it where its last glyph ends, and takes a glyph off the baseline for
      a word on another line: so the span starts and ends with a zero-width space, an
      empty glyph, on the baseline. A mark's span stands just before its letter
      (visually left of it, within the glyph to its left), so read backwards it follows
      its letter, as in the text; extraction no longer splits a word at its marks.
    """

    text, data = run.text, run.text.__shapeData__
    font = pdfmetrics.getFont(run.font)
    scale = run.size / 1000.0
    prev_origin = x - 2 * _MARK_LEAD * run.size
    zwsp = _has_zwsp(run.font)
    batch: list = []       # [start, end, x] of plain glyphs drawn with one operator

    def flush() -> None:
        if batch:
            start, end, at = batch
            tx.setTextOrigin(at, y)
            _show(tx, font, text, start, end)
            batch.clear()

    for start, end, kind, units, src, neutral, raised in _rtl_pieces(text, run.logical, run.font, run.size):
        advance = units * scale
        if kind == "space" and word_space:
            flush()
            tx.setTextOrigin(x, y)
            _show(tx, font, text, start, end)
            x += advance + (end - start) * word_space
            prev_origin = x
            continue
        if kind == "space" or (kind == "glyph" and not raised and not neutral):
            # a letter or a space: no span (its text comes from the font's ToUnicode map),
            # so it joins those before it in one text-showing operator
            if batch and batch[1] == start:
                batch[1] = end
            else:
                flush()
                batch.extend((start, end, x))
            prev_origin = x if kind == "glyph" else x + advance   # as drawn one by one
            x += advance
            continue
        flush()
        if kind == "mark":
            lead = min(_MARK_LEAD * run.size, max(0.0, x - prev_origin) / 2)
            box = (x - lead, x)
            actual = src
        elif kind == "joiner":
            box, actual = None, src           # ZWNJ, ZWJ: the text layer keeps them
        elif raised:
            box = (x, x + advance)
            actual = RLM + src + RLM if neutral else src
        else:
            box, actual = None, RLM + src + RLM    # neutral: punctuation, digits, brackets
        if box is not None and not zwsp:
            box = None                        # no empty glyph to anchor the span with
        if actual is not None:
            tx._code.append(actual_text_open(actual))  # noqa: SLF001 - raw operator
        if box is None:
            tx.setTextOrigin(x, y)
            _show(tx, font, text, start, end)
            prev_origin = x
        else:
            tx.setTextOrigin(box[0], y)
            tx._textOut(ZWSP)  # noqa: SLF001 - the span's start, on the baseline
            pen = x
            for glyph, d in zip(text[start:end], data[start:end]):
                tx.setTextOrigin(pen + d.x_offset * scale, y + d.y_offset * scale)
                tx._textOut(glyph)  # noqa: SLF001
                pen += d.x_advance * scale
            tx.setTextOrigin(box[1], y)
            tx._textOut(ZWSP)  # noqa: SLF001 - the span's end
            prev_origin = box[0]
        if actual is not None:
            tx._code.append("EMC")  # noqa: SLF001
        x += advance
    flush()
    return x


@lru_cache(maxsize=16384)
def _rtl_pieces(text: str, logical: str, font: str, size: float) -> tuple:
    """The pieces of a right-to-left run in visual order, worked out once per run (a run is
    drawn again in every paper, edition and document it is printed in): (start, end, kind,
    advance in font units, its logical text, whether that is neutral (no right-to-left
    letter), whether a glyph is off the baseline). `text` is the shaped string (its shape
    data says which glyphs, clusters and positions); with `font` and `size` it is the key
    (a ShapedStr compares as its characters, and shaping is the same for the same key)."""
    data = text.__shapeData__
    end_of = _cluster_ends(data, len(logical))
    srcs = [logical[d.cluster:end_of[d.cluster]] for d in data]
    pieces: list[list] = []       # [start, end, kind]; a cluster of several glyphs is one
    for i, d in enumerate(data):
        src = srcs[i]
        if text[i] == " ":
            kind = "space" if src.isspace() else "joiner"
        elif not d.x_advance and src and all(unicodedata.category(c) in ("Mn", "Me")
                                             for c in src):
            kind = "mark"
        else:
            kind = "glyph"
        last = pieces[-1] if pieces else None
        if last and ((kind == last[2] == "space")
                     or ("space" not in (kind, last[2]) and data[i - 1].cluster == d.cluster)):
            last[1] = i + 1
            if kind != last[2]:
                last[2] = "glyph"
        else:
            pieces.append([i, i + 1, kind])
    planned = []
    for start, end, kind in pieces:
        gdata = data[start:end]
        clusters = [d.cluster for d in gdata]
        src = logical[min(clusters):max(end_of[c] for c in clusters)]
        planned.append((start, end, kind, sum(d.x_advance for d in gdata), src,
                        not any(unicodedata.bidirectional(c) in ("R", "AL") for c in src),
                        any(d.y_offset for d in gdata)))
    return tuple(planned)


def needs_label_space(label: str) -> bool:
    """A list label of a right-to-left paragraph that holds digits or Latin letters ('1.',
    'A)'): see ``draw_label_space``."""

    return any(unicodedata.bidirectional(c) in ("L", "EN", "AN") for c in label)


def draw_label_space(canvas, x: float, y: float, font: str, size: float) -> None:
    """The space between a right-to-left paragraph's list label ('1.', drawn at ``x``) and
    its first line, for the text layer: an invisible span just left of the label whose
    ActualText is a no-break space and a right-to-left mark.

    On a page where Latin letters outnumber right-to-left ones (a sources list), poppler
    reads a right-to-left line in visual order, one right-to-left or number section after
    the other; a label with digits starts a section of its own that follows the item's
    last word with nothing between ('...دارد؟.1'). Poppler derives spaces from gaps and
    drops space characters, but keeps a no-break space inside a span of more than one
    character and counts it with numbers: so the label's section starts with it, and the
    item's words stay words in either reading order. The mark says that the space
    belongs to the right-to-left line (and keeps the span two characters long).
    """
    if not _has_zwsp(font):
        return
    tx = canvas.beginText(x, y)
    tx.setFont(font, size)
    tx._code.append(actual_text_open("\u00a0" + RLM))  # noqa: SLF001 - raw operator
    for at in (x - _MARK_LEAD * size, x):
        tx.setTextOrigin(at, y)
        tx._textOut(ZWSP)  # noqa: SLF001 - the span's two ends, empty glyphs
    tx._code.append("EMC")  # noqa: SLF001
    canvas.drawText(tx)


@lru_cache(maxsize=64)
def _has_zwsp(font_name: str) -> bool:
    """The font has an empty glyph of no width for U+200B (a span's anchor)."""

    font = pdfmetrics.getFont(font_name)
    gid = font.face.charToGlyph.get(ord(ZWSP))
    if gid is None or font.face.charWidths.get(ord(ZWSP)):
        return False

    extents = uharfbuzz.Font(font.hbFace).get_glyph_extents(gid)
    return extents is None or not (extents.width or extents.height)


LRM, RLM = "\u200e", "\u200f"


@lru_cache(maxsize=16384)
def actual_text_open(logical: str) -> str:
    """The operator that opens a shaped run's marked content: ``/Span <</ActualText ...>>
    BDC`` (closed by ``EMC``). The glyphs of a shaped run are in visual order, and one
    glyph may stand for several letters (a conjunct, a ligature) or a letter may be drawn
    before the one it follows (Devanagari vowel signs); ActualText gives search,
    copy/paste and screen readers the run's letters in logical order instead (PDF 1.5,
    14.9.4). The sequence opens and closes inside one text object, so it nests inside
    any structure marked content drawn around the paragraph.
    """
    data = ("\ufeff" + logical).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{data}>>> BDC"


def _note_glyph_text(canvas, font_name: str, notes) -> None:
    """Tell the font which text the glyph-only codes drawn on this canvas stand for."""

    note = getattr(pdfmetrics.getFont(font_name), "note_glyph_text", None)
    if note is not None:
        note(canvas._doc, notes)  # noqa: SLF001 - the document the ToUnicode map is written for


def _split_spaces(run: Run) -> list[tuple[str, float, int]]:
    """A run cut after each space: [(text, width incl. the space, 1 if it ends in one)]."""

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
