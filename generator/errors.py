"""The one exception type users see, and the finding a check reports.

Everything a user can get wrong (a file, a translation, a flag) is reported as a
`LeafletError`: the CLI prints its message and exits with status 2, never a traceback.
A check (`leaflets check`, `i18n check`) reports `Finding`s instead, so that one run lists
every problem; `Finding.from_error` turns an error into one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

# Control characters (but newline and tab) and bidi controls in a message could drive the
# terminal or reorder what it shows: messages quote hostile file names, keys and arguments.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f"
                     "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with control and bidi characters shown as escapes (\\x1b, \\u202e)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii")
                       if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


class LeafletError(Exception):
    """A problem the user can fix: says where (file, line) and what to do."""

    def __init__(self, message: str, *, path: str | Path | None = None,
                 line: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        text = where + self.message
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return printable(text)


class LeafletErrors(LeafletError):
    """Several problems found in one pass, reported together."""

    def __init__(self, errors: list[LeafletError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def did_you_mean(value, choices, otherwise: str, shape: str = "'{}'") -> str:
    """A fix hint: the closest known name ("did you mean 'subtitle'?"), else `otherwise`."""
    close = difflib.get_close_matches(str(value), sorted(str(c) for c in choices), n=1)
    return f"did you mean {shape.format(close[0])}?" if close else otherwise


@dataclass(frozen=True)
class Finding:
    level: str            # error | warning | info
    where: str            # file[:line] or locale/file:line
    message: str
    hint: str = ""
    check: str = ""

    def __str__(self) -> str:
        text = f"{self.level}: {self.where}: {self.message}"
        return text + (f"\n  fix: {self.hint}" if self.hint else "")

    @classmethod
    def from_error(cls, exc: LeafletError, check: str = "") -> "Finding":
        """An error of a file the check read, as a finding (level error)."""
        where = (exc.path or "?") + (f":{exc.line}" if exc.line else "")
        return cls("error", where, exc.message, exc.hint or "", check)
