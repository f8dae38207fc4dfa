"""Terminology per locale, kept in `locales/<locale>/glossary.yaml` and checked.

A patient must meet the same word for the same thing in both leaflets and the quizzes. The
glossary lists the agreed words; wherever the English source uses a term, the translation must
use its agreed word (or one of its listed inflected forms):

    locale: es
    terms:
      - en: biopsy
        translation: biopsia
        forms: [biopsias]          # optional
        note: "..."                # optional

Longer terms win: in "non-small cell lung cancer" only that term is required, not
"small cell lung cancer" as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.content.markup import without_tags
from generator.content.yamlsafe import LineDict, LineList, read_yaml
from generator.errors import Finding, LeafletError
from generator.localize.catalogs import catalog_path, read_catalog

FILE_NAME = "glossary.yaml"


@dataclass(frozen=True)
class Term:
    en: str
    accepted: tuple[str, ...]     # the agreed word first, then its other forms
    line: int

    @property
    def pattern(self) -> re.Pattern:
        # A hyphen joins words: "small cell" must not match inside "non-small cell".
        return re.compile(r"(?<![\w-])" + re.escape(self.en) + r"(?![\w-])", re.IGNORECASE)


def glossary_path(locales_dir: Path, locale: str) -> Path:
    return locales_dir / locale / FILE_NAME


def load_glossary(path: Path) -> list[Term]:
    """The terms of one glossary file (empty when there is none)."""
    if not path.is_file():
        return []
    stat = path.stat()
    return list(_load(path, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _load(path: Path, _mtime: int, _size: int) -> tuple[Term, ...]:
    doc = read_yaml(path, what="glossary")
    terms = doc.get("terms") if isinstance(doc, LineDict) else None
    if not isinstance(terms, LineList):
        raise LeafletError("a glossary needs `terms:` with a list of entries", path=path,
                           line=getattr(doc, "line", 1), hint="see docs/translating.md")
    out = []
    for item, line in zip(terms, terms.lines):
        if not isinstance(item, LineDict) or not isinstance(item.get("en"), str) \
                or not isinstance(item.get("translation"), str):
            raise LeafletError("each glossary term needs `en:` and `translation:` as text",
                               path=path, line=line)
        forms = item.get("forms") or []
        if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
            raise LeafletError("`forms:` must be a list of words", path=path, line=line)
        out.append(Term(item["en"].strip(), (item["translation"], *forms), line))
    return tuple(sorted(out, key=lambda t: -len(t.en)))


def required_terms(source: str, terms: list[Term]) -> list[Term]:
    """The terms the source uses, longest first, ignoring a term inside a longer one."""
    text = without_tags(source)
    taken = [False] * len(text)
    found = []
    for term in terms:
        for match in term.pattern.finditer(text):
            if not any(taken[match.start():match.end()]):
                taken[match.start():match.end()] = [True] * (match.end() - match.start())
                found.append(term)
                break
    return found


def missing_terms(source: str, translation: str, terms: list[Term]) -> list[Term]:
    folded = without_tags(translation).casefold()
    return [t for t in required_terms(source, terms)
            if not any(word.casefold() in folded for word in t.accepted)]


def glossary_findings(project, locale: str, domains: list[str]) -> list[Finding]:
    """One finding per translated string that does not use an agreed term."""
    path = glossary_path(project.locales_dir, locale)
    try:
        terms = load_glossary(path)
    except LeafletError as exc:
        return [Finding.from_error(exc, "glossary")]
    findings = []
    for domain in domains:
        try:
            catalog = read_catalog(catalog_path(project.locales_dir, locale, domain))
        except LeafletError:
            continue  # the catalog check reports a catalog that cannot be read
        for message in catalog or []:
            if not message.id or message.fuzzy or not isinstance(message.string, str) \
                    or not message.string:
                continue
            for term in missing_terms(message.id, message.string, terms):
                where = f"locales/{locale}/LC_MESSAGES/{domain}.po:{message.lineno}"
                findings.append(Finding(
                    "error", where,
                    f"[{locale}] msgctxt \"{message.context}\": the source says "
                    f"'{term.en}' but the translation does not use '{term.accepted[0]}'",
                    f"use the agreed term, or add this form to `forms:` in "
                    f"locales/{locale}/{FILE_NAME} (line {term.line})", "glossary"))
    return findings
