"""Every case of the hostile corpus (tests/hostile/cases.yaml) through the real CLI.

Each case runs in a fresh copy of the project, from an empty working directory, and must
give its expected exit status and message; whatever the input, the run must leave no
traceback, no file outside --out, no temporary file, and only complete PDFs without active
content (see tests/hostile/harness.py).
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from hostile.harness import (HOSTILE, ROOT, assert_clean_output, assert_out_complete,
                             complete_catalog, complete_common, po_entry, po_escape,
                             run_leaflets, snapshot)

CASES = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
KINDS = ("translation", "catalog", "leaflet", "clinic", "font", "args")
TOPIC = "stage4-cancer"
LOCALE = "fr"


def test_corpus_is_big_and_well_formed():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert len(CASES) >= 40
    for case in CASES:
        assert case["kind"] in KINDS, case["id"]
        assert isinstance(case["exit"], int), case["id"]
        assert case.get("file") or case.get("generate") or case["kind"] == "args", case["id"]
        if case.get("file"):
            assert (HOSTILE / case["file"]).is_file(), f"{case['id']}: {case['file']} missing"
        if case["exit"] != 0 and "xfail" not in case:
            assert case.get("message"), f"{case['id']}: a failure must name its reason"
    used = {case["file"] for case in CASES if case.get("file")}
    on_disk = {p.relative_to(HOSTILE).as_posix() for p in HOSTILE.rglob("*")
               if p.is_file() and p.suffix in (".po", ".yaml", ".ttf", ".otf")
               and p.parent != HOSTILE}
    unused = on_disk - used
    assert not unused, f"corpus files no case uses: {sorted(unused)}"


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=False)] if "xfail" in case else []
        yield pytest.param(case, id=case["id"], marks=marks)


@dataclass
class _Outcome:
    run: object = None
    before: dict | None = None
    after: dict | None = None
    result: object = None
    check: object = None
    error: BaseException | None = None


def _execute(case: dict, tmp: Path) -> _Outcome:
    outcome = _Outcome()
    try:
        outcome.run = run = _Run(case, tmp)
        outcome.before = snapshot(tmp, skip=run.out)
        outcome.result = run_leaflets(*run.argv, cwd=run.cwd, env=run.env)
        outcome.after = snapshot(tmp, skip=run.out)
        if case.get("check"):
            outcome.check = run_leaflets("i18n", "check", "--root", str(run.root), "--locale",
                                         LOCALE, "--allow-incomplete", "--quiet", cwd=run.cwd)
    except BaseException as exc:  # noqa: BLE001 - reported by the case's own test
        outcome.error = exc
    return outcome


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict:
    """Run the selected cases side by side (each is a process of its own anyway)."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_hostile_input"]
    workers = min(8, (os.cpu_count() or 2) + 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {case["id"]: pool.submit(_execute, case, tmp_path_factory.mktemp("hostile"))
                   for case in selected}
    return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", list(_params()))
def test_hostile_input(case, outcomes):
    outcome = outcomes[case["id"]]
    if outcome.error is not None:
        raise outcome.error
    run, result = outcome.run, outcome.result
    output = result.stdout + result.stderr

    assert_clean_output(result)
    assert result.returncode == case["exit"], output[-3000:]
    if case.get("message"):
        assert run.fill(case["message"]) in result.stderr, result.stderr[-3000:]
    assert outcome.after == outcome.before, "a file outside --out was changed"

    texts = assert_out_complete(run.out)
    assert sorted(texts) == sorted(case.get("pdfs", [])), output[-3000:]
    everything = " ".join(texts.values())
    for fragment in case.get("absent", []):
        assert fragment not in everything, f"{fragment!r} was printed"
    for fragment in case.get("present", []):
        assert fragment in everything, f"{fragment!r} is not in any PDF"

    if case.get("check"):
        check = outcome.check
        assert_clean_output(check)
        allowed = case.get("check_exit", [1])
        assert check.returncode in allowed, check.stdout + check.stderr
        assert run.fill(case["check"]) in check.stdout + check.stderr, check.stdout[-3000:]


class _Run:
    """Lays out one case: project copy, input file, command line."""

    def __init__(self, case: dict, tmp: Path):
        self.case, self.tmp = case, tmp
        self.root = tmp / "project"
        self.out = tmp / "out"
        self.cwd = tmp / "cwd"
        self.env: dict[str, str] = {}
        self.markers: dict[str, str] = {}
        self.cwd.mkdir()
        (self.root / "leaflets").mkdir(parents=True)
        if case["kind"] != "leaflet":
            shutil.copy(ROOT / "leaflets" / f"{TOPIC}.yaml", self.root / "leaflets")
        if case.get("generate"):
            GENERATORS[case["generate"]](self)
        self.argv = getattr(self, "_" + case["kind"])()

    def fill(self, text: str) -> str:
        for marker, value in self.markers.items():
            text = text.replace(marker, value)
        return text.replace("{root}", str(self.root)).replace("{out}", str(self.out)) \
            .replace("{tmp}", str(self.tmp))

    def _build(self, *extra: str) -> list[str]:
        return ["build", "--root", str(self.root), "--out", str(self.out), "--paper", "a4",
                *extra, *self.case.get("args", [])]

    def input_bytes(self) -> bytes:
        return (HOSTILE / self.case["file"]).read_bytes()

    # -- kinds --------------------------------------------------------------------------
    def _catalog_path(self) -> Path:
        folder = self.root / "locales" / LOCALE / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{self.case.get('domain', TOPIC)}.po"

    def _markers(self) -> None:
        from generator.content.loader import load_leaflet  # noqa: PLC0415
        from generator.content.markup import placeholders  # noqa: PLC0415

        self.leaflet = load_leaflet(self.root / "leaflets" / f"{TOPIC}.yaml")
        title = self.leaflet.title
        with_field = next(t for t in self.leaflet.texts() if placeholders(t.source)[0])
        self.markers.update({"@CTX@": title.context, "@ID@": po_escape(title.source),
                             "@PCTX@": with_field.context, "@PID@": po_escape(with_field.source),
                             "@P@": placeholders(with_field.source)[0][0]})

    def _substituted(self, data: bytes) -> bytes:
        for marker, value in self.markers.items():
            data = data.replace(marker.encode(), value.encode())
        return data

    def _translation(self) -> list[str]:
        from babel.messages.pofile import read_po  # noqa: PLC0415

        self._markers()
        data = self._substituted(self.input_bytes())
        present = {(m.context, m.id[0] if isinstance(m.id, (tuple, list)) else m.id)
                   for m in read_po(io.BytesIO(data))}
        path = self._catalog_path()
        leaflet_po, common_po = path.with_name(f"{TOPIC}.po"), path.with_name("common.po")
        # the other catalog is complete and clean; this one is completed around the poison
        if path == leaflet_po:
            data += complete_catalog(self.leaflet, present, header=False).encode()
            common_po.write_text(complete_common(set()), encoding="utf-8")
        else:
            data += complete_common(present, header=False).encode()
            leaflet_po.write_text(complete_catalog(self.leaflet, set()), encoding="utf-8")
        path.write_bytes(data)
        self._fix_markers_for_messages()
        return self._build("--topic", TOPIC, "--locale", LOCALE)

    def _catalog(self) -> list[str]:
        self._markers()
        path = self._catalog_path()
        if path.name != "common.po":
            path.with_name("common.po").write_text(complete_common(set()), encoding="utf-8")
        else:   # the topic is offered in the language only when its catalog is there
            path.with_name(f"{TOPIC}.po").write_text(complete_catalog(self.leaflet, set()),
                                                      encoding="utf-8")
        if self.case.get("file"):
            path.write_bytes(self._substituted(self.input_bytes()))
        self._fix_markers_for_messages()
        return self._build("--topic", TOPIC, "--locale", LOCALE)

    def _fix_markers_for_messages(self) -> None:
        # messages quote the source unescaped
        self.markers["@ID@"] = self.leaflet.title.source

    def _leaflet(self) -> list[str]:
        target = self.case.get("target", "hostile.yaml")
        path = self.root / "leaflets" / target
        if self.case.get("file"):
            path.write_bytes(self.input_bytes())
        return self._build("--topic", Path(target).stem, "--locale", "en")

    def _clinic(self) -> list[str]:
        folder = self.tmp / "clinic"
        folder.mkdir(exist_ok=True)
        for image in (HOSTILE / "clinics").iterdir():
            if image.suffix != ".yaml":
                shutil.copy(image, folder)
        (folder / "clinic.yaml").write_bytes(self.input_bytes())
        return self._build("--topic", TOPIC, "--locale", "en", "--clinic",
                           str(folder / "clinic.yaml"))

    def _font(self) -> list[str]:
        folder = self.tmp / "fonts"
        folder.mkdir(exist_ok=True)
        if self.case.get("file"):
            (folder / "NotoSans-Regular.ttf").write_bytes(self.input_bytes())
        self.env["LEAFLETS_FONT_PATH"] = str(folder)
        return self._build("--topic", TOPIC, "--locale", "en")

    def _args(self) -> list[str]:
        return [self.fill(arg) for arg in self.case["args"]]


# -- inputs made at run time (too big, or derived from files on this machine) --------------

def _big_leaflet(run: _Run) -> None:
    base = (HOSTILE / "leaflets" / "baseline.yaml").read_bytes()
    padding = b"# padding " + b"x" * 90 + b"\n"
    (run.root / "leaflets" / "hostile.yaml").write_bytes(base + padding * 10_100)


def _many_values_leaflet(run: _Run) -> None:
    base = (HOSTILE / "leaflets" / "baseline.yaml").read_bytes()
    (run.root / "leaflets" / "hostile.yaml").write_bytes(base + b"extra:\n" + b"  - x\n" * 60_000)


def _utf16_catalog(run: _Run) -> None:
    text = '# -*- coding: utf-16 -*-\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    run.case = dict(run.case, file=None)
    path = run.root / "locales" / LOCALE / "LC_MESSAGES" / f"{TOPIC}.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("utf-16"))


def _catalog_directory(run: _Run) -> None:
    (run.root / "locales" / LOCALE / "LC_MESSAGES" / f"{TOPIC}.po").mkdir(parents=True)


def _png(width: int, height: int, rows: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + \
        chunk(b"IEND", b"")


def _bomb_png(run: _Run) -> None:
    """30000 x 30000 grey pixels (900 megapixels) in under 1 MB."""
    folder = run.tmp / "clinic"
    folder.mkdir(exist_ok=True)
    side = 30_000
    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    rows = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    (folder / "bomb.png").write_bytes(_png(side, side, rows))


def _huge_png(run: _Run) -> None:
    folder = run.tmp / "clinic"
    folder.mkdir(exist_ok=True)
    width, height = 6000, 2
    rows = zlib.compress((b"\x00" + b"\x80" * width) * height)
    (folder / "huge.png").write_bytes(_png(width, height, rows))


def _system_noto_sans() -> bytes:
    from generator.scripts.registry import SYSTEM_FONT_DIR, find_font_file  # noqa: PLC0415
    return find_font_file("NotoSans-Regular.ttf", [SYSTEM_FONT_DIR]).read_bytes()


def _truncated_font(run: _Run) -> None:
    folder = run.tmp / "fonts"
    folder.mkdir()
    (folder / "NotoSans-Regular.ttf").write_bytes(_system_noto_sans()[:2000])


def _damaged_glyf_font(run: _Run) -> None:
    """A font whose tables are all there, but whose glyph outlines are garbage."""
    data = bytearray(_system_noto_sans())
    tables = struct.unpack(">H", data[4:6])[0]
    for index in range(tables):
        tag, _sum, offset, length = struct.unpack(">4sIII", data[12 + 16 * index:28 + 16 * index])
        if tag == b"glyf":
            data[offset:offset + length] = b"\xff" * length
    folder = run.tmp / "fonts"
    folder.mkdir()
    (folder / "NotoSans-Regular.ttf").write_bytes(bytes(data))


def _a_file(run: _Run) -> None:
    (run.tmp / "file.txt").write_text("I am a file, not a folder\n")


def _a_fifo(run: _Run) -> None:
    os.mkfifo(run.tmp / "clinic.fifo")


def _long_translation(kinds: tuple[str, ...], length: int, first_only: bool = True):
    """A French catalog in which the first text of one of `kinds` (or every such text) is
    translated with `length` characters of plain words; every other text is a copy of the
    English."""
    def make(run: _Run) -> None:
        from generator.content.loader import load_leaflet  # noqa: PLC0415

        leaflet = load_leaflet(run.root / "leaflets" / f"{TOPIC}.yaml")
        chosen = [t for t in leaflet.texts() if t.kind in kinds]
        chosen = chosen[:1] if first_only else chosen
        folder = run.root / "locales" / LOCALE / "LC_MESSAGES"
        folder.mkdir(parents=True)
        words = ("texte " * length)[:length].rstrip() + "."
        text = complete_catalog(leaflet, {(t.context, t.source) for t in chosen})
        for item in chosen:
            text += po_entry(item.context, item.source, words)
        (folder / f"{TOPIC}.po").write_text(text, encoding="utf-8")
        run.markers["@LONGCTX@"] = chosen[0].context
        run.case = dict(run.case, file=None)
    return make


def _locale_folder(name: str):
    """A catalog folder `locales/<name>/` holding a copy of a real catalog."""
    def make(run: _Run) -> None:
        folder = run.root / "locales" / name / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "locales" / "fr" / "LC_MESSAGES" / "common.po", folder)
    return make


GENERATORS = {
    "big-leaflet": _big_leaflet, "many-values-leaflet": _many_values_leaflet,
    "utf16-catalog": _utf16_catalog, "catalog-directory": _catalog_directory,
    "bomb-png": _bomb_png, "huge-png": _huge_png, "truncated-font": _truncated_font,
    "damaged-glyf-font": _damaged_glyf_font, "a-file": _a_file, "a-fifo": _a_fifo,
    "long-column-heading": _long_translation(("column-heading",), 3200),
    "long-row-label": _long_translation(("row-label",), 3200),
    "long-title": _long_translation(("title",), 3200),
    "long-subtitle": _long_translation(("subtitle",), 3200),
    "long-bullets-in-a-box": _long_translation(("bullet",), 1400, first_only=False),
    **{f"locale-folder-{name}": _locale_folder(name)
       for name in ("zz", "tlh", "x-evil", "en_XA", "ar-XB")},
}


def test_active_content_is_found_inside_object_streams(tmp_path):
    """The generator packs its dictionaries into compressed object streams
    (render/objstm.py): the harness's check for links and actions must look inside them."""
    from reportlab.pdfgen.canvas import Canvas

    from generator.render import objstm
    from hostile.harness import assert_pdf_complete

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, "a link")
    canvas.linkURL("https://example.org/", (72, 710, 200, 730))
    canvas._doc.format = lambda: objstm.write(canvas._doc)  # noqa: SLF001
    canvas.save()
    path = tmp_path / "linked.pdf"
    path.write_bytes(buffer.getvalue())
    assert b"/URI" not in buffer.getvalue()          # compressed: a byte scan cannot see it
    with pytest.raises(AssertionError, match="active content"):
        assert_pdf_complete(path)
