"""Inline text rules shared by content validation, translation checks and rendering.

A text may contain only two things besides words: named placeholders (`{lung_distant_5yr}`)
and the inline tags `<b>` and `<i>`. Everything else is text. Translations are untrusted, so
rendering escapes every character and then re-admits exactly those tags: a catalog can never
smuggle a link, an image or a font change into a leaflet.

Values that are not running text keep their own direction: Unicode bidi isolates.

A phone number, a street address, a URL or a Latin drug name dropped into Arabic or Persian
text is reordered by the Unicode bidi algorithm together with its neighbours: "+1 (555)
867-5309" prints as "5309-867 (555) 1+", "400 Main Street" as "Main Street 400". Wrapped in
an isolate, a value is laid out on its own and then placed as one neutral block, so it reads
the same in any language (UAX #9, rules X5a-X5c):

* LRI ... PDI (left to right) for phone numbers, URLs and e-mail addresses, which are
  always read left to right (the spaces of a phone number become no-break spaces: it is
  never broken across lines);
* FSI ... PDI (first strong) for everything else: a clinic name or an address takes the
  direction of its first letter; a number (no letters) is laid out left to right, so a
  percentage reads "5.8%" in tables, running text and quiz keys alike (docs/fonts.md).

Direction marks (LRM, RLM, ALM) and embedding/override/isolate controls inside a value are
dropped first, so nothing a clinic file or a translation carries can reorder a value's
digits. `isolate` is called where values enter paragraph markup (`to_paragraph_markup` and
`escape_text`); `generator.scripts.bidi.for_display` drops the isolates again where they
cannot matter.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from functools import lru_cache
from html import escape

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
# direction marks, embeddings, overrides and isolates
CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS_RE = re.compile(f"[{CONTROLS}]")
_LTR_VALUE = re.compile(
    r"(?:[+(]?[0-9][0-9 ()./\-]*"                   # phone-like: digits and dial punctuation
    r"|[a-z][a-z0-9+.\-]*://\S+|www\.\S+"         # URLs
    r"|[^\s@]+@[^\s@]+\.[^\s@]+)",               # e-mail addresses
    re.IGNORECASE)


def isolate(value: str) -> str:
    """``value`` wrapped in a bidi isolate, its own direction marks and controls removed."""
    text = _CONTROLS_RE.sub("", str(value))
    if not text:
        return text
    ltr = _LTR_VALUE.fullmatch(text.strip())
    if ltr and text.strip()[:1] in "+(0123456789":
        text = text.replace(" ", "\u00a0")     # a phone number is never broken across lines
    return (LRI if ltr else FSI) + text + PDI


ALLOWED_TAGS = ("b", "i")
PLACEHOLDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)?([^<>]*)>")
_ANGLE_LIKE = re.compile(r"<[^<>]*>")
# Never printed from a translation: control characters (but tab and newline), bidi
# embeddings, overrides and isolates, which can reorder what a reader sees (digits too),
# and halves of surrogate pairs, which cannot be written to a PDF.
_NEVER_PRINTED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def placeholders(text: str) -> tuple[list[str], list[str]]:
    """Return (names, problems) for the brace fields in `text`, in order of appearance.

    Only bare names are fields; `{0}`, `{rate.x}`, `{rate!r}` and `{rate:>5}` are problems,
    never evaluated.
    """
    names: list[str] = []
    problems: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        return names, [f"broken braces ({exc}); write {{{{ and }}}} for literal braces"]
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        raw = "{" + field + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
        if conversion or spec:
            problems.append(f"placeholder {raw} may not have a conversion or format")
        elif not PLACEHOLDER_NAME.match(field):
            problems.append(f"placeholder {raw} is not a plain name")
        else:
            names.append(field)
    return names, problems


def markup_problems(text: str) -> list[str]:
    """Tags other than <b> and <i>, attributes, and unbalanced or crossed tags."""
    problems: list[str] = []
    open_tags: list[str] = []
    for match in _ANGLE_LIKE.finditer(text):
        tag = _TAG.fullmatch(match.group(0))
        name = (tag.group(2) or "").lower() if tag else ""
        if not tag or name not in ALLOWED_TAGS or tag.group(3).strip():
            problems.append(f"markup {match.group(0)} is not allowed (only <b> and <i>)")
            continue
        exact = f"<{'/' if tag.group(1) else ''}{name}>"
        if match.group(0) != exact:
            # <B>, < b>, <b > would be printed as text: the renderer admits only the exact tag
            problems.append(f"markup {match.group(0)} must be written exactly {exact}")
            continue
        if tag.group(1):
            if not open_tags or open_tags[-1] != name:
                problems.append(f"closing </{name}> does not match an open <{name}>")
            else:
                open_tags.pop()
        else:
            open_tags.append(name)
    problems.extend(f"<{name}> is never closed" for name in open_tags)
    return problems


# No translation is longer than this (characters, tags and placeholders not counted): the
# longest English text has about 350 and the longest shipped translation about 700; it
# bounds the time and memory of every check and of the layout.
MAX_TEXT_CHARS = 1500


def text_length(text: str) -> int:
    """Characters a text prints, not counting tags and placeholders (as the extracted
    comments count a layout limit)."""
    return len(plain_text(text))


# A translation may run this much over its slot's layout limit before it is refused (it is
# reported as a warning from the limit on): the limits leave room, and a few more characters
# wrap to one more line; far more would not fit the table cell or title block.
SLOT_MARGIN = 1.5


def slot_limits(max_chars: int | None, source: str = "") -> tuple[int, int] | None:
    """(limit, refused above) for a slot: the limit is the one the extracted comment
    states, or the English text's length when that is longer (the English is printed in
    the same slot); more than SLOT_MARGIN times the limit is refused."""
    if not max_chars:
        return None
    limit = max(max_chars, text_length(source)) if source else max_chars
    return limit, math.ceil(limit * SLOT_MARGIN)


def far_too_long(text: str) -> bool:
    """More than twice what any text may hold: checks stop at the length (they would only
    spend their time on megabytes of a hostile catalog)."""
    return text_length(text) > 2 * MAX_TEXT_CHARS


def length_problem(text: str, max_chars: int | None, source: str = "",
                   *, warnings: bool = False) -> str | None:
    """Why `text` is too long for its slot (see `slot_limits`) or for any slot
    (MAX_TEXT_CHARS); None when it fits. With `warnings`, also when it is over the slot's
    limit but not refused."""
    length = text_length(text)
    limits = slot_limits(max_chars, source)
    if limits and length > limits[1 if not warnings else 0]:
        return f"{length} characters, the layout allows {limits[0]} (more than {limits[1]} " \
               "is refused)"
    if length > MAX_TEXT_CHARS:
        return f"{length} characters, no text may have more than {MAX_TEXT_CHARS}"
    return None


def translation_problems(source: str, translation: str,
                         max_chars: int | None = None) -> list[str]:
    """Why a translation may not be printed for `source` (empty list: it may).

    The build refuses a locale with any such translation: only plain-name placeholders,
    exactly those of the source; only balanced <b>/<i>, written exactly so; no control
    characters, bidi embeddings/overrides/isolates or lone surrogates that the source does
    not have; no number typed in digits (of any script) that the source does not have, so a
    translator can never print a mistyped statistic. (Zero-width characters and direction
    marks are for the translation checks to report: Persian and Indic spelling need them.)
    No web or e-mail address or phone number the source does not have, and no more
    characters than the slot's layout limit (`max_chars`) or MAX_TEXT_CHARS: a longer
    text would not fit its table cell or title block.
    """
    return list(_translation_problems(source, translation, max_chars))


@lru_cache(maxsize=65536)
def _translation_problems(source: str, translation: str,
                          max_chars: int | None) -> tuple[str, ...]:
    """Worked out once per (source, translation) per process: every job of a build, and
    every render of a job, asks for each of its texts again."""
    too_long = length_problem(translation, max_chars, source)
    if too_long and far_too_long(translation):
        return (f"too long: {too_long}",)   # nothing else is worth the time
    names, problems = placeholders(translation)
    problems += markup_problems(translation)
    for char in dict.fromkeys(_NEVER_PRINTED.findall(translation)):
        if char not in source:
            what = ("control character" if char < "\u2000" else "bidi control"
                    if char < "\ud800" else "surrogate")
            problems.append(f"invisible {what} U+{ord(char):04X} in the translation")
    for contact in added_contacts(source, translation):
        problems.append(f"{contact_kind(contact)} {contact!r} is not in the source "
                        "(a translation may not add links, e-mail addresses or phone numbers)")
    for number in typed_numbers(source, translation):
        problems.append(f"number {number} typed in the translation (numbers come only from "
                        "placeholders)")
    wanted = set(placeholders(source)[0])
    for name in sorted(wanted - set(names)):
        problems.append(f"placeholder {{{name}}} of the source is missing")
    for name in sorted(set(names) - wanted):
        problems.append(f"placeholder {{{name}}} is not in the source")
    if too_long:    # last: a broken placeholder or a link is the thing to report first
        problems.append(f"too long: {too_long}")
    return tuple(problems)


def contact_kind(contact: str) -> str:
    if _EMAIL.fullmatch(contact) or contact.lower().startswith("mailto:"):
        return "e-mail address"
    if _PHONE.fullmatch(_confusables_as_digits(contact)):
        return "phone number"
    return "web address"


def typed_numbers(source: str, translation: str) -> list[str]:
    """Numbers in the translation beyond those of the source (each counted as often as it
    appears), as ASCII digit strings."""
    wanted = numbers_in(source)
    extra = []
    for number in numbers_in(translation):
        if number in wanted:
            wanted.remove(number)
        else:
            extra.append(number)
    return extra


def numbers_in(text: str) -> list[str]:
    """Numbers written in `text`, outside placeholders and tags, as ASCII digit strings.

    Every Unicode number form counts: digits of every script (Arabic-Indic ٣, Persian ۳,
    Devanagari ३, fullwidth ３ ...: category Nd), other number characters (½, ², ①, ௰:
    No), letter numbers (Roman Ⅼ, ⅻ: Nl), CJK numerals (五十八 is 58, 二〇二六 is 2026;
    single numerals such as 一 "one" or 十分 "very" are parts of words and are not
    counted) and letters that look like digits
    next to digits or a percent sign ("lO %" is 10 %, "5O" is 50).
    """
    literal = _confusables_as_digits(_ANGLE_LIKE.sub(" ", _FIELD_RE.sub(" ", text)))
    numbers, run, han = [], "", ""
    for char in literal + " ":
        category = unicodedata.category(char)
        if category == "Nd":
            run += str(unicodedata.digit(char))
            continue
        if run:
            numbers.append(run.lstrip("0") or "0")
            run = ""
        if char in _HAN_NUMERALS:
            han += char
            continue
        if han:
            numbers.extend(_han_number(han))
            han = ""
        if category in ("No", "Nl"):
            value = _numeric(char)
            if value is not None:
                numbers.append(f"{value:g}")
    return numbers


def _numeric(char: str) -> float | None:
    try:
        return unicodedata.numeric(char)
    except (TypeError, ValueError):
        return None


# CJK numerals: digits, and the units 十 百 千 万 億 that multiply the digits before them.
_HAN_DIGITS = {"〇": 0, "零": 0, **dict(zip("一二三四五六七八九", range(1, 10))), "两": 2, "兩": 2,
               **dict(zip("壹贰貳叁參肆伍陆陸柒捌玖", (1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9)))}
_HAN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_HAN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_HAN_NUMERALS = set(_HAN_DIGITS) | set(_HAN_UNITS) | set(_HAN_BIG)


def _han_number(run: str) -> list[str]:
    """The number a run of CJK numerals writes ("五十八" -> ["58"]). A single numeral, or
    units alone, are words as often as numbers (一些 "some", 十分 "very", 两种 "two kinds",
    千万 "by all means") and are not counted: a run counts when it has two or more
    numerals, at least one of them a digit."""
    if len(run) < 2 or not any(char in _HAN_DIGITS for char in run):
        return []
    if all(char in _HAN_DIGITS for char in run) and len(run) > 1:
        return ["".join(str(_HAN_DIGITS[char]) for char in run).lstrip("0") or "0"]
    total, section, digit = 0, 0, None
    for char in run:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char]
        elif char in _HAN_UNITS:
            section += (1 if digit is None else digit) * _HAN_UNITS[char]
            digit = None
        else:
            total = (total + section + (digit or 0)) * _HAN_BIG[char] or _HAN_BIG[char]
            section, digit = 0, None
    return [str(total + section + (digit or 0))]


# Letters that print like digits (a "maintained table" would be Unicode's confusables.txt;
# these are the ones that pass for 0 and 1 in every Latin, Greek and Cyrillic font).
_LOOKS_LIKE = {**dict.fromkeys("lI|ǀｌＩ", "1"), **dict.fromkeys("OoОоΟοＯｏ", "0")}
_DIGIT_LIKE = re.compile(
    "(?<![^\\W\\d_])([0-9%s]+(?:[.,][0-9%s]+)*)(?![^\\W\\d_])(\\s*[%%٪％‰])?"
    % ((re.escape("".join(_LOOKS_LIKE)),) * 2))


def _confusables_as_digits(text: str) -> str:
    """`text` with digit look-alikes written as the digits they pass for, where they stand
    with digits ("1O", "5O") or before a percent sign ("lO %")."""
    def swap(match: re.Match) -> str:
        token = match.group(1)
        has_digit = any(char.isdigit() for char in token)
        if not any(char in _LOOKS_LIKE for char in token) or \
                not (has_digit or match.group(2)):
            return match.group(0)
        return "".join(_LOOKS_LIKE.get(char, char) for char in token) + (match.group(2) or "")
    return _DIGIT_LIKE.sub(swap, text)


# Web addresses, e-mail addresses and phone numbers: a translation may not add any.
_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.|(?:mailto|javascript|data|file|tel|"
                  r"sms|callto):(?=\S))\S*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(r"(?<![\w@.-])(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+([^\W\d_]{2,24})"
                     r"(?![\w-])(?:/\S*)?")
_PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d\s().\-/]{5,}\d(?!\w)")


def contacts_in(text: str) -> list[str]:
    """Web addresses, e-mail addresses and phone numbers written in `text` (outside
    placeholders and tags), as written."""
    literal = _ANGLE_LIKE.sub(" ", _FIELD_RE.sub(" ", text))
    found = [m.group(0).rstrip(".,;:!?)]}»”’\"'") for m in _URL.finditer(literal)]
    found += [m.group(0) for m in _EMAIL.finditer(literal)]
    rest = _EMAIL.sub(" ", _URL.sub(" ", literal))
    found += [m.group(0) for m in _DOMAIN.finditer(rest) if m.group(1).islower()]
    # look-alikes become digits letter for letter (same length): report what is written
    found += [rest[m.start():m.end()] for m in _PHONE.finditer(_confusables_as_digits(rest))
              if sum(char.isdigit() for char in m.group(0)) >= 7]
    return found


def added_contacts(source: str, translation: str) -> list[str]:
    """Web or e-mail addresses and phone numbers in the translation that the source does
    not have."""
    wanted = {item.lower() for item in contacts_in(source)}
    return [item for item in dict.fromkeys(contacts_in(translation))
            if item.lower() not in wanted]


_FIELD_RE = re.compile(r"\{[^{}]*\}")


def tag_sequence(text: str) -> list[str]:
    """The allowed tags in order, for comparing a translation with its source."""
    return [m.group(0).replace(" ", "").lower() for m in _ANGLE_LIKE.finditer(text)
            if _TAG.fullmatch(m.group(0))]


def to_paragraph_markup(text: str, values: dict[str, str]) -> str:
    """Escape `text`, keep <b>/<i>, and substitute placeholders by name.

    This is where values enter a paragraph: each one is wrapped in a bidi isolate
    (`generator.scripts.bidi.isolate`), so a phone number, an address or a percentage keeps
    its own order inside right-to-left text, whatever direction marks surround it.

    The caller has validated the text; anything unexpected is still printed as plain text,
    so this never produces markup that ReportLab would act on (nor unbalanced tags that
    would make it fail): broken braces or tags turn the whole text into plain text.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return escape(text, quote=False)
    keep = _escape_keeping_tags if not markup_problems(text) else \
        (lambda literal: escape(literal, quote=False))
    out: list[str] = []
    for literal, field, _spec, _conv in parsed:
        out.append(keep(literal))
        if field is not None:
            value = values.get(field)
            out.append(escape(isolate(value) if value is not None else "{" + field + "}",
                              quote=False))
    return "".join(out)


def escape_text(text: str) -> str:
    """A plain value (a clinic's name, an address line, a citation) made safe for a
    paragraph: every <, > and & prints as itself, and the value keeps its own direction
    inside right-to-left text (a bidi isolate, see `generator.scripts.bidi`)."""
    return escape(isolate(text), quote=False)


def _escape_keeping_tags(text: str) -> str:
    escaped = escape(text, quote=False)
    for name in ALLOWED_TAGS:
        escaped = escaped.replace(f"&lt;{name}&gt;", f"<{name}>")
        escaped = escaped.replace(f"&lt;/{name}&gt;", f"</{name}>")
    return escaped


def plain_text(text: str, values: dict[str, str] | None = None) -> str:
    """Text without tags, placeholders filled: for reading-level and glyph checks."""
    values = values or {}
    try:
        parts = [lit + (values.get(f, "") if f is not None else "")
                 for lit, f, _s, _c in string.Formatter().parse(text)]
        text = "".join(parts)
    except ValueError:
        pass
    return without_tags(text)


def without_tags(text: str) -> str:
    """`text` with every tag-like <...> removed; placeholders stay."""
    return _ANGLE_LIKE.sub("", text)
