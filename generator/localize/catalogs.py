"""Find and read gettext catalogs: `locales/<locale>/LC_MESSAGES/<domain>.po`.

The generator only ever reads `.po` files; `leaflets i18n update` is the only writer. Fuzzy
and untranslated entries are never used for printing.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from ..errors import LeafletError

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


@lru_cache(maxsize=256)
def _read_cached(path: Path, mtime_ns: int, size: int) -> Catalog:
    with path.open("rb") as handle:
        try:
            return read_po(handle, abort_invalid=True)
        except (PoFileError, ValueError, UnicodeDecodeError) as exc:
            raise LeafletError(f"catalog cannot be read: {exc}", path=path,
                               hint="open it in a PO editor and save it again") from None


def read_catalog(path: Path) -> Catalog | None:
    """The parsed catalog, or None when the file does not exist (parsed once per change)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
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
