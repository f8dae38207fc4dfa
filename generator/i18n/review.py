"""Review round trip: `leaflets i18n export-review` and `leaflets i18n import-review`.

Export writes one XLIFF 1.2 file per locale (translate-toolkit's PoXliffFile, the format its
po2xliff writes and CAT tools read): one <file> per domain, one unit per string with the
msgctxt as its id, the English source, the current translation, and per-unit state:
approved="yes" state="final" for strings the ledger shows as reviewed, needs-review-translation
for strings changed since their review, translated for unreviewed ones, needs-translation for
fuzzy ones and no target for untranslated ones. Notes carry the translator comments, the
layout limit and why a string needs review again.

Import reads such a file back with translate-toolkit and records, in the review ledger, each
unit the reviewer approved (approved="yes", or state final/signed-off), after checking it:
its English must still be the current source, every translation check must pass, and its
translation must be the one in the catalog (the ledger vouches for what is printed). Every
unit that is not recorded is reported with the reason.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from translate.misc.multistring import multistring
from translate.storage import poxliff

from generator.errors import LeafletError
from generator.files import TooLarge, read_regular
from generator.i18n.checks import layout_limits, message_problems
from generator.i18n.extract import build_template, check_domains
from generator.i18n.glossary import glossary_path, load_glossary, missing_terms
from generator.localize.catalogs import COMMON_DOMAIN, catalog_path, read_catalog
from generator.localize.codes import bcp47
from generator.localize.ledger import (
    RELEASE_STEP,
    STEPS,
    Record,
    load_ledger,
    text_hash,
)
from generator.localize.review import catalog_translation, string_rows

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
MAX_XLIFF_BYTES = 20_000_000   # a locale's review file is about 0.3 MB


def _xliff_classes():
    """translate-toolkit's PoXliffFile, writing the XLIFF 1.2 namespace."""

    class ReviewXliff(poxliff.PoXliffFile):
        namespace = XLIFF_NS
        XMLskeleton = ("<?xml version=\"1.0\" ?>\n<xliff version='1.2' "
                       f"xmlns='{XLIFF_NS}'>\n<file original='NoName' "
                       "source-language='en' datatype='po'>\n<body>\n</body>\n</file>\n"
                       "</xliff>")

    class ReviewUnit(poxliff.PoXliffUnit):
        namespace = XLIFF_NS

    ReviewXliff.UnitClass = ReviewUnit
    return poxliff, ReviewXliff


# -- export --------------------------------------------------------------------------------

def export_review(project, locale: str, topics: list[str] | None = None) -> tuple[bytes, dict]:
    """The XLIFF file for `locale` (bytes) and counts per unit state."""

    _poxliff, ReviewXliff = _xliff_classes()
    domains = check_domains(project, topics and [*topics, COMMON_DOMAIN])
    ledger = load_ledger(project.locales_dir, locale)
    store = ReviewXliff(sourcelanguage="en")
    counts: dict[str, int] = {}
    for domain in domains:
        store.switchfile(domain, createifmissing=True)
        store.settargetlanguage(bcp47(locale))
        limits = layout_limits(project, domain)
        template = {m.context: m for m in build_template(project, domain) if m.id}
        for row in string_rows(project, locale, domain, ledger):
            wanted, message, state = template[row.context], row.entry, row.state
            plural = isinstance(row.msgid, tuple)
            unit = store.UnitClass(multistring(list(row.msgid)) if plural else row.msgid)
            string = message.string if message is not None else None
            filled = (any(string) if isinstance(string, (list, tuple)) else bool(string))
            if filled:
                unit.settarget(multistring(list(string)) if plural else string)
            unit.setid(row.context)
            for comment in wanted.auto_comments:
                unit.addnote(comment, origin="developer")
            if limits.get(wanted.context) and not any("limit" in c.lower()
                                                      for c in wanted.auto_comments):
                unit.addnote(f"Layout limit: {limits[wanted.context]} characters.",
                             origin="developer")
            if not filled:
                name = "new"
            elif message.fuzzy:
                name = "needs-translation"
                unit.addnote("Fuzzy: the English changed since this was translated"
                             + (f" (old English: {_plain(message.previous_id)})"
                                if message.previous_id else "") + ".", origin="leaflets")
            elif state.state == "reviewed":
                name = "final"
            elif state.state == "changed":
                name = "needs-review-translation"
                unit.addnote(f"Changed since review: {state.reason}.", origin="leaflets")
            else:
                name = "translated"
            if state.steps:
                unit.addnote("Review steps recorded: " + ", ".join(state.steps) + ".",
                             origin="leaflets")
            _set_state(unit, name)
            store.addunit(unit)
            counts[name] = counts.get(name, 0) + 1
    _one_namespace(store.document.getroot())
    return bytes(store), counts


def _one_namespace(root) -> None:
    """translate-toolkit makes the trans-units of a plural group in the XLIFF 1.1
    namespace; put every element in the file's 1.2 namespace."""

    old = "{urn:oasis:names:tc:xliff:document:1.1}"
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(old):
            element.tag = "{" + XLIFF_NS + "}" + element.tag[len(old):]
    etree.cleanup_namespaces(root)


def _plain(value) -> str:
    return " / ".join(value) if isinstance(value, (list, tuple)) else str(value)


def _subunits(unit) -> list:
    return list(unit.units) if getattr(unit, "units", None) else [unit]


def _set_state(unit, name: str) -> None:
    for sub in _subunits(unit):
        target = sub.getlanguageNode(lang=None, index=1)
        if target is not None:
            target.set("state", name)
        if name == "final":
            sub.xmlelement.set("approved", "yes")
        elif sub.xmlelement.get("approved"):
            sub.xmlelement.set("approved", "no")


# -- import --------------------------------------------------------------------------------

@dataclass
class ImportResult:
    locale: str
    recorded: list[str] = field(default_factory=list)      # contexts newly recorded
    already: list[str] = field(default_factory=list)       # the same record existed
    refused: list[tuple[str, str]] = field(default_factory=list)   # (context, why)
    not_approved: int = 0


def _approved(unit) -> bool:
    subs = _subunits(unit)
    for sub in subs:
        target = sub.getlanguageNode(lang=None, index=1)
        state = target.get("state") if target is not None else None
        if not (sub.xmlelement.get("approved") == "yes" or state in ("final", "signed-off")):
            return False
    return bool(subs)


def read_xliff(path: Path):
    _poxliff, ReviewXliff = _xliff_classes()
    try:
        data = read_regular(path, MAX_XLIFF_BYTES, what="review file",
                            hint="give the .xlf file `leaflets i18n export-review` wrote")
    except TooLarge:
        raise LeafletError(f"review file is larger than {MAX_XLIFF_BYTES // 1_000_000} MB",
                           path=path, hint="export one locale's review again; it is far smaller"
                           ) from None
    try:
        return ReviewXliff.parsestring(data)
    except Exception as exc:  # noqa: BLE001 - lxml and translate-toolkit raise many kinds
        raise LeafletError(f"not an XLIFF 1.x file: {exc}", path=path,
                           hint="give the file `leaflets i18n export-review` wrote, saved "
                                "by your translation tool as XLIFF 1.2") from None


def import_review(project, path: Path, reviewer: str, *, qualification: str = "",
                  step: str = RELEASE_STEP, date: str | None = None,
                  locale: str | None = None) -> ImportResult:
    """Record the approved units of an XLIFF file in the ledger of its locale."""

    if step not in STEPS:
        raise LeafletError(f"unknown review step {step!r}", hint=f"use one of: {', '.join(STEPS)}")
    if not reviewer.strip():
        raise LeafletError("--reviewer is empty", hint="give the reviewer's name or role")
    for option, value in (("--reviewer", reviewer), ("--qualification", qualification)):
        if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value):
            raise LeafletError(f"{option} contains control or invisible characters",
                               hint="type it as plain text")
    store = read_xliff(path)
    # both resolved the way every command resolves a language code (es-MX -> es)
    target = store.gettargetlanguage() or ""
    target = project.check_locales([target])[0] if target else ""
    locale = project.check_locales([locale])[0] if locale else ""
    if locale and target and target != locale:
        raise LeafletError(f"the review file is for {target}, not {locale}", path=path,
                           hint="import it without --locale, or give the right file")
    locale = locale or target
    if not locale:
        raise LeafletError("the review file names no target language", path=path,
                           hint="give --locale")
    date = date or dt.date.today().isoformat()
    ledger = load_ledger(project.locales_dir, locale)
    terms = load_glossary(glossary_path(project.locales_dir, locale))
    result = ImportResult(locale)
    domains = set(check_domains(project, None))
    sources: dict[str, dict] = {}
    for unit in store.units:
        if unit.isheader():
            continue
        domain, _, context = unit.getid().rpartition("\x04")
        if not _approved(unit):
            result.not_approved += 1
            continue
        if domain not in domains:
            result.refused.append((context, f"unknown domain {domain!r} (the <file> original)"))
            continue
        if domain not in sources:
            sources[domain] = {m.context: m for m in build_template(project, domain) if m.id}
            sources[domain]["@limits"] = layout_limits(project, domain)
        wanted = sources[domain].get(context)
        if wanted is None:
            result.refused.append((context, "no such string in the current English source"))
            continue
        plural = isinstance(wanted.id, (list, tuple))
        msgid = tuple(wanted.id) if plural else wanted.id
        subs = _subunits(unit)
        if plural:
            forms = [str(sub.source) for sub in subs]
            source = tuple(forms[:2]) if len(forms) >= 2 and set(forms[1:]) == {forms[1]} \
                else None
        else:
            source = None if unit.hasplural() else str(unit.source)
        if source != msgid:
            result.refused.append((context, "the English changed since the export: export "
                                            "again and review the new text"))
            continue
        if plural:
            given = tuple(str(sub.target) if sub.target is not None else "" for sub in subs)
        else:
            given = str(unit.target) if unit.target is not None else ""
        if not given or (plural and not all(given)):
            result.refused.append((context, "approved, but has no translation"))
            continue
        catalog = read_catalog(catalog_path(project.locales_dir, locale, domain))
        problems = message_problems(msgid, given if plural else given,
                                    num_plurals=catalog.num_plurals if catalog else 2,
                                    locale=locale,
                                    max_chars=sources[domain]["@limits"].get(context))
        errors = [p for p in problems if p.level == "error"]
        if not plural:
            errors += [f"[glossary] the source says '{t.en}' but the translation does not use "
                       f"'{t.accepted[0]}'" for t in missing_terms(msgid, given, terms)]
        if errors:
            why = "; ".join(p if isinstance(p, str) else f"[{p.code}] {p.message}"
                            for p in errors)
            result.refused.append((context, f"fails the checks: {why}"))
            continue
        current = catalog_translation(catalog, msgid, context)
        if current is None:
            result.refused.append((context, "the catalog has no usable translation (missing "
                                            "or fuzzy): put the reviewed text in the catalog "
                                            "and clear the fuzzy flag, then import again"))
            continue
        if current != given:
            result.refused.append((context, "the translation differs from the catalog's (edited "
                                            "in review?): put the reviewed text in the catalog, "
                                            "then export and import again"))
            continue
        record = Record(domain, context, text_hash(msgid), text_hash(current), step,
                        reviewer.strip(), qualification.strip(), date)
        (result.recorded if ledger.add(record) else result.already).append(context)
    if result.recorded:
        ledger.save()
    return result
