"""`leaflets build`: render every requested leaflet into the out folder."""

from __future__ import annotations

from pathlib import Path

from ..cli import add_root_argument
from .common import add_selection_arguments, selected_locales


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "build", help="build leaflets (default: every topic, locale and paper size)",
        description="Build leaflets as PDF files into the out folder, "
                    "named out/<locale>/<topic>-<paper>.pdf (with --clinic: "
                    "out/<clinic-slug>/<locale>/...), and for each topic with a quiz "
                    "the quiz and its answer key (version A), named "
                    "out/<locale>/quiz/<topic>-quiz-A-<paper>.pdf and "
                    "<topic>-key-A-<paper>.pdf (more versions and exports: leaflets quiz).")
    add_selection_arguments(
        parser, topic_help="topic to build (repeatable; default: all)",
        paper_help="paper size (repeatable; default: both)",
        clinic_help="YAML file with the clinic's name, phone, address and logo")
    parser.add_argument("--edition", action="append", metavar="NAME",
                        help="edition: standard, large-print or bilingual (repeatable; "
                             "default: standard); see docs/editions.md")
    parser.add_argument("--with", dest="with_locale", action="append", metavar="CODE",
                        help="bilingual edition: the second language, e.g. --with en "
                             "(repeatable); output <topic>-bilingual-<with>-<paper>.pdf")
    parser.add_argument("--format", action="append", choices=("pdf", "html"),
                        help="pdf: the printed leaflets, quizzes and keys (default); html: "
                             "each leaflet's web edition, out/<locale>/<topic>.html "
                             "(repeatable: --format pdf --format html); see docs/web.md")
    parser.add_argument("--language-help", action="store_true",
                        help="append a page that says in every shipped language that free "
                             "language help is available and how to reach the clinic")
    parser.add_argument("--jobs", "-j", type=_positive, metavar="N",
                        help="processes to render with (default: all usable cores; more than "
                             "that is capped, with a note)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild every output, even those whose inputs did not change "
                             "(default: only outputs whose content, catalogs, fonts, clinic "
                             "file, options or generator changed, or that are missing)")
    add_root_argument(parser)
    parser.set_defaults(run=run)


def _positive(text: str) -> int:
    import argparse  # noqa: PLC0415

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def run(args) -> int:
    import sys  # noqa: PLC0415

    from ..build import BuildSettings, not_offered, plan, run_build  # noqa: PLC0415
    from ..clinic import load_clinic  # noqa: PLC0415
    from ..project import find_project  # noqa: PLC0415
    from ..quiz.outputs import has_quiz, project_quiz  # noqa: PLC0415
    from .common import clinic_out_dir  # noqa: PLC0415

    project = find_project(args.root)
    topics = project.check_topics(args.topic)
    locales = selected_locales(project, args.locale)
    papers = list(dict.fromkeys(args.paper or ["a4", "letter"]))
    clinic = load_clinic(Path(args.clinic)) if args.clinic else None
    for topic in topics:
        project.leaflet(topic)  # content errors stop the build before anything is written
        if has_quiz(project, topic):
            project_quiz(project, topic)
    editions, partners = _editions(project, args)
    workers = _workers(args.jobs)
    out_dir = clinic_out_dir(project, args.out, clinic)   # out/<clinic-slug> with --clinic
    settings = BuildSettings(out_dir=out_dir, clinic=clinic,
                             allow_fallback=args.allow_fallback,
                             require_reviewed=args.require_reviewed,
                             language_help=args.language_help)
    formats = list(dict.fromkeys(args.format or ["pdf"]))
    jobs = plan(project, topics, locales, papers, editions, partners) \
        if "pdf" in formats else []
    if "html" in formats:
        from ..web.job import web_jobs  # noqa: PLC0415
        jobs += [job for job in web_jobs(topics, locales) if project.offers(job.topic, job.locale)]
    from ..progress import BuildProgress  # noqa: PLC0415
    progress = BuildProgress()
    before = _manifest_bytes(out_dir)
    try:
        summary = run_build(project, jobs, settings, progress=progress, workers=workers,
                            force=args.force)
    finally:
        progress.close()
    summary.not_offered = not_offered(project, topics, locales)
    summary.out_dir = out_dir
    write_catalog_page(project, Path(args.out), changed=_manifest_bytes(out_dir) != before)
    summary.report()
    _report_changed_since_review(project, topics, locales)
    if not jobs and summary.not_offered:
        sys.stderr.write("nothing to build: no asked topic is offered in the asked "
                         "language(s)\n")
    return 1 if summary.failed else 0


def write_catalog_page(project, out: Path, changed: bool = True) -> None:
    """out/index.html: made again when the build recorded anything new (an output made or
    failed), else only when the PDFs in the out folder, a catalog, a content file or the
    generator changed, so a build with nothing to do stays fast."""
    from ..buildcache import run_step  # noqa: PLC0415
    from ..catalog_page import write_index  # noqa: PLC0415
    from ..web.fhir import FHIR_INDEX, output_files, web_files, write_fhir_index  # noqa: PLC0415

    def write():
        write_index(project, out)

    catalogs = sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po"))
    inputs = catalogs + sorted(project.locales_dir.glob("*/review.yaml")) + \
        sorted(project.leaflets_dir.glob("*.yaml")) + web_files(out)
    if changed:
        write()
    run_step(out, "index.html", (lambda: None) if changed else write, inputs=inputs,
             listing="**/*.pdf")
    # the EHR index: every output's hash, so it depends on every output's bytes
    run_step(out, FHIR_INDEX, lambda: write_fhir_index(project, out),
             inputs=catalogs + sorted(project.leaflets_dir.glob("*.yaml")) + output_files(out))


def _manifest_bytes(out_dir: Path) -> bytes:
    """The manifest as it is now (b"" when it is missing or not a regular file: a pipe or
    a device there must not hang or exhaust the build)."""
    from ..buildcache import MANIFEST_NAME  # noqa: PLC0415
    from ..errors import LeafletError  # noqa: PLC0415
    from ..safefile import LIMITS, read_regular  # noqa: PLC0415

    try:
        return read_regular(Path(out_dir) / MANIFEST_NAME, LIMITS["manifest"], what="manifest")
    except LeafletError:
        return b""


def _workers(asked: int | None) -> int:
    """--jobs, capped at the cores this process may use (with a note when asked for more)."""
    import sys  # noqa: PLC0415

    from ..pool import default_workers  # noqa: PLC0415

    usable = default_workers()
    if asked is None:
        return usable
    if asked > usable:
        sys.stderr.write(f"note: --jobs {asked} is more than the {usable} usable "
                         f"core{'s' if usable != 1 else ''}; using {usable}\n")
        return usable
    return asked


def _report_changed_since_review(project, topics, locales) -> None:
    """Name the strings that changed since their review, per locale and topic built."""
    import sys  # noqa: PLC0415

    from ..errors import LeafletError  # noqa: PLC0415
    from ..localize.ledger import ledger_path  # noqa: PLC0415
    from ..localize.review import changed_strings_label  # noqa: PLC0415

    for locale in locales:
        if not ledger_path(project.locales_dir, locale).is_file():
            continue   # no review records: nothing can have changed since a review
        for topic in topics:
            try:
                label = changed_strings_label(project, locale, topic)
            except LeafletError:
                continue   # the build already reported the broken file
            if label:
                sys.stderr.write(f"  {locale}/{topic}: {label} (printed as a draft until "
                                 "reviewed again)\n")


def _editions(project, args) -> tuple[list[str], list[str]]:
    """The editions asked for, and the --with languages of the bilingual one."""
    from ..errors import LeafletError  # noqa: PLC0415
    from ..render.leaflet import is_bilingual  # noqa: PLC0415

    # checked against the style sheets: an edition becomes part of a path and a file name
    editions = project.check_editions(args.edition or ["standard"])
    partners = selected_locales(project, args.with_locale) if args.with_locale else []
    bilingual = [e for e in editions if is_bilingual(e)]
    if bilingual and not partners:
        raise LeafletError(f"the {bilingual[0]} edition needs a second language",
                           hint=f"add --with LOCALE, e.g. --edition {bilingual[0]} --with en")
    if partners and not bilingual:
        raise LeafletError("--with is only used by the bilingual edition",
                           hint="add --edition bilingual, or drop --with")
    return editions, partners

