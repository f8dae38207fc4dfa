"""The patterns a build compiles (the slowest are ReportLab's and PyYAML's), kept compiled
per machine (generator/regexcache.py): a process that finds them gets the same Pattern
objects Python would compile, and a missing or damaged file only means they are compiled
as usual.
(tests/test_font_cache.py builds with the cache folder empty, warm and damaged.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import regexcache
from generator.scripts import merge

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not regexcache._SUPPORTED, reason="CPython 3.11 only")

# In a fresh interpreter: import the generator (which seeds), then the modules the patterns
# are compiled by; report what was seeded and whether each module got the seeded object and
# the pattern Python compiles; then save as the `leaflets` command does when it ends.
_PROBE = """
import json, re, sys
from re import _compiler
import generator
from generator import regexcache
seeded = dict(regexcache._state["seeded"])
import reportlab.platypus, reportlab.lib.textsplit, reportlab.lib.PyFontify, yaml
found = {}
for module, attr in regexcache.PATTERNS:
    p = regexcache._pattern(module, attr)
    found[attr] = {"seeded": seeded.get(p.pattern) is p,
                   "same": p == _compiler.compile(p.pattern, p.flags),
                   "matches": [bool(p.search(t)) for t in sys.argv[1:]]}
import os
if os.environ.get("PROBE_MAX_BYTES"):
    regexcache._MAX_BYTES = int(os.environ["PROBE_MAX_BYTES"])
regexcache.save()
found["seeded patterns"] = len(seeded)
print(json.dumps(found))
"""
SAMPLES = ["http://example.org/a?b=1", "https://www.bücher.de", "ftp://10.0.0.1:8080/x",
           "not a url", "def f(x): return x  # comment", "tab\there", "\x07bell", "中文",
           "mailto:x@y.z"]


def _probe(cache: Path, **env: str) -> tuple[dict, int]:
    """(per pattern of PATTERNS: seeded, same, matches; how many patterns were seeded)."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *SAMPLES], cwd=ROOT,
                          env={**os.environ, "LEAFLETS_FONT_CACHE": str(cache), **env},
                          capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(done.stdout)
    return found, found.pop("seeded patterns")


def test_the_patterns_are_compiled_once_and_then_taken_from_the_cache(tmp_path):
    first, count = _probe(tmp_path)
    assert count == 0 and not any(found["seeded"] for found in first.values())
    (saved,) = tmp_path.glob("patterns-*.re")
    again, count = _probe(tmp_path)
    assert all(found["seeded"] and found["same"] for found in again.values()), again
    assert count > 50    # not only the four slowest: every pattern the process compiled
    assert [found["matches"] for found in again.values()] == \
        [found["matches"] for found in first.values()]
    assert any(any(found["matches"]) for found in again.values())


def test_a_file_that_would_be_too_large_keeps_the_four_slowest(tmp_path):
    _probe(tmp_path, PROBE_MAX_BYTES="30000")
    found, count = _probe(tmp_path)
    assert count == len(regexcache.PATTERNS)
    assert all(f["seeded"] and f["same"] for f in found.values())


@pytest.mark.parametrize("damage", ["empty", "truncated", "flipped", "garbage", "folder",
                                    "pipe"])
def test_a_damaged_pattern_file_is_ignored_and_written_again(tmp_path, damage):
    _probe(tmp_path)
    (saved,) = tmp_path.glob("patterns-*.re")
    good = saved.read_bytes()
    if damage in ("folder", "pipe"):   # a pipe is never waited on
        saved.unlink()
        saved.mkdir() if damage == "folder" else os.mkfifo(saved)
    else:
        saved.write_bytes({"empty": b"", "truncated": good[:len(good) // 2],
                           "flipped": good[:-7] + bytes([good[-7] ^ 4]) + good[-6:],
                           "garbage": b"x" * len(good)}[damage])
    found, count = _probe(tmp_path)
    assert count == 0 and not any(f["seeded"] for f in found.values())
    assert all(f["same"] for f in found.values())
    if damage == "folder":   # cannot be written: compiled as usual every time
        assert saved.is_dir()
        return
    assert saved.read_bytes()[:16] == good[:16]     # written again...
    found, count = _probe(tmp_path)
    assert count > 50 and all(f["seeded"] for f in found.values())   # ...and used


def test_the_patterns_live_in_the_font_cache_folder(monkeypatch, tmp_path):
    for env in ({"LEAFLETS_FONT_CACHE": str(tmp_path / "a")},
                {"LEAFLETS_FONT_CACHE": "", "XDG_CACHE_HOME": str(tmp_path / "b")},
                {"LEAFLETS_FONT_CACHE": "", "XDG_CACHE_HOME": "", "HOME": str(tmp_path)}):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert Path(regexcache.cache_folder()) == merge.cache_dir()
