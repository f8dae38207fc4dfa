"""Moodle XML: one writer of a QuizDocument (and a reader, used by the tests' round trip).

Single choice, numeric and true/false items become `multichoice` / `truefalse` questions,
multiple select becomes `multichoice` with `single` false and partial credit (each right
choice 100/n %, each wrong one minus that, as Moodle's list of allowed fractions needs),
matching becomes `matching`. Every answer carries its feedback; the explanation and the
leaflet section are the general feedback. Texts are HTML (the leaflet markup is already
escaped HTML with only <b>/<i>); the tree is built with ElementTree, so it is well-formed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.quiz.document import Question, QuizDocument
from generator.quiz.xmltext import clean

FRACTION_DIGITS = 5


def fraction(percent: float) -> str:
    """Moodle's own spelling of a grade fraction: 50, 33.33333, -25."""
    text = f"{percent:.{FRACTION_DIGITS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_moodle(doc: QuizDocument) -> bytes:
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", type="category")
    _text(ET.SubElement(category, "category"),
          f"$course$/top/Leaflets/{doc.topic}/{doc.locale}")
    for question in doc.questions:
        root.append(_question(doc, question))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _question(doc: QuizDocument, question: Question) -> ET.Element:
    kind = {"matching": "matching", "true_false": "truefalse"}.get(question.kind, "multichoice")
    element = ET.Element("question", type=kind)
    _text(ET.SubElement(element, "name"), f"{question.number_text}. {question.id}")
    _html(element, "questiontext", _dir(doc, question.words.html))
    _html(element, "generalfeedback", _dir(doc, general_feedback(doc, question)))
    ET.SubElement(element, "defaultgrade").text = "1.0000000"
    ET.SubElement(element, "penalty").text = "1.0000000" if kind == "truefalse" else "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = f"{doc.topic}/{question.id}"
    if kind == "multichoice":
        _multichoice(doc, element, question)
    elif kind == "truefalse":
        for option in question.options:
            answer = ET.SubElement(element, "answer", fraction="100" if option.correct else "0",
                                   format="moodle_auto_format")
            _text(answer, option.id)      # Moodle's words: "true" / "false"
            _html(answer, "feedback", _dir(doc, option.feedback.html))
    else:
        _matching(doc, element, question)
    return element


def _multichoice(doc: QuizDocument, element: ET.Element, question: Question) -> None:
    single = question.kind != "multiple"
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true" if question.shuffle else "false"
    ET.SubElement(element, "answernumbering").text = "ABCD"
    ET.SubElement(element, "showstandardinstruction").text = "0"
    labels = doc.labels
    _html(element, "correctfeedback", _dir(doc, labels["correct"].html))
    _html(element, "partiallycorrectfeedback", _dir(doc, labels["not_correct"].html))
    _html(element, "incorrectfeedback", _dir(doc, labels["not_correct"].html))
    right = max(1, len(question.correct_options()))
    for option in question.options:
        if single:
            grade = 100 if option.correct else 0
        else:
            grade = 100 / right if option.correct else -100 / right
        answer = ET.SubElement(element, "answer", fraction=fraction(grade), format="html")
        _text(answer, _dir(doc, option.words.html))
        _html(answer, "feedback", _dir(doc, option.feedback.html))


def _matching(doc: QuizDocument, element: ET.Element, question: Question) -> None:
    ET.SubElement(element, "shuffleanswers").text = "true"
    labels = doc.labels
    _html(element, "correctfeedback", _dir(doc, labels["correct"].html))
    _html(element, "partiallycorrectfeedback", _dir(doc, labels["not_correct"].html))
    _html(element, "incorrectfeedback", _dir(doc, labels["not_correct"].html))
    answered = set()
    for prompt in question.prompts:
        option = question.option(prompt.answer)
        answered.add(option.id)
        sub = ET.SubElement(element, "subquestion", format="html")
        _text(sub, _dir(doc, prompt.words.html))
        _text(ET.SubElement(sub, "answer"), option.words.text)   # Moodle: plain text
    for option in question.options:
        if option.id not in answered:                              # matches nothing
            sub = ET.SubElement(element, "subquestion", format="html")
            _text(sub, "")
            _text(ET.SubElement(sub, "answer"), option.words.text)


def general_feedback(doc: QuizDocument, question: Question) -> str:
    """The explanation, then where the leaflet says it (label and heading on two lines)."""
    where = doc.labels["where"].html
    return (f"<p>{question.explanation.html}</p>"
            f"<p><b>{where}</b><br/>{question.section.html}</p>")


def _dir(doc: QuizDocument, html: str) -> str:
    return f'<div dir="rtl">{html}</div>' if doc.rtl and html else html


def _text(parent: ET.Element, value: str) -> ET.Element:
    node = ET.SubElement(parent, "text")
    node.text = clean(value)
    return node


def _html(parent: ET.Element, tag: str, html: str) -> ET.Element:
    node = ET.SubElement(parent, tag, format="html")
    _text(node, html)
    return node


# -- reading back (round trips in tests, and a check that an export says what we meant) --

def read_moodle(data: bytes) -> list[dict]:
    """Questions of a Moodle XML file: kind, name, question html, answers with fractions."""
    root = ET.fromstring(data)
    out = []
    for element in root.findall("question"):
        kind = element.get("type")
        if kind == "category":
            continue
        item = {"type": kind, "name": element.findtext("name/text"),
                "idnumber": element.findtext("idnumber"),
                "question": element.findtext("questiontext/text"),
                "general": element.findtext("generalfeedback/text")}
        if kind == "matching":
            item["pairs"] = [(sub.findtext("text") or "", sub.findtext("answer/text") or "")
                             for sub in element.findall("subquestion")]
        else:
            item["single"] = element.findtext("single") != "false"
            item["answers"] = [{"text": a.findtext("text"), "fraction": float(a.get("fraction")),
                                "feedback": a.findtext("feedback/text")}
                               for a in element.findall("answer")]
        out.append(item)
    return out

