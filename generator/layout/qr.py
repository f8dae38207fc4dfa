"""The QR code on a printed leaflet: it opens that leaflet's web edition in the reader's
language.

Printed only when the clinic file gives `web_url:` (where the clinic publishes the out
folder). The code holds `<web_url><locale>/<topic>.html` (generator.content.clinic.web_path), drawn
with ReportLab's own QR widget; beside it a line in the reader's language says what it
opens, and the address is printed for typing (without `https://`).
"""

from __future__ import annotations

import html
import re

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import black, white
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from generator.content.clinic import web_path
from generator.layout.tagging import group, tag
from generator.layout.text import para

QR_SIZE = 22 * mm


def leaflet_url(web_url: str, locale: str, topic: str) -> str:
    """The web edition's address for a leaflet in a locale."""
    return web_url + web_path(locale, topic)


def qr_drawing(url: str, size: float = QR_SIZE) -> Drawing:
    """A square QR code (error correction M, 4-module quiet zone on white)."""
    # ReportLab's barcode package imports every kind of barcode (6 ms of a cold start):
    # only for a leaflet that prints a QR code (a clinic web_url)
    from reportlab.graphics.barcode.qr import QrCodeWidget  # noqa: PLC0415 - see above

    widget = QrCodeWidget(url, barLevel="M", barBorder=4, barWidth=size, barHeight=size,
                          barFillColor=black, barStrokeColor=black)
    drawing = Drawing(size, size)
    drawing.add(Rect(0, 0, size, size, fillColor=white, strokeColor=None))
    drawing.add(widget)
    return drawing


def qr_block(builder, width: float) -> list:
    """The QR code, the line saying what it opens and the short address, for the clinic
    box of `builder` (a StoryBuilder); empty without a clinic `web_url:`."""
    clinic = builder.clinic
    if clinic is None or not clinic.web_url:
        return []
    s, loc = builder.styles, builder.loc
    url = leaflet_url(clinic.web_url, loc.locale, loc.leaflet.id)
    gap = 3 * mm
    text_width = max(width - QR_SIZE - gap, 20 * mm)
    style = s["footnote"]
    # The address reads left to right in every script: plain paragraphs, no bidi
    # reordering (the script fonts carry Latin letters), on the reader's starting side.
    # The lines are broken here already (_url_lines): no CJK wrapping rule may move them.
    url_style = ParagraphStyle("qr_url", parent=style, wordWrap=None,
                               alignment=TA_RIGHT if builder.rtl else TA_LEFT)
    words = [para(s, loc.ui("qr_line"), "footnote")]
    # plain escaping: the address has no bidi isolates to carry, and it is read as text
    words += [tag(Paragraph(html.escape(line, quote=False), url_style), "P")
              for line in _url_lines(short_url(url), style.fontName, style.fontSize,
                                     text_width - 2)]
    group("Div", words)
    cells = [qr_drawing(url), words]
    widths = [QR_SIZE + gap, text_width]
    if builder.rtl:
        cells.reverse()
        widths.reverse()
    table = builder.grid([cells], widths, [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    table.hAlign = "RIGHT" if builder.rtl else "LEFT"
    return [table]


def short_url(url: str) -> str:
    """The address as printed for typing: without the scheme."""
    return re.sub(r"^https?://", "", url)


def _url_lines(text: str, font: str, size: float, room: float) -> list[str]:
    """The address broken after '/' or '.' so each line fits `room` points (a piece
    longer than a line is broken anywhere)."""
    pieces = re.findall(r"[^/.]*[/.]?", text)
    lines, current = [], ""
    for piece in filter(None, pieces):
        if current and stringWidth(current + piece, font, size) > room:
            lines.append(current)
            current = ""
        while stringWidth(piece, font, size) > room and len(piece) > 1:
            cut = max(1, int(len(piece) * room / stringWidth(piece, font, size)))
            lines.append(piece[:cut])
            piece = piece[cut:]
        current += piece
    return lines + ([current] if current else [])
