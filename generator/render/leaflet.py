"""Render one leaflet in one locale on one paper size: the whole pipeline for one PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.core import UnknownLocaleError

from generator.content.clinic import Clinic
from generator.content.markup import plain_text
from generator.content.model import Leaflet
from generator.content.review import content_state
from generator.errors import LeafletError
from generator.layout.bilingual import BilingualLayout, column_width, is_stacked
from generator.layout.language_help import help_page
from generator.layout.provenance import provenance_block
from generator.layout.sheets import is_bilingual
from generator.layout.story import StoryBuilder
from generator.layout.styles import build_styles
from generator.localize.catalogs import SOURCE_LOCALE, Translations
from generator.localize.codes import bcp47
from generator.localize.localizer import Localizer
from generator.localize.notices import draft_notice_keys, version_markup
from generator.localize.numbers import locale_for, native_name
from generator.localize.pseudo import is_pseudo, pseudo_locale
from generator.localize.review import review_state
from generator.render.pdf import FRAME_PADDING, Furniture, render_pdf, text_width
from generator.scripts.fonts import fonts_for_locale


@dataclass
class RenderOptions:
    paper: str = "a4"
    edition: str = "standard"
    clinic: Clinic | None = None
    allow_fallback: bool = False
    font_dirs: tuple = field(default_factory=tuple)
    # the bilingual edition: the second language and its catalogs (docs/editions.md)
    companion: str | None = None
    companion_translations: Translations | None = None
    bilingual_layout: str = "auto"           # auto | side-by-side | stacked
    # the language-help notice (generator.layout.language_help.HelpLine list); None: no page
    language_help: list | None = None
    # review state from the ledger (localize.review.topic_review), for the locale and the
    # companion; None: a translation prints as a draft
    review: object | None = None
    companion_review: object | None = None


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    draft: bool
    fallback_used: bool


def render_leaflet(leaflet: Leaflet, locale: str, translations: Translations | None,
                   options: RenderOptions, builder=StoryBuilder) -> Rendered:
    """The leaflet as PDF bytes. `builder` lays out the body (a StoryBuilder subclass may
    observe the layout, as the quiz key's page finder does)."""
    if is_bilingual(options.edition):
        return _render_bilingual(leaflet, locale, translations, options)
    fonts = fonts_for_locale(locale, options.font_dirs or None)
    styles = build_styles(options.edition, fonts)
    loc = Localizer(leaflet, locale, translations, options.allow_fallback)
    margins = styles.sheet["page"]
    width = text_width(options.paper, margins)
    story = builder(loc, styles, width, options.clinic).build()
    state = options.review or review_state(locale, translations)
    # provenance closes the leaflet; the language-help page, when asked for, follows it
    story += provenance_block(loc, state, styles, options.edition, width - 2 * FRAME_PADDING,
                              options.font_dirs or None)
    story += _language_help(options, width)
    furniture = leaflet_furniture(loc, styles, state.draft)
    title = loc.plain(leaflet.title)
    pdf, pages = render_pdf(
        story, paper=options.paper, margins=margins, furniture=furniture, title=title,
        subject=loc.plain(leaflet.subtitle), lang=bcp47(locale),
        author=options.clinic.name if options.clinic else "leaflets")
    return Rendered(pdf, pages, state.draft or content_state(leaflet).draft, loc.fallback_used)


def version_line(loc: Localizer) -> str:
    """The footer's version line as plain text (localize.notices.version_markup)."""
    return plain_text(version_markup(loc))


def _band_lines(loc: Localizer, key: str, band: list, langs: list) -> tuple[list, list]:
    """`band` and `langs` (their language tags) with one more notice: in the reader's
    language, then in English when that differs."""
    own = plain_text(loc.ui(key))
    english = plain_text(loc.ui_english(key))
    band, langs = band + [own], langs + [bcp47(loc.locale)]
    if english != own:
        # The English line keeps English fonts and left-to-right order on any page.
        band.append((english, fonts_for_locale(SOURCE_LOCALE)))
        langs.append(bcp47(SOURCE_LOCALE))
    return band, langs


def leaflet_furniture(loc: Localizer, styles, draft: bool) -> Furniture:
    """`draft`: the translation is a draft. The content's own clinical review state is
    read from the leaflet: while it is a draft, every page says so."""
    leaflet = loc.leaflet
    footer = [loc.plain(leaflet.title), version_line(loc)]
    if not loc.is_source:
        footer[1] += "  ·  " + plain_text(loc.ui("translated_from",
                                                  version=leaflet.content_version))
    band, langs = [], []
    for key in draft_notice_keys(leaflet, draft):
        band, langs = _band_lines(loc, key, band, langs)
    return _page_furniture(loc, styles, footer, band, langs)


def _page_furniture(loc: Localizer, styles, footer: list, band: list,
                    band_langs: list = ()) -> Furniture:
    """Footer and band lines, in the style sheet's colours and sizes, numbered in `loc`."""
    colors = {name: styles.color(name) for name in ("rule", "muted", "band_bg", "band_text")}
    page = styles.sheet["page"]
    return Furniture(
        footer_left=footer,
        page_label=lambda number, pages: plain_text(loc.ui("page_of", page=str(number),
                                                            pages=str(pages))),
        band=band, band_langs=tuple(band_langs), fonts=styles.fonts, colors=colors,
        footer_size=page["footer_size"],
        band_size=page.get("band_size", 9.5),
        wrap=bool(page.get("furniture_wrap", False)))


def _language_help(options: RenderOptions, width: float) -> list:
    if not options.language_help:
        return []
    return help_page(options.language_help, options.edition, width,
                     options.font_dirs or None)




def _render_bilingual(leaflet: Leaflet, locale: str, translations: Translations | None,
                      options: RenderOptions) -> Rendered:

    companion = options.companion
    if not companion:
        raise LeafletError(f"the {options.edition} edition needs a second language",
                           hint="add --with LOCALE, e.g. --with en")
    if companion == locale:
        raise LeafletError(f"the {options.edition} edition needs two different languages, "
                           f"not {locale} twice", hint="choose another --with locale")
    font_dirs = options.font_dirs or None
    sides = []
    for code, catalogs, review in ((locale, translations, options.review),
                                   (companion, options.companion_translations,
                                    options.companion_review)):
        fonts = fonts_for_locale(code, font_dirs)
        sides.append((Localizer(leaflet, code, catalogs, options.allow_fallback),
                      build_styles(options.edition, fonts), review or review_state(code, catalogs)))
    (loc, styles, state), (other, other_styles, other_state) = sides
    margins = styles.sheet["page"]
    frame_width = text_width(options.paper, margins) - 2 * FRAME_PADDING
    stacked = is_stacked(styles.sheet, (styles.fonts.script, other_styles.fonts.script),
                         options.bilingual_layout)
    width = column_width(styles.sheet, frame_width, stacked)
    builders = [StoryBuilder(side[0], side[1], width, options.clinic) for side in sides]
    story = BilingualLayout(*builders, frame_width, stacked=stacked,
                            names=(_language_name(locale), _language_name(companion))).build()
    for side_loc, side_styles, side_state in sides:
        story += provenance_block(side_loc, side_state, side_styles, options.edition,
                                  frame_width, font_dirs)
    story += _language_help(options, frame_width)
    furniture = _bilingual_furniture(sides, styles, font_dirs)
    title = f"{loc.plain(leaflet.title)} / {other.plain(leaflet.title)}"
    subject = f"{loc.plain(leaflet.subtitle)} / {other.plain(leaflet.subtitle)}"
    pdf, pages = render_pdf(
        story, paper=options.paper, margins=margins, furniture=furniture, title=title,
        subject=subject, lang=bcp47(locale),
        author=options.clinic.name if options.clinic else "leaflets")
    return Rendered(pdf, pages, state.draft or other_state.draft or content_state(leaflet).draft,
                    loc.fallback_used or other.fallback_used)


def _language_name(locale: str) -> str:
    """The language's own name; a pseudo-locale (en-XA) is named by its code."""
    if is_pseudo(locale):
        return pseudo_name(locale)
    name = native_name(locale)
    return name if name != locale else locale.replace("_", "-")


def _english_name(locale: str) -> str:
    if is_pseudo(locale):
        return pseudo_name(locale)
    try:
        return locale_for(locale).get_display_name("en") or locale
    except (ValueError, LookupError, UnknownLocaleError):
        return locale.replace("_", "-")


def pseudo_name(locale: str) -> str:
    return (pseudo_locale(locale) or locale).replace("_", "-")


def _bilingual_furniture(sides, styles, font_dirs=None) -> Furniture:
    """Footer: one line per language naming its version (and, for a translation, the
    content version it was made from), each in its own fonts. Band: for each draft
    language, a line in that language and one in English that name the language."""
    footer, band, langs = [], [], []
    english_fonts = None
    for loc, side_styles, state in sides:
        fonts = side_styles.fonts
        leaflet = loc.leaflet
        line = version_line(loc)
        if not loc.is_source:
            line += "  ·  " + plain_text(loc.ui("translated_from",
                                                 version=leaflet.content_version))
        footer.append((f"{_language_name(loc.locale)}: {line}", fonts))
        if loc.is_source:
            english_fonts = fonts
    if english_fonts is None:
        english_fonts = fonts_for_locale(SOURCE_LOCALE, font_dirs)
    if content_state(sides[0][0].leaflet).draft:
        for loc, side_styles, _state in sides:
            own = plain_text(loc.ui("content_draft_band"))
            if not loc.is_source and own != plain_text(loc.ui_english("content_draft_band")):
                band.append((f"{_language_name(loc.locale)}: {own}", side_styles.fonts))
                langs.append(bcp47(loc.locale))
        band.append((plain_text(loc.ui_english("content_draft_band")), english_fonts))
        langs.append(bcp47(SOURCE_LOCALE))
    for loc, side_styles, state in sides:
        if not state.draft:
            continue
        own = plain_text(loc.ui("draft_band"))
        english = plain_text(loc.ui_english("draft_band"))
        if own != english:
            band.append((f"{_language_name(loc.locale)}: {own}", side_styles.fonts))
            langs.append(bcp47(loc.locale))
        band.append((f"{_english_name(loc.locale)}: {english}", english_fonts))
        langs.append(bcp47(SOURCE_LOCALE))
    loc = sides[0][0]
    return _page_furniture(loc, styles, footer, band, langs)
