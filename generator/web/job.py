"""The build's "web" job (`leaflets build --format html`): one leaflet's web edition in one
locale, refused for exactly the reasons its PDF would be. Its own module, so that a build
of PDFs never loads the web edition's font subsetter (fontTools), and the other way round.
"""

from __future__ import annotations

from generator.localize.completeness import printable_translations
from generator.localize.review import topic_review
from generator.web.page import render_web


def make_web(project, job, settings) -> bytes:
    translations = printable_translations(project, job.topic, job.locale, settings)
    return render_web(project.leaflet(job.topic), job.locale, translations, settings.clinic,
                      settings.allow_fallback,
                      topic_review(project, job.topic, job.locale, translations))
