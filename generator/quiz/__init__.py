"""Quizzes: questions about a leaflet that refer to its data and sections.

One quiz file per leaflet (`quizzes/<topic>.yaml`, format in docs/quiz-format.md) is read
into a `Quiz` (model.py, loader.py). For one locale and one version it becomes a
`QuizDocument` (document.py): the single internal representation that every writer uses,
R/exams style:

    pdf.py       printable quiz and answer key (ReportLab, same fonts and paragraphs as
                 the leaflets; standard or large-print style sheet)
    grid.py      the teacher's one-page answer grid of all versions
    moodle.py    Moodle XML
    gift.py      GIFT (writer, and a small parser for round trips)
    qti.py       QTI 2.1 content package (zip)
    canvas.py    Canvas quiz package (QTI 1.2 in Canvas's flavour, zip)
    jsonfmt.py   JSON

numeric.py picks the choices of numeric items from the leaflet's data, versions.py
shuffles questions and answers reproducibly (`--versions N --seed S`), ui.py holds the
quiz's own labels, pages.py finds the leaflet page of each section and of each text (the
key cites the page where the answer is printed), checks.py is `leaflets check`'s quiz check
(consistency and item quality), and maker.py makes one topic's files in one locale for the
build's quiz, key, grid and export jobs (build/kinds.py). Format and outputs:
docs/quiz-format.md.
"""
