"""Resolve a leaflet's texts for one locale: translate, check, format numbers, escape.

The result of `text()` is safe ReportLab paragraph markup: every character of a translation
is escaped, only <b>/<i> survive, and placeholders are filled from the leaflet's data,
formatted for the locale. A translation that fails the checks is never printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.markup import (
    plain_text,
    to_paragraph_markup,
    translation_problems,
)
from generator.content.model import Leaflet, Text
from generator.localize.catalogs import COMMON_DOMAIN, SOURCE_LOCALE, Translations
from generator.localize.kept import KeptWhileSame
from generator.localize.numbers import format_value, locale_for
from generator.localize.pseudo import formatting_locale as _formatting_locale
from generator.localize.ui import UI_STRINGS, ui_context


@dataclass
class Localizer:
    leaflet: Leaflet
    locale: str
    translations: Translations | None = None
    allow_fallback: bool = False
    fallback_used: bool = False

    def __post_init__(self):
        self.values = _formatted_values(self.leaflet, self.formatting_locale)

    @property
    def formatting_locale(self) -> str:
        """The CLDR locale for numbers, dates, plurals, direction (en-XA -> en, ar-XB -> ar)."""
        return _formatting_locale(self.locale)

    @property
    def is_source(self) -> bool:
        return self.locale == SOURCE_LOCALE

    @property
    def rtl(self) -> bool:
        return locale_for(self.formatting_locale).character_order == "right-to-left"

    def value(self, name: str) -> str:
        return self.values[name]

    def text(self, text: Text) -> str:
        """Paragraph markup for a leaflet text in this locale."""
        translated = self._translate(text)
        if translated is None:
            return self._fallback(text)
        return to_paragraph_markup(translated, self.values)

    def plain(self, text: Text) -> str:
        translated = self._translate(text)
        return plain_text(translated if translated is not None else text.source, self.values)

    def has_translation(self, text: Text) -> bool:
        """True when the text prints in this locale's own words (not as a fallback)."""
        return self._translate(text) is not None

    def _translate(self, text: Text) -> str | None:
        if self.is_source:
            return text.source
        found = self.translations.get(self.leaflet.id, text.context, text.source) \
            if self.translations else None
        if found is not None and not _acceptable(
                text.source, found, self.translations.slot_limit(text.max_chars)):
            return None
        return found

    def _fallback(self, text: Text) -> str:
        self.fallback_used = True
        marker = self.ui("fallback_marker")
        return f"<i>{marker}</i> " + to_paragraph_markup(text.source, self.values)

    def ui(self, key: str, **values: str) -> str:
        """A generator string in this locale (markup-safe), with named values filled in."""
        english = UI_STRINGS[key][0]
        found = None
        if not self.is_source and self.translations:
            found = self.translations.get(COMMON_DOMAIN, ui_context(key), english)
        if found is None or not _acceptable(english, found, self._limit(key)):
            found = english
        return to_paragraph_markup(found, values)

    def _limit(self, key: str) -> int | None:
        limit = UI_STRINGS[key][2]
        return self.translations.slot_limit(limit) if self.translations else limit

    def ui_english(self, key: str, **values: str) -> str:
        return to_paragraph_markup(UI_STRINGS[key][0], values)

    def ui_plural(self, key: str, n: int, **values: str) -> str:
        singular, plural = UI_STRINGS[key][0]
        found = None
        if not self.is_source and self.translations:
            found = self.translations.get_plural(COMMON_DOMAIN, ui_context(key),
                                                 (singular, plural), n)
        if found is None or not _acceptable(plural, found, self._limit(key)):
            found = singular if n == 1 else plural
        return to_paragraph_markup(found, values)


def _acceptable(source: str, translation: str, max_chars: int | None = None) -> bool:
    """The last line of defence: a translation that breaks the printing rules (placeholders,
    markup, invisible controls, typed numbers, added links, length) is never printed, even
    if checks were skipped."""
    return not translation_problems(source, translation, max_chars)


def _formatted_values(leaflet: Leaflet, fmt_locale: str) -> dict[str, str]:
    """The leaflet's data formatted for a locale (CLDR), once per process per leaflet as
    loaded: every output of a locale fills its placeholders from the same values."""
    return _VALUES.get((leaflet.id, fmt_locale), (leaflet,), None, lambda: {
        name: format_value(value, fmt_locale) for name, value in leaflet.data.items()})


# (leaflet id, CLDR locale) -> name -> formatted value
_VALUES = KeptWhileSame()
