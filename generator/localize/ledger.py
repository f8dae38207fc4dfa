"""The review ledger of a locale: `locales/<locale>/review.yaml`.

Who reviewed exactly what. Each record names one string (domain and msgctxt), the SHA-256 of
the English source and of the translation that were reviewed, the step (ISO 17100:
translated, revised, back-translated, approved), the reviewer, their qualification and the
date. A string counts as reviewed only while an `approved` record matches both hashes: any
change to the English or to the translation makes it unreviewed again, and `state_of` says
why. Only the review commands (`leaflets i18n import-review`) write the file; the catalog
itself can never raise a review state (docs/translating.md, docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content.yamlsafe import read_yaml
from generator.errors import LeafletError
from generator.files import write_atomic

LEDGER_NAME = "review.yaml"
STEPS = ("translated", "revised", "back-translated", "approved")
RELEASE_STEP = "approved"
REVIEW_INTERVAL_DAYS = 365     # a reviewed translation is due for its next review a year on
_FIELDS = ("domain", "context", "source", "translation", "step", "reviewer",
           "qualification", "date")


def ledger_path(locales_dir: Path, locale: str) -> Path:
    return Path(locales_dir) / locale / LEDGER_NAME


def text_hash(value) -> str:
    """SHA-256 of a source or translation; plural forms are joined by NUL."""
    if isinstance(value, (list, tuple)):
        value = "\x00".join(str(v) for v in value)
    return "sha256:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Record:
    domain: str
    context: str
    source: str          # sha256:... of the English msgid (plural: singular NUL plural)
    translation: str     # sha256:... of the msgstr (plural: the forms joined by NUL)
    step: str
    reviewer: str
    qualification: str
    date: str            # YYYY-MM-DD

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in _FIELDS}

    def sort_key(self) -> tuple:
        return (self.domain, self.context, self.date, STEPS.index(self.step), self.reviewer,
                self.source, self.translation)


@dataclass(frozen=True)
class StringState:
    """The review state of one string now."""

    domain: str
    context: str
    state: str            # reviewed | unreviewed | changed
    reason: str = ""      # for `changed`: what changed since the review
    steps: tuple = ()     # ISO 17100 steps recorded for exactly this source and translation
    date: str = ""        # date of the approval that counts
    reviewer: str = ""

    @property
    def name(self) -> str:
        return f"{self.domain}:{self.context}" if self.domain == "common" else self.context


class Ledger:
    def __init__(self, locale: str, records: list[Record] | None = None,
                 path: Path | None = None):
        self.locale = locale
        self.records = list(records or [])
        self.path = path
        self._index: dict[tuple[str, str], list[Record]] = {}
        for record in self.records:
            self._index.setdefault((record.domain, record.context), []).append(record)

    def for_string(self, domain: str, context: str) -> list[Record]:
        return self._index.get((domain, context), [])

    def state_of(self, domain: str, context: str, source, translation) -> StringState:
        """`translation` is the catalog's usable msgstr (None: missing, empty or fuzzy)."""
        records = self.for_string(domain, context)
        if not records:
            return StringState(domain, context, "unreviewed")
        src = text_hash(source)
        tr = text_hash(translation) if translation is not None else None
        matching = [r for r in records if r.source == src and r.translation == tr]
        approved = sorted((r for r in matching if r.step == RELEASE_STEP),
                          key=lambda r: r.date)
        steps = tuple(s for s in STEPS if any(r.step == s for r in matching))
        if approved:
            return StringState(domain, context, "reviewed", "", steps, approved[-1].date,
                               approved[-1].reviewer)
        latest = max(records, key=lambda r: r.date)
        if translation is None:
            reason = ("the English changed since the review; the translation is not updated "
                      "yet (fuzzy or missing)" if latest.source != src else
                      "the translation is now missing, empty or fuzzy")
        elif latest.source != src and latest.translation != tr:
            reason = "the English and the translation changed since the review"
        elif latest.source != src:
            reason = "the English changed since the review"
        elif latest.translation != tr:
            reason = "the translation changed since the review"
        else:
            reason = f"reviewed up to '{latest.step}', not yet approved"
        return StringState(domain, context, "changed", reason, steps)

    def add(self, record: Record) -> bool:
        """Add a record unless the same one is there; True when added."""
        if record in self.for_string(record.domain, record.context):
            return False
        self.records.append(record)
        self._index.setdefault((record.domain, record.context), []).append(record)
        return True

    def dump(self) -> bytes:
        header = (f"# Review ledger for {self.locale}. Written by `leaflets i18n import-review`;\n"
                  "# do not edit by hand. A string counts as reviewed while an 'approved'\n"
                  "# record matches the SHA-256 of its English source and of its translation.\n"
                  "# See docs/translating.md (review) and docs/security.md (who may change it).\n")
        body = {"locale": self.locale,
                "records": [r.as_dict() for r in sorted(self.records, key=Record.sort_key)]}
        text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)
        return (header + text).encode("utf-8")

    def save(self) -> None:
        write_atomic(self.path, self.dump())


def load_ledger(locales_dir: Path, locale: str) -> Ledger:
    """The ledger of `locale`; an empty one when the file does not exist. A malformed file
    is an error naming the file and line (never silently read as "reviewed")."""
    path = ledger_path(locales_dir, locale)
    version = ledger_version(locales_dir, locale)
    if version is None:
        return Ledger(locale, [], path)
    return _load_cached(path, version, locale)


def ledger_version(locales_dir: Path, locale: str) -> tuple | None:
    """What a ledger is parsed again for: its path, change time and size (None: no file).
    Results worked out from a ledger are kept by it too (review.topic_summary)."""
    path = ledger_path(locales_dir, locale)
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return str(path), stat.st_mtime_ns, stat.st_size


_CACHE: dict[tuple, Ledger] = {}


def _load_cached(path: Path, key: tuple, locale: str) -> Ledger:
    if key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = _parse(path, locale)
    cached = _CACHE[key]
    return Ledger(locale, cached.records, path)


def _parse(path: Path, locale: str) -> Ledger:
    data = read_yaml(path, what="review ledger")
    hint = "restore the file from version control; it is written by `leaflets i18n import-review`"
    if not isinstance(data, dict) or not isinstance(data.get("records", []), list):
        raise LeafletError("the review ledger must be a mapping with a 'records' list",
                           path=path, hint=hint)
    if data.get("locale") not in (None, locale):
        raise LeafletError(f"the review ledger is for locale {data.get('locale')!r}, "
                           f"not {locale!r}", path=path, hint=hint)
    records = []
    for item in data.get("records") or []:
        line = getattr(item, "line", None)
        if not isinstance(item, dict) or set(item) != set(_FIELDS):
            missing = sorted(set(_FIELDS) - set(item)) if isinstance(item, dict) else _FIELDS
            raise LeafletError(f"a review record needs exactly the fields {', '.join(_FIELDS)}"
                               + (f" (missing: {', '.join(missing)})" if missing else ""),
                               path=path, line=line, hint=hint)
        values = {name: str(item[name]) for name in _FIELDS}
        if values["step"] not in STEPS:
            raise LeafletError(f"unknown review step {values['step']!r}", path=path, line=line,
                               hint=f"steps: {', '.join(STEPS)}")
        try:
            dt.date.fromisoformat(values["date"])
        except ValueError:
            raise LeafletError(f"review date {values['date']!r} is not a date", path=path,
                               line=line, hint=hint) from None
        for name in ("source", "translation"):
            digest = values[name]
            if not (digest.startswith("sha256:") and len(digest) == 71):
                raise LeafletError(f"review record {name} is not a sha256: hash", path=path,
                                   line=line, hint=hint)
        records.append(Record(**values))
    return Ledger(locale, records, path)


def next_review_date(date: str) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=REVIEW_INTERVAL_DAYS)).isoformat()
