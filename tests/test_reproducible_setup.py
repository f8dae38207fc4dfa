"""A fresh machine gets the same bytes: the lock file, catalogs that don't churn, quiet pipes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT, copy_project
from generator.cli import main

LOCK = ROOT / "requirements.lock"


def locked_pins() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) for every package requirements.lock installs here (a
    package may be pinned twice, for different Pythons: the entry whose marker applies)."""
    pins = {}
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;]+)\s*(?:;\s*([^-][^\n]*?))?\s*(--hash.*)?$",
                         line.strip())
        if match:
            name, version, marker, rest = match.groups()
            if marker and not Marker(marker).evaluate():
                continue
            pins[canonicalize_name(name)] = (version, re.findall(r"--hash=sha256:(\w+)",
                                                                 rest or ""))
    return pins


def declared_requirements() -> list[Requirement]:
    """What pyproject.toml asks for: runtime, the test extra and the build backend."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = list(project["project"]["dependencies"])
    declared += project["project"]["optional-dependencies"]["test"]
    declared += project["build-system"]["requires"]
    return [Requirement(text) for text in declared]


def test_every_declared_dependency_is_locked_with_a_version_that_fits_and_hashes():
    pins = locked_pins()
    assert pins, "requirements.lock has no pins"
    for requirement in declared_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, (f"{requirement.name} is in pyproject.toml but not in "
                              "requirements.lock: run ./run lock")
        version, hashes = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, outside pyproject.toml's "
            f"'{requirement.specifier}': run ./run lock")
        assert hashes, f"{name} has no hash in requirements.lock"
    for name, (_version, hashes) in pins.items():
        assert hashes, f"{name} has no hash in requirements.lock"


def test_the_environment_runs_the_locked_versions():
    """./run installs from the lock, never from pyproject's open ranges."""
    for name, (version, _hashes) in locked_pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a package for another platform or Python (markers)
        assert installed == version, f"{name} {installed} is installed, the lock says {version}"


# -- catalogs that don't churn -----------------------------------------------------------------

def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_extract_and_update_on_an_unchanged_tree_change_no_file(tmp_path):
    root = copy_project(tmp_path / "project")
    shutil.copy(ROOT / "babel.cfg", root / "babel.cfg")
    before = _files(root)
    assert main(["i18n", "extract", "--root", str(root)]) == 0
    assert main(["i18n", "update", "--root", str(root)]) == 0
    after = _files(root)
    changed = sorted(name for name in before if after.get(name) != before[name])
    assert changed == [] and sorted(after) == sorted(before)


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="needs gettext's msgcat")
def test_a_catalog_rewrapped_by_msgcat_moves_only_where_an_entry_changed(tmp_path):
    root = copy_project(tmp_path / "project")
    path = root / "locales" / "de" / "LC_MESSAGES" / "stage4-cancer.po"
    subprocess.run(["msgcat", "--no-wrap", str(path), "-o", str(path)], check=True)
    rewrapped = path.read_bytes()
    assert rewrapped != (ROOT / path.relative_to(root)).read_bytes()

    assert main(["i18n", "update", "--root", str(root), "--locale", "de"]) == 0
    assert path.read_bytes() == rewrapped  # read fine, nothing moved

    leaflet = root / "leaflets" / "stage4-cancer.yaml"
    text = leaflet.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1)
    leaflet.write_text(text.replace(f"title: {title}", "title: Stage 4 cancer, explained", 1),
                       encoding="utf-8")
    assert main(["i18n", "extract", "--root", str(root)]) == 0
    assert main(["i18n", "update", "--root", str(root), "--locale", "de"]) == 0
    old_entries = rewrapped.decode().strip().split("\n\n")
    new_entries = path.read_text(encoding="utf-8").strip().split("\n\n")
    moved = [entry for entry in new_entries if entry not in old_entries]
    # the header (new POT-Creation-Date) and the title entry (fuzzy, previous msgid) moved;
    # every other entry kept its unwrapped lines
    assert len(moved) == 2 and len(new_entries) == len(old_entries), moved
    assert 'msgid ""' in moved[0] and "POT-Creation-Date" in moved[0]
    assert "#, fuzzy" in moved[1] and "Stage 4 cancer, explained" in moved[1]


# -- closed pipes --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["list"], ["i18n", "status"], ["i18n", "status", "--json"]])
def test_a_closed_pipe_ends_quietly(command):
    """`leaflets list | head`: the reader went away; no BrokenPipeError traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    try:
        result = subprocess.run([sys.executable, "-m", "generator", *command], cwd=ROOT,
                                stdout=write_end, stderr=subprocess.PIPE, text=True,
                                timeout=300)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.returncode == 141
