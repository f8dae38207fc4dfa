"""The web edition of a leaflet, the QR code that opens it, and the EHR index.

- `page`: one self-contained, accessible HTML page per leaflet and locale, made from the
  same localized content model as the PDF (the Localizer's texts and CLDR numbers).
- `webfonts`: the page's fonts, subset to the characters it uses, embedded as WOFF2.

See docs/web.md.
"""

from __future__ import annotations
