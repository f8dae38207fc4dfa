"""Format data values for a locale with Babel/CLDR.

Percentages keep the locale's own pattern (French "5,8 %", Turkish "%5,8"); only the number
of fraction digits is ours. A hand-written pattern such as '#,##0.0%' would lose that.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton

from generator.content.model import DataValue


@lru_cache(maxsize=None)
def locale_for(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def _digits(value: DataValue) -> int:
    if value.decimals is not None:
        return value.decimals
    text = repr(value.value)
    return len(text.split(".")[1]) if "." in text else 0


def format_value(value: DataValue, locale: str) -> str:
    """The text a reader sees for a data value, in `locale`."""
    loc = locale_for(locale)
    if value.unit == "percent":
        return format_percent(value.value, locale, _digits(value))
    if value.unit == "number":
        return format_number(value.value, locale, _digits(value))
    if value.unit == "year":
        return _pattern(loc.decimal_formats[None], 0, grouping=False).apply(
            Decimal(value.value), loc, group_separator=False)
    if value.unit == "month_year":
        year, month = (int(part) for part in str(value.value).split("-"))
        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=loc)
    return format_number(value.value, locale, 0)


def format_percent(percent: float, locale: str, digits: int = 0) -> str:
    loc = locale_for(locale)
    number = Decimal(str(percent)) / 100
    return _pattern(loc.percent_formats[None], digits).apply(
        number, loc)


def format_number(number: float, locale: str, digits: int = 0) -> str:
    loc = locale_for(locale)
    return _pattern(loc.decimal_formats[None], digits).apply(
        Decimal(str(number)), loc)


def format_count(count: int, locale: str) -> str:
    return format_number(count, locale, 0)


def format_long_date(date: dt.date, locale: str) -> str:
    return format_date(date, "long", locale=locale_for(locale))


def _pattern(pattern, digits: int, grouping: bool = True):
    pattern = copy.copy(pattern)
    pattern.frac_prec = (digits, digits)
    if not grouping:
        pattern.grouping = (1000, 1000)
    return pattern


def native_name(locale: str) -> str:
    """The language's name in itself, for menus and lists ('Español', 'العربية')."""
    try:
        loc = locale_for(locale)
        language = locale.replace("-", "_").split("_")[0]
        if loc.language != language:
            # An alias (Babel reads 'tl' as 'fil_PH'): name the language the code names.
            name = loc.languages.get(language) or loc.get_display_name(loc) or locale
        else:
            name = loc.get_display_name(loc) or locale
    except (ValueError, LookupError):
        return locale
    return name[:1].upper() + name[1:]
