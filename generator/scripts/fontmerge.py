"""Merge a script font and a Latin font with fontTools (scripts/merge.py says why and caches
the result; this module is imported only when a merged font has to be built)."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from fontTools.ttLib.tables import ttProgram

from generator.errors import LeafletError

# Per-glyph tables that would go stale when glyphs are added; all optional.
_DROP_TABLES = ("hdmx", "LTSH", "VDMX", "DSIG", "vmtx", "vhea", "kern")


def build_merged(script_font: Path, latin_font: Path, package: str | None = None,
                 version: str = ""):
    """fontTools TTFont: script font with the Latin font's missing code points added."""
    try:
        base = TTFont(str(script_font), recalcTimestamp=False)
        latin = TTFont(str(latin_font), recalcTimestamp=False)
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
    _rename(base, version)
    if "post" in base:
        base["post"].formatType = 2.0
        base["post"].extraNames = []
        base["post"].mapping = {}
    return base


def _rename(font, version: str) -> None:
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
            rec.string = full if rec.nameID == 4 else f"{new_ps};leaflets-merge-{version}"
