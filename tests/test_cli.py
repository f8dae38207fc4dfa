"""The command line as clinic staff meet it: help, clear errors, --root, atomic output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from conftest import ROOT, run_cli
from generator.errors import LeafletError
from generator.files import write_atomic


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["list"]])
def test_every_command_has_help(command):
    result = run_cli(*command, "--help")
    assert result.returncode == 0
    assert "usage: leaflets" in result.stdout


@pytest.mark.parametrize("args, expected", [
    (["build", "--locale", "xx"], "unknown locale 'xx'"),
    (["build", "--locale", "../etc"], "unknown locale '../etc'"),
    (["build", "--topic", "nope"], "unknown topic 'nope'"),
    (["build", "--paper", "a3"], "invalid choice: 'a3'"),
    (["build", "--clinic", "/no/such/clinic.yaml"], "clinic file not found"),
    (["frobnicate"], "invalid choice"),
    (["build", "--root", "/"], "is not a project folder"),
])
def test_bad_usage_is_one_clear_message_and_exit_2(args, expected, tmp_path):
    result = run_cli(*args, "--out", str(tmp_path / "out")) if args[0] == "build" \
        else run_cli(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_list_names_topics_and_locales():
    result = run_cli("list", check=True)
    assert "stage4-cancer" in result.stdout and "metastatic-lung-cancer" in result.stdout
    assert "en" in result.stdout and "a4, letter" in result.stdout


def test_root_lets_a_clinic_build_its_own_copy_from_anywhere(project, tmp_path):
    path = project / "leaflets" / "stage4-cancer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "Stage 4 (metastatic) cancer"',
                                 'title: "Our clinic: stage 4 cancer"', 1), encoding="utf-8")
    out = tmp_path / "clinic-out"
    run_cli("build", "--root", str(project), "--topic", "stage4-cancer", "--locale", "en",
            "--paper", "letter", "--out", str(out), cwd=tmp_path, check=True)
    reader = PdfReader(str(out / "en" / "stage4-cancer-letter.pdf"))
    assert "Our clinic: stage 4 cancer" in reader.pages[0].extract_text()


def test_project_is_found_from_a_subfolder(project):
    (project / "leaflets" / "sub").mkdir()
    result = run_cli("list", cwd=project / "leaflets" / "sub", check=True)
    assert "stage4-cancer" in result.stdout


@pytest.mark.parametrize("content, expected", [
    ('phone: "1"\n', "needs 'name:'"),
    ('name: "A"\nphone: "call <b>me</b>"\n', "characters a phone number does not have"),
    ('name: "A"\nphone: "1 555"\nlogo: x.gif\n', "must be a .png or .jpg"),
    ('name: "A"\nphone: "1 555"\nwebsite: x\n', "unknown key 'website'"),
])
def test_bad_clinic_files_are_refused_clearly(tmp_path, content, expected):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(content, encoding="utf-8")
    result = run_cli("build", "--clinic", str(clinic), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and expected in result.stderr
    assert "clinic.yaml" in result.stderr


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "leaflet.pdf"
    target.write_bytes(b"%PDF-old")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(LeafletError, match="No space left"):
        write_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["leaflet.pdf"]


def test_killed_build_leaves_no_partial_pdf_and_rerun_completes(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "build", "--out", str(out), "--locale", "en"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.rglob("*.pdf")):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for pdf in out.rglob("*.pdf"):
        assert PdfReader(str(pdf)).pages, f"{pdf} is not a complete PDF"
    run_cli("build", "--out", str(out), "--locale", "en", check=True)
    assert len(list(out.rglob("*.pdf"))) >= 4
    assert not list(out.rglob(".tmp-*"))


def test_a_profiler_still_gets_its_data(tmp_path):
    """The command skips the interpreter's teardown, but not under a profiler (or a
    coverage tool), which writes its data then (docs/performance.md, "Profiling")."""
    out = tmp_path / "list.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "generator",
                           "list"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "topics:" in done.stdout and out.stat().st_size > 0
