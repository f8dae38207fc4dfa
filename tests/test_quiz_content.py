"""The quiz files: they load against their leaflets, cover the key messages, follow the text
rules, and their texts are ready for translation (contexts, kinds, Localizer)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.content.model import Text
from generator.errors import LeafletErrors
from generator.localize.localizer import Localizer
from generator.build.project import Project
from generator.quiz.loader import load_quiz
from generator.quiz.model import KINDS
from test_quiz_support import REPO, TOPICS, content_copy, quiz_of

# Key messages of each leaflet: the sections a quiz must ask about.
KEY_SECTIONS = {
    "stage4-cancer": {"what-it-is", "staging", "how-it-spreads", "symptoms", "treatment",
                      "outlook", "survival"},
    "metastatic-lung-cancer": {"what-it-is", "types-and-stages", "where-it-spreads",
                               "treatment", "palliative-care", "survival"},
}


@pytest.mark.parametrize("topic", TOPICS)
def test_each_quiz_has_ten_items_of_every_kind_on_the_key_messages(topic):
    _, leaflet, quiz = quiz_of(topic)
    assert len(quiz.items) >= 10
    assert {i.kind for i in quiz.items} == set(KINDS)
    assert KEY_SECTIONS[topic] <= {i.section for i in quiz.items}
    sections = {s.id for s in leaflet.sections}
    assert all(i.section in sections for i in quiz.items)
    # "All of the above" items (fixed order) are gone: their other options were true too.


@pytest.mark.parametrize("topic", TOPICS)
def test_quiz_texts_are_translatable_in_the_topic_domain(topic):
    _, leaflet, quiz = quiz_of(topic)
    texts = list(quiz.texts())
    assert all(isinstance(t, Text) for t in texts)
    assert all(t.context.startswith(f"{topic}/quiz/") for t in texts)
    assert len({t.context for t in texts}) == len(texts)
    kinds = {t.kind for t in texts}
    assert {"quiz-question", "quiz-choice", "quiz-explanation"} <= kinds
    item = quiz.items[0]
    assert f"{topic}/quiz/{item.id}/question" in {t.context for t in texts}
    assert f"{topic}/quiz/{item.id}/choice-2" in {t.context for t in texts}
    # The leaflet's own Localizer prints them unchanged.
    loc = Localizer(leaflet, "en")
    for text in texts:
        assert "{" not in loc.text(text), text.context


@pytest.mark.parametrize("topic", TOPICS)
def test_no_digits_in_quiz_prose(topic):
    _, _, quiz = quiz_of(topic)
    for text in quiz.texts():
        prose = re.sub(r"\{[a-z_0-9]+\}", "", text.source)
        prose = re.sub(r"\b(stage|Stage)\s+\d[A-Z]?|\b[A-Za-z]+-?\d+[A-Za-z]*|\d+[A-Z]\b", "",
                       prose)
        assert not re.search(r"\d", prose), (text.context, text.source)


def test_quizzes_repeat_no_sentence_of_the_sources():
    tool = REPO.parent / "shared" / "tools" / "copied-sentences"
    if not tool.is_file():
        pytest.skip("copied-sentences tool not next to the project")
    result = subprocess.run([str(tool), str(REPO)], capture_output=True, text=True, check=False)
    assert "quizzes/" not in result.stdout, result.stdout


def _write(root: Path, topic: str, text: str) -> Path:
    path = root / "quizzes" / f"{topic}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BROKEN = """\
topic: stage4-cancer
title: "A quiz"
items:
  - id: one
    kind: single
    section: nowhere
    question: "Which is right?"
    choices:
      - text: "This one"
        correct: true
      - text: "That one"
        correct: true
    explanation: "Because."
  - id: two
    kind: numeric
    section: survival
    question: "About how many?"
    answer: lung_distant_5yx
    explanation: "It is about 58 in 100."
  - id: three
    kind: matching
    section: symptoms
    question: "Match them."
    pairs:
      - {left: "Yellow skin", right: {leaflet: "Kidney"}}
      - {left: "Cough", right: "Lungs"}
      - {left: "Headache", right: "Brain"}
    explanation: "See the leaflet."
  - id: one
    kind: true_false
    section: survival
    question: "True?"
    answer: yes please
    explanation: "No."
"""


def test_every_problem_is_reported_with_its_line(tmp_path):
    root = content_copy(tmp_path)
    path = _write(root, "stage4-cancer", BROKEN)
    leaflet = Project(root).leaflet("stage4-cancer")
    with pytest.raises(LeafletErrors) as caught:
        load_quiz(path, leaflet)
    messages = [(e.line, e.message) for e in caught.value.errors]
    text = "\n".join(f"{line}: {msg}" for line, msg in messages)
    assert "6: section 'nowhere' is not a section" in text
    assert "needs exactly one choice with correct: true, has 2" in text
    assert "18: answer 'lung_distant_5yx' of numeric item 'two' is not a data value" in text
    assert "19: number '58' written in the text" in text
    assert "25: leaflet section 'symptoms' does not print the text 'Kidney'" in text
    assert "29: duplicate item id 'one'" in text
    hints = [e.hint for e in caught.value.errors if e.hint]
    assert "did you mean 'lung_distant_5yr'?" in hints


def test_leaflet_texts_are_borrowed_not_copied():
    _, leaflet, quiz = quiz_of("stage4-cancer")
    borrowed = [c for i in quiz.items for c in i.choices if c.from_leaflet]
    borrowed += [p for i in quiz.items for p in i.pairs if p.right_from_leaflet]
    assert borrowed
    leaflet_contexts = {t.context for t in leaflet.texts()}
    quiz_contexts = {t.context for t in quiz.texts()}
    for choice in borrowed:
        text = getattr(choice, "text", None) or choice.right
        assert text.context in leaflet_contexts and text.context not in quiz_contexts
