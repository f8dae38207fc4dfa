"""The clinical review state of a leaflet's content (its `review:` block).

Separate from the review of a translation (that lives with the catalogs): this one says
whether clinicians have checked the English content itself. Anything but an explicit,
complete and current `reviewed` record counts as a draft, and a review lapses as soon as the
content it covered changes: the record carries the content fingerprint printed on the review
packet (`leaflets review-packet`), and a different fingerprint means a different text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

STATUSES = ("draft", "reviewed")
REVIEW_YEARS = 2            # default gap between a review and the next one


@dataclass(frozen=True)
class Reviewer:
    role: str
    name: str | None = None


@dataclass(frozen=True)
class ContentReview:
    """What the leaflet file says about its clinical review."""

    status: str = "draft"                     # draft | reviewed (as written in the file)
    reviewers: tuple[Reviewer, ...] = ()
    date_reviewed: dt.date | None = None
    next_review_due: dt.date | None = None
    fingerprint: str | None = None            # of the content that was reviewed
    line: int = 0


@dataclass(frozen=True)
class ContentState:
    """The state the build acts on: `draft` unless a complete review covers this content."""

    status: str                               # reviewed | draft
    reason: str                               # why it is a draft ('' when reviewed)
    review: ContentReview

    @property
    def draft(self) -> bool:
        return self.status != "reviewed"


def default_next_review(date: dt.date) -> dt.date:
    """Two years after the review (28 February for a review made on 29 February)."""
    try:
        return date.replace(year=date.year + REVIEW_YEARS)
    except ValueError:
        return date.replace(year=date.year + REVIEW_YEARS, day=28)


def content_fingerprint(leaflet) -> str:
    """A short hash of everything a clinician checks: every English text with its place,
    every number with its unit, date and source, every source and every citation link.
    Layout-only changes (line numbers, YAML formatting) do not change it."""
    payload = {
        "id": leaflet.id,
        "version": leaflet.content_version,
        "texts": [[t.context, t.source] for t in leaflet.texts()],
        "data": [[d.name, d.value, d.unit, d.decimals, d.source, d.date, d.about]
                 for d in leaflet.data.values()],
        "sources": [[s.id, s.citation, s.url] for s in leaflet.sources],
        "cites": [[s.id, list(s.cites), [list(c) for c in s.block_cites]]
                  for s in leaflet.sections],
    }
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return f"{digest[:4]}-{digest[4:8]}-{digest[8:12]}"


def content_state(leaflet) -> ContentState:
    review: ContentReview = leaflet.review
    if review.status != "reviewed":
        return ContentState("draft", "the review: block says status: draft", review)
    fingerprint = content_fingerprint(leaflet)
    if review.fingerprint != fingerprint:
        return ContentState(
            "draft", f"the content changed since its review (reviewed fingerprint "
            f"{review.fingerprint}, now {fingerprint}); review it again", review)
    return ContentState("reviewed", "", review)
