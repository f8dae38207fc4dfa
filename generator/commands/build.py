"""`leaflets build`: render every requested leaflet into the out folder."""

from __future__ import annotations

import sys

from ..cli import add_root_argument


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "build", help="build leaflets (default: every topic, locale and paper size)",
        description="Build leaflets as PDF files into the out folder, "
                    "named out/<locale>/<topic>-<paper>.pdf, and for each topic with a quiz "
                    "the quiz and its answer key (version A), named "
                    "out/<locale>/quiz/<topic>-quiz-A-<paper>.pdf and "
                    "<topic>-key-A-<paper>.pdf (more versions and exports: leaflets quiz).")
    parser.add_argument("--topic", action="append", metavar="ID",
                        help="topic to build (repeatable; default: all)")
    parser.add_argument("--locale", action="append", metavar="CODE",
                        help="locale to build, e.g. en, es, ar, or a pseudo-locale en-XA / "
                             "ar-XB (repeatable; default: all real locales)")
    parser.add_argument("--paper", action="append", choices=("a4", "letter"),
                        help="paper size (repeatable; default: both)")
    parser.add_argument("--clinic", metavar="FILE",
                        help="YAML file with the clinic's name, phone, address and logo")
    parser.add_argument("--out", metavar="DIR", default="out",
                        help="output folder (default: out)")
    parser.add_argument("--allow-fallback", action="store_true",
                        help="print English, visibly marked, for strings not yet translated")
    parser.add_argument("--require-reviewed", action="store_true",
                        help="refuse translations that a qualified reviewer has not signed off")
    add_root_argument(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from pathlib import Path  # noqa: PLC0415

    from ..build import BuildSettings, plan, run_build  # noqa: PLC0415
    from ..clinic import load_clinic  # noqa: PLC0415
    from ..project import find_project  # noqa: PLC0415
    from ..quiz.outputs import has_quiz, project_quiz  # noqa: PLC0415

    project = find_project(args.root)
    topics = project.check_topics(args.topic)
    locales = _locales(project, args.locale)
    papers = list(dict.fromkeys(args.paper or ["a4", "letter"]))
    clinic = load_clinic(Path(args.clinic)) if args.clinic else None
    for topic in topics:
        project.leaflet(topic)  # content errors stop the build before anything is written
        if has_quiz(project, topic):
            project_quiz(project, topic)
    settings = BuildSettings(out_dir=Path(args.out), clinic=clinic,
                             allow_fallback=args.allow_fallback,
                             require_reviewed=args.require_reviewed)
    jobs = plan(project, topics, locales, papers)
    summary = run_build(project, jobs, settings, progress=_print_progress)
    summary.report()
    return 1 if summary.failed else 0


def _locales(project, asked: list[str] | None) -> list[str]:
    """Known locales, plus the pseudo-locales (en-XA, ar-XB) which exist only in memory."""
    from ..i18n.pseudo import pseudo_locale  # noqa: PLC0415

    if not asked:
        return project.check_locales(None)
    real = [code for code in asked if pseudo_locale(code) is None]
    if real:
        project.check_locales(real)  # unknown locales are an error
    return list(dict.fromkeys(pseudo_locale(code) or code for code in asked))


def _print_progress(index, total, job, status) -> None:
    sys.stderr.write(f"[{index}/{total}] {job.label} {status}\n")
