"""Make quiz files for one topic in one locale: PDFs per version and paper, and exports.
The build runs one job per file (build.kinds); where each goes is build.jobs.Job.output.

Output layout (docs/quiz-format.md):

    out/<locale>/quiz/<topic>-quiz-<version>[-seed<S>][-large-print]-<paper>.pdf   quiz
    out/<locale>/quiz/<topic>-key-<version>[-seed<S>][-large-print]-<paper>.pdf    its key
    out/<locale>/quiz/<topic>-grid[-seed<S>][-large-print]-<paper>.pdf   answer grid
    out/<locale>/quiz/<topic>.moodle.xml | .gift.txt | .qti.zip | .canvas.zip | .json

A seed other than the default (0, the seed `leaflets build` uses) is part of the file name,
so no build replaces a quiz or key made with another seed.

Exports hold the items in file order (learning systems shuffle by themselves); the JSON
also lists the versions' orders and keys when versions were made.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.clinic import Clinic
from generator.errors import LeafletError
from generator.localize.catalogs import SOURCE_LOCALE, Translations
from generator.localize.completeness import (
    locale_refusal,
    missing_texts,
    refusal_message,
    refused_texts,
)
from generator.localize.localizer import Localizer
from generator.localize.review import topic_review
from generator.quiz.canvas import write_canvas
from generator.quiz.document import QuizDocument, build_document
from generator.quiz.formats import EDITIONS as QUIZ_EDITIONS
from generator.quiz.formats import EXPORT_FORMATS
from generator.quiz.gift import write_gift
from generator.quiz.grid import render_grid_pdf
from generator.quiz.jsonfmt import write_json
from generator.quiz.moodle import write_moodle
from generator.quiz.pages import section_pages
from generator.quiz.pdf import render_quiz_pdf
from generator.quiz.qti import write_qti
from generator.quiz.versions import (
    DEFAULT_SEED,
    LETTERS,
    Version,
    canonical,
    make_versions,
)
from generator.render.leaflet import RenderOptions


@dataclass
class QuizOptions:
    clinic: Clinic | None = None      # as printed on the leaflet: it can move page breaks
    allow_fallback: bool = False
    seed: int | str = DEFAULT_SEED
    edition: str = "standard"
    require_reviewed: bool = False


class QuizMaker:
    """One topic in one locale: its documents, PDFs and exports."""

    def __init__(self, project, topic: str, locale: str, options: QuizOptions,
                 translations: Translations | None = None):
        self.project, self.topic, self.locale, self.options = project, topic, locale, options
        self.leaflet = project.leaflet(topic)
        self.quiz = project.quiz(topic)
        self.translations = (translations if translations is not None
                             else project.translations(topic, locale))
        refusal = self.refusal()
        if refusal:
            raise LeafletError(refusal)

    def refusal(self) -> str | None:
        """The leaflet's own refusal (the key points into it), then the quiz's texts."""
        if self.options.edition not in QUIZ_EDITIONS:
            return (f"quizzes are printed in the {' and '.join(QUIZ_EDITIONS)} editions, not "
                    f"{self.options.edition}")
        if self.locale == SOURCE_LOCALE:
            return None
        refusal = locale_refusal(self.project, self.topic, self.locale, self.options,
                                 self.translations)
        if refusal:
            return refusal
        refused = refused_texts(self.quiz.topic, self.quiz.texts(), self.translations)
        if refused:
            return refusal_message(self.locale, refused)
        missing = missing_texts(self.quiz.topic, self.quiz.texts(), self.translations)
        if missing and not self.options.allow_fallback:
            return (f"{len(missing)} string(s) of the {self.topic} quiz are not translated in "
                    f"{self.locale}; see `leaflets i18n status --locale {self.locale}` or use "
                    "--allow-fallback")
        return None

    def localizer(self) -> Localizer:
        return Localizer(self.leaflet, self.locale, self.translations,
                         self.options.allow_fallback)

    def versions(self, count: int) -> list[Version]:
        return make_versions(self.quiz, count, self.options.seed)

    def version(self, letter: str) -> Version:
        if len(letter) != 1 or letter not in LETTERS:
            raise LeafletError(f"version {letter!r} must be one letter from A to Z")
        return self.versions(LETTERS.index(letter) + 1)[-1]

    def pages(self, paper: str) -> dict[str, int]:
        return section_pages(self.leaflet, self.locale, self.translations, RenderOptions(
            paper=paper, edition=self.options.edition, clinic=self.options.clinic,
            allow_fallback=self.options.allow_fallback))

    def document(self, version: Version, paper: str | None = None) -> QuizDocument:
        pages = self.pages(paper) if paper else None
        return build_document(self.quiz, self.localizer(), version, pages=pages,
                              seed=self.options.seed if version.letter else None)

    def pdf(self, version: Version, paper: str, *, key: bool) -> bytes:
        doc = self.document(version, paper if key else None)
        pdf, _pages = render_quiz_pdf(doc, self.localizer(), paper, key=key,
                                      edition=self.options.edition, review=self.review())
        return pdf

    def review(self):
        """The topic's review state in this locale, from the review ledger."""
        return topic_review(self.project, self.topic, self.locale, self.translations)

    def grid_pdf(self, versions: list[Version], paper: str) -> bytes:
        """One page for the teacher: per question number, the answer of every version."""
        docs = [self.document(v) for v in versions]
        pdf, _pages = render_grid_pdf(docs, self.localizer(), paper,
                                      edition=self.options.edition, review=self.review())
        return pdf

    def export(self, fmt: str, versions: list[Version] = ()) -> bytes:
        doc = self.document(canonical(self.quiz))
        if fmt == "json":
            return write_json(doc, [self.document(v) for v in versions])
        writer = {"moodle": write_moodle, "gift": write_gift, "qti": write_qti,
                  "canvas": write_canvas}.get(fmt)
        if writer is None:
            raise LeafletError(f"unknown quiz format '{fmt}'", hint=f"use {', '.join(EXPORT_FORMATS)}")
        return writer(doc)
