"""The web edition of a leaflet, the QR code that opens it, and the EHR index.

- `page`: one self-contained, accessible HTML page per leaflet and locale, made from the
  same localized content model as the PDF (the Localizer's texts and CLDR numbers).
- `webfonts`: the page's fonts, subset to the characters it uses, embedded as WOFF2.
- `job`: the build's "web" job kind (`leaflets build --format html`).
- `qr`: the QR code and short URL printed on a leaflet when the clinic file has `web_url:`.
- `fhir`: out/index.fhir.json, a FHIR R4 Bundle of DocumentReference, one per output file.

See docs/web.md.
"""

from __future__ import annotations

WEB_SUFFIX = ".html"


def web_path(locale: str, topic: str) -> str:
    """Where a leaflet's web edition lives, relative to the out folder (and to a clinic's
    `web_url:`): `<locale>/<topic>.html`. The QR code printed on paper points here."""
    return f"{locale}/{topic}{WEB_SUFFIX}"
