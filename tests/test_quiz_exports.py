"""Exports: Moodle XML, GIFT, QTI 2.1 and JSON hold every item with the right answers marked
and per-answer feedback, and read back to what was written (round trips)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from html import unescape

import pytest

from generator.quiz.document import Option, Question, QuizDocument, Words
from generator.quiz.gift import escape, read_gift, unescape as gift_unescape, write_gift
from generator.quiz.moodle import read_moodle, write_moodle
from generator.quiz.qti import CP, QTI, read_qti, write_qti
from generator.quiz.versions import canonical
from test_quiz_support import REPO, TOPICS, maker

LOCALES = ("en", "ar_XB", "en_XA")


def _doc(topic: str, locale: str = "en") -> QuizDocument:
    m = maker(REPO, topic, locale)
    return m.document(canonical(m.quiz))


def _strip_dir(html: str) -> str:
    prefix, suffix = '<div dir="rtl">', "</div>"
    if html.startswith(prefix) and html.endswith(suffix):
        return html[len(prefix):-len(suffix)]
    return html


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("locale", LOCALES)
def test_moodle_xml_round_trip(topic, locale):
    doc = _doc(topic, locale)
    data = write_moodle(doc)
    ET.fromstring(data)                       # well-formed XML
    questions = read_moodle(data)
    assert len(questions) == len(doc.questions)
    for question, read in zip(doc.questions, questions):
        assert read["idnumber"] == f"{topic}/{question.id}"
        assert _strip_dir(read["question"]) == question.words.html
        assert question.explanation.html in read["general"]
        assert question.section.html in read["general"]
        if question.kind == "matching":
            pairs = {(_strip_dir(left), right) for left, right in read["pairs"]}
            for prompt in question.prompts:
                assert (prompt.words.html, question.option(prompt.answer).words.text) in pairs
            continue
        answers = read["answers"]
        assert len(answers) == len(question.options)
        right = [a for a in answers if a["fraction"] > 0]
        if question.kind == "true_false":
            assert [a["text"] for a in right] == [o.id for o in question.correct_options()]
        else:
            assert [_strip_dir(a["text"]) for a in right] == \
                [o.words.html for o in question.correct_options()]
            assert sum(a["fraction"] for a in right) == pytest.approx(100, abs=0.01)
            assert read["single"] == (question.kind != "multiple")
        for option, answer in zip(question.options, answers):
            assert _strip_dir(answer["feedback"]) == option.feedback.html


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("locale", LOCALES)
def test_gift_round_trip(topic, locale):
    doc = _doc(topic, locale)
    questions = read_gift(write_gift(doc))
    assert len(questions) == len(doc.questions)
    for question, read in zip(doc.questions, questions):
        assert read["name"] == f"{question.number_text}. {question.id}"
        assert read["format"] == "html"
        assert _strip_dir(read["question"]) == question.words.html.replace("->", "-&gt;")
        assert question.explanation.html in read["general"]
        if question.kind == "true_false":
            assert read["type"] == "truefalse"
            assert read["answer"] == (question.correct_options()[0].id == "true")
            right = question.correct_options()[0]
            assert _strip_dir(read["right_feedback"]) == right.feedback.html
        elif question.kind == "matching":
            assert read["type"] == "matching"
            answered = {p.answer for p in question.prompts}
            expected = [(p.words.html, question.option(p.answer).words.text)
                        for p in question.prompts]
            expected += [("", o.words.text) for o in question.options if o.id not in answered]
            assert [(_strip_dir(left), right) for left, right in read["pairs"]] == expected
        else:
            assert read["type"] == "multichoice"
            texts = [_strip_dir(a["text"]) for a in read["answers"]]
            assert texts == [o.words.html for o in question.options]
            marked = [_strip_dir(a["text"]) for a in read["answers"] if a["fraction"] > 0]
            assert marked == [o.words.html for o in question.correct_options()]
            assert [_strip_dir(a["feedback"]) for a in read["answers"]] == \
                [o.feedback.html for o in question.options]


@pytest.mark.parametrize("text", [
    "a ~ b = c # d { e } f : g \\ h", "\\{not a block\\}", "x::y", "==>~~##", "line\nbreak"])
def test_gift_escapes_every_special_character(text):
    escaped = escape(text)
    for char in "~=#{}:":
        assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c == char)
    assert "\n" not in escaped
    assert gift_unescape(escaped) == text
    # And through a whole question: the text comes back exactly.
    words = Words(text, text)
    option = Option("choice-1", "A", words, True, words)
    wrong = Option("choice-2", "B", Words("other", "other"), False, words)
    question = Question("q", "single", 1, "1", words, words, [option, wrong], [], words, "s",
                        words, None, None, True, 0)
    doc = QuizDocument("t", "en", "en", False, "", words, words, None, "1",
                       {"where": Words("In the leaflet", "In the leaflet")}, [question])
    [read] = read_gift(write_gift(doc))
    assert read["question"] == text
    assert [a["text"] for a in read["answers"]] == [text, "other"]
    assert read["answers"][0]["feedback"] == text


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("locale", LOCALES)
def test_qti_package_lists_every_item_and_marks_the_answers(topic, locale):
    doc = _doc(topic, locale)
    data = write_qti(doc)
    package = read_qti(data)
    assert package["manifest"] == [f"items/{q.id}.xml" for q in doc.questions]
    assert set(package["manifest"]) <= set(package["names"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        files = {f.get("href") for f in manifest.iter(f"{{{CP}}}file")}
        assert set(package["names"]) - {"imsmanifest.xml"} <= files
        test = ET.fromstring(archive.read("assessment.xml"))
        refs = [r.get("href") for r in test.iter(f"{{{QTI}}}assessmentItemRef")]
        assert refs == package["manifest"]
    for question in doc.questions:
        item = package["items"][f"items/{question.id}.xml"]
        assert item["identifier"] == f"item-{question.id}"
        if question.kind == "matching":
            assert item["correct"] == [f"prompt-{p.id} answer-{p.answer}"
                                       for p in question.prompts]
        else:
            assert item["correct"] == [o.id for o in question.correct_options()]
            assert set(item["feedback"]) == {o.id for o in question.options} | {"EXPLANATION"}
        assert item["cardinality"] == ("single" if question.kind in
                                       ("single", "numeric", "true_false") else "multiple")


def test_qti_identifiers_are_unique_within_each_item():
    data = write_qti(_doc("stage4-cancer"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("items/"):
                root = ET.fromstring(archive.read(name))
                ids = [e.get("identifier") for e in root.iter()
                       if e.get("identifier") and e.tag.endswith(("Choice", "Declaration"))]
                assert len(ids) == len(set(ids)), (name, ids)


@pytest.mark.parametrize("topic", TOPICS)
def test_json_holds_items_answers_and_version_keys(topic):
    m = maker(REPO, topic)
    versions = m.versions(3)
    data = json.loads(m.export("json", versions))
    assert data["format"] == "leaflets-quiz" and data["topic"] == topic
    assert [i["id"] for i in data["items"]] == [i.id for i in m.quiz.items]
    for item, model in zip(data["items"], m.quiz.items):
        if model.kind != "matching":
            assert [o["id"] for o in item["options"] if o["correct"]] == \
                [c for c in canonical(m.quiz).choices[model.id] if c in model.correct_ids()]
            assert all(o["feedback"]["text"] for o in item["options"])
        assert item["section"]["id"] == model.section
    assert [v["version"] for v in data["versions"]] == ["A", "B", "C"]
    for key, version in zip(data["versions"], versions):
        assert [q["id"] for q in key["questions"]] == list(version.items)


def test_exports_are_deterministic():
    m = maker(REPO, "stage4-cancer")
    for fmt in ("moodle", "gift", "qti", "json"):
        assert m.export(fmt, m.versions(2)) == m.export(fmt, m.versions(2)), fmt


def test_moodle_texts_are_html_escaped_once():
    doc = _doc("stage4-cancer")
    data = write_moodle(doc)
    root = ET.fromstring(data)
    texts = [t.text or "" for t in root.iter("text")]
    assert any("<b>" in t for t in texts)             # markup kept as HTML
    assert not any("&amp;lt;" in t for t in texts)    # never escaped twice
    assert all(unescape(t) for t in texts if t)
