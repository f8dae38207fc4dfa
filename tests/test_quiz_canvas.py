"""Canvas export (QTI 1.2 in Canvas's flavour, as exams2canvas writes it): read by a QTI 1.2
reader we did not write (pyslet's qtiv1, which maps every element of the QTI 1.2 spec to its
own class), laid out as Canvas's importer expects, and scoring 100/0/0 for a right, a wrong
and an empty answer under QTI 1.2 response-processing rules."""

from __future__ import annotations

import io
import logging
import xml.etree.ElementTree as ET
import zipfile

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

from generator.quiz.canvas import (CCCV, CP, QTI12, QUESTION_TYPES, answer_ident,
                                   write_canvas)
from generator.quiz.document import Question
from generator.quiz.versions import canonical
from test_quiz_support import REPO, TOPICS, maker

import pyslet.qtiv1.xml as q1  # noqa: E402 - a test dependency (pyproject.toml)
LOCALES = ("en", "ar_XB", "en_XA")
NS = {"q": QTI12}


def _doc(topic, locale):
    m = maker(REPO, topic, locale)
    return m.document(canonical(m.quiz))


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _pyslet_classes(xml: bytes) -> list[type]:
    """The classes pyslet's QTI 1.2 reader gives every element of the assessment."""
    logging.disable(logging.WARNING)     # pyslet logs HTML fragments it does not render
    try:
        doc = q1.QTIDocument()
        doc.read(src=xml)
    finally:
        logging.disable(logging.NOTSET)
    classes = [type(doc.root)]

    def walk(element):
        for child in element.get_children():
            if not isinstance(child, str):
                classes.append(type(child))
                walk(child)

    assessment = doc.root.Assessment
    classes.append(type(assessment))
    for section in assessment.SectionMixin:
        classes.append(type(section))
        for item in section.SectionItemMixin:
            classes.append(type(item))
            walk(item)
    return classes


def _known(cls: type) -> bool:
    return cls.__module__.startswith("pyslet.qtiv1") and cls.__name__ not in ("QTIElement",)


def test_pyslet_tells_an_unknown_element_from_a_qti_one():
    """The reader check below can fail: a misspelt element is not given a QTI class."""
    data = write_canvas(_doc("stage4-cancer", "en"))
    name = next(n for n in _files(data) if n.endswith(".xml") and "/" in n
                and "meta" not in n)
    xml = _files(data)[name].replace(b"<resprocessing>", b"<resprocesing>", 1)
    try:
        classes = _pyslet_classes(xml)
    except Exception:  # noqa: BLE001 - pyslet refusing the element is a pass too
        return
    assert not all(_known(c) for c in classes)


# -- scoring under QTI 1.2 rules ------------------------------------------------------------

def _holds(condition: ET.Element, response: dict[str, set[str]]) -> bool:
    tag = condition.tag.split("}")[1]
    if tag == "conditionvar" or tag == "and":
        return all(_holds(c, response) for c in condition)
    if tag == "or":
        return any(_holds(c, response) for c in condition)
    if tag == "not":
        return not all(_holds(c, response) for c in condition)
    if tag == "other":
        return True
    if tag == "varequal":
        return condition.text in response.get(condition.get("respident"), set())
    raise AssertionError(f"condition {tag} not expected")


def _score(item: ET.Element, response: dict[str, set[str]]) -> float:
    score = 0.0
    for rule in item.iterfind("q:resprocessing/q:respcondition", NS):
        if _holds(rule.find("q:conditionvar", NS), response):
            for setvar in rule.iterfind("q:setvar", NS):
                value = float(setvar.text)
                score = value if setvar.get("action") == "Set" else score + value
            if rule.get("continue", "No") == "No":
                break
    return score


def _answers(item: ET.Element, question: Question):
    """(right response, a wrong response): the right one from the quiz itself, so an
    export that marks another option correct fails; the wrong one from the item's labels."""
    lids = item.findall("q:presentation/q:response_lid", NS)
    if question.kind == "matching":
        right = {f"response_{p.id}": {answer_ident(question, p.answer)}
                 for p in question.prompts}
    else:
        right = {"response1": {answer_ident(question, o.id)
                               for o in question.options if o.correct}}
    wrong = {}
    for lid in lids:
        labels = [label.get("ident") for label in lid.iter(f"{{{QTI12}}}response_label")]
        others = [label for label in labels if label not in right[lid.get("ident")]]
        wrong[lid.get("ident")] = {others[0]}
    return right, wrong


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("locale", LOCALES)
def test_canvas_package_reads_and_scores_every_item(topic, locale):
    doc = _doc(topic, locale)
    files = _files(write_canvas(doc))
    manifest = ET.fromstring(files["imsmanifest.xml"])
    resources = manifest.findall(f"{{{CP}}}resources/{{{CP}}}resource")
    quiz = next(r for r in resources if r.get("type") == "imsqti_xmlv1p2")
    href = quiz.find(f"{{{CP}}}file").get("href")
    assert href in files
    meta = next(r for r in resources if r.get("identifier")
                == quiz.find(f"{{{CP}}}dependency").get("identifierref"))
    meta_xml = ET.fromstring(files[meta.get("href")])
    assert meta_xml.tag == f"{{{CCCV}}}quiz"
    assert meta_xml.findtext(f"{{{CCCV}}}title") == doc.title.text
    assert float(meta_xml.findtext(f"{{{CCCV}}}points_possible")) == len(doc.questions)

    classes = _pyslet_classes(files[href])
    assert all(_known(c) for c in classes), {c.__name__ for c in classes if not _known(c)}
    assert sum(c.__name__ == "Item" for c in classes) == len(doc.questions)

    root = ET.fromstring(files[href])
    items = root.findall("q:assessment/q:section/q:item", NS)
    assert len(items) == len(doc.questions)
    for item, question in zip(items, doc.questions):
        fields = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry",
                                                                          namespaces=NS)
                  for f in item.iter(f"{{{QTI12}}}qtimetadatafield")}
        assert fields["question_type"] == QUESTION_TYPES[question.kind]
        right, wrong = _answers(item, question)
        assert _score(item, right) == pytest.approx(100, abs=0.1), question.id
        assert _score(item, wrong) == 0, question.id
        assert _score(item, {}) == 0, question.id
        feedback = {f.get("ident") for f in item.iterfind("q:itemfeedback", NS)}
        assert "general_fb" in feedback
        if question.kind == "multiple":    # ticking every box is not full marks
            everything = {k: {label.get("ident") for label in item.iter(
                f"{{{QTI12}}}response_label")} for k in right}
            assert _score(item, everything) == 0


def test_canvas_export_is_deterministic():
    doc = _doc("metastatic-lung-cancer", "en")
    assert write_canvas(doc) == write_canvas(doc)
