"""`init` and `update`: the only commands that write .po files, and they never lose work.

Merging is Babel's `Catalog.update` with difflib matching switched off
(`no_fuzzy_matching=True`): a guessed translation of a *different* sentence is worse than
none in a medical leaflet. On top of it, matching by msgctxt (the text's place in the
leaflet):

  same context, same msgid       kept as it is
  same context, changed msgid    old translation kept, marked fuzzy, old msgid kept as `#|`
                                 (the build does not print fuzzy strings until reviewed)
  new context                    untranslated (never guessed)
  context gone                   obsolete (`#~`), kept in the file; revived if it returns

Obsolete entries without a translation are dropped: there is nothing in them to lose.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.errors import LeafletError
from generator.i18n.pofiles import locale_catalogs, read_fresh, write_catalog
from generator.i18n.templates import Template, current_templates, write_templates
from generator.localize.catalogs import (
    COMMON_DOMAIN,
    SOURCE_LOCALE,
    PoCatalog,
    catalog_path,
)
from generator.localize.codes import canonical_case, cldr_locale
from generator.localize.numbers import native_name
from generator.localize.pseudo import is_pseudo
from generator.localize.review import STATUS_HEADER


@dataclass
class CatalogChange:
    locale: str
    domain: str
    path: Path
    created: bool = False
    written: bool = False
    new: int = 0            # untranslated strings added
    fuzzy: int = 0          # translations kept for a changed source, marked fuzzy
    obsolete: int = 0       # translations of removed strings, kept as #~
    revived: int = 0        # obsolete translations whose string came back

    def summary(self) -> str:
        verb = "created" if self.created else ("updated" if self.written else "unchanged")
        parts = [f"{n} {what}" for n, what in ((self.new, "new"), (self.fuzzy, "fuzzy"),
                                                (self.obsolete, "obsolete"),
                                                (self.revived, "revived")) if n]
        return f"{verb} {self.path}" + (f" ({', '.join(parts)})" if parts else "")


def normalize_locale(code: str) -> str:
    """'pt-BR' -> 'pt_BR' (the folder name), or a LeafletError for codes CLDR does not know."""
    if is_pseudo(code):
        raise LeafletError(f"{code} is a pseudo-locale: it is made in memory, not translated",
                           hint=f"build it with `leaflets build --locale {code}`")
    locale = cldr_locale(code)
    if locale is None:
        raise LeafletError(f"unknown locale '{code}'",
                           hint="use a CLDR locale code such as fr, pt_BR, ar or zh_Hant")
    name = canonical_case(code)
    if str(locale) == SOURCE_LOCALE or name == SOURCE_LOCALE:
        raise LeafletError("en is the source language: it has no catalog",
                           hint="edit the English text in leaflets/*.yaml")
    return name


def init_locale(project, code: str, now: dt.datetime | None = None) -> list[CatalogChange]:
    """Create every catalog of a new locale (untranslated, X-Review-Status: draft)."""
    locale = normalize_locale(code)
    existing = locale_catalogs(project.locales_dir, locale)
    if existing:
        raise LeafletError(f"{locale} already has catalogs", path=next(iter(existing.values())),
                           hint=f"use `leaflets i18n update --locale {locale}`; init never "
                                "overwrites translations")
    templates = current_templates(project)
    write_templates(templates)
    now = now or dt.datetime.now(dt.timezone.utc)
    changes = []
    for template in templates:
        path = catalog_path(project.locales_dir, locale, template.domain)
        catalog = new_catalog(template, locale, now)
        written = write_catalog(path, catalog)
        changes.append(CatalogChange(locale, template.domain, path, created=True,
                                     written=written, new=len(catalog)))
    return changes


def update_locales(project, locales: list[str], domains: list[str] | None = None,
                   now: dt.datetime | None = None) -> list[CatalogChange]:
    """Merge the current templates into every catalog of `locales` (see module docstring).
    A topic's catalog is created only where the topic ships (Project.offers: its leaflet
    lists the locale) or when the topic is asked for by name (`--topic`): otherwise a
    topic written in English only would be offered, untranslated, in every language."""
    templates = current_templates(project, domains)
    write_templates(templates)
    now = now or dt.datetime.now(dt.timezone.utc)
    changes = []
    for locale in locales:
        for template in templates:
            path = catalog_path(project.locales_dir, locale, template.domain)
            if not path.is_file() and not domains and template.domain != COMMON_DOMAIN \
                    and not project.offers(template.domain, locale):
                continue   # not offered: `--topic` starts it
            if path.is_file():
                catalog, change = merge(read_fresh(path), template, locale, path)
            else:
                catalog = new_catalog(template, locale, now)
                change = CatalogChange(locale, template.domain, path, created=True,
                                       new=len(catalog))
            change.written = write_catalog(path, catalog)
            changes.append(change)
    return changes


def new_catalog(template: Template, locale: str, now: dt.datetime) -> PoCatalog:
    """An untranslated catalog for `locale`, with Babel's Plural-Forms and a draft status."""
    source = template.catalog
    catalog = PoCatalog(
        locale=locale, domain=template.domain, project=source.project, version=source.version,
        creation_date=source.creation_date, revision_date=now, fuzzy=False, charset="utf-8",
        language_team=f"{native_name(locale)} <translators>",
        header_comment=(f"# {native_name(locale)} translation of {template.domain}.\n"
                        "# Review state: X-Review-Status in the header (docs/translating.md)."))
    catalog.extra_headers = [(STATUS_HEADER, "draft"), ("X-Reviewed-By", ""),
                             ("X-Review-Date", "")]
    for message in source:
        if message.id:
            catalog.add(message.id, "", locations=message.locations,
                        flags=message.flags - {"fuzzy"}, auto_comments=message.auto_comments,
                        context=message.context)
    return catalog


def merge(catalog: PoCatalog, template: Template, locale: str,
          path: Path) -> tuple[PoCatalog, CatalogChange]:
    """Update `catalog` (changed in place) from `template`; returns it and what changed."""
    change = CatalogChange(locale, template.domain, path)
    source = copy.deepcopy(template.catalog)  # Babel adopts template messages as they are
    previous = {_key(m): list(m.previous_id) for m in catalog
                if m.id and m.fuzzy and m.previous_id}
    active_before = {_key(m) for m in catalog if m.id}
    catalog.update(source, no_fuzzy_matching=True, update_header_comment=False,
                   keep_user_comments=True)
    for message in catalog:
        if not message.id or translated(message):
            continue
        old = catalog.obsolete.pop(_key(message), None)   # the same string came back
        if old is None or not translated(old):
            old_key, old = _obsolete_with_context(catalog, message.context)
            if old is None:
                change.new += _key(message) not in active_before
                continue
            del catalog.obsolete[old_key]
        # The English the translation was made for: a fuzzy entry's own previous msgid.
        made_for = _as_list(old.previous_id) if old.fuzzy and old.previous_id \
            else _as_list(old.id)
        message.string = _reshape(old.string, message.id, catalog.num_plurals)
        message.user_comments = list(old.user_comments) or message.user_comments
        if made_for != _as_list(message.id):
            message.flags.add("fuzzy")
            message.previous_id = made_for
            change.fuzzy += 1
        else:
            if old.fuzzy and not old.previous_id:
                message.flags.add("fuzzy")   # fuzzy for an unknown reason: keep it so
            change.revived += 1
    for message in catalog:
        if message.id and message.fuzzy and not message.previous_id:
            message.previous_id = previous.get(_key(message), [])
    for key in list(catalog.obsolete):
        entry = catalog.obsolete[key]
        if not translated(entry):
            del catalog.obsolete[key]
        elif key in active_before:
            change.obsolete += 1
    catalog.project, catalog.version = template.catalog.project, template.catalog.version
    return catalog, change


def translated(message) -> bool:
    """Has any translation text at all (fuzzy or not, any plural form)."""
    string = message.string
    if isinstance(string, (list, tuple)):
        return any(string)
    return bool(string)


def _as_list(msgid) -> list[str]:
    return [msgid] if isinstance(msgid, str) else list(msgid or [])


def _obsolete_with_context(catalog, context):
    """The most recently obsoleted translated entry with this msgctxt, if any."""
    found = (None, None)
    if context is None:
        return found
    for key, entry in catalog.obsolete.items():
        if entry.context == context and translated(entry):
            found = (key, entry)
    return found


def _key(message):
    """Babel's catalog key: msgid (singular for plurals), with the context if any."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (msgid, message.context) if message.context is not None else msgid


def _reshape(string, msgid, num_plurals: int):
    """Fit an old translation to the new entry's shape (singular or `num_plurals` forms)."""
    if isinstance(msgid, (list, tuple)):
        forms = [string] if isinstance(string, str) else list(string)
        return tuple((forms + [""] * num_plurals)[:num_plurals])
    if isinstance(string, (list, tuple)):
        return string[0] if string else ""
    return string


def set_draft(project, locale: str) -> list[Path]:
    """Set the (informational) review headers of every catalog of `locale` to draft; the
    review state itself comes from the review ledger."""
    written = []
    for path in locale_catalogs(project.locales_dir, locale).values():
        catalog = read_fresh(path)
        catalog.set_header(STATUS_HEADER, "draft")
        catalog.set_header("X-Reviewed-By", "")
        catalog.set_header("X-Review-Date", "")
        if write_catalog(path, catalog):
            written.append(path)
    return written
