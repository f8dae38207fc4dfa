"""Pseudo-locales: fake translations made in memory, to test layout before real ones exist.

`en-XA` (accented) makes every string about 40 % longer, accents every letter and wraps it in
[brackets]: text that overflows a box, is cut off, is built by concatenation or is not
translatable at all (no brackets, no accents) shows up at a glance.

`ar-XB` (right-to-left) writes every ASCII letter as an Arabic letter, so the text really is
Arabic script: shaping, Arabic fonts, right-to-left paragraphs, mirrored tables and the
footer all take their RTL paths. We do not use bidi override characters (U+202E): they are
what the translation checks forbid, and they would only fake the direction.

Placeholders (`{name}`), escaped braces and the <b>/<i> tags are kept exactly, so a pseudo
build exercises number formatting (en-XA formats like en, ar-XB like ar) and markup too.
Nothing is written to disk unless `leaflets i18n pseudo --out DIR` asks for it.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass

from generator.localize.catalogs import PoCatalog, Translations

# Pseudo-locale -> the real locale used for numbers, dates, plurals and text direction.
PSEUDO_LOCALES = {"en_XA": "en", "ar_XB": "ar"}
EXPANSION = 0.4          # en-XA grows by this share of the visible text

_TAG = re.compile(r"(<[^<>]*>)")
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅßÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
_ARABIC = str.maketrans({
    **dict(zip("abcdefghijklmnopqrstuvwxyz", "ابكديفجهيجكلمنوبقرستوفوخيز")),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ابكديفجهيجكلمنوبقرستوفوخيز")),
    "?": "؟", ",": "،", ";": "؛",
})
_FILLER = "öñé ţŵö ţĥŕéé ƒöûŕ ƒîṽé šîẋ šéṽéñ éîĝĥţ ñîñé ţéñ".split()


def pseudo_locale(code: str) -> str | None:
    """The canonical pseudo-locale for `code` ('en-XA', 'en_xa' -> 'en_XA'), or None."""
    wanted = code.replace("-", "_").lower()
    return next((name for name in PSEUDO_LOCALES if name.lower() == wanted), None)


def is_pseudo(code: str) -> bool:
    return pseudo_locale(code) is not None


def formatting_locale(code: str) -> str:
    """The locale whose CLDR data formats numbers, dates and plurals for `code`."""
    canonical = pseudo_locale(code)
    return PSEUDO_LOCALES[canonical] if canonical else code


def pseudo_text(text: str, locale: str) -> str:
    """`text` in the pseudo-locale, with placeholders and tags untouched."""
    canonical = pseudo_locale(locale)
    if canonical is None:
        raise ValueError(f"not a pseudo-locale: {locale}")
    table = _ARABIC if canonical == "ar_XB" else _ACCENTED
    out: list[str] = []
    visible = 0
    for literal, field, spec, conversion in string.Formatter().parse(text):
        for part in _TAG.split(literal):
            if _TAG.fullmatch(part):
                out.append(part)
            else:
                visible += len(part)
                out.append(part.translate(table).replace("{", "{{").replace("}", "}}"))
        if field is not None:
            visible += len(field) + 2
            out.append("{" + field + ("!" + conversion if conversion else "")
                       + (":" + spec if spec else "") + "}")
    body = "".join(out)
    if canonical == "ar_XB":
        return body
    return f"[{body}{_filler(math.ceil(visible * EXPANSION))}]"


def _filler(length: int) -> str:
    """About `length` characters of accented words (breakable, unlike one long run)."""
    words: list[str] = []
    used = 0
    while used < length:
        word = _FILLER[len(words) % len(_FILLER)]
        words.append(word)
        used += len(word) + 1
    return (" " + " ".join(words)) if words else ""


@dataclass
class PseudoTranslations(Translations):
    """Translations for a pseudo-locale: every string, computed on demand, never reviewed.

    It has no catalogs, so the review state is always draft and the draft band is printed.
    """

    def get(self, domain: str, context: str, msgid: str) -> str | None:
        return pseudo_text(msgid, self.locale)

    def get_plural(self, domain: str, context: str, msgid: tuple[str, str], n: int) -> str | None:
        return pseudo_text(msgid[0] if n == 1 else msgid[1], self.locale)

    def header(self, domain: str, name: str) -> str | None:
        return "draft" if name.lower() == "x-review-status" else None

    def slot_limit(self, max_chars: int | None) -> int | None:
        return None   # longer on purpose: the pseudo-locale shows where layouts overflow


def pseudo_translations(locale: str) -> PseudoTranslations:
    return PseudoTranslations(pseudo_locale(locale) or locale)


def pseudo_catalog(template, domain: str, locale: str):
    """A fully 'translated' catalog for inspection in a PO editor (`pseudo --out DIR`)."""
    canonical = pseudo_locale(locale)
    base = PSEUDO_LOCALES[canonical]
    catalog = PoCatalog(locale=base, domain=domain, project=template.project,
                        version=template.version, creation_date=template.creation_date,
                        fuzzy=False, charset="utf-8",
                        header_comment=f"# Pseudo-locale {canonical}: made by "
                                       "`leaflets i18n pseudo`, not a translation.")
    catalog.extra_headers = [("X-Review-Status", "draft"), ("X-Pseudo-Locale", canonical)]
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = [pseudo_text(message.id[0], canonical)] + \
                [pseudo_text(message.id[1], canonical)] * (catalog.num_plurals - 1)
            string = tuple(forms)
        else:
            string = pseudo_text(message.id, canonical)
        catalog.add(message.id, string, locations=message.locations, flags=message.flags,
                    auto_comments=message.auto_comments, context=message.context)
    return catalog
