"""Forgiving locale codes: what a user types on a command line, turned into a shipped locale.

Accepted, in this order (the first that matches wins):

1. a shipped locale, in any case and in BCP 47 or POSIX form: `ES`, `zh-Hans`, `zh_hans`,
   `es_ES.UTF-8` (a POSIX encoding or @modifier is ignored);
2. a pseudo-locale (`en-XA`, `ar-XB`), same rules;
3. a more specific locale, walked up CLDR's parent chain to a shipped one, with a one-line
   note: `es-MX` -> `es_419` -> `es`, `pt-BR` -> `pt`, `zh-TW` -> `zh_Hant_TW` -> `zh_Hant`
   (a missing script is filled in from CLDR's likely subtags, so Taiwan gets Traditional);
4. a language name in English or in the language itself, accents and case ignored:
   `spanish`, `Español`, `espanol`, `chinese (traditional)`, `中文（简体）`.

Anything else is an error naming the closest shipped locale ("did you mean 'es'?").
"""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from generator.errors import LeafletError
from generator.localize.numbers import native_name
from generator.localize.pseudo import pseudo_locale


@dataclass(frozen=True)
class Resolved:
    code: str           # the shipped (or pseudo-) locale, as its folder is named
    note: str = ""      # one line for the user when the code was not taken as typed


def resolve_locale(text: str, known: list[str], *, listing: str = "leaflets list") -> Resolved:
    """The shipped locale `text` means (see the module docstring), or a LeafletError."""

    raw = str(text).strip(" ")   # pasted spaces; a control character is never a code
    if not raw.isprintable():
        raise LeafletError(f"unknown locale {raw!r}", hint=f"see `{listing}`")
    code = _posix_core(raw).replace("-", "_")
    by_lower = {k.lower(): k for k in known}
    if code.lower() in by_lower:
        return Resolved(by_lower[code.lower()])
    pseudo = pseudo_locale(code)
    if pseudo:
        return Resolved(pseudo)
    for parent in parent_chain(code):
        if parent.lower() in by_lower:
            found = by_lower[parent.lower()]
            return Resolved(found, f"note: {raw} is not shipped; using {found} "
                                   f"({_name(found)}), its nearest CLDR parent")
    named = _names(tuple(known)).get(_fold(raw))
    if named and len(named) == 1:
        found = named[0]
        if _fold(raw) in (found.lower(), found.lower().replace("_", "-")):
            return Resolved(found)
        return Resolved(found, f"note: {raw} means {found} ({_name(found)})")
    if named:
        raise LeafletError(f"{raw!r} could mean several locales: {', '.join(named)}",
                           hint="give one of them: " + ", ".join(
                               f"{c} ({_name(c)})" for c in named))
    raise LeafletError(f"unknown locale {raw!r}", hint=_suggestion(raw, known, listing))


def parent_chain(code: str) -> list[str]:
    """`code` and its CLDR parents, most specific first (never the root locale)."""

    parts = _canonical_parts(code)
    if not parts:
        return []
    likely = get_global("likely_subtags")
    exceptions = get_global("parent_exceptions")
    chain = ["_".join(parts)]
    if len(parts) > 1 and not _is_script(parts[1]):
        # no script given: CLDR's likely one (zh_TW -> zh_Hant_TW), so the chain keeps it
        full = likely.get("_".join(parts)) or likely.get(f"und_{parts[1]}")
        if full and full.split("_")[0] == parts[0]:
            chain.append(full)
    elif len(parts) == 1 and likely.get(parts[0]):
        chain.append(likely[parts[0]])
    out: list[str] = []
    for start in chain:
        current = start
        while current and current != "root":
            if current not in out:
                out.append(current)
            parent = exceptions.get(current)
            if parent is None:
                pieces = current.split("_")
                if len(pieces) == 2 and _is_script(pieces[1]):
                    # zh_Hant's parent is root, not zh: a script is never dropped unless it
                    # is the language's default one
                    default = likely.get(pieces[0], "")
                    parent = pieces[0] if f"_{pieces[1]}_" in f"{default}_" else None
                else:
                    parent = "_".join(pieces[:-1]) or None
            current = parent
    return out


def resolve_all(asked: list[str], known: list[str], *, listing: str = "leaflets list",
                notes: list[str] | None = None) -> list[str]:
    """Every code resolved (duplicates dropped, order kept); notes appended to `notes`."""
    codes = []
    for text in asked:
        resolved = resolve_locale(text, known, listing=listing)
        if resolved.note and notes is not None and resolved.note not in notes:
            notes.append(resolved.note)
        codes.append(resolved.code)
    return list(dict.fromkeys(codes))


# ------------------------------------------------------------------------- helpers

def _posix_core(text: str) -> str:
    """'es_ES.UTF-8@euro' -> 'es_ES'."""
    return re.split(r"[.@]", text, maxsplit=1)[0]


def _is_script(part: str) -> bool:
    return len(part) == 4 and part.isalpha()


def _canonical_parts(code: str) -> list[str]:
    """Case as CLDR writes it: language lower, Script title, REGION upper."""
    parts = [p for p in code.replace("-", "_").split("_") if p]
    if not parts or not re.fullmatch(r"[A-Za-z]{2,8}", parts[0]):
        return []
    out = [parts[0].lower()]
    for part in parts[1:]:
        if _is_script(part):
            out.append(part.title())
        elif re.fullmatch(r"[A-Za-z]{2}|\d{3}", part):
            out.append(part.upper())
        else:
            return []   # variants and extensions are not shipped
    return out


def _fold(text: str) -> str:
    """Lower case, accents removed, brackets and spaces normalized: names compare loosely."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.replace("（", "(").replace("）", ")")).strip()


def _name(code: str) -> str:
    return native_name(code)


@lru_cache(maxsize=8)
def _names(known: tuple[str, ...]) -> dict[str, list[str]]:
    """Folded name -> shipped locales it names: the English and native display names of
    each locale, and of its language when that is not ambiguous."""

    english = Locale("en")
    names: dict[str, list[str]] = {}

    def add(name, code):
        if name:
            names.setdefault(_fold(name), [])
            if code not in names[_fold(name)]:
                names[_fold(name)].append(code)

    for code in known:
        add(code.replace("_", "-"), code)
        language, _, rest = code.partition("_")
        try:
            loc = Locale.parse(code)
        except (ValueError, LookupError):
            continue
        add(english.languages.get(language), code)
        add(english.languages.get(loc.language), code)   # tl is read as fil: Filipino
        add(_name(code), code)
        add(loc.languages.get(language), code)
        if rest:  # zh_Hans: "Chinese (Simplified)", "中文（简体）"
            add(loc.get_display_name("en"), code)
            add(loc.get_display_name(loc), code)
        else:
            add(loc.english_name if loc.language == language else None, code)
    return names


def _suggestion(raw: str, known: list[str], listing: str) -> str:
    names = _names(tuple(known))
    choices = {**{k.lower(): k for k in known}, **{n: c[0] for n, c in names.items()
                                                    if len(c) == 1}}
    close = difflib.get_close_matches(_fold(raw), list(choices), n=1, cutoff=0.6)
    if close:
        code = choices[close[0]]
        return f"did you mean {code!r} ({_name(code)})? (see `{listing}`)"
    return f"known: {', '.join(known)} (see `{listing}`)"


_SHOWN: set[str] = set()


def show_notes(notes: list[str]) -> None:
    """Print each note on stderr once per run (a command may resolve the same codes twice)."""

    for note in notes:
        if note not in _SHOWN:
            _SHOWN.add(note)
            sys.stderr.write(note + "\n")


def cldr_locale(code: str) -> Locale | None:
    """The CLDR locale a code names ('pt-BR', 'zh_Hans'), or None when CLDR knows none."""
    try:
        return Locale.parse(str(code).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def canonical_case(code: str) -> str:
    """A code as typed, in CLDR case: 'pt-br' -> 'pt_BR', 'zh-hans' -> 'zh_Hans' (the code the
    user chose is kept: 'tl', not Babel's alias 'fil_PH')."""
    language, *rest = code.replace("-", "_").split("_")
    return "_".join([language.lower()] + [p.title() if len(p) == 4 else p.upper() for p in rest])


def bcp47(locale: str) -> str:
    """A catalog's locale as a language tag (PDF /Lang, HTML lang, XLIFF): zh_Hans -> zh-Hans."""
    return locale.replace("_", "-")
