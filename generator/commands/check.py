"""`leaflets check`: validate content, reading level, translations and quizzes."""

from __future__ import annotations

import sys

from ..cli import add_root_argument


def add_parser(sub) -> None:
    parser = sub.add_parser("check", help="check content, reading level, translations, quizzes",
                            description="Run every check; exit 1 if any finds an error.")
    parser.add_argument("--max-grade", type=float, default=8.0, metavar="N",
                        help="highest allowed English reading grade (default: 8)")
    parser.add_argument("--topic", action="append", metavar="ID", help="only this topic")
    parser.add_argument("--locale", action="append", metavar="CODE", help="only this locale")
    parser.add_argument("--quiet", action="store_true", help="print errors and warnings only")
    add_root_argument(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from ..checks import CheckOptions, registered_checks  # noqa: PLC0415
    from ..project import find_project  # noqa: PLC0415

    project = find_project(args.root)
    options = CheckOptions(max_grade=args.max_grade,
                           topics=project.check_topics(args.topic) if args.topic else None,
                           locales=project.check_locales(args.locale) if args.locale else None)
    errors = warnings = 0
    for name, check in registered_checks():
        for finding in check(project, options):
            if finding.level == "info" and args.quiet:
                continue
            print(f"[{name}] {finding}")
            errors += finding.level == "error"
            warnings += finding.level == "warning"
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
