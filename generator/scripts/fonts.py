"""The fonts of each writing system, registered with ReportLab on demand (which files:
``scripts.registry``).

Nothing is read or registered at import time: the first ``fonts_for_locale`` call for a
script parses the font files (slow: tens of ms per face, seconds for CJK collections;
a face parsed before on this machine is read back from ``scripts.facecache``) and later
calls reuse the process-wide cache.  Every failure a user can fix (font
package not installed, file corrupt or CFF-flavoured) is a ``LeafletError`` naming the
file and the Debian package to install.
"""

from __future__ import annotations

import io
import threading
import unicodedata
import weakref
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import uharfbuzz
from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTEncoding, TTFont
from reportlab.rl_config import unShapedFontGlob

from generator.errors import LeafletError
from generator.files import LIMITS, read_regular
from generator.scripts import facecache, merge, shaping
from generator.scripts.registry import (
    CONFIG_PATH,
    WEIGHTS,
    ScriptFonts,
    find_font_file,
    font_dirs_default,
    load_config,
    script_for_locale,
    split_face,
)

_lock = threading.RLock()
_registered: dict[str, tuple[str, int]] = {}        # ReportLab name -> (file, subfont index)
_by_file: dict[tuple[str, int], str] = {}           # (file, index) -> ReportLab name
_cache: dict[tuple[str, tuple[Path, ...]], ScriptFonts] = {}


def register_ttf(path: Path, index: int = 0, package: str | None = None,
                 name: str | None = None) -> str:
    """Register one TrueType face with ReportLab (once per process); returns its font name.

    The name is the file stem (plus '-N' for collection faces) so PDFs stay readable in
    pdffonts; a clash with a different file of the same name gets a numeric suffix.
    """

    key = (str(path), index)
    with _lock:
        if key in _by_file:
            return _by_file[key]
        base = name or (path.stem + (f"-{index}" if path.suffix.lower() in (".ttc", ".otc") else ""))
        fontname, n = base, 1
        while fontname in _registered or _is_foreign_font(fontname):
            n += 1
            fontname = f"{base}~{n}"
        pkg = f"reinstall it: apt-get install --reinstall {package}" if package else \
            "replace the file"
        data = read_regular(path, LIMITS["font file"], what="font file", hint=pkg)
        try:
            font = _load_font(fontname, path, index, data)
        except Exception as exc:  # TTFError, OSError, struct errors from damaged files
            raise LeafletError(f"cannot use font file: {exc}", path=path,
                               hint=f"ReportLab needs TrueType (glyf) outlines, not CFF/OTF; "
                                    f"if the file is damaged, {pkg}") from exc
        pdfmetrics.registerFont(font)
        _registered[fontname] = key
        _by_file[key] = fontname
        return fontname


def _load_font(fontname: str, path: Path, index: int, data: bytes):
    """The font from its face parsed before on this machine (facecache), else parsed by
    ReportLab, tried and kept for the next process."""
    key = facecache.face_key(path, index, data)
    face = facecache.load_face(path, index, data, key)
    if face is not None:   # same bytes as a face that passed the trial subset below
        return _ttfont_class().from_face(fontname, face)
    source = io.BytesIO(data)
    source.name = str(path)   # ReportLab's face.filename, as when it opens the path itself
    font = _ttfont_class()(fontname, source, subfontIndex=index)
    _trial_subset(font)
    facecache.store_face(path, index, key, font.face)
    return font


_TRIAL_TEXT = "Aa0 .,?éд中あ가अا"


def _trial_subset(font) -> None:
    """Subset a few common characters now: a damaged glyph table otherwise shows only
    later, in the middle of laying out a leaflet, as a crash instead of a clear error."""
    cmap = font.face.charToGlyph
    codes = [ord(c) for c in _TRIAL_TEXT if ord(c) in cmap]
    if codes:
        font.face.makeSubset(codes)


@lru_cache(maxsize=None)
def _ttfont_class():
    """ReportLab TTFont whose ToUnicode map knows what shaped glyphs stand for.

    Shaped glyphs are drawn via their code point, which for Arabic joining forms is a
    presentation form (U+FExx) and for glyphs without one a private-use code; ReportLab's
    ToUnicode maps them to those codes, so search, copy/paste and screen readers see
    presentation forms or garbage.  ``lines.shape`` notes the source text of each such
    code and ``lines.draw_runs`` records it for the document it draws in
    (``note_glyph_text``); here it replaces the entries.
    """

    class LeafletTTFont(TTFont):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # per PDF document: code -> the text it stands for, as drawn in that document
            # (kept per document so one PDF's ToUnicode never depends on another's text)
            self._glyph_text = weakref.WeakKeyDictionary()
            self._private: dict[int, int] | None = None   # glyph id -> private-use code

        @classmethod
        def from_face(cls, name: str, face):
            """The font of an already parsed face: what TTFont.__init__ sets besides the
            face (tests/test_font_cache.py compares both ways, attribute by attribute)."""
            font = cls.__new__(cls)
            font.fontName = name
            font.face = face
            font.encoding = TTEncoding()
            font.state = weakref.WeakKeyDictionary()
            font._asciiReadable = rl_config.ttfAsciiReadable
            font.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)
            font._glyph_text = weakref.WeakKeyDictionary()
            font._private = None
            return font

        def note_glyph_text(self, doc, notes) -> None:
            """Record (code, source text) pairs of glyphs drawn in `doc` (first one wins)."""
            glyph_text = self._glyph_text.get(doc)
            if glyph_text is None:
                glyph_text = self._glyph_text[doc] = {}
            for code, text in notes:
                glyph_text.setdefault(code, text)

        def _TTFont__addPrivate(self, name, gid, advance):  # noqa: N802 - overrides TTFont's
            """The code a glyph without a code point is drawn with (HarfBuzz output).

            ReportLab hands out private-use codes in order of first use in the process,
            and records the advance of that first use; so a PDF's bytes would depend on
            which documents the process made before it. Here the code is a function of
            the glyph alone (glyph ids without a code point, in order, get U+E000...
            skipping codes the font maps itself) and the width is the glyph's own
            advance: the same input gives the same bytes in any build, whatever else it
            renders and in whichever worker (generator/build/cache.py relies on it).
            """
            del name, advance
            if self._private is None:
                self._private = _private_codes(self.face)
            uchar = self._private.get(gid)
            if uchar is None:
                raise ValueError(f"no private-use code left for glyph {gid} of {self.fontName}")
            face = self.face
            if uchar not in face.charToGlyph:

                face.charToGlyph[uchar] = gid
                face.glyphToChar.setdefault(gid, []).append(uchar)
                face.charWidths[uchar] = uharfbuzz.Font(self.hbFace).get_glyph_h_advance(gid)
            return uchar

        def addObjects(self, doc):
            state = self.state.get(doc)
            subsets = [list(s) for s in state.subsets] if state is not None else []
            super().addObjects(doc)
            glyph_text = self._glyph_text.pop(doc, None)
            if not glyph_text:
                return
            for n, subset in enumerate(subsets):
                if not any(c in glyph_text for c in subset):
                    continue
                base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
                        ).decode("pdfdoc")
                stream = doc.idToObject.get("toUnicodeCMap:" + base)
                if isinstance(stream, pdfdoc.PDFStream):
                    stream.content = _to_unicode_cmap(base, subset, glyph_text)

    return LeafletTTFont


def _private_codes(face) -> dict[int, int]:
    """Glyph id -> private-use code (U+E000..U+F8FF) for every glyph the cmap does not
    reach, in glyph order, skipping codes the font's cmap uses itself."""
    mapped = set(face.charToGlyph)
    glyphs = [gid for gid in range(1, len(face.hmetrics)) if gid not in face.glyphToChar]
    codes: dict[int, int] = {}
    code = 0xE000
    for gid in glyphs:
        while code in mapped:
            code += 1
        if code > 0xF8FF:
            break
        codes[gid] = code
        code += 1
    return codes


def _to_unicode_cmap(name: str, subset: list[int], glyph_text: dict[int, str]) -> str:
    """ToUnicode CMap like ReportLab's, with glyph-only codes mapped to their source text."""
    def utf16(text: str) -> str:
        return text.encode("utf-16-be").hex().upper()

    entries = []
    for i, code in enumerate(subset):
        text = glyph_text.get(code, chr(code))
        if text:   # a glyph that is the 2nd+ of its cluster maps to nothing
            entries.append(f"<{i:02X}> <{utf16(text)}>")
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({name})", f"/Ordering ({name})",
        "/Supplement 0", ">> def", f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end"])


def _is_foreign_font(fontname: str) -> bool:
    """True if ReportLab already knows this name from someone else's registration."""

    return fontname in pdfmetrics._fonts  # noqa: SLF001 - no public "is registered" API


# ---------------------------------------------------------------- public entry points

def fonts_for_script(script: str, font_dirs: Sequence[Path] | None = None) -> ScriptFonts:
    """Register (once) and return the fonts for an ISO 15924 script code."""
    config = load_config()
    script = config["script_aliases"].get(script, script)
    dirs = tuple(Path(d) for d in (font_dirs if font_dirs is not None else font_dirs_default()))
    with _lock:
        cached = _cache.get((script, dirs))
        if cached is not None:
            return cached
        entry = config["scripts"].get(script)
        if entry is None:
            raise LeafletError(f"no fonts configured for script {script}", path=CONFIG_PATH,
                               hint="add the script to generator/scripts/fonts.yaml "
                                    "(docs/fonts.md, 'Adding a script')")
        names = _register_faces(script, entry, dirs, config)
        fonts = ScriptFonts(
            script=script, family=str(entry.get("family") or names["regular"]),
            shaping=bool(entry.get("shaping")), rtl=bool(entry.get("rtl")),
            cjk_wrap=bool(entry.get("cjk_wrap")), **names)
        _add_family(fonts)
        if fonts.shaping:

            shaping.install()   # shape each word once per process (same bytes)
        _cache[(script, dirs)] = fonts
        return fonts


def fonts_for_locale(locale: str, font_dirs: Sequence[Path] | None = None) -> ScriptFonts:
    """Fonts for a locale such as 'en', 'ar', 'zh_TW', 'pt-BR' (registered on first use)."""
    return fonts_for_script(script_for_locale(locale), font_dirs)


def missing_glyphs(text: str, fonts: ScriptFonts) -> list[str]:
    """Characters of markup-free ``text`` that the regular font has no glyph for.

    Whitespace, controls and format characters (ZWJ, bidi marks, soft hyphen) are
    ignored: they are not drawn.  Each missing character is listed once, in order of
    first appearance, so callers can report them to translators.
    """
    cmap = _cmap(fonts.regular)
    missing: list[str] = []
    for ch in dict.fromkeys(text):
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            continue
        if ord(ch) not in cmap:
            missing.append(ch)
    return missing


# ---------------------------------------------------------------- helpers

def _cmap(fontname: str) -> dict[int, int]:
    return pdfmetrics.getFont(fontname).face.charToGlyph


def _register_faces(script: str, entry: dict, dirs: tuple[Path, ...],
                    config: dict) -> dict[str, str]:
    """Register regular/bold/italic/bold_italic faces of a script entry; returns names."""
    package = entry.get("package")
    specs = {
        "regular": entry["regular"],
        "bold": entry.get("bold") or entry["regular"],
    }
    specs["italic"] = entry.get("italic") or specs["regular"]
    specs["bold_italic"] = entry.get("bold_italic") or (
        specs["bold"] if not entry.get("italic") else specs["italic"])
    latin_from = entry.get("latin_from")
    names: dict[str, str] = {}
    done: dict[str, str] = {}
    for weight in WEIGHTS:
        spec = str(specs[weight])
        if spec in done:
            names[weight] = done[spec]
            continue
        filename, index = split_face(spec)
        path = find_font_file(filename, dirs, package)
        if latin_from:
            names[weight] = _register_merged(path, index, package, latin_from,
                                             "bold" if weight.startswith("bold") else "regular",
                                             dirs, config)
        else:
            names[weight] = register_ttf(path, index, package)
        done[spec] = names[weight]
    return names


def _register_merged(path: Path, index: int, package: str | None, latin_from: str,
                     weight: str, dirs: tuple[Path, ...], config: dict) -> str:
    """Script face + Latin face of the same weight -> one cached merged font (see merge.py)."""

    latin = config["scripts"].get(latin_from)
    if latin is None:
        raise LeafletError(f"latin_from: {latin_from} is not a script in the font table",
                           path=CONFIG_PATH)
    lfile, lindex = split_face(latin.get(weight) or latin["regular"])
    lpath = find_font_file(lfile, dirs, latin.get("package"))
    merged = merge.merged_font(path, lpath, package=package)
    name = f"{path.stem}+{lpath.stem.split('-')[0]}"
    return register_ttf(merged, 0, package, name=name)


def _add_family(fonts: ScriptFonts) -> None:
    """addMapping so <b>/<i> inside a Paragraph pick the right face.

    Regular is mapped last: when one file serves several weights (CJK without bold), the
    reverse lookup font -> (family, bold, italic) then says 'regular', which is right.
    """

    addMapping(fonts.family, 1, 1, fonts.bold_italic)
    addMapping(fonts.family, 0, 1, fonts.italic)
    addMapping(fonts.family, 1, 0, fonts.bold)
    addMapping(fonts.family, 0, 0, fonts.regular)
