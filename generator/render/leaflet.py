"""Render one leaflet in one locale on one paper size: the whole pipeline for one PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..clinic import Clinic
from ..content.model import Leaflet
from ..layout.story import StoryBuilder
from ..layout.styles import build_styles
from ..localize.catalogs import Translations
from ..localize.localizer import Localizer
from ..localize.numbers import format_long_date
from ..localize.review import review_state
from ..markup import plain_text
from ..scripts.fonts import fonts_for_locale
from .pdf import PAPER, Furniture, render_pdf


@dataclass
class RenderOptions:
    paper: str = "a4"
    edition: str = "standard"
    clinic: Clinic | None = None
    allow_fallback: bool = False
    font_dirs: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    draft: bool
    fallback_used: bool


def render_leaflet(leaflet: Leaflet, locale: str, translations: Translations | None,
                   options: RenderOptions) -> Rendered:
    fonts = fonts_for_locale(locale, options.font_dirs or None)
    styles = build_styles(options.edition, fonts)
    loc = Localizer(leaflet, locale, translations, options.allow_fallback)
    margins = styles.sheet["page"]
    width = PAPER[options.paper][0] - (margins["margin_left_mm"] + margins["margin_right_mm"]) \
        * 2.834645669
    story = StoryBuilder(loc, styles, width, options.clinic).build()
    state = review_state(locale, translations)
    furniture = _furniture(loc, styles, state.draft)
    title = loc.plain(leaflet.title)
    pdf, pages = render_pdf(
        story, paper=options.paper, margins=margins, furniture=furniture, title=title,
        subject=loc.plain(leaflet.subtitle), lang=locale.replace("_", "-"),
        author=options.clinic.name if options.clinic else "leaflets")
    return Rendered(pdf, pages, state.draft, loc.fallback_used)


def _furniture(loc: Localizer, styles, draft: bool) -> Furniture:
    leaflet = loc.leaflet
    date = format_long_date(leaflet.last_reviewed, loc.formatting_locale)
    line = loc.ui("version_line", version=leaflet.content_version, date=date)
    footer = [loc.plain(leaflet.title), plain_text(line)]
    if not loc.is_source:
        footer[1] += "  ·  " + plain_text(loc.ui("translated_from",
                                                  version=leaflet.content_version))
    band = []
    if draft:
        band = [plain_text(loc.ui("draft_band"))]
        english = plain_text(loc.ui_english("draft_band"))
        if english != band[0]:
            band.append(english)
    colors = {name: styles.color(name) for name in ("rule", "muted", "band_bg", "band_text")}
    return Furniture(
        footer_left=footer,
        page_label=lambda page, pages: plain_text(loc.ui("page_of", page=str(page),
                                                          pages=str(pages))),
        band=band, fonts=styles.fonts, colors=colors,
        footer_size=styles.sheet["page"]["footer_size"])
