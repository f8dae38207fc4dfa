"""A project folder: `leaflets/`, `locales/`, `quizzes/`. Found from the current directory
(walking up) or given with --root, so a clinic can build its own copy of the content.

A Project loads each leaflet and quiz once and answers what the commands ask of the
folder: topics, locales and which topic ships in which, translations, source strings."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.stamp import project_root
from generator.content.loader import load_leaflet
from generator.content.model import Leaflet
from generator.errors import LeafletError
from generator.layout.sheets import editions as known_editions
from generator.localize.catalogs import (
    COMMON_DOMAIN,
    SOURCE_LOCALE,
    available_locales,
    catalog_path,
    load_translations,
)
from generator.localize.codes import cldr_locale, resolve_all, resolve_locale, show_notes
from generator.localize.pseudo import is_pseudo, pseudo_translations
from generator.localize.ui import UI_STRINGS, ui_context
from generator.quiz.loader import load_quiz, quiz_path
from generator.quiz.model import Quiz

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$")


@dataclass
class Project:
    root: Path
    _leaflets: dict[str, Leaflet] = field(default_factory=dict, repr=False)
    _quizzes: dict[str, tuple[Leaflet, Quiz]] = field(default_factory=dict, repr=False)
    _offered: dict[str, tuple] = field(default_factory=dict, repr=False)

    @property
    def leaflets_dir(self) -> Path:
        return self.root / "leaflets"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def quizzes_dir(self) -> Path:
        return self.root / "quizzes"

    def topics(self) -> list[str]:
        return sorted(p.stem for p in self.leaflets_dir.glob("*.yaml"))

    def locales(self) -> list[str]:
        # a folder named like "../x" or "a b" under locales/ is never a locale
        names = [name for name in available_locales(self.locales_dir)
                 if SAFE_NAME.fullmatch(name)]
        for name in names:
            check_locale_folder(self.locales_dir / name)
        return names

    def leaflet(self, topic: str) -> Leaflet:
        if topic not in self._leaflets:
            self._leaflets[topic] = load_leaflet(self.leaflets_dir / f"{topic}.yaml")
        return self._leaflets[topic]

    def has_quiz(self, topic: str) -> bool:
        return quiz_path(self.root, topic).is_file()

    def quiz(self, topic: str) -> Quiz:
        """The topic's quiz, loaded once (as `leaflet` is): a build makes a quiz and a key
        per locale and paper from the same file. Loaded again when its leaflet was."""
        path = quiz_path(self.root, topic)
        if not path.is_file():
            raise LeafletError(f"topic '{topic}' has no quiz", path=path,
                               hint=f"write quizzes/{topic}.yaml (see docs/quiz-format.md)")
        leaflet = self.leaflet(topic)
        hit = self._quizzes.get(topic)
        if hit is None or hit[0] is not leaflet:
            hit = self._quizzes[topic] = (leaflet, load_quiz(path, leaflet))
        return hit[1]

    def source_strings(self, domain: str) -> list[tuple[object, str]]:
        """[(msgid, msgctxt)] of the current English source of a catalog domain (a topic:
        its leaflet and quiz; or `common`), as extraction gives them (i18n.extract; a test
        holds the two together), from the content already loaded; a plural msgid is a
        tuple."""
        if domain == COMMON_DOMAIN:
            pairs = [(tuple(text) if isinstance(text, tuple) else text, ui_context(key))
                     for key, (text, _note, _limit) in UI_STRINGS.items()]
        else:
            texts = list(self.leaflet(domain).texts())
            if self.has_quiz(domain):
                texts += self.quiz(domain).texts()
            pairs = [(text.source, text.context) for text in texts]
        return [pair for pair in dict.fromkeys(pairs) if pair[0]]

    def relative(self, path) -> str:
        """`path` as users see it in messages: relative to the project when inside it."""
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def translations(self, topic: str, locale: str):
        """The catalogs a leaflet (and its quiz) of `topic` is printed from in `locale`:
        the topic's domain and `common`; pseudo-locales (en-XA, ar-XB) are made in memory."""
        if is_pseudo(locale):
            return pseudo_translations(locale)
        return load_translations(self.locales_dir, locale, [topic, COMMON_DOMAIN])

    def offered_locales(self, topic: str) -> list[str]:
        """The locales `topic` ships in: English, and those its leaflet file declares
        (`locales:`), or by default every locale with a catalog for the topic. A locale
        outside this list is "not offered" for the topic: skipped, never a failure."""
        leaflet, known = self.leaflet(topic), self.locales()
        hit = self._offered.get(topic)
        if hit is None or hit[0] is not leaflet or hit[1] != known:
            hit = self._offered[topic] = (leaflet, known, self._offered_locales(topic, leaflet, known))
        return list(hit[2])

    def _offered_locales(self, topic: str, leaflet: Leaflet, known: list[str]) -> list[str]:
        declared = leaflet.locales
        if declared is None:
            # a catalog that is there but broken is offered (and reported), not skipped
            return [loc for loc in known if loc == SOURCE_LOCALE
                    or os.path.lexists(catalog_path(self.locales_dir, loc, topic))]
        wanted = {SOURCE_LOCALE}
        for code in declared:
            try:
                wanted.add(resolve_locale(code, known).code)
            except LeafletError:
                wanted.add(code)   # no catalog folder yet: offered, and reported missing
        return [loc for loc in known if loc in wanted] + sorted(wanted - set(known))

    def offers(self, topic: str, locale: str) -> bool:
        """Whether `topic` ships in `locale`; pseudo-locales are made from any topic."""
        return is_pseudo(locale) or locale in self.offered_locales(topic)

    def check_topics(self, topics: list[str] | None) -> list[str]:
        return _check_names(topics, self.topics(), "topic", "leaflets list")

    def check_locales(self, locales: list[str] | None, *, pseudo: bool = False) -> list[str]:
        """Shipped locales as typed by a user: any case, BCP 47 or POSIX, a CLDR child
        (es-MX -> es, with a note on stderr) or a language name (generator.localize.codes);
        pseudo-locales (en-XA, ar-XB) only where `pseudo` allows them."""
        if not locales:
            return self.locales()
        notes: list[str] = []
        codes = resolve_all(locales, self.locales(), listing="leaflets list", notes=notes)
        if not pseudo:
            for code in codes:
                if is_pseudo(code):
                    raise LeafletError(f"{code} is a pseudo-locale, made in memory for "
                                       "layout tests", hint="it is only used by "
                                       "`leaflets build` and `leaflets quiz`")
        show_notes(notes)
        return codes

    def check_editions(self, editions: list[str] | None) -> list[str]:
        """Edition names as given on a command line: only style sheets that exist. An edition
        is part of a file name (out/<locale>/<topic>-<edition>-<paper>.pdf) and of a path
        (styles/<edition>.yaml), so it must never be taken unchecked."""
        return _check_names(editions, known_editions(), "edition", "leaflets list")


def check_locale_folder(folder: Path) -> None:
    """A catalog folder must be named for a language CLDR knows (`fr`, `pt_BR`,
    `zh_Hans`), and never like a pseudo-locale (`en_XA`, `ar-XB`), which the generator
    makes in memory: a real folder of that name would be silently replaced by it."""
    name = folder.name
    if name == SOURCE_LOCALE:
        return
    if is_pseudo(name):
        raise LeafletError(f"locale folder '{name}' has the name of a pseudo-locale, which "
                           "the generator makes itself", path=folder,
                           hint="rename the folder to the code of the real language, or "
                                "remove it (pseudo-locales need no catalogs)")
    if cldr_locale(name) is None:
        raise LeafletError(f"locale folder '{name}' is not named for a language CLDR knows",
                           path=folder,
                           hint="rename it to a locale code such as fr, pt_BR or zh_Hans, "
                                "or move it out of locales/")


def _check_names(asked: list[str] | None, known: list[str], what: str, listing: str):
    if not asked:
        return known
    for name in asked:
        if not isinstance(name, str) or not SAFE_NAME.fullmatch(name) or name not in known:
            raise LeafletError(f"unknown {what} {name!r}",
                               hint=f"known: {', '.join(known)} (see `{listing}`)")
    return list(dict.fromkeys(asked))


def find_project(root: str | Path | None) -> Project:
    """The project at --root, or the nearest folder upwards that has `leaflets/`."""
    found = project_root(root)
    if found is not None:
        return Project(found)
    if root is not None:
        raise LeafletError(f"{root} is not a project folder (no leaflets/ inside)",
                           hint="give --root the folder that holds leaflets/ and locales/")
    raise LeafletError("no project folder found here or above (no leaflets/ folder)",
                       hint="run inside a project or pass --root DIR")
