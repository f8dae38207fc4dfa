"""Inline text rules shared by content validation, translation checks and rendering.

A text may contain only two things besides words: named placeholders (`{lung_distant_5yr}`)
and the inline tags `<b>` and `<i>`. Everything else is text. Translations are untrusted, so
rendering escapes every character and then re-admits exactly those tags: a catalog can never
smuggle a link, an image or a font change into a leaflet.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache
from html import escape

from .scripts.bidi import isolate

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


def translation_problems(source: str, translation: str) -> list[str]:
    """Why a translation may not be printed for `source` (empty list: it may).

    The build refuses a locale with any such translation: only plain-name placeholders,
    exactly those of the source; only balanced <b>/<i>, written exactly so; no control
    characters, bidi embeddings/overrides/isolates or lone surrogates that the source does
    not have; no number typed in digits (of any script) that the source does not have, so a
    translator can never print a mistyped statistic. (Zero-width characters and direction
    marks are for the translation checks to report: Persian and Indic spelling need them.)
    """
    return list(_translation_problems(source, translation))


@lru_cache(maxsize=65536)
def _translation_problems(source: str, translation: str) -> tuple[str, ...]:
    """Worked out once per (source, translation) per process: every job of a build, and
    every render of a job, asks for each of its texts again."""
    names, problems = placeholders(translation)
    problems += markup_problems(translation)
    for char in dict.fromkeys(_NEVER_PRINTED.findall(translation)):
        if char not in source:
            what = ("control character" if char < "\u2000" else "bidi control"
                    if char < "\ud800" else "surrogate")
            problems.append(f"invisible {what} U+{ord(char):04X} in the translation")
    for number in typed_numbers(source, translation):
        problems.append(f"number {number} typed in the translation (numbers come only from "
                        "placeholders)")
    wanted = set(placeholders(source)[0])
    for name in sorted(wanted - set(names)):
        problems.append(f"placeholder {{{name}}} of the source is missing")
    for name in sorted(set(names) - wanted):
        problems.append(f"placeholder {{{name}}} is not in the source")
    return tuple(problems)


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

    Digits of every script count (Arabic-Indic ٣, Persian ۳, Devanagari ३, fullwidth ３ ...:
    Unicode category Nd), and so do other number characters (½, ², ①: category No).
    """
    literal = _ANGLE_LIKE.sub(" ", _FIELD_RE.sub(" ", text))
    numbers, run = [], ""
    for char in literal + " ":
        category = unicodedata.category(char)
        if category == "Nd":
            run += str(unicodedata.digit(char))
            continue
        if run:
            numbers.append(run.lstrip("0") or "0")
            run = ""
        if category == "No":
            numbers.append(f"{unicodedata.numeric(char):g}")
    return numbers


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
