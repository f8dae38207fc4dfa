"""Plan and run a build: which files to make, and making each one safely.

A build is a list of jobs (topic x locale x paper x edition, later quizzes). Each job is
rendered completely in memory and written atomically; a failure in one job is recorded and
the others go on. The summary says what was written and what failed, and why.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .clinic import Clinic
from .errors import LeafletError
from .localize.catalogs import COMMON_DOMAIN, SOURCE_LOCALE, load_translations
from .localize.completeness import missing_texts
from .localize.review import review_state
from .project import Project
from .render.leaflet import RenderOptions, render_leaflet
from .render.output import remove_stale_temps, write_atomic


@dataclass(frozen=True)
class Job:
    kind: str        # leaflet
    topic: str
    locale: str
    paper: str
    edition: str = "standard"

    def output(self, out_dir: Path) -> Path:
        edition = "" if self.edition == "standard" else f"-{self.edition}"
        return out_dir / self.locale / f"{self.topic}{edition}-{self.paper}.pdf"

    @property
    def label(self) -> str:
        return f"{self.locale}/{self.topic}{'' if self.edition == 'standard' else '-' + self.edition}-{self.paper}"


@dataclass
class BuildSettings:
    out_dir: Path
    clinic: Clinic | None = None
    allow_fallback: bool = False
    require_reviewed: bool = False


@dataclass
class Summary:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def report(self, stream=sys.stderr) -> None:
        stream.write(f"{len(self.written)} written, {len(self.skipped)} up to date, "
                     f"{len(self.failed)} failed in {self.seconds:.1f} s\n")
        for label, reason in self.failed:
            stream.write(f"  FAILED {label}: {reason}\n")


def plan(project: Project, topics, locales, papers, editions=("standard",)) -> list[Job]:
    return [Job("leaflet", topic, locale, paper, edition)
            for locale in locales for topic in topics for edition in editions for paper in papers]


def locale_refusal(project: Project, topic: str, locale: str, settings: BuildSettings,
                   translations) -> str | None:
    """Why a locale may not be printed for `topic`, or None when it may."""
    if locale == SOURCE_LOCALE:
        return None
    if settings.require_reviewed and review_state(locale, translations).draft:
        return (f"the {locale} translation is not reviewed (X-Review-Status is not 'reviewed'); "
                "drop --require-reviewed to print it with the draft notice")
    missing = missing_texts(project.leaflet(topic), translations)
    if missing and not settings.allow_fallback:
        return (f"{len(missing)} string(s) of {topic} are not translated in {locale}; see "
                f"`leaflets i18n status --locale {locale}` or build with --allow-fallback")
    return None


def run_job(project: Project, job: Job, settings: BuildSettings) -> Path:
    leaflet = project.leaflet(job.topic)
    translations = load_translations(project.locales_dir, job.locale, [job.topic, COMMON_DOMAIN])
    refusal = locale_refusal(project, job.topic, job.locale, settings, translations)
    if refusal:
        raise LeafletError(refusal)
    rendered = render_leaflet(leaflet, job.locale, translations, RenderOptions(
        paper=job.paper, edition=job.edition, clinic=settings.clinic,
        allow_fallback=settings.allow_fallback))
    path = job.output(settings.out_dir)
    write_atomic(path, rendered.pdf)
    return path


def run_build(project: Project, jobs: list[Job], settings: BuildSettings,
              progress=None) -> Summary:
    start = time.perf_counter()
    remove_stale_temps(settings.out_dir)
    summary = Summary()
    for index, job in enumerate(jobs, 1):
        try:
            summary.written.append(run_job(project, job, settings))
            status = "ok"
        except LeafletError as exc:
            summary.failed.append((job.label, str(exc)))
            status = "FAILED"
        if progress:
            progress(index, len(jobs), job, status)
    summary.seconds = time.perf_counter() - start
    return summary
