"""Every QTI 2.1 item we export, scored by a QTI engine we did not write (pyslet): a right
answer scores 1, a wrong answer 0 and no answer 0, and the response processing runs without
error (in every shipped topic and in a right-to-left and a pseudo locale)."""

from __future__ import annotations

import io
import zipfile

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

from generator.quiz.qti import write_qti
from generator.quiz.versions import canonical
from test_quiz_support import REPO, TOPICS, maker

import pyslet.qtiv2.xml as qtixml  # noqa: E402 - a test dependency (pyproject.toml)
from pyslet.qtiv2.items import AssessmentItem  # noqa: E402
from pyslet.qtiv2.variables import Cardinality, ItemSessionState  # noqa: E402

LOCALES = ("en", "ar_XB", "en_XA")


def _package(topic: str, locale: str) -> bytes:
    m = maker(REPO, topic, locale)
    return write_qti(m.document(canonical(m.quiz)))


def _items(data: bytes) -> dict[str, AssessmentItem]:
    items = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("items/"):
                doc = qtixml.QTIDocument()
                doc.read(src=archive.read(name))
                assert isinstance(doc.root, AssessmentItem), name
                items[name] = doc.root
    return items


def _wrong(item: AssessmentItem, correct: list) -> list:
    """A response of the item's own choices that is not the correct one."""
    interaction = next(iter(item.ItemBody.find_children_depth_first(_interaction_types())))
    if type(interaction).__name__ == "MatchInteraction":
        sources = [c.identifier for c in interaction.SimpleMatchSet[0].SimpleAssociableChoice]
        targets = [c.identifier for c in interaction.SimpleMatchSet[1].SimpleAssociableChoice]
        # every prompt matched to the next prompt's answer: all pairs wrong
        answer = dict(correct)
        return [(s, answer[sources[(n + 1) % len(sources)]]) for n, s in enumerate(sources)]
    choices = [c.identifier for c in interaction.SimpleChoice]
    wrong = [c for c in choices if c not in correct]
    return wrong[:1]


def _interaction_types():
    from pyslet.qtiv2.interactions import ChoiceInteraction, MatchInteraction  # noqa: PLC0415
    return (ChoiceInteraction, MatchInteraction)


def _score(item: AssessmentItem, response) -> tuple[float | None, dict]:
    state = ItemSessionState(item)
    state.select_clone()
    state.begin_session()
    state["numAttempts"].set_value(1)   # begin_attempt() without pyslet's HTML rendering
    declaration = item.ResponseDeclaration[0]
    if response is not None:
        if declaration.cardinality == Cardinality.single:
            state["RESPONSE"].set_value(response[0])
        else:
            state["RESPONSE"].set_value(response)
    state.end_attempt()                 # runs the item's responseProcessing
    return state["SCORE"].value, dict(state["FEEDBACK"].value or {})


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_qti_item_scores_right_wrong_and_empty_in_a_qti_engine(topic, locale):
    items = _items(_package(topic, locale))
    assert items
    for name, item in items.items():
        correct = list(item.ResponseDeclaration[0].get_correct_value().get_values()
                       if item.ResponseDeclaration[0].cardinality == Cardinality.multiple
                       else [item.ResponseDeclaration[0].get_correct_value().value])
        assert correct, name
        score, feedback = _score(item, correct)
        assert score == 1.0, (name, "right answer")
        assert "EXPLANATION" in feedback, name
        wrong = _wrong(item, correct)
        assert wrong and wrong != correct, name
        assert _score(item, wrong)[0] == 0.0, (name, "wrong answer")
        score, feedback = _score(item, None)
        assert score == 0.0, (name, "no answer")
        assert "EXPLANATION" in feedback, name


def test_feedback_of_the_chosen_answer_is_shown():
    items = _items(_package("metastatic-lung-cancer", "en"))
    item = next(i for i in items.values() if i.ResponseDeclaration[0].cardinality
                == Cardinality.single)
    correct = [item.ResponseDeclaration[0].get_correct_value().value]
    wrong = _wrong(item, correct)
    assert correct[0] in _score(item, correct)[1]
    assert wrong[0] in _score(item, wrong)[1]
