"""The build's "web" job: one leaflet's web edition in one locale (`--format html`).

It is refused for exactly the reasons its PDF would be (an unreviewed locale under
--require-reviewed, a refused or missing translation), and depends on the same files as
the PDF (content, catalogs, fonts) plus the clinic file the build's settings carry.
"""

from __future__ import annotations

from pathlib import Path

from ..build import Job, _leaflet_inputs, locale_refusal, register_kind
from ..errors import LeafletError
from ..localize.review import topic_review
from . import web_path

KIND = "web"
FORMATS = ("pdf", "html")


def web_output(out_dir: Path, job: Job) -> Path:
    return Path(out_dir) / web_path(job.locale, job.topic)


def web_jobs(topics, locales) -> list[Job]:
    """One web edition per topic and locale (it has no paper size or print edition)."""
    return [Job(KIND, topic, locale, "") for locale in locales for topic in topics]


def _make_web(project, job: Job, settings) -> bytes:
    from .page import render_web  # noqa: PLC0415

    leaflet = project.leaflet(job.topic)
    translations = project.translations(job.topic, job.locale)
    refusal = locale_refusal(project, job.topic, job.locale, settings, translations)
    if refusal:
        raise LeafletError(refusal)
    return render_web(leaflet, job.locale, translations, settings.clinic,
                      settings.allow_fallback,
                      topic_review(project, job.topic, job.locale, translations))


register_kind(KIND, _make_web, _leaflet_inputs)
