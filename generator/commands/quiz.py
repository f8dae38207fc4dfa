"""`leaflets quiz`: printable quizzes with answer keys, and exports for learning systems."""

from __future__ import annotations

import sys

from ..cli import add_root_argument
from .common import add_selection_arguments, clinic_out_dir, selected_locales

FORMATS = ("pdf", "moodle", "gift", "qti", "json")


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "quiz", help="make quizzes: printable PDFs with answer keys, Moodle/GIFT/QTI/JSON",
        description="Make the quiz of each topic: printable quiz and answer-key PDFs "
                    "(out/<locale>/quiz/<topic>-quiz-<version>-<paper>.pdf and "
                    "<topic>-key-<version>-<paper>.pdf) and exports "
                    "(out/<locale>/quiz/<topic>.moodle.xml, .gift.txt, .qti.zip, .json; "
                    "with --clinic under out/<clinic-slug>/). "
                    "The key names the leaflet section and page of each answer.")
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
    add_root_argument(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
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
                for version in versions:
                    for paper in papers if "pdf" in formats else ():
                        for key in (False, True):
                            path = pdf_output(out, locale, topic, "key" if key else "quiz",
                                              version.letter, paper)
                            write_atomic(path, maker.pdf(version, paper, key=key))
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
