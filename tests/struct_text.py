"""The text of a tagged PDF's structure elements, read the way a screen reader gets it.

`pdfinfo -struct-text` (poppler) returns, for marked content that holds a nested
``/Span <</ActualText ...>>``, only the ActualText of the spans and drops the glyphs around
them (an Arabic heading with a bracket comes back as "("). This reader follows PDF 1.7
(14.7 logical structure, 14.9.4 replacement text) instead:

* each structure element's content items are its MCIDs (``/K`` integers, marked-content
  reference dictionaries with their own ``/Pg``, on the element's ``/Pg`` otherwise), read in
  ``/K`` order with its child elements;
* a page's content stream is walked with BDC/BMC/EMC nesting: text inside a marked-content
  sequence with an MCID belongs to that MCID; a nested sequence with ``/ActualText``
  contributes its ActualText and none of the glyphs inside it; other glyphs are decoded
  through their font's ``/ToUnicode`` CMap (bfchar and bfrange);
* an element with ``/ActualText`` of its own reads as that text.

Text comes back in logical order. Glyphs are in drawing order, which is the reading order
of a left-to-right line; a line of a right-to-left element (its ``/Lang`` is Arabic,
Persian, Hebrew, Urdu...) is drawn in visual order, so its pieces are put back in logical
order (UAX #9 rule L2 undone for two levels): the pieces are reversed, except runs of
left-to-right pieces (Latin words and numbers, each one ActualText span or glyph), which
keep their order. A new line (the text position moves to another baseline) starts a new
piece list and is joined to the previous line with a space.

Used by tests/test_accessibility.py; ``python tests/struct_text.py FILE.pdf`` prints the
tree with its text.
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from pathlib import Path

import pikepdf

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"}
_MARKS = "\u200e\u200f\u061c"          # LRM, RLM, ALM: direction marks, not text


class Elem:
    """A structure element: role, attributes, language, and its parts in /K order (strings
    of text and child elements)."""

    def __init__(self, role: str, parent: "Elem | None", lang: str | None = None):
        self.role, self.parent, self.lang = role, parent, lang
        self.children: list[Elem] = []
        self.parts: list = []
        self.attrs: dict[str, str] = {}
        self.actual: str | None = None

    def text(self) -> str:
        if self.actual is not None:
            return self.actual
        return "".join(p if isinstance(p, str) else p.text() for p in self.parts)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


# -- fonts ------------------------------------------------------------------------------

def _utf16(hexdigits: str) -> str:
    data = bytes.fromhex(hexdigits)
    return data.decode("utf-16-be", errors="replace").replace("\x00", "")


def parse_tounicode(cmap: bytes) -> dict[bytes, str]:
    """Code (bytes) -> text, from a ToUnicode CMap's bfchar and bfrange sections."""
    text = cmap.decode("latin-1")
    table: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            table[bytes.fromhex(src)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            width = len(lo) // 2
            start, end = int(lo, 16), int(hi, 16)
            if dst.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", dst)):
                    table[(start + offset).to_bytes(width, "big")] = _utf16(item)
            else:
                base = bytes.fromhex(dst[1:-1])
                for offset in range(end - start + 1):
                    # the last byte of the destination is incremented (PDF 1.7, 9.10.3)
                    value = int.from_bytes(base, "big") + offset
                    table[(start + offset).to_bytes(width, "big")] = \
                        value.to_bytes(len(base), "big").decode("utf-16-be", "replace") \
                        .replace("\x00", "")
    return table


class _Font:
    def __init__(self, font: pikepdf.Dictionary):
        self.map: dict[bytes, str] = {}
        self.width = 1
        if "/ToUnicode" in font:
            self.map = parse_tounicode(font.ToUnicode.read_bytes())
            if self.map:
                self.width = max(len(k) for k in self.map)

    def glyphs(self, data: bytes) -> list[str]:
        """The text of each glyph code in `data`."""
        if not self.map:
            return list(data.decode("latin-1"))
        step = self.width
        return [self.map.get(data[i:i + step], "") for i in range(0, len(data), step)]


# -- content streams ----------------------------------------------------------------------

def _mul(a, b):
    """Product of two PDF matrices [a b c d e f] (a applied first)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


_IDENTITY = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


def page_mcid_text(page: pikepdf.Page) -> dict[int, list[list[str]]]:
    """MCID -> its lines (one per baseline, top first as drawn), each a list of pieces from
    left to right: an ActualText span, or the text of one glyph."""
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    fonts_dict = resources.get("/Font", pikepdf.Dictionary())
    fonts: dict[str, _Font] = {}
    out: dict[int, dict[float, list]] = {}              # MCID -> baseline -> (x, n, text)
    stack: list[tuple[int | None, str | None]] = []     # (mcid, actual text) per sequence
    ctm, saved = list(_IDENTITY), []
    tm = tlm = list(_IDENTITY)
    leading = 0.0
    font: _Font | None = None
    order = itertools.count()                            # drawing order, for equal x
    pending: str | None = None                           # an open span's text, not yet placed

    def current_mcid() -> int | None:
        for mcid, _actual in reversed(stack):
            if mcid is not None:
                return mcid
        return None

    def in_actual() -> bool:
        return any(actual is not None for _mcid, actual in stack)

    def add(*texts: str) -> None:
        mcid = current_mcid()
        if mcid is None:
            return
        x, y = (round(v, 1) for v in _mul(tm, ctm)[4:6])
        lines = out.setdefault(mcid, {})
        baseline = next((b for b in lines if abs(b - y) <= 0.5), y)
        lines.setdefault(baseline, []).extend((x, next(order), t) for t in texts)

    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop() if saved else list(_IDENTITY)
        elif op == "cm":
            ctm = _mul([float(v) for v in operands], ctm)
        elif op == "BT":
            tm = tlm = list(_IDENTITY)
        elif op == "Tm":
            tm = tlm = [float(v) for v in operands]
        elif op in ("Td", "TD"):
            tx, ty = (float(v) for v in operands)
            if op == "TD":
                leading = -ty
            tm = tlm = _mul([1, 0, 0, 1, tx, ty], tlm)
        elif op == "TL":
            leading = float(operands[0])
        elif op in ("T*", "'", '"'):
            tm = tlm = _mul([1, 0, 0, 1, 0, -leading], tlm)
        elif op == "Tf":
            name = str(operands[0])
            if name not in fonts:
                fonts[name] = _Font(fonts_dict[name]) if name in fonts_dict else _Font({})
            font = fonts[name]
        elif op in ("BDC", "BMC"):
            mcid = actual = None
            if op == "BDC":
                props = operands[1]
                if isinstance(props, pikepdf.Name):
                    props = resources.get("/Properties", {}).get(str(props), {})
                if isinstance(props, pikepdf.Dictionary):
                    if "/MCID" in props:
                        mcid = int(props.MCID)
                    if "/ActualText" in props:
                        actual = str(props.ActualText)
            if actual is not None and not in_actual():
                pending = actual     # the span's text replaces its glyphs: said where the
            stack.append((mcid, actual))   # first of them is drawn
        elif op == "EMC":
            if stack:
                _mcid, actual = stack.pop()
                if actual is not None and pending is not None and not in_actual():
                    add(pending)     # a span without glyphs still has its text
                    pending = None
        elif op in ("Tj", "TJ", "'", '"'):
            if pending is not None:
                add(pending)
                pending = None
            if in_actual() or font is None:
                continue
            items = operands[-1]
            strings = [items] if op != "TJ" else \
                [item for item in items if isinstance(item, pikepdf.String)]
            # one piece per glyph: a right-to-left piece of several glyphs is in visual order
            add(*(glyph for s in strings for glyph in font.glyphs(bytes(s)) if glyph))
    # each line's pieces from left to right (a bullet or a span drawn after its line's text
    # still takes its place on the line)
    return {mcid: [[t for _x, _n, t in sorted(line)] for line in lines.values()]
            for mcid, lines in out.items()}


# -- logical order ----------------------------------------------------------------------

def _direction(piece: str) -> str:
    """'L' (left to right: Latin, digits), 'R' (right to left) or 'N' (neutral)."""
    for ch in piece.strip(_MARKS):       # the marks around a span say where it stands
        kind = unicodedata.bidirectional(ch)
        if kind in ("L", "EN", "AN"):
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return "N"


def logical_line(pieces: list[str], rtl: bool) -> str:
    """A line's pieces in logical order (drawing order is visual: left to right)."""
    if not rtl:
        return "".join(pieces)
    kinds = [_direction(p) for p in pieces]
    # a neutral (a space) between two left-to-right pieces is left to right (UAX #9 N1)
    resolved = []
    for i, kind in enumerate(kinds):
        if kind == "N":
            before = next((k for k in reversed(kinds[:i]) if k != "N"), "R")
            after = next((k for k in kinds[i + 1:] if k != "N"), "R")
            kind = "L" if before == after == "L" else "R"
        resolved.append(kind)
    groups: list[list[str]] = []
    for piece, kind in zip(pieces, resolved):
        if kind == "L" and groups and groups[-1][0] == "L":
            groups[-1][1].append(piece)
        else:
            groups.append([kind, [piece]])
    return "".join("".join(group) for _kind, group in reversed(groups))


def _is_rtl(lang: str | None) -> bool:
    return bool(lang) and lang.replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES


# -- the tree ---------------------------------------------------------------------------

def struct_tree(path: Path) -> Elem:
    """The document's structure tree (its Document element), each element with its text."""
    pdf = pikepdf.open(path)
    root = pdf.Root.StructTreeRoot
    pages = {page.obj.objgen: page for page in pdf.pages}
    cache: dict[tuple, dict[int, list[list[str]]]] = {}

    def mcid_lines(page_obj, mcid: int) -> list[list[str]]:
        key = page_obj.objgen
        if key not in cache:
            cache[key] = page_mcid_text(pages[key])
        return cache[key].get(mcid, [])

    def text_of(page_obj, mcid: int, lang: str | None) -> str:
        rtl = _is_rtl(lang)
        lines = [logical_line(pieces, rtl) for pieces in mcid_lines(page_obj, mcid)]
        return " ".join(line for line in lines if line)

    def build(obj, parent: Elem | None, lang: str | None) -> Elem:
        lang = str(obj.Lang) if "/Lang" in obj else lang
        elem = Elem(str(obj.S)[1:], parent, lang)
        if "/ActualText" in obj:
            elem.actual = str(obj.ActualText)
        attrs = obj.get("/A")
        for attr in ([attrs] if isinstance(attrs, pikepdf.Dictionary) else attrs or []):
            if isinstance(attr, pikepdf.Dictionary):
                for key, value in attr.items():
                    elem.attrs[key[1:]] = str(value).lstrip("/")
        page = obj.get("/Pg")
        kids = obj.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else \
            ([] if kids is None else [kids])
        for kid in kids:
            if isinstance(kid, int):
                elem.parts.append(text_of(page, int(kid), lang))
            elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                elem.parts.append(text_of(kid.get("/Pg", page), int(kid.MCID), lang))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                child = build(kid, elem, lang)
                elem.children.append(child)
                elem.parts.append(child)
        return elem

    top = Elem("(root)", None, str(pdf.Root.get("/Lang", "")) or None)
    kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
    for kid in kids:
        top.children.append(build(kid, top, top.lang))
    (document,) = top.children
    assert document.role == "Document", document.role
    return document


def reading(text: str) -> str:
    """Text compared in reading order: NFC, no direction marks or isolates, no whitespace
    (lines wrap at different places in different editions)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(f"[\\s{_MARKS}\u2066-\u2069\u200b-\u200d\u00ad]", "", text)


def dump(elem: Elem, depth: int = 0) -> None:
    lang = f" lang={elem.lang}" if elem.parent and elem.lang != elem.parent.lang else ""
    attrs = "".join(f" {k}={v}" for k, v in elem.attrs.items() if k != "O")
    print("  " * depth + elem.role + lang + attrs)
    for part in elem.parts:
        if isinstance(part, str):
            print("  " * (depth + 1) + repr(part))
        else:
            dump(part, depth + 1)


if __name__ == "__main__":
    dump(struct_tree(Path(sys.argv[1])))
