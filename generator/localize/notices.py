"""What every printed page and web page says about the state of what it shows: the draft
notices (clinical content, translation) and the version line of the footer. One place, so
paper and screen say the same (generator.render.leaflet, generator.web.page)."""

from __future__ import annotations

from generator.content.review import content_state
from generator.localize.numbers import format_long_date


def draft_notice_keys(leaflet, translation_draft: bool) -> list[str]:
    """UI keys of the draft notices to show, in order: the content's clinical draft first,
    then the translation's."""
    return (["content_draft_band"] if content_state(leaflet).draft else []) + \
        (["draft_band"] if translation_draft else [])


def version_markup(loc) -> str:
    """'Content version 1.1.0, reviewed <date>' only when clinicians reviewed this content;
    a draft names no date, so no footer claims a review that did not happen."""
    leaflet = loc.leaflet
    state = content_state(leaflet)
    if state.draft:
        return loc.ui("version_line_draft", version=leaflet.content_version)
    date = format_long_date(state.review.date_reviewed, loc.formatting_locale)
    return loc.ui("version_line", version=leaflet.content_version, date=date)
