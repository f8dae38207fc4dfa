"""The English leaflets as a clinic prints them: read back, counted, inspected."""

from __future__ import annotations

import subprocess

import pytest
from pypdf import PdfReader

from conftest import ROOT, normalize, pdf_fonts, pdf_text, run_cli
from generator.content.loader import load_leaflet
from generator.localize.numbers import format_value

TOPICS = ("stage4-cancer", "metastatic-lung-cancer")
PAPERS = ("a4", "letter")


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("paper", PAPERS)
def test_every_heading_value_and_the_clinic_are_printed(english_pdfs, topic, paper):
    leaflet = load_leaflet(ROOT / "leaflets" / f"{topic}.yaml")
    text = pdf_text(english_pdfs / "en" / f"{topic}-{paper}.pdf")
    assert normalize(leaflet.title.source) in text
    for section in leaflet.sections:
        assert normalize(section.heading.source) in text, section.heading.source
    for value in leaflet.data.values():
        assert format_value(value, "en") in text, value.name
    assert "Riverside Cancer Clinic" in text
    assert "+1 555 0100" in text


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("paper", PAPERS)
def test_fits_in_five_pages_with_footer_on_every_page(english_pdfs, topic, paper):
    reader = PdfReader(str(english_pdfs / "en" / f"{topic}-{paper}.pdf"))
    pages = len(reader.pages)
    assert 1 <= pages <= 5   # key messages, urgent signs and sources: a committee-approved length
    leaflet = load_leaflet(ROOT / "leaflets" / f"{topic}.yaml")
    for number, page in enumerate(reader.pages, 1):
        footer = normalize(page.extract_text())
        assert f"Page {number} of {pages}" in footer
        assert f"Content version {leaflet.content_version}" in footer
        # Both leaflets are clinical drafts: the footer names no review date.
        assert f"Content version {leaflet.content_version}, draft" in footer
        assert "reviewed" not in footer.replace("not yet reviewed by a clinician", "")
        assert "Draft: not yet reviewed by a clinician." in footer


def test_paper_sizes_are_real(english_pdfs):
    a4 = PdfReader(str(english_pdfs / "en" / "stage4-cancer-a4.pdf")).pages[0].mediabox
    letter = PdfReader(str(english_pdfs / "en" / "stage4-cancer-letter.pdf")).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


@pytest.mark.parametrize("topic", TOPICS)
def test_all_fonts_are_embedded_subsets_and_none_is_helvetica(english_pdfs, topic):
    fonts = pdf_fonts(english_pdfs / "en" / f"{topic}-a4.pdf")
    assert fonts, "no fonts found"
    assert all(fonts.values()), f"unembedded fonts: {fonts}"
    assert not any("Helvetica" in name for name in fonts)
    assert all("+" in name for name in fonts), "fonts should be subset (ABCDEF+Name)"


def test_metadata_title_subject_language(english_pdfs):
    reader = PdfReader(str(english_pdfs / "en" / "metastatic-lung-cancer-a4.pdf"))
    assert reader.metadata.title == "Metastatic lung cancer"
    assert reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_same_input_gives_identical_bytes(tmp_path):
    for name in ("one", "two"):
        run_cli("build", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                "--out", str(tmp_path / name), check=True)
    first = (tmp_path / "one" / "en" / "stage4-cancer-a4.pdf").read_bytes()
    second = (tmp_path / "two" / "en" / "stage4-cancer-a4.pdf").read_bytes()
    assert first == second


def test_neutral_default_without_clinic_file(tmp_path):
    run_cli("build", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
            "--out", str(tmp_path), check=True)
    text = pdf_text(tmp_path / "en" / "stage4-cancer-a4.pdf")
    assert "Ask your care team how to reach them" in text


def test_risk_figures_say_about_n_in_100(english_pdfs):
    text = pdf_text(english_pdfs / "en" / "metastatic-lung-cancer-a4.pdf")
    assert "About 6 in 100 people" in text        # 5.8 % distant-stage survival


def test_page_one_renders_to_a_non_blank_image(english_pdfs, tmp_path):
    pdf = english_pdfs / "en" / "stage4-cancer-a4.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5000
