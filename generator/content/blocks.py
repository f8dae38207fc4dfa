"""Block readers: one small function per block kind, all returning model blocks.

A block is a mapping with exactly one kind key (`paragraph:`, `table:` ...) and an optional
`id:` that pins its translation context.
"""

from __future__ import annotations

from generator.content import model as m
from generator.errors import did_you_mean

TONES = ("note", "important", "urgent")   # callout tones; each has colours in the style sheet
KINDS = ("paragraph", "subheading", "bullets", "terms", "table", "risk_figure", "callout",
         "questions", "sources")


def read_block(reader, node, line: int, default_ctx: str, data, datasets):
    """Validate one block; returns a model block or None (the problem is recorded)."""
    node = reader.mapping(node, "a block", line)
    if node is None:
        return None
    kinds = [key for key in node if key not in ("id", "cites")]
    if len(kinds) != 1 or kinds[0] not in KINDS:
        hint = did_you_mean(kinds[0] if kinds else "", KINDS, f"use one of: {', '.join(KINDS)}")
        reader.error(f"a block needs exactly one kind key, found {kinds or 'none'}", node.line,
                     hint)
        return None
    kind = kinds[0]
    ctx = default_ctx
    if "id" in node:
        section = default_ctx.split("/")[0]
        ctx = f"{section}/{node['id']}"
    return _READERS[kind](reader, node, kind, node.line_of(kind), ctx, data, datasets)


def _paragraph(reader, node, kind, line, ctx, data, datasets):
    text = reader.make_text(node[kind], line, ctx, kind)
    return m.Paragraph(text) if text else None


def _subheading(reader, node, kind, line, ctx, data, datasets):
    text = reader.make_text(node[kind], line, ctx, kind)
    return m.Subheading(text) if text else None


def _text_list(reader, value, line, ctx, kind, where) -> tuple[m.Text, ...]:
    items = reader.listing(value, where, line)
    if items is None:
        return ()
    if not items:
        reader.error(f"{where} is empty", line)
    texts = [reader.make_text(item, iline, f"{ctx}.{i}", kind)
             for i, (item, iline) in enumerate(zip(items, items.lines), 1)]
    return tuple(t for t in texts if t)


def _bullets(reader, node, kind, line, ctx, data, datasets):
    items = _text_list(reader, node[kind], line, ctx, "bullet", "bullets")
    return m.Bullets(items) if items else None


def _terms(reader, node, kind, line, ctx, data, datasets):
    items = reader.listing(node[kind], "terms", line)
    out = []
    for i, (item, iline) in enumerate(zip(items or [], items.lines if items else []), 1):
        item = reader.mapping(item, "a term", iline)
        if item is None:
            continue
        reader.check_keys(item, "a term", ("term", "meaning"))
        term = reader.text(item, "term", "a term", f"{ctx}.{i}/term", "term")
        meaning = reader.text(item, "meaning", "a term", f"{ctx}.{i}/meaning", "term-meaning")
        if term and meaning:
            out.append(m.Term(term, meaning))
    return m.Terms(tuple(out)) if out else None


def _table(reader, node, kind, line, ctx, data, datasets):
    spec = reader.mapping(node[kind], "a table", line)
    if spec is None:
        return None
    reader.check_keys(spec, "a table", ("dataset", "caption"), ("footnote",))
    dataset = spec.get("dataset")
    if dataset not in datasets:
        reader.error(f"table refers to unknown dataset {dataset!r}", spec.line_of("dataset"),
                     f"known datasets: {', '.join(datasets) or 'none'}")
        return None
    caption = reader.text(spec, "caption", "a table", f"{ctx}/caption", "table-caption")
    footnote = (reader.text(spec, "footnote", "a table", f"{ctx}/footnote", "table-footnote")
                if "footnote" in spec else None)
    return m.Table(dataset, caption, footnote) if caption else None


def _risk_figure(reader, node, kind, line, ctx, data, datasets):
    spec = reader.mapping(node[kind], "a risk figure", line)
    if spec is None:
        return None
    reader.check_keys(spec, "a risk figure", ("value", "caption"))
    name = spec.get("value")
    if name not in data:
        reader.error(f"risk figure refers to unknown data value {name!r}",
                     spec.line_of("value"), "name a data value with unit percent")
        return None
    if data[name].unit != "percent":
        reader.error(f"risk figure value '{name}' must have unit percent",
                     spec.line_of("value"))
        return None
    caption = reader.text(spec, "caption", "a risk figure", f"{ctx}/caption", "figure-caption")
    return m.RiskFigure(name, caption) if caption else None


def _callout(reader, node, kind, line, ctx, data, datasets):
    spec = reader.mapping(node[kind], "a callout", line)
    if spec is None:
        return None
    reader.check_keys(spec, "a callout", ("tone",), ("title", "text", "bullets"))
    tone = spec.get("tone")
    if tone not in TONES:
        reader.error(f"callout tone {tone!r} must be one of: {', '.join(TONES)}",
                     spec.line_of("tone"))
    if ("text" in spec) == ("bullets" in spec):
        reader.error("a callout needs either text: or bullets:", spec.line)
        return None
    title = (reader.text(spec, "title", "a callout", f"{ctx}/title", "callout-title")
             if "title" in spec else None)
    text = (reader.text(spec, "text", "a callout", f"{ctx}/text", "paragraph")
            if "text" in spec else None)
    bullets = (_text_list(reader, spec["bullets"], spec.line_of("bullets"), ctx, "bullet",
                          "callout bullets") if "bullets" in spec else ())
    return m.Callout(str(tone), title, text, bullets)


def _questions(reader, node, kind, line, ctx, data, datasets):
    spec = reader.mapping(node[kind], "a questions block", line)
    if spec is None:
        return None
    reader.check_keys(spec, "a questions block", ("heading", "items"), ("write_lines",))
    heading = reader.text(spec, "heading", "a questions block", f"{ctx}/heading", "subheading")
    items = _text_list(reader, spec.get("items"), spec.line_of("items"), ctx, "question",
                       "questions") if "items" in spec else ()
    lines = spec.get("write_lines", 3)
    if not isinstance(lines, int) or isinstance(lines, bool) or not 0 <= lines <= 12:
        reader.error("write_lines must be a whole number from 0 to 12",
                     spec.line_of("write_lines"))
        lines = 3
    return m.Questions(heading, items, lines) if heading and items else None


def _sources(reader, node, kind, line, ctx, data, datasets):
    if node[kind] not in ({}, None):
        reader.error("sources block takes no options: write `- sources: {}`", line)
    return m.SourcesBlock()


_READERS = {
    "paragraph": _paragraph, "subheading": _subheading, "bullets": _bullets, "terms": _terms,
    "table": _table, "risk_figure": _risk_figure, "callout": _callout,
    "questions": _questions, "sources": _sources,
}
