"""The `leaflets` command: parse the arguments, run the chosen command, report errors.

The parsers are in `cli.parsers` (argparse only). Each (sub)command names its handler as
"module:function" (generator/commands/<name>.py, `run(args) -> int`); only the chosen
command's module is imported, so `leaflets --help`, `list` or `i18n status` never load
what they do not use (the renderer above all).
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys

from generator import regexcache, resolve
from generator.cli.parsers import EXIT_USAGE, build_parser
from generator.errors import LeafletError

EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE  # what a shell reports for a tool stopped by SIGPIPE


def run() -> None:
    """The `leaflets` command: main(), then exit without the interpreter's teardown. Output
    is flushed and exit handlers (the removal of this process's temporary files) run
    first; freeing every object of a short build one by one only costs time (about a
    tenth of a one-leaflet build)."""
    status = main(whole_process=True)
    regexcache.save()   # once per machine: the patterns this process had to compile
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(status)   # a profiler or coverage tool writes its data at teardown
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    atexit._run_exitfuncs()
    os._exit(status if isinstance(status, int) and 0 <= status < 256 else 1)


def main(argv: list[str] | None = None, *, whole_process: bool = False) -> int:
    """Run one command. `whole_process`: the command is all this process does (run()), so
    the garbage collector may be tuned for it (_import_command)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = _stop_on_sigterm()
    try:
        status = resolve(args.up_to_date)(args) if getattr(args, "up_to_date", None) \
            else None
        if status is None:
            handler = _import_command(args.handler) if whole_process \
                else resolve(args.handler)
            status = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return status
    except BrokenPipeError:  # `leaflets list | head`: the reader has all it wanted
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    except LeafletError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: no partial files were left behind\n")
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _import_command(name: str):
    """The command's function, its modules imported with the garbage collector paused and
    then frozen (gc.freeze: never scanned again), and young objects collected in larger
    batches. Imports make objects that live as long as the process (modules, classes,
    functions), yet the collector scanned them over and over while they were made: about
    20 ms of a one-leaflet build. Cycles made later are still collected."""
    gc.disable()
    try:
        return resolve(name)
    finally:
        gc.freeze()
        gc.set_threshold(10_000, 10, 10)
        gc.enable()


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that nothing more is written to the closed pipe (and
    Python's own flush at exit does not report it)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop_on_sigterm():
    """`kill PID` stops a build like Ctrl-C: the file being written is removed, not left
    as a temporary file. Returns the previous handler (None when not in the main thread)."""
    try:
        return signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:
        return None
