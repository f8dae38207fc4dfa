"""Write output files atomically: a reader sees the old file or the new one, never half.

The bytes go to a temporary file in the same folder, are flushed to disk, and replace the
target with one rename. A crash, a full disk or a killed build leaves at most a stray
temporary file, which the next build removes.

Temporary files are named `.tmp-leaflets-<machine>-<pid>-<random>.part`: the machine (a
hash of the host name) and the process that made it, and a random part, so no two builds,
not even two at once into the same folder, can collide. A build removes a temporary file
only if it made it itself (this process keeps the list), or if the name says it was made
on this machine by a process that no longer runs. Nothing else is touched: not a user's
own `.tmp-notes`, not a file another running build is writing.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import socket
import tempfile
import threading
from pathlib import Path

from ..errors import LeafletError

TEMP_PREFIX = ".tmp-"
_MACHINE = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]
_OURS = re.compile(r"\.tmp-leaflets-([0-9a-f]{8})-([0-9]{1,10})-[A-Za-z0-9_]+\.part")
_made: set[str] = set()          # temporary files this process made and has not removed
_made_lock = threading.Lock()


def _temp_prefix() -> str:
    # the pid of the process that writes, read at each write (workers are forked)
    return f"{TEMP_PREFIX}leaflets-{_MACHINE}-{os.getpid()}-"


def _mkstemp(folder: Path) -> tuple[int, str]:
    fd, temp = tempfile.mkstemp(prefix=_temp_prefix(), suffix=".part", dir=folder)
    with _made_lock:
        _made.add(temp)
    return fd, temp


@atexit.register
def _remove_ours() -> None:
    """At exit, whatever this process made and did not rename or remove yet."""
    mine = _temp_prefix()   # a forked worker inherits the list: never its parent's files
    with _made_lock:
        leftovers = [temp for temp in _made if Path(temp).name.startswith(mine)]
    for temp in leftovers:
        _remove(Path(temp))


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = _mkstemp(path.parent)
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
        with _made_lock:
            _made.discard(temp)
    except OSError as exc:
        _remove(Path(temp))
        hint = ("another program removed the temporary file while it was written; "
                "build again" if isinstance(exc, FileNotFoundError)
                else "check free disk space and permissions")
        raise LeafletError(f"cannot write {path}: {exc.strerror}", hint=hint) from None
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
        fd, probe = _mkstemp(folder)
        os.close(fd)
        _remove(Path(probe))
    except OSError as exc:
        raise LeafletError(f"cannot write to the out folder {folder}: {exc.strerror}",
                           hint="choose a folder you can write to with --out") from None
    remove_stale_temps(folder)


def remove_stale_temps(folder: Path) -> None:
    """Remove temporary files a killed build left behind: only files named as this tool
    names them, made on this machine by a process that is gone."""
    if not folder.is_dir():
        return
    for stale in folder.rglob(TEMP_PREFIX + "leaflets-*.part"):
        match = _OURS.fullmatch(stale.name)
        if match and match.group(1) == _MACHINE and not _running(int(match.group(2))) \
                and stale.is_file() and not stale.is_symlink():
            _remove(stale)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True     # ours: removed by whoever made it in this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True     # someone else's live process (or not a pid): leave it alone
    return True


def _remove(path: Path) -> None:
    with _made_lock:
        _made.discard(str(path))
    try:
        path.unlink()
    except OSError:
        pass
