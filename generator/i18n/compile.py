"""`leaflets i18n compile`: .mo files next to the .po files, for other gettext tools.

The generator itself reads only .po files; .mo files are build artefacts (gitignored). They
hold what the generator would print: translated, not fuzzy, and passing every error-level
check. Entries left out are reported, so compile doubles as a quick gate in CI.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo

from generator.errors import Finding
from generator.files import write_atomic
from generator.i18n.checks import CheckSettings, entry_problems
from generator.i18n.pofiles import locale_catalogs, read_fresh
from generator.localize.catalogs import PoCatalog


@dataclass
class CompileResult:
    path: Path
    messages: int = 0
    errors: list[Finding] = field(default_factory=list)


def compile_locale(project, locale: str, domains: list[str] | None = None) -> list[CompileResult]:
    results = []
    for domain, po_path in locale_catalogs(project.locales_dir, locale).items():
        if domains and domain not in domains:
            continue
        results.append(compile_catalog(project, locale, po_path))
    return results


def compile_catalog(project, locale: str, po_path: Path) -> CompileResult:
    catalog = read_fresh(po_path)
    result = CompileResult(po_path.with_suffix(".mo"))
    kept = PoCatalog(locale=catalog.locale, domain=po_path.stem, charset="utf-8")
    kept.mime_headers = catalog.mime_headers
    where = project.relative(po_path)
    for message in catalog:
        filled = any(message.string) if isinstance(message.string, (list, tuple)) \
            else bool(message.string)
        if not message.id:
            continue
        if message.fuzzy or not filled:
            state = "fuzzy" if filled else "not translated"
            result.errors.append(Finding(
                "error", f"{where}:{message.lineno}",
                f"[{locale}] msgctxt \"{message.context}\": {state} (left out of the .mo)",
                "translate it" if not filled else
                "check the translation, then remove the fuzzy flag", "untranslated"
                if not filled else "fuzzy"))
            continue
        problems = [p for p in entry_problems(message, catalog, locale, {}, CheckSettings())
                    if p.level == "error" and p.code != "untranslated"]
        if not problems:  # then Babel's own checks (format strings, plural forms)
            problems = [(str(error), "fix the translation in a PO editor", "babel")
                        for error in message.check(catalog)]
        else:
            problems = [(p.message, p.hint, p.code) for p in problems]
        for text, hint, code in problems:
            result.errors.append(Finding(
                "error", f"{where}:{message.lineno}",
                f"[{locale}] msgctxt \"{message.context}\": {text} (left out of the .mo)",
                hint, code))
        if not problems:
            kept[message.id] = message
            result.messages += 1
    buffer = io.BytesIO()
    write_mo(buffer, kept, use_fuzzy=False)
    write_atomic(result.path, buffer.getvalue())
    return result
