"""`leaflets quiz`: printable quizzes with answer keys, and exports for learning systems."""

from __future__ import annotations

import sys

from ..cli import add_root_argument
from .common import add_selection_arguments, clinic_out_dir, selected_locales

FORMATS = ("pdf", "moodle", "gift", "qti", "canvas", "json")


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "quiz", help="make quizzes: printable PDFs with answer keys, Moodle/GIFT/QTI/JSON",
        description="Make the quiz of each topic: printable quiz and answer-key PDFs "
                    "(out/<locale>/quiz/<topic>-quiz-<version>-<paper>.pdf and "
                    "<topic>-key-<version>-<paper>.pdf) and exports "
                    "(out/<locale>/quiz/<topic>.moodle.xml, .gift.txt, .qti.zip, .canvas.zip, "
                    ".json; with --clinic under out/<clinic-slug>/), and a one-page answer "
                    "grid of all versions (<topic>-grid-<paper>.pdf). The key names the "
                    "leaflet section and the page where each answer is printed. A seed other "
                    "than 0 is part of the PDF names (<topic>-quiz-A-seed7-a4.pdf), so "
                    "`leaflets build` (seed 0) never replaces them.")
    add_selection_arguments(
        parser, topic_help="topic (repeatable; default: every topic with a quiz)",
        paper_help="paper size of the PDFs (repeatable; default: both)",
        clinic_help="the clinic file the leaflets are printed with (it can move page "
                    "breaks, so the key's page numbers use it too)")
    parser.add_argument("--versions", type=int, default=1, metavar="N",
                        help="number of versions A, B, C ... with questions and answers "
                             "shuffled, each with its own key (default: 1, at most 26)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="seed for shuffling: the same seed gives the same versions "
                             "(default: 0, the seed `leaflets build` uses)")
    parser.add_argument("--format", action="append", choices=FORMATS, dest="formats",
                        help="what to write (repeatable; default: all)")
    parser.add_argument("--edition", action="append", choices=("standard", "large-print"),
                        dest="editions",
                        help="print the quiz, key and grid in this edition (repeatable; "
                             "default: standard); a large-print key cites the pages of the "
                             "large-print leaflet")
    add_root_argument(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    import dataclasses  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from ..build import Summary, not_offered  # noqa: PLC0415
    from ..clinic import load_clinic  # noqa: PLC0415
    from ..errors import LeafletError  # noqa: PLC0415
    from ..project import find_project  # noqa: PLC0415
    from ..quiz.outputs import (QuizMaker, QuizOptions, export_output, has_quiz,  # noqa: PLC0415
                                pdf_output, project_quiz)
    from ..quiz.versions import MAX_VERSIONS  # noqa: PLC0415
    from ..render.output import prepare_out_dir, write_atomic  # noqa: PLC0415

    import time  # noqa: PLC0415

    project = find_project(args.root)
    if args.topic:
        topics = project.check_topics(args.topic)
        for topic in topics:
            if not has_quiz(project, topic):
                project_quiz(project, topic)   # raises: names the file to write
    else:
        topics = [t for t in project.topics() if has_quiz(project, t)]
        if not topics:
            raise LeafletError("no quizzes found", path=project.quizzes_dir,
                               hint="write quizzes/<topic>.yaml (see docs/quiz-format.md)")
    if not 1 <= args.versions <= MAX_VERSIONS:
        raise LeafletError(f"--versions must be from 1 to {MAX_VERSIONS}, not {args.versions}",
                           hint="one letter per version, A to Z")
    locales = selected_locales(project, args.locale)
    papers = list(dict.fromkeys(args.paper or ["a4", "letter"]))
    formats = list(dict.fromkeys(args.formats or FORMATS))
    options = QuizOptions(clinic=load_clinic(Path(args.clinic)) if args.clinic else None,
                          allow_fallback=args.allow_fallback, seed=args.seed,
                          require_reviewed=args.require_reviewed)
    editions = list(dict.fromkeys(args.editions or ["standard"]))
    for topic in topics:
        project_quiz(project, topic)  # content errors stop before anything is written
    out = clinic_out_dir(project, args.out, options.clinic)   # out/<clinic-slug> with --clinic
    prepare_out_dir(out)
    summary = Summary(out_dir=out, not_offered=not_offered(project, topics, locales))
    start = time.perf_counter()
    for locale in locales:
        for topic in topics:
            if not project.offers(topic, locale):
                continue   # the topic does not ship in this language: not a failure
            label = f"{locale}/quiz/{topic}"
            try:
                maker = QuizMaker(project, topic, locale, options)
                versions = maker.versions(args.versions)
                for edition in editions if "pdf" in formats else ():
                    printer = QuizMaker(project, topic, locale, dataclasses.replace(
                        options, edition=edition), maker.translations)
                    for paper in papers:
                        for version in versions:
                            for key in (False, True):
                                path = pdf_output(out, locale, topic, "key" if key else "quiz",
                                                  version.letter, paper, edition, args.seed)
                                write_atomic(path, printer.pdf(version, paper, key=key))
                                summary.written.append(path)
                        path = pdf_output(out, locale, topic, "grid", "", paper, edition,
                                          args.seed)
                        write_atomic(path, printer.grid_pdf(versions, paper))
                        summary.written.append(path)
                for fmt in formats:
                    if fmt != "pdf":
                        path = export_output(out, locale, topic, fmt)
                        write_atomic(path, maker.export(fmt, versions))
                        summary.written.append(path)
                status = "ok"
            except LeafletError as exc:
                summary.failed.append((label, str(exc)))
                status = "FAILED"
            sys.stderr.write(f"{label} {status}\n")
    summary.seconds = time.perf_counter() - start
    summary.report()
    return 1 if summary.failed else 0
