"""Turn a quiz YAML file into a `Quiz`, or report every problem with file and line.

The reader is the leaflet loader's (`Reader`): the same strict YAML, the same collected
errors with hints, and the same text rules (`check_prose`: only <b>/<i>, placeholders that
name leaflet data, no digits in prose). A quiz is always read against its leaflet, because
it refers to the leaflet's sections, data, datasets and texts. Format: docs/quiz-format.md.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from generator.content import model as m
from generator.content.loader import Reader, kind_name
from generator.content.yamlsafe import LineDict, number_problem, read_yaml
from generator.errors import LeafletError, LeafletErrors, did_you_mean
from generator.quiz import model as q
from generator.quiz.numeric import DEFAULT_GAP, NumericSpec, choose_distractors
from generator.quiz.ui import label_texts

ITEM_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
RESERVED_IDS = ("ui", "title", "instructions")
COMMON_KEYS = ("id", "kind", "section", "question", "explanation")
KIND_KEYS = {
    "single": (("choices",), ("fixed_order", "write_lines", "cite")),
    "multiple": (("choices",), ("fixed_order", "write_lines", "cite")),
    "true_false": (("answer",), ("write_lines", "cite")),
    "numeric": (("answer",), ("distractors", "fixed_order", "write_lines", "cite")),
    "matching": (("pairs",), ("extra", "write_lines", "cite")),
}
MAX_CHOICES = 8
MAX_PAIRS = 8


def quiz_path(root: Path, topic: str) -> Path:
    """Where the quiz of `topic` lives in a project folder."""
    return Path(root) / "quizzes" / f"{topic}.yaml"


def load_quiz(path: Path, leaflet: m.Leaflet) -> q.Quiz:
    """Read and validate the quiz file of `leaflet`. Raises LeafletErrors listing every problem."""
    path = Path(path)
    doc = read_yaml(path, what="quiz file")
    if not isinstance(doc, LineDict):
        raise LeafletError("a quiz file must be a mapping at the top level", path=path, line=1,
                           hint="see docs/quiz-format.md")
    reader = _QuizReader(path, leaflet)
    reader.check_keys(doc, "the quiz", ("topic", "title", "items"), ("instructions",))
    topic = doc.get("topic")
    if topic != leaflet.id or path.stem != leaflet.id:
        reader.error(f"topic {topic!r} must be the leaflet id {leaflet.id!r}, and the file "
                     f"must be named {leaflet.id}.yaml", doc.line_of("topic"),
                     f"set topic: {leaflet.id}")
    title = reader.text(doc, "title", "the quiz", "quiz/title", "quiz-title")
    instructions = (reader.text(doc, "instructions", "the quiz", "quiz/instructions",
                                "quiz-intro") if "instructions" in doc else None)
    items = reader.items(doc)
    if reader.errors:
        raise LeafletErrors(reader.errors)
    quiz = q.Quiz(topic=leaflet.id, path=path, title=title, instructions=instructions,
                  items=tuple(items), labels=label_texts(leaflet.id))
    _check_unique_contexts(quiz)
    return quiz


class _QuizReader(Reader):
    def __init__(self, path: Path, leaflet: m.Leaflet):
        super().__init__(path, leaflet.id)
        self.leaflet = leaflet
        self.data_names = set(leaflet.data)
        self.labels = label_texts(leaflet.id)
        self.section_texts = {
            s.id: [s.heading] + [t for b in s.blocks for t in m.block_texts(b)]
            for s in leaflet.sections}

    # -- items ------------------------------------------------------------------------
    def items(self, doc: LineDict) -> list[q.Item]:
        if "items" not in doc:
            return []
        nodes = self.listing(doc["items"], "items", doc.line_of("items"))
        out: list[q.Item] = []
        seen: set[str] = set()     # ids of every item read, valid or not
        for node, line in zip(nodes or [], nodes.lines if nodes else []):
            item = self.item(node, line, seen)
            if item is not None:
                out.append(item)
        if nodes is not None and not nodes:
            self.error("a quiz needs at least one item", nodes.line)
        return out

    def item(self, node, line: int, seen: set[str]) -> q.Item | None:
        node = self.mapping(node, "an item", line)
        if node is None:
            return None
        kind = node.get("kind")
        if kind not in KIND_KEYS:
            self.error(f"item kind {kind!r} is not one of: {', '.join(KIND_KEYS)}",
                       node.line_of("kind"),
                       did_you_mean(kind, KIND_KEYS, "see docs/quiz-format.md"))
            return None
        required, optional = KIND_KEYS[kind]
        self.check_keys(node, f"a {kind} item", COMMON_KEYS + required, optional)
        item_id = node.get("id")
        if not isinstance(item_id, str) or not ITEM_ID.match(item_id) or item_id in RESERVED_IDS:
            self.error(f"item id {item_id!r} must be lower-case words joined by '-', starting "
                       f"with a letter (not {', '.join(RESERVED_IDS)})", node.line_of("id"))
            return None
        if item_id in seen:
            self.error(f"duplicate item id '{item_id}'", node.line_of("id"),
                       "give each item its own id")
            return None
        seen.add(item_id)
        section = self.section_id(node)
        ctx = f"quiz/{item_id}"
        question = self.text(node, "question", f"item '{item_id}'", f"{ctx}/question",
                             "quiz-question")
        explanation = self.text(node, "explanation", f"item '{item_id}'",
                                f"{ctx}/explanation", "quiz-explanation")
        fields = dict(fixed_order=self.flag(node, "fixed_order"),
                      write_lines=self.write_lines(node))
        body = getattr(self, "_" + kind)(node, item_id, section, ctx)
        if body is None or question is None or explanation is None or section is None:
            return None
        cite = self.cite(node, item_id, section, body)
        words = node["cite"] if cite is not None and isinstance(node.get("cite"), str) else None
        return q.Item(id=item_id, kind=kind, section=section, question=question,
                      explanation=explanation, line=node.line, cite=cite, cite_words=words,
                      **fields, **body)

    def cite(self, node: LineDict, item_id: str, section: str, body: dict) -> m.Text | None:
        """The leaflet text where the answer is printed (the key cites its page).

        `cite: "words"` names the first text of the section that contains those words
        (placeholders as written in the leaflet, e.g. "{lung_5yr_distant}"). Without it:
        a correct choice or matching answer quoted from the leaflet, or for a numeric item
        the first text of the section that prints the answer (a placeholder, or the caption
        of the table or risk figure that shows it)."""
        texts = self.section_texts[section]
        if "cite" in node:
            wanted = node["cite"]
            if not isinstance(wanted, str) or not wanted.strip():
                self.error("cite must be words (in quotes) of a text the leaflet prints in "
                           "the item's section", node.line_of("cite"))
                return None
            key = _spaced(wanted)
            found = next((t for t in texts if key in _spaced(t.source)), None)
            if found is None:
                close = difflib.get_close_matches(wanted, [t.source for t in texts], n=1,
                                                  cutoff=0.3)
                self.error(f"item '{item_id}': no text of leaflet section '{section}' "
                           f"contains {wanted!r}", node.line_of("cite"),
                           f"the closest text is {close[0]!r}" if close else
                           "quote words the leaflet prints where the answer is")
            return found
        for choice in body.get("choices", ()):
            if choice.correct and choice.from_leaflet:
                return choice.text
        for pair in body.get("pairs", ()):
            if pair.right_from_leaflet:
                return pair.right
            if pair.left_from_leaflet:
                return pair.left
        answer = body.get("answer_data")
        if answer:
            found = self.data_text(section, answer)
            if found is not None:
                return found
        return None       # the key gives the section's page; `leaflets check` warns

    def data_text(self, section: str, name: str) -> m.Text | None:
        """The first text of the section that prints data value `name`."""
        for block in self.leaflet.section(section).blocks:
            if isinstance(block, m.Table) and any(
                    name in row.values for row in self.leaflet.datasets[block.dataset].rows):
                return block.caption
            if isinstance(block, m.RiskFigure) and block.value == name:
                return block.caption
            for text in m.block_texts(block):
                if "{" + name + "}" in text.source:
                    return text
        return None

    def section_id(self, node: LineDict) -> str | None:
        sid = node.get("section")
        known = [s.id for s in self.leaflet.sections]
        if sid in known:
            return sid
        if "section" in node:
            self.error(f"section {sid!r} is not a section of leaflet {self.leaflet.id}",
                       node.line_of("section"),
                       did_you_mean(sid, known, f"known: {', '.join(known)}"))
        return None

    def flag(self, node: LineDict, key: str) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            surprise = number_problem(value, "true or false")
            self.error(f"'{key}' must be true or false, not {kind_name(value)}"
                       + (f" ({surprise[0]})" if surprise else ""), node.line_of(key),
                       surprise[1] if surprise else None)
            return False
        return value

    def write_lines(self, node: LineDict) -> int:
        value = node.get("write_lines", 0)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 12:
            self.error("write_lines must be a whole number from 0 to 12",
                       node.line_of("write_lines"))
            return 0
        return value

    # -- texts ----------------------------------------------------------------------------
    def text_spec(self, value, line: int, context: str, kind: str,
                  section: str | None) -> tuple[m.Text | None, bool]:
        """A text: quoted words of the quiz's own, or `{leaflet: "..."}` for a text the
        leaflet prints in the item's section. Returns (text, taken from the leaflet)."""
        if isinstance(value, LineDict):
            if set(value) != {"leaflet"} or not isinstance(value["leaflet"], str):
                self.error("a text is either quoted words or {leaflet: \"...\"}", line,
                           "write leaflet: and the exact text the leaflet prints")
                return None, False
            return self.leaflet_text(value["leaflet"], value.line_of("leaflet"), section), True
        return self.make_text(value, line, context, kind), False

    def leaflet_text(self, wanted: str, line: int, section: str | None) -> m.Text | None:
        if section is None:
            return None
        texts = self.section_texts[section]
        found = next((t for t in texts if t.source.strip() == wanted.strip()), None)
        if found is None:
            close = difflib.get_close_matches(wanted, [t.source for t in texts], n=1,
                                              cutoff=0.5)
            self.error(f"leaflet section '{section}' does not print the text {wanted!r}", line,
                       f"the leaflet has {close[0]!r}" if close else
                       "quote a whole text of that section exactly, or write your own words")
        return found

    # -- kinds ----------------------------------------------------------------------------
    def _single(self, node, item_id, section, ctx):
        return self._choices(node, item_id, section, ctx, multiple=False)

    def _multiple(self, node, item_id, section, ctx):
        return self._choices(node, item_id, section, ctx, multiple=True)

    def _choices(self, node, item_id, section, ctx, multiple: bool):
        nodes = self.listing(node["choices"], f"choices of '{item_id}'", node.line_of("choices"))
        if nodes is None:
            return None
        choices = []
        for n, (choice, line) in enumerate(zip(nodes, nodes.lines), 1):
            choice = self.mapping(choice, "a choice", line)
            if choice is None:
                continue
            self.check_keys(choice, "a choice", ("text",), ("correct", "feedback"))
            if "text" not in choice:
                continue
            text, borrowed = self.text_spec(choice["text"], choice.line_of("text"),
                                            f"{ctx}/choice-{n}", "quiz-choice", section)
            feedback = (self.text(choice, "feedback", "a choice", f"{ctx}/choice-{n}/feedback",
                                  "quiz-feedback") if "feedback" in choice else None)
            if text is not None:
                choices.append(q.Choice(id=f"choice-{n}", text=text,
                                        correct=self.flag(choice, "correct"),
                                        feedback=feedback, from_leaflet=borrowed))
        right = sum(c.correct for c in choices)
        where = f"item '{item_id}'"
        if not 2 <= len(nodes) <= MAX_CHOICES:
            self.error(f"{where} needs 2 to {MAX_CHOICES} choices, has {len(nodes)}", nodes.line)
        elif multiple and not (2 <= right < len(nodes)):
            self.error(f"{where} (multiple) needs at least two correct choices and one wrong "
                       f"one, has {right} correct of {len(nodes)}", nodes.line,
                       "mark choices with correct: true; use kind: single for one answer")
        elif not multiple and right != 1:
            self.error(f"{where} (single) needs exactly one choice with correct: true, "
                       f"has {right}", nodes.line, "use kind: multiple for several answers")
        return {"choices": tuple(choices)}

    def _true_false(self, node, item_id, section, ctx):
        answer = node.get("answer")
        if not isinstance(answer, bool):
            self.error(f"answer of true/false item '{item_id}' must be true or false, not "
                       f"{kind_name(answer)}", node.line_of("answer"))
            return None
        return {"choices": (q.Choice("true", self.labels["true"], answer is True),
                            q.Choice("false", self.labels["false"], answer is False))}

    def _numeric(self, node, item_id, section, ctx):
        name = node.get("answer")
        if name not in self.leaflet.data:
            self.error(f"answer {name!r} of numeric item '{item_id}' is not a data value of "
                       f"the leaflet", node.line_of("answer"),
                       did_you_mean(name, self.leaflet.data, "name a value under data:"))
            return None
        spec = self.numeric_spec(node, item_id, name)
        if spec is None:
            return None
        distractors, problem = choose_distractors(self.leaflet, spec)
        if problem:
            self.error(f"numeric item '{item_id}': {problem}",
                       node.line_of("distractors") if "distractors" in node else node.line,
                       "lower count or min_gap, or name more values: of the same kind")
        choices = [q.Choice("answer", None, True, value=self.leaflet.data[name], data_name=name)]
        generated = 0
        for candidate in distractors:
            if candidate.data_name:
                choices.append(q.Choice(f"data-{candidate.data_name}", None, False,
                                        value=candidate.value, data_name=candidate.data_name))
            else:
                generated += 1
                choices.append(q.Choice(f"generated-{generated}", None, False,
                                        value=candidate.value))
        return {"choices": tuple(choices), "answer_data": name}

    def numeric_spec(self, node: LineDict, item_id: str, answer: str) -> NumericSpec | None:
        spec = node.get("distractors", LineDict())
        spec = self.mapping(spec, f"distractors of '{item_id}'", node.line_of("distractors"))
        if spec is None:
            return None
        self.check_keys(spec, f"distractors of '{item_id}'", (),
                        ("count", "values", "dataset", "min_gap", "generate"))
        unit = self.leaflet.data[answer].unit
        count = spec.get("count", 3)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 7:
            self.error("count must be a whole number from 1 to 7", spec.line_of("count"))
            count = 3
        values = spec.get("values", [])
        if not isinstance(values, list):
            self.error("values must be a list of data value names", spec.line_of("values"))
            values = []
        for name in values:
            if name not in self.leaflet.data:
                self.error(f"distractor {name!r} is not a data value of the leaflet",
                           spec.line_of("values"))
            elif self.leaflet.data[name].unit != unit:
                self.error(f"distractor '{name}' has unit {self.leaflet.data[name].unit}, the "
                           f"answer has unit {unit}", spec.line_of("values"))
        dataset = spec.get("dataset")
        if dataset is not None and dataset not in self.leaflet.datasets:
            self.error(f"dataset {dataset!r} is not a dataset of the leaflet",
                       spec.line_of("dataset"),
                       f"known: {', '.join(self.leaflet.datasets) or 'none'}")
            dataset = None
        gap = spec.get("min_gap", DEFAULT_GAP[unit])
        if not isinstance(gap, (int, float)) or isinstance(gap, bool) or gap <= 0:
            self.error("min_gap must be a number above zero", spec.line_of("min_gap"))
            gap = DEFAULT_GAP[unit]
        generate = spec.get("generate", False)
        if not isinstance(generate, bool):
            self.error("generate must be true or false", spec.line_of("generate"))
            generate = False
        return NumericSpec(answer=answer, count=count, values=tuple(str(v) for v in values),
                           dataset=dataset, min_gap=gap, generate=generate)

    def _matching(self, node, item_id, section, ctx):
        nodes = self.listing(node["pairs"], f"pairs of '{item_id}'", node.line_of("pairs"))
        if nodes is None:
            return None
        pairs = []
        for n, (pair, line) in enumerate(zip(nodes, nodes.lines), 1):
            pair = self.mapping(pair, "a pair", line)
            if pair is None:
                continue
            self.check_keys(pair, "a pair", ("left", "right"))
            if "left" not in pair or "right" not in pair:
                continue
            left, left_borrowed = self.text_spec(pair["left"], pair.line_of("left"),
                                                 f"{ctx}/pair-{n}/left", "quiz-match-prompt",
                                                 section)
            right, right_borrowed = self.text_spec(pair["right"], pair.line_of("right"),
                                                   f"{ctx}/pair-{n}/right", "quiz-match-answer",
                                                   section)
            if left is not None and right is not None:
                pairs.append(q.Pair(f"pair-{n}", left, right, left_borrowed, right_borrowed))
        if not 3 <= len(nodes) <= MAX_PAIRS:
            self.error(f"matching item '{item_id}' needs 3 to {MAX_PAIRS} pairs, has "
                       f"{len(nodes)}", nodes.line)
        extra = []
        if "extra" in node:
            extras = self.listing(node["extra"], f"extra of '{item_id}'", node.line_of("extra"))
            for n, (value, line) in enumerate(zip(extras or [], extras.lines if extras else []),
                                              1):
                text, borrowed = self.text_spec(value, line, f"{ctx}/extra-{n}",
                                                "quiz-match-answer", section)
                if text is not None:
                    extra.append(q.Choice(f"extra-{n}", text, False, from_leaflet=borrowed))
        return {"pairs": tuple(pairs), "extra": tuple(extra)}


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _check_unique_contexts(quiz: q.Quiz) -> None:
    seen: dict[str, m.Text] = {}
    problems = []
    for text in quiz._all_texts():  # noqa: SLF001 - the undeduplicated list is the point
        other = seen.get(text.context)
        if other is not None and other is not text:
            problems.append(LeafletError(
                f"translation context {text.context} is used twice (also line {other.line})",
                path=quiz.path, line=text.line, hint="give each item its own id"))
        seen[text.context] = text
    if problems:
        raise LeafletErrors(problems)
