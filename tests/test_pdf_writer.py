"""The PDF writer's own formatting and font subset cache write ReportLab's bytes."""

from __future__ import annotations

import io
import random
import zlib
from collections import OrderedDict

import pytest
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen.canvas import Canvas

from generator.render import objstm, pdf


def _reference(name: str):
    return pdfdoc.PDFObjectReference(name)


def _document():
    document = pdfdoc.PDFDocument(invariant=1)
    for name in ("R1", "R2", "Page1"):
        document.Reference(pdfdoc.PDFDictionary({"Name": name}), name)
    return document


def _forced():
    element = pdfdoc.PDFDictionary({"A": 1, "B": pdfdoc.PDFArray([1, 2])})
    element.multiline = "forced"
    return element


def _ordered():
    element = pdfdoc.PDFDictionary()
    element.dict = OrderedDict([("Z", 1), ("A", 2)])
    return element


CASES = {
    "numbers": pdfdoc.PDFArray([0, 1, -1, 7, -250, 1000, 123456789, 10**12, 0.5, -0.25,
                                1e-7, -1e-9, 1234567.891, -0.0, 3.0, 2.675, 0.1 + 0.2]),
    "long array": pdfdoc.PDFArray(list(range(-5, 31))),
    "nested arrays": pdfdoc.PDFArray([[1, [2.5, -3]], pdfdoc.PDFArray([pdfdoc.PDFArray([])]),
                                      pdfdoc.PDFArray([_reference("R1"), 4])]),
    "widths": pdfdoc.PDFArray([500, 556, 278, 0, 1000] * 30),
    "dictionary": pdfdoc.PDFDictionary({
        "Type": "/StructElem", "S": pdfdoc.PDFName("P"), "K": [1, 2],
        "Pg": _reference("Page1"), "P": _reference("R2"), "ID": b"<00ff>",
        "Alt": pdfdoc.PDFString("a (b) c\\d\nné – ü"), "Lang": pdfdoc.PDFString("ar"),
        "Odd Key#1": 1.25, "Empty": pdfdoc.PDFDictionary({}), "T": True, "N": None,
        "Long": -1234567.5}),
    "nested dictionaries": pdfdoc.PDFDictionary({
        "Inner": pdfdoc.PDFDictionary({"Inner": pdfdoc.PDFDictionary({"X": [0.001, -7]})}),
        "Kids": pdfdoc.PDFArray([pdfdoc.PDFDictionary({"N": n}) for n in range(14)])}),
    "forced multiline": _forced(),
    "ordered": _ordered(),
    "compact array": pdfdoc.PDFArrayCompact(list(range(25))),
    "names": pdfdoc.PDFArray([pdfdoc.PDFName(n) for n in ("A", "a b", "x#y", "(p)", "é")]),
    "string": pdfdoc.PDFString("tab\there (nested (parens)) back\\slash"),
    "reference": _reference("R1"),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("toplevel", [0, 1])
def test_fast_format_writes_reportlabs_bytes(name, toplevel):
    element = CASES[name]
    expected = pdfdoc.format(element, _document(), toplevel=toplevel)
    assert objstm.fast_format(element, _document(), toplevel=toplevel) == expected


def test_a_stream_inside_a_dictionary_becomes_an_object_of_its_own_as_in_reportlab():
    expected_document, document = _document(), _document()

    def holder():
        return pdfdoc.PDFDictionary({"S": pdfdoc.PDFStream(content=b"q Q"), "N": 1})

    expected = pdfdoc.format(holder(), expected_document)
    assert objstm.fast_format(holder(), document) == expected
    assert list(document.idToObject) == list(expected_document.idToObject)


def test_fast_format_of_random_objects_writes_reportlabs_bytes():
    chooser = random.Random(22)

    def value(depth: int):
        kind = chooser.randrange(9 if depth < 4 else 5)
        if kind == 0:
            return chooser.randint(-10**6, 10**6)
        if kind == 1:
            return chooser.uniform(-1e4, 1e4) * chooser.choice([1, 1e-6, 1e6])
        if kind == 2:
            return pdfdoc.PDFName(chooser.choice(["Type", "K", "a b", "Pg", "MCID"]))
        if kind == 3:
            return pdfdoc.PDFString("".join(chooser.choice("ab()\\\n\ré€ ")
                                            for _ in range(chooser.randrange(8))))
        if kind == 4:
            return _reference(chooser.choice(["R1", "R2", "Page1"]))
        if kind in (5, 6):
            return pdfdoc.PDFArray([value(depth + 1) for _ in range(chooser.randrange(25))])
        return pdfdoc.PDFDictionary({chooser.choice("ABCDEFGHIJKLMNOP") + str(n): value(depth + 1)
                                     for n in range(chooser.randrange(15))})

    for _ in range(300):
        element = value(0)
        assert objstm.fast_format(element, _document()) == pdfdoc.format(element, _document())


def _written() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont("Helvetica", 11.5)
    canvas.drawString(72.25, 720, "a (line) é")
    canvas.linkURL("https://example.org/", (72, 710, 200.5, 730))
    canvas.bookmarkPage("p1")
    canvas.addOutlineEntry("Part", "p1")
    canvas.showPage()
    canvas.rect(-10, 20.125, 30, 40)
    canvas._doc.format = lambda: objstm.write(canvas._doc)  # noqa: SLF001
    canvas.save()
    return buffer.getvalue()


def test_a_document_written_with_and_without_the_fast_format_is_the_same(monkeypatch):
    fast = _written()
    assert pdfdoc.format is objstm._reportlab_format      # put back after writing
    monkeypatch.setattr(objstm, "fast_format", objstm._reportlab_format)
    assert _written() == fast


def _face():
    return ttfonts.TTFont("Vera", "Vera.ttf").face


def test_a_kept_font_subset_is_reportlabs_and_compressed_like_any_stream(monkeypatch):
    monkeypatch.setattr(pdf, "_subsets", type(pdf._subsets)())
    monkeypatch.setattr(pdf, "_subset_by_id", {})
    face = _face()
    codes = [ord(c) for c in "Hello, world"]
    made = pdf._make_subset(face, codes)
    assert made == ttfonts.TTFontFile.makeSubset(face, codes)
    assert pdf._make_subset(face, list(codes)) is made                  # once
    assert pdf._make_subset(face, codes[::-1]) != made                  # another order
    assert pdf._encode(made) == zlib.compress(made, pdf.ZLIB_LEVEL)
    assert pdf._encode(made) is pdf._encode(made)
    assert pdf._encode(bytes(made)) == pdf._encode(made)                # an equal copy


def test_the_font_subset_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(pdf, "_subsets", type(pdf._subsets)())
    monkeypatch.setattr(pdf, "_subset_by_id", {})
    monkeypatch.setattr(pdf, "_kept", [0])
    face = _face()
    size = len(ttfonts.TTFontFile.makeSubset(face, [ord("a")]))
    compressed = len(zlib.compress(ttfonts.TTFontFile.makeSubset(face, [ord("a")]),
                                   pdf.ZLIB_LEVEL))
    monkeypatch.setattr(pdf, "SUBSET_BYTES_KEPT", 3 * size + 2 * compressed + size // 2)
    for letter in "abcdefg":
        pdf._encode(pdf._make_subset(face, [ord(letter)]))     # made and compressed
    assert len(pdf._subsets) == len(pdf._subset_by_id) == 3
    assert [codes for _, codes in pdf._subsets] == [(ord("e"),), (ord("f"),), (ord("g"),)]
    assert pdf._kept[0] == sum(len(made) + len(packed) for made, packed in pdf._subsets.values())
