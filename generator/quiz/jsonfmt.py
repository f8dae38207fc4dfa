"""JSON: the quiz document as data, for web apps and anything else that reads JSON.

The items are in file order with every text as HTML (escaped, <b>/<i> only) and plain text,
the correct answers marked, per-answer feedback, the explanation and the leaflet section.
When versions were made (`--versions`), each version's question order, answer order and key
letters are listed too, so printed versions can be marked by a program.
"""

from __future__ import annotations

import json

from generator.quiz.document import Question, QuizDocument, Words

FORMAT_VERSION = 1


def _words(words: Words | None) -> dict | None:
    return None if words is None else {"html": words.html, "text": words.text}


def _question(question: Question) -> dict:
    out = {
        "id": question.id, "kind": question.kind, "number": question.number,
        "question": _words(question.words), "instruction": _words(question.hint),
        "shuffle": question.shuffle,
        "options": [{"id": o.id, "letter": o.letter, "correct": o.correct,
                     **_words(o.words), "feedback": _words(o.feedback)}
                    for o in question.options],
        "explanation": _words(question.explanation),
        "section": {"id": question.section_id, **_words(question.section)},
    }
    if question.kind == "matching":
        out["prompts"] = [{"id": p.id, "number": p.number, **_words(p.words),
                           "answer": p.answer} for p in question.prompts]
    return out


def _key(doc: QuizDocument) -> dict:
    return {
        "version": doc.version,
        "form": doc.form_id,            # as printed on the quiz, its key and the grid
        "questions": [{"number": q.number, "id": q.id,
                       "options": [o.id for o in q.options],
                       "answer": ([{"prompt": row, "letter": q.option(p.answer).letter}
                                   for row, p in enumerate(q.prompts, 1)]
                                  if q.kind == "matching" else
                                  [o.letter for o in q.correct_options()])}
                      for q in doc.questions]}


def write_json(doc: QuizDocument, versions: list[QuizDocument] = ()) -> bytes:
    data = {
        "format": "leaflets-quiz", "format_version": FORMAT_VERSION,
        "topic": doc.topic, "locale": doc.locale, "lang": doc.lang,
        "direction": "rtl" if doc.rtl else "ltr",
        "content_version": doc.content_version,
        "title": _words(doc.title), "leaflet_title": _words(doc.leaflet_title),
        "instructions": _words(doc.instructions),
        "items": [_question(q) for q in doc.questions],
    }
    if versions:
        data["seed"] = versions[0].seed
        data["versions"] = [_key(v) for v in versions]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
