"""Reading level per leaflet: English grade (Flesch-Kincaid, SMOG) and, for translations,
the formula validated for that language where textstat has one:

| locale | formula | plain-language range |
| es | Fernández-Huerta; Szigriszt-Pazos (INFLESZ) | >= 60; >= 55 ("normal" or easier) |
| it | Gulpease | >= 60 (easy for readers with middle-school education) |
| de | Wiener Sachtextformel (variant 1) | <= 9 (school grade) |

Other languages have no validated formula there; the check says so instead of guessing.

Headings, table labels and citations are not sentences and would distort the grade, so only
paragraphs, bullets, term meanings, callouts and questions count. A bullet without end
punctuation is closed with a full stop, so it counts as the sentence it reads as.
"""

from __future__ import annotations

import textstat

from generator.content import model as m
from generator.content.markup import plain_text
from generator.errors import Finding
from generator.localize.localizer import Localizer
from generator.localize.numbers import format_value

PROSE_KINDS = {"paragraph", "bullet", "term-meaning", "question", "figure-caption",
               "table-footnote"}


def prose(leaflet: m.Leaflet, localizer=None) -> str:
    """The leaflet's running text, one sentence per prose string; with a localizer, only
    the strings it has a translation for, in its language."""
    values = {name: format_value(v, "en") for name, v in leaflet.data.items()}
    sentences = []
    for text in leaflet.texts():
        if text.kind not in PROSE_KINDS:
            continue
        if localizer is None:
            sentence = plain_text(text.source, values).strip()
        elif localizer.has_translation(text):
            sentence = localizer.plain(text).strip()
        else:
            continue
        if sentence and sentence[-1] not in ".?!:。？！؟।":
            sentence += "."
        sentences.append(sentence)
    return " ".join(sentences)


def grades(leaflet: m.Leaflet) -> dict[str, float]:
    text = prose(leaflet)
    return {"flesch_kincaid": float(textstat.flesch_kincaid_grade(text)),
            "smog": float(textstat.smog_index(text))}


def check_readability(project, options) -> list[Finding]:
    findings = []
    for topic in options.topics or project.topics():
        try:
            leaflet = project.leaflet(topic)
        except Exception:  # noqa: BLE001 - the content check reports load errors
            continue
        result = grades(leaflet)
        where = leaflet.path.relative_to(project.root).as_posix()
        summary = (f"reading grade: Flesch-Kincaid {result['flesch_kincaid']:.1f}, "
                   f"SMOG {result['smog']:.1f} (limit {options.max_grade:g})")
        worst = max(result.values())
        if worst > options.max_grade:
            findings.append(Finding("error", where, summary,
                                    "use shorter sentences and everyday words", "readability"))
        else:
            findings.append(Finding("info", where, summary, check="readability"))
    return findings


# locale -> (formula name, textstat function, comparison, limit)
LOCALE_FORMULAS = {
    "es": [("Fernández-Huerta", "fernandez_huerta", ">=", 60.0),
           ("Szigriszt-Pazos (INFLESZ)", "szigriszt_pazos", ">=", 55.0)],
    "it": [("Gulpease", "gulpease_index", ">=", 60.0)],
    "de": [("Wiener Sachtextformel", "wiener_sachtextformel", "<=", 9.0)],
}


def locale_scores(leaflet: m.Leaflet, localizer) -> list[tuple[str, float, str, float]]:
    """(formula, score, comparison, limit) for the leaflet's translated prose."""

    language = localizer.locale.split("_")[0]
    text = prose(leaflet, localizer)
    textstat.set_lang(language)
    try:
        scores = []
        for name, func, comparison, limit in LOCALE_FORMULAS.get(language, []):
            args = (text, 1) if func == "wiener_sachtextformel" else (text,)
            scores.append((name, float(getattr(textstat, func)(*args)), comparison, limit))
        return scores
    finally:
        textstat.set_lang("en_US")


def check_translation_readability(project, options) -> list[Finding]:
    findings = []
    locales = [loc for loc in (options.locales or project.locales()) if loc != "en"]
    for locale in locales:
        language = locale.split("_")[0]
        if language not in LOCALE_FORMULAS:
            findings.append(Finding("info", f"locales/{locale}",
                                    "no validated readability formula for this language in "
                                    "textstat; reading level not measured", check="readability"))
            continue
        for topic in options.topics or project.topics():
            try:
                leaflet = project.leaflet(topic)
            except Exception:  # noqa: BLE001 - the content check reports load errors
                continue
            translations = project.translations(topic, locale)
            if topic not in translations.catalogs:
                # not offered, or offered and missing (the translations check says so):
                # either way there is no text to score
                continue
            localizer = Localizer(leaflet, locale, translations)
            if not prose(leaflet, localizer).strip():
                findings.append(Finding("info", f"locales/{locale}/LC_MESSAGES/{topic}.po",
                                        "no translated prose yet; reading level not measured",
                                        check="readability"))
                continue
            for name, score, comparison, limit in locale_scores(leaflet, localizer):
                ok = score >= limit if comparison == ">=" else score <= limit
                findings.append(Finding(
                    "info" if ok else "error", f"locales/{locale}/LC_MESSAGES/{topic}.po",
                    f"{name}: {score:.1f} (plain language: {comparison} {limit:g})",
                    "" if ok else "use shorter sentences and everyday words", "readability"))
    return findings
