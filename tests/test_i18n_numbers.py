"""Locale-aware formatting (Babel/CLDR): numbers, percentages, dates, plurals, names, direction."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from generator.content.loader import load_leaflet
from generator.content.model import DataValue
from generator.localize.catalogs import load_translations
from generator.localize.localizer import Localizer
from generator.localize.numbers import format_long_date, format_value, native_name
from generator.localize.pseudo import pseudo_translations
from generator.scripts.bidi import strip_isolates
from test_i18n_support import (REPO, TOPIC, leaflets, project, set_entry,  # noqa: F401
                               set_plural_forms)


def value(number, unit, decimals=None):
    return DataValue("x", number, unit, "src", "about", decimals, 1)


def spaces(text: str) -> str:
    """CLDR uses no-break and narrow no-break spaces; compare them as plain spaces."""
    return "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)


def digits(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text if unicodedata.category(c) == "Nd")


@pytest.mark.parametrize("locale, expected", [
    ("en", "5.8%"), ("fr", "5,8 %"), ("de", "5,8 %"), ("tr", "%5,8"), ("ru", "5,8 %"),
    ("ja", "5.8%"), ("hi", "5.8%"),
])
def test_percent_uses_the_locales_own_pattern(locale, expected):
    assert spaces(format_value(value(5.8, "percent", 1), locale)) == expected


def test_arabic_percent_keeps_the_digits_and_a_percent_sign():
    text = format_value(value(5.8, "percent", 1), "ar")
    assert digits(text) == "58" and ("%" in text or "٪" in text)


@pytest.mark.parametrize("locale, expected", [
    ("en", "1,234,567"), ("de", "1.234.567"), ("fr", "1 234 567"), ("hi", "12,34,567"),
    ("ru", "1 234 567"),
])
def test_counts_use_the_locales_grouping(locale, expected):
    assert spaces(format_value(value(1234567, "count"), locale)) == expected


@pytest.mark.parametrize("locale", ["en", "de", "fr", "ru", "hi"])
def test_years_are_not_grouped(locale):
    assert format_value(value(2009, "year"), locale) == "2009"


@pytest.mark.parametrize("locale, expected", [
    ("en", "May 2020"), ("fr", "mai 2020"), ("de", "Mai 2020"), ("ja", "2020年5月"),
])
def test_month_and_year(locale, expected):
    assert format_value(value("2020-05", "month_year"), locale) == expected


@pytest.mark.parametrize("locale, expected", [
    ("en", "November 21, 2026"), ("fr", "21 novembre 2026"), ("de", "21. November 2026"),
    ("ja", "2026年11月21日"),
])
def test_long_dates(locale, expected):
    assert format_long_date(dt.date(2026, 11, 21), locale) == expected


@pytest.mark.parametrize("locale, name", [
    ("fr", "Français"), ("de", "Deutsch"), ("tr", "Türkçe"), ("ar", "العربية"),
    ("hi", "हिन्दी"), ("ja", "日本語"), ("ru", "Русский"),
])
def test_native_language_names(locale, name):
    assert native_name(locale) == name


@pytest.fixture(scope="module")
def leaflet():
    return load_leaflet(REPO / "leaflets" / f"{TOPIC}.yaml")


@pytest.mark.parametrize("locale, rtl, fmt", [
    ("fr", False, "fr"), ("ar", True, "ar"), ("fa", True, "fa"), ("hi", False, "hi"),
    ("en_XA", False, "en"), ("ar_XB", True, "ar"),
])
def test_direction_and_formatting_locale(leaflet, locale, rtl, fmt):
    translations = pseudo_translations(locale) if locale.endswith(("XA", "XB")) else None
    loc = Localizer(leaflet, locale, translations)
    assert loc.rtl is rtl
    assert loc.formatting_locale == fmt


FORMS = {
    "ru": ("{count} человек из {total} (one)", "{count} человека из {total} (few)",
           "{count} человек из {total} (many)"),
    # the forms are told apart by a letter: a digit would be a typed number, never printed
    "ar": tuple(f"{{count}} من {{total}} ({letter})" for letter in "أبجدهو"),
    "ja": ("{count}人/{total}人",),
    "fr": ("Environ {count} personne sur {total}", "Environ {count} personnes sur {total}"),
}

# Each catalog states its own rule here, so the test does not depend on the installed CLDR
# version: the catalog's Plural-Forms header governs which form is printed.
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
          ": n%100>=11 && n%100<=99 ? 4 : 5);",
    "ja": "nplurals=1; plural=0;",
    "fr": "nplurals=2; plural=(n > 1);",
}


@pytest.mark.parametrize("locale, expected", [
    ("ru", {1: 0, 2: 1, 4: 1, 5: 2, 6: 2, 11: 2, 21: 0, 22: 1, 100: 2}),
    # CLDR's order: zero, one, two, few (3-10), many (11-99), other (100-102)
    ("ar", {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 28: 4, 99: 4, 100: 5, 102: 5}),
    ("ja", {1: 0, 6: 0, 100: 0}),
    ("fr", {0: 0, 1: 0, 2: 1, 6: 1}),
])
def test_plurals_follow_the_catalogs_plural_forms(project, leaflet, locale, expected):
    leaflets(project, "i18n", "init", locale)
    set_entry(project, locale, "common", "ui/risk_about", FORMS[locale])
    set_plural_forms(project, locale, "common", PLURAL_FORMS[locale])
    translations = load_translations(project / "locales", locale, ["common"])
    loc = Localizer(leaflet, locale, translations)
    for n, form in expected.items():
        # the values carry bidi isolates (generator/scripts/bidi.py); the form is the point
        text = strip_isolates(loc.ui_plural("risk_about", n, count=str(n), total="100"))
        assert text == FORMS[locale][form].format(count=n, total=100), (n, text)


def test_about_six_in_a_hundred_in_russian_uses_the_many_form(project, leaflet):
    leaflets(project, "i18n", "init", "ru")
    set_entry(project, "ru", "common", "ui/risk_about", FORMS["ru"])
    loc = Localizer(leaflet, "ru", load_translations(project / "locales", "ru", ["common"]))
    assert strip_isolates(loc.ui_plural("risk_about", 6, count="6", total="100")) == \
        "6 человек из 100 (many)"


def test_the_shipped_arabic_catalog_says_28_people_in_the_many_form(leaflet):
    """CLDR: 11-99 take the 'many' form (شخصًا), 100 the 'other' form (شخص)."""
    translations = load_translations(REPO / "locales", "ar", ["common"])
    loc = Localizer(leaflet, "ar", translations)
    assert "28 شخصًا" in strip_isolates(loc.ui_plural("risk_about", 28, count="28", total="100"))
    assert "شخصًا" not in loc.ui_plural("risk_about", 100, count="100", total="100")
