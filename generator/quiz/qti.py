"""QTI 2.1 content package: a zip with `imsmanifest.xml`, one assessmentItem file per item
and an assessmentTest that lists them in order.

Single choice, numeric and true/false items are choiceInteractions with one answer,
multiple select allows several (maxChoices 0) and matching is a matchInteraction of
directed pairs. Each item declares its correct response, scores 1 for a fully right answer,
and shows the feedback of every chosen answer plus the explanation (modalFeedback bound to
the FEEDBACK outcome). The zip is deterministic: fixed order and timestamps.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

from generator.quiz.document import Question, QuizDocument
from generator.quiz.moodle import general_feedback
from generator.quiz.xmltext import clean

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
EXPLANATION = "EXPLANATION"
SOURCE, TARGET = "prompt-", "answer-"    # matching: identifiers are unique within an item


def item_identifier(question: Question) -> str:
    return f"item-{question.id}"


def item_href(question: Question) -> str:
    return f"items/{question.id}.xml"


def write_qti(doc: QuizDocument) -> bytes:
    files: list[tuple[str, bytes]] = [("imsmanifest.xml", _manifest(doc)),
                                      ("assessment.xml", _test(doc))]
    files += [(item_href(q), _item(doc, q)) for q in doc.questions]
    return zip_package(files)


def zip_package(files: list[tuple[str, bytes]]) -> bytes:
    """A zip of `files` that is the same bytes for the same files (fixed dates and modes):
    the QTI 2.1 package and Canvas's QTI 1.2 package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _xml(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def _attr(value: str) -> str:
    return (clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _body(html: str) -> str:
    """Leaflet markup (escaped text, <b>/<i>) is valid QTI XHTML content as it is."""
    return clean(html)


# -- items ------------------------------------------------------------------------------

def _item(doc: QuizDocument, question: Question) -> bytes:
    matching = question.kind == "matching"
    parts = [f'<assessmentItem xmlns="{QTI}" xmlns:xsi="{XSI}" '
             f'xsi:schemaLocation="{QTI} {QTI_XSD}" '
             f'identifier="{item_identifier(question)}" title="{_attr(question.words.text)}" '
             f'adaptive="false" timeDependent="false" xml:lang="{doc.lang}">']
    parts.append(_response_declaration(question))
    parts.append('<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">'
                 '<defaultValue><value>0</value></defaultValue></outcomeDeclaration>')
    parts.append('<outcomeDeclaration identifier="FEEDBACK" cardinality="multiple" '
                 'baseType="identifier"/>')
    parts.append("<itemBody>")
    parts.append(_match_interaction(question) if matching else _choice_interaction(question))
    parts.append("</itemBody>")
    parts.append(_response_processing(matching))
    if not matching:
        for option in question.options:
            parts.append(f'<modalFeedback outcomeIdentifier="FEEDBACK" showHide="show" '
                         f'identifier="{option.id}">{_body(option.feedback.html)}</modalFeedback>')
    parts.append(f'<modalFeedback outcomeIdentifier="FEEDBACK" showHide="show" '
                 f'identifier="{EXPLANATION}">{_body(general_feedback(doc, question))}'
                 f'</modalFeedback>')
    parts.append("</assessmentItem>")
    return _xml("\n".join(parts))


def _response_declaration(question: Question) -> str:
    if question.kind == "matching":
        pairs = [f"{SOURCE}{p.id} {TARGET}{p.answer}" for p in question.prompts]
        values = "".join(f"<value>{pair}</value>" for pair in pairs)
        mapping = "".join(f'<mapEntry mapKey="{pair}" mappedValue="1"/>' for pair in pairs)
        return ('<responseDeclaration identifier="RESPONSE" cardinality="multiple" '
                f'baseType="directedPair"><correctResponse>{values}</correctResponse>'
                f'<mapping defaultValue="0">{mapping}</mapping></responseDeclaration>')
    cardinality = "multiple" if question.kind == "multiple" else "single"
    values = "".join(f"<value>{o.id}</value>" for o in question.correct_options())
    return (f'<responseDeclaration identifier="RESPONSE" cardinality="{cardinality}" '
            f'baseType="identifier"><correctResponse>{values}</correctResponse>'
            '</responseDeclaration>')


def _choice_interaction(question: Question) -> str:
    most = 0 if question.kind == "multiple" else 1
    shuffle = "true" if question.shuffle else "false"
    fixed = "" if question.shuffle else ' fixed="true"'
    choices = "".join(f'<simpleChoice identifier="{o.id}"{fixed}>{_body(o.words.html)}'
                      "</simpleChoice>" for o in question.options)
    return (f'<choiceInteraction responseIdentifier="RESPONSE" shuffle="{shuffle}" '
            f'maxChoices="{most}"><prompt>{_body(question.words.html)}</prompt>'
            f"{choices}</choiceInteraction>")


def _match_interaction(question: Question) -> str:
    sources = "".join(f'<simpleAssociableChoice identifier="{SOURCE}{p.id}" matchMax="1">'
                      f"{_body(p.words.html)}</simpleAssociableChoice>" for p in question.prompts)
    targets = "".join(f'<simpleAssociableChoice identifier="{TARGET}{o.id}" matchMax="1">'
                      f"{_body(o.words.html)}</simpleAssociableChoice>" for o in question.options)
    return (f'<matchInteraction responseIdentifier="RESPONSE" shuffle="true" '
            f'maxAssociations="{len(question.prompts)}"><prompt>{_body(question.words.html)}'
            f"</prompt><simpleMatchSet>{sources}</simpleMatchSet>"
            f"<simpleMatchSet>{targets}</simpleMatchSet></matchInteraction>")


def _response_processing(matching: bool = False) -> str:
    """Score 1 when the response is exactly right; show chosen feedback and the explanation.

    FEEDBACK is a container of identifiers: a matching item's response (directed pairs)
    cannot go into it (QTI forbids mixing base types in <multiple>; engines refuse it), so a
    matching item shows the explanation only."""
    score = ('<responseCondition><responseIf><match><variable identifier="RESPONSE"/>'
             '<correct identifier="RESPONSE"/></match>'
             '<setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue>'
             '</setOutcomeValue></responseIf><responseElse>'
             '<setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue>'
             '</setOutcomeValue></responseElse></responseCondition>')
    explanation = f'<baseValue baseType="identifier">{EXPLANATION}</baseValue>'
    if matching:
        feedback = f'<setOutcomeValue identifier="FEEDBACK"><multiple>{explanation}</multiple>' \
                   '</setOutcomeValue>'
    else:
        feedback = ('<responseCondition><responseIf><isNull><variable identifier="RESPONSE"/>'
                    '</isNull><setOutcomeValue identifier="FEEDBACK"><multiple>'
                    f'{explanation}</multiple></setOutcomeValue></responseIf><responseElse>'
                    '<setOutcomeValue identifier="FEEDBACK"><multiple>'
                    f'<variable identifier="RESPONSE"/>{explanation}</multiple>'
                    '</setOutcomeValue></responseElse></responseCondition>')
    return f"<responseProcessing>{score}{feedback}</responseProcessing>"


# -- test and manifest --------------------------------------------------------------------

def _test(doc: QuizDocument) -> bytes:
    refs = "\n".join(f'<assessmentItemRef identifier="{item_identifier(q)}" '
                     f'href="{item_href(q)}"/>' for q in doc.questions)
    ident = _ident(f"test-{doc.topic}-{doc.locale}")
    return _xml(
        f'<assessmentTest xmlns="{QTI}" xmlns:xsi="{XSI}" '
        f'xsi:schemaLocation="{QTI} {QTI_XSD}" identifier="{ident}" '
        f'title="{_attr(doc.title.text)}">\n'
        '<testPart identifier="part-1" navigationMode="nonlinear" submissionMode="individual">\n'
        '<assessmentSection identifier="section-1" title="'
        f'{_attr(doc.title.text)}" visible="true">\n{refs}\n</assessmentSection>\n'
        '</testPart>\n</assessmentTest>')


def _manifest(doc: QuizDocument) -> bytes:
    resources = []
    for question in doc.questions:
        href = item_href(question)
        resources.append(f'<resource identifier="{item_identifier(question)}" type="{ITEM_TYPE}" '
                         f'href="{href}"><file href="{href}"/></resource>')
    deps = "".join(f'<dependency identifierref="{item_identifier(q)}"/>' for q in doc.questions)
    resources.append(f'<resource identifier="test" type="{TEST_TYPE}" href="assessment.xml">'
                     f'<file href="assessment.xml"/>{deps}</resource>')
    ident = _ident(f"manifest-{doc.topic}-{doc.locale}")
    return _xml(
        f'<manifest xmlns="{CP}" xmlns:xsi="{XSI}" xsi:schemaLocation="{CP} {CP_XSD}" '
        f'identifier="{ident}">\n'
        '<metadata><schema>QTIv2.1 Package</schema><schemaversion>1.0.0</schemaversion>'
        '</metadata>\n<organizations/>\n<resources>\n' + "\n".join(resources)
        + "\n</resources>\n</manifest>")


def _ident(text: str) -> str:
    """An XML NCName made of letters, digits, '-' and '_'."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


# -- reading back (tests) ------------------------------------------------------------------

def read_qti(data: bytes) -> dict:
    """{'manifest': [item hrefs], 'items': {href: {'identifier', 'correct', 'kind'}}}."""
    ns = {"cp": CP, "qti": QTI}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        hrefs = [r.get("href") for r in manifest.iterfind("cp:resources/cp:resource", ns)
                 if r.get("type") == ITEM_TYPE]
        items = {}
        for href in hrefs:
            root = ET.fromstring(archive.read(href))
            declaration = root.find("qti:responseDeclaration", ns)
            items[href] = {
                "identifier": root.get("identifier"),
                "cardinality": declaration.get("cardinality"),
                "correct": [v.text for v in declaration.iterfind("qti:correctResponse/qti:value",
                                                                  ns)],
                "feedback": [f.get("identifier") for f in root.iterfind("qti:modalFeedback", ns)],
            }
        return {"manifest": hrefs, "items": items, "names": archive.namelist()}
