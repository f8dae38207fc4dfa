"""Find and read gettext catalogs: `locales/<locale>/LC_MESSAGES/<domain>.po`.

The generator only ever reads `.po` files; `leaflets i18n update` is the only writer. Fuzzy
and untranslated entries are never used for printing.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, denormalize

from generator.errors import LeafletError
from generator.files import TooLarge, read_regular

SOURCE_LOCALE = "en"
COMMON_DOMAIN = "common"


def catalog_path(locales_dir: Path, locale: str, domain: str) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"


def template_path(locales_dir: Path, domain: str) -> Path:
    return locales_dir / "templates" / f"{domain}.pot"


def available_locales(locales_dir: Path) -> list[str]:
    """Locales that have a catalog folder, plus the source locale."""
    found = {p.parent.parent.name for p in locales_dir.glob("*/LC_MESSAGES/*.po")}
    found.discard("templates")
    return [SOURCE_LOCALE] + sorted(found - {SOURCE_LOCALE})


MAX_PLURALS = 6   # CLDR's largest number of plural forms (Arabic, Welsh)


class TooManyPlurals(ValueError):
    """A Plural-Forms header with nplurals outside 1..MAX_PLURALS."""

    def __init__(self, count: int):
        super().__init__(f"nplurals={count}")
        self.count = count


class PoCatalog(Catalog):
    """A Babel catalog that keeps the header fields Babel does not know (`X-...`).

    Babel's Catalog drops unknown header fields both when reading and when writing, which
    would lose `X-Review-Status` (the review state) on the first read or update.
    """

    refused_plurals: int | None = None

    def __init__(self, *args, **kwargs):
        self.extra_headers: list[tuple[str, str]] = []
        super().__init__(*args, **kwargs)

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        # Babel's `Generated-By: Babel <version>` is left out: it would rewrite every
        # catalog whenever the installed Babel changes, with nothing changed in it.
        return [(name, value) for name, value in super()._get_mime_headers()
                if name.lower() != "generated-by"] + list(self.extra_headers)

    def _set_mime_headers(self, headers) -> None:
        headers = list(headers)
        self.extra_headers = [(str(name), str(value).strip()) for name, value in headers
                              if str(name).lower().startswith("x-")]
        super()._set_mime_headers(headers)
        # Babel builds a list of nplurals strings for every plural entry it reads: refuse
        # an absurd count here, as soon as the header is read, before any entry is built.
        if self._num_plurals is not None and not 1 <= self._num_plurals <= MAX_PLURALS:
            self.refused_plurals = self._num_plurals
            raise TooManyPlurals(self._num_plurals)

    mime_headers = property(_get_mime_headers, _set_mime_headers)

    def __iter__(self):
        entries = super().__iter__()
        header = next(entries)
        if header.string and not header.string.endswith("\n"):
            header.string += "\n"  # the header ends with a newline, as gettext's tools write it
        yield header
        yield from entries

    def set_header(self, name: str, value: str) -> None:
        """Set an `X-` header in place, or add it at the end."""
        names = [n.lower() for n, _ in self.extra_headers]
        if name.lower() in names:
            self.extra_headers[names.index(name.lower())] = (name, value)
        else:
            self.extra_headers.append((name, value))


MAX_CATALOG_BYTES = 5_000_000


def parse_po(handle, path: Path | None = None) -> PoCatalog:
    """Read a .po/.pot file into a PoCatalog (strict: a malformed line is an error)."""
    catalog = PoCatalog(charset="utf-8")
    data = handle.read(MAX_CATALOG_BYTES + 1)
    if len(data) > MAX_CATALOG_BYTES:
        raise LeafletError(f"catalog is larger than {MAX_CATALOG_BYTES // 1_000_000} MB",
                           path=path, hint="a catalog of one leaflet is far smaller: "
                                           "replace it with a clean copy")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark from some editors is harmless
    try:
        PoFileParser(catalog, ignore_obsolete=False, abort_invalid=True).parse(
            io.BytesIO(data))
    except LookupError as exc:
        raise LeafletError(f"catalog cannot be read: unknown charset ({exc})", path=path,
                           hint="set the header to Content-Type: text/plain; charset=UTF-8 "
                                "and save the file as UTF-8") from None
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        refused = getattr(catalog, "refused_plurals", None)   # Babel wraps our exception
        if refused is not None:
            raise LeafletError(f"the catalog's Plural-Forms header says nplurals={refused}: "
                               f"a language has 1 to {MAX_PLURALS} plural forms", path=path,
                               hint="use the standard header for the language, as "
                                    "`leaflets i18n init` writes it") from None
        hint = ("give as many msgstr[N] lines as the Plural-Forms header's nplurals"
                if "num_plurals" in str(exc) else "open it in a PO editor and save it again")
        raise LeafletError(f"catalog cannot be read: {exc}", path=path,
                           line=getattr(exc, "lineno", None), hint=hint) from None
    for message in catalog:
        _previous_from_comments(message)
    check_plural_forms(catalog, path)
    return catalog


def check_plural_forms(catalog: Catalog, path: Path | None) -> None:
    """A Plural-Forms header is code from a translator: it must be a valid C expression
    that picks an existing form for every count, or the catalog is refused."""
    expr = catalog.plural_expr
    if not expr:
        return
    try:
        rule = _plural_rule(expr)
        bad = next((n for n in range(0, 1001) if not 0 <= int(rule(n)) < catalog.num_plurals),
                   None)
    except (ValueError, SyntaxError, ArithmeticError, TypeError, RecursionError) as exc:
        bad, reason = -1, f"it is not a valid plural expression ({exc})"
    else:
        reason = f"it picks a form that does not exist for n={bad}"
    if bad is not None:
        raise LeafletError(f"the catalog's Plural-Forms header is invalid: {reason}",
                           path=path, hint="use the standard header for the language, as "
                                           "`leaflets i18n init` writes it")


# Counts that tell every CLDR plural category apart: 0-1000 covers the rules that look at the
# last two or three digits, the millions reach the 'many' form of es, fr, it and pt.
PLURAL_SAMPLES = (*range(0, 1001), 1_000_000, 1_000_001, 2_000_000)
# A few of them that reach every form of the rules in use (ar has six forms; es, fr, it and
# pt a 'many' form for exact millions): enough to ask whether each form is translated.
PLURAL_FORM_SAMPLES = (0, 1, 2, 3, 5, 11, 21, 100, 101, 102, 1_000_000)


def first_plural_disagreement(expr: str, other_expr: str) -> tuple[int, int, int] | None:
    """(n, form of `expr`, form of `other_expr`) for the first count the two plural rules
    send to different forms, or None when they agree on every sample count."""
    rule, other = _plural_rule(expr), _plural_rule(other_expr)
    for n in PLURAL_SAMPLES:
        mine, theirs = int(rule(n)), int(other(n))
        if mine != theirs:
            return n, mine, theirs
    return None


def _previous_from_comments(message) -> None:
    """Babel reads `#| msgid "..."` (the previous source of a fuzzy entry) as a user
    comment "| msgid ..."; turn it back into `previous_id` so it survives a rewrite."""
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    parts: dict[str, list[str]] = {}
    current = None
    for line in lines:
        keyword = line.split(" ", 1)[0]
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            current, line = keyword, line[len(keyword):].strip()
            parts[current] = []
        if current and line.startswith('"'):
            parts[current].append(line)
    message.previous_id = [denormalize("\n".join(parts[key]))
                           for key in ("msgid", "msgid_plural") if parts.get(key)]


@lru_cache(maxsize=256)
def _read_cached(path: Path, mtime_ns: int, size: int) -> Catalog:
    return parse_po(io.BytesIO(read_po_bytes(path)), path)


def read_po_bytes(path: Path) -> bytes:
    """The bytes of a catalog or template: a regular file of at most MAX_CATALOG_BYTES."""
    try:
        return read_regular(path, MAX_CATALOG_BYTES, what="catalog",
                            hint="replace it with the .po file")
    except TooLarge:
        raise LeafletError(f"catalog is larger than {MAX_CATALOG_BYTES // 1_000_000} MB",
                           path=path, hint="a catalog of one leaflet is far smaller: "
                                           "replace it with a clean copy") from None


def read_catalog(path: Path) -> Catalog | None:
    """The parsed catalog, or None when the file does not exist (parsed once per change)."""
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise LeafletError(f"catalog cannot be read: {exc.strerror}", path=path) from None
    return _read_cached(path, stat.st_mtime_ns, stat.st_size)


@dataclass
class Translations:
    """Usable translations of one locale: translated, not fuzzy, keyed by (context, msgid)."""

    locale: str
    catalogs: dict[str, Catalog] = field(default_factory=dict)

    def get(self, domain: str, context: str, msgid: str) -> str | None:
        catalog = self.catalogs.get(domain)
        if catalog is None:
            return None
        message = catalog.get(msgid, context=context)
        if message is None or message.fuzzy or not message.string:
            return None
        if isinstance(message.string, (tuple, list)):
            return None
        return message.string

    def get_plural(self, domain: str, context: str, msgid: tuple[str, str], n: int) -> str | None:
        catalog = self.catalogs.get(domain)
        message = catalog.get(msgid[0], context=context) if catalog else None
        if message is None or message.fuzzy or not isinstance(message.string, (tuple, list)):
            return None
        index = _plural_index(catalog.plural_expr, n)
        forms = list(message.string)
        if index >= len(forms) or not forms[index]:
            return None
        return forms[index]

    def slot_limit(self, max_chars: int | None) -> int | None:
        """The layout limit a translation of this locale must keep (localize.pseudo lifts
        it: a pseudo-locale's text is made longer on purpose, to show where layouts
        overflow)."""
        return max_chars

    def header(self, domain: str, name: str) -> str | None:
        catalog = self.catalogs.get(domain)
        if catalog is None:
            return None
        for key, value in catalog.mime_headers:
            if key.lower() == name.lower():
                return value
        return None


@lru_cache(maxsize=64)
def _plural_rule(expr: str):
    return gettext.c2py(expr)


def _plural_index(expr: str, n: int) -> int:
    """Which plural form the catalog's own Plural-Forms header picks for n."""
    return int(_plural_rule(expr)(n)) if expr else (0 if n == 1 else 1)


def load_translations(locales_dir: Path, locale: str, domains: list[str]) -> Translations:
    catalogs = {}
    for domain in domains:
        catalog = read_catalog(catalog_path(locales_dir, locale, domain))
        if catalog is not None:
            catalogs[domain] = catalog
    return Translations(locale, catalogs)
