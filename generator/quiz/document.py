"""The one internal representation of a quiz that every writer (PDF, Moodle, GIFT, QTI, JSON)
reads: one locale, one version, every text already resolved.

Texts arrive twice, as safe paragraph markup (`html`: escaped, only <b>/<i>) and as plain
text (`text`), both from the Localizer that prints the leaflet, so a quiz says exactly what
the leaflet says in every language. Numbers are the leaflet's data values (or generated
distractors) formatted for the locale with the leaflet's own formatter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape, unescape

from generator.content.markup import without_tags
from generator.content.model import Leaflet, RiskFigure, Text
from generator.layout.story import people_in_100
from generator.localize.codes import bcp47
from generator.localize.localizer import Localizer
from generator.localize.numbers import format_count, format_value
from generator.quiz.model import Choice, Item, Quiz
from generator.quiz.versions import LETTERS, Version
from generator.scripts.bidi import for_display


@dataclass(frozen=True)
class Words:
    """One text in both forms."""

    html: str
    text: str


@dataclass(frozen=True)
class Option:
    id: str
    letter: str              # A, B ... by position in this version
    words: Words
    correct: bool
    feedback: Words | None   # per-answer feedback (None: matching answers)


@dataclass(frozen=True)
class Prompt:
    """A matching row: numbered on the left; `answer` is the id of its Option."""

    id: str
    number: str
    words: Words
    answer: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    number: int
    number_text: str          # formatted for the locale
    words: Words
    hint: Words               # "Tick one box." ...
    options: list[Option]
    prompts: list[Prompt]
    explanation: Words
    section_id: str
    section: Words            # the section heading as the leaflet prints it
    page: int | None          # leaflet page where the answer is printed (answer keys only)
    page_text: str | None
    shuffle: bool             # a learning system may reorder the options
    write_lines: int

    def correct_options(self) -> list[Option]:
        return [o for o in self.options if o.correct]

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)


@dataclass(frozen=True)
class QuizDocument:
    topic: str
    locale: str
    lang: str                 # BCP 47, for xml:lang and PDF metadata
    rtl: bool
    version: str              # "A" ...; "" for the file order used by exports
    title: Words
    leaflet_title: Words
    instructions: Words | None
    content_version: str
    labels: dict[str, Words]
    questions: list[Question]
    seed: int | str | None = None
    fallback_used: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def form_id(self) -> str:
        """Which form this is, short enough to read aloud: topic, version, seed, content
        version ("MLC-A7-1.0.0"). Printed on every page of the quiz, its key and the grid."""
        return form_id(self.topic, self.version, self.seed, self.content_version)


def topic_code(topic: str) -> str:
    """'metastatic-lung-cancer' -> 'MLC', 'stage4-cancer' -> 'S4C'."""
    return "".join(word[0] + "".join(c for c in word if c.isdigit())
                   for word in topic.split("-") if word).upper()


def form_id(topic: str, version: str, seed, content_version: str) -> str:
    return f"{topic_code(topic)}-{version}{seed if seed is not None else 0}-{content_version}"


def build_document(quiz: Quiz, loc: Localizer, version: Version, *,
                   pages: dict[str, int] | None = None, seed: int | str | None = None
                   ) -> QuizDocument:
    leaflet = loc.leaflet
    words = _Words(loc)
    labels = {key: words(text) for key, text in quiz.labels.items()}
    fmt = loc.formatting_locale
    questions = []
    figures = risk_figure_values(leaflet)
    for number, item_id in enumerate(version.items, 1):
        item = quiz.item(item_id)
        in_100 = item.answer_data in figures
        questions.append(_question(item, number, version, words, labels, leaflet, fmt, pages,
                                   in_100))
    return QuizDocument(
        topic=quiz.topic, locale=loc.locale, lang=bcp47(loc.locale), rtl=loc.rtl,
        version=version.letter, title=words(quiz.title), leaflet_title=words(leaflet.title),
        instructions=words(quiz.instructions) if quiz.instructions else None,
        content_version=leaflet.content_version, labels=labels, questions=questions,
        seed=seed, fallback_used=loc.fallback_used)


class _Words:
    def __init__(self, loc: Localizer):
        self.loc = loc

    def __call__(self, text: Text) -> Words:
        return self.both(self.loc.text(text), self.loc.plain(text))

    def both(self, html: str, text: str) -> Words:
        """Left-to-right text drops the bidi isolates values carry where they change
        nothing (generator.scripts.bidi.for_display), as the printed paragraphs do."""
        return Words(for_display(html, self.loc.rtl), for_display(text, self.loc.rtl))


def risk_figure_values(leaflet: Leaflet) -> set[str]:
    """Data values the leaflet prints as a picture of 100 people ("About 6 in 100 people")."""
    return {block.value for section in leaflet.sections for block in section.blocks
            if isinstance(block, RiskFigure)}


def _question(item: Item, number: int, version: Version, words: _Words,
              labels: dict[str, Words], leaflet: Leaflet, fmt: str,
              pages: dict[str, int] | None, in_100: bool = False) -> Question:
    order = version.choice_order(item)
    options: list[Option] = []
    prompts: list[Prompt] = []
    if item.kind == "matching":
        rights = {p.id: p.right for p in item.pairs} | {e.id: e.text for e in item.extra}
        for position, option_id in enumerate(order):
            options.append(Option(option_id, LETTERS[position], words(rights[option_id]),
                                  False, None))
        lefts = {p.id: p for p in item.pairs}
        for row, pair_id in enumerate(version.prompt_order(item), 1):
            prompts.append(Prompt(pair_id, format_count(row, fmt), words(lefts[pair_id].left),
                                  pair_id))
        hint = labels["match" if item.extra else "match_all_used"]
    else:
        choices = {c.id: c for c in item.choices}
        for position, choice_id in enumerate(order):
            choice = choices[choice_id]
            options.append(Option(choice.id, LETTERS[position],
                                  _choice_words(choice, words, fmt, in_100),
                                  choice.correct, _feedback(choice, words, labels)))
        hint = labels[{"multiple": "tick_all", "true_false": "tick_true_false"}.get(
            item.kind, "tick_one")]
    page = None
    if pages:
        page = pages.get(item.cite.context) if item.cite else None
        page = page or pages.get(item.section)
    return Question(
        id=item.id, kind=item.kind, number=number, number_text=format_count(number, fmt),
        words=words(item.question), hint=hint, options=options, prompts=prompts,
        explanation=words(item.explanation), section_id=item.section,
        section=words(leaflet.section(item.section).heading), page=page,
        page_text=format_count(page, fmt) if page else None,
        shuffle=item.shuffles, write_lines=item.write_lines)


def _choice_words(choice: Choice, words: _Words, fmt: str, in_100: bool = False) -> Words:
    """A choice's words; a number as the leaflet prints it: in the words of its picture of
    100 people ("About 6 in 100 people") when the leaflet shows the answer that way (every
    choice of the item alike, so the wording gives nothing away), else formatted as data."""
    if choice.value is not None and in_100:
        count = people_in_100(choice.value.value)
        html = words.loc.ui_plural("risk_about", count, count=format_count(count, fmt),
                                   total=format_count(100, fmt))
        return words.both(html, unescape(without_tags(html)))
    if choice.value is not None:
        printed = format_value(choice.value, fmt)
        return words.both(escape(printed, quote=False), printed)
    return words(choice.text)


def _feedback(choice: Choice, words: _Words, labels: dict[str, Words]) -> Words:
    if choice.feedback is not None:
        return words(choice.feedback)
    return labels["correct" if choice.correct else "not_correct"]
