"""Build progress on stderr: a bar on a terminal, plain lines otherwise.

On a terminal one line is redrawn in place (carriage return, no escape sequences):

    [##########..........]  108/216  50%  0:21  es/stage4-cancer-a4

and a failed output is printed on its own line above the bar as it happens. Anywhere else
(a log, CI, a pipe) each output made or failed is one line, as before:

    [12/216] es/stage4-cancer-a4 ok
    [13/216] es/quiz/stage4-cancer-key-A-a4 ok (changed: locales/es/LC_MESSAGES/common.po)

Outputs that were up to date print nothing; the summary counts them.
"""

from __future__ import annotations

import shutil
import sys
import time


class BuildProgress:
    """A `progress(index, total, job, status)` callback for `run_build`."""

    REDRAW_SECONDS = 0.1
    FAILURES_SHOWN = 3      # per language, on a terminal

    def __init__(self, stream=None, tty: bool | None = None):
        self.stream = stream or sys.stderr
        self.tty = _is_terminal(self.stream) if tty is None else tty
        self.start = time.monotonic()
        self._last_draw = 0.0
        self._drawn = 0        # width of the bar line on screen, to blank it
        self._failures: dict[str, int] = {}   # locale -> failures seen

    def __call__(self, index: int, total: int, job, status: str) -> None:
        failed = status.startswith("FAILED")
        if not self.tty:
            if status != "up to date":
                self.stream.write(f"[{index}/{total}] {job.label} {status}\n")
                self.stream.flush()
            return
        if failed:
            # on a terminal, the first few failures of a language as they happen; the
            # summary then groups them all by language and reason
            locale = job.label.split("/", 1)[0]
            self._failures[locale] = self._failures.get(locale, 0) + 1
            if self._failures[locale] <= self.FAILURES_SHOWN:
                self._clear()
                more = " (more failures in this language: see the summary)" \
                    if self._failures[locale] == self.FAILURES_SHOWN else ""
                self.stream.write(f"FAILED {job.label}{more}\n")
        now = time.monotonic()
        if failed or index == total or now - self._last_draw >= self.REDRAW_SECONDS:
            self._draw(index, total, job.label, now)

    def _draw(self, index: int, total: int, label: str, now: float) -> None:
        self._last_draw = now
        columns = shutil.get_terminal_size((80, 24)).columns
        elapsed = int(now - self.start)
        share = index / total if total else 1.0
        width = 20
        filled = int(share * width)
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {index:>{len(str(total))}}/{total} "
                f"{int(share * 100):3d}%  {elapsed // 60}:{elapsed % 60:02d}  {label}")
        line = line[:max(10, columns - 1)]
        self.stream.write("\r" + line + " " * max(0, self._drawn - len(line)))
        self._drawn = len(line)
        self.stream.flush()

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r" + " " * self._drawn + "\r")
            self._drawn = 0

    def close(self) -> None:
        """Leave the terminal on a fresh line (before the summary)."""
        if self.tty and self._drawn:
            self.stream.write("\n")
            self._drawn = 0
            self.stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
