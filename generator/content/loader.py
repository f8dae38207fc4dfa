"""Turn a leaflet YAML file into a `Leaflet`, or report every problem with file and line.

Validation collects all problems in one pass (an editor fixes them together) and each
message says what to do. The rules are documented in docs/content-format.md.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from pathlib import Path

from generator.content import model as m
from generator.content.blocks import read_block
from generator.content.codes import read_topic_codes
from generator.content.markup import length_problem, markup_problems, placeholders
from generator.content.review import (
    STATUSES,
    ContentReview,
    Reviewer,
    default_next_review,
)
from generator.content.yamlsafe import LineDict, LineList, number_problem, read_yaml
from generator.errors import LeafletError, LeafletErrors, did_you_mean

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATA_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
UNITS = ("percent", "number", "count", "years", "age", "year", "month_year")
MAX_CHARS = {"heading": 70, "subheading": 70, "column": 40, "row": 45, "callout-title": 60,
             "term": 40, "title": 60}

# Digits are allowed only inside labels (M1, 4A, PD-L1) and after "stage".
_STAGE_LABEL = re.compile(
    r"\b[Ss]tages?\s+\d+[A-Za-z]?(?:\s*(?:,|and|or|to|through|-|–)\s*\d+[A-Za-z]?)*")
_MIXED_TOKEN = re.compile(r"[A-Za-z]+-?\d+[A-Za-z]*|\d+[A-Za-z]+\b")
_FIELD = re.compile(r"\{[^{}]*\}")
# Invisible characters that can reorder or hide text (bidi overrides/isolates, zero-width
# characters): English source text never needs them.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


class Reader:
    """Reads one file's parsed YAML, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path, topic: str):
        self.path = path
        self.topic = topic
        self.errors: list[LeafletError] = []
        self.data_names: set[str] = set()

    def error(self, message: str, line: int | None, hint: str | None = None) -> None:
        self.errors.append(LeafletError(message, path=self.path, line=line, hint=hint))

    def check_keys(self, node: LineDict, where: str, required: tuple, optional: tuple = ()):
        allowed = set(required) | set(optional)
        for key in node:
            if key not in allowed:
                hint = did_you_mean(key, allowed, f"allowed keys: {', '.join(sorted(allowed))}")
                self.error(f"unknown key '{key}' in {where}", node.line_of(key), hint)
        for key in required:
            if key not in node:
                self.error(f"missing '{key}' in {where}", node.line, f"add '{key}:'")

    def mapping(self, value, where: str, line: int) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.error(f"{where} must be a mapping (key: value), not {kind_name(value)}", line)
        return None

    def listing(self, value, where: str, line: int) -> LineList | None:
        if isinstance(value, LineList):
            return value
        self.error(f"{where} must be a list (- item), not {kind_name(value)}", line)
        return None

    def string(self, node: LineDict, key: str, where: str) -> str | None:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if key in node:
            self.error(f"'{key}' in {where} must be non-empty text, not {kind_name(value)}",
                       node.line_of(key), "put the text in quotes")
        return None

    def text(self, node: LineDict, key: str, where: str, context: str, kind: str,
             limit: str | None = None) -> m.Text | None:
        value = self.string(node, key, where)
        if value is None:
            return None
        return self.make_text(value, node.line_of(key), context, kind, limit)

    def make_text(self, value, line: int, context: str, kind: str,
                  limit: str | None = None) -> m.Text | None:
        if not isinstance(value, str) or not value.strip():
            self.error(f"{kind} must be non-empty text, not {kind_name(value)}", line)
            return None
        self.check_prose(value, line)
        too_long = length_problem(value, None)
        if too_long:
            self.error(f"{kind} is too long: {too_long}", line,
                       "split it into several paragraphs or bullets")
            return None
        return m.Text(source=str(value), context=f"{self.topic}/{context}", kind=kind,
                      line=line, max_chars=MAX_CHARS.get(limit or kind))

    def check_prose(self, value: str, line: int) -> None:
        invisible = _INVISIBLE.search(value)
        if invisible:
            char = invisible.group()
            self.error(f"invisible character U+{ord(char):04X} "
                       f"({unicodedata.name(char, 'format character')}) in the text", line,
                       "delete it: it can hide or reorder what readers see")
        for problem in markup_problems(value):
            self.error(problem, line, "use only <b>bold</b> and <i>italic</i>")
        names, problems = placeholders(value)
        for problem in problems:
            self.error(problem, line, "write {name} with a name from data:")
        for name in names:
            if name not in self.data_names:
                hint = did_you_mean(name, self.data_names, "add it under data:", "{{{}}}")
                self.error(f"unknown placeholder {{{name}}}", line, hint)
        stripped = _MIXED_TOKEN.sub("", _STAGE_LABEL.sub("", _FIELD.sub("", value)))
        digits = re.findall(r"\d[\d.,]*", stripped)
        if digits:
            self.error(f"number {digits[0]!r} written in the text",
                       line, "move the number to data: and refer to it as {name}")


def kind_name(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"the text {value[:30]!r}"
    return f"{type(value).__name__} {value!r}"


def load_leaflet(path: Path) -> m.Leaflet:
    """Read and validate one leaflet file. Raises LeafletErrors listing every problem."""
    path = Path(path)
    topic = path.stem
    if not ID_PATTERN.fullmatch(topic):
        raise LeafletError(f"file name {path.name!r} is not a leaflet id", path=path,
                           hint="name it <id>.yaml with lower-case words joined by '-'")
    doc = read_yaml(path, what="leaflet file")
    reader = Reader(path, topic)
    if not isinstance(doc, LineDict):
        raise LeafletError("a leaflet file must be a mapping at the top level", path=path,
                           line=1, hint="see docs/content-format.md")
    if "last_reviewed" in doc:
        reader.error("last_reviewed is replaced by the review: block",
                     doc.line_of("last_reviewed"),
                     "write review: with status: draft (or reviewed, with date_reviewed:)")
    reader.check_keys(doc, "the leaflet",
                      ("id", "title", "subtitle", "content_version", "sources", "data",
                       "sections"), ("audience_note", "datasets", "review", "key_messages",
                                     "last_reviewed", "locales", "topic_codes"))
    leaflet_id = doc.get("id")
    if leaflet_id != topic:
        reader.error(f"id {leaflet_id!r} does not match the file name {topic!r}",
                     doc.line_of("id"), f"set id: {topic} or rename the file")
    sources = _sources(reader, doc)
    data = _data(reader, doc, {s.id for s in sources})
    reader.data_names = set(data)
    datasets = _datasets(reader, doc, data)
    source_ids = {s.id for s in sources}
    leaflet = m.Leaflet(
        id=topic, path=path,
        title=reader.text(doc, "title", "the leaflet", "title", "title"),
        subtitle=reader.text(doc, "subtitle", "the leaflet", "subtitle", "subtitle"),
        audience_note=(reader.text(doc, "audience_note", "the leaflet", "audience-note",
                                   "paragraph") if "audience_note" in doc else None),
        content_version=_version(reader, doc),
        sources=tuple(sources), data=data, datasets=datasets,
        sections=_sections(reader, doc, data, datasets, source_ids),
        review=_review(reader, doc),
        key_messages=_key_messages(reader, doc, source_ids),
        locales=_locales(reader, doc),
        topic_codes=read_topic_codes(reader, doc),
    )
    _check_sources_used(reader, doc, leaflet)
    if reader.errors:
        raise LeafletErrors(reader.errors)
    _check_unique_contexts(leaflet)
    return leaflet


def _locales(reader: Reader, doc: LineDict) -> tuple[str, ...] | None:
    """`locales: [es, vi]`: the translations this topic ships in (English always)."""
    if "locales" not in doc:
        return None
    items = reader.listing(doc.get("locales"), "locales", doc.line_of("locales"))
    codes = []
    for item, line in zip(items or [], (items.lines if items else [])):
        if isinstance(item, str) and re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8}){0,2}",
                                                  item):
            codes.append(item)
        else:
            reader.error(f"a locale in 'locales' must be a code like es or zh_Hans, "
                         f"not {kind_name(item)}", line)
    return tuple(codes)


def _version(reader: Reader, doc: LineDict) -> str:
    value = doc.get("content_version")
    if isinstance(value, str) and re.fullmatch(r"\d+(\.\d+){0,2}", value):
        return str(value)
    if "content_version" in doc:
        reader.error("content_version must be a version in quotes, like \"1.0.0\"",
                     doc.line_of("content_version"))
    return ""


def _review(reader: Reader, doc: LineDict) -> ContentReview:
    """The clinical review record. No block at all means a draft: nothing is reviewed
    until a file says who reviewed it and when."""
    if "review" not in doc:
        return ContentReview()
    node = reader.mapping(doc["review"], "review", doc.line_of("review"))
    if node is None:
        return ContentReview()
    reader.check_keys(node, "review", ("status",),
                      ("reviewers", "date_reviewed", "next_review_due", "fingerprint"))
    status = node.get("status")
    if status not in STATUSES:
        reader.error(f"review status {status!r} must be one of: {', '.join(STATUSES)}",
                     node.line_of("status"), "write status: draft until clinicians sign it off")
        status = "draft"
    reviewers = []
    listing = reader.listing(node.get("reviewers"), "reviewers", node.line_of("reviewers")) \
        if "reviewers" in node else None
    for item, line in zip(listing or [], listing.lines if listing else []):
        item = reader.mapping(item, "a reviewer", line)
        if item is None:
            continue
        reader.check_keys(item, "a reviewer", ("role",), ("name",))
        role = reader.string(item, "role", "a reviewer")
        name = reader.string(item, "name", "a reviewer") if "name" in item else None
        if role:
            reviewers.append(Reviewer(role=str(role), name=str(name) if name else None))
    date = _review_date(reader, node, "date_reviewed")
    due = _review_date(reader, node, "next_review_due")
    fingerprint = node.get("fingerprint")
    if fingerprint is not None and not isinstance(fingerprint, str):
        reader.error("review fingerprint must be text in quotes, as printed on the review "
                     "packet", node.line_of("fingerprint"))
        fingerprint = None
    if status == "reviewed":
        for key, ok, fix in (
                ("date_reviewed", date is not None, "add date_reviewed: YYYY-MM-DD"),
                ("reviewers", bool(reviewers), "add reviewers: with each reviewer's role"),
                ("fingerprint", bool(fingerprint),
                 "copy the fingerprint from the review packet the reviewers signed")):
            if not ok:
                reader.error(f"a reviewed leaflet needs {key}", node.line, fix)
    if date and due is None:
        due = default_next_review(date)
    if date and due and due <= date:
        reader.error("next_review_due must be after date_reviewed",
                     node.line_of("next_review_due"))
    return ContentReview(status=str(status), reviewers=tuple(reviewers), date_reviewed=date,
                         next_review_due=due, fingerprint=fingerprint, line=node.line)


def _review_date(reader: Reader, node: LineDict, key: str) -> dt.date | None:
    value = node.get(key)
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    reader.error(f"{key} must be a date like 2026-11-21", node.line_of(key))
    return None


def _key_messages(reader: Reader, doc: LineDict, source_ids: set[str]) -> m.KeyMessages | None:
    if "key_messages" not in doc:
        return None
    node = reader.mapping(doc["key_messages"], "key_messages", doc.line_of("key_messages"))
    if node is None:
        return None
    reader.check_keys(node, "key_messages", ("title", "items"), ("cites",))
    title = reader.text(node, "title", "key_messages", "key-messages/title", "callout-title")
    items = reader.listing(node.get("items"), "key message items", node.line_of("items")) \
        if "items" in node else None
    texts = []
    for index, (item, line) in enumerate(zip(items or [], items.lines if items else []), 1):
        text = reader.make_text(item, line, f"key-messages/{index}", "bullet")
        if text:
            texts.append(text)
    if items is not None and not 3 <= len(items) <= 5:
        reader.error(f"key_messages has {len(items)} item(s); give 3 to 5", node.line_of("items"),
                     "keep only the main messages: what this means, treatment, support, "
                     "what to ask, whom to call")
    cites = _cites(reader, node, source_ids)
    return m.KeyMessages(title, tuple(texts), cites) if title and texts else None


def _cites(reader: Reader, node: LineDict, source_ids: set[str]) -> tuple[str, ...]:
    """`cites: [source-id, ...]`: the sources the statements of a section or block rest on."""
    if "cites" not in node:
        return ()
    value = node["cites"]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        reader.error("cites must be a source id or a list of source ids", node.line_of("cites"))
        return ()
    out = []
    for sid in value:
        if sid not in source_ids:
            reader.error(f"cites unknown source {sid!r}", node.line_of("cites"),
                         did_you_mean(str(sid), source_ids, "add it under sources:"))
        else:
            out.append(str(sid))
    return tuple(out)


def _check_sources_used(reader: Reader, doc: LineDict, leaflet: m.Leaflet) -> None:
    """A listed source must support something printed: a number or a cited statement."""
    used = {d.source for d in leaflet.data.values()}
    for section in leaflet.sections:
        used.update(section.cites)
        for cites in section.block_cites:
            used.update(cites)
    if leaflet.key_messages:
        used.update(leaflet.key_messages.cites)
    for source in leaflet.sources:
        if source.id not in used:
            reader.error(f"source '{source.id}' supports nothing printed", doc.line_of("sources"),
                         "cite it where it is used (cites: on a section or block, or source: "
                         "of a data value), or remove it")


def _sources(reader: Reader, doc: LineDict) -> list[m.Source]:
    items = reader.listing(doc.get("sources"), "sources", doc.line_of("sources")) \
        if "sources" in doc else None
    out: list[m.Source] = []
    for item, line in zip(items or [], (items.lines if items else [])):
        node = reader.mapping(item, "a source", line)
        if node is None:
            continue
        reader.check_keys(node, "a source", ("id", "citation"), ("url",))
        sid, citation = node.get("id"), reader.string(node, "citation", "a source")
        url = reader.string(node, "url", "a source") if "url" in node else None
        if not isinstance(sid, str) or not ID_PATTERN.match(sid):
            reader.error(f"source id {sid!r} must be lower-case words joined by '-'", line)
            continue
        if any(s.id == sid for s in out):
            reader.error(f"duplicate source id '{sid}'", line, "give each source its own id")
        out.append(m.Source(id=sid, citation=citation or "", url=str(url) if url else None))
    if items is not None and not out:
        reader.error("a leaflet needs at least one source", items.line)
    return out


def _data(reader: Reader, doc: LineDict, source_ids: set[str]) -> dict[str, m.DataValue]:
    node = reader.mapping(doc.get("data"), "data", doc.line_of("data")) if "data" in doc else None
    out: dict[str, m.DataValue] = {}
    for name, spec in (node or {}).items():
        line = node.line_of(name)
        if not DATA_NAME.match(name):
            reader.error(f"data name '{name}' must be lower_case_with_underscores", line)
            continue
        spec = reader.mapping(spec, f"data value '{name}'", line)
        if spec is None:
            continue
        reader.check_keys(spec, f"data value '{name}'", ("value", "unit", "source", "about"),
                          ("decimals", "date"))
        value = _data_value(reader, name, spec, source_ids)
        if value is not None:
            out[name] = value
    return out


def _data_value(reader, name, spec, source_ids) -> m.DataValue | None:
    unit, value, line = spec.get("unit"), spec.get("value"), spec.line
    if unit not in UNITS:
        reader.error(f"unit {unit!r} of '{name}' is not one of: {', '.join(UNITS)}",
                     spec.line_of("unit"))
        return None
    surprise = number_problem(value)
    if surprise and unit != "month_year":
        reader.error(f"{surprise[0]} ('{name}')", spec.line_of("value"), surprise[1])
        return None
    if not _value_fits(unit, value):
        reader.error(f"value {value!r} of '{name}' does not fit unit '{unit}'",
                     spec.line_of("value"), _UNIT_HINTS[unit])
        return None
    decimals = spec.get("decimals")
    if number_problem(decimals):
        message, fix = number_problem(decimals)
        reader.error(f"{message} (decimals of '{name}')", spec.line_of("decimals"), fix)
        decimals = None
    elif decimals is not None and (not isinstance(decimals, int) or isinstance(decimals, bool)
                                 or not 0 <= decimals <= 3):
        reader.error(f"decimals of '{name}' must be a whole number from 0 to 3",
                     spec.line_of("decimals"))
        decimals = None
    source = spec.get("source")
    if source not in source_ids:
        reader.error(f"data value '{name}' names unknown source {source!r}",
                     spec.line_of("source"),
                     did_you_mean(source, source_ids, "add it under sources:"))
    about = spec.get("about")
    if not isinstance(about, str) or not about.strip():
        reader.error(f"'about' of '{name}' must say what the number is", spec.line_of("about"))
    date = spec.get("date")
    if isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        date = date.isoformat()
    elif isinstance(date, int) and not isinstance(date, bool):
        date = str(date)
    if date is not None and not (isinstance(date, str)
                                 and re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?", date)):
        reader.error(f"date of '{name}' must be a year, \"YYYY-MM\" or a date",
                     spec.line_of("date"), "write when the source published the figure, "
                     "e.g. date: 2021 or date: \"2021-03\"")
        date = None
    return m.DataValue(name=name, value=value, unit=unit, source=str(source),
                       about=str(about or ""), decimals=decimals, line=line, date=date)


MAX_MAGNITUDE = 10**15   # no statistic in a leaflet is larger; bigger values break formatting


def _value_fits(unit: str, value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)) and not abs(value) < MAX_MAGNITUDE:
        return False
    if unit == "month_year":
        return isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value) is not None
    if unit in ("percent", "number"):
        return isinstance(value, (int, float)) and math.isfinite(value) \
            and (unit != "percent" or 0 <= value <= 100)
    return isinstance(value, int) and value >= 0


_UNIT_HINTS = {
    "percent": "write the percentage as a number from 0 to 100, e.g. 5.8",
    "number": "write a number, e.g. 3.5",
    "count": "write a whole number", "years": "write a whole number",
    "age": "write a whole number", "year": "write a year, e.g. 2009",
    "month_year": "write year and month in quotes, e.g. \"2020-05\"",
}


def _datasets(reader: Reader, doc: LineDict, data) -> dict[str, m.Dataset]:
    if "datasets" not in doc:
        return {}
    node = reader.mapping(doc["datasets"], "datasets", doc.line_of("datasets"))
    out: dict[str, m.Dataset] = {}
    for name, spec in (node or {}).items():
        spec = reader.mapping(spec, f"dataset '{name}'", node.line_of(name))
        if spec is None:
            continue
        reader.check_keys(spec, f"dataset '{name}'", ("label_heading", "columns", "rows"))
        ctx = f"data/{name}"
        columns = _dataset_columns(reader, spec, name, ctx)
        rows = _dataset_rows(reader, spec, name, ctx, len(columns), data)
        heading = reader.text(spec, "label_heading", f"dataset '{name}'",
                              f"{ctx}/label-heading", "column-heading", "column")
        out[name] = m.Dataset(name=name, label_heading=heading, columns=tuple(columns),
                              rows=tuple(rows), line=spec.line)
    return out


def _dataset_columns(reader, spec, name, ctx) -> list[m.Text]:
    columns = reader.listing(spec.get("columns"), f"columns of '{name}'",
                             spec.line_of("columns")) if "columns" in spec else None
    out = []
    for index, (col, line) in enumerate(zip(columns or [], columns.lines if columns else []), 1):
        col = reader.mapping(col, "a column", line)
        if col is not None:
            reader.check_keys(col, "a column", ("heading",))
            text = reader.text(col, "heading", "a column", f"{ctx}/column-{index}",
                               "column-heading", "column")
            if text:
                out.append(text)
    return out


def _dataset_rows(reader, spec, name, ctx, width, data) -> list[m.DatasetRow]:
    rows = reader.listing(spec.get("rows"), f"rows of '{name}'", spec.line_of("rows")) \
        if "rows" in spec else None
    out = []
    for index, (row, line) in enumerate(zip(rows or [], rows.lines if rows else []), 1):
        row = reader.mapping(row, "a row", line)
        if row is None:
            continue
        reader.check_keys(row, "a row", ("label", "values"))
        label = reader.text(row, "label", "a row", f"{ctx}/row-{index}", "row-label", "row")
        values = row.get("values")
        if not isinstance(values, list) or len(values) != width:
            reader.error(f"row {index} of '{name}' needs {width} value name(s), one per column",
                         row.line_of("values"))
            continue
        for value in values:
            if value not in data:
                reader.error(f"row {index} of '{name}' refers to unknown data value {value!r}",
                             row.line_of("values"), "add it under data: or fix the name")
        if label:
            out.append(m.DatasetRow(label=label, values=tuple(str(v) for v in values)))
    return out


def _sections(reader: Reader, doc: LineDict, data, datasets,
              source_ids: set[str]) -> tuple[m.Section, ...]:
    items = reader.listing(doc.get("sections"), "sections", doc.line_of("sections")) \
        if "sections" in doc else None
    out: list[m.Section] = []
    for item, line in zip(items or [], items.lines if items else []):
        node = reader.mapping(item, "a section", line)
        if node is None:
            continue
        reader.check_keys(node, "a section", ("id", "heading", "blocks"), ("cites",))
        sid = node.get("id")
        if not isinstance(sid, str) or not ID_PATTERN.match(sid):
            reader.error(f"section id {sid!r} must be lower-case words joined by '-'",
                         node.line_of("id"))
            continue
        if any(s.id == sid for s in out):
            reader.error(f"duplicate section id '{sid}'", node.line_of("id"))
        heading = reader.text(node, "heading", f"section '{sid}'", f"{sid}/heading", "heading")
        blocks_node = reader.listing(node.get("blocks"), f"blocks of '{sid}'",
                                     node.line_of("blocks")) if "blocks" in node else None
        blocks, block_cites = [], []
        for index, (b, bline) in enumerate(
                zip(blocks_node or [], blocks_node.lines if blocks_node else []), 1):
            block = read_block(reader, b, bline, f"{sid}/{index}", data, datasets)
            if block is not None:
                blocks.append(block)
                block_cites.append(_cites(reader, b, source_ids)
                                   if isinstance(b, LineDict) else ())
        out.append(m.Section(id=sid, heading=heading, blocks=tuple(blocks),
                             cites=_cites(reader, node, source_ids),
                             block_cites=tuple(block_cites)))
    return tuple(out)


def _check_unique_contexts(leaflet: m.Leaflet) -> None:
    """Two texts with one context would share a translation: a block id was reused."""
    seen: dict[str, m.Text] = {}
    problems = []
    for text in leaflet.texts():
        if text.context in seen:
            problems.append(LeafletError(
                f"translation context {text.context} is used twice (also line "
                f"{seen[text.context].line})", path=leaflet.path, line=text.line,
                hint="give the block a unique id:"))
        seen[text.context] = text
    if problems:
        raise LeafletErrors(problems)
