"""Tagged PDF / PDF/UA-1: independent validators, and the structure read back.

One build per session makes a leaflet per script family (Latin, Cyrillic, Arabic,
Devanagari, Han, Hangul, Kana) with its quiz and key, a bilingual Arabic + English edition
and a large-print edition with the language-help page. Two checkers we did not write
(`outloud`, `pdfua`, from PyPI) must find no error in any of them; the structure is read
back with poppler (`pdfinfo -struct-text`) and pikepdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

from generator.localize.localizer import Localizer
from generator.project import find_project

from conftest import ROOT, run_cli

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
    return out


def leaflet_pdf(out: Path, locale: str, edition: str = "") -> Path:
    return out / locale / f"{TOPIC}{edition}-a4.pdf"


def checked_files(out: Path) -> list[Path]:
    files = [leaflet_pdf(out, code) for code in SCRIPTS]
    files += [leaflet_pdf(out, "ar", "-bilingual-en"), leaflet_pdf(out, "en", "-large-print"),
              out / "en" / "quiz" / f"{TOPIC}-quiz-A-a4.pdf",
              out / "en" / "quiz" / f"{TOPIC}-key-A-a4.pdf",
              out / "ar" / "quiz" / f"{TOPIC}-quiz-A-a4.pdf",
              out / "hi" / "quiz" / f"{TOPIC}-key-A-a4.pdf"]
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

class Elem:
    def __init__(self, role: str, depth: int, parent):
        self.role, self.depth, self.parent = role, depth, parent
        self.children: list[Elem] = []
        self.texts: list[str] = []
        self.attrs: dict[str, str] = {}

    def text(self) -> str:
        return "".join(self.texts + [c.text() for c in self.children])

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def struct_tree(path: Path) -> Elem:
    """The tree `pdfinfo -struct-text` prints (poppler's reading of the structure)."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    output = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                            text=True, check=True).stdout
    root = Elem("(root)", -1, None)
    stack = [root]
    for line in output.splitlines():
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip(" "))
        body = line.strip()
        while stack[-1].depth >= depth:
            stack.pop()
        if body.startswith('"'):
            stack[-1].texts.append(body[1:-1] if body.endswith('"') else body[1:])
        elif body.startswith("/"):
            name, _, value = body[1:].partition(" ")
            stack[-1].attrs[name] = value.lstrip("/")
        else:
            role = re.match(r"[A-Za-z0-9]+", body).group(0)
            elem = Elem(role, depth, stack[-1])
            stack[-1].children.append(elem)
            stack.append(elem)
    (document,) = root.children
    assert document.role == "Document"
    return document


def letters(text: str) -> str:
    """The characters of a text in a fixed order: shaped right-to-left lines come back in
    visual order and a Devanagari vowel sign may come back before its consonant, so order
    is compared between elements, not inside a line."""
    return "".join(sorted(ch for ch in text if not ch.isspace()))


def same_letters(extracted: str, expected: str) -> bool:
    return letters(extracted) == letters(expected)


def overlap(extracted: str, expected: str) -> float:
    got, want = Counter(letters(extracted)), Counter(letters(expected))
    return sum((got & want).values()) / max(sum(got.values()), sum(want.values()), 1)


def localizer(locale: str) -> Localizer:
    project = find_project(ROOT)
    return Localizer(project.leaflet(TOPIC), locale, project.translations(TOPIC, locale),
                     allow_fallback=True)


@pytest.mark.parametrize("locale", ["en", "ar", "hi", "zh_Hans"])
def test_headings_come_in_content_order(tagged, locale):
    document = struct_tree(leaflet_pdf(tagged, locale))
    loc = localizer(locale)
    headings = [e for e in document.walk() if e.role in ("H1", "H2")]
    key = loc.leaflet.key_messages      # the key-messages box comes first, under an H2
    expected = [loc.plain(loc.leaflet.title)] + ([loc.plain(key.title)] if key else []) + \
        [loc.plain(s.heading) for s in loc.leaflet.sections]
    assert len(headings) == len(expected)
    if locale == "hi":
        # Devanagari read back from glyphs is not exact yet (a vowel sign or conjunct may
        # come back as another letter or a private-use code): each heading must still be
        # nearest to the heading of the same place in the content.
        for index, heading in enumerate(headings):
            scores = [overlap(heading.text(), text) for text in expected]
            assert scores.index(max(scores)) == index, (heading.text(), expected[index])
    else:
        for heading, text in zip(headings, expected):
            assert same_letters(heading.text(), text), (heading.text(), text)
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
    assert all(same_letters(c.text(), t) for c, t in zip(first_row.children, expected))
    body = tables[0].children[1]
    assert same_letters(body.children[0].text(), loc.plain(dataset.rows[0].label))


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


def test_icon_arrays_are_figures_with_alt_text_in_the_leaflets_language(tagged):
    for locale in ("en", "ar", "zh_Hans"):
        loc = localizer(locale)
        _pdf, figures = _objects(leaflet_pdf(tagged, locale), "Figure")
        alts = [str(f.Alt) for f in figures]
        assert len(alts) == 2, locale
        for alt in alts:
            assert loc.plain(loc.leaflet.title) not in alt
        if locale == "en":
            assert alts[0].startswith("About ") and " in 100 people – " in alts[0]
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
        assert [item.title for item in top.children] == \
            [loc.plain(s.heading) for s in loc.leaflet.sections]


def test_draft_notice_is_said_once_the_band_repeats_as_furniture(tagged):
    document = struct_tree(leaflet_pdf(tagged, "ar"))
    first, second = document.children[:2]
    assert first.role == second.role == "P"
    assert "Translation not yet reviewed" in second.text()
    assert sum("Translation not yet reviewed" in e.text() for e in document.children) == 1
    pdf, paragraphs = _objects(leaflet_pdf(tagged, "ar"), "P")
    assert any(str(p.get("/Lang", "")) == "en" for p in paragraphs)


def test_bilingual_edition_tags_both_languages(tagged):
    path = leaflet_pdf(tagged, "ar", "-bilingual-en")
    pdf, sections = _objects(path, "Sect")
    assert str(pdf.Root.Lang) == "ar"
    assert len(sections) == 2
    assert "/Lang" not in sections[0] and str(sections[1].Lang) == "en"
    document = struct_tree(path)
    arabic, english = [e for e in document.children if e.role == "Sect"]
    english_h1 = next(e for e in english.walk() if e.role == "H1")
    assert english_h1.text().replace(" ", "") == "Stage4(metastatic)cancer"
    assert any(e.role == "H1" for e in arabic.walk())


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
    for path in sorted(tagged.rglob("*.pdf")):
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
