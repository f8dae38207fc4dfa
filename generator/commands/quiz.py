"""`leaflets quiz`: printable quizzes with answer keys, and exports for learning systems."""

from __future__ import annotations

from pathlib import Path

from generator.build.jobs import BuildSettings, not_offered, plan_quizzes
from generator.build.pool import default_workers
from generator.build.progress import BuildProgress
from generator.build.project import find_project
from generator.build.runner import run_build
from generator.commands.common import clinic_out_dir, selected_locales
from generator.content.clinic import load_clinic
from generator.errors import LeafletError
from generator.layout.paper import PAPERS
from generator.quiz.formats import FORMATS as QUIZ_FORMATS
from generator.quiz.versions import MAX_VERSIONS


def run(args) -> int:
    project = find_project(args.root)
    if args.topic:
        topics = project.check_topics(args.topic)
        for topic in topics:
            project.quiz(topic)   # a topic without a quiz: names the file to write
    else:
        topics = [t for t in project.topics() if project.has_quiz(t)]
        if not topics:
            raise LeafletError("no quizzes found", path=project.quizzes_dir,
                               hint="write quizzes/<topic>.yaml (see docs/quiz-format.md)")
    if not 1 <= args.versions <= MAX_VERSIONS:
        raise LeafletError(f"--versions must be from 1 to {MAX_VERSIONS}, not {args.versions}",
                           hint="one letter per version, A to Z")
    locales = selected_locales(project, args.locale)
    papers = list(dict.fromkeys(args.paper or PAPERS))
    formats = list(dict.fromkeys(args.formats or QUIZ_FORMATS))
    clinic = load_clinic(Path(args.clinic)) if args.clinic else None
    editions = list(dict.fromkeys(args.editions or ["standard"]))
    for topic in topics:
        project.quiz(topic)  # content errors stop before anything is written
    out = clinic_out_dir(project, args.out, clinic)   # out/<clinic-slug> with --clinic
    settings = BuildSettings(out_dir=out, clinic=clinic, allow_fallback=args.allow_fallback,
                             require_reviewed=args.require_reviewed)
    jobs = plan_quizzes(project, topics, locales, papers, editions, formats,
                        versions=args.versions, seed=args.seed)
    progress = BuildProgress()
    try:   # always made again: a quiz run is asked for on purpose
        summary = run_build(project, jobs, settings, progress=progress,
                            workers=default_workers(), force=True)
    finally:
        progress.close()
    summary.not_offered = not_offered(project, topics, locales)
    summary.out_dir = out
    summary.report()
    return 1 if summary.failed else 0
