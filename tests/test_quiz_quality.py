"""Item quality in `leaflets check`: the shipped quizzes pass, and each pattern a careful
item writer avoids is flagged with the file and line of the item."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks import CheckOptions
from generator.build.project import Project
from generator.quiz.checks import check_quality, check_quizzes
from test_quiz_support import TOPICS, content_copy, quiz_of


@pytest.mark.parametrize("topic", TOPICS)
def test_shipped_quizzes_pass_the_item_quality_check(topic):
    _, leaflet, quiz = quiz_of(topic)
    assert check_quality(quiz, leaflet) == []
    for item in quiz.items:
        assert item.cite is not None, item.id


BAD_ITEMS = """
  - id: whole-team
    kind: single
    section: treatment
    question: "Who is on the team?"
    choices:
      - text: "Doctors"
      - text: "Nurses"
      - text: "All of the above"
        correct: true
    explanation: "Yes. The team has doctors and nurses."

  - id: made-up-numbers
    kind: numeric
    section: survival
    question: "About how many are alive?"
    answer: breast_distant_5yr
    distractors: {generate: true, count: 3, min_gap: 5}
    explanation: "About {breast_distant_5yr} are alive."

  - id: no-cite
    kind: true_false
    section: survival
    question: "Survival numbers are about large groups."
    answer: true
    explanation: "They describe large groups of people."
"""


def test_each_pattern_is_flagged_with_the_item_line(tmp_path):
    root = content_copy(tmp_path / "project")
    path = root / "quizzes" / "stage4-cancer.yaml"
    path.write_text(path.read_text(encoding="utf-8") + BAD_ITEMS, encoding="utf-8")
    findings = [f for f in check_quizzes(Project(root), CheckOptions(topics=["stage4-cancer"]))
                if f.check == "quizzes" and f.level in ("error", "warning")]
    messages = "\n".join(f"{f.level} {f.where} {f.message}" for f in findings)
    lines = path.read_text(encoding="utf-8").splitlines()
    line_of = {line.split(": ")[1]: n for n, line in enumerate(lines, 1)
               if line.startswith("  - id: ")}
    assert f"stage4-cancer.yaml:{line_of['whole-team']} item 'whole-team': choice " \
           "'All of the above' speaks of the other choices" in messages
    assert "item 'whole-team': the explanation starts with a verdict ('Yes.')" in messages
    assert messages.count("item 'made-up-numbers': distractor") == 3
    assert "is made from the answer, not a figure of the leaflet" in messages
    assert "item 'no-cite': does not say where the leaflet prints the answer" in messages
    assert not any("what-is-stage4" in f.message for f in findings)
    errors = [f for f in findings if f.level == "error"]
    assert len(errors) == 5     # all of the above, Yes., three made-up numbers


def test_a_simple_multiple_of_the_answer_is_a_warning(tmp_path):
    root = content_copy(tmp_path / "project")
    path = root / "quizzes" / "stage4-cancer.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      dataset: distant_survival_by_type\n      count: 3\n      min_gap: 3\n"
    assert old in text
    new = "      values: [pancreas_distant_5yr]\n      count: 1\n      min_gap: 1\n"
    path.write_text(text.replace(old, new), encoding="utf-8")
    project = Project(root)
    leaflet = project.leaflet("stage4-cancer")
    assert leaflet.data["lung_distant_5yr"].value == 2 * leaflet.data["pancreas_distant_5yr"].value
    _, _, quiz = quiz_of("stage4-cancer", root)
    [finding] = check_quality(quiz, leaflet)
    assert finding.level == "warning"
    assert "'pancreas_distant_5yr' is a simple multiple of the answer" in finding.message


def test_a_cite_the_leaflet_does_not_print_is_an_error_with_the_closest_text(tmp_path):
    from generator.errors import LeafletErrors
    from generator.quiz.loader import load_quiz, quiz_path

    root = content_copy(tmp_path / "project")
    path = root / "quizzes" / "metastatic-lung-cancer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('cite: "PD-L1"', 'cite: "PD-L2 levels"'), encoding="utf-8")
    project = Project(root)
    with pytest.raises(LeafletErrors) as caught:
        load_quiz(quiz_path(Path(root), "metastatic-lung-cancer"),
                  project.leaflet("metastatic-lung-cancer"))
    message = str(caught.value)
    assert "item 'pd-l1': no text of leaflet section 'treatment' contains 'PD-L2 levels'" \
        in message
    assert "metastatic-lung-cancer.yaml:" in message
