"""Which texts of a leaflet have no usable translation (missing, empty or fuzzy)."""

from __future__ import annotations

from ..content.model import Leaflet, Text
from .catalogs import Translations


def missing_texts(leaflet: Leaflet, translations: Translations) -> list[Text]:
    return [text for text in leaflet.texts()
            if translations.get(leaflet.id, text.context, text.source) is None]
