"""Plan and run a build: which files to make, and making each one safely.

A build is a list of jobs (topic x locale x paper x edition, quizzes and keys). A job is a
kind, its parameters, an output path and the input files it depends on (KINDS: how each
kind is made and what it reads); new kinds register there. Each job is rendered completely
in memory and written atomically; a failure in one job is recorded and the others go on.
`run_build` skips outputs whose inputs did not change and runs the rest on several
processes (generator.runner, generator.buildcache, generator.pool). The summary says what
was written and what failed, and why.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

from .clinic import Clinic
from .errors import LeafletError
from .i18n.pseudo import is_pseudo
from .localize.catalogs import COMMON_DOMAIN, SOURCE_LOCALE
from .localize.completeness import missing_texts, missing_ui, refusal_message, refused_texts
from .content.review import content_state
from .localize.ledger import ledger_path
from .localize.review import topic_review
from .localize.ui import UI_STRINGS, ui_context
from .markup import translation_problems
from .project import Project
from .render.leaflet import RenderOptions, render_leaflet
from .render.output import write_atomic


@dataclass(frozen=True)
class Job:
    kind: str        # leaflet | quiz | key (a quiz version and its answer key) | web
    topic: str
    locale: str
    paper: str
    edition: str = "standard"
    version: str = "A"   # quiz and key only
    partner: str = ""    # bilingual edition: the second language (--with)

    @property
    def _suffix(self) -> str:
        edition = "" if self.edition == "standard" else f"-{self.edition}"
        return edition + (f"-{self.partner}" if self.partner else "")

    def output(self, out_dir: Path) -> Path:
        if self.kind == "web":
            from .web.job import web_output  # noqa: PLC0415
            return web_output(out_dir, self)
        if self.kind in QUIZ_KINDS:
            from .quiz.outputs import pdf_output  # noqa: PLC0415
            return pdf_output(out_dir, self.locale, self.topic, self.kind, self.version,
                              self.paper, self.edition)
        return out_dir / self.locale / f"{self.topic}{self._suffix}-{self.paper}.pdf"

    @property
    def label(self) -> str:
        """The output's path in the out folder, without `.pdf` (en/stage4-cancer-a4)."""
        return self.output(Path()).with_suffix("").as_posix()


QUIZ_KINDS = ("quiz", "key")


@dataclass
class BuildSettings:
    out_dir: Path
    clinic: Clinic | None = None
    allow_fallback: bool = False
    require_reviewed: bool = False
    language_help: bool = False      # append the language-help page to every leaflet


@dataclass
class Summary:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    reasons: dict[str, str] = field(default_factory=dict)   # label -> why it was rebuilt
    not_offered: list[tuple[str, str]] = field(default_factory=list)   # (topic, locale)
    out_dir: Path | None = None     # set: the report ends with the folder and what is in it

    def report(self, stream=None) -> None:
        stream = stream or sys.stderr  # looked up now, so redirected stderr gets the summary
        offered = f", {len(self.not_offered)} not offered" if self.not_offered else ""
        stream.write(f"{len(self.written)} written, {len(self.skipped)} up to date, "
                     f"{len(self.failed)} failed{offered} in {self.seconds:.1f} s\n")
        for line in self.failure_lines():
            stream.write(line + "\n")
        for topic, locales in _by_topic(self.not_offered).items():
            stream.write(f"  not offered: {topic} in {', '.join(locales)} (no catalog for "
                         f"the topic; see `locales:` in docs/content-format.md)\n")
        if self.out_dir is not None:
            counts = count_kinds(self.written + self.skipped)
            listed = ", ".join(f"{n} {kind if n != 1 else SINGULAR[kind]}"
                               for kind, n in counts.items() if n) or "no files"
            stream.write(f"output: {Path(self.out_dir).resolve()} ({listed})\n")

    def failure_lines(self, shown: int = 3) -> list[str]:
        """Failures grouped by locale and reason, with counts and the first few outputs."""
        groups: dict[tuple[str, str], list[str]] = {}
        for label, reason in self.failed:
            locale = label.split("/", 1)[0]
            groups.setdefault((locale, reason), []).append(label)
        lines = []
        for (locale, reason), labels in groups.items():
            first, lines_of_reason = reason.split("\n", 1)[0], reason.split("\n")[1:]
            lines.append(f"  FAILED {locale}: {len(labels)} output(s): {first}")
            lines += [f"    {extra.strip()}" for extra in lines_of_reason]
            more = f" and {len(labels) - shown} more" if len(labels) > shown else ""
            lines.append(f"    {', '.join(labels[:shown])}{more}")
        return lines


KIND_NAMES = ("leaflets", "quizzes", "answer keys", "exports")
SINGULAR = {"leaflets": "leaflet", "quizzes": "quiz", "answer keys": "answer key",
            "exports": "export"}


def count_kinds(paths) -> dict[str, int]:
    """How many files of each kind: leaflets, quizzes, answer keys, LMS exports."""
    counts = dict.fromkeys(KIND_NAMES, 0)
    for path in paths:
        path = Path(path)
        if path.parent.name != "quiz":
            counts["leaflets"] += path.suffix == ".pdf"
        elif path.suffix != ".pdf":
            counts["exports"] += 1
        else:
            counts["answer keys" if "-key-" in path.name else "quizzes"] += 1
    return counts


def _by_topic(pairs) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for topic, locale in pairs:
        grouped.setdefault(topic, []).append(locale)
    return grouped


def not_offered(project: Project, topics, locales, partners=()) -> list[tuple[str, str]]:
    """(topic, locale) pairs asked for whose topic does not ship in the locale."""
    return [(topic, locale) for topic in topics
            for locale in dict.fromkeys([*locales, *partners])
            if not project.offers(topic, locale)]


def plan(project: Project, topics, locales, papers, editions=("standard",),
         partners=()) -> list[Job]:
    """Leaflets, then for topics with a quiz file the quiz (version A) and its answer key,
    in each edition built that quizzes are printed in (standard, large print: the key cites
    that edition's pages). A bilingual edition is made for each locale with each of
    `partners` but itself. Only locales the topic ships in (Project.offered_locales) are
    planned."""
    from .quiz.outputs import QUIZ_EDITIONS, has_quiz  # noqa: PLC0415
    from .render.leaflet import is_bilingual  # noqa: PLC0415

    offered = {topic: set(project.offered_locales(topic)) for topic in topics}

    def offers(topic, locale):   # a topic that does not ship in a locale is left out
        return locale in offered[topic] or is_pseudo(locale)

    jobs = [Job("leaflet", topic, locale, paper, edition, partner=partner)
            for locale in locales for topic in topics if offers(topic, locale)
            for edition in editions
            for partner in ([p for p in partners if p != locale and offers(topic, p)]
                            if is_bilingual(edition) else [""])
            for paper in papers]
    quiz_editions = [e for e in editions if e in QUIZ_EDITIONS] or ["standard"]
    jobs += [Job(kind, topic, locale, paper, edition)
             for locale in locales for topic in topics
             if offers(topic, locale) and has_quiz(project, topic)
             for edition in quiz_editions for paper in papers for kind in QUIZ_KINDS]
    return jobs


def locale_refusal(project: Project, topic: str, locale: str, settings,
                   translations) -> str | None:
    """Why a locale may not be printed for `topic`, or None when it may. `settings` has
    `require_reviewed` and `allow_fallback` (BuildSettings, or a quiz's options)."""
    if settings.require_reviewed:
        # Both review states are reported at once, so one run shows everything to sign off.
        reasons = []
        content = content_state(project.leaflet(topic))
        if content.draft:
            reasons.append(f"the content of {topic} is a clinical draft ({content.reason} in "
                           f"leaflets/{topic}.yaml)")
        if locale != SOURCE_LOCALE:
            state = topic_review(project, topic, locale, translations)
            if state.draft:
                summary = state.summary
                counts = (f"{summary.reviewed} of {summary.total} strings approved in "
                          f"locales/{locale}/review.yaml" if summary and summary.total
                          else "it has no review records")
                reasons.append(f"the {locale} translation of {topic} is not reviewed ({counts}); "
                               f"review it with `leaflets i18n export-review --locale {locale}` "
                               "and `import-review`")
        if reasons:
            return "; ".join(reasons) + ("; or drop --require-reviewed to print it with the "
                                         "draft notice")
    if locale == SOURCE_LOCALE:
        return None
    refused = refused_translations(project.leaflet(topic), translations)
    if refused:
        return refusal_message(locale, refused)
    leaflet = project.leaflet(topic)
    missing = missing_texts(leaflet.id, leaflet.texts(), translations)
    missing_common = missing_ui(translations)
    if (missing or missing_common) and not settings.allow_fallback:
        fuzzy = changed_in_english(translations, leaflet.id, missing)
        if fuzzy:
            names = ", ".join(fuzzy[:5]) + (f" and {len(fuzzy) - 5} more" if len(fuzzy) > 5
                                           else "")
            others = len(missing) - len(fuzzy) + len(missing_common)
            rest = f"; {others} other string(s) are not translated" if others else ""
            return (f"{len(fuzzy)} string(s) of {topic} changed in English since they were "
                    f"translated into {locale} (fuzzy, not printed): {names}{rest}; update "
                    f"the translation and clear the fuzzy flag (`leaflets i18n check --locale "
                    f"{locale}` shows the old and new English), or build with --allow-fallback "
                    "to print the English for them")
        counts = " and ".join(part for part in (
            f"{len(missing)} string(s) of {topic}" if missing else "",
            f"{len(missing_common)} generator string(s) (common)" if missing_common else "")
            if part)
        return (f"{counts} are not translated in {locale}; see "
                f"`leaflets i18n status --locale {locale}` or build with --allow-fallback")
    return None


def changed_in_english(translations, domain: str, missing) -> list[str]:
    """msgctxt of the `missing` texts whose catalog entry is fuzzy, or holds a translation of
    an older English text under the same msgctxt (the catalog was not updated yet)."""
    catalog = translations.catalogs.get(domain)
    if catalog is None:
        return []
    older = {m.context for m in catalog if m.id and m.string and not m.fuzzy}
    found = []
    for text in missing:
        message = catalog.get(text.source, context=text.context)
        if (message is not None and message.fuzzy and message.string) or \
                (message is None and text.context in older):
            found.append(text.context)
    return found


def refused_translations(leaflet, translations) -> list[tuple[str, str]]:
    """(context, problem) for every translation the renderer would refuse to print: a
    poisoned or broken catalog stops its locale instead of printing English silently."""
    refused = refused_texts(leaflet.id, leaflet.texts(), translations)
    for key, (english, _note, limit) in UI_STRINGS.items():
        if isinstance(english, str):
            forms = [(english, translations.get(COMMON_DOMAIN, ui_context(key), english))]
        else:
            catalog = translations.catalogs.get(COMMON_DOMAIN)
            message = catalog.get(english[0], context=ui_context(key)) if catalog else None
            strings = message.string if message is not None and not message.fuzzy else ()
            forms = [(english[1], s) for s in strings if isinstance(strings, (tuple, list)) and s]
        for source, found in forms:
            problems = translation_problems(source, found, translations.slot_limit(limit)) \
                if found else []
            if problems:
                refused.append((ui_context(key), problems[0]))
    return refused


@dataclass(frozen=True)
class JobKind:
    """How a kind of job is made and what it reads.

    make(project, job, settings) -> bytes: the file, rendered in memory (LeafletError when
    it cannot be made); inputs(project, job, settings) -> the files it depends on (paths,
    or the bare name of a font file that is missing), besides the generator itself, the
    job's parameters and the build settings, which every job depends on.
    """

    make: Callable
    inputs: Callable


KINDS: dict[str, JobKind] = {}


def register_kind(name: str, make: Callable, inputs: Callable) -> None:
    KINDS[name] = JobKind(make, inputs)


def make_job(project: Project, job: Job, settings: BuildSettings) -> bytes:
    kind = KINDS.get(job.kind)
    if kind is None:
        raise LeafletError(f"unknown kind of job {job.kind!r}",
                           hint=f"known: {', '.join(KINDS)}")
    try:
        return kind.make(project, job, settings)
    except Exception as exc:
        if type(exc).__name__ != "LayoutError":   # ReportLab's: something cannot fit a page
            raise
        what, size, english = _does_not_fit(project, job)
        raise LeafletError(f"{what} ({size} characters) is too long to fit on a page: it "
                           "sits in a box, title block or table cell, which cannot be split "
                           "across pages",
                           hint=f"shorten it (the English has {english} characters)") from None


def _does_not_fit(project: Project, job: Job) -> tuple[str, int, int]:
    """What to say when ReportLab cannot fit a box or table cell on a page: name the
    longest text printed (a long translation in a box, a title block or a table cell,
    which cannot be split across pages)."""
    from .markup import text_length  # noqa: PLC0415

    from .quiz.outputs import has_quiz, project_quiz  # noqa: PLC0415

    texts = list(project.leaflet(job.topic).texts())
    if job.kind != "leaflet" and has_quiz(project, job.topic):
        texts += list(project_quiz(project, job.topic).texts())
    longest = (0, "", "", 0)
    for locale in dict.fromkeys(filter(None, (job.locale, job.partner))):
        translations = project.translations(job.topic, locale) \
            if locale != SOURCE_LOCALE else None
        for text in texts:
            found = translations.get(job.topic, text.context, text.source) \
                if translations else text.source
            if found and text_length(found) > longest[0]:
                longest = (text_length(found), locale, text.context, text_length(text.source))
    size, locale, context, english = longest
    what = f"the {locale} translation of {context}" if locale != SOURCE_LOCALE else context
    return what, size, english


def job_inputs(project: Project, job: Job, settings: BuildSettings) -> list:
    return list(KINDS[job.kind].inputs(project, job, settings)) if job.kind in KINDS else []


def job_group(job: Job) -> tuple:
    """Jobs with the same group share work (a leaflet's page numbers are what its answer
    key points to), so a parallel build runs them in the same worker, one after another."""
    return (job.topic, job.locale, job.paper)


def run_job(project: Project, job: Job, settings: BuildSettings) -> Path:
    """Make one job's file and write it (atomically); returns its path."""
    data = make_job(project, job, settings)
    path = job.output(settings.out_dir)
    write_atomic(path, data)
    return path


def _make_leaflet(project: Project, job: Job, settings: BuildSettings) -> bytes:
    leaflet = project.leaflet(job.topic)
    translations = project.translations(job.topic, job.locale)
    refusal = locale_refusal(project, job.topic, job.locale, settings, translations)
    if refusal:
        raise LeafletError(refusal)
    options = RenderOptions(paper=job.paper, edition=job.edition, clinic=settings.clinic,
                            allow_fallback=settings.allow_fallback,
                            review=topic_review(project, job.topic, job.locale, translations))
    if job.partner:
        options.companion = job.partner
        options.companion_translations = project.translations(job.topic, job.partner)
        options.companion_review = topic_review(project, job.topic, job.partner,
                                                options.companion_translations)
        refusal = locale_refusal(project, job.topic, job.partner, settings,
                                 options.companion_translations)
        if refusal:
            raise LeafletError(refusal)
    if settings.language_help:
        from .layout.language_help import collect_help_lines  # noqa: PLC0415
        options.language_help = collect_help_lines(project.locales_dir, project.locales(),
                                                   settings.clinic)
    # Note the section pages while rendering: the answer key made next needs them.
    from .quiz.pages import render_and_record  # noqa: PLC0415
    return render_and_record(leaflet, job.locale, translations, options).pdf


def _make_quiz(project: Project, job: Job, settings: BuildSettings) -> bytes:
    from .quiz.outputs import QuizMaker, QuizOptions  # noqa: PLC0415

    maker = QuizMaker(project, job.topic, job.locale, QuizOptions(
        clinic=settings.clinic, allow_fallback=settings.allow_fallback,
        require_reviewed=settings.require_reviewed, edition=job.edition))
    return maker.pdf(maker.version(job.version), job.paper, key=job.kind == "key")


def _leaflet_inputs(project: Project, job: Job, settings: BuildSettings) -> list:
    """The content file, and per locale printed (the job's, a bilingual partner's, or
    every locale for the language-help page) its catalogs and the fonts of its script."""
    from .scripts.fonts import font_files_for_locale  # noqa: PLC0415

    files: list = [project.leaflets_dir / f"{job.topic}.yaml"]
    for locale in dict.fromkeys(filter(None, (job.locale, job.partner))):
        files += _catalog_files(project, locale, [job.topic, COMMON_DOMAIN])
        if not is_pseudo(locale) and locale != SOURCE_LOCALE:
            files.append(ledger_path(project.locales_dir, locale))   # the review state
        files += font_files_for_locale(locale)
    if settings.language_help:
        for locale in project.locales():
            files += _catalog_files(project, locale, [COMMON_DOMAIN])
            files += font_files_for_locale(locale)
    return files


def _quiz_inputs(project: Project, job: Job, settings: BuildSettings) -> list:
    from .quiz.loader import quiz_path  # noqa: PLC0415

    return _leaflet_inputs(project, job, settings) + [quiz_path(project.root, job.topic)]


def _catalog_files(project: Project, locale: str, domains: list[str]) -> list[Path]:
    if is_pseudo(locale):  # made in memory from the content
        return []
    from .localize.catalogs import catalog_path  # noqa: PLC0415

    return [catalog_path(project.locales_dir, locale, domain) for domain in domains]


register_kind("leaflet", _make_leaflet, _leaflet_inputs)
for _kind in QUIZ_KINDS:
    register_kind(_kind, _make_quiz, _quiz_inputs)
from .web import job as _web_job  # noqa: E402, F401 - registers the "web" kind (--format html)


def run_build(project: Project, jobs: list[Job], settings: BuildSettings,
              progress=None, *, workers: int = 1, force: bool = False) -> Summary:
    """Make the jobs whose output is missing or out of date (all with `force`), on
    `workers` processes; `progress(index, total, job, status)` is called per job."""
    from .runner import run  # noqa: PLC0415

    return run(project, jobs, settings, workers=workers, force=force, progress=progress)
