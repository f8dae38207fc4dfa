"""Script font + Latin font -> one TrueType font, built once and cached on disk.

Why merge instead of switching fonts per run: Noto Naskh Arabic and Noto Sans
Devanagari have no Latin letters, yet leaflets mix in 'PD-L1', 'TNM', drug names and
URLs.  ReportLab's Paragraph (and our RTL line breaker, and HarfBuzz shaping) work on one
font per text fragment; with a merged font every string is drawable by a single face,
so shaping, bidi reordering and line measuring need no per-run font segmentation.

How (scripts/fontmerge.py): glyphs of the Latin font whose code points the script font lacks are copied in
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

MERGE_VERSION = "3"  # bump when the merge logic changes: invalidates cached fonts
CACHE_ENV = "LEAFLETS_FONT_CACHE"


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
    # fontTools takes 0.25 s to import: only when a merged font is not cached yet
    from generator.scripts.fontmerge import build_merged  # noqa: PLC0415 - see above

    font = build_merged(script_font, latin_font, package, MERGE_VERSION)
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
