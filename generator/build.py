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
from .i18n.pseudo import is_pseudo, pseudo_translations
from .localize.catalogs import COMMON_DOMAIN, SOURCE_LOCALE, load_translations
from .localize.completeness import missing_texts, missing_ui
from .localize.review import review_state
from .localize.ui import UI_STRINGS, ui_context
from .markup import translation_problems
from .project import Project
from .render.leaflet import RenderOptions, render_leaflet
from .render.output import prepare_out_dir, write_atomic


@dataclass(frozen=True)
class Job:
    kind: str        # leaflet | quiz | key (a quiz version and its answer key)
    topic: str
    locale: str
    paper: str
    edition: str = "standard"
    version: str = "A"   # quiz and key only

    def output(self, out_dir: Path) -> Path:
        if self.kind in QUIZ_KINDS:
            from .quiz.outputs import pdf_output  # noqa: PLC0415
            return pdf_output(out_dir, self.locale, self.topic, self.kind, self.version,
                              self.paper)
        edition = "" if self.edition == "standard" else f"-{self.edition}"
        return out_dir / self.locale / f"{self.topic}{edition}-{self.paper}.pdf"

    @property
    def label(self) -> str:
        if self.kind in QUIZ_KINDS:
            return f"{self.locale}/quiz/{self.topic}-{self.kind}-{self.version}-{self.paper}"
        return f"{self.locale}/{self.topic}{'' if self.edition == 'standard' else '-' + self.edition}-{self.paper}"


QUIZ_KINDS = ("quiz", "key")


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

    def report(self, stream=None) -> None:
        stream = stream or sys.stderr  # looked up now, so redirected stderr gets the summary
        stream.write(f"{len(self.written)} written, {len(self.skipped)} up to date, "
                     f"{len(self.failed)} failed in {self.seconds:.1f} s\n")
        for label, reason in self.failed:
            stream.write(f"  FAILED {label}: {reason}\n")


def plan(project: Project, topics, locales, papers, editions=("standard",)) -> list[Job]:
    """Leaflets, then for topics with a quiz file the quiz (version A) and its answer key."""
    from .quiz.outputs import has_quiz  # noqa: PLC0415

    jobs = [Job("leaflet", topic, locale, paper, edition)
            for locale in locales for topic in topics for edition in editions for paper in papers]
    jobs += [Job(kind, topic, locale, paper)
             for locale in locales for topic in topics if has_quiz(project, topic)
             for paper in papers for kind in QUIZ_KINDS]
    return jobs


def locale_refusal(project: Project, topic: str, locale: str, settings: BuildSettings,
                   translations) -> str | None:
    """Why a locale may not be printed for `topic`, or None when it may."""
    if locale == SOURCE_LOCALE:
        return None
    if settings.require_reviewed and review_state(locale, translations).draft:
        return (f"the {locale} translation is not reviewed (X-Review-Status is not 'reviewed'); "
                "drop --require-reviewed to print it with the draft notice")
    refused = refused_translations(project.leaflet(topic), translations)
    if refused:
        context, problem = refused[0]
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        return (f"the {locale} translation of {context} is refused: {problem}{more}; "
                f"fix the catalog (`leaflets check --locale {locale}` lists every problem)")
    missing = missing_texts(project.leaflet(topic), translations)
    missing_common = missing_ui(translations)
    if (missing or missing_common) and not settings.allow_fallback:
        counts = " and ".join(part for part in (
            f"{len(missing)} string(s) of {topic}" if missing else "",
            f"{len(missing_common)} generator string(s) (common)" if missing_common else "")
            if part)
        return (f"{counts} are not translated in {locale}; see "
                f"`leaflets i18n status --locale {locale}` or build with --allow-fallback")
    return None


def refused_translations(leaflet, translations) -> list[tuple[str, str]]:
    """(context, problem) for every translation the renderer would refuse to print: a
    poisoned or broken catalog stops its locale instead of printing English silently."""
    refused = []
    for text in leaflet.texts():
        found = translations.get(leaflet.id, text.context, text.source)
        problems = translation_problems(text.source, found) if found is not None else []
        if problems:
            refused.append((text.context, problems[0]))
    for key, (english, _note, _limit) in UI_STRINGS.items():
        if isinstance(english, str):
            forms = [(english, translations.get(COMMON_DOMAIN, ui_context(key), english))]
        else:
            catalog = translations.catalogs.get(COMMON_DOMAIN)
            message = catalog.get(english[0], context=ui_context(key)) if catalog else None
            strings = message.string if message is not None and not message.fuzzy else ()
            forms = [(english[1], s) for s in strings if isinstance(strings, (tuple, list)) and s]
        for source, found in forms:
            problems = translation_problems(source, found) if found else []
            if problems:
                refused.append((ui_context(key), problems[0]))
    return refused


def run_job(project: Project, job: Job, settings: BuildSettings) -> Path:
    if job.kind in QUIZ_KINDS:
        return run_quiz_job(project, job, settings)
    leaflet = project.leaflet(job.topic)
    if is_pseudo(job.locale):  # en_XA / ar_XB: made in memory, never read from files
        translations = pseudo_translations(job.locale)
    else:
        translations = load_translations(project.locales_dir, job.locale,
                                         [job.topic, COMMON_DOMAIN])
    refusal = locale_refusal(project, job.topic, job.locale, settings, translations)
    if refusal:
        raise LeafletError(refusal)
    rendered = render_leaflet(leaflet, job.locale, translations, RenderOptions(
        paper=job.paper, edition=job.edition, clinic=settings.clinic,
        allow_fallback=settings.allow_fallback))
    path = job.output(settings.out_dir)
    write_atomic(path, rendered.pdf)
    return path


def run_quiz_job(project: Project, job: Job, settings: BuildSettings) -> Path:
    """A printable quiz or its answer key (generator.quiz; same refusals as the leaflet)."""
    from .quiz.outputs import QuizMaker, QuizOptions  # noqa: PLC0415

    maker = QuizMaker(project, job.topic, job.locale, QuizOptions(
        clinic=settings.clinic, allow_fallback=settings.allow_fallback,
        require_reviewed=settings.require_reviewed))
    path = job.output(settings.out_dir)
    write_atomic(path, maker.pdf(maker.version(job.version), job.paper, key=job.kind == "key"))
    return path


def run_build(project: Project, jobs: list[Job], settings: BuildSettings,
              progress=None) -> Summary:
    start = time.perf_counter()
    prepare_out_dir(settings.out_dir)
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
