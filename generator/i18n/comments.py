"""What a translator is told about each string, as extracted comments (`#.` in a catalog).

A translator sees one string at a time, often in a web tool, without the leaflet. So each
comment says what the text is, what each placeholder will print (with the English value, so
"{lung_5yr_distant}" reads as "5.8%") and any length limit the layout imposes.
"""

from __future__ import annotations

from generator.content.markup import placeholders, tag_sequence
from generator.content.model import DataValue, Text
from generator.localize.numbers import format_value

KIND_WORDS = {
    "title": "Title of the leaflet (large type on the first page).",
    "subtitle": "Subtitle, printed under the title.",
    "paragraph": "A paragraph of body text.",
    "heading": "Section heading.",
    "subheading": "Small heading inside a section.",
    "bullet": "One item of a bulleted list.",
    "question": "A question the reader can ask their care team (one list item).",
    "term": "A medical word in a short glossary (its plain meaning follows).",
    "term-meaning": "The plain-language meaning of the glossary word before it.",
    "column-heading": "Heading of a table column.",
    "row-label": "Label of a table row.",
    "table-caption": "Caption above a table.",
    "table-footnote": "Note printed under a table.",
    "figure-caption": "Caption under a picture of 100 people, some coloured in.",
    "callout-title": "Title of a highlighted box.",
    "quiz-title": "Title of the quiz.",
    "quiz-intro": "Introduction at the start of the quiz.",
    "quiz-question": "A quiz question.",
    "quiz-choice": "One answer choice of a quiz question.",
    "quiz-option": "One answer choice of a quiz question.",
    "quiz-answer": "An answer of a quiz question.",
    "quiz-explanation": "Explanation shown after the reader answers a quiz question.",
    "quiz-feedback": "Feedback shown after the reader answers a quiz question.",
    "quiz-match-prompt": "One item to match, in a quiz matching question.",
    "quiz-match-answer": "One possible match, in a quiz matching question.",
    "quiz-label": "A word printed on the quiz sheet (label, heading or button).",
}

UNIT_WORDS = {
    "percent": "a percentage", "number": "a number", "count": "a count",
    "years": "a number of years", "age": "an age in years", "year": "a year",
    "month_year": "a month and year",
}


def kind_in_words(kind: str) -> str:
    """'term-meaning' -> 'The plain-language meaning ...'; unknown kinds still read well."""
    if kind in KIND_WORDS:
        return KIND_WORDS[kind]
    words = kind.replace("_", " ").replace("-", " ").strip() or "text"
    return words[:1].upper() + words[1:] + "."


def placeholder_lines(source: str, data: dict[str, DataValue]) -> list[str]:
    """One line per placeholder: what it prints in English and what the number is."""
    lines = []
    for name in dict.fromkeys(placeholders(source)[0]):
        value = data.get(name)
        if value is None:
            lines.append(f"{{{name}}} is filled in by the generator; keep it as it is.")
            continue
        example = format_value(value, "en")
        about = f": {value.about.strip()}" if value.about.strip() else ""
        unit = UNIT_WORDS.get(value.unit, "a number")
        lines.append(f"{{{name}}} = {example} in English ({unit}){about}.")
    return lines


def markup_line(source: str) -> str | None:
    tags = sorted({tag.strip("</>") for tag in tag_sequence(source)})
    if not tags:
        return None
    names = " and ".join(f"<{tag}>...</{tag}>" for tag in tags)
    return f"Keep {names} around the words that carry the same meaning."


def limit_line(max_chars: int | None) -> str | None:
    if not max_chars:
        return None
    return f"Layout limit: at most {max_chars} characters (not counting placeholders)."


def text_comments(text: Text, data: dict[str, DataValue]) -> list[str]:
    """Every comment for one leaflet or quiz text, in the order a translator needs them."""
    lines = [kind_in_words(text.kind)]
    lines += placeholder_lines(text.source, data)
    lines += [line for line in (markup_line(text.source), limit_line(text.max_chars)) if line]
    return lines


def ui_comments(note: str, limit: int | None, plural: bool) -> list[str]:
    """Comments for a generator UI string (`common` domain): its note, limit and plural."""
    lines = [note.strip()]
    if plural:
        lines.append("Give every plural form your language has (see the Plural-Forms header).")
    limit = limit_line(limit)
    if limit:
        lines.append(limit)
    return lines
