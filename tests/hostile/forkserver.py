"""Run `python -m generator ARGS` many times without paying Python's start-up each time.

The server imports the generator and its heavy libraries once, then for every request (one
JSON line on stdin: args, cwd, env, timeout) forks a child that runs `python -m generator`
exactly as the interpreter would (runpy, sys.argv, stdout/stderr to files, an uncaught
exception printed as a traceback with status 1) and answers one JSON line: returncode,
stdout, stderr. Each run is still a process of its own: nothing it does reaches the next.
Used by tests/hostile/harness.py; run it only through there.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import tempfile
import time
import traceback


def _preload() -> None:
    import babel.messages.pofile  # noqa: F401
    import PIL.Image  # noqa: F401
    import reportlab.platypus  # noqa: F401
    import yaml  # noqa: F401

    import importlib
    import pkgutil

    import generator.build.kinds  # noqa: F401 - the renderer and every job kind
    import generator.cli  # noqa: F401
    import generator.commands
    for info in pkgutil.iter_modules(generator.commands.__path__):
        importlib.import_module(f"generator.commands.{info.name}")


def _child(request: dict, out_fd: int, err_fd: int) -> None:
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sys.argv = ["leaflets", *request["args"]]
        code = 0
        try:
            runpy.run_module("generator", run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code
            else:
                sys.stderr.write(f"{exc.code}\n")
                code = 1
        except BaseException:  # noqa: BLE001 - what the interpreter would print
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(locals().get("code", 70))


def serve() -> None:
    _preload()
    reply = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            reply.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(request, out.fileno(), err.fileno())
            deadline = time.monotonic() + request.get("timeout", 120)
            timed_out = False
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    timed_out, status = True, 9
                    break
                time.sleep(0.005)
            code = -9 if timed_out else os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            answer = {"returncode": code, "timed_out": timed_out,
                      "stdout": out.read().decode("utf-8", "backslashreplace"),
                      "stderr": err.read().decode("utf-8", "backslashreplace")}
        reply.write(json.dumps(answer) + "\n")
        reply.flush()


if __name__ == "__main__":
    serve()
