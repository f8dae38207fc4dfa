"""Colour and contrast: every text colour against every background it is printed on keeps
WCAG 2 contrast of at least 4.5:1, for every edition's style sheet; icon arrays, tables and
callouts stay readable when printed in greyscale. Checked from the style sheets, and from
the colours really used in built PDFs (the fill of each piece of text against the rectangle
under it). docs/editions.md, 'Colour and contrast'."""

from __future__ import annotations

import pytest

from generator.layout.sheets import STYLE_DIR, load_sheet
from test_editions_support import (TOPIC, WHITE, contrast, editions_out, hex_rgb, painted,
                                   relative_luminance)

TEXT_MIN = 4.5            # WCAG 2 AA, normal text
NON_TEXT_MIN = 3.0        # WCAG 2 AA, graphical objects (1.4.11)
EDITIONS = sorted(p.stem for p in STYLE_DIR.glob("*.yaml"))
# backgrounds that body, heading and muted text can sit on
LIGHT_BACKGROUNDS = ("table_stripe", "clinic_bg", "note_bg", "important_bg", "urgent_bg")


def colors(edition: str) -> dict[str, tuple]:
    return {name: hex_rgb(value) for name, value in load_sheet(edition)["colors"].items()}


def text_colors(edition: str) -> set[str]:
    """Colour names that paragraph styles use for text on light backgrounds."""
    used = {spec.get("color", "text") for spec in load_sheet(edition)["paragraphs"].values()}
    return used - {"table_header_text", "band_text"}


def test_there_are_three_editions_at_least():
    assert {"standard", "large-print", "bilingual"} <= set(EDITIONS)


def test_contrast_formula_matches_wcag_examples():
    assert contrast((0, 0, 0), WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast(hex_rgb("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)
    assert relative_luminance(hex_rgb("#808080")) == pytest.approx(0.2159, abs=0.001)


@pytest.mark.parametrize("edition", EDITIONS)
def test_text_on_every_light_background(edition):
    c = colors(edition)
    names = text_colors(edition)
    assert {"text", "heading", "muted"} <= names
    for name in names:
        for background in ("white",) + LIGHT_BACKGROUNDS:
            bg = WHITE if background == "white" else c[background]
            ratio = contrast(c[name], bg)
            assert ratio >= TEXT_MIN, f"{edition}: {name} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("edition", EDITIONS)
def test_header_and_band_text(edition):
    c = colors(edition)
    header = contrast(c["table_header_text"], c["table_header_bg"])
    band = contrast(c["band_text"], c["band_bg"])
    assert header >= TEXT_MIN, f"{edition}: table header text {header:.2f}:1"
    assert band >= TEXT_MIN, f"{edition}: band text {band:.2f}:1"
    # the footer is muted text on white paper
    assert contrast(c["muted"], WHITE) >= TEXT_MIN


@pytest.mark.parametrize("edition", EDITIONS)
def test_readable_in_greyscale(edition):
    """Greyscale keeps only luminance: what must be told apart differs in it."""
    c = colors(edition)
    filled, empty = c["icon_filled"], c["icon_empty"]
    assert contrast(filled, empty) >= NON_TEXT_MIN, "filled and empty icons look alike in grey"
    assert relative_luminance(empty) - relative_luminance(filled) >= 0.35
    assert contrast(empty, WHITE) >= 1.3, "empty icons vanish on white paper"
    stripe = 1.0 - relative_luminance(c["table_stripe"])
    assert 0.05 <= stripe <= 0.25, f"table stripes differ from white by {stripe:.3f}"
    assert contrast(c["table_header_bg"], WHITE) >= NON_TEXT_MIN
    for tone in ("note", "important", "urgent"):
        border = contrast(c[f"{tone}_border"], c[f"{tone}_bg"])
        assert border >= NON_TEXT_MIN, f"{edition}: {tone} border {border:.2f}:1"
    assert contrast(c["band_bg"], WHITE) >= 1.1, "the draft band must show on white paper"


# --------------------------------------------------------------- from the PDFs themselves

PDFS = [f"{locale}/{TOPIC}{suffix}-a4.pdf"
        for locale in ("en", "es", "ar")
        for suffix in ("", "-large-print", "-bilingual-en") if (locale, suffix) != ("en", "-bilingual-en")]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return editions_out(tmp_path_factory)


@pytest.mark.parametrize("name", PDFS)
def test_every_text_in_the_pdf_has_contrast(out, name):
    texts = painted(out / name)
    assert len(texts) > 100
    backgrounds = {t.background for t in texts}
    assert len(backgrounds) >= 3, "expected text on white, in boxes and in table headers"
    low = sorted({(round(contrast(t.fill, t.background), 2), t.fill, t.background, t.page)
                  for t in texts if contrast(t.fill, t.background) < TEXT_MIN})
    assert not low, f"text under {TEXT_MIN}:1 in {name}: {low[:5]}"


@pytest.mark.parametrize("name", [f"es/{TOPIC}-a4.pdf", f"es/{TOPIC}-large-print-a4.pdf",
                                  f"es/{TOPIC}-bilingual-en-a4.pdf"])
def test_pdf_text_colours_come_from_the_style_sheet(out, name):
    edition = "standard" if "-large-print" not in name and "-bilingual" not in name else \
        ("large-print" if "-large-print" in name else "bilingual")
    sheet = {tuple(round(v, 3) for v in rgb) for rgb in colors(edition).values()}
    used = {tuple(round(v, 3) for v in t.fill) for t in painted(out / name)}
    assert used - sheet == set(), f"{name} uses colours not in {edition}.yaml"
