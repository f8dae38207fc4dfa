"""A small process pool for builds: N workers, each loading the project once.

Why not concurrent.futures or multiprocessing.Pool:

- a worker that dies (killed, out of memory, a crash in a C library) must fail only the
  jobs it was running, and be replaced; a ProcessPoolExecutor breaks for good, a
  multiprocessing.Pool waits forever;
- workers must not outlive the build: if the `leaflets` process is killed (even with
  SIGKILL) each worker notices (end of file on its pipe, and on Linux a parent-death
  signal) and stops, removing the file it was writing;
- Ctrl-C and `kill` are handled once, by the parent, which stops the workers.

Start method: 'fork' where it is safe (Linux, and the parent runs no other thread): a
worker starts in a few milliseconds with the parent's imported modules and parsed content
and style sheets (copy-on-write). Otherwise 'forkserver' (or 'spawn' where there is none):
each worker imports the generator and loads the project itself. `LEAFLETS_START_METHOD`
chooses one by name (tests use it to check that both give the same files).

In a worker, caches live as long as the worker: leaflets and quizzes (Project), parsed
catalogs (localize.catalogs), registered fonts and shaping results (scripts), section
page numbers (quiz.pages).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from dataclasses import dataclass, field

from generator.errors import LeafletError

START_METHOD_ENV = "LEAFLETS_START_METHOD"
_STATE: dict = {}   # in a worker: what `init` returned; read by the task function


def _multiprocessing():
    """multiprocessing, imported when workers are started: a build of one group of jobs
    runs in the build process and never needs it (with ctypes, 6 ms of a cold start)."""
    import multiprocessing.connection  # noqa: PLC0415 - see the docstring

    return multiprocessing


def start_method() -> str:
    asked = os.environ.get(START_METHOD_ENV, "").strip()
    methods = _multiprocessing().get_all_start_methods()
    if asked:
        if asked not in methods:
            raise LeafletError(f"{START_METHOD_ENV}={asked} is not a start method here",
                               hint=f"use one of: {', '.join(methods)}")
        return asked
    if sys.platform.startswith("linux") and "fork" in methods \
            and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class _Worker:
    process: object            # a multiprocessing BaseProcess (imported when workers start)
    conn: object
    task: object = None        # (task id, payload) being run, or None when idle
    seen: set = field(default_factory=set)   # affinity keys of the tasks it ran


class WorkerDied(Exception):
    """A worker process ended while running a task."""


class Pool:
    """`with Pool(n, init, init_args, task_fn) as pool: for tid, ok, value in pool.run(...)`.

    `init(*init_args)` runs once in each worker (under 'fork' it may find what the parent
    prepared); `task_fn(payload)` runs a task there and returns a picklable value. Both
    must be module-level functions.
    """

    def __init__(self, size: int, init, init_args: tuple, task_fn, method: str | None = None):
        self.size = max(1, size)
        self.method = method or start_method()
        self.ctx = _multiprocessing().get_context(self.method)
        self.init, self.init_args, self.task_fn = init, init_args, task_fn
        self.workers: list[_Worker] = []
        self.affinity = None

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()

    def _spawn(self) -> _Worker:
        parent_conn, child_conn = self.ctx.Pipe()
        # under fork a worker inherits the parent's ends of every pipe: it closes them,
        # so that when the parent dies each worker sees the end of its own pipe
        inherited = ([w.conn for w in self.workers] + [parent_conn]
                     if self.method == "fork" else [])
        process = self.ctx.Process(
            target=_worker_main, name=f"leaflets-worker-{len(self.workers) + 1}",
            # a forkserver's workers are the server's children, not ours
            args=(child_conn, inherited, None if self.method == "forkserver" else os.getpid(),
                  self.init, self.init_args, self.task_fn),
            daemon=True)
        process.start()
        child_conn.close()
        worker = _Worker(process, parent_conn)
        self.workers.append(worker)
        return worker

    def run(self, tasks, affinity=None):
        """Run (task id, payload) pairs; yield (task id, ok, value) as tasks finish. A task
        whose worker died yields ok=False with a WorkerDied; the worker is replaced.

        Tasks go in order, except where `affinity(payload)` says they share work: a tuple,
        its first key the most specific (a locale: its words shaped and wrapped), the
        others broader (its script: its fonts loaded). A worker is given the first task of
        a first key it has run before; else one whose first key no other worker has run
        and which shares a broader key with its own; else one no other worker has run;
        else the first. So each first key is mostly run by one worker, and started by a
        second only when nothing else is left."""
        self.affinity = affinity
        pending = list(tasks)
        while len(self.workers) < min(self.size, len(pending)):
            self._spawn()
        for worker in self.workers:
            self._give(worker, pending)
        while any(w.task is not None for w in self.workers):
            busy = {w.conn: w for w in self.workers if w.task is not None}
            sentinels = {w.process.sentinel: w for w in busy.values()}
            for ready in _multiprocessing().connection.wait(list(busy) + list(sentinels)):
                worker = busy.get(ready) or sentinels.get(ready)
                if worker is None or worker.task is None:
                    continue
                task_id = worker.task[0]
                try:
                    if ready is worker.conn or worker.conn.poll():
                        reply = worker.conn.recv()
                        worker.task = None
                        yield task_id, reply[0], reply[1]
                        self._give(worker, pending)
                        continue
                except (EOFError, OSError):
                    pass
                # the worker ended without answering
                worker.process.join(1)
                code = worker.process.exitcode
                worker.task = None
                self._retire(worker)
                yield task_id, False, WorkerDied(_exit_text(code))
                if pending:
                    self._give(self._spawn(), pending)

    def _give(self, worker: _Worker, pending: list) -> None:
        if not pending or worker.task is not None:
            return
        index = 0
        if self.affinity is not None:
            keys = [self.affinity(payload) for _tid, payload in pending]
            index = self._closest(worker, keys)
            worker.seen.update(keys[index])
        worker.task = pending.pop(index)
        worker.conn.send(worker.task)

    def _closest(self, worker: _Worker, keys: list[tuple]) -> int:
        """Which pending task (by its affinity keys) `worker` is given: see run()."""
        others = set().union(*(w.seen for w in self.workers if w is not worker))
        preferences = (
            lambda key: key[0] in worker.seen,
            lambda key: key[0] not in others and any(k in worker.seen for k in key[1:]),
            lambda key: key[0] not in others,
        )
        for preferred in preferences:
            for index, key in enumerate(keys):
                if preferred(key):
                    return index
        return 0

    def _retire(self, worker: _Worker) -> None:
        try:
            worker.conn.close()
        except OSError:
            pass
        self.workers.remove(worker)

    def close(self) -> None:
        """Let idle workers finish and exit."""
        for worker in list(self.workers):
            try:
                worker.conn.send(None)
            except OSError:
                pass
        self._reap_all(10)

    def terminate(self) -> None:
        """Stop every worker now (SIGTERM: each removes the file it was writing)."""
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
        self._reap_all(5)

    def _reap_all(self, grace: float) -> None:
        """Wait up to `grace` seconds for each worker to end, kill it if it has not."""
        for worker in list(self.workers):
            worker.process.join(grace)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            self._retire(worker)


def _exit_text(code) -> str:
    if code is None:
        return "the worker process stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the worker process was killed ({name})"
    return f"the worker process exited with status {code}"


def _stop(signum, frame):
    raise SystemExit(128 + signum)


def _worker_main(conn, inherited, parent_pid, init, init_args, task_fn) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, then stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # `kill`, or the parent's terminate(): unwind, so write_atomic removes its temp file.
    signal.signal(signal.SIGTERM, _stop)
    for other in inherited:
        try:
            other.close()
        except OSError:
            pass
    _die_with_parent(parent_pid)
    _STATE.clear()
    _STATE.update(init(*init_args) or {})
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        task_id, payload = message
        try:
            reply = (True, task_fn(payload))
        except Exception as exc:  # noqa: BLE001 - reported as this task's failure
            reply = (False, exc)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _die_with_parent(parent_pid: int | None) -> None:
    """On Linux, get SIGTERM when the parent dies (even by SIGKILL). Under 'forkserver'
    the parent is the server, which ends with the build; the pipe's end of file does the
    rest."""
    if not sys.platform.startswith("linux") or parent_pid is None:
        return
    try:
        import ctypes  # noqa: PLC0415 - in a worker only (see _multiprocessing)

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:   # the parent died before prctl: stop now
        raise SystemExit(0)


def state() -> dict:
    """In a worker: what `init` returned (project, settings ...)."""
    return _STATE
