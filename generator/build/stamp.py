"""A build with nothing to do answers before parsing anything, as make does.

At the end of a `leaflets build` in which nothing failed, the command records a *stamp* in
the out folder (`.build-stamps.json`): the exact invocation (arguments, working folder,
font path, usable cores, generator), the content hash of every file of the project
folders it reads (leaflets/, quizzes/, locales/ and the clinic file and logo), the size,
time and inode of every font file it printed with and every file it wrote, and what a
build with nothing to do prints. The next identical invocation checks those (hashing the
small project files, stat for fonts and outputs: a new, removed, edited or touched-and-
changed file anywhere in the project folders counts) and, when all match, prints the
recorded report and stops: no YAML, catalog or style sheet is parsed and nothing of the
renderer is imported. Anything else goes the normal way, which decides per output from
content hashes (build.cache) and records a new stamp.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

from generator.build.cache import file_digest, generator_fingerprint
from generator.errors import LeafletError, printable
from generator.files import read_json, write_atomic

STAMPS_NAME = ".build-stamps.json"
FORMAT = 1
KEPT = 16          # invocations remembered per out folder (oldest dropped first)
PROJECT_FOLDERS = ("leaflets", "quizzes", "locales")
_IGNORED = ("__pycache__", ".git")
_NOT_PART_OF_THE_CALL = ("handler", "up_to_date")   # what the CLI adds to the arguments


def up_to_date(args) -> int | None:
    """When this exact build ran before and nothing it read or wrote changed since: print
    what it printed then (with this run's time) and return its exit status. None: build."""
    start = time.perf_counter()
    if getattr(args, "force", False):
        return None
    root = project_root(args.root)
    if root is None:
        return None
    stamps = _read(Path(args.out))
    entry = stamps.get(invocation_key(args, root))
    if not isinstance(entry, dict) or not _unchanged(root, entry):
        return None
    # the file is in the out folder, which anyone who can write there can edit: what it says
    # is shown with control and bidi characters escaped, as every message is
    sys.stderr.write(printable(str(entry.get("report", ""))).replace(
        "{seconds}", f"{time.perf_counter() - start:.1f}"))
    status = entry.get("status")
    return status if isinstance(status, int) else None


def record(args, root: Path, *, report: str, status: int, read: list, fonts: list,
           written: list) -> None:
    """Remember this invocation (see the module docstring). `report` is what a build with
    nothing to do prints, with "{seconds}" for its time; `read` lists the project files
    read from outside the project folders (a clinic file, its logo), `fonts` the font
    files and `written` every file in the out folder the build made or checked."""
    out = Path(args.out)
    entry = {"project": _project_files(root, read), "files": _signatures(fonts + written),
             "report": report, "status": status}
    stamps = _read(out)
    key = invocation_key(args, root)
    stamps.pop(key, None)
    stamps[key] = entry
    _write(out, dict(list(stamps.items())[-KEPT:]))


def _write(out: Path, stamps: dict) -> None:
    try:
        write_atomic(out / STAMPS_NAME, json.dumps({"format": FORMAT, "stamps": stamps},
                                                   indent=0).encode("utf-8") + b"\n")
    except LeafletError:
        pass   # no stamp: the next build decides the normal way


def forget(args, root: Path) -> None:
    """Drop this invocation's stamp (a build that failed decides the normal way next time)."""
    out = Path(args.out)
    stamps = _read(out)
    if stamps.pop(invocation_key(args, root), None) is not None:
        _write(out, stamps)


def invocation_key(args, root: Path) -> str:
    """Everything about this call that can change what a build makes or prints."""
    call = {name: value for name, value in sorted(vars(args).items())
            if name not in _NOT_PART_OF_THE_CALL}
    parts = [call, str(Path.cwd()), str(root), os.environ.get("LEAFLETS_FONT_PATH", ""),
             _usable_cores(), generator_fingerprint()]
    return json.dumps(parts, sort_keys=True, default=str)


def _unchanged(root: Path, entry: dict) -> bool:
    recorded_project, recorded_files = entry.get("project"), entry.get("files")
    if not isinstance(recorded_project, dict) or not isinstance(recorded_files, dict):
        return False
    extra = [Path(name) for name in recorded_project if Path(name).is_absolute()]
    if _project_files(root, extra) != recorded_project:
        return False
    return _signatures(list(recorded_files)) == recorded_files


def _project_files(root: Path, read) -> dict[str, str]:
    """Content hash of every file in the project folders (relative names) and of the files
    in `read` (absolute names)."""
    found: dict[str, str] = {}
    for folder in PROJECT_FOLDERS:
        for base, dirs, files in os.walk(root / folder):
            dirs[:] = sorted(d for d in dirs if d not in _IGNORED)
            for name in sorted(files):
                path = Path(base) / name
                found[path.relative_to(root).as_posix()] = file_digest(path)
    for path in read:
        found[str(Path(path).resolve())] = file_digest(Path(path))
    return found


def _signatures(paths) -> dict[str, list]:
    """path -> [size, mtime_ns, inode], or [] for a path that is not a regular file."""
    found = {}
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            found[str(path)] = []
            continue
        found[str(path)] = [info.st_size, info.st_mtime_ns, info.st_ino] \
            if stat.S_ISREG(info.st_mode) else []
    return found


def _read(out: Path) -> dict:
    data = read_json(out / STAMPS_NAME, "manifest")
    stamps = data.get("stamps") if data.get("format") == FORMAT else None
    return stamps if isinstance(stamps, dict) else {}


def project_root(asked) -> Path | None:
    """The project folder: `asked` (--root) when it holds leaflets/, else the nearest
    folder upwards from here that does; None when there is none."""
    if asked is not None:
        return Path(asked).resolve() if (Path(asked) / "leaflets").is_dir() else None
    here = Path.cwd().resolve()
    return next((folder for folder in (here, *here.parents)
                 if (folder / "leaflets").is_dir()), None)


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
