"""The one way the tool reads a file: a regular file, opened without blocking, size-bounded.

A path given by a user, or found in a project folder, may name something that is not a
file at all: a named pipe (reading blocks forever), a device such as /dev/zero (reading
never ends) or a folder. It may also name a real file that is far larger than any real
input. `read_regular` opens the path without blocking (O_NONBLOCK, so opening a pipe with
no writer returns at once), asks the *open* file what it is (no race between a check and
the open), refuses anything but a regular file, and reads at most `limit` bytes: a file
larger than that is refused before it is read.

Every reader uses it: content, quizzes, glossaries, catalogs, fonts, clinic file, logo,
the build manifest (limits: docs/security.md, "Size limits").
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import LeafletError

MB = 1_000_000
# Limits, one per kind of input; each is far above any real file (docs/security.md).
LIMITS = {
    "leaflet file": 1 * MB,     # also quiz files, glossaries, clinic files: the YAML limit
    "catalog": 5 * MB,          # a catalog of one leaflet is about 60 KB
    "font file": 64 * MB,       # Noto Sans CJK, the largest we use, is about 20 MB
    "logo": 2 * MB,
    "manifest": 64 * MB,        # about 2 KB per output
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
