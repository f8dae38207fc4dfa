"""Printable quiz and answer key: two writers of a QuizDocument, laid out like the leaflets.

Both use the leaflet's paragraph factory (layout.text.para, so every script works), its
style sheet (body text 12 pt), fonts for the locale, tables that name our font (never
Helvetica), and render_pdf with the leaflet's page furniture: draft band for unreviewed
translations, footer with the version letter and "page X of Y" on every page, and
deterministic bytes. Right-to-left locales mirror every row.
"""

from __future__ import annotations

import dataclasses

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from generator.layout.cellgrid import CellGrid
from generator.layout.flowables import RuledLines
from generator.layout.styles import Styles, build_styles
from generator.layout.tagging import Node, group, list_of, part, table_of, tag
from generator.layout.text import para
from generator.localize.localizer import Localizer
from generator.localize.review import review_state
from generator.quiz.document import Question, QuizDocument
from generator.render.leaflet import leaflet_furniture
from generator.render.pdf import FRAME_PADDING, render_pdf, text_width
from generator.scripts.fonts import fonts_for_locale

BOX = 4.4 * mm


class TickBox(Flowable):
    """An empty square to tick (or, wider, to write a letter in)."""

    def __init__(self, width: float, height: float, color, offset: float = 0):
        super().__init__()
        self.box_width, self.box_height, self.color, self.offset = width, height, color, offset

    def wrap(self, avail_width, avail_height):
        return self.box_width, self.box_height + self.offset

    def draw(self):
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(1)
        self.canv.rect(0, 0, self.box_width, self.box_height, stroke=1, fill=0)


class _Field(Flowable):
    """An empty place in a table cell, for the structure: a field to write in."""

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        pass


def render_quiz_pdf(doc: QuizDocument, loc: Localizer, paper: str, *, key: bool,
                    font_dirs=None, edition: str = "standard",
                    review=None) -> tuple[bytes, int]:
    """The quiz (key=False) or its answer key (key=True) as PDF bytes and a page count,
    in the edition's style sheet (large print: 18 pt and up, boxes to match). `review`: the
    topic's state from the review ledger."""
    fonts = fonts_for_locale(doc.locale, font_dirs or None)
    styles = build_styles(edition, fonts)
    margins = styles.sheet["page"]
    # The frame's own padding (6 pt each side) is inside the margins: tables as wide as the
    # frame line up with the paragraphs.
    width = text_width(paper, margins) - 2 * FRAME_PADDING
    writer = _Writer(doc, styles, width)
    story = writer.key() if key else writer.quiz()
    furniture = _quiz_furniture(doc, loc, styles, key, review=review)
    title = doc.title.text
    if key:
        title = f"{doc.labels['answer_key'].text} – {title}"
    return render_pdf(story, paper=paper, margins=margins, furniture=furniture, title=title,
                      subject=doc.leaflet_title.text, lang=doc.lang, author="leaflets")


def _quiz_furniture(doc: QuizDocument, loc: Localizer, styles: Styles, key: bool,
                    label: str = "answer_key", review=None):
    """The leaflet's furniture (draft band, version line), with the quiz's own labels.
    `review`: the topic's state from the review ledger (None: a translation is a draft)."""
    draft = (review or review_state(loc.locale, loc.translations)).draft
    base = leaflet_furniture(loc, styles, draft)
    first = doc.title.text
    if key:
        first = f"{doc.labels[label].text} · {first}"
    version = f"{doc.labels['version'].text} {doc.version}" if doc.version else ""
    if version:
        version += f"  ·  {doc.labels['form'].text} {doc.form_id}"

    def page_label(page: int, pages: int) -> str:
        label = base.page_label(page, pages)
        return f"{version}  ·  {label}" if version else label

    return dataclasses.replace(base, footer_left=[first] + base.footer_left[1:],
                               page_label=page_label)


class _Writer:
    def __init__(self, doc: QuizDocument, styles: Styles, width: float):
        self.doc, self.styles, self.width = doc, styles, width
        self.rtl = doc.rtl
        self.size = styles["body"].fontSize          # 12 pt; 18 pt in large print
        self.k = self.size / 12                      # boxes and gutters grow with the text

    # -- shared pieces ----------------------------------------------------------------
    def p(self, markup: str, style: str = "body", role: str | None = None):
        return para(self.styles, markup, style, role=role)

    def table(self, rows: list, widths: list, commands: list) -> CellGrid:
        """A grid of cells in our font (the cell default would be unembedded Helvetica),
        mirrored for right-to-left locales. It is kept on one page."""
        return CellGrid(*self._styled(rows, widths, commands))

    def split_table(self, rows: list, widths: list, commands: list, repeat_rows: int) -> Table:
        """The same, as a ReportLab Table, which a page break may split between rows (the
        answer grid), its first `repeat_rows` rows repeated on the next page."""
        rows, widths, commands = self._styled(rows, widths, commands)
        return Table(rows, colWidths=widths, style=TableStyle(commands),
                     repeatRows=repeat_rows)

    def _styled(self, rows: list, widths: list, commands: list) -> tuple[list, list, list]:
        if self.rtl:
            rows = [list(reversed(r)) for r in rows]
            widths = list(reversed(widths))
            # Cell contents start at the right, as text does: a tick box keeps its gap to
            # the letter beside it, mirrored.
            commands = [("ALIGN", (0, 0), (-1, -1), "RIGHT")] + \
                [_mirror(c, len(widths)) for c in commands]
        return rows, widths, [("FONT", (0, 0), (-1, -1), self.styles.fonts.regular, self.size),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")] + commands

    def header(self, title_markup: str, subtitle_markup: str) -> list:
        if not self.doc.version:       # the grid: every version on one page
            return [self.p(title_markup, "title"), self.p(subtitle_markup, "subtitle"),
                    Spacer(1, 2 * mm)]
        left = [self.p(title_markup, "title"), self.p(subtitle_markup, "subtitle"),
                self.form_line()]
        box = self.version_box()
        side = 32 * mm * self.k
        table = self.table([[left, box]], [self.width - side, side],
                           [("ALIGN", (1, 0), (1, 0), "RIGHT")])
        return [table, Spacer(1, 2 * mm)]

    def form_line(self) -> CellGrid:
        """"Form" and the form id, in two cells (no word order is imposed on a language)."""
        label_w = min(text_width_of(self.doc.labels["form"].text, self.styles) + 8 * self.k,
                      self.width / 3)
        return self.table([[self.p(self.doc.labels["form"].html, "audience"),
                            self.p(f"<b>{self.doc.form_id}</b>", "audience")]],
                          [label_w, self.width - 32 * mm * self.k - label_w], [])

    def version_box(self) -> CellGrid:
        s, doc = self.styles, self.doc
        inner = [self.p(doc.labels["version"].html, "body"),
                 self.p(f"<b>{doc.version}</b>", "title", role="P")]
        group("Div", inner)
        box = CellGrid([[inner]], [28 * mm * self.k], [
            ("FONT", (0, 0), (-1, -1), s.fonts.regular, self.size),
            ("BOX", (0, 0), (-1, -1), 1.2, s.color("heading")),
            ("BACKGROUND", (0, 0), (-1, -1), s.color("clinic_bg")),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
        box.hAlign = "LEFT" if self.rtl else "RIGHT"
        return box

    def numbered(self, question: Question, content: list, rule: bool = False) -> list:
        number = self.p(f"<b>{question.number_text}.</b>", "term")
        # one item of the list of questions: its number and everything it asks
        self.items.append(Node("LI").adopt([part(number, "Lbl"), part(content, "LBody")],
                                           in_order=True))
        gutter = 10 * mm * self.k
        commands = []
        if rule:
            commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.5, self.styles.color("rule")))
            commands.append(("TOPPADDING", (0, 0), (-1, 0), 5))
        table = self.table([[number, content]], [gutter, self.width - gutter], commands)
        # a grid is never split: the question stays on one page (moved whole to the next)
        return [table, Spacer(1, 4 * mm)]

    # -- the quiz -----------------------------------------------------------------------
    def questions(self, story: list) -> list:
        group("L", self.items, attrs={"O": "List", "ListNumbering": "Decimal"})
        return story

    def quiz(self) -> list:
        doc = self.doc
        self.items = []
        story = self.header(doc.title.html, doc.leaflet_title.html)
        story.append(self.name_date())
        if doc.instructions:
            story.append(self.p(doc.instructions.html, "body"))
        story.append(Spacer(1, 3 * mm))
        for question in doc.questions:
            story += self.numbered(question, self.quiz_question(question))
        return self.questions(story)

    def name_date(self) -> KeepTogether:
        s, labels = self.styles, self.doc.labels
        w = self.width
        rows = [[self.p(f"<b>{labels['name'].html}</b>"), self.write_in(),
                 self.p(f"<b>{labels['date'].html}</b>"), self.write_in()]]
        # each label with the line it names: a field to write in (the line is drawn by the
        # table, an artifact)
        group("Div", rows[0][:2])
        group("Div", rows[0][2:])
        widths = [w * 0.13, w * 0.47, w * 0.14, w * 0.26]
        line = s.color("text")
        table = self.table(rows, widths, [
            ("LINEBELOW", (1, 0), (1, 0), 0.8, line), ("LINEBELOW", (3, 0), (3, 0), 0.8, line),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (2, 0), (2, 0), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 6)])
        return KeepTogether([table, Spacer(1, 4 * mm)])

    def quiz_question(self, question: Question) -> list:
        content = [self.p(question.words.html, "term"), self.p(question.hint.html, "audience"),
                   Spacer(1, 1.5 * mm)]
        if question.kind == "matching":
            content.append(self.matching(question))
        elif question.kind == "true_false":
            content.append(self.true_false(question))
        else:
            content.append(self.choices(question))
        if question.write_lines:
            content += [Spacer(1, 2 * mm), self.p(self.doc.labels["notes"].html, "body"),
                        RuledLines(question.write_lines, 8 * mm, self.styles.color("rule"))]
        return content

    def write_in(self) -> Flowable:
        """Where a line is to be written on: a non-interactive text field (PrintField tv)
        that draws nothing (the table draws the line)."""
        return tag(_Field(), "Form", attrs={"O": "PrintField", "Role": "tv"})

    def box(self, width: float = BOX, height: float = BOX, field: str = "cb") -> TickBox:
        """A box to tick (`cb`) or to write a letter in (`tv`): a non-interactive form
        field (PDF/UA: Form with a PrintField attribute), unticked; a box to tick is said
        as a ballot box (U+2610)."""
        attrs = {"O": "PrintField", "Role": field}
        if field == "cb":
            attrs["checked"] = "off"
        return tag(TickBox(width * self.k, height * self.k, self.styles.color("text"),
                           offset=2 * self.k), "Form",
                   attrs=attrs, actual="\u2610" if field == "cb" else None)

    def choices(self, question: Question) -> CellGrid:
        rows = [[self.box(), self.p(f"<b>{o.letter}</b>", role="Span"), self.p(o.words.html)]
                for o in question.options]
        # the choices: a list whose labels are the tick box and the letter
        list_of([([box, letter], words) for box, letter, words in rows],
                numbering="UpperAlpha")
        k = self.k
        inner = self.width - 10 * mm * k
        return self.table(rows, [9 * mm * k, 7 * mm * k, inner - 16 * mm * k],
                          [("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                           ("TOPPADDING", (0, 0), (0, -1), 1.5)])

    def true_false(self, question: Question) -> CellGrid:
        row = []
        for option in question.options:
            row += [self.box(), self.p(option.words.html)]
        list_of([(row[i], row[i + 1]) for i in range(0, len(row), 2)], numbering="None")
        inner = self.width - 10 * mm * self.k
        widths = [9 * mm * self.k, 35 * mm * self.k] * len(question.options)
        row.append("")
        widths.append(inner - sum(widths))
        return self.table([row], widths, [("TOPPADDING", (0, 0), (-1, -1), 1.5)])

    def matching(self, question: Question) -> CellGrid:
        inner = self.width - 10 * mm * self.k
        write = 11 * mm * self.k
        gap = 6 * mm
        left_w = (inner - write - gap) * 0.5
        right_w = inner - write - gap - left_w
        rows = []
        count = max(len(question.prompts), len(question.options))
        for index in range(count):
            row = ["", "", ""]
            if index < len(question.prompts):
                prompt = question.prompts[index]
                row[0] = self.box(9 * mm, 7 * mm, field="tv")     # scaled by box()
                row[1] = self.p(f"<b>{prompt.number}.</b> {prompt.words.html}")
            if index < len(question.options):
                option = question.options[index]
                row[2] = self.p(f"<b>{option.letter}</b>  {option.words.html}")
            rows.append([row[0], row[1], "", row[2]])
        # the statements to match (a box to write a letter in, then the words), then the
        # lettered answers, each a list
        list_of([(row[0], row[1]) for row in rows if row[1]], numbering="Decimal")
        list_of([row[3] for row in rows if row[3]], numbering="UpperAlpha")
        return self.table(rows, [write, left_w, gap, right_w],
                          [("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                           ("LINEBEFORE", (3, 0), (3, -1), 0.5, self.styles.color("rule")),
                           ("LEFTPADDING", (3, 0), (3, -1), 5)])

    # -- the answer key -------------------------------------------------------------------
    def key(self) -> list:
        doc = self.doc
        self.items = []
        story = self.header(doc.labels["answer_key"].html, doc.title.html)
        story.append(self.form_check())
        story.append(Spacer(1, 2 * mm))
        for question in doc.questions:
            story += self.numbered(question, self.key_question(question), rule=True)
        return self.questions(story)

    def form_check(self) -> CellGrid:
        """The key says which quiz it goes with: the form printed on that quiz."""
        labels = self.doc.labels
        code_w = 45 * mm * self.k
        return self.table([[self.p(labels["form_check"].html),
                            self.p(f"<b>{self.doc.form_id}</b>")]],
                          [self.width - code_w, code_w],
                          [("RIGHTPADDING", (0, 0), (0, 0), 6),
                           ("BOX", (0, 0), (-1, -1), 0.8, self.styles.color("rule")),
                           ("LEFTPADDING", (0, 0), (0, 0), 4),
                           ("TOPPADDING", (0, 0), (-1, -1), 3),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])

    def key_question(self, question: Question) -> list:
        labels = self.doc.labels
        words = self.p(question.words.html, "term")     # made first: it is read first
        inner = self.width - 10 * mm * self.k
        label_w = inner * 0.22
        value_w = inner - label_w
        where = self.p(question.section.html)
        if question.page_text:       # heading, then "Leaflet page" and the number beside it
            page_w, number_w = inner * 0.2, 10 * mm * self.k
            where = self.table([[where, self.p(labels["page"].html, "term"),
                                 self.p(f"<b>{question.page_text}</b>")]],
                               [value_w - page_w - number_w, page_w, number_w],
                               [("RIGHTPADDING", (0, 0), (-2, -1), 6)])
        rows = [
            [self.p(labels["answer"].html, "term"), self.key_answer(question)],
            [self.p(labels["why"].html, "term"), self.p(question.explanation.html)],
            [self.p(labels["where"].html, "term"), where],
        ]
        table_of(rows, header_rows=0, row_headers=True)
        table = self.table(rows, [label_w, value_w],
                           [("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                            ("RIGHTPADDING", (0, 0), (0, -1), 6)])
        return [words, Spacer(1, 1.5 * mm), table]

    def key_answer(self, question: Question) -> list:
        if question.kind == "matching":
            out = []
            for prompt in question.prompts:
                option = question.option(prompt.answer)
                out.append(self.p(f"<b>{prompt.number}</b> {prompt.words.html} – "
                                  f"<b>{option.letter}</b> {option.words.html}"))
            return out
        return [self.p(f"<b>{o.letter}</b>  {o.words.html}") for o in question.correct_options()]


def text_width_of(text: str, styles: Styles) -> float:
    style = styles["audience"]
    try:
        return stringWidth(text, style.fontName, style.fontSize)
    except Exception:  # noqa: BLE001 - a font without metrics for a glyph: a safe width
        return len(text) * style.fontSize * 0.7


_MIRRORED = {"LINEBEFORE": "LINEAFTER", "LINEAFTER": "LINEBEFORE",
             "LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING"}


def _mirror(command: tuple, columns: int) -> tuple:
    """A TableStyle command with its columns mirrored (for right-to-left rows)."""
    name, (c0, r0), (c1, r1), *rest = command
    c0, c1 = (columns - 1 - (c if c >= 0 else columns + c) for c in (c0, c1))
    if name == "ALIGN" and rest:
        rest = [{"LEFT": "RIGHT", "RIGHT": "LEFT"}.get(rest[0], rest[0]), *rest[1:]]
    return (_MIRRORED.get(name, name), (min(c0, c1), r0), (max(c0, c1), r1), *rest)

