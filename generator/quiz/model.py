"""The quiz model: what a validated quiz file means, independent of YAML and of output format.

Every translatable string is a leaflet `Text` (generator.content.model) with a context under
`<topic>/quiz/...`, translated in the topic's domain, so a Localizer prints quiz texts exactly
like leaflet texts. A choice may instead reuse a text the leaflet itself prints (its own
`Text`, its own context): then the quiz and the leaflet cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from generator.content.markup import placeholders
from generator.content.model import DataValue, Text

KINDS = ("single", "multiple", "true_false", "numeric", "matching")


@dataclass(frozen=True)
class Choice:
    """One answer choice: a text, or a number (numeric items)."""

    id: str                        # stable: choice-2, true, answer, data-<name>, generated-1
    text: Text | None              # None for numbers
    correct: bool
    feedback: Text | None = None
    value: DataValue | None = None     # numeric items: the number shown
    data_name: str | None = None       # a leaflet data value (None: generated distractor)
    from_leaflet: bool = False         # `text` is a text the leaflet prints


@dataclass(frozen=True)
class Pair:
    """One matching pair: a prompt on the left and its answer on the right."""

    id: str                        # pair-1 ...
    left: Text
    right: Text
    left_from_leaflet: bool = False
    right_from_leaflet: bool = False


@dataclass(frozen=True)
class Item:
    id: str
    kind: str                      # one of KINDS
    section: str                   # the leaflet section the answer comes from
    question: Text
    explanation: Text
    line: int
    choices: tuple[Choice, ...] = ()   # single, multiple, true_false, numeric
    pairs: tuple[Pair, ...] = ()       # matching
    extra: tuple[Choice, ...] = ()     # matching: answers on the right that match nothing
    fixed_order: bool = False          # keep the choice order in every version
    write_lines: int = 0
    answer_data: str | None = None     # numeric: the data value that is the answer
    cite: Text | None = None           # the leaflet text that prints the answer (the key
                                       # gives the page where it is printed)
    cite_words: str | None = None      # `cite:` as written: words of that text (English)

    @property
    def shuffles(self) -> bool:
        """Whether versions may reorder the choices."""
        return not self.fixed_order and self.kind != "true_false"

    def correct_ids(self) -> list[str]:
        return [c.id for c in self.choices if c.correct]

    def own_texts(self) -> Iterator[Text]:
        """The item's own translatable strings (not those borrowed from the leaflet)."""
        yield self.question
        for choice in self.choices:
            if choice.text is not None and not choice.from_leaflet and self.kind != "true_false":
                yield choice.text
            if choice.feedback is not None:
                yield choice.feedback
        for pair in self.pairs:
            if not pair.left_from_leaflet:
                yield pair.left
            if not pair.right_from_leaflet:
                yield pair.right
        for extra in self.extra:
            if not extra.from_leaflet:
                yield extra.text
        yield self.explanation


@dataclass(frozen=True)
class Quiz:
    topic: str
    path: Path
    title: Text
    instructions: Text | None
    items: tuple[Item, ...]
    labels: dict[str, Text] = field(default_factory=dict)   # quiz furniture (ui.py)

    def texts(self) -> Iterator[Text]:
        """Every translatable string of the quiz, in reading order, each context once.

        Contexts all start with `<topic>/quiz/`; texts borrowed from the leaflet are not
        repeated here (they are extracted, and translated, with the leaflet).
        """
        seen: set[str] = set()
        for text in self._all_texts():
            if text.context not in seen:
                seen.add(text.context)
                yield text

    def _all_texts(self) -> Iterator[Text]:
        yield self.title
        if self.instructions is not None:
            yield self.instructions
        for item in self.items:
            yield from item.own_texts()
        yield from self.labels.values()

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def data_refs(self) -> dict[str, list[str]]:
        """Data value name -> ids of the items that print it (answers and placeholders)."""

        refs: dict[str, list[str]] = {}
        for item in self.items:
            names = []
            for text in item.own_texts():
                names += placeholders(text.source)[0]
            names += [c.data_name for c in item.choices if c.data_name]
            for name in dict.fromkeys(names):
                refs.setdefault(name, []).append(item.id)
        return refs
