"""On which page of the printed leaflet each section starts, in one locale and paper size.

The leaflet is rendered by the leaflet pipeline itself (`render_leaflet`, same options), with
one change that cannot move anything on the page: the first flowable of each section (its
heading) reports the page it is drawn on, through a StoryBuilder subclass passed to
`render_leaflet`; the PDF bytes stay identical to a normal render, which the tests check. Results are cached per leaflet object, locale, paper and render options.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from ..content.model import Leaflet
from ..localize.catalogs import Translations
from ..layout.story import StoryBuilder
from ..render.leaflet import RenderOptions, render_leaflet

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


def _report_page(flowable, section_id: str, pages: dict[str, int]) -> None:
    draw_on = flowable.drawOn

    def drawOn(canvas, *args, **kwargs):  # noqa: N802 - ReportLab's name
        pages.setdefault(section_id, canvas.getPageNumber())
        return draw_on(canvas, *args, **kwargs)

    flowable.drawOn = drawOn
