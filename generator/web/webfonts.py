"""The web edition's fonts: the faces the PDF prints with, subset to the characters the
page uses and embedded as WOFF2 (fontTools' subsetter; WOFF2 needs the `brotli` package).

A script font that borrows its Latin letters from another face (Arabic, Devanagari ...)
gets two families in the page's font stack, script face first: the browser takes each
character from the first family that has it, as the PDF's merged font does. Subsets are
made with every OpenType layout feature kept, so the browser shapes Arabic joining and
Devanagari conjuncts itself. Output is deterministic (no timestamps are recalculated).
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from generator.scripts.registry import (
    find_font_file,
    font_dirs_default,
    load_config,
    script_for_locale,
    split_face,
)

FAMILIES = ("LeafletText", "LeafletLatin")


def font_faces(locale: str) -> list[tuple[str, str, Path, int]]:
    """(family, weight, file, face index) for the locale's script, then its Latin faces."""
    config = load_config()
    dirs = font_dirs_default()
    entry = config["scripts"].get(script_for_locale(locale)) or {}
    entries = [entry]
    if entry.get("latin_from"):
        entries.append(config["scripts"].get(entry["latin_from"]) or {})
    faces = []
    for family, spec in zip(FAMILIES, entries):
        regular = spec.get("regular")
        if not regular:
            continue
        bold = spec.get("bold") or regular
        # A script without a bold face (Chinese, Japanese) is embedded once: the browser
        # makes its bold, so emphasis still shows.
        weights = (("400", regular), ("700", bold)) if bold != regular else (("400", regular),)
        for weight, face in weights:
            name, index = split_face(str(face))
            faces.append((family, weight, find_font_file(name, dirs, spec.get("package")),
                          index))
    return faces


def font_css(locale: str, text: str) -> tuple[str, str]:
    """(@font-face rules, font-family list) for a page whose text is `text`."""
    chars = "".join(sorted(set(text) | set("0123456789.,%:;()-–+/ ")))
    rules, families = [], []
    for family, weight, path, index in font_faces(locale):
        data = _subset(str(path), index, chars)
        if data is None:
            continue
        if family not in families:
            families.append(family)
        rules.append(f"@font-face{{font-family:{family};font-weight:{weight};"
                     f"font-style:normal;font-display:block;"
                     f"src:url(data:font/woff2;base64,{base64.b64encode(data).decode()}) "
                     f"format('woff2')}}")
    stack = ",".join(families + ["system-ui", "sans-serif"])
    return "\n".join(rules), stack


@lru_cache(maxsize=64)
def _subset(path: str, index: int, chars: str) -> bytes | None:
    """WOFF2 bytes of the face subset to `chars`; None when it has none of them."""

    font = TTFont(path, fontNumber=index, recalcTimestamp=False, lazy=False)
    cmap = font.getBestCmap() or {}
    wanted = [ord(c) for c in chars if ord(c) in cmap]
    if not wanted:
        return None
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]      # keep shaping features: the browser shapes
    options.name_IDs = ["*"]             # keep the licence and copyright names
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    # FontForge's timestamps; Visual TrueType's hinting sources (fontTools would drop them
    # too, with a warning on the terminal for each)
    options.drop_tables = options.drop_tables + ["FFTM", "TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=False)
    return out.getvalue()
