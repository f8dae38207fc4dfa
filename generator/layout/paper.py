"""Paper sizes: the names used on the command line and in file names, and the size in
points. No imports, so the command line can offer them without loading anything."""

from __future__ import annotations

from dataclasses import dataclass

_INCH = 72.0                  # PDF points, computed as ReportLab computes its page sizes
_MM = _INCH / 2.54 * 0.1


@dataclass(frozen=True)
class Paper:
    name: str        # as in file names and on the command line
    label: str       # as shown to people
    size: tuple[float, float]   # width, height in PDF points


PAPERS = {paper.name: paper for paper in (
    Paper("a4", "A4", (210 * _MM, 297 * _MM)),
    Paper("letter", "US Letter", (8.5 * _INCH, 11 * _INCH)),
)}
