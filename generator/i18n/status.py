"""`leaflets i18n status`: how far each locale is, per topic, counted against the source now.

Counts come from the current source (extracted in memory), not from the catalog alone, so a
catalog that was not updated after a source change shows the new strings as untranslated.

  translated    has a translation and is not fuzzy
  fuzzy         has a translation kept from an older source; never counts as translated
  untranslated  no translation, or not in the catalog at all
  failing       translated, but fails an error-level check, so it is not printed
  percent       (translated - failing) / total: the share that prints in this language
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from generator.i18n.checks import (
    CheckSettings,
    entry_problems,
    offered_domains,
    source_messages,
)
from generator.i18n.extract import check_domains
from generator.localize.catalogs import (
    SOURCE_LOCALE,
    catalog_path,
    load_translations,
    read_catalog,
)
from generator.localize.numbers import native_name
from generator.localize.review import header_claim, string_summary


@dataclass
class DomainStatus:
    domain: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    failing: int = 0
    catalog: bool = True
    offered: bool = True    # False: the topic does not ship in this locale (no catalog)

    @property
    def percent(self) -> float:
        return 100.0 * (self.translated - self.failing) / self.total if self.total else 100.0

    def add(self, other: DomainStatus) -> None:
        for name in ("total", "translated", "fuzzy", "untranslated", "failing"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {**asdict(self), "percent": round(self.percent, 1)}


@dataclass
class LocaleStatus:
    locale: str
    name: str
    review: dict
    domains: list[DomainStatus] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)   # strings changed since review

    @property
    def total(self) -> DomainStatus:
        total = DomainStatus("all")
        for domain in self.domains:
            if domain.offered:
                total.add(domain)
        return total

    def as_dict(self) -> dict:
        return {"locale": self.locale, "name": self.name, "review": self.review,
                "domains": [d.as_dict() for d in self.domains],
                "total": self.total.as_dict(), "changed_since_review": self.changed}


def project_status(project, locales: list[str] | None = None,
                   domains: list[str] | None = None) -> list[LocaleStatus]:
    """Status of every asked locale (default: all that have catalogs) over asked domains."""
    domains = check_domains(project, domains)
    sources = source_messages(project, domains)
    locales = [loc for loc in (locales or project.locales()) if loc != SOURCE_LOCALE]
    return [locale_status(project, loc, domains, sources) for loc in locales]


def locale_status(project, locale: str, domains: list[str], sources: dict) -> LocaleStatus:
    offered = offered_domains(project, locale, domains)
    summary = string_summary(project, locale, offered,
                             {d: [(tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id,
                                   m.context) for m in sources[d][0]] for d in offered})
    claimed = header_claim(load_translations(project.locales_dir, locale, domains), domains)
    status = LocaleStatus(locale, native_name(locale), {
        "status": "reviewed" if summary.complete else "draft",
        "reviewed": summary.reviewed, "unreviewed": summary.unreviewed,
        "changed": len(summary.changed), "strings": summary.total,
        "reviewers": summary.reviewers, "last_approval": summary.last_date or None,
        "catalog_header_claims": claimed})
    status.changed = [{"domain": s.domain, "msgctxt": s.context, "reason": s.reason}
                      for s in summary.changed]
    settings = CheckSettings()
    for domain in domains:
        messages, limits = sources[domain]
        if domain not in offered:
            status.domains.append(DomainStatus(domain, catalog=False, offered=False))
            continue
        catalog = read_catalog(catalog_path(project.locales_dir, locale, domain))
        row = DomainStatus(domain, total=len(messages), catalog=catalog is not None)
        for source in messages:
            message = catalog.get(source.id, context=source.context) if catalog else None
            problems = entry_problems(message, catalog, locale, limits, settings) \
                if message is not None else None
            codes = {p.code for p in problems or ()}
            if problems is None or "untranslated" in codes:
                row.untranslated += 1
            elif "fuzzy" in codes:
                row.fuzzy += 1
            else:
                row.translated += 1
                row.failing += any(p.level == "error" for p in problems)
        status.domains.append(row)
    return status


COLUMNS = ("total", "translated", "fuzzy", "untranslated", "failing")


def format_table(statuses: list[LocaleStatus]) -> str:
    """A plain-text table per locale, one row per domain plus a total."""
    if not statuses:
        return "no translations yet: start one with `leaflets i18n init LOCALE`\n"
    width = max(len(d.domain) for s in statuses for d in s.domains) + 2
    lines = []
    for status in statuses:
        review = status.review
        signed = (f" by {', '.join(review['reviewers'])}" if review["reviewers"] else "") + \
            (f", last approval {review['last_approval']}" if review["last_approval"] else "")
        lines.append(f"{status.locale} ({status.name}): review {review['status']}{signed}: "
                     f"{review['reviewed']} reviewed, {review['unreviewed']} unreviewed, "
                     f"{review['changed']} changed since review (of {review['strings']} in "
                     f"locales/{status.locale}/review.yaml)")
        for item in status.changed[:10]:
            lines.append(f"  changed since review: {item['msgctxt']} ({item['reason']})")
        if len(status.changed) > 10:
            lines.append(f"  ... and {len(status.changed) - 10} more (--json lists them all)")
        lines.append("  " + "domain".ljust(width) + "".join(c.rjust(len(c) + 2) for c in COLUMNS)
                     + "%".rjust(8))
        for row in status.domains + [status.total]:
            if not row.offered:
                lines.append("  " + row.domain.ljust(width) + "  not offered (no catalog: "
                             "the topic does not ship in this language)")
                continue
            note = "" if row.catalog else "  (no catalog: run leaflets i18n update)"
            lines.append("  " + row.domain.ljust(width)
                         + "".join(str(getattr(row, c)).rjust(len(c) + 2) for c in COLUMNS)
                         + f"{row.percent:8.1f}" + note)
        lines.append("")
    return "\n".join(lines)
