"""Incremental builds: an output is made again only when something it depends on changed.

Builds here are small (one topic, one paper, two or three locales) and run in this process
through `build.run_build`, as `leaflets build` does; the exit status and the summary are
checked through the real command.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import copy_project, run_cli
from generator.build import cache as buildcache
from generator.build.jobs import BuildSettings, plan
from generator.build.runner import run_build
from generator.content.clinic import load_clinic
from generator.build.project import find_project

TOPIC = "stage4-cancer"
LOCALES = ["en", "es"]


def build(root, out, locales=LOCALES, *, clinic=None, force=False, workers=1):
    project = find_project(root)   # a fresh project: content is read again, as by the CLI
    jobs = plan(project, [TOPIC], locales, ["a4"])
    settings = BuildSettings(out_dir=out, clinic=clinic, allow_fallback=True)
    return run_build(project, jobs, settings, workers=workers, force=force)


def names(paths, out) -> set[str]:
    return {p.relative_to(out).as_posix() for p in paths}


def outputs(locale: str) -> set[str]:
    return {f"{locale}/{TOPIC}-a4.pdf", f"{locale}/quiz/{TOPIC}-quiz-A-a4.pdf",
            f"{locale}/quiz/{TOPIC}-key-A-a4.pdf"}


def stamps(out) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.pdf")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project copy and a first build of it (module-wide; tests copy both before editing)."""
    base = tmp_path_factory.mktemp("incremental")
    root = copy_project(base / "project")
    out = base / "out"
    summary = build(root, out)
    assert not summary.failed and len(summary.written) == 6
    return root, out


@pytest.fixture
def work(built, tmp_path):
    root, out = built
    shutil.copytree(root, tmp_path / "project")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "project", tmp_path / "out"


def test_a_second_build_makes_nothing_and_touches_nothing(work):
    root, out = work
    before = stamps(out)
    summary = build(root, out)
    assert summary.written == [] and summary.failed == []
    assert names(summary.skipped, out) == outputs("en") | outputs("es")
    assert stamps(out) == before


def test_a_changed_catalog_rebuilds_only_that_locales_outputs(work):
    root, out = work
    catalog = root / "locales" / "es" / "LC_MESSAGES" / f"{TOPIC}.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgstr "Para personas' in text
    catalog.write_text(text.replace('msgstr "Para personas', 'msgstr "Para las personas', 1),
                       encoding="utf-8")
    summary = build(root, out)
    assert names(summary.written, out) == outputs("es")
    assert names(summary.skipped, out) == outputs("en")
    assert set(summary.reasons.values()) == {f"changed: locales/es/LC_MESSAGES/{TOPIC}.po"}


def test_a_changed_clinic_file_or_logo_rebuilds_everything(work, tmp_path):
    root, out = work
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "clinic.yaml").write_text('name: "Riverside Cancer Clinic"\nphone: "+1 555 0100"\n'
                                        'logo: logo.png\n', encoding="utf-8")
    _png(folder / "logo.png", (20, 90, 160))
    first = build(root, out, clinic=load_clinic(folder / "clinic.yaml"))
    assert names(first.written, out) == outputs("en") | outputs("es")
    assert set(first.reasons.values()) == {"changed: clinic file"}
    assert build(root, out, clinic=load_clinic(folder / "clinic.yaml")).written == []

    _png(folder / "logo.png", (160, 20, 20))    # same file name, other picture
    again = build(root, out, clinic=load_clinic(folder / "clinic.yaml"))
    assert names(again.written, out) == outputs("en") | outputs("es")


def test_force_rebuilds_everything(work):
    root, out = work
    summary = build(root, out, force=True)
    assert names(summary.written, out) == outputs("en") | outputs("es")
    assert set(summary.reasons.values()) == {"forced"}


def test_a_deleted_or_edited_output_is_made_again(work):
    root, out = work
    deleted = out / "es" / f"{TOPIC}-a4.pdf"
    edited = out / "en" / "quiz" / f"{TOPIC}-key-A-a4.pdf"
    good = edited.read_bytes()
    deleted.unlink()
    edited.write_bytes(good[:-10] + b"0123456789")   # same size, other bytes
    summary = build(root, out)
    assert names(summary.written, out) == {f"es/{TOPIC}-a4.pdf", f"en/quiz/{TOPIC}-key-A-a4.pdf"}
    assert summary.reasons == {f"es/{TOPIC}-a4": "output missing",
                               f"en/quiz/{TOPIC}-key-A-a4": "output changed on disk"}
    assert edited.read_bytes() == good and deleted.is_file()


def test_a_generator_change_rebuilds_everything(work, monkeypatch):
    root, out = work
    monkeypatch.setattr(buildcache, "generator_fingerprint", lambda: "another generator")
    summary = build(root, out)
    assert len(summary.written) == 6
    assert set(summary.reasons.values()) == {"generator changed"}


def test_a_damaged_manifest_only_means_a_full_rebuild(work):
    root, out = work
    (out / buildcache.MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert len(build(root, out).written) == 6
    assert json.loads((out / buildcache.MANIFEST_NAME).read_text())["format"] == 1
    assert build(root, out).written == []


def test_a_failing_output_stops_nothing_else_and_the_exit_status_says_so(work):
    root, out = work
    args = ("build", "--root", str(root), "--out", str(out), "--topic", TOPIC, "--paper", "a4",
            "--locale", "en", "--locale", "es", "--allow-fallback", "--jobs", "2")
    assert run_cli(*args).returncode == 0     # up to date, as this command builds it
    catalog = root / "locales" / "es" / "LC_MESSAGES" / f"{TOPIC}.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Para personas', 'msgstr "Para {nadie} personas', 1),
                       encoding="utf-8")
    first = run_cli(*args)
    assert first.returncode == 1, first.stderr
    assert "0 written, 3 up to date, 3 failed" in first.stderr
    assert "FAILED es: 3 output(s): the es translation of" in first.stderr   # grouped
    for name in sorted(outputs("es")):
        assert name[:-4] in first.stderr
    assert "placeholder {nadie} is not in the source" in first.stderr

    again = run_cli(*args)   # nothing changed: the same failure, without rendering again
    assert again.returncode == 1
    assert "0 written, 3 up to date, 3 failed" in again.stderr
    assert "inputs unchanged since the last build" in again.stderr
    catalog.write_text(text, encoding="utf-8")   # fixed: made again
    fixed = run_cli(*args)
    assert fixed.returncode == 0, fixed.stderr
    assert "3 written, 3 up to date, 0 failed" in fixed.stderr


def _png(path, color) -> None:
    from PIL import Image

    Image.new("RGB", (60, 30), color).save(path)
