"""The teacher's answer grid: one page with every version side by side.

One row per question number, one column per version (headed by its letter and form id);
each cell holds that version's answer to its question of that number: the letter(s) of the
right box(es), True or False, or for matching the prompt numbers with their letters. The
detailed key (pdf.py) gives the explanations and leaflet pages; the grid is for marking.
Versions are laid out six to a table (four in large print), tables one under the other.
"""

from __future__ import annotations

import dataclasses

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from generator.layout.styles import build_styles
from generator.layout.tagging import table_of
from generator.localize.localizer import Localizer
from generator.quiz.document import Question, QuizDocument
from generator.quiz.pdf import _quiz_furniture, _Writer
from generator.render.pdf import FRAME_PADDING, render_pdf, text_width
from generator.scripts.fonts import fonts_for_locale

PER_TABLE = 6          # versions side by side (4 in large print)


def answer_text(question: Question, doc: QuizDocument) -> str:
    """The answer of one question as markup for a grid cell."""
    if question.kind == "matching":
        return "  ".join(f"{p.number}<b>{question.option(p.answer).letter}</b>"
                         for p in question.prompts)
    if question.kind == "true_false":
        return f"<b>{question.correct_options()[0].words.html}</b>"
    return "<b>" + " ".join(o.letter for o in question.correct_options()) + "</b>"


def render_grid_pdf(docs: list[QuizDocument], loc: Localizer, paper: str, *,
                    edition: str = "standard", font_dirs=None, review=None) -> tuple[bytes, int]:
    first = docs[0]
    fonts = fonts_for_locale(first.locale, font_dirs or None)
    styles = build_styles(edition, fonts)
    margins = styles.sheet["page"]
    width = text_width(paper, margins) - 2 * FRAME_PADDING
    grid_doc = dataclasses.replace(first, version="")
    writer = _Writer(grid_doc, styles, width)
    labels = first.labels
    story = writer.header(labels["answer_grid"].html, first.title.html)
    per_table = PER_TABLE if writer.k == 1 else 4
    for start in range(0, len(docs), per_table):
        story += [_table(writer, docs[start:start + per_table], per_table), Spacer(1, 5 * mm)]
    furniture = _quiz_furniture(grid_doc, loc, styles, key=True, label="answer_grid",
                                review=review)
    title = f"{labels['answer_grid'].text} – {first.title.text}"
    return render_pdf(story, paper=paper, margins=margins, furniture=furniture, title=title,
                      subject=first.leaflet_title.text, lang=first.lang, author="leaflets")


def _table(writer: _Writer, docs: list[QuizDocument], per_table: int):
    labels = docs[0].labels
    head = [writer.p(f"<b>{labels['question'].html}</b>")]
    for doc in docs:
        head.append([writer.p(f"<b>{labels['version'].html} {doc.version}</b>"),
                     writer.p(doc.form_id, "footnote")])
    rows = [head]
    for index in range(len(docs[0].questions)):
        row = [writer.p(f"<b>{docs[0].questions[index].number_text}</b>")]
        row += [writer.p(answer_text(doc.questions[index], doc)) for doc in docs]
        rows.append(row)
    # a data table: versions are columns (TH, column scope); with several versions the
    # question numbers head the rows (TH, row scope), as in the leaflets' tables. Tagged in
    # logical order, before `writer.table` mirrors a right-to-left page
    table_of(rows, header_rows=1, row_headers=len(docs) > 1)
    number_w = 24 * mm * writer.k
    column = (writer.width - number_w) / max(per_table, 4)
    widths = [number_w] + [column] * len(docs)
    s = writer.styles
    commands = [("GRID", (0, 0), (-1, -1), 0.5, s.color("rule")),
                ("BACKGROUND", (0, 0), (-1, 0), s.color("clinic_bg")),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    commands += [("BACKGROUND", (0, r), (-1, r), s.color("table_stripe"))
                 for r in range(2, len(rows), 2)]
    table = writer.split_table(rows, widths, commands, repeat_rows=1)
    table.hAlign = "RIGHT" if writer.rtl else "LEFT"
    return table
