"""A quiz says what its leaflet prints: change a number once and both change; `leaflets check`
catches a quiz that refers to data the leaflet does not print, or whose choices print
alike in some locale."""

from __future__ import annotations

import re

from conftest import pdf_text
from generator.checks import CheckOptions
from generator.build.project import Project
from generator.quiz.checks import check_quizzes, printed_data
from test_quiz_support import content_copy, leaflets, quiz_of, write_catalogs


def _set_value(root, topic: str, name: str, value: str) -> None:
    path = root / "leaflets" / f"{topic}.yaml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(rf"(\n  {name}:\n    value: )[^\n]+", rf"\g<1>{value}", text)
    assert count == 1
    path.write_text(text, encoding="utf-8")


def test_a_changed_number_changes_the_leaflet_and_the_answer_key(tmp_path):
    root = content_copy(tmp_path / "project")
    _set_value(root, "stage4-cancer", "lung_distant_5yr", "8.4")
    out = tmp_path / "out"
    status = leaflets("build", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                      "--out", str(out), "--root", str(root))
    assert status == 0
    leaflet = pdf_text(out / "en" / "stage4-cancer-a4.pdf")
    key = pdf_text(out / "en" / "quiz" / "stage4-cancer-key-A-a4.pdf")
    quiz = pdf_text(out / "en" / "quiz" / "stage4-cancer-quiz-A-a4.pdf")
    for text in (leaflet, key):
        assert "8.4%" in text
        assert "5.8%" not in text
    # The quiz asks in the words of the leaflet's picture of 100 people.
    for text in (leaflet, quiz):
        assert "About 8 in 100 people" in text
    assert "About 6 in 100 people" not in leaflet


def _findings(root, **options):
    return check_quizzes(Project(root), CheckOptions(**options))


def test_the_real_quizzes_pass_the_check():
    from test_quiz_support import REPO

    findings = _findings(REPO)
    assert [f for f in findings if f.level != "info"] == []


def test_check_fires_when_the_quiz_prints_data_the_leaflet_does_not(tmp_path):
    root = content_copy(tmp_path / "project")
    path = root / "leaflets" / "stage4-cancer.yaml"
    text = path.read_text(encoding="utf-8").replace("\ndata:\n", """
data:
  hidden_rate:
    value: 41.5
    unit: percent
    decimals: 1
    source: nci-seer
    about: "A number the leaflet never prints"
""", 1)
    path.write_text(text, encoding="utf-8")
    quiz = root / "quizzes" / "stage4-cancer.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8") + """
  - id: hidden
    kind: numeric
    section: survival
    question: "About how many?"
    answer: hidden_rate
    distractors: {values: [breast_distant_5yr], count: 1}
    explanation: "It is {hidden_rate}."
""", encoding="utf-8")
    assert "hidden_rate" not in printed_data(Project(root).leaflet("stage4-cancer"))
    errors = [f for f in _findings(root, topics=["stage4-cancer"]) if f.level == "error"]
    assert len(errors) == 1
    assert "item 'hidden' prints data value 'hidden_rate', which the leaflet does not print" \
        in errors[0].message
    assert errors[0].where.endswith(f"stage4-cancer.yaml:{_line_of(quiz, '- id: hidden')}")


def _line_of(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_check_fires_when_two_choices_print_alike_in_some_locale(tmp_path):
    root = content_copy(tmp_path / "project")
    _, _, quiz = quiz_of("stage4-cancer", root)
    item = quiz.item("keeps-its-name")
    first, second = item.choices[1].text, item.choices[2].text
    write_catalogs(root, "fr", overrides={first.context: "Un cancer du foie",
                                          second.context: "un  cancer du FOIE"})
    findings = _findings(root, topics=["stage4-cancer"])
    errors = [f for f in findings if f.level == "error"]
    assert len(errors) == 1, errors
    assert errors[0].where.startswith("fr: ")
    assert "item 'keeps-its-name': choices B and C both print" in errors[0].message
    # English and the other locales are fine: only French prints them alike.
    assert not [f for f in _findings(root, topics=["stage4-cancer"], locales=["en"])
                if f.level == "error"]


def test_check_cli_fails_on_a_broken_quiz_and_names_the_line(tmp_path, capsys):
    root = content_copy(tmp_path / "project")
    quiz = root / "quizzes" / "metastatic-lung-cancer.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "section: palliative-care", "section: palliative", 1), encoding="utf-8")
    assert leaflets("check", "--root", str(root)) == 1
    out = capsys.readouterr().out
    line = _line_of(quiz, "section: palliative")
    assert f"[quizzes] error: {quiz}:{line}: section 'palliative' is not a section" in out
    assert "did you mean 'palliative-care'?" in out
