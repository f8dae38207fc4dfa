"""Translated builds: draft band, review gate, fallback, footer version, pseudo-locales."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from generator.content.loader import load_leaflet
from generator.layout.sheets import STYLE_DIR
from test_review import approve_all
from test_i18n_support import (TOPIC, leaflets, mark_content_reviewed, pdf_text, project,  # noqa: F401
                               translate, translate_all, word_boxes)

ENGLISH_BAND = "Translation not yet reviewed by a qualified translator."
PAGE_LIMIT = 8          # docs/translating.md: every locale, pseudo-locales included
MM = 72 / 25.4


def build(root, out, *args):
    return leaflets(root, "build", "--topic", TOPIC, "--paper", "a4", "--out", str(out), *args)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def french(project):
    leaflets(project, "i18n", "init", "fr")
    translate_all(project, "fr")
    return project


def test_draft_band_in_a_draft_locale_and_not_in_a_reviewed_one(french, tmp_path):
    assert build(french, tmp_path / "draft", "--locale", "fr") == 0
    draft = flat(pdf_text(tmp_path / "draft" / "fr" / f"{TOPIC}-a4.pdf"))
    assert "FR " + ENGLISH_BAND in draft
    assert draft.count(ENGLISH_BAND) >= 2          # localized and English, on every page

    assert approve_all(french, tmp_path) == 0         # XLIFF round trip (test_review.py)
    assert build(french, tmp_path / "reviewed", "--locale", "fr") == 0
    reviewed = flat(pdf_text(tmp_path / "reviewed" / "fr" / f"{TOPIC}-a4.pdf"))
    assert ENGLISH_BAND not in reviewed
    assert "FR Metastatic lung cancer" in reviewed or "FR " in reviewed


def test_translated_footer_names_the_source_content_version(french, tmp_path):
    version = load_leaflet(french / "leaflets" / f"{TOPIC}.yaml").content_version
    assert build(french, tmp_path, "--locale", "fr") == 0
    text = flat(pdf_text(tmp_path / "fr" / f"{TOPIC}-a4.pdf"))
    assert f"FR Translated from content version {version}" in text


def test_require_reviewed_refuses_drafts_and_accepts_reviewed(french, tmp_path, capfd):
    capfd.readouterr()
    assert build(french, tmp_path, "--locale", "fr", "--require-reviewed") == 1
    err = capfd.readouterr().err
    assert f"the fr translation of {TOPIC} is not reviewed" in err
    assert f"the content of {TOPIC} is a clinical draft" in err
    assert not (tmp_path / "fr" / f"{TOPIC}-a4.pdf").exists()
    approve_all(french, tmp_path)
    assert build(french, tmp_path, "--locale", "fr", "--require-reviewed") == 1
    assert "the fr translation of" not in capfd.readouterr().err
    mark_content_reviewed(french, TOPIC)   # the clinicians sign the content off too
    assert build(french, tmp_path, "--locale", "fr", "--require-reviewed") == 0
    assert (tmp_path / "fr" / f"{TOPIC}-a4.pdf").exists()


def test_incomplete_locale_is_refused_with_count_and_how_to_see_them(project, tmp_path, capfd):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", "common", lambda s: "FR " + s)
    translate(project, "fr", TOPIC, lambda s: "FR " + s, only=lambda ctx: "/title" in ctx)
    capfd.readouterr()
    assert build(project, tmp_path, "--locale", "fr") == 1
    err = capfd.readouterr().err
    texts = load_leaflet(project / "leaflets" / f"{TOPIC}.yaml").texts()
    untranslated = sum(1 for text in texts if "/title" not in text.context)
    assert f"{untranslated} string(s) of {TOPIC} are not translated in fr" in err
    assert "leaflets i18n status --locale fr" in err
    assert not (tmp_path / "fr").exists()


def test_allow_fallback_prints_marked_english_and_the_draft_band(project, tmp_path):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", "common", lambda s: "FR " + s)
    assert build(project, tmp_path, "--locale", "fr", "--allow-fallback") == 0
    text = flat(pdf_text(tmp_path / "fr" / f"{TOPIC}-a4.pdf"))
    assert "FR [English] Metastatic lung cancer" in text
    assert ENGLISH_BAND in text


def test_init_translate_check_build_needs_no_code_or_content_edit(project, tmp_path, capsys):
    assert leaflets(project, "i18n", "init", "de") == 0
    translate_all(project, "de", lambda s: "DE " + s)
    assert leaflets(project, "i18n", "check", "--locale", "de") == 0
    assert leaflets(project, "build", "--locale", "de", "--out", str(tmp_path)) == 0
    pdfs = sorted(p.name for p in (tmp_path / "de").glob("*.pdf"))
    topics = sorted(p.stem for p in (project / "leaflets").glob("*.yaml"))
    assert pdfs == sorted(f"{t}-{paper}.pdf" for t in topics for paper in ("a4", "letter"))
    assert "DE " in pdf_text(tmp_path / "de" / f"{TOPIC}-a4.pdf")


# -- pseudo-locales -------------------------------------------------------------------------

def margins():
    page = yaml.safe_load((STYLE_DIR / "standard.yaml").read_text(encoding="utf-8"))["page"]
    return page["margin_left_mm"] * MM, page["margin_right_mm"] * MM


@pytest.mark.parametrize("asked, folder", [("en-XA", "en_XA"), ("ar_XB", "ar_XB")])
def test_pseudo_locales_build_inside_the_page_and_the_page_limit(project, tmp_path, asked,
                                                                  folder):
    assert leaflets(project, "build", "--locale", asked, "--out", str(tmp_path)) == 0
    pdfs = sorted((tmp_path / folder).glob("*.pdf"))
    topics = list((project / "leaflets").glob("*.yaml"))
    assert len(pdfs) == 2 * len(topics)
    left, right = margins()
    for pdf in pdfs:
        pages = word_boxes(pdf)
        assert 1 <= len(pages) <= PAGE_LIMIT, (pdf.name, len(pages))
        for width, height, words in pages:
            assert words
            for x0, y0, x1, y1, word in words:
                assert left - 1 <= x0 and x1 <= width - right + 1, (pdf.name, word, x0, x1)
                assert 0 <= y0 and y1 <= height, (pdf.name, word, y0, y1)


def test_en_xa_is_accented_bracketed_and_keeps_numbers(project, tmp_path):
    assert build(project, tmp_path, "--locale", "en_XA") == 0
    text = flat(pdf_text(tmp_path / "en_XA" / f"{TOPIC}-a4.pdf"))
    assert "[Ṁéţåšţåţîç ļûñĝ çåñçéŕ" in text
    assert "5.8%" in text                       # placeholders filled, formatted like en
    assert ENGLISH_BAND in text                 # a pseudo-locale is never reviewed


def test_ar_xb_is_arabic_script_right_to_left_without_control_characters(project, tmp_path):
    from pypdf import PdfReader

    assert build(project, tmp_path, "--locale", "ar-XB") == 0
    pdf = tmp_path / "ar_XB" / f"{TOPIC}-a4.pdf"
    text = pdf_text(pdf)
    arabic = [c for c in text if "ARABIC" in unicodedata.name(c, "")]
    assert len(arabic) > 500
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in text)
    fonts = {str(f["/BaseFont"]) for page in PdfReader(str(pdf)).pages
             for f in page["/Resources"]["/Font"].get_object().values()}
    assert any("Arabic" in name for name in fonts), fonts


def test_pseudo_command_prints_a_sample_and_writes_only_on_request(project, tmp_path, capsys):
    assert leaflets(project, "i18n", "pseudo", "--topic", TOPIC, "--sample", "2") == 0
    out = capsys.readouterr().out
    assert "en_XA" in out and "ar_XB" in out and "[Ṁéţåšţåţîç ļûñĝ çåñçéŕ" in out
    assert not list((project / "locales").rglob("*"))
    assert leaflets(project, "i18n", "pseudo", "--locale", "en-XA", "--topic", TOPIC,
                    "--out", str(tmp_path / "pseudo")) == 0
    assert (tmp_path / "pseudo" / "en_XA" / "LC_MESSAGES" / f"{TOPIC}.po").is_file()
    assert leaflets(project, "i18n", "pseudo", "--out", str(project / "locales")) == 2
    assert not list((project / "locales").rglob("*.po"))
