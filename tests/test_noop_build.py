"""A build with nothing to do answers from its stamp, before parsing anything (as make
does), and says exactly what the full decision would say; any change sends it the normal
way (generator/build/stamp.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project

TOPIC = "stage4-cancer"
ARGS = ["build", "--topic", TOPIC, "--locale", "en", "--locale", "fr", "--paper", "a4"]
# Run the command in a fresh interpreter; report its status, stderr and what it imported.
_PROBE = """
import contextlib, io, json, sys
from generator.cli import main
err = io.StringIO()
with contextlib.redirect_stderr(err):
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "stderr": err.getvalue(), "modules": sorted(
    m for m in sys.modules if m.split(".")[0] in ("yaml", "babel", "reportlab")
    or m in ("generator.build.project", "generator.build.runner"))}))
"""


def leaflets(root: Path, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=root,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def without_time(text: str) -> str:
    return re.sub(r" in [0-9.]+ s\n", " in T s\n", text)


@pytest.fixture
def built(tmp_path) -> Path:
    root = copy_project(tmp_path / "project")
    first = leaflets(root, *ARGS)
    assert first["status"] == 0 and "6 written" in first["stderr"]
    return root


def test_a_second_identical_build_answers_without_parsing_anything(built):
    again = leaflets(built, *ARGS)
    assert again["status"] == 0
    assert again["modules"] == [], f"a no-op build loaded {again['modules'][:6]}"
    assert "0 written, 6 up to date, 0 failed" in again["stderr"]
    assert f"output: {built / 'out'}" in again["stderr"]


def test_the_answer_is_what_the_full_decision_prints(built):
    quick = leaflets(built, *ARGS)
    (built / "out" / ".build-stamps.json").unlink()   # no stamp: the full decision
    full = leaflets(built, *ARGS)
    assert "generator.build.runner" in full["modules"]
    assert without_time(quick["stderr"]) == without_time(full["stderr"])


def test_a_changed_catalog_is_seen_even_with_the_same_size_and_time(built):
    catalog = built / "locales" / "fr" / "LC_MESSAGES" / f"{TOPIC}.po"
    before = os.stat(catalog)
    text = catalog.read_text(encoding="utf-8")
    changed = text.replace("msgstr \"", "msgstr \"X", 1)
    changed = changed.replace("\n\n", "\n", 1)          # same size
    assert len(changed.encode()) == len(text.encode())
    catalog.write_text(changed, encoding="utf-8")
    os.utime(catalog, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = leaflets(built, *ARGS)
    assert "generator.build.runner" in again["modules"]
    assert re.search(r"\b[1-9] written\b", again["stderr"]), again["stderr"]


def test_a_touched_file_is_still_the_same_file(built):
    os.utime(built / "locales" / "fr" / "LC_MESSAGES" / f"{TOPIC}.po", None)
    again = leaflets(built, *ARGS)
    assert again["modules"] == []     # content hashes, not times
    assert "0 written, 6 up to date" in again["stderr"]


def test_a_new_file_in_the_project_goes_the_normal_way_and_builds_nothing(built):
    (built / "locales" / "fr" / "notes.txt").write_text("a translator's note\n")
    again = leaflets(built, *ARGS)
    assert "generator.build.runner" in again["modules"]
    assert "0 written, 6 up to date" in again["stderr"]
    assert leaflets(built, *ARGS)["modules"] == []     # and the next one answers at once


@pytest.mark.parametrize("change", ["deleted output", "edited output", "other arguments",
                                    "font path", "new content file"])
def test_any_other_change_goes_the_normal_way(built, change):
    out, args, env = built / "out", list(ARGS), dict(os.environ)
    pdf = out / "fr" / f"{TOPIC}-a4.pdf"
    if change == "deleted output":
        pdf.unlink()
    elif change == "edited output":
        pdf.write_bytes(pdf.read_bytes() + b"%")
    elif change == "other arguments":
        args += ["--allow-fallback"]
    elif change == "font path":
        os.environ["LEAFLETS_FONT_PATH"] = str(built)
    else:
        source = built / "leaflets" / f"{TOPIC}.yaml"
        (built / "leaflets" / "copy.yaml").write_text(source.read_text(encoding="utf-8"))
    try:
        again = leaflets(built, *args)
    finally:
        os.environ.clear()
        os.environ.update(env)
    assert "generator.build.runner" in again["modules"], change
    if change in ("deleted output", "edited output"):
        assert "1 written" in again["stderr"]


def test_after_a_failed_build_the_next_one_decides_the_normal_way(built):
    catalog = built / "locales" / "fr" / "LC_MESSAGES" / f"{TOPIC}.po"
    good = catalog.read_bytes()
    head, body = good.split(b"\nmsgctxt", 1)
    catalog.write_bytes(head + b"\nmsgctxt" + body.replace(b'msgstr "', b'msgstr "{nope} ', 1))
    failed = leaflets(built, *ARGS)
    assert failed["status"] == 1
    catalog.write_bytes(good)              # back as it was when the stamp was made
    again = leaflets(built, *ARGS)
    assert "generator.build.runner" in again["modules"]
    assert again["status"] == 0


def test_a_forged_stamp_cannot_drive_the_terminal(built):
    stamps = built / "out" / ".build-stamps.json"
    data = json.loads(stamps.read_text(encoding="utf-8"))
    for entry in data["stamps"].values():
        entry["report"] = "\x1b]0;owned\x07\x1b[2J0 written\n"
    stamps.write_text(json.dumps(data), encoding="utf-8")
    again = leaflets(built, *ARGS)
    assert "\x1b" not in again["stderr"] and "\\x1b" in again["stderr"]
