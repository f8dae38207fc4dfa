"""The large-print and bilingual editions and the language-help page, read back from PDFs
that the real `leaflets build` made (docs/editions.md)."""

from __future__ import annotations

import re
import subprocess

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT

from conftest import ROOT, copy_project, normalize, pdf_fonts, pdf_text, run_cli
from generator.content.loader import load_leaflet
from generator.layout.styles import build_styles
from generator.layout.sheets import load_sheet
from generator.localize.catalogs import COMMON_DOMAIN, Translations, load_translations
from generator.localize.localizer import Localizer
from generator.scripts.fonts import fonts_for_locale
from test_editions_support import (CLINIC_PHONE, HELP_LINES, NO_HELP_LINE, TOPIC,
                                   editions_out, pictures, set_translation,
                                   text_items)

LARGE_PRINT_PAGE_LIMIT = 14          # docs/editions.md: English
LARGE_PRINT_TRANSLATION_LIMIT = 22   # docs/editions.md: translations
LONGEST_LOCALES = ("ru", "pl", "tl", "it", "de")
TOPICS = ("stage4-cancer", "metastatic-lung-cancer")
MM = 72 / 25.4


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return editions_out(tmp_path_factory)


@pytest.fixture(scope="module")
def large_print_en(tmp_path_factory):
    """Both English leaflets in large print on both papers."""
    out = tmp_path_factory.mktemp("large-print") / "out"
    run_cli("build", "--locale", "en", "--edition", "large-print", "--out", str(out),
            check=True)
    return out / "en"


def leaflet(topic=TOPIC):
    return load_leaflet(ROOT / "leaflets" / f"{topic}.yaml")


def translations(locale: str, topic: str = TOPIC, root=ROOT) -> Translations:
    return load_translations(root / "locales", locale, [topic, COMMON_DOMAIN])


# ------------------------------------------------------------------------- large print

@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("paper", ("a4", "letter"))
def test_large_print_keeps_to_the_page_limit(large_print_en, topic, paper):
    pages = len(PdfReader(str(large_print_en / f"{topic}-large-print-{paper}.pdf")).pages)
    assert 4 < pages <= LARGE_PRINT_PAGE_LIMIT, (
        f"{topic} large print on {paper} takes {pages} pages; the documented limit is "
        f"{LARGE_PRINT_PAGE_LIMIT} (docs/editions.md)")


def test_large_print_translations_keep_to_their_page_limit(tmp_path):
    """The languages that run longest, both topics, both papers."""
    args = ["build", "--edition", "large-print", "--out", str(tmp_path)]
    for locale in LONGEST_LOCALES:
        args += ["--locale", locale]
    run_cli(*args, check=True)
    for pdf in tmp_path.glob("*/*-large-print-*.pdf"):
        pages = len(PdfReader(str(pdf)).pages)
        assert pages <= LARGE_PRINT_TRANSLATION_LIMIT, f"{pdf.name} ({pdf.parent.name}): {pages}"


@pytest.mark.parametrize("locale", ("en", "es", "ar"))
def test_large_print_text_is_18_pt_and_footer_14(out, locale):
    pdf = out / locale / f"{TOPIC}-large-print-a4.pdf"
    items = text_items(pdf)
    assert len(items) > 200
    sheet = load_sheet("large-print")
    # the footer sits in the bottom margin; everything above it is reading text or the band
    footer_top = sheet["page"]["margin_bottom_mm"] * MM
    small = [i for i in items if i.y > footer_top and i.size < 18 - 0.01]
    assert not small, f"text under 18 pt: {small[:5]}"
    footer = [i for i in items if i.y <= footer_top]
    assert footer and all(abs(i.size - sheet["page"]["footer_size"]) < 0.01 for i in footer)


@pytest.mark.parametrize("topic", TOPICS)
def test_large_print_headings_are_22_pt_bold(large_print_en, topic):
    items = text_items(large_print_en / f"{topic}-large-print-a4.pdf")
    big = [i for i in items if i.size >= 22]
    assert big and all(i.bold for i in big), [i for i in big if not i.bold][:3]
    content = leaflet(topic)
    headings = [s.heading.source for s in content.sections] + [
        b.text.source for s in content.sections for b in s.blocks
        if type(b).__name__ == "Subheading"]
    for heading in headings:
        found = _lines_of(items, heading)
        assert any(i.size >= 22 and i.bold for i in found), (heading, found)


def _lines_of(items, heading: str) -> list:
    """Text items that are the first line of `heading` (at least 15 characters of it)."""
    heading = normalize(heading)
    return [i for i in items if len(normalize(i.text)) >= min(15, len(heading))
            and heading.startswith(normalize(i.text))]


def test_large_print_styles_start_aligned_with_generous_spacing():
    sheet = load_sheet("large-print")
    assert sheet["layout"]["single_column"] is True
    for locale, alignment in (("en", TA_LEFT), ("ar", TA_RIGHT), ("zh_Hans", TA_LEFT)):
        styles = build_styles("large-print", fonts_for_locale(locale))
        for name, style in styles.paragraphs.items():
            assert style.alignment == alignment != TA_JUSTIFY, (locale, name)
    for name, spec in sheet["paragraphs"].items():
        assert spec["size"] >= 18, name
        if spec.get("bold") and spec["size"] >= 22:
            continue            # headings: 1.2 is enough at that size
        assert spec["leading"] >= 1.3 * spec["size"], name


@pytest.mark.parametrize("locale", ("en", "ar"))
def test_large_print_puts_no_text_over_pictures(out, locale):
    pdf = out / locale / f"{TOPIC}-large-print-a4.pdf"
    boxes = pictures(pdf)
    figures = sum(type(b).__name__ == "RiskFigure" for section in
                  load_leaflet(ROOT / "leaflets" / f"{TOPIC}.yaml").sections
                  for b in section.blocks)
    assert figures and sum(len(b) for b in boxes.values()) >= figures, \
        "the icon arrays were not found"
    for item in text_items(pdf):
        for box in boxes.get(item.page, []):
            assert not box.contains(item.x + 1, item.y + 2), (item, box)


# ------------------------------------------------------------------------- bilingual

def test_bilingual_outputs_are_named_for_both_languages(out):
    for locale in ("es", "ar"):
        assert (out / locale / f"{TOPIC}-bilingual-en-a4.pdf").is_file()
    assert not list((out / "en").glob("*bilingual*")), "English is never paired with itself"


def _translated(locale: str, texts) -> list[str]:
    loc = Localizer(leaflet(), locale, translations(locale))
    cat = loc.translations
    return [loc.plain(t) for t in texts if cat.get(TOPIC, t.context, t.source)]


def test_bilingual_es_en_has_both_languages_side_by_side(out):
    pdf = out / "es" / f"{TOPIC}-bilingual-en-a4.pdf"
    text = pdf_text(pdf)
    content = leaflet()
    for section in content.sections:
        assert normalize(section.heading.source) in text, section.heading.source
    spanish = _translated("es", [content.title] + [s.heading for s in content.sections])
    assert spanish, "no Spanish heading is translated yet"
    for heading in spanish:
        assert normalize(heading) in text, heading
    # Spanish on the left, English on the right; each column headed by its language
    items = text_items(pdf)
    middle = float(PdfReader(str(pdf)).pages[0].mediabox.width) / 2
    english_title = next(i for i in items if i.text.startswith("Metastatic lung cancer"))
    assert english_title.x > middle
    names = [i for i in items if i.page == 1 and i.text in ("Español", "English")]
    assert {i.text for i in names} == {"Español", "English"}
    assert next(i for i in names if i.text == "Español").x < middle


def test_bilingual_ar_en_puts_arabic_on_the_right(out):
    pdf = out / "ar" / f"{TOPIC}-bilingual-en-a4.pdf"
    reader = PdfReader(str(pdf))
    middle = float(reader.pages[0].mediabox.width) / 2
    body = load_sheet("bilingual")["paragraphs"]["body"]["size"]
    # body text of the leaflet (not the band, the footer or the language-help page)
    items = [i for i in text_items(pdf) if i.page < len(reader.pages) and i.size == body]
    arabic = [i for i in items if "Arabic" in i.font]
    latin = [i for i in items if i.font.startswith("NotoSans-")]
    assert len(arabic) > 100 and len(latin) > 100
    assert all(i.x > middle for i in arabic), [i for i in arabic if i.x <= middle][:3]
    assert all(i.x < middle for i in latin), [i for i in latin if i.x >= middle][:3]
    fonts = pdf_fonts(pdf)
    assert any("NotoNaskhArabic" in name for name in fonts)
    assert any("NotoSans-Regular" in name for name in fonts)
    # the Arabic translation is really there (pdftotext gives logical order)
    got = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    title = _translated("ar", [leaflet().title])
    assert title, "the Arabic title is not translated yet"
    for word in re.findall(r"[\u0600-\u06ff]{3,}", title[0]):
        assert word in got, word


@pytest.mark.parametrize("locale", ("es", "ar"))
def test_bilingual_blocks_start_level(out, locale):
    """Each section heading of one language is on the same line as the other's."""
    pdf = out / locale / f"{TOPIC}-bilingual-en-a4.pdf"
    items = text_items(pdf)
    heading_size = load_sheet("bilingual")["paragraphs"]["heading"]["size"]
    middle = float(PdfReader(str(pdf)).pages[0].mediabox.width) / 2
    content = leaflet()
    for section in content.sections:
        english = [i for i in _lines_of(items, section.heading.source)
                   if abs(i.size - heading_size) < 0.01]
        assert english, section.heading.source
        e = english[0]
        other = [i for i in items if i.page == e.page and abs(i.size - heading_size) < 0.01
                 and (i.x < middle) != (e.x < middle) and abs(i.y - e.y) <= 4]
        assert other, f"no {locale} heading level with {section.heading.source!r}"


def test_bilingual_band_and_footer_name_both_versions(out):
    pdf = out / "es" / f"{TOPIC}-bilingual-en-a4.pdf"
    reader = PdfReader(str(pdf))
    for number, page in enumerate(reader.pages, 1):
        text = normalize(page.extract_text())
        assert "Spanish: Translation not yet reviewed by a qualified translator." in text
        assert "English: Translation not yet reviewed" not in text   # English is the source
        version = leaflet(TOPIC).content_version
        # The content is a clinical draft: said once in each language, no review date.
        assert f"English: Content version {version}, draft" in text
        assert "Español:" in text and f"Versión del contenido {version}, borrador" in text
        assert "Draft: not yet reviewed by a clinician." in text
        assert "Español: Borrador: aún no revisado por un profesional clínico." in text
    ar = normalize(PdfReader(str(out / "ar" / f"{TOPIC}-bilingual-en-a4.pdf"))
                   .pages[0].extract_text())
    assert "Arabic: Translation not yet reviewed by a qualified translator." in ar


def test_bilingual_stacked_layout_puts_one_language_above_the_other(tmp_path):
    from generator.render.leaflet import RenderOptions, render_leaflet

    rendered = render_leaflet(leaflet("stage4-cancer"), "es",
                              translations("es", "stage4-cancer"), RenderOptions(
        edition="bilingual", companion="en", allow_fallback=True,
        bilingual_layout="stacked"))
    pdf = tmp_path / "stacked.pdf"
    pdf.write_bytes(rendered.pdf)
    items = text_items(pdf)
    english = next(i for i in items if i.text.startswith("Stage 4 (metastatic) cancer")
                   and i.page == 1 and i.size > 15)
    spanish_title = [i for i in items if i.page == 1 and i.size == english.size
                     and i is not english and i.y > english.y]
    assert spanish_title, "the Spanish title is not above the English one"
    assert abs(spanish_title[0].x - english.x) < 1


def test_bilingual_needs_with_and_with_needs_bilingual(tmp_path):
    result = run_cli("build", "--edition", "bilingual", "--locale", "es",
                     "--out", str(tmp_path))
    assert result.returncode == 2 and "--with" in result.stderr
    result = run_cli("build", "--with", "en", "--locale", "es", "--out", str(tmp_path))
    assert result.returncode == 2 and "bilingual" in result.stderr
    result = run_cli("build", "--edition", "tiny-print", "--out", str(tmp_path))
    assert result.returncode == 2 and "large-print" in result.stderr


# ------------------------------------------------------------------------- every locale

def _all_locales():
    from generator.build.project import Project
    return Project(ROOT).locales() + ["en_XA", "ar_XB"]


@pytest.mark.parametrize("locale", _all_locales())
def test_every_locale_builds_in_large_print_and_beside_english(locale):
    from generator.localize.pseudo import is_pseudo, pseudo_translations
    from generator.render.leaflet import RenderOptions, render_leaflet

    topic = "stage4-cancer"
    catalogs = pseudo_translations(locale) if is_pseudo(locale) else translations(locale, topic)
    large = render_leaflet(leaflet(topic), locale, catalogs,
                           RenderOptions(edition="large-print", allow_fallback=True))
    assert large.pages >= 5
    if locale != "en":
        both = render_leaflet(leaflet(topic), locale, catalogs, RenderOptions(
            edition="bilingual", companion="en", allow_fallback=True, paper="letter"))
        assert both.pages >= 4


# ------------------------------------------------------------------------- language help

def _last_page(pdf):
    reader = PdfReader(str(pdf))
    return len(reader.pages), reader.pages[-1]


def test_language_help_page_lists_translated_lines_in_their_scripts(out):
    pdf = out / "en" / f"{TOPIC}-a4.pdf"
    count, page = _last_page(pdf)
    # Below the band (the clinical-draft notice) and above the footer.
    items = [i for i in text_items(pdf) if i.page == count and i.y > 60
             and not i.text.startswith("Draft:")]
    text = normalize(" ".join(i.text for i in items))
    english = f"Free help in your language is available. Call {CLINIC_PHONE}."
    assert english in text
    assert text.count("Free help in your language") == 1, \
        f"{NO_HELP_LINE} (untranslated) must be left out, not printed in English"
    # English first: its line is the highest on the page
    top = max(items, key=lambda i: i.y)
    assert top.text in ("English", english) or english.startswith(top.text)
    for name in ("Español", "Русский", "العربية"):     # (Devanagari: see the fonts below)
        assert name in text or name in normalize(page.extract_text()), name
    assert "Français" not in text
    assert "Hay ayuda gratuita en su idioma. Llame al +1 555 0100." in text
    assert "Доступна бесплатная помощь на вашем языке." in text
    assert re.search("[\u0600-\u06ff]", text) and re.search("[\u0900-\u097f]", text)
    assert re.search("[\u4e00-\u9fff]", text)
    fonts = {i.font for i in items}
    for family in ("NotoSans-", "NotoNaskhArabic", "NotoSansDevanagari", "WenQuanYiMicroHei"):
        assert any(family in f for f in fonts), (family, fonts)
    # each line in its own script's font
    arabic_items = [i for i in items if re.search("[\u0600-\u06ff]", i.text)]
    assert arabic_items and all("Arabic" in i.font for i in arabic_items)
    hindi = [i for i in items if re.search("[\u0900-\u097f]", i.text)]
    assert hindi and all("Devanagari" in i.font for i in hindi)
    chinese = [i for i in items if "免费" in i.text]          # zh_Hans, not Japanese kanji
    assert chinese and all("WenQuanYi" in i.font for i in chinese)


@pytest.mark.parametrize("name", [f"es/{TOPIC}-large-print-a4.pdf",
                                  f"ar/{TOPIC}-bilingual-en-a4.pdf"])
def test_language_help_is_the_last_page_of_every_edition(out, name):
    reader = PdfReader(str(out / name))
    help_pages = [normalize(page.extract_text()) for page in reader.pages][-3:]
    english = f"Free help in your language is available. Call {CLINIC_PHONE}."
    assert any(english in text for text in help_pages)
    assert CLINIC_PHONE in help_pages[-1] and "Русский" in " ".join(help_pages)


def test_language_help_lines_without_clinic_use_the_desk_line(tmp_path):
    from generator.layout.language_help import collect_help_lines, help_line

    project = copy_project(tmp_path / "project")
    set_translation(project, "es", "ui/language_help_desk",
                    "Hay ayuda gratuita en su idioma. Pregunte en la recepción.")
    set_translation(project, "fr", "ui/language_help_desk", "")
    lines = collect_help_lines(project / "locales", ["fr", "es", "en"], None)
    assert [line.locale for line in lines] == ["en", "es"]
    assert lines[0].markup.endswith("Ask at the front desk.")
    assert "recepción" in lines[1].markup
    # a translation that breaks the rules (placeholder lost) is left out, never printed
    set_translation(project, "es", "ui/language_help", "Llame a la clínica.")
    from generator.content.clinic import Clinic
    catalogs = load_translations(project / "locales", "es", [COMMON_DOMAIN])
    assert help_line("es", catalogs, Clinic("X", CLINIC_PHONE)) is None
    assert help_line("es", None, None) is None


def test_no_language_help_page_without_the_flag(tmp_path):
    run_cli("build", "--topic", TOPIC, "--locale", "en", "--paper", "a4", "--out",
            str(tmp_path), check=True)
    assert "Free help in your language" not in pdf_text(tmp_path / "en" / f"{TOPIC}-a4.pdf")


def test_help_lines_cover_the_scripts_under_test():
    assert {"ar", "hi", "zh_Hans"} <= set(HELP_LINES)


@pytest.mark.parametrize("primary_rtl,companion_rtl,right", [
    (False, False, False),    # es + en: es on the left
    (True, False, True),      # ar + en: ar on the right
    (False, True, False),     # en + ar: ar (the companion) on the right
    (True, True, True),       # ar + fa: the leaflet's own language on the right
])
def test_right_to_left_column_stands_on_the_right(primary_rtl, companion_rtl, right):
    from generator.layout.bilingual import primary_on_right
    assert primary_on_right(primary_rtl, companion_rtl) is right
