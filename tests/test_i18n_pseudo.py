"""Pseudo-locales en-XA and ar-XB: made in memory, markup and placeholders intact."""

from __future__ import annotations

import pytest

from generator.content.loader import load_leaflet
from generator.i18n.checks import message_problems
from generator.localize.pseudo import formatting_locale, pseudo_locale, pseudo_text, pseudo_translations
from generator.localize.completeness import missing_texts, missing_ui
from generator.localize.review import review_state
from generator.content.markup import placeholders, plain_text, tag_sequence
from test_i18n_support import REPO, TOPIC

SOURCE = ("Only about {lung_5yr_distant} of people are alive <b>five years</b> later, "
          "at stage 4. Use {{braces}} literally?")


@pytest.mark.parametrize("code, canonical", [("en-XA", "en_XA"), ("en_xa", "en_XA"),
                                             ("AR-xb", "ar_XB"), ("ar_XB", "ar_XB"),
                                             ("fr", None), ("en", None)])
def test_locale_spellings(code, canonical):
    assert pseudo_locale(code) == canonical


def test_formatting_locales():
    assert formatting_locale("en-XA") == "en" and formatting_locale("ar_XB") == "ar"
    assert formatting_locale("fr") == "fr"


@pytest.mark.parametrize("locale", ["en_XA", "ar_XB"])
def test_placeholders_tags_and_digits_survive_and_pass_the_checks(locale):
    text = pseudo_text(SOURCE, locale)
    assert placeholders(text)[0] == placeholders(SOURCE)[0]
    assert tag_sequence(text) == tag_sequence(SOURCE)
    assert "{{" in text and "}}" in text
    assert "4" in text
    errors = [p for p in message_problems(SOURCE, text, num_plurals=2, locale=locale)
              if p.level == "error"]
    assert errors == []


def test_en_xa_is_accented_bracketed_and_about_forty_percent_longer():
    text = pseudo_text(SOURCE, "en_XA")
    assert text.startswith("[") and text.endswith("]")
    assert not any(c in plain_text(text) for c in "aeiou")   # placeholder names aside
    ratio = len(plain_text(text)) / len(plain_text(SOURCE))
    assert 1.3 <= ratio <= 1.6


def test_ar_xb_is_arabic_letters_and_no_direction_controls():
    text = pseudo_text(SOURCE, "ar_XB")
    letters = plain_text(text, {"lung_5yr_distant": ""})
    assert not any("a" <= c.lower() <= "z" for c in letters.replace("{", "").replace("}", ""))
    assert sum(1 for c in text if "\u0600" <= c <= "\u06ff") > 40
    assert "؟" in text
    controls = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                 0x200E, 0x200F, 0x061C)}
    assert not controls & set(text)


@pytest.mark.parametrize("locale", ["en_XA", "ar_XB"])
def test_pseudo_translations_are_complete_and_always_draft(locale):
    leaflet = load_leaflet(REPO / "leaflets" / f"{TOPIC}.yaml")
    translations = pseudo_translations(locale)
    assert missing_texts(leaflet.id, leaflet.texts(), translations) == []
    assert missing_ui(translations) == []
    assert review_state(locale, translations).draft
