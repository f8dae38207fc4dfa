"""Shared helpers for the quiz tests (tests/test_quiz_*.py): a throw-away copy of the content,
catalogs written straight with Babel (independent of the i18n workflow), and the real
`leaflets` command run in-process."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from conftest import copy_project
from generator.cli import main
from generator.localize.catalogs import COMMON_DOMAIN, catalog_path
from generator.localize.ui import UI_STRINGS, ui_context
from generator.build.project import Project
from generator.quiz.loader import load_quiz, quiz_path
from generator.quiz.maker import QuizMaker, QuizOptions

REPO = Path(__file__).resolve().parents[1]
TOPICS = ("stage4-cancer", "metastatic-lung-cancer")


def content_copy(dest: Path) -> Path:
    """leaflets/, quizzes/ and locales/ copied into `dest`, for a test to edit freely."""
    return copy_project(dest)


def quiz_of(topic: str, root: Path = REPO):
    project = Project(Path(root))
    leaflet = project.leaflet(topic)
    return project, leaflet, load_quiz(quiz_path(project.root, topic), leaflet)


def maker(root: Path, topic: str, locale: str = "en", **options) -> QuizMaker:
    return QuizMaker(Project(Path(root)), topic, locale, QuizOptions(**options))


def leaflets(*args: str) -> int:
    """Run the real `leaflets` command in-process; returns the exit status."""
    return main(list(args))


def mark(source: str) -> str:
    """A fake translation that keeps placeholders and tags: «text»."""
    return f"«{source}»"


def write_catalogs(root: Path, locale: str, translate=mark, overrides: dict | None = None,
                   topics=TOPICS) -> None:
    """Complete catalogs for `locale`: every leaflet, quiz and generator string translated
    with `translate`, except contexts in `overrides` (context -> translation)."""
    overrides = overrides or {}
    project = Project(Path(root))
    for topic in topics:
        catalog = Catalog(locale=locale, domain=topic)
        _, leaflet, quiz = quiz_of(topic, root)
        for text in list(leaflet.texts()) + list(quiz.texts()):
            catalog.add(text.source, overrides.get(text.context, translate(text.source)),
                        context=text.context)
        _write(catalog_path(project.locales_dir, locale, topic), catalog)
    common = Catalog(locale=locale, domain=COMMON_DOMAIN)
    for key, (english, _note, _limit) in UI_STRINGS.items():
        if isinstance(english, str):
            common.add(english, translate(english), context=ui_context(key))
        else:
            forms = [translate(english[0])] + [translate(english[1])] * (common.num_plurals - 1)
            common.add(english, tuple(forms), context=ui_context(key))
    _write(catalog_path(project.locales_dir, locale, COMMON_DOMAIN), common)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)
