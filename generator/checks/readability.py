"""English reading grade per leaflet: Flesch-Kincaid and SMOG, over the prose only.

Headings, table labels and citations are not sentences and would distort the grade, so only
paragraphs, bullets, term meanings, callouts and questions count. A bullet without end
punctuation is closed with a full stop, so it counts as the sentence it reads as.
"""

from __future__ import annotations

from ..content import model as m
from ..localize.numbers import format_value
from ..markup import plain_text
from . import Finding

PROSE_KINDS = {"paragraph", "bullet", "term-meaning", "question", "figure-caption",
               "table-footnote"}


def prose(leaflet: m.Leaflet) -> str:
    values = {name: format_value(v, "en") for name, v in leaflet.data.items()}
    sentences = []
    for text in leaflet.texts():
        if text.kind in PROSE_KINDS:
            sentence = plain_text(text.source, values).strip()
            if sentence and sentence[-1] not in ".?!:":
                sentence += "."
            sentences.append(sentence)
    return " ".join(sentences)


def grades(leaflet: m.Leaflet) -> dict[str, float]:
    import textstat  # noqa: PLC0415 - slow import, only when checking

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
        where = str(leaflet.path)
        summary = (f"reading grade: Flesch-Kincaid {result['flesch_kincaid']:.1f}, "
                   f"SMOG {result['smog']:.1f} (limit {options.max_grade:g})")
        worst = max(result.values())
        if worst > options.max_grade:
            findings.append(Finding("error", where, summary,
                                    "use shorter sentences and everyday words", "readability"))
        else:
            findings.append(Finding("info", where, summary, check="readability"))
    return findings
