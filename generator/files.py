"""Files the tool reads and writes: bounded reads, atomic writes.

Reading: a regular file, opened without blocking, size-bounded.

A path given by a user, or found in a project folder, may name something that is not a
file at all: a named pipe (reading blocks forever), a device such as /dev/zero (reading
never ends) or a folder. It may also name a real file that is far larger than any real
input. `read_regular` opens the path without blocking (O_NONBLOCK, so opening a pipe with
no writer returns at once), asks the *open* file what it is (no race between a check and
the open), refuses anything but a regular file, and reads at most `limit` bytes: a file
larger than that is refused before it is read.

Every reader uses it: content, quizzes, glossaries, catalogs, fonts, clinic file, logo,
the build manifest (limits: docs/security.md, "Size limits").

Writing: atomically, so a reader sees the old file or the new one, never half.

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
import json
import os
import re
import stat
import tempfile
import threading
from pathlib import Path

from generator.errors import LeafletError

MB = 1_000_000
# Limits, one per kind of input; each is far above any real file (docs/security.md).
LIMITS = {
    "leaflet file": 1 * MB,     # also quiz files, glossaries, clinic files: the YAML limit
    "catalog": 5 * MB,          # a catalog of one leaflet is about 60 KB
    "font file": 64 * MB,       # Noto Sans CJK, the largest we use, is about 20 MB
    "logo": 2 * MB,
    "manifest": 64 * MB,        # about 2 KB per output
    "output": 64 * MB,          # a file the build wrote (the largest PDF is about 1 MB)
}


class NotRegular(LeafletError):
    """The path is a folder, a pipe, a device or a socket."""


class TooLarge(LeafletError):
    """The file is larger than its limit."""


class Missing(LeafletError):
    """The path does not exist."""


def _open_regular(path: Path, limit: int, what: str, hint: str | None) -> int:
    """An open descriptor of the regular file at `path` of at most `limit` bytes (opened
    without blocking, checked on the open file); the caller closes it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (FileNotFoundError, NotADirectoryError):
        raise Missing(f"{what} not found", path=path, hint=hint or "check the path") from None
    except IsADirectoryError:
        raise NotRegular(f"{what} is not a regular file (it is a folder)", path=path,
                         hint=hint) from None
    except OSError as exc:
        raise LeafletError(f"cannot read {what}: {exc.strerror}", path=path,
                           hint=hint) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"{what} is not a regular file (it is {_kind(info.st_mode)})",
                             path=path, hint=hint or "give the path of a real file")
        if info.st_size > limit:
            raise TooLarge(f"{what} is too large ({info.st_size} bytes, the limit is "
                           f"{limit} bytes)", path=path,
                           hint=hint or "replace it with the real file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path | str, limit: int, *, what: str = "file",
                 hint: str | None = None) -> bytes:
    """The bytes of the regular file at `path` (at most `limit` bytes), or a LeafletError
    (NotRegular, TooLarge, Missing or a plain LeafletError for other OS errors) that
    names the file."""
    path = Path(path)
    fd = _open_regular(path, limit, what, hint)
    try:
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise LeafletError(f"cannot read {what}: {exc.strerror}", path=path,
                           hint=hint) from None
    finally:
        os.close(fd)
    if len(data) > limit:    # it grew while it was read
        raise TooLarge(f"{what} is too large (more than {limit} bytes)", path=path,
                       hint=hint or "replace it with the real file")
    return data


def check_regular(path: Path | str, limit: int, *, what: str = "file",
                  hint: str | None = None) -> int:
    """Make sure `path` is a regular file of at most `limit` bytes, for readers that open
    the file themselves (ReportLab, fontTools, Pillow); returns its size."""
    fd = _open_regular(Path(path), limit, what, hint)
    try:
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def sha256_regular(path: Path | str, limit: int, *, what: str = "file") -> str:
    """The SHA-256 (hex) of the regular file at `path`, read in chunks (fonts are large);
    the same refusals as read_regular."""
    fd = _open_regular(Path(path), limit, what, None)
    digest = hashlib.sha256()
    try:
        os.set_blocking(fd, True)
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
    except OSError as exc:
        raise LeafletError(f"cannot read {what}: {exc.strerror}", path=path) from None
    finally:
        os.close(fd)
    return digest.hexdigest()


def read_json(path: Path | str, kind: str) -> dict:
    """A JSON object the tool wrote itself (build manifest, stamps, clinic marker), read as
    a bounded regular file; {} when it is missing, not a regular file, too large or not a
    JSON object: the caller then does the work again."""
    try:
        data = json.loads(read_regular(path, LIMITS[kind], what=kind).decode("utf-8"))
    except (LeafletError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


# ---------------------------------------------------------------- writing
TEMP_PREFIX = ".tmp-"
# the host name, as socket.gethostname() gives it on Linux and macOS (uname's node name),
# without importing socket (2 ms of every cold start)
_HOST = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
_MACHINE = hashlib.sha256(_HOST.encode("utf-8", "replace")).hexdigest()[:8]
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
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but was not reaped yet (the worker of a killed build whose
    new parent has not collected it): it writes nothing any more. Linux only."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    fields = stat_line.rpartition(")")[2].split()
    return bool(fields) and fields[0] == "Z"


def _remove(path: Path) -> None:
    with _made_lock:
        _made.discard(str(path))
    try:
        path.unlink()
    except OSError:
        pass
