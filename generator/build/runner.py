"""Run a planned build: skip what is up to date, render the rest on every core.

1. For each job, hash what it depends on (generator.build.cache) and compare with the
   manifest in the out folder: up to date, a remembered failure, or to be made (and why).
2. Jobs to make are grouped by (topic, locale, paper): a leaflet and its quiz and answer
   key run in the same worker, so the key finds the leaflet's page numbers in that
   worker's cache instead of rendering the leaflet again. The groups that took longest
   last time start first, so no long job is left for the end.
3. One group at a time per worker (generator.build.pool); with one worker, or one group, in
   this process. Each job is rendered in memory and written atomically by the worker;
   a failure is that job's alone.
4. Results are reported as they come (progress), recorded in the manifest, which is
   written at the end, or when the build is interrupted.
"""

from __future__ import annotations

import gc
import secrets
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator import resolve
from generator.build import pool
from generator.build.cache import MISSING, BuildCache, Decision, FileHashes, digest
from generator.build.jobs import Summary, job_group, job_inputs, job_kind, make_job
from generator.build.project import Project
from generator.errors import LeafletError
from generator.files import prepare_out_dir, write_atomic
from generator.scripts.registry import script_for_locale

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


@dataclass
class JobResult:
    """What happened to one job, sent back from a worker."""

    job: object
    path: Path | None = None    # the file written; None when the job failed
    sha256: str = ""
    size: int = 0
    error: str = ""
    stage: str = ""             # on failure: "make" (rendering), "write" or "internal"
    seconds: float = 0.0


def execute(project, job, settings) -> JobResult:
    """Make one job's file and write it; every failure is returned, not raised."""
    start = time.perf_counter()
    try:
        with collected_once():
            data = make_job(project, job, settings)
    except LeafletError as exc:
        return JobResult(job, error=str(exc), stage="make",
                         seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a bug stops this output only, and says where
        return JobResult(job, error=_internal(exc), stage="internal",
                         seconds=time.perf_counter() - start)
    path = job.output(settings.out_dir)
    try:
        write_atomic(path, data)
    except LeafletError as exc:
        return JobResult(job, error=str(exc), stage="write",
                         seconds=time.perf_counter() - start)
    return JobResult(job, path, digest(data), len(data),
                     seconds=time.perf_counter() - start)


@contextmanager
def collected_once():
    """The cyclic garbage collector paused while a document is made, then one collection of
    what it left. A render makes hundreds of thousands of short-lived objects, freed by
    their reference counts, and the collector scanned the survivors every 10,000 of them
    (0.7 s of a full serial build's 8.5 s of CPU; collected once per document, 0.3 s). A
    document's own cycles (document, canvas, frames) are collected right after it. A
    caller that has the collector off (a profiler, a test) keeps it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(1)


def _internal(exc: Exception) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"internal error: {type(exc).__name__}: {exc}{where} (please report it)"


# ---------------------------------------------------------------- in a worker

_PREPARED: dict = {}   # set by the parent before forking: workers inherit it


def _init_worker(root: str, settings, token: str) -> dict:
    """Once per worker: the project (inherited under 'fork', loaded otherwise)."""
    if _PREPARED.get("token") == token:
        return {"project": _PREPARED["project"], "settings": _PREPARED["settings"]}
    return {"project": Project(Path(root)), "settings": settings}


def _run_group(jobs: list) -> list[JobResult]:
    project, settings = pool.state()["project"], pool.state()["settings"]
    return [execute(project, job, settings) for job in jobs]


def _preload(jobs: list) -> None:
    """Import what the jobs need before forking, so workers share it (copy-on-write)."""
    for make in dict.fromkeys(job_kind(job).make for job in jobs):
        resolve(make)


# ---------------------------------------------------------------- in the parent

def run_build(project, jobs: list, settings, *, workers: int = 1, force: bool = False,
              progress=None) -> Summary:
    """Make the jobs whose output is missing or out of date (all with `force`), on
    `workers` processes; `progress(index, total, job, status)` is called per job."""
    start = time.perf_counter()
    prepare_out_dir(settings.out_dir)
    summary = Summary()
    hashes = FileHashes()
    cache = BuildCache.open(settings.out_dir, settings, hashes)
    total, done = len(jobs), 0
    order = {id(job): n for n, job in enumerate(jobs)}
    outputs = {id(job): job.output(settings.out_dir) for job in jobs}

    def report(job, status: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, job, status)

    todo: list[tuple[object, Decision]] = []
    for job in jobs:
        try:
            inputs = _named_inputs(project, job_inputs(project, job, settings), hashes)
        except LeafletError as exc:   # e.g. no script known for the locale: the job says why
            inputs = {"(inputs)": f"unknown: {exc}"}
        decision = cache.decide(job, outputs[id(job)], inputs, force)
        if decision.run:
            todo.append((job, decision))
        elif decision.failure is not None:
            summary.failed.append((job.label, decision.failure
                                   + " (inputs unchanged since the last build; --force "
                                   "tries again)"))
            report(job, "FAILED")
        else:
            summary.skipped.append(outputs[id(job)])
            report(job, "up to date")

    decisions = {id(job): decision for job, decision in todo}

    def record(result: JobResult) -> None:
        job = result.job
        decision = decisions[id(job)]
        output = outputs[id(job)]
        if result.path is not None:
            cache.record_written(output, decision, result.sha256, result.size,
                                 result.seconds)
            summary.written.append(result.path)
            summary.reasons[job.label] = decision.reason
            status = "ok" if decision.reason in ("new", "forced") \
                else f"ok ({decision.reason})"
        else:
            cache.record_failed(output, decision, result.error,
                                remember=result.stage == "make")
            summary.failed.append((job.label, result.error))
            status = "FAILED"
        report(job, status)

    groups = _groups(todo, cache, outputs)
    count = max(1, min(workers, len(groups)))
    try:
        if count == 1:
            for group in groups:
                for job in group:
                    record(execute(project, job, settings))
        else:
            _run_parallel(project, settings, groups, count, record)
    finally:
        summary.recorded = cache.changed
        try:
            cache.save()
        except LeafletError as exc:
            sys.stderr.write(f"warning: the build manifest was not saved ({exc}); "
                             "the next build makes everything again\n")
    position = {outputs[id(job)]: order[id(job)] for job in jobs}
    summary.written.sort(key=lambda path: position.get(path, total))
    summary.seconds = time.perf_counter() - start
    return summary


def _run_parallel(project, settings, groups: list[list], count: int, record) -> None:
    token = secrets.token_hex(8)
    method = pool.start_method()
    if method == "fork":
        _preload([job for group in groups for job in group])
        _PREPARED.update(token=token, project=project, settings=settings)
        # what the workers inherit is never collected: their garbage collector would
        # otherwise touch (and so copy) every inherited page
        gc.freeze()
    try:
        with pool.Pool(count, _init_worker, (str(project.root), settings, token),
                       _run_group, method=method) as workers:
            tasks = list(enumerate(groups))
            for task_id, ok, value in workers.run(tasks, affinity=_group_affinity):
                if ok:
                    for job, result in zip(groups[task_id], value):
                        result.job = job   # results were pickled: use the parent's object
                        record(result)
                else:
                    reason = (str(value) if isinstance(value, pool.WorkerDied)
                              else _internal(value))
                    for job in groups[task_id]:
                        record(JobResult(job, error=reason, stage="internal"))
    finally:
        _PREPARED.clear()
        if method == "fork":
            gc.unfreeze()


def _group_affinity(group: list) -> tuple:
    """A group's locale, then its writing system: a worker keeps to the locales whose words
    it has shaped and wrapped, then to the scripts whose fonts it has loaded
    (generator.build.pool affinity)."""
    locale = group[0].locale
    try:
        script = script_for_locale(locale)
    except LeafletError:
        script = locale
    return ("locale", locale), ("script", script)


def _groups(todo: list, cache: BuildCache, outputs: dict) -> list[list]:
    """Jobs that share work, together; the longest groups (as last time) first."""
    groups: dict = {}
    for job, _decision in todo:
        groups.setdefault(job_group(job), []).append(job)
    ordered = list(groups.values())
    ordered.sort(key=lambda group: -sum(cache.seconds(outputs[id(job)]) for job in group))
    return ordered


def _named_inputs(project, items, hashes: FileHashes) -> dict[str, str]:
    """Input files -> {name: content hash}; names are stable across machines: relative to
    the project for its own files, 'fonts/<file>' for fonts."""
    root = Path(project.root)
    named: dict[str, str] = {}
    for item in items:
        if isinstance(item, str) and not Path(item).is_absolute():
            named[f"fonts/{item}"] = MISSING      # a font file that was not found
            continue
        path = Path(item)
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = f"fonts/{path.name}" if path.suffix.lower() in FONT_SUFFIXES else str(path)
        named[name] = hashes(path)
    return named
