"""Which texts of a leaflet have no usable translation (missing, empty or fuzzy), and so
whether a locale may be printed at all (`locale_refusal`: the rule every output kind uses)."""

from __future__ import annotations

from generator.content.markup import translation_problems
from generator.content.model import Text
from generator.content.review import content_state
from generator.errors import LeafletError
from generator.localize.catalogs import (
    COMMON_DOMAIN,
    PLURAL_FORM_SAMPLES,
    SOURCE_LOCALE,
    Translations,
)
from generator.localize.kept import KeptWhileSame
from generator.localize.review import topic_review
from generator.localize.ui import ENGLISH_ALONGSIDE, UI_STRINGS, ui_context


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
                        for n in PLURAL_FORM_SAMPLES)
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


def locale_refusal(project, topic: str, locale: str, settings,
                   translations) -> str | None:
    """Why a locale may not be printed for `topic`, or None when it may. `settings` has
    `require_reviewed` and `allow_fallback` (BuildSettings, or a quiz's options)."""
    if settings.require_reviewed:
        # Both review states are reported at once, so one run shows everything to sign off.
        reasons = []
        content = content_state(project.leaflet(topic))
        if content.draft:
            reasons.append(f"the content of {topic} is a clinical draft ({content.reason} in "
                           f"leaflets/{topic}.yaml)")
        if locale != SOURCE_LOCALE:
            state = topic_review(project, topic, locale, translations)
            if state.draft:
                summary = state.summary
                counts = (f"{summary.reviewed} of {summary.total} strings approved in "
                          f"locales/{locale}/review.yaml" if summary and summary.total
                          else "it has no review records")
                reasons.append(f"the {locale} translation of {topic} is not reviewed ({counts}); "
                               f"review it with `leaflets i18n export-review --locale {locale}` "
                               "and `import-review`")
        if reasons:
            return "; ".join(reasons) + ("; or drop --require-reviewed to print it with the "
                                         "draft notice")
    if locale == SOURCE_LOCALE:
        return None
    return _translation_refusal(project.leaflet(topic), topic, locale, settings.allow_fallback,
                                translations)


def _translation_refusal(leaflet, topic: str, locale: str, allow_fallback: bool,
                         translations) -> str | None:
    """Why the translations may not be printed (refused or missing strings), or None. Worked
    out once per process for the same leaflet and parsed catalogs (every output of a
    locale asks: leaflet, quiz, key and web page, on each paper)."""
    def work_out() -> str | None:
        return _work_out_refusal(leaflet, topic, locale, allow_fallback, translations)

    if type(translations) is not Translations:     # pseudo-locales lift the limits
        return work_out()
    return _REFUSALS.get((topic, locale, allow_fallback),
                         (leaflet, *translations.catalogs.values()),
                         tuple(translations.catalogs), work_out)


# (topic, locale, allow_fallback) -> the refusal or None
_REFUSALS = KeptWhileSame()


def _work_out_refusal(leaflet, topic: str, locale: str, allow_fallback: bool,
                      translations) -> str | None:
    refused = refused_translations(leaflet, translations)
    if refused:
        return refusal_message(locale, refused)
    missing = missing_texts(leaflet.id, leaflet.texts(), translations)
    missing_common = missing_ui(translations)
    if (missing or missing_common) and not allow_fallback:
        fuzzy = changed_in_english(translations, leaflet.id, missing)
        if fuzzy:
            names = ", ".join(fuzzy[:5]) + (f" and {len(fuzzy) - 5} more" if len(fuzzy) > 5
                                           else "")
            others = len(missing) - len(fuzzy) + len(missing_common)
            rest = f"; {others} other string(s) are not translated" if others else ""
            return (f"{len(fuzzy)} string(s) of {topic} changed in English since they were "
                    f"translated into {locale} (fuzzy, not printed): {names}{rest}; update "
                    f"the translation and clear the fuzzy flag (`leaflets i18n check --locale "
                    f"{locale}` shows the old and new English), or build with --allow-fallback "
                    "to print the English for them")
        counts = " and ".join(part for part in (
            f"{len(missing)} string(s) of {topic}" if missing else "",
            f"{len(missing_common)} generator string(s) (common)" if missing_common else "")
            if part)
        return (f"{counts} are not translated in {locale}; see "
                f"`leaflets i18n status --locale {locale}` or build with --allow-fallback")
    return None


def changed_in_english(translations, domain: str, missing) -> list[str]:
    """msgctxt of the `missing` texts whose catalog entry is fuzzy, or holds a translation of
    an older English text under the same msgctxt (the catalog was not updated yet)."""
    catalog = translations.catalogs.get(domain)
    if catalog is None:
        return []
    older = {m.context for m in catalog if m.id and m.string and not m.fuzzy}
    found = []
    for text in missing:
        message = catalog.get(text.source, context=text.context)
        if (message is not None and message.fuzzy and message.string) or \
                (message is None and text.context in older):
            found.append(text.context)
    return found


def refused_translations(leaflet, translations) -> list[tuple[str, str]]:
    """(context, problem) for every translation the renderer would refuse to print: a
    poisoned or broken catalog stops its locale instead of printing English silently."""
    refused = refused_texts(leaflet.id, leaflet.texts(), translations)
    for key, (english, _note, limit) in UI_STRINGS.items():
        if isinstance(english, str):
            forms = [(english, translations.get(COMMON_DOMAIN, ui_context(key), english))]
        else:
            catalog = translations.catalogs.get(COMMON_DOMAIN)
            message = catalog.get(english[0], context=ui_context(key)) if catalog else None
            strings = message.string if message is not None and not message.fuzzy else ()
            forms = [(english[1], s) for s in strings if isinstance(strings, (tuple, list)) and s]
        for source, found in forms:
            problems = translation_problems(source, found, translations.slot_limit(limit)) \
                if found else []
            if problems:
                refused.append((ui_context(key), problems[0]))
    return refused


def printable_translations(project, topic: str, locale: str, settings):
    """The translations `topic` is printed from in `locale`, or a LeafletError saying why
    the locale may not be printed (locale_refusal): every kind of output starts here."""
    translations = project.translations(topic, locale)
    refusal = locale_refusal(project, topic, locale, settings, translations)
    if refusal:
        raise LeafletError(refusal)
    return translations
