"""Write output files atomically: a reader sees the old file or the new one, never half.

The bytes go to a temporary file in the same folder, are flushed to disk, and replace the
target with one rename. A crash, a full disk or a killed build leaves at most a stray
`.tmp-*` file, which the next build removes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import LeafletError

TEMP_PREFIX = ".tmp-"


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    except OSError as exc:
        raise LeafletError(f"cannot write to {path.parent}: {exc.strerror}",
                           hint="choose a folder you can write to with --out") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        _remove(Path(temp))
        raise LeafletError(f"cannot write {path}: {exc.strerror}",
                           hint="check free disk space and permissions") from None
    except BaseException:
        _remove(Path(temp))
        raise


def prepare_out_dir(folder: Path) -> None:
    """Create the out folder if it is missing and make sure files can be written in it,
    before any work starts; then remove what a killed build left behind."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise LeafletError(f"the out folder {folder} is a file", hint="choose a folder with --out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise LeafletError(f"cannot write to the out folder {folder}: {exc.strerror}",
                           hint="choose a folder you can write to with --out") from None
    remove_stale_temps(folder)


def remove_stale_temps(folder: Path) -> None:
    """Remove temporary files a killed build left behind."""
    if folder.is_dir():
        for stale in folder.rglob(TEMP_PREFIX + "*"):
            _remove(stale)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
