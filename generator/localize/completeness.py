"""Which texts of a leaflet have no usable translation (missing, empty or fuzzy)."""

from __future__ import annotations

from ..content.model import Text
from ..markup import translation_problems
from .catalogs import COMMON_DOMAIN, Translations
from .ui import ENGLISH_ALONGSIDE, UI_STRINGS, ui_context

# Numbers that reach every plural form of the CLDR rules in use (ar has six forms; es, fr,
# it and pt have a 'many' form for exact millions).
_PLURAL_SAMPLES = (0, 1, 2, 3, 5, 11, 21, 100, 101, 102, 1_000_000)


def missing_texts(domain: str, texts, translations: Translations) -> list[Text]:
    """The `texts` (of catalog `domain`) with no usable translation."""
    return [text for text in texts
            if translations.get(domain, text.context, text.source) is None]


def missing_ui(translations: Translations) -> list[str]:
    """Keys of generator strings (`common` domain) with no usable translation. Strings
    printed beside their English text (ENGLISH_ALONGSIDE) are not counted: without a
    translation only the English line is printed."""
    missing = []
    for key, (text, _note, _limit) in UI_STRINGS.items():
        if key in ENGLISH_ALONGSIDE:
            continue
        context = ui_context(key)
        if isinstance(text, tuple):
            found = all(translations.get_plural(COMMON_DOMAIN, context, text, n)
                        for n in _PLURAL_SAMPLES)
        else:
            found = translations.get(COMMON_DOMAIN, context, text) is not None
        if not found:
            missing.append(key)
    return missing


def refused_texts(domain: str, texts, translations) -> list[tuple[str, str]]:
    """(context, first problem) for each of `texts` whose translation may not be printed."""
    refused = []
    for text in texts:
        found = translations.get(domain, text.context, text.source)
        problems = translation_problems(text.source, found,
                                        translations.slot_limit(text.max_chars)) \
            if found is not None else []
        if problems:
            refused.append((text.context, problems[0]))
    return refused


def refusal_message(locale: str, refused: list[tuple[str, str]]) -> str:
    """Why a locale is refused, naming the first bad string, from `refused_texts` results."""
    context, problem = refused[0]
    more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
    return (f"the {locale} translation of {context} is refused: {problem}{more}; "
            f"fix the catalog (`leaflets check --locale {locale}` lists every problem)")
