"""Parallel builds: same bytes with any number of workers, failures stay local, no orphans."""

from __future__ import annotations

import gc
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from generator.build import pool
from generator.build.jobs import BuildSettings, Job
from generator.build.project import Project
from generator.build.runner import execute
from generator.build.progress import BuildProgress

TOPIC = "stage4-cancer"


# ---------------------------------------------------------------- the pool itself

def _init(offset):
    return {"offset": offset, "pid": os.getpid()}


def _task(payload):
    if payload == "die":
        os._exit(7)
    if payload == "raise":
        raise ValueError("bad payload")
    return payload + pool.state()["offset"], os.getpid()


def test_pool_runs_tasks_on_workers_and_survives_a_dying_one():
    with pool.Pool(2, _init, (100,), _task, method="fork") as workers:
        results = {tid: (ok, value) for tid, ok, value in
                   workers.run(enumerate([1, 2, "die", 3, "raise", 4, 5]))}
    assert [results[i][1][0] for i in (0, 1, 3, 5, 6)] == [101, 102, 103, 104, 105]
    assert {results[i][1][1] for i in (0, 1, 3, 5, 6)} != {os.getpid()}
    ok, died = results[2]
    assert not ok and isinstance(died, pool.WorkerDied) and "status 7" in str(died)
    ok, error = results[4]
    assert not ok and isinstance(error, ValueError)


def test_a_worker_is_given_tasks_like_those_it_ran_first():
    """A locale it has rendered (its shaped words are warm), else a locale nobody has
    started in a script it has loaded (its fonts), else a locale nobody has started: the
    other worker's locale only when nothing else is left."""
    class Conn:
        def send(self, message):
            pass

    workers = pool.Pool(2, _init, (0,), _task)
    workers.affinity = lambda locale: (locale, {"zh": "Hans", "ja": "Jpan"}.get(locale, "Latn"),
                                       "CJK" if locale in ("zh", "ja") else "other")
    pending = list(enumerate(["de", "zh", "fr", "ja", "fr", "it", "de"]))
    latin, chinese = pool._Worker(None, Conn()), pool._Worker(None, Conn())
    workers.workers = [latin, chinese]
    given = []
    for worker in (latin, chinese, latin, chinese, chinese, latin, latin):
        workers._give(worker, pending)
        given.append(worker.task)
        worker.task = None
    # latin keeps to de; chinese takes ja (CJK) before any Latin locale, then fr (nobody
    # has it); latin leaves fr to chinese and starts it, and takes fr only at the end
    assert given == [(0, "de"), (1, "zh"), (6, "de"), (3, "ja"), (2, "fr"), (5, "it"),
                     (4, "fr")]


def test_the_start_method_can_be_chosen(monkeypatch):
    monkeypatch.setenv(pool.START_METHOD_ENV, "forkserver")
    assert pool.start_method() == "forkserver"
    monkeypatch.setenv(pool.START_METHOD_ENV, "nonsense")
    with pytest.raises(Exception, match="not a start method"):
        pool.start_method()


# ---------------------------------------------------------------- whole builds

def _build(out: Path, *locales: str, jobs: int, env: dict | None = None):
    args = [sys.executable, "-m", "generator", "build", "--topic", TOPIC, "--paper", "a4",
            "--allow-fallback", "--out", str(out), "--jobs", str(jobs)]
    for locale in locales:
        args += ["--locale", locale]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.pdf")}


def test_one_or_two_workers_fork_or_forkserver_give_byte_identical_files(tmp_path):
    # shaped (ar, hi), right-to-left (ar), CJK (zh_Hans) and Latin (en) in one build
    locales = ("en", "ar", "hi", "zh_Hans")
    serial = _build(tmp_path / "j1", *locales, jobs=1)
    forked = _build(tmp_path / "j2", *locales, jobs=2, env={pool.START_METHOD_ENV: "fork"})
    served = _build(tmp_path / "j2s", *locales, jobs=2,
                    env={pool.START_METHOD_ENV: "forkserver"})
    assert len(serial) == 12
    assert forked == serial
    assert served == serial
    # a file does not depend on what else the process made before it
    alone = _build(tmp_path / "hi", "hi", jobs=1)
    assert alone == {name: data for name, data in serial.items() if name.startswith("hi/")}


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere():
    class Job:
        label = "es/stage4-cancer-a4"

    plain = io.StringIO()
    progress = BuildProgress(plain, tty=False)
    progress(1, 3, Job(), "up to date")
    progress(2, 3, Job(), "ok (changed: clinic file)")
    progress(3, 3, Job(), "FAILED")
    assert plain.getvalue() == ("[2/3] es/stage4-cancer-a4 ok (changed: clinic file)\n"
                                "[3/3] es/stage4-cancer-a4 FAILED\n")
    terminal = io.StringIO()
    progress = BuildProgress(terminal, tty=True)
    for index in range(1, 4):
        progress(index, 3, Job(), "FAILED" if index == 2 else "ok")
    progress.close()
    text = terminal.getvalue()
    assert "\r[####" in text and " 3/3 100% " in text and "FAILED es/stage4-cancer-a4\n" in text
    assert "\x1b" not in text and text.endswith("\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_stop_when_the_build_is_killed(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "build", "--out", str(out), "--jobs", "2",
               "--locale", "en", "--locale", "es", "--locale", "de", "--allow-fallback"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    deadline = time.time() + 60
    while time.time() < deadline and not (children and list(out.rglob("*.pdf"))):
        children |= _children(process.pid)
        time.sleep(0.02)
    assert children, "the build started no worker"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.05)
    assert not [pid for pid in children if _alive(pid)], "workers outlived the build"
    assert run_cli("build", "--out", str(out), "--locale", "en", "--locale", "es",
                   "--locale", "de", "--allow-fallback").returncode == 0
    assert not list(out.rglob(".tmp-*"))


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_job_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """A document is made with the collector paused; a failing one turns it back on too,
    and a caller that had it off (a profiler, a test) keeps it off."""
    project = Project(ROOT)
    settings = BuildSettings(out_dir=tmp_path)
    missing = Job("leaflet", "no-such-topic", "en", "a4")
    assert execute(project, missing, settings).error
    assert gc.isenabled()
    gc.disable()
    try:
        assert execute(project, missing, settings).error
        assert not gc.isenabled()
    finally:
        gc.enable()
