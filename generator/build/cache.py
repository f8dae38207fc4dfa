"""Incremental builds: is an output up to date? Decided by content hashes, never timestamps.

Every output has a *key*: one hash over everything its bytes depend on

- the generator: every source and data file of the `generator` package (so a code or
  style change rebuilds), the versions of the libraries that draw and compress the PDF,
  and the Python and zlib versions;
- the job: its kind and every parameter (topic, locale, paper, edition, --with ...);
- the build settings that change output (clinic file and logo bytes, --allow-fallback,
  --require-reviewed, --language-help ...: every BuildSettings field but the out folder);
- the input files the job reads (each kind lists them: content YAML, quiz YAML, the .po
  catalogs of the locales it prints, the font files of their scripts).

`out/.build-manifest.json` (written atomically at the end of a build, and when a build is
interrupted) records, per output path: its key, the hashes of its parts (so the progress
line can say *why* something is rebuilt), the SHA-256 of the bytes written and how long
it took. An output is up to date when the key is unchanged **and** the file on disk still
has the recorded hash (a deleted or edited output is rebuilt). A job that failed while
rendering (for instance a refused translation) is recorded too: with the same key it fails
the same way, so it is reported again without rendering (`--force` retries it). Failures
to write (disk full, permissions) are never remembered.

Nothing here imports ReportLab: a build where everything is up to date stays fast.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.errors import LeafletError
from generator.files import (
    LIMITS,
    Missing,
    NotRegular,
    TooLarge,
    read_json,
    sha256_regular,
    write_atomic,
)

MANIFEST_NAME = ".build-manifest.json"
FORMAT = 1
MISSING = "missing"
_SOURCE_SUFFIXES = (".py", ".yaml", ".yml", ".cfg", ".json", ".txt", ".html", ".css")
# Libraries whose version can change the bytes of a PDF.
_LIBRARIES = ("reportlab", "rl_accel", "uharfbuzz", "python_bidi", "fonttools", "babel",
              "pyyaml", "pillow")


def digest(data: bytes) -> str:
    """The short content hash recorded for every input and output."""
    return hashlib.sha256(data).hexdigest()[:32]


def _json_digest(value) -> str:
    return digest(json.dumps(value, sort_keys=True, default=str).encode("utf-8"))


class FileHashes:
    """Content hash per file, each file read at most once per build."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def __call__(self, path) -> str:
        key = str(path)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = file_digest(Path(path))
        return found


def file_digest(path: Path) -> str:
    """The content hash of a regular file; a pipe, device or folder is never read (its
    "hash" says what it is, and the reader of that input reports it)."""
    try:
        return sha256_regular(path, LIMITS["font file"], what="input")[:32]
    except Missing:
        return MISSING
    except NotRegular:
        return "not a regular file"
    except TooLarge:
        return "too large"
    except LeafletError as exc:
        return f"unreadable ({exc.message})"


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """Hash of the generator package's files and the libraries' versions (once per process)."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(_SOURCE_SUFFIXES):
                path = Path(root) / name
                h.update(path.relative_to(package).as_posix().encode() + b"\0")
                h.update(path.read_bytes() + b"\0")
    h.update(json.dumps([sys.version_info[:3], zlib.ZLIB_RUNTIME_VERSION,
                         library_versions()]).encode())
    return h.hexdigest()[:32]


def library_versions() -> dict[str, str]:
    """name -> version of the installed libraries that shape the output, read from the
    `*.dist-info` folder names (importlib.metadata costs more than the whole no-op build)."""
    wanted = set(_LIBRARIES)
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name[: -len(".dist-info")].partition("-")
                dist = dist.lower().replace("-", "_").replace(".", "_")
                if dist in wanted and dist not in found:
                    found[dist] = version
    return dict(sorted(found.items()))


def describe(value, hashes: FileHashes):
    """A JSON-able description of a settings value; files are described by their content
    (a clinic logo is its bytes, not its path or date)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: describe(getattr(value, f.name), hashes)
                for f in dataclasses.fields(value)}
    if isinstance(value, Path):
        return {"file": value.name, "sha256": hashes(value)}
    if isinstance(value, bytes):
        return {"bytes": digest(value)}
    if isinstance(value, (list, tuple)):
        return [describe(v, hashes) for v in value]
    if isinstance(value, dict):
        return {str(k): describe(v, hashes) for k, v in sorted(value.items())}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


# Settings that say where and how to build, not what: they never change an output's bytes.
NOT_OUTPUT_SETTINGS = ("out_dir",)


def settings_parts(settings, hashes: FileHashes) -> dict[str, str]:
    """BuildSettings field -> hash of its value, for every field that shapes output."""
    return {f.name: _json_digest(describe(getattr(settings, f.name), hashes))
            for f in dataclasses.fields(settings) if f.name not in NOT_OUTPUT_SETTINGS}


@dataclass
class Decision:
    """What to do with one job: its key and parts, and whether it must run (and why)."""

    key: str
    parts: dict
    run: bool
    reason: str = ""            # why it runs: "new", "changed: ...", "forced", ...
    failure: str | None = None  # up to date, but as a failure: the reason it failed


@dataclass
class BuildCache:
    """The manifest of one out folder, and the decisions and results of one build."""

    out_dir: Path
    generator: str
    settings: dict[str, str]
    hashes: FileHashes = field(default_factory=FileHashes)
    outputs: dict = field(default_factory=dict)
    failures: dict = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, out_dir: Path, settings, hashes: FileHashes | None = None) -> "BuildCache":
        hashes = hashes or FileHashes()
        cache = cls(Path(out_dir), generator_fingerprint(), settings_parts(settings, hashes),
                    hashes)
        cache._load()
        return cache

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / MANIFEST_NAME

    def _load(self) -> None:
        self.outputs, self.failures = read_records(self.out_dir)

    def name(self, path: Path) -> str:
        return Path(path).relative_to(self.out_dir).as_posix()

    def parts(self, job, inputs: dict[str, str]) -> dict:
        return {"generator": self.generator,
                "job": {k: v for k, v in sorted(dataclasses.asdict(job).items())},
                "settings": self.settings, "inputs": dict(sorted(inputs.items()))}

    def decide(self, job, output: Path, inputs: dict[str, str], force: bool) -> Decision:
        parts = self.parts(job, inputs)
        key = _json_digest(parts)
        name = self.name(output)
        entry = self.outputs.get(name)
        if force:
            return Decision(key, parts, True, "forced")
        failure = self.failures.get(name)
        if isinstance(failure, dict) and failure.get("key") == key:
            return Decision(key, parts, False, failure=str(failure.get("reason", "failed")))
        if not isinstance(entry, dict):
            return Decision(key, parts, True, "new" if failure is None else "failed before")
        if entry.get("key") != key:
            return Decision(key, parts, True, _what_changed(entry.get("parts") or {}, parts))
        if not output.is_file():
            return Decision(key, parts, True, "output missing")
        if entry.get("size") != output.stat().st_size or \
                file_digest(output) != entry.get("sha256"):
            return Decision(key, parts, True, "output changed on disk")
        return Decision(key, parts, False)

    def record_written(self, output: Path, decision: Decision, sha256: str, size: int,
                       seconds: float) -> None:
        name = self.name(output)
        self.outputs[name] = {"key": decision.key, "sha256": sha256, "size": size,
                              "seconds": round(seconds, 3), "parts": _compact(decision.parts)}
        self.failures.pop(name, None)
        self.changed = True

    def record_failed(self, output: Path, decision: Decision, reason: str,
                      remember: bool) -> None:
        """A failed job: its old output entry goes (the file was not replaced, but it no
        longer matches its inputs); a rendering failure is remembered with its key."""
        name = self.name(output)
        self.outputs.pop(name, None)
        if remember:
            self.failures[name] = {"key": decision.key, "reason": reason,
                                   "parts": _compact(decision.parts)}
        else:
            self.failures.pop(name, None)
        self.changed = True

    def seconds(self, output: Path) -> float:
        """How long the output took last time (0 when unknown): longest jobs go first."""
        entry = self.outputs.get(self.name(output))
        try:
            return float(entry.get("seconds", 0)) if isinstance(entry, dict) else 0.0
        except (TypeError, ValueError):
            return 0.0

    def save(self) -> None:
        """Write the manifest atomically (only when something changed). The records of
        `run_step` are dropped then: after a build that changed anything, the index page
        is made again."""

        if not self.changed:
            return
        data = {"format": FORMAT, "note": "written by `leaflets build`: which inputs each "
                "output was made from (docs/performance.md); safe to delete",
                "outputs": dict(sorted(self.outputs.items())),
                "failures": dict(sorted(self.failures.items()))}
        write_atomic(self.manifest_path,
                     json.dumps(data, indent=1, sort_keys=False).encode("utf-8") + b"\n")
        self.changed = False


def read_manifest(path: Path) -> dict | None:
    """The parsed manifest, or None when there is none or it cannot be used (then every
    output is rebuilt). Only a regular file of at most 64 MB is read: a manifest that is a
    pipe or a link to /dev/zero is ignored (and replaced at the end of the build)."""
    return read_json(path, "manifest") or None


def read_records(folder: Path) -> tuple[dict, dict]:
    """(outputs, failures) as the last build in `folder` recorded them ({} when unknown)."""
    data = read_manifest(Path(folder) / MANIFEST_NAME) or {}
    if data.get("format") != FORMAT:
        return {}, {}
    outputs, failures = data.get("outputs"), data.get("failures")
    return (outputs if isinstance(outputs, dict) else {},
            failures if isinstance(failures, dict) else {})


def run_step(out_dir: Path, name: str, make, inputs=(), listing: str | None = None) -> bool:
    """Run `make()` (which writes out_dir/name) unless it ran before with the same
    generator, the same content of the `inputs` files and, with `listing` (a glob), the
    same set of matching files in the out folder; returns whether it ran. For whole-folder
    outputs such as the index page, which every build would otherwise make again."""
    return run_steps(out_dir, [(name, make, inputs, listing)])[0]


def run_steps(out_dir: Path, steps) -> list[bool]:
    """`run_step` for several (name, make, inputs, listing) steps of one out folder, in
    order: the manifest is read and written once, and a file read by several is hashed
    once."""
    out_dir = Path(out_dir)
    hashes = FileHashes()
    manifest = out_dir / MANIFEST_NAME
    data = read_manifest(manifest)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        data = {"format": FORMAT, "outputs": {}, "failures": {}}
    ran = []
    for name, make, inputs, listing in steps:
        parts = {"generator": generator_fingerprint(),
                 "inputs": {str(path): hashes(path) for path in sorted(map(str, inputs))},
                 "listing": sorted(p.relative_to(out_dir).as_posix()
                                   for p in out_dir.glob(listing)) if listing else []}
        key = _json_digest(parts)
        done = data.setdefault("steps", {})
        if isinstance(done, dict) and done.get(name) == key and (out_dir / name).exists():
            ran.append(False)
            continue
        make()
        if not isinstance(done, dict):
            done = data["steps"] = {}
        done[name] = key
        ran.append(True)
    if any(ran):
        write_atomic(manifest, json.dumps(data, indent=1).encode("utf-8") + b"\n")
    return ran


def _compact(parts: dict) -> dict:
    """The parts as stored: the generator and settings as one hash each, per-field hashes
    of settings, the job's parameters and the input hashes."""
    return {"generator": parts["generator"], "settings": parts["settings"],
            "job": _json_digest(parts["job"]), "inputs": parts["inputs"]}


def _what_changed(old: dict, new: dict) -> str:
    new = _compact(new)
    if old.get("generator") != new["generator"]:
        return "generator changed"
    changed = []
    old_settings = old.get("settings") or {}
    changed += [f"--{name.replace('_', '-')}" if name != "clinic" else "clinic file"
                for name, value in new["settings"].items() if old_settings.get(name) != value]
    old_inputs = old.get("inputs") or {}
    changed += [name for name, value in new["inputs"].items() if old_inputs.get(name) != value]
    changed += [name for name in old_inputs if name not in new["inputs"]]
    if old.get("job") != new["job"] and not changed:
        changed.append("job parameters")
    if not changed:
        return "changed"
    more = f" and {len(changed) - 2} more" if len(changed) > 2 else ""
    return "changed: " + ", ".join(changed[:2]) + more
