"""Content files load and validate (the loader does the work)."""

from __future__ import annotations

from generator.errors import Finding, LeafletError, LeafletErrors


def check_content(project, options) -> list[Finding]:
    findings = []
    for topic in options.topics or project.topics():
        try:
            project.leaflet(topic)
        except LeafletErrors as exc:
            findings += [Finding.from_error(e, "content") for e in exc.errors]
        except LeafletError as exc:
            findings.append(Finding.from_error(exc, "content"))
    return findings
