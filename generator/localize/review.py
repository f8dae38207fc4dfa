"""Review state of a translation, kept in its catalog header.

`X-Review-Status: draft|reviewed`, `X-Reviewed-By`, `X-Review-Date`. Anything but an explicit
`reviewed` counts as a draft, so a missing header can never hide an unchecked translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogs import SOURCE_LOCALE, Translations

STATUS_HEADER = "X-Review-Status"


@dataclass(frozen=True)
class ReviewState:
    status: str            # source | reviewed | draft
    reviewed_by: str | None = None
    date: str | None = None

    @property
    def draft(self) -> bool:
        return self.status not in ("source", "reviewed")


def review_state(locale: str, translations: Translations | None,
                 domains: list[str] | None = None) -> ReviewState:
    if locale == SOURCE_LOCALE:
        return ReviewState("source")
    if translations is None or not translations.catalogs:
        return ReviewState("draft")
    states = []
    for domain in domains or list(translations.catalogs):
        status = (translations.header(domain, STATUS_HEADER) or "draft").strip().lower()
        states.append(ReviewState(status if status == "reviewed" else "draft",
                                  translations.header(domain, "X-Reviewed-By"),
                                  translations.header(domain, "X-Review-Date")))
    drafts = [s for s in states if s.draft]
    return drafts[0] if drafts else states[0]
