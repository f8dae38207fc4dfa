"""The per-machine cache of parsed font faces (generator/scripts/facecache.py): a face read
back from it is the face ReportLab parses, a build makes the same bytes with the cache empty,
warm or damaged (with the compiled patterns of generator/regexcache.py, kept in the same
folder), and a cache that cannot be used never breaks a build."""

from __future__ import annotations

import hashlib
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts

from generator import regexcache
from generator.files import LIMITS, read_regular
from generator.scripts import facecache, fonts
from generator.scripts.registry import SYSTEM_FONT_DIR, find_font_file

ROOT = Path(__file__).resolve().parent.parent
FACES = [("NotoSans-Regular.ttf", 0),      # the Latin faces of every cold build
         ("DejaVuSans.ttf", 0),            # 2048 units per em: widths are scaled floats
         ("wqy-microhei.ttc", 0)]          # a face of a collection


def _font_file(name: str) -> Path:
    return find_font_file(name, (SYSTEM_FONT_DIR,), None)


def _load(path: Path, index: int):
    return fonts._load_font("T", path, index, read_regular(path, LIMITS["font file"]))


def _refuse_parsing(monkeypatch) -> None:
    def parse(*args, **kwargs):
        raise AssertionError("the face was parsed again")
    monkeypatch.setattr(ttfonts.TTFontFile, "extractInfo", parse)


def _assert_same_font(cached, parsed) -> None:
    assert type(cached) is type(parsed)
    assert vars(cached).keys() == vars(parsed).keys()
    for attr in vars(parsed).keys() - {"face", "state", "encoding", "_glyph_text"}:
        assert getattr(cached, attr) == getattr(parsed, attr), attr
    assert vars(cached.encoding) == vars(parsed.encoding)
    assert cached.shapable == parsed.shapable
    face, parsed_face = vars(cached.face), vars(parsed.face)
    assert face.keys() == parsed_face.keys()
    for attr, value in parsed_face.items():
        if attr == "_pdfScale":
            for units in (0, 1, 517, 1000, 2048, -3):
                got, want = face[attr](units), value(units)
                assert (got, type(got)) == (want, type(want))
            continue
        if attr == "_pos":   # the parser's read position: every subset moves it
            continue
        assert face[attr] == value, attr
        assert type(face[attr]) is type(value), attr
        if isinstance(value, ttfonts.TTFNameBytes):
            assert face[attr].ustr == value.ustr
    # the cmap and widths keep their order and exact types (ints stay ints)
    assert list(face["charWidths"].items()) == list(parsed_face["charWidths"].items())
    assert [type(w) for w in face["charWidths"].values()] == \
        [type(w) for w in parsed_face["charWidths"].values()]
    assert parsed.face.makeSubset([65, 66, 0x20]) == cached.face.makeSubset([65, 66, 0x20])


@pytest.mark.parametrize("name,index", FACES)
def test_a_face_read_back_from_the_cache_is_the_face_reportlab_parses(
        monkeypatch, tmp_path, name, index):
    monkeypatch.setenv("LEAFLETS_FONT_CACHE", str(tmp_path))
    path = _font_file(name)
    parsed = _load(path, index)
    assert [p.suffix for p in tmp_path.iterdir()] == [".face"]   # no temporary file left
    _refuse_parsing(monkeypatch)
    _assert_same_font(_load(path, index), parsed)


def test_another_font_file_or_face_is_not_taken_from_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("LEAFLETS_FONT_CACHE", str(tmp_path))
    regular = _font_file("NotoSans-Regular.ttf")
    _load(regular, 0)
    copy = tmp_path / "fonts" / regular.name   # same name, other bytes
    copy.parent.mkdir()
    copy.write_bytes(_font_file("NotoSans-Bold.ttf").read_bytes())
    assert _load(copy, 0).face.name == b"NotoSans-Bold"
    assert len(list(tmp_path.glob("*.face"))) == 2


def _damage(path: Path) -> list[bytes]:
    good = path.read_bytes()
    magic = b"leaflets-face 1\n"
    payload = b"\xe5" + good[len(magic) + 40:]   # not what marshal wrote
    odd = marshal.dumps([1, 2, 3])
    return [b"", good[:len(good) // 2], good[:-1] + bytes([good[-1] ^ 1]),
            b"garbage" + good, magic + hashlib.sha256(payload).digest() + payload,
            magic + hashlib.sha256(odd).digest() + odd]


def test_a_damaged_cache_file_is_ignored_and_made_again(monkeypatch, tmp_path):
    monkeypatch.setenv("LEAFLETS_FONT_CACHE", str(tmp_path))
    path = _font_file("NotoSans-Regular.ttf")
    parsed = _load(path, 0)
    (cached,) = tmp_path.glob("*.face")
    good = cached.read_bytes()
    for damaged in _damage(cached):
        cached.write_bytes(damaged)
        _assert_same_font(_load(path, 0), parsed)
        assert cached.read_bytes() == good          # written again, whole
    with monkeypatch.context() as patch:
        _refuse_parsing(patch)
        _load(path, 0)


def test_a_pipe_in_place_of_a_cached_face_is_never_waited_on(monkeypatch, tmp_path):
    monkeypatch.setenv("LEAFLETS_FONT_CACHE", str(tmp_path))
    path = _font_file("NotoSans-Regular.ttf")
    parsed = _load(path, 0)
    (cached,) = tmp_path.glob("*.face")
    cached.unlink()
    os.mkfifo(cached)
    _assert_same_font(_load(path, 0), parsed)    # parsed again (a read would block)
    assert cached.is_file()                      # and kept again


def test_a_cache_that_cannot_be_written_only_costs_the_parse(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("LEAFLETS_FONT_CACHE", str(blocker / "fonts"))
    path = _font_file("NotoSans-Regular.ttf")
    _assert_same_font(_load(path, 0), _load(path, 0))


def test_a_build_makes_the_same_bytes_with_the_machine_caches_empty_warm_or_damaged(tmp_path):
    """Fresh processes (faces are registered once per process): an empty cache folder, the
    same folder warm, then with every cached face and the compiled patterns
    (generator/regexcache.py, the same folder) damaged."""
    cache = tmp_path / "cache"
    env = {**os.environ, "LEAFLETS_FONT_CACHE": str(cache)}

    def build(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "generator", "build", "--topic", "stage4-cancer",
                        "--locale", "en", "--locale", "ar", "--paper", "a4", "--force",
                        "--allow-fallback", "--jobs", "1", "--out", str(out)],
                       cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
        made = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
                if p.suffix == ".pdf" or p.name.startswith("index.")}
        assert len(made) == 8
        return made

    cold = build("cold")
    faces = sorted(cache.glob("*.face"))
    assert len(faces) == 6    # Noto Sans in four styles, the two merged Arabic faces
    kept = faces + sorted(cache.glob("patterns-*.re"))
    assert len(kept) == 6 + regexcache._SUPPORTED
    assert build("warm") == cold
    for path in kept:
        path.write_bytes(path.read_bytes()[:1000])
    assert build("damaged") == cold
    assert all(path.stat().st_size > 1000 for path in kept)   # made again
