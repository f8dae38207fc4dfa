"""The leaflet model: what a validated leaflet file means, independent of YAML and of PDF.

Every translatable string is a `Text` that carries its gettext context and the place it came
from, so extraction, translation checks and rendering all talk about the same string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union

from generator.content.review import ContentReview


@dataclass(frozen=True)
class Text:
    """One translatable string of English source text."""

    source: str
    context: str          # gettext msgctxt: topic/section/block[.item]
    kind: str             # heading, paragraph, bullet, ... (tells translators what it is)
    line: int
    max_chars: int | None = None   # a layout limit, shown to translators


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    url: str | None = None


@dataclass(frozen=True)
class TopicCode:
    """What a leaflet is about, as a code an EHR searches by (generator.content.codes)."""

    system: str           # FHIR system URI (ICD-10-CM, SNOMED CT)
    code: str
    display: str


@dataclass(frozen=True)
class DataValue:
    """One number, with its unit and where it comes from: it lives here and nowhere else."""

    name: str
    value: object          # int | float | str ("2020-05" for month_year)
    unit: str
    source: str
    about: str
    decimals: int | None
    line: int
    date: str | None = None   # when the figure was published or is valid ("2021", "2021-03")


@dataclass(frozen=True)
class DatasetRow:
    label: Text
    values: tuple[str, ...]   # data value names, one per column


@dataclass(frozen=True)
class Dataset:
    name: str
    label_heading: Text
    columns: tuple[Text, ...]
    rows: tuple[DatasetRow, ...]
    line: int


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Subheading:
    text: Text


@dataclass(frozen=True)
class Bullets:
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Term:
    term: Text
    meaning: Text


@dataclass(frozen=True)
class Terms:
    items: tuple[Term, ...]


@dataclass(frozen=True)
class Table:
    dataset: str
    caption: Text
    footnote: Text | None


@dataclass(frozen=True)
class RiskFigure:
    value: str            # a data value name (unit percent)
    caption: Text


@dataclass(frozen=True)
class Callout:
    tone: str             # note | important | urgent
    title: Text | None
    text: Text | None
    bullets: tuple[Text, ...]


@dataclass(frozen=True)
class Questions:
    heading: Text
    items: tuple[Text, ...]
    write_lines: int


@dataclass(frozen=True)
class SourcesBlock:
    pass


Block = Union[Paragraph, Subheading, Bullets, Terms, Table, RiskFigure, Callout, Questions,
              SourcesBlock]


@dataclass(frozen=True)
class Section:
    id: str
    heading: Text
    blocks: tuple[Block, ...]
    cites: tuple[str, ...] = ()                    # sources of the whole section
    block_cites: tuple[tuple[str, ...], ...] = ()  # per block: its own sources (or empty)

    def sources_of(self, index: int) -> tuple[str, ...]:
        """The sources a block's statements rest on: its own, else its section's."""
        own = self.block_cites[index] if index < len(self.block_cites) else ()
        return own or self.cites


@dataclass(frozen=True)
class KeyMessages:
    """The box at the top of page 1: the main messages, before anything else."""

    title: Text
    items: tuple[Text, ...]
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Leaflet:
    id: str
    path: Path
    title: Text
    subtitle: Text
    audience_note: Text | None
    content_version: str
    sources: tuple[Source, ...]
    data: dict[str, DataValue]
    datasets: dict[str, Dataset]
    sections: tuple[Section, ...]
    # the locales it ships in, as written in the file (`locales:`); None: every locale
    # that has a catalog for it (Project.offered_locales)
    locales: tuple[str, ...] | None = None
    topic_codes: tuple[TopicCode, ...] = ()
    review: ContentReview = field(default_factory=ContentReview)
    key_messages: KeyMessages | None = None

    def texts(self) -> Iterator[Text]:
        """Every translatable string, in reading order (deduplicated by context)."""
        yield self.title
        yield self.subtitle
        if self.audience_note:
            yield self.audience_note
        if self.key_messages:
            yield self.key_messages.title
            yield from self.key_messages.items
        for dataset in self.datasets.values():
            yield dataset.label_heading
            yield from dataset.columns
            yield from (row.label for row in dataset.rows)
        for section in self.sections:
            yield section.heading
            for block in section.blocks:
                yield from block_texts(block)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


def block_texts(block: Block) -> Iterator[Text]:
    """The translatable strings of one block, in reading order."""
    if isinstance(block, (Paragraph, Subheading)):
        yield block.text
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Terms):
        for item in block.items:
            yield item.term
            yield item.meaning
    elif isinstance(block, Table):
        yield block.caption
        if block.footnote:
            yield block.footnote
    elif isinstance(block, RiskFigure):
        yield block.caption
    elif isinstance(block, Callout):
        if block.title:
            yield block.title
        if block.text:
            yield block.text
        yield from block.bullets
    elif isinstance(block, Questions):
        yield block.heading
        yield from block.items
