"""`leaflets quiz` as a user runs it: files where the docs say, options, and clear errors."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from test_quiz_support import TOPICS, content_copy, leaflets


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = content_copy(tmp_path_factory.mktemp("quiz") / "project")
    out = root.parent / "out"
    status = leaflets("quiz", "--locale", "en", "--paper", "a4", "--versions", "2",
                      "--seed", "5", "--out", str(out), "--root", str(root))
    return status, root, out


def test_quiz_writes_the_documented_layout(made):
    status, _root, out = made
    assert status == 0
    folder = out / "en" / "quiz"
    expected = set()
    for topic in TOPICS:
        for version in "AB":    # seed 5 is part of the name: a build (seed 0) cannot
            expected |= {f"{topic}-quiz-{version}-seed5-a4.pdf",   # replace them
                         f"{topic}-key-{version}-seed5-a4.pdf"}
        expected |= {f"{topic}-grid-seed5-a4.pdf"}
        expected |= {f"{topic}.moodle.xml", f"{topic}.gift.txt", f"{topic}.qti.zip",
                     f"{topic}.canvas.zip", f"{topic}.json"}
    assert {p.name for p in folder.iterdir()} == expected
    data = json.loads((folder / "stage4-cancer.json").read_text(encoding="utf-8"))
    assert data["seed"] == 5 and [v["version"] for v in data["versions"]] == ["A", "B"]
    assert [v["form"] for v in data["versions"]] == \
        [f"S4C-{v}5-{data['content_version']}" for v in "AB"]


def test_same_seed_same_files_and_build_makes_version_a(made, tmp_path):
    _status, root, out = made
    again = tmp_path / "again"
    assert leaflets("quiz", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                    "--versions", "2", "--seed", "5", "--format", "pdf", "--out", str(again),
                    "--root", str(root)) == 0
    for name in ("stage4-cancer-quiz-B-seed5-a4.pdf", "stage4-cancer-key-B-seed5-a4.pdf"):
        assert (again / "en" / "quiz" / name).read_bytes() == \
            (out / "en" / "quiz" / name).read_bytes()
    assert not list((again / "en" / "quiz").glob("*.json"))
    built = tmp_path / "built"
    assert leaflets("build", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                    "--out", str(built), "--root", str(root)) == 0
    quiz_files = sorted(p.name for p in (built / "en" / "quiz").iterdir())
    assert quiz_files == ["stage4-cancer-key-A-a4.pdf", "stage4-cancer-quiz-A-a4.pdf"]
    # `leaflets build` and `leaflets quiz` with the default seed print the same version A.
    default = tmp_path / "default"
    assert leaflets("quiz", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                    "--format", "pdf", "--out", str(default), "--root", str(root)) == 0
    for name in quiz_files:
        assert (built / "en" / "quiz" / name).read_bytes() == \
            (default / "en" / "quiz" / name).read_bytes()


def test_a_build_never_replaces_a_quiz_made_with_another_seed(made):
    """`leaflets quiz --seed 5` then `leaflets build` in the same out folder: the seeded
    quiz and key are still there, unchanged, beside the build's seed-0 version A."""
    _status, root, out = made
    folder = out / "en" / "quiz"
    seeded = {p.name: p.read_bytes() for p in folder.glob("stage4-cancer-*seed5*.pdf")}
    assert len(seeded) == 5      # quiz and key A and B, and the grid
    assert leaflets("build", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                    "--out", str(out), "--root", str(root)) == 0
    assert {p.name: p.read_bytes() for p in folder.glob("stage4-cancer-*seed5*.pdf")} == seeded
    assert (folder / "stage4-cancer-quiz-A-a4.pdf").is_file()
    assert (folder / "stage4-cancer-quiz-A-a4.pdf").read_bytes() != \
        seeded["stage4-cancer-quiz-A-seed5-a4.pdf"]


def test_quiz_key_and_grid_show_the_form_id(made):
    from conftest import pdf_text
    from generator.quiz.document import form_id
    from test_quiz_support import quiz_of

    _status, root, out = made
    folder = out / "en" / "quiz"
    version = quiz_of("stage4-cancer", root)[1].content_version
    for letter in "AB":
        form = form_id("stage4-cancer", letter, 5, version)
        assert form == f"S4C-{letter}5-{version}"
        for what in ("quiz", "key"):
            pages = pdf_text(folder / f"stage4-cancer-{what}-{letter}-seed5-a4.pdf")
            # in the header and in the footer of every page
            assert pages.count(form) >= 2, (what, letter)
        assert form in pdf_text(folder / "stage4-cancer-grid-seed5-a4.pdf")
    key_a = pdf_text(folder / "stage4-cancer-key-A-seed5-a4.pdf")
    assert "Use this key only with a quiz that shows the same form" in key_a
    assert "S4C-B5-" not in key_a


def test_the_answer_grid_is_one_page_with_every_version(tmp_path):
    from pypdf import PdfReader

    from conftest import pdf_text

    root = content_copy(tmp_path / "project")
    out = tmp_path / "out"
    assert leaflets("quiz", "--topic", "metastatic-lung-cancer", "--locale", "en", "--paper",
                    "letter", "--versions", "6", "--format", "pdf", "--out", str(out),
                    "--root", str(root)) == 0
    grid = out / "en" / "quiz" / "metastatic-lung-cancer-grid-letter.pdf"
    assert len(PdfReader(str(grid)).pages) == 1
    text = pdf_text(grid)
    for letter in "ABCDEF":
        assert f"Version {letter}" in text
    # question 1 of version C: the grid gives the letter the key of version C gives
    from test_quiz_support import maker
    m = maker(root, "metastatic-lung-cancer")
    doc = m.document(m.versions(3)[2])
    first = doc.questions[0]
    if first.kind in ("single", "multiple", "numeric"):
        letters = " ".join(o.letter for o in first.correct_options())
        assert letters in text


def test_large_print_quiz_and_key_are_made_on_request(tmp_path):
    from pypdf import PdfReader

    root = content_copy(tmp_path / "project")
    out = tmp_path / "out"
    assert leaflets("quiz", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                    "--edition", "large-print", "--format", "pdf", "--out", str(out),
                    "--root", str(root)) == 0
    folder = out / "en" / "quiz"
    assert {p.name for p in folder.iterdir()} == {
        "stage4-cancer-quiz-A-large-print-a4.pdf", "stage4-cancer-key-A-large-print-a4.pdf",
        "stage4-cancer-grid-large-print-a4.pdf"}
    sizes = set()
    for page in PdfReader(str(folder / "stage4-cancer-quiz-A-large-print-a4.pdf")).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes.add(round(size * tm[0], 1))
        page.extract_text(visitor_text=visit)
    body = [s for s in sizes if s > 0]
    # 18 pt and up, except the 14 pt page footer (docs/editions.md)
    assert body and min(s for s in body if s != 14) >= 18, sorted(body)


@pytest.mark.parametrize("args, message", [
    (["--topic", "nope"], "unknown topic 'nope'"),
    (["--versions", "0"], "--versions must be from 1 to 26"),
    (["--versions", "27"], "--versions must be from 1 to 26"),
    (["--locale", "xx"], "unknown locale 'xx'"),
])
def test_user_errors_exit_2_with_a_message(tmp_path, args, message):
    root = content_copy(tmp_path / "project")
    result = run_cli("quiz", *args, "--out", str(tmp_path / "out"), "--root", str(root))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_topic_without_a_quiz_is_named(tmp_path):
    root = content_copy(tmp_path / "project")
    (root / "quizzes" / "stage4-cancer.yaml").unlink()
    result = run_cli("quiz", "--topic", "stage4-cancer", "--out", str(tmp_path / "out"),
                     "--root", str(root))
    assert result.returncode == 2
    assert "topic 'stage4-cancer' has no quiz" in result.stderr
    assert "quizzes/stage4-cancer.yaml" in result.stderr


def test_untranslated_quiz_is_refused_unless_fallback_is_allowed(tmp_path):
    from test_quiz_support import quiz_of, write_catalogs

    root = content_copy(tmp_path / "project")
    _, _, quiz = quiz_of("stage4-cancer", root)
    missing = quiz.items[0].question.context
    write_catalogs(root, "fr", overrides={missing: ""})
    args = ["quiz", "--topic", "stage4-cancer", "--locale", "fr", "--paper", "a4",
            "--format", "gift", "--root", str(root)]
    assert leaflets(*args, "--out", str(tmp_path / "a")) == 1
    assert not (tmp_path / "a" / "fr" / "quiz" / "stage4-cancer.gift.txt").exists()
    assert leaflets(*args, "--allow-fallback", "--out", str(tmp_path / "b")) == 0
    gift = (tmp_path / "b" / "fr" / "quiz" / "stage4-cancer.gift.txt").read_text("utf-8")
    assert "[English]" in gift and "«" in gift
