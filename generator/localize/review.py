"""Review state of a translation: from the review ledger, never from the catalog.

A leaflet (and its quiz) in a locale counts as reviewed only when every string it can print,
every string of its topic's catalog and of `common`, has an `approved` record in
`locales/<locale>/review.yaml` that matches the SHA-256 of its English source and of its
translation now (generator.localize.ledger). The catalog header `X-Review-Status` is read for
information only: a catalog that calls itself reviewed still prints as a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.localize.catalogs import (
    COMMON_DOMAIN,
    SOURCE_LOCALE,
    Translations,
    catalog_path,
    read_catalog,
)
from generator.localize.kept import KeptWhileSame
from generator.localize.ledger import (
    STEPS,
    StringState,
    ledger_version,
    load_ledger,
    next_review_date,
)
from generator.localize.pseudo import is_pseudo
from generator.localize.ui import ENGLISH_ALONGSIDE, ui_context

STATUS_HEADER = "X-Review-Status"


@dataclass(frozen=True)
class ReviewSummary:
    """The state of every string one leaflet (or a set of domains) prints in a locale."""

    locale: str
    strings: tuple[StringState, ...] = ()

    @property
    def total(self) -> int:
        return len(self.strings)

    @property
    def reviewed(self) -> int:
        return sum(s.state == "reviewed" for s in self.strings)

    @property
    def changed(self) -> list[StringState]:
        return [s for s in self.strings if s.state == "changed"]

    @property
    def unreviewed(self) -> int:
        return sum(s.state == "unreviewed" for s in self.strings)

    @property
    def complete(self) -> bool:
        return bool(self.strings) and self.reviewed == self.total

    @property
    def steps(self) -> tuple[str, ...]:
        """The ISO 17100 steps recorded for every string, for its text as it is now."""
        if not self.strings:
            return ()
        return tuple(step for step in STEPS if all(step in s.steps for s in self.strings))

    @property
    def last_date(self) -> str:
        return max((s.date for s in self.strings if s.date), default="")

    @property
    def first_date(self) -> str:
        return min((s.date for s in self.strings if s.date), default="")

    @property
    def next_review(self) -> str:
        """A year after the oldest approval that the leaflet relies on."""
        return next_review_date(self.first_date) if self.complete else ""

    @property
    def reviewers(self) -> list[str]:
        return sorted({s.reviewer for s in self.strings if s.reviewer})


@dataclass(frozen=True)
class ReviewState:
    status: str            # source | reviewed | draft
    reviewed_by: str | None = None
    date: str | None = None
    summary: ReviewSummary | None = field(default=None, compare=False)
    claimed: str | None = None   # what the catalog header says (information only)

    @property
    def draft(self) -> bool:
        return self.status not in ("source", "reviewed")


def review_state(locale: str, translations: Translations | None,
                 domains: list[str] | None = None,
                 summary: ReviewSummary | None = None) -> ReviewState:
    """The source is never a draft; a translation is reviewed only when `summary` (from the
    ledger, `string_summary`) says every string is. Without a summary it is a draft."""
    if locale == SOURCE_LOCALE:
        return ReviewState("source")
    claimed = header_claim(translations, domains)
    if summary is not None and summary.complete:
        return ReviewState("reviewed", ", ".join(summary.reviewers) or None,
                           summary.last_date or None, summary, claimed)
    return ReviewState("draft", None, None, summary, claimed)


def header_claim(translations: Translations | None, domains=None) -> str | None:
    """What the catalogs' `X-Review-Status` headers claim: 'reviewed' only if all do."""
    if translations is None or not translations.catalogs:
        return None
    claims = [(translations.header(d, STATUS_HEADER) or "draft").strip().lower()
              for d in (domains or list(translations.catalogs)) if d in translations.catalogs]
    return "reviewed" if claims and all(c == "reviewed" for c in claims) else "draft"


def catalog_translation(catalog, msgid, context: str):
    """The usable translation of an entry (str, or tuple of plural forms), or None when it
    is missing, empty or fuzzy."""
    if catalog is None:
        return None
    key = msgid[0] if isinstance(msgid, (tuple, list)) else msgid
    message = catalog.get(key, context=context)
    if message is None or message.fuzzy:
        return None
    string = message.string
    if isinstance(string, (tuple, list)):
        return tuple(string) if all(string) else None
    return string or None


@dataclass(frozen=True)
class StringRow:
    """One string of a domain in a locale: its catalog entry and its ledger state."""

    domain: str
    context: str
    msgid: object                 # str, or a tuple for a plural
    entry: object                 # the catalog's message (None when there is none)
    translation: object           # the usable translation (catalog_translation) or None
    state: StringState


def string_rows(project, locale: str, domain: str, ledger=None,
                sources: list | None = None) -> list[StringRow]:
    """Every string of `domain` (its current English source, in reading order) with its
    translation in `locale` and its review state: what status, the review export and the
    review packet all read."""
    ledger = ledger or load_ledger(project.locales_dir, locale)
    catalog = read_catalog(catalog_path(project.locales_dir, locale, domain))
    rows = []
    for msgid, context in (sources if sources is not None else project.source_strings(domain)):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        translation = catalog_translation(catalog, msgid, context)
        rows.append(StringRow(domain, context, msgid,
                              catalog.get(key, context=context) if catalog else None,
                              translation, ledger.state_of(domain, context, msgid, translation)))
    return rows


def printed_in_english_only(row: StringRow) -> bool:
    """A generator string printed beside its English (ENGLISH_ALONGSIDE) that has no
    translation: nothing translated to review."""
    return row.translation is None and row.domain == COMMON_DOMAIN and row.context in {
        ui_context(key) for key in ENGLISH_ALONGSIDE}


def string_summary(project, locale: str, domains: list[str], sources: dict | None = None
                   ) -> ReviewSummary:
    """The ledger state of every string of `domains` (their current English source)."""
    if locale == SOURCE_LOCALE or is_pseudo(locale):
        return ReviewSummary(locale)
    ledger = load_ledger(project.locales_dir, locale)
    sources = sources or source_strings(project, domains)
    return ReviewSummary(locale, tuple(
        row.state for domain in domains
        for row in string_rows(project, locale, domain, ledger, sources[domain])
        if not printed_in_english_only(row)))


def source_strings(project, domains: list[str]) -> dict[str, list[tuple[object, str]]]:
    """domain -> [(msgid, msgctxt)] of the current English source (plural msgid: a tuple),
    as the project extracts it (build.project.Project.source_strings)."""
    return {domain: project.source_strings(domain) for domain in domains}


def topic_summary(project, topic: str, locale: str) -> ReviewSummary:
    """Every string a leaflet of `topic` (and its quiz) can print in `locale`. Worked out
    once per process while what it is read from stays the same (a build asks once per
    output: leaflet, quiz, key, web page and both index files)."""
    if locale == SOURCE_LOCALE or is_pseudo(locale):
        return ReviewSummary(locale)
    objects, version = _summary_inputs(project, topic, locale)
    return _TOPIC_SUMMARIES.get((topic, locale), objects, version,
                                lambda: string_summary(project, locale, [topic, COMMON_DOMAIN]))


# (topic, locale) -> the summary
_TOPIC_SUMMARIES = KeptWhileSame()


def _summary_inputs(project, topic: str, locale: str) -> tuple:
    """The objects a topic's summary is read from: the project, its leaflet and quiz as loaded
    (loaded again when their files change), both catalogs as parsed (parsed again when
    they change) and the ledger's version."""
    quiz = project.quiz(topic) if project.has_quiz(topic) else None
    catalogs = tuple(read_catalog(catalog_path(project.locales_dir, locale, domain))
                     for domain in (topic, COMMON_DOMAIN))
    return (project, project.leaflet(topic), quiz) + catalogs, \
        ledger_version(project.locales_dir, locale)


def topic_review(project, topic: str, locale: str, translations=None) -> ReviewState:
    """The review state a leaflet of `topic` prints with in `locale`."""
    if locale == SOURCE_LOCALE:
        return ReviewState("source")
    return review_state(locale, translations, [topic, COMMON_DOMAIN],
                        topic_summary(project, topic, locale))


def changed_strings_label(project, locale: str, topic: str, limit: int = 5) -> str:
    """'2 strings changed since review: a/b, c/d' for a locale and topic, or '' when none.
    Used by the build message and index.html."""
    if locale == SOURCE_LOCALE:
        return ""
    changed = topic_summary(project, topic, locale).changed
    if not changed:
        return ""
    names = ", ".join(s.name for s in changed[:limit])
    more = f" and {len(changed) - limit} more" if len(changed) > limit else ""
    noun = "string" if len(changed) == 1 else "strings"
    return f"{len(changed)} {noun} changed since review: {names}{more}"
