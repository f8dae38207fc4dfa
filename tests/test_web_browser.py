"""The web editions in a real browser: headless Chromium (Debian package `chromium`,
installed by ./run) driven by Playwright, with no browser download (executable_path), and
axe-core (bundled by axe-playwright-python) requiring zero accessibility violations.

Screenshots at 390 px (a phone) and 1280 px (a laptop) are written to the folder named by
LEAFLETS_WEB_SCREENSHOTS (a temporary folder otherwise), to be looked at by a person.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_cli
from test_index_html import chromium, png_size

LOCALES = ("en", "ar", "hi")          # left-to-right, right-to-left, a shaped Indic script
TOPICS = ("metastatic-lung-cancer", "stage4-cancer")
WIDTHS = (390, 1280)
SCREENSHOT_ENV = "LEAFLETS_WEB_SCREENSHOTS"
LAUNCH_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("web-browser")
    clinic = root / "clinic.yaml"
    clinic.write_text('name: "Riverside Cancer Clinic"\nphone: "+1 555 0100"\n'
                      'address: ["12 River Road", "Springfield"]\n'
                      'web_url: "https://riverside.example/leaflets/"\n', encoding="utf-8")
    run_cli("build", "--format", "html", *[a for loc in LOCALES for a in ("--locale", loc)],
            "--clinic", str(clinic), "--out", str(root / "out"), check=True)
    return root / "out" / "riverside-cancer-clinic"     # a branded build's own folder


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright   # a test dependency: ./run setup

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), headless=True,
                                             args=LAUNCH_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get(SCREENSHOT_ENV)
    path = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("locale", LOCALES)
def test_web_edition_has_no_axe_violations_on_phone_and_laptop(out, browser, shots, locale):
    from axe_playwright_python.sync_playwright import Axe

    for topic in TOPICS:
        page_file = out / locale / f"{topic}.html"
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            try:
                page.goto(page_file.resolve().as_uri())
                page.wait_for_load_state("load")
                results = Axe().run(page)
                assert results.violations_count == 0, \
                    f"{locale}/{topic} at {width}px:\n{results.generate_report()}"
                # the embedded fonts are the ones in use
                assert page.evaluate(
                    "() => [...document.fonts].every(f => f.status === 'loaded') && "
                    "[...document.fonts].length >= 2")
                assert page.evaluate("() => document.fonts.check('16px LeafletText')")
                shot = shots / f"{topic}-{locale}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert png_size(shot)[0] == width
                assert shot.stat().st_size > 30_000, "the screenshot looks blank"
            finally:
                page.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_readable_at_320_px_without_sideways_scrolling(out, browser, locale):
    page = browser.new_page(viewport={"width": 320, "height": 700})
    try:
        page.goto((out / locale / f"{TOPICS[0]}.html").resolve().as_uri())
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{locale}: the page is {width}px wide at 320px"
        # body text stays at a readable size (16 px or more)
        size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                             "'main p')).fontSize)")
        assert size >= 16
        direction = page.evaluate("() => getComputedStyle(document.body).direction")
        assert direction == ("rtl" if locale == "ar" else "ltr")
    finally:
        page.close()


def test_print_stylesheet_shows_the_writing_lines(out, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto((out / "en" / f"{TOPICS[0]}.html").resolve().as_uri())
        assert page.evaluate("() => getComputedStyle(document.querySelector('.write'))"
                             ".display") == "none"
        page.emulate_media(media="print")
        assert page.evaluate("() => getComputedStyle(document.querySelector('.write'))"
                             ".display") == "block"
        pdf = tmp_path / "printed.pdf"
        page.pdf(path=str(pdf), format="A4")
        assert pdf.read_bytes()[:5] == b"%PDF-"
    finally:
        page.close()
