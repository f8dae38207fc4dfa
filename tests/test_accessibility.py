"""Tagged PDF / PDF/UA-1: independent validators, and the structure read back.

One build per session makes a leaflet per script family (Latin, Cyrillic, Arabic,
Devanagari, Han, Hangul, Kana) with its quiz and key, a bilingual Arabic + English edition
and a large-print edition with the language-help page. Two checkers we did not write
(`outloud`, `pdfua`, from PyPI) must find no error in any of them; the structure is read
back with pikepdf (tests/struct_text.py: each element's marked content, ActualText spans
in place of their glyphs, in logical order) and checked against poppler's reading where
poppler reads it right.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from generator.localize.localizer import Localizer
from generator.build.project import find_project

from conftest import ROOT, run_cli
from struct_text import reading, struct_tree

TOPIC = "stage4-cancer"
SCRIPTS = {"en": "Latin", "ru": "Cyrillic", "ar": "Arabic", "hi": "Devanagari",
           "zh_Hans": "Han", "ko": "Hangul", "ja": "Kana"}
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def tagged(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tagged") / "out"
    locales = [arg for code in SCRIPTS for arg in ("--locale", code)]
    common = ["--topic", TOPIC, "--paper", "a4", "--allow-fallback", "--out", str(out)]
    run_cli("build", *common, *locales, check=True)
    run_cli("build", *common, "--locale", "ar", "--edition", "bilingual", "--with", "en",
            check=True)
    run_cli("build", *common, "--locale", "en", "--edition", "large-print",
            "--language-help", check=True)
    # the answer grids (`leaflets quiz` only), one version and two, in their own folders
    for versions in ("1", "2"):
        run_cli("quiz", "--topic", TOPIC, "--paper", "a4", "--allow-fallback", "--locale", "en",
                "--locale", "ar", "--versions", versions, "--format", "pdf",
                "--out", str(out.parent / f"grid{versions}"), check=True)
    return out


def grid_pdf(out: Path, locale: str, versions: int) -> Path:
    return out.parent / f"grid{versions}" / locale / "quiz" / f"{TOPIC}-grid-a4.pdf"


def leaflet_pdf(out: Path, locale: str, edition: str = "") -> Path:
    return out / locale / f"{TOPIC}{edition}-a4.pdf"


def checked_files(out: Path) -> list[Path]:
    files = [leaflet_pdf(out, code) for code in SCRIPTS]
    files += [leaflet_pdf(out, "ar", "-bilingual-en"), leaflet_pdf(out, "en", "-large-print"),
              out / "en" / "quiz" / f"{TOPIC}-quiz-A-a4.pdf",
              out / "en" / "quiz" / f"{TOPIC}-key-A-a4.pdf",
              out / "ar" / "quiz" / f"{TOPIC}-quiz-A-a4.pdf",
              out / "hi" / "quiz" / f"{TOPIC}-key-A-a4.pdf"]
    files += [grid_pdf(out, locale, n) for locale in ("en", "ar") for n in (1, 2)]
    for path in files:
        assert path.is_file(), path
    return files


# -- independent validators -------------------------------------------------------------------

def test_outloud_finds_no_errors(tagged):
    files = checked_files(tagged)
    result = subprocess.run([str(BIN / "outloud"), "--fail-on", "error", "--no-info",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    # every file was really checked, and found tagged
    assert result.stdout.count("0 error(s)") == len(files), result.stdout


def test_pdfua_finds_no_errors(tagged):
    files = checked_files(tagged)
    result = subprocess.run([str(BIN / "pdfua"), "check", "--min-severity", "error",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("result: PASS") == len(files), result.stdout


# -- structure read back ----------------------------------------------------------------------

def poppler_tree(path: Path) -> list[tuple[str, int, str]]:
    """(role, depth, text) of each element `pdfinfo -struct-text` prints, in tree order."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    output = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                            text=True, check=True).stdout
    elements: list[list] = []
    for line in output.splitlines():
        depth, body = len(line) - len(line.lstrip(" ")), line.strip()
        if body.startswith('"') and elements:
            elements[-1][2] += body[1:-1] if body.endswith('"') else body[1:]
        elif body and not body.startswith("/"):
            elements.append([re.match(r"[A-Za-z0-9]+", body).group(0), depth, ""])
    return [tuple(e) for e in elements]


def in_order(found: list[str], expected: list[str]) -> bool:
    """Each text found is the expected one of its place, letter for letter in reading
    order (whitespace, where lines wrap, and direction marks aside)."""
    return [reading(t) for t in found] == [reading(t) for t in expected]


def localizer(locale: str) -> Localizer:
    project = find_project(ROOT)
    return Localizer(project.leaflet(TOPIC), locale, project.translations(TOPIC, locale),
                     allow_fallback=True)


def expected_headings(loc: Localizer) -> list[str]:
    """The title, then the key-messages box's title (it comes first, under an H2), then
    the section headings."""
    key = loc.leaflet.key_messages
    return [loc.plain(loc.leaflet.title)] + ([loc.plain(key.title)] if key else []) + \
        [loc.plain(s.heading) for s in loc.leaflet.sections]


@pytest.mark.parametrize("locale", ["en", "ar", "hi", "zh_Hans"])
def test_headings_come_in_content_order(tagged, locale):
    """Letter for letter, in logical order: Arabic right to left as written, Devanagari
    with its vowel signs after their consonants (the text layer's ActualText)."""
    document = struct_tree(leaflet_pdf(tagged, locale))
    headings = [e for e in document.walk() if e.role in ("H1", "H2")]
    expected = expected_headings(localizer(locale))
    assert [h.text() for h in headings] and in_order([h.text() for h in headings], expected), \
        list(zip([h.text() for h in headings], expected))
    assert headings[0].role == "H1" and all(h.role == "H2" for h in headings[1:])


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_table_cells_are_in_logical_order(tagged, locale):
    """The survival table's header row reads label first in both directions (an Arabic
    page shows it on the right), and the header cells are TH with column scope."""
    document = struct_tree(leaflet_pdf(tagged, locale))
    loc = localizer(locale)
    tables = [e for e in document.walk() if e.role == "Table"]
    assert tables
    dataset = next(iter(loc.leaflet.datasets.values()))
    first_row = tables[0].children[0]
    assert [c.role for c in first_row.children] == ["TH"] * (len(dataset.columns) + 1)
    assert all(c.attrs.get("Scope") == "Column" for c in first_row.children)
    expected = [loc.plain(dataset.label_heading)] + [loc.plain(c) for c in dataset.columns]
    assert in_order([c.text() for c in first_row.children], expected)
    labels = [row.children[0] for row in tables[0].children[1:]]
    assert all(c.attrs.get("Scope") == "Row" for c in labels) or len(dataset.columns) == 1
    assert in_order([c.text() for c in labels], [loc.plain(r.label) for r in dataset.rows])


def test_structure_text_reader_agrees_with_poppler(tagged):
    """Where poppler reads the structure right (a leaflet without ActualText spans, its
    lines drawn in reading order), it finds the same elements, in the same order, with the
    same text as the reader the other tests use."""
    path = leaflet_pdf(tagged, "en")

    def own(elem) -> str:
        return "".join(part for part in elem.parts if isinstance(part, str))

    ours = [(e.role, reading(own(e))) for e in struct_tree(path).walk()]
    theirs = [(role, reading(text)) for role, _depth, text in poppler_tree(path)]
    assert len(ours) > 100 and sum(bool(text) for _role, text in ours) > 100
    assert ours == theirs


@pytest.mark.parametrize("locale", list(SCRIPTS))
def test_headings_nest_and_tables_have_headers(tagged, locale):
    document = struct_tree(leaflet_pdf(tagged, locale))
    quiz = struct_tree(tagged / locale / "quiz" / f"{TOPIC}-quiz-A-a4.pdf")
    document.children += quiz.children       # lists of the quiz checked too
    levels = [int(e.role[1]) for e in document.walk() if re.fullmatch(r"H[1-6]", e.role)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    for table in (e for e in document.walk() if e.role == "Table"):
        assert all(row.role == "TR" for row in table.children)
        assert any(cell.role == "TH" for cell in table.children[0].children)
    for lst in (e for e in document.walk() if e.role == "L"):
        assert lst.children and all(item.role == "LI" for item in lst.children)
        for item in lst.children:
            roles = [c.role for c in item.children]
            assert set(roles) <= {"Lbl", "LBody"}
            assert roles.index("LBody") == len(roles) - 1     # a label is read first


def test_english_leaflet_text_reads_in_order(tagged):
    """Paragraphs, lists and the glossary of a section come in the order of the content."""
    document = struct_tree(leaflet_pdf(tagged, "en"))
    text = " ".join(e.text() for e in document.children)
    flat = re.sub(r"\s+", "", text)
    loc = localizer("en")
    position = 0
    for section in loc.leaflet.sections:
        found = flat.find(re.sub(r"\s+", "", loc.plain(section.heading)), position)
        assert found >= position, section.id
        position = found
    # furniture is not content: the footer's page numbers are artifacts
    assert "Page 1 of" not in text


def _objects(path: Path, role: str):
    pdf = pikepdf.open(path)
    return pdf, [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                 and o.get("/S") == pikepdf.Name("/" + role)]


def expected_alts(loc: Localizer) -> list[str]:
    """What each icon array says, from the content: its risk figures in reading order, each
    "about N in 100 people" (the big number beside it) and its caption."""
    from generator.layout.flowables import IconArray
    from generator.layout.story import people_in_100
    from generator.localize.numbers import format_count
    from generator.content.markup import plain_text

    alts = []
    for section in loc.leaflet.sections:
        for block in section.blocks:
            if type(block).__name__ != "RiskFigure":
                continue
            count = people_in_100(loc.leaflet.data[block.value].value)
            about = loc.ui_plural("risk_about", count,
                                  count=format_count(count, loc.formatting_locale),
                                  total=format_count(IconArray.TOTAL, loc.formatting_locale))
            alts.append(f"{plain_text(about)} – {plain_text(loc.text(block.caption))}")
    return alts


def spoken(text: str) -> str:
    """Text as a listener gets it: without the invisible direction controls."""
    return re.sub("[\u200e\u200f\u061c\u2066-\u2069]", "", text)


def test_icon_arrays_are_figures_with_alt_text_in_the_leaflets_language(tagged):
    for locale in ("en", "ar", "zh_Hans"):
        loc = localizer(locale)
        _pdf, figures = _objects(leaflet_pdf(tagged, locale), "Figure")
        alts = [str(f.Alt) for f in figures]
        expected = expected_alts(loc)
        assert expected, "the content has risk figures"
        assert [spoken(a) for a in alts] == [spoken(e) for e in expected], locale
        if locale == "en":       # no bidi controls where there is no right-to-left text
            assert alts == [spoken(a) for a in alts]
        if locale == "ar":
            assert all(re.search("[\u0600-\u06ff]", alt) for alt in alts)
        if locale == "zh_Hans":
            assert all(re.search("[\u4e00-\u9fff]", alt) for alt in alts)


def test_document_metadata_and_outline(tagged):
    path = leaflet_pdf(tagged, "ar")
    pdf = pikepdf.open(path)
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(root.Lang) == "ar"
    assert "/StructTreeRoot" in root
    meta = pdf.open_metadata()
    assert meta["dc:title"] == str(pdf.docinfo.Title)
    assert meta["pdfuaid:part"] == "1"
    assert all(page.Tabs == "/S" for page in pdf.pages)
    assert [page.StructParents for page in pdf.pages] == list(range(len(pdf.pages)))
    with pdf.open_outline() as outline:
        (top,) = outline.root
        loc = localizer("ar")
        assert top.title == loc.plain(loc.leaflet.title)
        key = loc.leaflet.key_messages     # its title is the first H2, before the sections
        assert [item.title for item in top.children] == \
            ([loc.plain(key.title)] if key else []) + \
            [loc.plain(s.heading) for s in loc.leaflet.sections]


def band_notices(locale: str) -> list[tuple[str, str]]:
    """(text, language tag) of each line of the draft band, from the content and the
    ledger: the clinical-draft line while the content is a clinical draft, then the
    translation-draft line while the translation is, each in the leaflet's language and
    then in English."""
    from generator.content.review import content_state
    from generator.localize.review import topic_review
    from generator.content.markup import plain_text

    loc = localizer(locale)
    project = find_project(ROOT)
    keys = []
    if content_state(loc.leaflet).draft:
        keys.append("content_draft_band")
    if topic_review(project, TOPIC, locale, project.translations(TOPIC, locale)).draft:
        keys.append("draft_band")
    lines = []
    for key in keys:
        lines.append((plain_text(loc.ui(key)), locale.replace("_", "-")))
        english = plain_text(loc.ui_english(key))
        if english != lines[-1][0]:
            lines.append((english, "en"))
    return lines


def test_draft_notice_is_said_once_the_band_repeats_as_furniture(tagged):
    path = leaflet_pdf(tagged, "ar")
    notices = band_notices("ar")
    assert len(notices) >= 2        # (the content is a clinical draft: see leaflets/*.yaml)
    document = struct_tree(path)
    first = document.children[:len(notices)]
    # said first, once, as paragraphs, each in its language
    assert [e.role for e in first] == ["P"] * len(notices)
    assert in_order([e.text() for e in first], [text for text, _lang in notices])
    assert [e.lang for e in first] == [lang for _text, lang in notices]
    for text, _lang in notices:
        assert sum(reading(text) in reading(e.text()) for e in document.walk()
                   if not e.children) == 1, text
    # and printed on every page, outside the structure (an artifact) after the first
    pages = pikepdf.open(path).pages
    assert len(pages) > 1
    for number in range(1, len(pages) + 1):
        page_text = reading(subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(path),
             "-"], capture_output=True, text=True, check=True).stdout)
        for text, lang in notices:
            if lang == "en":         # (pdftotext's Arabic is in its own order of lines)
                assert reading(text) in page_text, (number, text)


def test_bilingual_edition_tags_both_languages(tagged):
    path = leaflet_pdf(tagged, "ar", "-bilingual-en")
    pdf, sections = _objects(path, "Sect")
    assert str(pdf.Root.Lang) == "ar"
    assert len(sections) == 2
    assert "/Lang" not in sections[0] and str(sections[1].Lang) == "en"
    document = struct_tree(path)
    arabic, english = [e for e in document.children if e.role == "Sect"]
    english_h1 = next(e for e in english.walk() if e.role == "H1")
    arabic_h1 = next(e for e in arabic.walk() if e.role == "H1")
    assert in_order([arabic_h1.text(), english_h1.text()],
                    [expected_headings(localizer(code))[0] for code in ("ar", "en")])


def test_language_help_lines_carry_their_language(tagged):
    pdf, items = _objects(leaflet_pdf(tagged, "en", "-large-print"), "LI")
    langs = {str(item.Lang) for item in items if "/Lang" in item}
    assert {"ar", "zh-Hans", "hi", "ru"} <= langs


@pytest.mark.parametrize("kind", ["quiz", "key"])
def test_quiz_questions_read_number_first(tagged, kind):
    document = struct_tree(tagged / "en" / "quiz" / f"{TOPIC}-{kind}-A-a4.pdf")
    questions = next(e for e in document.children if e.role == "L")
    for number, item in enumerate(questions.children, 1):
        label, body = item.children
        assert (label.role, body.role) == ("Lbl", "LBody")
        assert label.text().strip() == f"{number}."
        assert body.children[0].role == "P"             # the question's words come first
        if kind == "key":      # then the answer, why, and where to read, in that order
            assert [c.role for c in body.children] == ["P", "Table"]
            heads = [row.children[0] for row in body.children[1].children]
            assert [h.role for h in heads] == ["TH"] * 3
            assert [h.text() for h in heads][:2] == ["Answer", "Why"]


def test_quiz_choices_are_lists_with_tick_box_labels(tagged):
    path = tagged / "en" / "quiz" / f"{TOPIC}-quiz-A-a4.pdf"
    pdf, lists = _objects(path, "L")
    numbering = [str(lst.A.ListNumbering) for lst in lists if "/A" in lst]
    assert "/Decimal" in numbering and "/UpperAlpha" in numbering
    _pdf, boxes = _objects(path, "Form")
    ticks = [b for b in boxes if b.A.Role == "/cb"]
    assert len(ticks) >= 4
    # non-interactive form fields: unticked check boxes, said as a ballot box, each the
    # label of a choice (with its letter, when the choice has one)
    for box in ticks:
        assert box.A.O == "/PrintField" and box.A.checked == "/off"
        assert str(box.ActualText) == "\u2610"
        assert box.P.S == "/Lbl" and box.P.P.S == "/LI"
    # the name and date lines are text fields, each beside its label
    fields = [b for b in boxes if b.A.Role == "/tv" and b.P.S == "/Div"]
    assert len(fields) == 2
    assert all(field.P.K[0].S == "/P" for field in fields)


def test_every_painted_thing_is_marked_content(tagged):
    """Text, paths and images are inside a structure element's marked content or an
    artifact, on every page of every output (furniture included); sequences balance."""
    painting = {"re", "m", "f", "f*", "S", "B", "b", "Tj", "TJ", "'", '"', "Do", "sh"}
    for path in sorted(tagged.parent.rglob("*.pdf")):      # the answer grids too
        pdf = pikepdf.open(path)
        for number, page in enumerate(pdf.pages, 1):
            depth = 0
            for _operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    depth += 1
                elif name == "EMC":
                    depth -= 1
                    assert depth >= 0, (path, number)
                elif name in painting:
                    assert depth > 0, f"{path.name} page {number}: {name} outside marked content"
            assert depth == 0, (path, number)


def test_tagged_output_is_deterministic():
    from generator.render.leaflet import RenderOptions, render_leaflet

    project = find_project(ROOT)
    leaflet = project.leaflet(TOPIC)
    catalogs = project.translations(TOPIC, "ar")
    options = RenderOptions(allow_fallback=True)
    first = render_leaflet(leaflet, "ar", catalogs, options).pdf
    assert render_leaflet(leaflet, "ar", catalogs, options).pdf == first


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_answer_grid_is_a_table_read_in_logical_order(tagged, locale):
    """The answer grid is a data table: a header row (the question column, then each
    version's letter and form id, in logical order on a right-to-left page too), then one
    row per question, its number first; the numbers head the rows when several versions
    stand side by side."""
    for versions in (1, 2):
        document = struct_tree(grid_pdf(tagged, locale, versions))
        (table,) = [e for e in document.walk() if e.role == "Table"]
        head, *rows = table.children
        assert [c.role for c in head.children] == ["TH"] * (versions + 1)
        assert all(c.attrs.get("Scope") == "Column" for c in head.children)
        # each version's cell: its label ending in the version's letter, then its form id
        labels = [reading(c.children[0].text()) for c in head.children[1:]]
        assert [label[-1] for label in labels] == [chr(ord("A") + i) for i in range(versions)]
        assert len(rows) > 1
        assert [len(r.children) for r in rows] == [versions + 1] * len(rows)
        assert [reading(r.children[0].text()) for r in rows] == \
            [str(n) for n in range(1, len(rows) + 1)]
        assert [r.children[0].role for r in rows] == \
            ["TH" if versions > 1 else "TD"] * len(rows)
