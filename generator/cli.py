"""The `leaflets` command: argument parsing and error reporting, nothing else.

Each subcommand lives in generator/commands/<name>.py with `add_parser(subparsers)` and
`run(args) -> int`. Imports stay lazy so `leaflets --help` starts quickly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys

from . import __version__
from .errors import LeafletError

COMMANDS = ("build", "check", "list", "i18n", "quiz", "review-packet")
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE  # what a shell reports for a tool stopped by SIGPIPE


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line and exit 2, as argparse does, plus a hint
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n  try: {self.prog} --help\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leaflets",
                     description="Build patient leaflets and quizzes in many languages.")
    parser.add_argument("--version", action="version", version=f"leaflets {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        _command_module(name).add_parser(sub)
    return parser


def _command_module(name: str):
    return importlib.import_module(f"generator.commands.{name.replace('-', '_')}")


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", metavar="DIR",
                        help="project folder with leaflets/, locales/, quizzes/ "
                             "(default: found from the current directory)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = _stop_on_sigterm()
    try:
        status = args.run(args)
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
