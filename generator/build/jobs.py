"""The build's vocabulary: jobs, where their files go, and how each kind is made.

A build is a list of jobs (topic x locale x paper x edition; quizzes, keys, grids and
exports; web pages). A job is a kind, its parameters, an output path and the input files
it depends on. KINDS names, per kind, the function that makes its file and the one that
lists its inputs, as "module:function" strings resolved when they are needed
(`resolve`), so planning a build and deciding what is up to date never loads the renderer.
Output names are built here (`Job.output`) and read back here (`parse_output`), nowhere
else.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from generator import resolve
from generator.content.clinic import Clinic, web_path
from generator.content.markup import text_length
from generator.errors import LeafletError
from generator.layout.paper import PAPERS
from generator.layout.sheets import is_bilingual
from generator.localize.catalogs import SOURCE_LOCALE
from generator.quiz.formats import EDITIONS as QUIZ_EDITIONS
from generator.quiz.formats import EXPORT_SUFFIXES
from generator.quiz.versions import DEFAULT_SEED

QUIZ_KINDS = ("quiz", "key")


@dataclass(frozen=True)
class Job:
    kind: str        # leaflet | quiz | key | grid | export | web
    topic: str
    locale: str
    paper: str       # "" for exports and web pages
    edition: str = "standard"
    version: str = "A"   # quiz and key: the version's letter
    partner: str = ""    # bilingual edition: the second language (--with)
    seed: int = DEFAULT_SEED   # quiz, key, grid, export: shuffling seed
    versions: int = 1    # grid and JSON export: how many versions they cover
    fmt: str = ""        # export: moodle | gift | qti | canvas | json

    def output(self, out_dir: Path) -> Path:
        folder = Path(out_dir) / self.locale
        if self.kind == "web":
            return Path(out_dir) / web_path(self.locale, self.topic)
        if self.kind == "export":
            return folder / "quiz" / f"{self.topic}{EXPORT_SUFFIXES[self.fmt]}"
        if self.kind in (*QUIZ_KINDS, "grid"):
            name = f"{self.topic}-{self.kind}" + ("" if self.kind == "grid"
                                                   else f"-{self.version}")
            if self.seed != DEFAULT_SEED:
                name += f"-seed{self.seed}"
            if self.edition != "standard":
                name += f"-{self.edition}"
            return folder / "quiz" / f"{name}-{self.paper}.pdf"
        edition = "" if self.edition == "standard" else f"-{self.edition}"
        partner = f"-{self.partner}" if self.partner else ""
        return folder / f"{self.topic}{edition}{partner}-{self.paper}.pdf"

    @property
    def label(self) -> str:
        """The output's path in the out folder, without `.pdf` or `.html`
        (en/stage4-cancer-a4); an export keeps its whole name (en/quiz/x.moodle.xml)."""
        path = self.output(Path())
        return (path.with_suffix("") if path.suffix in (".pdf", ".html") else path).as_posix()


_PAPER = "|".join(PAPERS)
_QUIZ_NAME = re.compile(rf"^(?P<topic>.+)-(?P<kind>quiz|key)-(?P<version>[A-Z])"
                        rf"(?:-seed(?P<seed>[0-9]+))?(?:-(?P<edition>large-print))?"
                        rf"-(?P<paper>{_PAPER})\.pdf$")
_SAFE_PARTNER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$")


def parse_output(locale: str, relative: str, topics: list[str],
                 editions: list[str]) -> Job | None:
    """The job whose output is `relative` (a path inside `<locale>/`: `<name>.pdf` or
    `quiz/<name>.pdf`), or None for a file no build names so. Leaflets and the quizzes and
    keys of the default seed are recognised (what the index lists)."""
    folder, _, name = relative.rpartition("/")
    if folder == "quiz":
        match = _QUIZ_NAME.match(name)
        if not match or match["topic"] not in topics or match["seed"]:
            return None
        return Job(match["kind"], match["topic"], locale, match["paper"],
                   match["edition"] or "standard", version=match["version"])
    if folder or not name.endswith(".pdf"):
        return None
    rest, _, paper = name[:-len(".pdf")].rpartition("-")
    if paper not in PAPERS:
        return None
    for topic in sorted(topics, key=len, reverse=True):
        if rest == topic:
            return Job("leaflet", topic, locale, paper)
        if rest.startswith(topic + "-"):
            edition = rest[len(topic) + 1:]
            bilingual = next((e for e in editions if is_bilingual(e)
                              and edition.startswith(e + "-")), None)
            if bilingual:
                partner = edition[len(bilingual) + 1:]
                if _SAFE_PARTNER.fullmatch(partner):
                    return Job("leaflet", topic, locale, paper, bilingual, partner=partner)
            elif edition in editions and not is_bilingual(edition):
                return Job("leaflet", topic, locale, paper, edition)
    return None


@dataclass
class BuildSettings:
    out_dir: Path
    clinic: Clinic | None = None
    allow_fallback: bool = False
    require_reviewed: bool = False
    language_help: bool = False      # append the language-help page to every leaflet


# --------------------------------------------------------------------------- kinds

@dataclass(frozen=True)
class JobKind:
    """How a kind of job is made and what it reads, as "module:function" names.

    make(project, job, settings) -> bytes: the file, rendered in memory (LeafletError when
    it cannot be made); inputs(project, job, settings) -> the files it depends on (paths,
    or the bare name of a font file that is missing), besides the generator itself, the
    job's parameters and the build settings, which every job depends on.
    """

    make: str
    inputs: str


KINDS: dict[str, JobKind] = {
    "leaflet": JobKind("generator.build.kinds:make_leaflet",
                       "generator.build.inputs:leaflet_inputs"),
    "quiz": JobKind("generator.build.kinds:make_quiz", "generator.build.inputs:quiz_inputs"),
    "key": JobKind("generator.build.kinds:make_quiz", "generator.build.inputs:quiz_inputs"),
    "grid": JobKind("generator.build.kinds:make_grid", "generator.build.inputs:quiz_inputs"),
    "export": JobKind("generator.build.kinds:make_export",
                      "generator.build.inputs:quiz_inputs"),
    "web": JobKind("generator.web.job:make_web", "generator.build.inputs:leaflet_inputs"),
}


def job_kind(job: Job) -> JobKind:
    kind = KINDS.get(job.kind)
    if kind is None:
        raise LeafletError(f"unknown kind of job {job.kind!r}", hint=f"known: {', '.join(KINDS)}")
    return kind


def job_inputs(project, job: Job, settings: BuildSettings) -> list:
    return list(resolve(job_kind(job).inputs)(project, job, settings))


def make_job(project, job: Job, settings: BuildSettings) -> bytes:
    """The job's file, rendered in memory (LeafletError when it cannot be made)."""
    make = resolve(job_kind(job).make)
    try:
        return make(project, job, settings)
    except Exception as exc:
        if type(exc).__name__ != "LayoutError":   # ReportLab's: something cannot fit a page
            raise
        what, size, english = _does_not_fit(project, job)
        raise LeafletError(f"{what} ({size} characters) is too long to fit on a page: it "
                           "sits in a box, title block or table cell, which cannot be split "
                           "across pages",
                           hint=f"shorten it (the English has {english} characters)") from None


def _does_not_fit(project, job: Job) -> tuple[str, int, int]:
    """What to say when ReportLab cannot fit a box or table cell on a page: name the
    longest text printed (a long translation in a box, a title block or a table cell,
    which cannot be split across pages)."""
    texts = list(project.leaflet(job.topic).texts())
    if job.kind != "leaflet" and project.has_quiz(job.topic):
        texts += list(project.quiz(job.topic).texts())
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


def job_group(job: Job) -> tuple:
    """Jobs with the same group share work (a leaflet's page numbers are what its answer
    key points to), so a parallel build runs them in the same worker, one after another."""
    return (job.topic, job.locale, job.paper)


# --------------------------------------------------------------------------- planning

def plan(project, topics, locales, papers, editions=("standard",), partners=()) -> list[Job]:
    """Leaflets, then for topics with a quiz file the quiz (version A) and its answer key,
    in each edition built that quizzes are printed in (standard, large print: the key cites
    that edition's pages). A bilingual edition is made for each locale with each of
    `partners` but itself. Only locales the topic ships in (Project.offers) are planned."""
    jobs = [Job("leaflet", topic, locale, paper, edition, partner=partner)
            for locale in locales for topic in topics if project.offers(topic, locale)
            for edition in editions
            for partner in ([p for p in partners if p != locale and project.offers(topic, p)]
                            if is_bilingual(edition) else [""])
            for paper in papers]
    quiz_editions = [e for e in editions if e in QUIZ_EDITIONS] or ["standard"]
    jobs += [Job(kind, topic, locale, paper, edition)
             for locale in locales for topic in topics
             if project.offers(topic, locale) and project.has_quiz(topic)
             for edition in quiz_editions for paper in papers for kind in QUIZ_KINDS]
    return jobs


def plan_quizzes(project, topics, locales, papers, editions, formats, *, versions: int,
                 seed: int) -> list[Job]:
    """`leaflets quiz`: per topic and locale offered, every version's quiz and key and the
    answer grid per edition and paper, then the exports."""
    jobs = []
    letters = [chr(ord("A") + n) for n in range(versions)]
    for locale in locales:
        for topic in topics:
            if not project.offers(topic, locale):
                continue   # the topic does not ship in this language: not a failure
            if "pdf" in formats:
                for edition in editions:
                    for paper in papers:
                        jobs += [Job(kind, topic, locale, paper, edition, letter, seed=seed)
                                 for letter in letters for kind in QUIZ_KINDS]
                        jobs.append(Job("grid", topic, locale, paper, edition, "", seed=seed,
                                        versions=versions))
            jobs += [Job("export", topic, locale, "", version="", seed=seed,
                         versions=versions, fmt=fmt) for fmt in formats if fmt != "pdf"]
    return jobs


def web_jobs(project, topics, locales) -> list[Job]:
    """One web edition per topic and locale offered (it has no paper size or edition)."""
    return [Job("web", topic, locale, "") for locale in locales for topic in topics
            if project.offers(topic, locale)]


def not_offered(project, topics, locales, partners=()) -> list[tuple[str, str]]:
    """(topic, locale) pairs asked for whose topic does not ship in the locale."""
    return [(topic, locale) for topic in topics
            for locale in dict.fromkeys([*locales, *partners])
            if not project.offers(topic, locale)]


# --------------------------------------------------------------------------- summary

@dataclass
class Summary:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    reasons: dict[str, str] = field(default_factory=dict)   # label -> why it was rebuilt
    not_offered: list[tuple[str, str]] = field(default_factory=list)   # (topic, locale)
    out_dir: Path | None = None     # set: the report ends with the folder and what is in it
    recorded: bool = False          # the manifest recorded something new (made or failed)

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


KIND_NAMES = ("leaflets", "web pages", "quizzes", "answer keys", "exports")
SINGULAR = {"leaflets": "leaflet", "web pages": "web page", "quizzes": "quiz",
            "answer keys": "answer key", "exports": "export"}


def count_kinds(paths) -> dict[str, int]:
    """How many files of each kind: leaflets, web pages, quizzes, answer keys, LMS exports."""
    counts = dict.fromkeys(KIND_NAMES, 0)
    for path in paths:
        path = Path(path)
        if path.parent.name != "quiz":
            counts["leaflets"] += path.suffix == ".pdf"
            counts["web pages"] += path.suffix == ".html"
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



