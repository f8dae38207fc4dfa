"""Canvas quiz export: a zip in Canvas's own QTI 1.2 flavour, the package Canvas's "QTI .zip
file" import reads (the layout R/exams' exams2canvas and text2qti write).

    imsmanifest.xml                      IMS content package: the quiz and its settings
    <quiz>/<quiz>.xml                    questestinterop: one assessment, one section, items
    <quiz>/assessment_meta.xml           Canvas's quiz settings (title, points, shuffling)

Every item declares its Canvas `question_type` (multiple_choice_question,
true_false_question, multiple_answers_question, matching_question), 1 point, and scores
100 when fully right through `resprocessing`; multiple answers need every right box and no
wrong one, matching gives each right pair its share. Every answer has its feedback and the
explanation with the leaflet section is the general feedback. The tree is built with
ElementTree (well-formed, texts escaped) and the zip is deterministic.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.quiz.document import Question, QuizDocument
from generator.quiz.moodle import general_feedback
from generator.quiz.qti import zip_package
from generator.quiz.xmltext import clean

QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI12_XSD = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CCCV = "http://canvas.instructure.com/xsd/cccv1p0"
CCCV_XSD = "https://canvas.instructure.com/xsd/cccv1p0.xsd"
CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QUESTION_TYPES = {"single": "multiple_choice_question", "numeric": "multiple_choice_question",
                  "true_false": "true_false_question", "multiple": "multiple_answers_question",
                  "matching": "matching_question"}


def quiz_ident(doc: QuizDocument) -> str:
    return "q" + re.sub(r"[^A-Za-z0-9]", "", f"{doc.topic}{doc.locale}")


def write_canvas(doc: QuizDocument) -> bytes:
    ident = quiz_ident(doc)
    files = [("imsmanifest.xml", _manifest(doc, ident)),
             (f"{ident}/{ident}.xml", _assessment(doc, ident)),
             (f"{ident}/assessment_meta.xml", _meta(doc, ident))]
    return zip_package(files)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _html(parent: ET.Element, html: str) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", html, texttype="text/html")


def _dir(doc: QuizDocument, html: str) -> str:
    return f'<div dir="rtl">{html}</div>' if doc.rtl else html


# -- the assessment -------------------------------------------------------------------------

def answer_ident(question: Question, option_id: str) -> str:
    """Canvas answer ids are numbers in its own exports; ours are stable per item."""
    index = [o.id for o in question.options].index(option_id)
    return f"{question.number * 100 + index + 1}"


def _assessment(doc: QuizDocument, ident: str) -> bytes:
    ET.register_namespace("", QTI12)
    root = ET.Element(f"{{{QTI12}}}questestinterop",
                      {f"{{{XSI}}}schemaLocation": f"{QTI12} {QTI12_XSD}"})
    assessment = ET.SubElement(root, "assessment", ident=ident, title=clean(doc.title.text))
    meta = _sub(assessment, "qtimetadata")
    _field(meta, "cc_maxattempts", "1")
    section = _sub(assessment, "section", ident="root_section")
    for question in doc.questions:
        _item(doc, section, question)
    root = _namespaced(root)
    return _xml(root)


def _namespaced(root: ET.Element) -> ET.Element:
    """Every element in the QTI 1.2 namespace (built plain, for brevity)."""
    for element in root.iter():
        if not element.tag.startswith("{"):
            element.tag = f"{{{QTI12}}}{element.tag}"
    return root


def _field(meta: ET.Element, label: str, entry: str) -> None:
    field = _sub(meta, "qtimetadatafield")
    _sub(field, "fieldlabel", label)
    _sub(field, "fieldentry", entry)


def _item(doc: QuizDocument, section: ET.Element, question: Question) -> None:
    item = _sub(section, "item", ident=f"{quiz_ident(doc)}-{question.id}",
                title=clean(f"{question.number_text}. {question.id}"))
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    _field(meta, "question_type", QUESTION_TYPES[question.kind])
    _field(meta, "points_possible", "1.0")
    _field(meta, "original_answer_ids",
           ",".join(answer_ident(question, o.id) for o in question.options))
    _field(meta, "assessment_question_identifierref", f"{doc.topic}-{question.id}")
    presentation = _sub(item, "presentation")
    _html(presentation, _dir(doc, question.words.html))
    processing = _sub(item, "resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if question.kind == "matching":
        _matching(doc, presentation, processing, question)
    else:
        _choices(doc, presentation, processing, question)
    _feedback(item, "general_fb", _dir(doc, general_feedback(doc, question)))
    for option in question.options:
        if option.feedback is not None:
            _feedback(item, f"{answer_ident(question, option.id)}_fb",
                      _dir(doc, option.feedback.html))


def _choices(doc, presentation, processing, question: Question) -> None:
    multiple = question.kind == "multiple"
    response = _sub(presentation, "response_lid", ident="response1",
                    rcardinality="Multiple" if multiple else "Single")
    render = _sub(response, "render_choice")
    for option in question.options:
        label = _sub(render, "response_label", ident=answer_ident(question, option.id))
        _html(label, _dir(doc, option.words.html))
    general = _sub(processing, "respcondition", continue_="Yes")
    _sub(_sub(general, "conditionvar"), "other")
    _sub(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    for option in question.options:    # each chosen answer shows its own feedback
        shown = _sub(processing, "respcondition", continue_="Yes")
        _sub(_sub(shown, "conditionvar"), "varequal", answer_ident(question, option.id),
             respident="response1")
        _sub(shown, "displayfeedback", feedbacktype="Response",
             linkrefid=f"{answer_ident(question, option.id)}_fb")
    right = _sub(processing, "respcondition", continue_="No")
    condition = _sub(right, "conditionvar")
    if multiple:
        both = _sub(condition, "and")
        for option in question.options:
            parent = both if option.correct else _sub(both, "not")
            _sub(parent, "varequal", answer_ident(question, option.id), respident="response1")
    else:
        [correct] = question.correct_options()
        _sub(condition, "varequal", answer_ident(question, correct.id), respident="response1")
    _sub(right, "setvar", "100", action="Set", varname="SCORE")


def _matching(doc, presentation, processing, question: Question) -> None:
    general = _sub(processing, "respcondition", continue_="Yes")
    _sub(_sub(general, "conditionvar"), "other")
    _sub(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    share = f"{100 / len(question.prompts):.4f}"
    for prompt in question.prompts:
        respident = f"response_{prompt.id}"
        response = _sub(presentation, "response_lid", ident=respident)
        _html(response, _dir(doc, prompt.words.html))
        render = _sub(response, "render_choice")
        for option in question.options:
            label = _sub(render, "response_label", ident=answer_ident(question, option.id))
            _html(label, _dir(doc, option.words.html))
        right = _sub(processing, "respcondition", continue_="Yes")   # every pair counts
        _sub(_sub(right, "conditionvar"), "varequal", answer_ident(question, prompt.answer),
             respident=respident)
        _sub(right, "setvar", share, action="Add", varname="SCORE")


def _feedback(item: ET.Element, ident: str, html: str) -> None:
    feedback = _sub(item, "itemfeedback", ident=ident)
    flow = _sub(feedback, "flow_mat")
    _html(flow, html)


# -- Canvas settings and the manifest ----------------------------------------------------------

def _meta(doc: QuizDocument, ident: str) -> bytes:
    ET.register_namespace("", CCCV)
    root = ET.Element(f"{{{CCCV}}}quiz", {"identifier": ident,
                                          f"{{{XSI}}}schemaLocation": f"{CCCV} {CCCV_XSD}"})
    for tag, text in (("title", doc.title.text), ("description", ""),
                      ("shuffle_answers", "false"), ("scoring_policy", "keep_highest"),
                      ("hide_results", ""), ("quiz_type", "assignment"),
                      ("points_possible", f"{len(doc.questions)}.0"),
                      ("show_correct_answers", "true"), ("allowed_attempts", "1"),
                      ("one_question_at_a_time", "false"), ("cant_go_back", "false"),
                      ("available", "false"), ("one_time_results", "false")):
        _sub(root, f"{{{CCCV}}}{tag}", text)
    return _xml(root)


def _manifest(doc: QuizDocument, ident: str) -> bytes:
    ET.register_namespace("", CP)
    root = ET.Element(f"{{{CP}}}manifest", {"identifier": f"{ident}_manifest"})
    metadata = _sub(root, f"{{{CP}}}metadata")
    _sub(metadata, f"{{{CP}}}schema", "IMS Content")
    _sub(metadata, f"{{{CP}}}schemaversion", "1.1.3")
    _sub(root, f"{{{CP}}}organizations")
    resources = _sub(root, f"{{{CP}}}resources")
    quiz = _sub(resources, f"{{{CP}}}resource", identifier=ident, type="imsqti_xmlv1p2")
    _sub(quiz, f"{{{CP}}}file", href=f"{ident}/{ident}.xml")
    _sub(quiz, f"{{{CP}}}dependency", identifierref=f"{ident}_meta")
    meta = _sub(resources, f"{{{CP}}}resource", identifier=f"{ident}_meta",
                type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
                href=f"{ident}/assessment_meta.xml")
    _sub(meta, f"{{{CP}}}file", href=f"{ident}/assessment_meta.xml")
    return _xml(root)
