"""`leaflets build`: render every requested leaflet into the out folder."""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

from generator.build import stamp
from generator.build.cache import run_steps
from generator.build.fhir_index import FHIR_INDEX, write_fhir_index
from generator.build.index_page import (
    CLINIC_MARKER,
    INDEX_NAME,
    output_files,
    web_files,
    write_index,
)
from generator.build.jobs import BuildSettings, Summary, not_offered, plan, web_jobs
from generator.build.pool import default_workers
from generator.build.progress import BuildProgress
from generator.build.project import find_project
from generator.build.runner import run_build
from generator.commands.common import clinic_out_dir, selected_locales
from generator.content.clinic import load_clinic
from generator.errors import LeafletError
from generator.layout.paper import PAPERS
from generator.layout.sheets import is_bilingual
from generator.localize.ledger import ledger_path
from generator.localize.review import changed_strings_label
from generator.scripts.registry import font_files_for_locale


def run(args) -> int:
    project = find_project(args.root)
    topics = project.check_topics(args.topic)
    locales = selected_locales(project, args.locale)
    papers = list(dict.fromkeys(args.paper or PAPERS))
    clinic = load_clinic(Path(args.clinic)) if args.clinic else None
    for topic in topics:
        project.leaflet(topic)  # content errors stop the build before anything is written
        if project.has_quiz(topic):
            project.quiz(topic)
    editions, partners = _editions(project, args)
    note, workers = _jobs_note(args.jobs), _workers(args.jobs)
    sys.stderr.write(note)
    out_dir = clinic_out_dir(project, args.out, clinic)   # out/<clinic-slug> with --clinic
    settings = BuildSettings(out_dir=out_dir, clinic=clinic,
                             allow_fallback=args.allow_fallback,
                             require_reviewed=args.require_reviewed,
                             language_help=args.language_help)
    formats = list(dict.fromkeys(args.format or ["pdf"]))
    jobs = plan(project, topics, locales, papers, editions, partners) \
        if "pdf" in formats else []
    if "html" in formats:
        jobs += web_jobs(project, topics, locales)
    progress = BuildProgress()
    try:
        summary = run_build(project, jobs, settings, progress=progress, workers=workers,
                            force=args.force)
    finally:
        progress.close()
    summary.not_offered = not_offered(project, topics, locales)
    summary.out_dir = out_dir
    write_index_pages(project, Path(args.out), changed=summary.recorded)
    summary.report()
    review_lines = _changed_since_review(project, topics, locales)
    nothing = "nothing to build: no asked topic is offered in the asked language(s)\n" \
        if not jobs and summary.not_offered else ""
    sys.stderr.write(review_lines + nothing)
    status = 1 if summary.failed else 0
    if summary.failed:
        stamp.forget(args, project.root)
    else:
        _record_stamp(args, project, settings, jobs, summary,
                      note + "{report}" + review_lines + nothing, status)
    return status


def _record_stamp(args, project, settings, jobs, summary, text: str, status: int) -> None:
    """What the next identical build may answer without building (build/stamp.py): the
    report a build with nothing to do prints, and every file this one read or wrote."""
    quiet = Summary(skipped=summary.written + summary.skipped, not_offered=summary.not_offered,
                    out_dir=summary.out_dir, seconds=math.nan)
    report = io.StringIO()
    quiet.report(report)
    locales = {job.locale for job in jobs} | {job.partner for job in jobs if job.partner}
    if settings.language_help:
        locales |= set(project.locales())
    fonts = sorted({str(font) for locale in sorted(locales)
                    for font in font_files_for_locale(locale) if Path(str(font)).is_absolute()})
    out, folder = Path(args.out), settings.out_dir
    written = [job.output(folder) for job in jobs] + [
        out / INDEX_NAME, out / FHIR_INDEX, folder / CLINIC_MARKER]
    read = [Path(args.clinic)] + ([settings.clinic.logo] if settings.clinic.logo else []) \
        if settings.clinic else []
    stamp.record(args, project.root, report=text.replace(
        "{report}", report.getvalue().replace(" in nan s\n", " in {seconds} s\n", 1)),
        status=status, read=read, fonts=fonts, written=[str(p) for p in written])


def write_index_pages(project, out: Path, changed: bool = True) -> None:
    """out/index.html: made again when the build recorded anything new (an output made or
    failed), else only when the PDFs in the out folder, a catalog, a content file or the
    generator changed, so a build with nothing to do stays fast."""

    def write():
        write_index(project, out)

    catalogs = sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po"))
    inputs = catalogs + sorted(project.locales_dir.glob("*/review.yaml")) + \
        sorted(project.leaflets_dir.glob("*.yaml")) + web_files(out)
    if changed:
        write()
    run_steps(out, [
        ("index.html", (lambda: None) if changed else write, inputs, "**/*.pdf"),
        # the EHR index: every output's hash, so it depends on every output's bytes
        (FHIR_INDEX, lambda: write_fhir_index(project, out),
         catalogs + sorted(project.leaflets_dir.glob("*.yaml")) + output_files(out), None)])


def _workers(asked: int | None) -> int:
    """--jobs, capped at the cores this process may use (_jobs_note says when it is)."""
    usable = default_workers()
    return min(asked or usable, usable)


def _jobs_note(asked: int | None) -> str:
    usable = default_workers()
    if asked is None or asked <= usable:
        return ""
    return (f"note: --jobs {asked} is more than the {usable} usable "
            f"core{'s' if usable != 1 else ''}; using {usable}\n")


def _changed_since_review(project, topics, locales) -> str:
    """Lines naming the strings that changed since their review, per locale and topic."""
    lines = []
    for locale in locales:
        if not ledger_path(project.locales_dir, locale).is_file():
            continue   # no review records: nothing can have changed since a review
        for topic in topics:
            try:
                label = changed_strings_label(project, locale, topic)
            except LeafletError:
                continue   # the build already reported the broken file
            if label:
                lines.append(f"  {locale}/{topic}: {label} (printed as a draft until "
                             "reviewed again)\n")
    return "".join(lines)


def _editions(project, args) -> tuple[list[str], list[str]]:
    """The editions asked for, and the --with languages of the bilingual one."""

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

