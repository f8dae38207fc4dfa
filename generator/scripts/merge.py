"""Script font + Latin font -> one TrueType font, built once and cached on disk.

Why merge instead of switching fonts per run: Noto Naskh Arabic and Noto Sans
Devanagari have no Latin letters, yet leaflets mix in 'PD-L1', 'TNM', drug names and
URLs.  ReportLab's Paragraph (and our RTL line breaker, and HarfBuzz shaping) work on one
font per text fragment; with a merged font every string is drawable by a single face,
so shaping, bidi reordering and line measuring need no per-run font segmentation.

How: glyphs of the Latin font whose code points the script font lacks are copied in
(outlines, advance widths, components), hinting instructions dropped (they belong to
the other font's fpgm; PDF viewers ignore TrueType hinting anyway).  The script font's
own GSUB/GPOS stay intact, so HarfBuzz shapes Arabic/Devanagari exactly as before;
copied Latin glyphs get no kerning, which is invisible at leaflet sizes.

Cache: ``$LEAFLETS_FONT_CACHE`` or ``$XDG_CACHE_HOME/leaflets/fonts`` (default
``~/.cache/leaflets/fonts``), file name keyed by a hash of both source files and
``MERGE_VERSION``; written to a temp file and renamed, so concurrent builds are safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from generator.errors import LeafletError
from generator.files import LIMITS, read_regular

MERGE_VERSION = "2"  # bump when the merge logic changes: invalidates cached fonts
CACHE_ENV = "LEAFLETS_FONT_CACHE"
# Per-glyph tables that would go stale when glyphs are added; all optional.
_DROP_TABLES = ("hdmx", "LTSH", "VDMX", "DSIG", "vmtx", "vhea", "kern")


def cache_dir() -> Path:
    """Where merged fonts are kept (created on demand)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "leaflets" / "fonts"


def _digest(*paths: Path) -> str:
    h = hashlib.sha256(MERGE_VERSION.encode())
    for p in paths:
        h.update(read_regular(p, LIMITS["font file"], what="font file"))
    return h.hexdigest()[:16]


def merged_font(script_font: Path, latin_font: Path, package: str | None = None) -> Path:
    """Path of the cached merge of ``script_font`` with ``latin_font`` (built if missing)."""
    try:
        key = _digest(script_font, latin_font)
    except LeafletError as exc:
        if package:
            exc.hint = f"apt-get install --reinstall {package}"
        raise
    target_dir = cache_dir()
    target = target_dir / f"{script_font.stem}+{latin_font.stem}-{key}.ttf"
    if target.is_file():
        return target
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LeafletError(f"cannot create font cache directory: {exc}", path=target_dir,
                           hint=f"set ${CACHE_ENV} or $XDG_CACHE_HOME to a writable dir")
    font = build_merged(script_font, latin_font, package)
    fd, tmp = tempfile.mkstemp(prefix=target.stem, suffix=".tmp", dir=target_dir)
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; cached fonts are not secret
        with os.fdopen(fd, "wb") as fh:
            font.save(fh)
        os.replace(tmp, target)  # atomic: readers see the old state or the whole file
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def build_merged(script_font: Path, latin_font: Path, package: str | None = None):
    """fontTools TTFont: script font with the Latin font's missing code points added."""
    import fontTools.ttLib.scaleUpem, fontTools.ttLib.tables.ttProgram  # noqa: PLC0415 - 0.25 s, only when not cached

    TTFont, ttProgram = fontTools.ttLib.TTFont, fontTools.ttLib.tables.ttProgram
    scale_upem = fontTools.ttLib.scaleUpem.scale_upem

    try:
        base = TTFont(str(script_font))
        latin = TTFont(str(latin_font))
    except Exception as exc:
        raise LeafletError(f"cannot parse font file: {exc}", path=script_font,
                           hint=f"apt-get install --reinstall {package}" if package else None)
    for f, p in ((base, script_font), (latin, latin_font)):
        if "glyf" not in f:
            raise LeafletError("font has CFF outlines; ReportLab can only embed TrueType",
                               path=p, hint="use a TrueType (glyf) build of the font")
    if latin["head"].unitsPerEm != base["head"].unitsPerEm:

        scale_upem(latin, base["head"].unitsPerEm)

    base_cmap = base.getBestCmap()
    wanted = {cp: g for cp, g in latin.getBestCmap().items() if cp not in base_cmap}
    lglyf, lhmtx = latin["glyf"], latin["hmtx"]
    bglyf, bhmtx = base["glyf"], base["hmtx"]
    order = list(base.getGlyphOrder())
    renamed: dict[str, str] = {}
    existing = set(order)

    def copy(gname: str) -> str:
        """Copy a glyph (and its components) under a fresh name; returns the new name."""
        if gname in renamed:
            return renamed[gname]
        new = "latn." + gname
        while new in existing:
            new += "_"
        renamed[gname] = new
        existing.add(new)
        glyph = lglyf[gname]
        glyph.expand(lglyf)
        if glyph.isComposite():
            for comp in glyph.components:
                comp.glyphName = copy(comp.glyphName)
        if hasattr(glyph, "program"):

            glyph.program = ttProgram.Program()
            glyph.program.fromBytecode(b"")
        order.append(new)
        bglyf.glyphs[new] = glyph
        bhmtx.metrics[new] = lhmtx.metrics[gname]
        return new

    added = {cp: copy(g) for cp, g in sorted(wanted.items())}
    base.setGlyphOrder(order)
    bglyf.glyphOrder = order
    for table in base["cmap"].tables:
        if table.isUnicode() and table.format in (4, 12):
            for cp, g in added.items():
                if table.format == 12 or cp <= 0xFFFF:
                    table.cmap[cp] = g
    for tag in _DROP_TABLES:
        if tag in base:
            del base[tag]
    _rename(base)
    if "post" in base:
        base["post"].formatType = 2.0
        base["post"].extraNames = []
        base["post"].mapping = {}
    return base


def _rename(font) -> None:
    """Give the merged font its own PostScript/full name ('NotoNaskhArabicLatn-Regular').

    ReportLab names PDF objects after the PostScript name; a merged font must not
    collide with the unmerged original if both end up in one document.
    """
    name = font["name"]
    ps = str(name.getDebugName(6) or "Font-Regular")
    family, _, style = ps.partition("-")
    new_ps = f"{family}Latn-{style or 'Regular'}"
    full = str(name.getDebugName(4) or family) + " Latn"
    for rec in list(name.names):
        if rec.nameID == 6:
            rec.string = new_ps
        elif rec.nameID in (3, 4):
            rec.string = full if rec.nameID == 4 else f"{new_ps};leaflets-merge-{MERGE_VERSION}"
