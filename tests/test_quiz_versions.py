"""Versions and numeric choices: reproducible shuffles, balanced answer positions, fixed
orders kept, and numbers that come from the leaflet data and never print alike."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from generator.layout.story import people_in_100
from generator.quiz.document import risk_figure_values
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.model import DataValue
from generator.errors import LeafletError
from generator.localize.numbers import format_value
from generator.quiz.numeric import NumericSpec, choose_distractors, magnitude
from generator.quiz.versions import balanced_items, canonical, make_versions
from test_quiz_support import REPO, TOPICS, maker, quiz_of

LOCALES = ("en", "fr", "de", "tr", "ar", "hi", "zh", "ja")


@pytest.mark.parametrize("topic", TOPICS)
def test_same_seed_same_versions_other_seed_other_versions(topic):
    _, _, quiz = quiz_of(topic)
    first = make_versions(quiz, 4, seed=11)
    assert first == make_versions(quiz, 4, seed=11)
    assert first != make_versions(quiz, 4, seed=12)
    file_order = canonical(quiz).items
    orders = [v.items for v in first]
    assert len(set(orders)) == 4 and file_order not in orders
    for version in first:
        assert sorted(version.items) == sorted(file_order)
    changed = [i.id for i in quiz.items if i.shuffles
               and len({v.choices[i.id] for v in first}) > 1]
    assert len(changed) == len([i for i in quiz.items if i.shuffles])


def test_shuffles_do_not_use_the_global_random_generator():
    import random

    _, _, quiz = quiz_of("stage4-cancer")
    random.seed(1)
    first = make_versions(quiz, 3, seed=5)
    random.seed(2)
    random.random()
    assert make_versions(quiz, 3, seed=5) == first


@pytest.mark.parametrize("topic", TOPICS)
def test_answer_positions_are_balanced(topic):
    _, _, quiz = quiz_of(topic)
    items = balanced_items(quiz)
    assert len(items) >= 4
    versions = make_versions(quiz, 4, seed=3)
    for item in items:
        positions = [v.choices[item.id].index(item.correct_ids()[0]) for v in versions]
        n = len(item.choices)
        # Across versions each item's answer visits a different box every time.
        assert len(set(positions)) == min(n, len(versions)), (item.id, positions)
    for version in versions:
        for n in {len(i.choices) for i in items}:
            group = [i for i in items if len(i.choices) == n]
            counts = Counter(version.choices[i.id].index(i.correct_ids()[0]) for i in group)
            spread = [counts.get(p, 0) for p in range(n)]
            assert max(spread) - min(spread) <= 1, (version.letter, n, spread)


@pytest.mark.parametrize("topic", TOPICS)
def test_fixed_order_and_true_false_keep_their_order(topic):
    _, _, quiz = quiz_of(topic)
    versions = make_versions(quiz, 5, seed=9)
    for item in quiz.items:
        if item.fixed_order or item.kind == "true_false":
            for version in versions:
                assert version.choices[item.id] == canonical(quiz).choices[item.id], item.id


def test_versions_are_limited_to_letters():
    _, _, quiz = quiz_of("stage4-cancer")
    assert [v.letter for v in make_versions(quiz, 26)][-1] == "Z"
    with pytest.raises(LeafletError):
        make_versions(quiz, 27)


@pytest.mark.parametrize("topic", TOPICS)
def test_one_key_per_version_and_every_key_answer_matches_the_data(topic):
    m = maker(REPO, topic)
    leaflet = m.leaflet
    for version in m.versions(3):
        doc = m.document(version)
        for question in doc.questions:
            item = m.quiz.item(question.id)
            assert question.options[0].letter == "A"
            assert [o.id for o in question.options] == list(version.choices[item.id])
            if item.kind == "numeric":
                [right] = question.correct_options()
                value = leaflet.data[item.answer_data]
                expected = format_value(value, "en")
                if item.answer_data in risk_figure_values(leaflet):   # the leaflet's words
                    expected = f"About {people_in_100(value.value)} in 100 people"
                assert right.words.text == expected
            if item.kind in ("single", "numeric", "true_false"):
                assert len(question.correct_options()) == 1


@pytest.mark.parametrize("topic", TOPICS)
def test_numeric_choices_never_print_alike_and_none_is_also_true(topic):
    _, leaflet, quiz = quiz_of(topic)
    numeric = [i for i in quiz.items if i.kind == "numeric"]
    assert numeric
    for item in numeric:
        answer = leaflet.data[item.answer_data]
        wrong = [c for c in item.choices if not c.correct]
        assert len(wrong) >= 2
        for locale in LOCALES:
            printed = [format_value(c.value, locale) for c in item.choices]
            assert len(set(printed)) == len(printed), (item.id, locale, printed)
        for choice in wrong:
            assert magnitude(choice.value) != magnitude(answer)
            if choice.data_name:                       # a value from the same dataset
                assert choice.data_name in leaflet.data


def _fake_leaflet(value, decimals):
    from generator.content.model import Leaflet
    import datetime as dt

    answer = DataValue("x", value, "percent", "s", "about", decimals, 1)
    return Leaflet(id="t", path=REPO, title=None, subtitle=None, audience_note=None,
                   content_version="1", sources=(),
                   data={"x": answer}, datasets={}, sections=())


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("99.9"), places=1),
       st.sampled_from([0, 1]), st.sampled_from([1, 2.5, 5, 8]))
def test_generated_distractors_keep_the_gap_and_print_apart(value, decimals, gap):
    leaflet = _fake_leaflet(float(value), decimals)
    found, problem = choose_distractors(leaflet, NumericSpec("x", count=3, min_gap=gap))
    answer = leaflet.data["x"]
    values = [answer] + [c.value for c in found]
    for locale in ("en", "fr", "tr"):
        printed = [format_value(v, locale) for v in values]
        assert len(set(printed)) == len(printed), printed
    for a in values:
        assert 0 < a.value < 100
        for b in values:
            if a is not b:
                assert abs(magnitude(a) - magnitude(b)) >= Decimal(str(gap))
    assert problem is None or len(found) < 3
