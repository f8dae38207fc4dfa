"""On which page of the printed leaflet each section starts, and each of its texts is
printed, in one locale, paper size and edition.

The leaflet is rendered by the leaflet pipeline itself (`render_leaflet`, same options), with
one change that cannot move anything on the page: the first flowable of each section (its
heading), and the paragraph of every text of its blocks, reports the page it is drawn on,
through a StoryBuilder subclass passed to `render_leaflet`; the PDF bytes stay identical to
a normal render, which the tests check. A paragraph that breaks across pages reports the
page where it starts. The result maps section ids and text contexts (which contain '/',
section ids do not) to 1-based pages. Results are cached per leaflet object, locale, paper
and render options.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import OrderedDict

from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table

from generator.content.model import Leaflet, block_texts
from generator.layout.cellgrid import CellGrid
from generator.layout.story import StoryBuilder
from generator.layout.text import emphasis
from generator.localize.catalogs import Translations
from generator.render.leaflet import RenderOptions, render_leaflet
from generator.scripts.bidi import strip_isolates

_lock = threading.Lock()   # guards the cache only
_cache: OrderedDict = OrderedDict()
CACHE_SIZE = 64


def section_pages(leaflet: Leaflet, locale: str, translations: Translations | None,
                  options: RenderOptions) -> dict[str, int]:
    """Section id -> 1-based page number in the leaflet as `leaflets build` prints it."""
    key = _key(leaflet, locale, translations, options)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is leaflet:
            _cache.move_to_end(key)
            return dict(hit[1])
    pages = _render_with_pages(leaflet, locale, translations, options)[1]
    with _lock:
        _store(key, leaflet, pages, translations)
    return dict(pages)


def render_and_record(leaflet: Leaflet, locale: str, translations: Translations | None,
                      options: RenderOptions):
    """`render_leaflet` (same bytes) that also notes the section pages, so that the answer
    key made next in this process (same arguments) needs no second render of the leaflet."""
    key = _key(leaflet, locale, translations, options)
    rendered, pages = _render_with_pages(leaflet, locale, translations, options)
    with _lock:
        _store(key, leaflet, pages, translations)
    return rendered


def _key(leaflet, locale, translations, options) -> tuple:
    return (id(leaflet), locale, options.paper, options.edition, repr(options.clinic),
            options.allow_fallback, tuple(options.font_dirs), _translations_key(translations))


def _store(key, leaflet, pages, translations) -> None:
    # Keep the leaflet and catalogs alive with the entry so their ids cannot be reused.
    _cache[key] = (leaflet, pages, translations)
    _cache.move_to_end(key)
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


def _translations_key(translations: Translations | None):
    if translations is None:
        return None
    catalogs = getattr(translations, "catalogs", {}) or {}
    return (type(translations).__name__, translations.locale,
            tuple(sorted((domain, id(catalog)) for domain, catalog in catalogs.items())))


def _render_with_pages(leaflet, locale, translations, options):
    """(the Rendered leaflet, section id -> page)."""
    pages: dict[str, int] = {}

    class RecordingStoryBuilder(StoryBuilder):
        def section(self, section):
            flowables = super().section(section)
            target = _first_drawn(flowables)
            if target is not None:
                _report_page(target, section.id, pages)
            return flowables

        def block(self, block):
            flowables = super().block(block)
            _report_text_pages(self, block, flowables, pages)
            return flowables

    rendered = render_leaflet(leaflet, locale, translations, options,
                              builder=RecordingStoryBuilder)
    return rendered, pages


def _first_drawn(flowables):
    """The first flowable that is drawn (not a page break, spacer or grouping)."""
    for flowable in flowables:
        if isinstance(flowable, (CondPageBreak, Spacer)):
            continue
        if isinstance(flowable, KeepTogether):
            inner = _first_drawn(flowable._content)  # noqa: SLF001 - ReportLab has no getter
            if inner is not None:
                return inner
            continue
        return flowable
    return None


def _report_page(flowable, key: str, pages: dict[str, int]) -> None:
    """`flowable` notes the page it is drawn on under `key`; so does the first part when
    it is split across pages (a new object made by its split method)."""
    draw_on = flowable.drawOn

    def drawOn(canvas, *args, **kwargs):  # noqa: N802 - ReportLab's name
        pages.setdefault(key, canvas.getPageNumber())
        return draw_on(canvas, *args, **kwargs)

    flowable.drawOn = drawOn
    split = getattr(flowable, "split", None)
    if split is None:
        return

    def split_and_report(*args, **kwargs):
        parts = split(*args, **kwargs)
        if parts:
            _report_page(parts[0], key, pages)
        return parts

    flowable.split = split_and_report


def _report_text_pages(builder, block, flowables, pages: dict[str, int]) -> None:
    """Each text of `block` (its context) notes the page of the paragraph that prints it:
    paragraphs are found among the block's flowables (and inside tables, boxes and groups)
    by their markup, in order, so two texts that print the same words get two paragraphs."""
    found = list(_paragraphs(flowables))
    used: set[int] = set()
    for text in block_texts(block):
        markup = _same(emphasis(builder.styles, builder.loc.text(text)))
        for index, flowable in enumerate(found):
            if index not in used and _same(flowable.text) == markup:
                used.add(index)
                _report_page(flowable, text.context, pages)
                break


def _same(markup: str) -> str:
    # a left-to-right paragraph drops the bidi isolates of its values (scripts.bidi)
    return unicodedata.normalize("NFC", strip_isolates(markup))


def _paragraphs(flowables):
    """Paragraph-like flowables (with a `text`), depth first, inside groups and tables."""
    for flowable in flowables:
        if isinstance(getattr(flowable, "words", None), list):   # a risk figure's cell
            yield from _paragraphs(flowable.words)
        elif isinstance(flowable, (list, tuple)):
            yield from _paragraphs(flowable)
        elif isinstance(flowable, KeepTogether):
            yield from _paragraphs(flowable._content)  # noqa: SLF001 - no getter
        elif isinstance(flowable, (Table, CellGrid)):
            for row in flowable._cellvalues:  # noqa: SLF001 - no getter
                yield from _paragraphs(row)
        elif isinstance(getattr(flowable, "text", None), str) and hasattr(flowable, "drawOn"):
            yield flowable
