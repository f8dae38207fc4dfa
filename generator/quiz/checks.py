"""`leaflets check` for quizzes: a quiz must say what its leaflet prints, in every locale.

- The quiz file loads against its leaflet (sections, data, datasets, quoted leaflet texts
  exist; text rules hold).
- Every data value a quiz prints (numeric answers, data distractors, {placeholders}) is one
  the leaflet prints too: in a placeholder of its prose, in a table or in a risk figure.
- In every shipped locale, the choices of each item (and the prompts of a matching item)
  stay distinct once translated and formatted: two boxes that print the same are an error.
- At least MIN_ITEMS items, and the quiz prose reads at the leaflet's grade.
- Item quality (check_quality): no option that makes the other options true ("all of the
  above", "both") outside an item that asks to tick every right box; numeric distractors
  that are figures of the same kind, not values made from the answer (halves, doubles ...);
  (numbers the leaflet shows as "about N in 100 people" are asked in those words by the
  document itself, so nothing can break that rule); explanations
  that explain instead of opening with "Yes." or "No."; every item says where its answer
  is printed (`cite:`), so the key gives that page and not the section's first.
"""

from __future__ import annotations

import re
import unicodedata

import textstat

from generator.content import model as m
from generator.content.markup import placeholders, plain_text
from generator.errors import Finding, LeafletError, LeafletErrors
from generator.localize.localizer import Localizer
from generator.localize.numbers import format_value
from generator.quiz.document import build_document
from generator.quiz.loader import quiz_path
from generator.quiz.model import Quiz
from generator.quiz.numeric import magnitude
from generator.quiz.versions import canonical

MIN_ITEMS = 10
NAME = "quizzes"


def check_quizzes(project, options) -> list[Finding]:
    findings: list[Finding] = []
    topics = options.topics or project.topics()
    locales = options.locales or project.locales()
    for topic in topics:
        try:
            leaflet = project.leaflet(topic)
        except LeafletError:
            continue  # the content check reports it
        path = quiz_path(project.root, topic)
        if not path.is_file():
            findings.append(Finding("warning", str(path), f"topic '{topic}' has no quiz",
                                    "write one: see docs/quiz-format.md", NAME))
            continue
        try:
            quiz = project.quiz(topic)
        except LeafletErrors as exc:
            findings += [Finding.from_error(e, NAME) for e in exc.errors]
            continue
        except LeafletError as exc:
            findings.append(Finding.from_error(exc, NAME))
            continue
        findings += check_consistency(quiz, leaflet)
        findings += check_distinct(project, quiz, leaflet, locales)
        findings += check_size_and_grade(quiz, leaflet, options.max_grade)
        findings += check_quality(quiz, leaflet)
    if not options.topics:
        known = set(project.topics())
        for path in sorted(project.quizzes_dir.glob("*.yaml")):
            if path.stem not in known:
                findings.append(Finding("error", str(path),
                                        f"quiz for unknown topic '{path.stem}'",
                                        "name the file after a leaflet in leaflets/", NAME))
    return findings


def printed_data(leaflet: m.Leaflet) -> set[str]:
    """Data values the leaflet prints: placeholders in its texts, tables and risk figures."""
    names: set[str] = set()
    for text in leaflet.texts():
        names.update(placeholders(text.source)[0])
    for section in leaflet.sections:
        for block in section.blocks:
            if isinstance(block, m.Table):
                for row in leaflet.datasets[block.dataset].rows:
                    names.update(row.values)
            elif isinstance(block, m.RiskFigure):
                names.add(block.value)
    return names


def check_consistency(quiz: Quiz, leaflet: m.Leaflet) -> list[Finding]:
    findings = []
    printed = printed_data(leaflet)
    sections = {s.id for s in leaflet.sections}
    for name, item_ids in sorted(quiz.data_refs().items()):
        if name in printed:
            continue
        for item_id in item_ids:
            item = quiz.item(item_id)
            findings.append(Finding(
                "error", f"{quiz.path}:{item.line}",
                f"item '{item_id}' prints data value '{name}', which the leaflet does not print",
                "use a value the leaflet shows (in its text, a table or a risk figure), or add "
                "it to the leaflet first", NAME))
    for item in quiz.items:
        if item.section not in sections:
            findings.append(Finding("error", f"{quiz.path}:{item.line}",
                                    f"item '{item.id}' cites section '{item.section}', which "
                                    f"the leaflet does not have", "cite an existing section",
                                    NAME))
    return findings


def _same(text: str) -> str:
    """What counts as printing the same: case, width forms and spacing aside."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def check_distinct(project, quiz: Quiz, leaflet: m.Leaflet, locales: list[str]) -> list[Finding]:
    findings = []
    lines = {item.id: item.line for item in quiz.items}
    for locale in locales:
        try:
            translations = project.translations(quiz.topic, locale)
            loc = Localizer(leaflet, locale, translations, allow_fallback=True)
            doc = build_document(quiz, loc, canonical(quiz))
        except LeafletError as exc:
            findings.append(Finding("error", f"{locale}: {quiz.path}", str(exc), "", NAME))
            continue
        for question in doc.questions:
            groups = [("choices", [(o.letter, o.words.text) for o in question.options])]
            if question.prompts:
                groups.append(("prompts", [(p.number, p.words.text) for p in question.prompts]))
            for what, entries in groups:
                seen: dict[str, str] = {}
                for label, text in entries:
                    key = _same(text)
                    if key in seen:
                        findings.append(Finding(
                            "error", f"{locale}: {quiz.path}:{lines[question.id]}",
                            f"item '{question.id}': {what} {seen[key]} and {label} both print "
                            f"{text!r} in {locale}",
                            "numbers: raise min_gap or give the values more decimals; texts: "
                            "make the translations (or the English) differ", NAME))
                    else:
                        seen[key] = label
    return findings


def quiz_prose(quiz: Quiz, leaflet: m.Leaflet) -> str:
    values = {name: format_value(v, "en") for name, v in leaflet.data.items()}
    sentences = []
    for text in quiz.texts():
        if text.kind == "quiz-label":
            continue
        sentence = plain_text(text.source, values).strip()
        if sentence and sentence[-1] not in ".?!:":
            sentence += "."
        sentences.append(sentence)
    return " ".join(sentences)


def check_size_and_grade(quiz: Quiz, leaflet: m.Leaflet, max_grade: float) -> list[Finding]:
    findings = []
    where = str(quiz.path)
    sections = sorted({i.section for i in quiz.items})
    if len(quiz.items) < MIN_ITEMS:
        findings.append(Finding("warning", where, f"only {len(quiz.items)} items "
                                f"(at least {MIN_ITEMS} cover a leaflet's key messages)",
                                "add items for the sections not asked about yet", NAME))
    text = quiz_prose(quiz, leaflet)
    grades = {"Flesch-Kincaid": float(textstat.flesch_kincaid_grade(text)),
              "SMOG": float(textstat.smog_index(text))}
    summary = (f"{len(quiz.items)} items on {len(sections)} sections; reading grade: "
               + ", ".join(f"{k} {v:.1f}" for k, v in grades.items())
               + f" (limit {max_grade:g})")
    if max(grades.values()) > max_grade:
        findings.append(Finding("error", where, summary,
                                "use shorter sentences and everyday words", NAME))
    else:
        findings.append(Finding("info", where, summary, check=NAME))
    return findings


# "All of the above", "Both of these", "None of the above": an option about the other options.
_ABOUT_OTHERS = re.compile(r"\b(all|both|none|any)\s+(of\s+)?(the\s+)?(above|these|those|"
                           r"answers|options|choices|two)\b|\bboth\s+\w+\s+and\b",
                           re.IGNORECASE)
_VERDICT = re.compile(r"^\s*(yes|no|correct|right|wrong|true|false)\b[.,!:]", re.IGNORECASE)
_MULTIPLES = (2, 3, 4, 10)


def check_quality(quiz: Quiz, leaflet: m.Leaflet) -> list[Finding]:
    """Patterns a careful item writer avoids (docs/quiz-format.md, "Item quality")."""

    findings = []

    def flag(level, item, message, hint):
        findings.append(Finding(level, f"{quiz.path}:{item.line}",
                                f"item '{item.id}': {message}", hint, NAME))

    for item in quiz.items:
        if item.kind == "single":
            for choice in item.choices:
                if choice.text is not None and _ABOUT_OTHERS.search(choice.text.source):
                    flag("error", item, f"choice {choice.text.source!r} speaks of the other "
                         "choices, so they are true too", "make it kind: multiple (\"tick every "
                         "box that is right\") or give one right answer and wrong ones")
        if _VERDICT.match(item.explanation.source):
            flag("error", item, "the explanation starts with a verdict "
                 f"({item.explanation.source.split()[0]!r}); the key shows it to every reader",
                 "start with the fact, e.g. \"Palliative care ...\"")
        if item.kind == "numeric":
            answer = leaflet.data[item.answer_data]
            for choice in item.choices:
                if choice.correct:
                    continue
                if choice.data_name is None:
                    flag("error", item, f"distractor {choice.value.value} is made from the "
                         "answer, not a figure of the leaflet",
                         "name data values of the same kind (values:, dataset:)")
                elif _is_multiple(magnitude(answer), magnitude(choice.value)):
                    flag("warning", item, f"distractor '{choice.data_name}' is a simple "
                         "multiple of the answer; a test-wise reader may spot it",
                         "choose another figure of the same kind")
        if item.cite is None:
            flag("warning", item, "does not say where the leaflet prints the answer; the key "
                 "gives the first page of the section", "add cite: \"words of the leaflet "
                 "text that has the answer\"")
    return findings


def _is_multiple(answer, other) -> bool:
    if not answer or not other:
        return False
    big, small = max(answer, other), min(answer, other)
    # exactly, as printed: real figures that happen to lie near a multiple are not flagged
    return any(big == small * k for k in _MULTIPLES)
