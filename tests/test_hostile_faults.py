"""Faults around a build: a poisoned catalog, a full disk, a permission error, a missing or
damaged font, a process killed or stopped mid-build.

Whatever happens, no partial PDF is ever left where a final one would be, and running the
same build again completes it.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from conftest import pdf_text
from hostile.harness import (ROOT, assert_clean_output, assert_out_complete,
                             one_leaflet_project, pdfs_in, run_leaflets, snapshot)
from generator.errors import LeafletError

TOPIC = "stage4-cancer"
POISON = '<a href="https://evil.example/p">POISONED LINK</a>'


def _project(tmp_path: Path) -> Path:
    return one_leaflet_project(tmp_path, TOPIC)


def _write_locale(root: Path, locale: str, poison_index: int | None = None) -> str | None:
    """Catalogs for every text of the leaflet and every generator string, each a copy of
    the English, written with Babel; optionally one leaflet text poisoned. Returns the
    poisoned text's context."""
    from generator.content.loader import load_leaflet
    from generator.localize.ui import UI_STRINGS, ui_context

    leaflet = load_leaflet(root / "leaflets" / f"{TOPIC}.yaml")
    folder = root / "locales" / locale / "LC_MESSAGES"
    folder.mkdir(parents=True)
    poisoned = None
    catalog = Catalog(locale=locale, domain=TOPIC, fuzzy=False)
    for index, text in enumerate(leaflet.texts()):
        string = text.source
        if index == poison_index:
            string, poisoned = f"{text.source} {POISON}", text.context
        catalog.add(text.source, string, context=text.context)
    common = Catalog(locale=locale, domain="common", fuzzy=False)
    for key, (english, _note, _limit) in UI_STRINGS.items():
        # A plural entry needs every form of the catalog's own Plural-Forms (Babel writes
        # the locked CLDR rule), whatever that count is.
        string = ((english[0],) + (english[1],) * (common.num_plurals - 1)
                  if isinstance(english, tuple) else english)
        common.add(english, string, context=ui_context(key))
    for domain, cat in ((TOPIC, catalog), ("common", common)):
        with open(folder / f"{domain}.po", "wb") as handle:
            write_po(handle, cat)
    return poisoned


# ---------------------------------------------------------------- one poisoned catalog

@pytest.mark.parametrize("poison_index", [0, 7, -1])
def test_one_poisoned_catalog_refuses_its_locale_and_builds_the_others(tmp_path, poison_index):
    root = _project(tmp_path)
    _write_locale(root, "es")
    from generator.content.loader import load_leaflet
    count = len(list(load_leaflet(root / "leaflets" / f"{TOPIC}.yaml").texts()))
    context = _write_locale(root, "de", poison_index % count)
    out = tmp_path / "out"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    before = snapshot(tmp_path, skip=out)

    result = run_leaflets("build", "--root", str(root), "--out", str(out), "--topic", TOPIC,
                          "--locale", "en", "--locale", "es", "--locale", "de", cwd=cwd)

    assert_clean_output(result)
    assert result.returncode == 1, result.stderr
    assert f"the de translation of {context} is refused: markup <a href=" in result.stderr
    texts = assert_out_complete(out)
    assert sorted(texts) == ["en/stage4-cancer-a4.pdf", "en/stage4-cancer-letter.pdf",
                             "es/stage4-cancer-a4.pdf", "es/stage4-cancer-letter.pdf"]
    for text in texts.values():
        assert "POISONED" not in text and "evil.example" not in text
    assert snapshot(tmp_path, skip=out) == before

    check = run_leaflets("i18n", "check", "--root", str(root), "--locale", "de", "--quiet",
                         cwd=cwd)
    assert check.returncode == 1
    assert f'msgctxt "{context}"' in check.stdout and "markup <a href=" in check.stdout


def test_poisoned_string_is_not_printed_even_with_fallback_allowed(tmp_path):
    root = _project(tmp_path)
    _write_locale(root, "de", poison_index=0)
    out = tmp_path / "out"
    result = run_leaflets("build", "--root", str(root), "--out", str(out), "--locale", "de",
                          "--allow-fallback", "--paper", "a4", cwd=tmp_path)
    assert_clean_output(result)
    assert result.returncode == 1 and "is refused" in result.stderr
    assert pdfs_in(out) == []


def test_the_renderer_refuses_poison_even_when_the_build_checks_are_bypassed(tmp_path):
    """Last line of defence: render_leaflet itself never prints a refused translation."""
    from generator.content.loader import load_leaflet
    from generator.localize.catalogs import load_translations
    from generator.render.leaflet import RenderOptions, render_leaflet

    root = _project(tmp_path)
    _write_locale(root, "de", poison_index=0)
    leaflet = load_leaflet(root / "leaflets" / f"{TOPIC}.yaml")
    translations = load_translations(root / "locales", "de", [TOPIC, "common"])
    rendered = render_leaflet(leaflet, "de", translations, RenderOptions(paper="a4"))
    path = tmp_path / "direct.pdf"
    path.write_bytes(rendered.pdf)
    text = pdf_text(path)
    assert "POISONED" not in text and rendered.fallback_used


# ---------------------------------------------------------------- full disk, permissions

def _limit_file_size(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_keeps_the_old_pdf_and_a_rerun_completes(tmp_path):
    """A real process whose writes fail part-way (RLIMIT_FSIZE: 'File too large', as a full
    disk fails): the previous PDF stays whole, no temporary file stays, the rerun works."""
    import subprocess

    root = _project(tmp_path)
    out = tmp_path / "out"
    base = ["build", "--root", str(root), "--out", str(out), "--topic", TOPIC,
            "--locale", "en", "--paper", "a4"]
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "A clinic"\nphone: "1 555"\n', encoding="utf-8")
    run_leaflets(*base, "--clinic", str(clinic), cwd=tmp_path)
    target = out / "a-clinic" / "en" / f"{TOPIC}-a4.pdf"    # a branded build's folder
    old = target.read_bytes()
    clinic.write_text('name: "A clinic"\nphone: "1 555 0199"\n', encoding="utf-8")

    result = subprocess.run([sys.executable, "-m", "generator", *base, "--clinic", str(clinic)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            preexec_fn=_limit_file_size(len(old) // 2))
    assert_clean_output(result)
    assert result.returncode == 1, result.stderr
    assert f"cannot write {target}: File too large" in result.stderr
    assert target.read_bytes() == old
    assert_out_complete(out)

    again = run_leaflets(*base, "--clinic", str(clinic), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "1 555 0199" in assert_out_complete(out)[f"a-clinic/en/{TOPIC}-a4.pdf"]


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_write_errors_fail_that_output_only_and_leave_nothing_behind(tmp_path, monkeypatch,
                                                                      error):
    from generator.build import jobs as build
    from generator.build import runner
    from generator.build.project import find_project

    root = _project(tmp_path)
    out = tmp_path / "out"
    project = find_project(root)
    jobs = build.plan(project, [TOPIC], ["en"], ["a4", "letter"])
    jobs = [job for job in jobs if job.kind == "leaflet"]
    real_fdopen = os.fdopen
    calls = []

    class Failing:
        """A file whose write fails part-way on the second output."""
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            calls.append(len(data))
            if len(calls) == 2:
                self.handle.write(data[: len(data) // 2])
                raise OSError(error, os.strerror(error))
            return self.handle.write(data)

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: Failing(real_fdopen(fd, mode, *a, **k)))
    summary = runner.run_build(project, jobs, build.BuildSettings(out_dir=out))

    assert [p.name for p in summary.written] == [f"{TOPIC}-a4.pdf"]
    assert len(summary.failed) == 1 and os.strerror(error) in summary.failed[0][1]
    assert sorted(assert_out_complete(out)) == [f"en/{TOPIC}-a4.pdf"]


def test_unwritable_out_folder_is_one_clear_error_before_any_work(tmp_path, monkeypatch,
                                                                  capsys):
    from generator import cli

    root = _project(tmp_path)
    real_mkstemp = __import__("tempfile").mkstemp

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", denied)
    code = cli.main(["build", "--root", str(root), "--out", str(tmp_path / "out"),
                     "--locale", "en", "--paper", "a4"])
    monkeypatch.setattr("tempfile.mkstemp", real_mkstemp)
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write to the out folder" in err and "Permission denied" in err
    assert pdfs_in(tmp_path / "out") == []


# ---------------------------------------------------------------- fonts

def test_missing_font_is_a_clear_error_naming_file_and_package(tmp_path):
    from generator.content.loader import load_leaflet
    from generator.render.leaflet import RenderOptions, render_leaflet

    leaflet = load_leaflet(ROOT / "leaflets" / f"{TOPIC}.yaml")
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    with pytest.raises(LeafletError) as caught:
        render_leaflet(leaflet, "en", None, RenderOptions(font_dirs=(empty,)))
    message = str(caught.value)
    assert "NotoSans-Regular.ttf not found" in message and "fonts-noto-core" in message


def test_corrupt_font_on_the_font_path_names_the_file(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "NotoSans-Regular.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\xff" * 300)
    root = _project(tmp_path)
    result = run_leaflets("build", "--root", str(root), "--out", str(tmp_path / "out"),
                          "--topic", TOPIC, "--locale", "en", "--paper", "a4", cwd=tmp_path,
                          env={"LEAFLETS_FONT_PATH": str(fonts)})
    assert_clean_output(result)
    assert result.returncode == 1
    assert f"{fonts / 'NotoSans-Regular.ttf'}: cannot use font file" in result.stderr
    assert pdfs_in(tmp_path / "out") == []


# ---------------------------------------------------------------- killed or stopped mid-build

_DIE_WHILE_WRITING = textwrap.dedent("""
    import os, signal, sys
    # The worst moment: the new PDF is written to its temporary file, not yet renamed.
    os.fsync = lambda fd: os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    from generator.cli import main
    sys.exit(main(sys.argv[2:]))
""")


def _one_leaflet_build(root: Path, out: Path) -> list[str]:
    """Arguments of a build that writes exactly one leaflet."""
    return ["build", "--root", str(root), "--out", str(out), "--topic", TOPIC,
            "--locale", "en", "--paper", "a4"]


def _die_while_writing(sig: str, args: list[str], cwd: Path):
    import subprocess
    return subprocess.run([sys.executable, "-c", _DIE_WHILE_WRITING, sig, *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_killed_while_writing_leaves_no_partial_pdf_and_rerun_completes(tmp_path):
    out = tmp_path / "out"
    args = _one_leaflet_build(_project(tmp_path), out)
    result = _die_while_writing("SIGKILL", args, tmp_path)
    assert result.returncode == -signal.SIGKILL
    assert pdfs_in(out) == []                       # nothing where the final PDF goes
    assert list(out.rglob(".tmp-*")), "the kill should have left a temporary file"

    again = run_leaflets(*args, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(assert_out_complete(out)) == [f"en/{TOPIC}-a4.pdf"]   # temp removed


def test_killed_while_replacing_keeps_the_previous_pdf(tmp_path):
    out = tmp_path / "out"
    args = _one_leaflet_build(_project(tmp_path), out)
    assert run_leaflets(*args, cwd=tmp_path).returncode == 0
    old = (out / "en" / f"{TOPIC}-a4.pdf").read_bytes()
    _die_while_writing("SIGKILL", args, tmp_path)
    assert (out / "en" / f"{TOPIC}-a4.pdf").read_bytes() == old


def test_sigterm_stops_cleanly_and_removes_the_temporary_file(tmp_path):
    out = tmp_path / "out"
    args = _one_leaflet_build(_project(tmp_path), out)
    result = _die_while_writing("SIGTERM", args, tmp_path)
    assert_clean_output(result)
    assert result.returncode == 130
    assert "interrupted: no partial files were left behind" in result.stderr
    assert not out.exists() or (pdfs_in(out) == [] and not list(out.rglob(".tmp-*")))


def test_killed_at_random_moments_never_leaves_a_partial_pdf(tmp_path):
    """A whole build (both topics, both papers), killed again and again: every PDF that
    exists is complete, and the final rerun writes them all."""
    import subprocess
    import time

    root = tmp_path / "project"
    shutil.copytree(ROOT / "leaflets", root / "leaflets")
    out = tmp_path / "out"
    args = [sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(out),
            "--locale", "en"]
    for delay in (0.35, 0.5, 0.7, 0.9):
        process = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_out_complete_ignoring_temps(out)
    final = run_leaflets("build", "--root", str(root), "--out", str(out), "--locale", "en",
                         cwd=tmp_path)
    assert final.returncode == 0, final.stderr
    written = assert_out_complete(out)
    assert {f"en/{topic}-{paper}.pdf" for topic in ("stage4-cancer", "metastatic-lung-cancer")
            for paper in ("a4", "letter")} <= set(written)


def assert_out_complete_ignoring_temps(out: Path) -> None:
    from hostile.harness import assert_pdf_complete
    for pdf in pdfs_in(out):
        assert_pdf_complete(pdf)


# ---------------------------------------------------------------- names that become paths

@pytest.mark.parametrize("name", ["../../../etc/passwd", "/tmp/evil", "..", "standard/../x",
                                  "large-print\n", ""])
def test_edition_names_are_checked_against_the_style_sheets(tmp_path, name):
    from generator.build.project import find_project
    project = find_project(_project(tmp_path))
    assert project.check_editions(["standard"]) == ["standard"]
    with pytest.raises(LeafletError, match="unknown edition"):
        project.check_editions([name])


def test_an_edition_that_walks_out_of_the_styles_folder_is_refused(tmp_path):
    """Even below the command line: a job's edition names a style sheet of the folder."""
    from generator.build import jobs as build
    from generator.build import runner
    from generator.build.project import find_project

    root = _project(tmp_path)
    project = find_project(root)
    job = build.Job("leaflet", TOPIC, "en", "a4", edition=f"../../../leaflets/{TOPIC}")
    with pytest.raises(LeafletError):
        build.make_job(project, job, build.BuildSettings(out_dir=tmp_path / "out"))


# ---------------------------------------------------------------- bounded time and memory

_YAML_COSTS = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from generator.content.yamlsafe import MAX_BYTES, read_yaml
    from generator.errors import LeafletError
    bodies = {
        "flow-list": "a: [" + ",".join(["1"] * 300_000) + "]\\n",
        "deep": "a: " + "[" * 100_000,
        "long-string": "a: " + "x" * (MAX_BYTES - 10) + "\\n",
        "anchors": "".join(f"k{i}: &a{i} v\\n" for i in range(70_000)),
    }
    costs = {}
    for name, body in bodies.items():
        path = Path(sys.argv[1]) / (name + ".yaml")
        path.write_text(body[:MAX_BYTES], encoding="utf-8")
        start = time.perf_counter()
        try:
            read_yaml(path)
        except LeafletError:
            pass
        costs[name] = time.perf_counter() - start
    # the peak of this process image: ru_maxrss also counts the process that started it
    # (vfork), VmHWM only this one
    try:
        status = Path("/proc/self/status").read_text()
        peak_mb = int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": costs, "peak_mb": peak_mb}))
""")


def test_hostile_yaml_costs_bounded_time_and_memory(tmp_path):
    """The worst 1 MB files we know (many values, deep nesting, long lines) are refused or
    read in about a second each, in well under a few hundred MB."""
    import json
    import subprocess

    result = subprocess.run([sys.executable, "-c", _YAML_COSTS, str(tmp_path)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    costs = json.loads(result.stdout)
    slow = {name: round(s, 1) for name, s in costs["seconds"].items() if s > 8}
    assert not slow, f"too slow: {slow}"
    assert costs["peak_mb"] < 400, costs
