"""What each kind of job reads: the files whose content decides whether its output is up
to date (build.cache hashes them). Light on purpose: a no-op build asks every job."""

from __future__ import annotations

from pathlib import Path

from generator.localize.catalogs import COMMON_DOMAIN, SOURCE_LOCALE, catalog_path
from generator.localize.ledger import ledger_path
from generator.localize.pseudo import is_pseudo
from generator.quiz.loader import quiz_path
from generator.scripts.registry import font_files_for_locale


def leaflet_inputs(project, job, settings) -> list:
    """The content file, and per locale printed (the job's, a bilingual partner's, or
    every locale for the language-help page) its catalogs and the fonts of its script."""
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


def quiz_inputs(project, job, settings) -> list:
    """A leaflet's inputs (a key cites its pages) and the quiz file."""
    return leaflet_inputs(project, job, settings) + [quiz_path(project.root, job.topic)]


def _catalog_files(project, locale: str, domains: list[str]) -> list[Path]:
    if is_pseudo(locale):  # made in memory from the content
        return []
    return [catalog_path(project.locales_dir, locale, domain) for domain in domains]
