"""Parsed TrueType faces kept per machine, so that a fresh process does not parse them again.

ReportLab parses a font's tables in Python when it is registered (``TTFontFile``: names,
metrics, the cmap, advance widths, glyph offsets): about 4 ms per Noto Sans face, a fifth of
a cold one-leaflet build for the four Latin faces. What it keeps is plain data; the face
object itself cannot be pickled (it holds a scale function). So the face's attributes are
written once per machine, next to the merged fonts (``merge.cache_dir()``), and a later
process rebuilds the face from them and from the font's bytes (which subsetting needs).

Key (in the file name, and whole inside the file): SHA-256 of the font's bytes, the face
index, the file's name (ReportLab reads its embedding exceptions by name), ReportLab's and
Python's versions, and ``FACE_VERSION``. The file is a header, the SHA-256 of the payload
and the payload (``marshal``: exact types, ints stay ints and tuples tuples, no code is run
when it is read). A file that is damaged, truncated, of another format or another key is
ignored and written again; a cache that cannot be written only costs the parse. A face
holding anything but plain data (a later ReportLab) is simply not cached.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

from generator.errors import LeafletError
from generator.files import LIMITS, read_regular
from generator.scripts.merge import cache_dir

FACE_VERSION = "1"   # bump when what is stored changes: invalidates cached faces
_MAGIC = b"leaflets-face 1\n"
# Not stored: the font's bytes and path (given again on load) and the scale function
# (made again from unitsPerEm, as ReportLab makes it).
_NOT_STORED = frozenset({"_ttf_data", "filename", "_pdfScale"})
_PLAIN = (type(None), bool, int, float, str, bytes)


def face_key(path: Path, index: int, data: bytes) -> str:
    """What the parsed face depends on, as a hex digest."""
    digest = hashlib.sha256(data)
    for part in (str(index), path.name, REPORTLAB_VERSION, FACE_VERSION,
                 f"{sys.version_info[0]}.{sys.version_info[1]}", str(marshal.version)):
        digest.update(b"\0" + part.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def cache_file(path: Path, index: int, key: str) -> Path:
    return cache_dir() / f"{path.stem}-{index}-{key[:16]}.face"


def load_face(path: Path, index: int, data: bytes, key: str) -> TTFontFace | None:
    """The face cached for these bytes, or None (not cached yet, or unusable)."""
    try:   # a regular file only: a pipe or device in the folder is never waited on
        raw = read_regular(cache_file(path, index, key), LIMITS["font file"],
                           what="cached face")
    except LeafletError:
        return None
    head = len(_MAGIC) + 32
    if raw[:len(_MAGIC)] != _MAGIC or hashlib.sha256(raw[head:]).digest() != raw[len(_MAGIC):head]:
        return None
    try:
        stored = _loads(raw[head:])
        if not (isinstance(stored, dict) and stored.get("key") == key):
            return None
        state, names = stored["state"], stored["names"]
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(state)
        for attr, (value, text) in names.items():
            name = bytes.__new__(TTFNameBytes, value)
            name.ustr = text
            setattr(face, attr, name)
        face._ttf_data = data
        face.filename = str(path)
        face._pdfScale = _scale(face.unitsPerEm)
    except Exception:   # a damaged cache file is never an error: the font is parsed again
        return None
    return face


def store_face(path: Path, index: int, key: str, face: TTFontFace) -> None:
    """Keep a freshly parsed face (nothing happens if it holds more than plain data, or the
    cache folder cannot be written)."""
    state, names = {}, {}
    for attr, value in vars(face).items():
        if attr in _NOT_STORED:
            continue
        if type(value) is TTFNameBytes:
            names[attr] = (bytes(value), value.ustr)
        elif _is_plain(value):
            state[attr] = value
        else:
            return
    payload = marshal.dumps({"key": key, "state": state, "names": names})
    target = cache_file(path, index, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=target.stem, suffix=".tmp", dir=target.parent)
    except OSError:
        return
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; cached faces are not secret
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, target)  # atomic: readers see no file or the whole file
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _loads(payload: bytes):
    """marshal.loads with the garbage collector paused: the tens of thousands of lists and
    tuples of a face would otherwise set off collections that scan every object of the
    process, several times per face (the data holds no cycles)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(payload)
    finally:
        if paused:
            gc.enable()


def _scale(units_per_em: int):
    """ReportLab's font-unit -> 1/1000 em function, made as TTFontFile.extractInfo makes
    it (the same floats)."""
    if units_per_em == 1000:
        return lambda x: x
    _1000mult = 1000 / units_per_em
    return lambda x: x * _1000mult


def _is_plain(value, depth: int = 0) -> bool:
    if type(value) in _PLAIN:
        return True
    if depth > 3:
        return False
    if type(value) in (list, tuple):
        return all(_is_plain(v, depth + 1) for v in value)
    if type(value) is dict:
        return all(_is_plain(k, depth + 1) and _is_plain(v, depth + 1)
                   for k, v in value.items())
    return False
