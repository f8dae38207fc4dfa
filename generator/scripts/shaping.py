"""Shape each word once per process, not once per line-breaking pass.

ReportLab's Paragraph shapes every word with HarfBuzz each time it is wrapped, and a
paragraph is wrapped two or three times (a table measures its cells, KeepTogether measures
its content, then the frame lays it out), in every document. For Devanagari that was most
of the rendering time. `shape_frag_word` returns the same result as ReportLab's
`shapeFragWord`, from a cache keyed by what shaping reads: per fragment the font, the size
and the text, and which fragments are one object (that decides how glyphs are grouped).
The result is rebuilt around the caller's own fragments (colour, links and the like stay
the caller's), as a new list: callers may change it, the shaped strings are immutable.

Installed by `fonts.fonts_for_script` for scripts that need shaping; outputs are the same
bytes (tests/test_parallel_caches.py compares with ReportLab's own function).
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_cache: dict = {}
_UNCHANGED = object()
MAX_ENTRIES = 50_000
_installed = False


def install() -> None:
    """Route ReportLab's paragraph shaping through the cache (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        from reportlab.platypus import paragraph

        if getattr(paragraph, "shapeFragWord", None) is None:
            return      # no uharfbuzz in this ReportLab: nothing is shaped
        _original.append(paragraph.shapeFragWord)
        paragraph.shapeFragWord = shape_frag_word
        _installed = True


_original: list = []


def shape_frag_word(w, *args, **kwargs):
    original = _original[0]
    if args or kwargs:
        return original(w, *args, **kwargs)
    from reportlab.pdfbase.ttfonts import ShapedFragWord

    if isinstance(w, ShapedFragWord):
        return w
    parts = w[1:]
    first: dict[int, int] = {}
    key_parts = []
    for index, (frag, text) in enumerate(parts):
        if hasattr(frag, "cbDefn"):
            return original(w)          # anchors and images in a word: not cached
        same = first.setdefault(id(frag), index)
        key_parts.append((frag.fontName, frag.fontSize, text, same))
    key = (type(w), tuple(key_parts))
    hit = _cache.get(key)
    if hit is None:
        result = original(w)
        hit = _UNCHANGED if result is w else _entry(result, parts)
        if hit is None:
            return result                # a shape we cannot describe: not cached
        if len(_cache) >= MAX_ENTRIES:
            _cache.clear()
        _cache[key] = hit
        return result
    if hit is _UNCHANGED:
        return w
    cls, width, pieces = hit
    return cls([width] + [(parts[index][0], text) for index, text in pieces])


def _entry(result, parts):
    """(class, width, [(index of the fragment in the word, shaped text)]) or None."""
    index_of = {}
    for index, (frag, _text) in enumerate(parts):
        index_of.setdefault(id(frag), index)
    pieces = []
    for piece in result[1:]:
        frag, text = piece[0], piece[1]
        if len(piece) != 2 or id(frag) not in index_of:
            return None
        pieces.append((index_of[id(frag)], text))
    return type(result), result[0], pieces
