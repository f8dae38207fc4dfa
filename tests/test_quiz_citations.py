"""Answer keys point to the right page: for every item, the page the key gives (in every
edition a quiz is printed in, and both paper sizes) is a page of that edition's leaflet
whose text has the answer: the words of `cite:`, or the start of the leaflet text the
answer is quoted from. Pages are read back from the leaflet PDF the build prints."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from generator.content.markup import plain_text
from generator.build.project import Project
from generator.render.leaflet import RenderOptions, render_leaflet
from generator.quiz.versions import canonical
from test_quiz_support import REPO, TOPICS, maker


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_texts(topic: str, locale: str, paper: str, edition: str) -> list[str]:
    project = Project(REPO)
    rendered = render_leaflet(project.leaflet(topic), locale,
                              project.translations(topic, locale),
                              RenderOptions(paper=paper, edition=edition, allow_fallback=True))
    return [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(rendered.pdf)).pages]


@pytest.mark.parametrize("edition", ["standard", "large-print"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("topic", TOPICS)
def test_every_key_citation_points_to_a_page_that_prints_the_answer(topic, paper, edition):
    m = maker(REPO, topic, "en", edition=edition)
    doc = m.document(canonical(m.quiz), paper)
    pages = _page_texts(topic, "en", paper, edition)
    values = m.localizer().values
    for question in doc.questions:
        item = m.quiz.item(question.id)
        assert item.cite is not None, f"{item.id}: no cite"
        words = _flat(plain_text(item.cite_words or item.cite.source, values))
        assert question.page is not None
        page = pages[question.page - 1]
        assert words in page, (item.id, question.page, words,
                               [n for n, p in enumerate(pages, 1) if words in p])


def test_large_print_keys_cite_other_pages_than_standard_ones():
    """The large-print leaflet has more pages: its key must not reuse the standard pages."""
    standard = maker(REPO, "metastatic-lung-cancer", "en")
    large = maker(REPO, "metastatic-lung-cancer", "en", edition="large-print")
    version = canonical(standard.quiz)
    a = [q.page for q in standard.document(version, "a4").questions]
    b = [q.page for q in large.document(version, "a4").questions]
    assert max(b) > max(a)
    assert all(y >= x for x, y in zip(a, b))


# Translations in Latin script (text read back reliably); other scripts are covered by the
# same page lookup, which does not depend on the script.
LATIN = ("de", "es", "fr", "ht", "it", "pl", "pt", "tl", "vi")


@pytest.mark.parametrize("edition", ["standard", "large-print"])
@pytest.mark.parametrize("locale", LATIN)
@pytest.mark.parametrize("topic", TOPICS)
def test_translated_key_cites_the_page_where_the_translated_text_starts(topic, locale,
                                                                          edition):
    m = maker(REPO, topic, locale, edition=edition)
    doc = m.document(canonical(m.quiz), "a4")
    pages = _page_texts(topic, locale, "a4", edition)
    loc = m.localizer()
    for question in doc.questions:
        item = m.quiz.item(question.id)
        start = " ".join(_flat(unicodedata.normalize("NFC", loc.plain(item.cite))).split()[:4])
        page = unicodedata.normalize("NFC", pages[question.page - 1])
        assert start in page, (item.id, question.page, start)
