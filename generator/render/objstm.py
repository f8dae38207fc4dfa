"""Write a ReportLab document with object streams and a cross-reference stream (PDF 1.5).

ReportLab writes every object on its own ("12 0 obj ... endobj") and a cross-reference
table of 20 bytes per object. A tagged PDF has hundreds of small objects (a structure
element per paragraph, list item, label and table cell, the parent tree), so that overhead
was most of what tagging added to a quiz. Here every object that is not a stream (structure
elements, pages, font dictionaries, annotations, the catalog) goes, in order, into
compressed object streams, and the cross-reference table becomes a compressed stream:
readers since PDF 1.5 (2003) read both. Streams (page content, fonts, images, metadata) are
written as before. Same objects, same numbers, same content; deterministic.
"""

from __future__ import annotations

import struct
import zlib

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

PER_STREAM = 1000          # objects per object stream
_reportlab_format = pdfdoc.format
_KEPT = 4096               # formatted names, texts and whole numbers remembered, at most
_SHORT = 64                # a text remembered is at most this long (names, not images)
_names: dict[str, bytes] = {}     # dictionary key -> its formatted /Name
_texts: dict[str, bytes] = {}     # str value (mostly /Names) -> its bytes
_numbers: dict[int, bytes] = {}   # whole number -> its bytes


def fast_format(element, document, toplevel=0):
    """ReportLab's `pdfdoc.format`, byte for byte, with the common objects of a document
    formatted here: dictionaries, arrays, references, names and numbers (structure
    elements, the parent tree, font widths). ReportLab formats each through several calls
    and encodes every name with its pdfdoc codec again; what it formats repeatedly (names,
    small numbers) is remembered. Anything else is ReportLab's."""
    kind = type(element)
    if kind is str:
        text = _texts.get(element)
        if text is None:
            text = element.encode("extpdfdoc")
            if len(element) <= _SHORT and len(_texts) < _KEPT:   # not image data
                _texts[element] = text
        return text
    if kind is int:
        number = _numbers.get(element)
        if number is None:
            number = fp_str(element).encode("extpdfdoc")
            if len(_numbers) < _KEPT:
                _numbers[element] = number
        return number
    if kind is pdfdoc.PDFObjectReference and (toplevel or "__RefOnly__" not in element.__dict__):
        return element.format(document)
    if kind is pdfdoc.PDFDictionary and (toplevel or "__RefOnly__" not in element.__dict__):
        entries = element.dict
        if type(entries) is dict:
            items = [_name(key) + b" " + fast_format(entries[key], document)
                     for key in sorted(entries)]
            return _joined(element, items, b"<<\n", b"\n>>", 6)
    elif kind is pdfdoc.PDFArray and (toplevel or "__RefOnly__" not in element.__dict__):
        items = [fast_format(item, document) for item in element.sequence]
        return _joined(element, items, b"[ ", b" ]", 10)
    elif kind is float:
        return fp_str(element).encode("extpdfdoc")
    elif kind is bytes:
        return element
    return _reportlab_format(element, document, toplevel)


def _joined(element, items: list[bytes], opening: bytes, closing: bytes, every: int) -> bytes:
    """A dictionary's or array's formatted items as ReportLab joins them: one per line when
    the object asks for it, else on one line with a break every `every` items."""
    multiline = element.multiline
    if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
        return opening + b"\n ".join(items) + closing
    for index in reversed(range(every, len(items), every)):
        items.insert(index, b"\n ")
    return opening + b" ".join(items) + closing


def _name(key: str) -> bytes:
    name = _names.get(key)
    if name is None:
        name = pdfdoc.PDFName(key).encode("extpdfdoc")
        if len(_names) < _KEPT:
            _names[key] = name
    return name


def write(document, level: int = 6) -> bytes:
    """`document.format()` (a pdfdoc.PDFDocument), with object and cross-reference streams.
    Falls back to ReportLab's writer for what this does not handle (encryption,
    signatures). `level`: zlib's compression level."""
    if document.encrypt.info() or getattr(document, "_digiSigs", None):
        return pdfdoc.PDFDocument.format(document)
    document.encrypt.prepare(document)
    cat, info = document.Catalog, document.info
    document.Reference(cat)
    document.Reference(info)
    document.__accum__ = out = pdfdoc.PDFFile(document._pdfVersion)  # noqa: SLF001
    # ReportLab's objects format what they hold through pdfdoc.format: the fast one while
    # this document is written (unless comments are asked for, which it does not write).
    fast = rl_config.invariant or not rl_config.pdfComments
    if fast:
        pdfdoc.format = fast_format
    try:
        entries, packed, number = _format_objects(document, out, fast)
    finally:
        pdfdoc.format = _reportlab_format
    del document.__accum__
    last = number - 1
    if last != len(document.numberToId):
        raise ValueError(f"object count {last} does not match {len(document.numberToId)}")
    next_number = last + 1
    for start in range(0, len(packed), PER_STREAM):
        chunk = packed[start:start + PER_STREAM]
        stream_number, next_number = next_number, next_number + 1
        header, bodies, position = [], [], 0
        for index, (num, body) in enumerate(chunk):
            header.append(b"%d %d" % (num, position))
            bodies.append(body)
            position += len(body) + 1
            entries[num] = (2, stream_number, index)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n", level)
        entries[stream_number] = (1, out.add(
            b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\n"
            b"stream\n" % (stream_number, len(chunk), len(head), len(data))
            + data + b"\nendstream\nendobj\n"), 0)
    xref_number = next_number
    size = xref_number + 1
    xref_offset = out.offset
    entries[xref_number] = (1, xref_offset, 0)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", *entries[n]) for n in range(1, size)]
    data = zlib.compress(b"".join(rows), level)
    ident = document.ID()
    ident = ident[ident.index(b"["):ident.index(b"]") + 1]
    out.add(b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %s/Info %s/ID%s"
            b"/Filter/FlateDecode/Length %d>>\nstream\n"
            % (xref_number, size, document.Reference(cat).format(document),
               document.Reference(info).format(document), ident, len(data))
            + data + b"\nendstream\nendobj\n")
    out.add(b"startxref\n%d\n%%%%EOF\n" % xref_offset)
    return out.format(document)


def _format_objects(document, out, fast: bool):
    """Format every object in order: a stream is written to `out`, the rest kept for the
    object streams. Returns (entries so far, packed objects, the first unused number)."""
    numbers = document.numberToId
    objects = document.idToObject
    offsets = document.idToOffset
    format_object = fast_format if fast else _reportlab_format
    entries: dict[int, tuple[int, int, int]] = {}   # number -> (type, field 2, field 3)
    packed: list[tuple[int, bytes]] = []
    number = 0
    while True:                     # objects may add new ones while they are formatted
        number += 1
        if number not in numbers:
            break
        oid = numbers[number]
        document.encrypt.register(number, 0)
        body = format_object(objects[oid], document, toplevel=1)
        if body.rstrip().endswith(b"endstream"):
            offsets[oid] = offset = out.add(
                b"%d 0 obj\n" % number + body + (b"" if body.endswith(b"\n") else b"\n")
                + b"endobj\n")
            entries[number] = (1, offset, 0)
        else:
            packed.append((number, body))
    return entries, packed, number
