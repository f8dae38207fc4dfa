"""How printed leaflets, quizzes, keys, grids and exports are made, in memory (build.jobs.KINDS
names these functions; a web page is made by generator.web.job).

Every kind is refused for exactly the reasons its leaflet would be
(`localize.completeness.locale_refusal`: an unreviewed locale under --require-reviewed, a
refused or missing translation). Importing this module loads the renderer: only a build
that renders something does.
"""

from __future__ import annotations

from generator.layout.language_help import collect_help_lines
from generator.localize.completeness import printable_translations
from generator.localize.review import topic_review
from generator.quiz.maker import QuizMaker, QuizOptions
from generator.quiz.pages import render_and_record
from generator.render.leaflet import RenderOptions


def make_leaflet(project, job, settings) -> bytes:
    leaflet = project.leaflet(job.topic)
    translations = printable_translations(project, job.topic, job.locale, settings)
    options = RenderOptions(paper=job.paper, edition=job.edition, clinic=settings.clinic,
                            allow_fallback=settings.allow_fallback,
                            review=topic_review(project, job.topic, job.locale, translations))
    if job.partner:
        options.companion = job.partner
        options.companion_translations = printable_translations(project, job.topic,
                                                                job.partner, settings)
        options.companion_review = topic_review(project, job.topic, job.partner,
                                                options.companion_translations)
    if settings.language_help:
        options.language_help = collect_help_lines(project.locales_dir, project.locales(),
                                                   settings.clinic)
    # Note the section pages while rendering: the answer key made next needs them.
    return render_and_record(leaflet, job.locale, translations, options).pdf


def _maker(project, job, settings) -> QuizMaker:
    return QuizMaker(project, job.topic, job.locale, QuizOptions(
        clinic=settings.clinic, allow_fallback=settings.allow_fallback,
        require_reviewed=settings.require_reviewed, edition=job.edition, seed=job.seed))


def make_quiz(project, job, settings) -> bytes:
    """A quiz version, or its answer key (job.kind 'key')."""
    maker = _maker(project, job, settings)
    return maker.pdf(maker.version(job.version), job.paper, key=job.kind == "key")


def make_grid(project, job, settings) -> bytes:
    """The teacher's answer grid of every version."""
    maker = _maker(project, job, settings)
    return maker.grid_pdf(maker.versions(job.versions), job.paper)


def make_export(project, job, settings) -> bytes:
    """A learning-system export (Moodle XML, GIFT, QTI, Canvas, JSON)."""
    maker = _maker(project, job, settings)
    return maker.export(job.fmt, maker.versions(job.versions))
