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

from reportlab.pdfbase import pdfdoc

PER_STREAM = 1000          # objects per object stream


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
    numbers = document.numberToId
    objects = document.idToObject
    offsets = document.idToOffset
    document.__accum__ = out = pdfdoc.PDFFile(document._pdfVersion)  # noqa: SLF001
    entries: dict[int, tuple[int, int, int]] = {}   # number -> (type, field 2, field 3)
    packed: list[tuple[int, bytes]] = []
    number = 0
    while True:                     # objects may add new ones while they are formatted
        number += 1
        if number not in numbers:
            break
        oid = numbers[number]
        document.encrypt.register(number, 0)
        body = pdfdoc.format(objects[oid], document, toplevel=1)
        if body.rstrip().endswith(b"endstream"):
            offsets[oid] = offset = out.add(
                b"%d 0 obj\n" % number + body + (b"" if body.endswith(b"\n") else b"\n")
                + b"endobj\n")
            entries[number] = (1, offset, 0)
        else:
            packed.append((number, body))
    del document.__accum__
    last = number - 1
    if last != len(numbers):
        raise ValueError(f"object count {last} does not match {len(numbers)}")
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
