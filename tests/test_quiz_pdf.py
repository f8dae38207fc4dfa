"""Printable quizzes and answer keys, read back with pypdf: every question, the version on
every page, answers with the leaflet section and the page it is printed on, our fonts only,
body text of at least 12 pt, and the same bytes every time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import normalize, pdf_fonts, run_cli
from generator.layout.sheets import load_sheet
from generator.localize.catalogs import load_translations
from generator.localize.numbers import format_value
from generator.build.project import Project
from generator.quiz.pages import section_pages
from generator.render.leaflet import RenderOptions, render_leaflet
from test_quiz_support import REPO, TOPICS, content_copy, maker, write_catalogs

PAPERS = ("a4", "letter")


def _pages(data: bytes) -> list[str]:
    return [normalize(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("paper", PAPERS)
def test_quiz_pdf_holds_every_question_and_choice(topic, paper):
    m = maker(REPO, topic)
    version = m.version("A")
    pages = _pages(m.pdf(version, paper, key=False))
    text = " ".join(pages)
    doc = m.document(version)
    assert normalize(doc.title.text) in text
    for question in doc.questions:
        assert normalize(f"{question.number_text}. {question.words.text}") in text, question.id
        for option in question.options:
            assert normalize(option.words.text) in text, (question.id, option.id)
        for prompt in question.prompts:
            assert normalize(prompt.words.text) in text
    assert "Name" in pages[0] and "Date" in pages[0]


def test_every_page_names_its_version():
    m = maker(REPO, "stage4-cancer")
    for version in m.versions(3):
        for key in (False, True):
            pages = _pages(m.pdf(version, "a4", key=key))
            assert len(pages) >= 2
            form = m.document(version).form_id
            for number, page in enumerate(pages, 1):
                assert (f"Version {version.letter} · Form {form} · Page {number} of "
                        f"{len(pages)}") in page


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("paper", PAPERS)
def test_key_gives_answers_and_the_leaflet_page_where_each_is_found(topic, paper):
    m = maker(REPO, topic)
    version = m.version("A")
    key_text = " ".join(_pages(m.pdf(version, paper, key=True)))
    leaflet_pdf = render_leaflet(m.leaflet, "en", None, RenderOptions(paper=paper)).pdf
    leaflet_pages = _pages(leaflet_pdf)
    raw_pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(leaflet_pdf)).pages]
    doc = m.document(version, paper)
    for question in doc.questions:
        assert question.page is not None
        heading = normalize(question.section.text)
        # the page is where the answer is printed: in its section, which starts there or
        # before (test_quiz_citations checks the answer's words are on that page)
        assert heading in " ".join(leaflet_pages[:question.page]), (question.id, question.page)
        assert normalize(question.explanation.text) in key_text
        assert heading in key_text
        for option in question.correct_options():
            assert normalize(f"{option.letter} {option.words.text}") in key_text
    assert "Leaflet page" in key_text and "Answer key" in key_text


@pytest.mark.parametrize("key", [False, True], ids=["quiz", "key"])
def test_a_question_is_never_split_between_pages(key):
    """Large print runs a quiz and its key over several pages; each question (its words
    and choices, or in the key its words, answer and explanation) is on one of them."""
    m = maker(REPO, "stage4-cancer", edition="large-print")
    version = m.version("A")
    pages = _pages(m.pdf(version, "a4", key=key))
    assert len(pages) >= 3
    doc = m.document(version, "a4")
    for question in doc.questions:
        parts = [question.words.text] + ([question.explanation.text] if key else
                                         [o.words.text for o in question.options])
        on = [[i for i, page in enumerate(pages) if normalize(part) in page] for part in parts]
        assert all(on), (question.id, on)
        assert set.intersection(*map(set, on)), (question.id, on)


def test_page_lookup_leaves_the_leaflet_exactly_as_printed():
    project = Project(REPO)
    for topic in TOPICS:
        leaflet = project.leaflet(topic)
        options = RenderOptions(paper="letter")
        expected = render_leaflet(leaflet, "en", None, options).pdf
        from generator.quiz.pages import _render_with_pages  # noqa: PLC0415

        recorded, pages = _render_with_pages(leaflet, "en", None, options)
        assert recorded.pdf == expected
        assert {s.id for s in leaflet.sections} <= set(pages)
        assert set(pages) - {s.id for s in leaflet.sections} == \
            {t.context for t in leaflet.texts() if t.context in pages}
        assert section_pages(leaflet, "en", None, options) == pages


@pytest.mark.parametrize("key", [False, True])
def test_fonts_are_ours_embedded_and_body_text_is_large(tmp_path, key):
    m = maker(REPO, "metastatic-lung-cancer")
    data = m.pdf(m.version("A"), "a4", key=key)
    fonts = pdf_fonts(_write(tmp_path, "q.pdf", data))
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name or "Times" in name for name in fonts)
    furniture = {load_sheet("standard")["page"]["footer_size"], 9.5}
    reader = PdfReader(io.BytesIO(data))
    sizes = set()
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                sizes.add(float(operands[1]))
    body = {s for s in sizes if s not in furniture}
    assert body and min(body) >= 12, sorted(sizes)


def test_pdfs_are_deterministic():
    first, second = maker(REPO, "stage4-cancer"), maker(REPO, "stage4-cancer")
    for key in (False, True):
        assert first.pdf(first.version("B"), "letter", key=key) == \
            second.pdf(second.version("B"), "letter", key=key)


def test_right_to_left_quiz_and_key_render(tmp_path):
    m = maker(REPO, "stage4-cancer", "ar_XB")
    version = m.version("A")
    doc = m.document(version, "a4")
    assert doc.rtl and all(q.page for q in doc.questions)
    for key in (False, True):
        data = m.pdf(version, "a4", key=key)
        assert len(_pages(data)) >= 2
        fonts = pdf_fonts(_write(tmp_path, f"{key}.pdf", data))
        assert all(fonts.values()) and not any("Helvetica" in f for f in fonts)


def test_a_translated_key_prints_translations_and_local_numbers(tmp_path):
    root = content_copy(tmp_path / "project")
    write_catalogs(root, "fr")
    m = maker(root, "stage4-cancer", "fr")
    version = m.version("A")
    key_text = " ".join(_pages(m.pdf(version, "a4", key=True)))
    quiz_text = " ".join(_pages(m.pdf(version, "a4", key=False)))
    value = m.leaflet.data["lung_distant_5yr"]
    assert normalize(format_value(value, "fr")) == "5,8 %"
    assert "5,8 %" in key_text        # the explanation: {lung_distant_5yr}
    assert "«About 6 in 100 people»" in quiz_text     # the leaflet's own words, translated
    assert "5.8%" not in key_text
    assert "«Answer key»" in key_text and "«Tick one box.»" in quiz_text
    pages = section_pages(m.leaflet, "fr", load_translations(root / "locales", "fr",
                                                             ["stage4-cancer", "common"]),
                          RenderOptions(paper="a4"))
    assert pages == m.pages("a4")


def _boxes_and_letters(pdf: Path):
    """Tick boxes (square rectangles) and choice letters A-D with page positions, page 1."""
    boxes, letters = [], []

    def before(op, args, cm, tm):
        if op == b"re":
            x, y, w, h = (float(a) for a in args)
            if abs(w - h) < 0.5 and 11 < w < 14:
                boxes.append((cm[4] + x * cm[0], cm[5] + y * cm[3], w))

    def text(t, cm, tm, _font, _size):
        if t.strip() in ("A", "B", "C", "D"):
            letters.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    PdfReader(str(pdf)).pages[0].extract_text(visitor_operand_before=before, visitor_text=text)
    return boxes, letters


@pytest.mark.parametrize("locale, rtl", [("en", False), ("ar", True)])
def test_tick_boxes_stand_at_the_start_of_the_line_with_a_gap(tmp_path, locale, rtl):
    run_cli("quiz", "--topic", "stage4-cancer", "--locale", locale, "--paper", "a4",
            "--format", "pdf", "--out", str(tmp_path), check=True)
    boxes, letters = _boxes_and_letters(tmp_path / locale / "quiz" /
                                        "stage4-cancer-quiz-A-a4.pdf")
    pairs = [(box, letter) for box in boxes for letter in letters
             if abs(letter[1] - box[1]) < 8]
    assert len(pairs) >= 4, (boxes, letters)
    gap = 2 * 72 / 25.4                       # 2 mm between box and letter
    for (box_x, _y, width), (letter_x, _ly) in pairs:
        if rtl:   # box on the right of its letter (a letter is at most ~9 pt wide)
            assert box_x - (letter_x + 9) >= gap, (box_x, letter_x)
        else:
            assert letter_x - (box_x + width) >= gap, (box_x, letter_x)
