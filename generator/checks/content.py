"""Content files load and validate (the loader does the work)."""

from __future__ import annotations

from ..errors import LeafletError, LeafletErrors
from . import Finding


def check_content(project, options) -> list[Finding]:
    findings = []
    for topic in options.topics or project.topics():
        try:
            project.leaflet(topic)
        except LeafletErrors as exc:
            findings += [_finding(e) for e in exc.errors]
        except LeafletError as exc:
            findings.append(_finding(exc))
    return findings


def _finding(exc: LeafletError) -> Finding:
    where = (exc.path or "?") + (f":{exc.line}" if exc.line else "")
    return Finding("error", where, exc.message, exc.hint or "", "content")
