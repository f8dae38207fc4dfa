"""`leaflets check`: validate content, reading level, translations and quizzes."""

from __future__ import annotations

import re
import sys

from generator.build.project import find_project
from generator.checks import CheckOptions, registered_checks

SHOWN_PER_GROUP = 3    # findings of one kind in one file printed before "... and N more"


def run(args) -> int:
    project = find_project(args.root)
    options = CheckOptions(max_grade=args.max_grade,
                           topics=project.check_topics(args.topic) if args.topic else None,
                           locales=project.check_locales(args.locale) if args.locale else None)
    findings, names = [], []
    for name, check in registered_checks():
        names.append(name)
        findings += [(name, finding) for finding in check(project, options)]
    shown = [(n, f) for n, f in findings if f.level == "error" or not args.quiet]
    for line in grouped_lines(shown):
        print(line)
    errors = sum(f.level == "error" for _n, f in findings)
    warnings = sum(f.level == "warning" for _n, f in findings)
    if not args.quiet:
        locales = [loc for loc in (options.locales or project.locales())]
        for line in summary_lines(findings, locales, names):
            print(line, file=sys.stderr)
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


_LOCALE = re.compile(r"(?:^|/)locales/([^/:]+)/")
_LINE = re.compile(r":\d+$")


def locale_of(finding) -> str | None:
    match = _LOCALE.search(finding.where)
    return match.group(1) if match else None


def grouped_lines(findings) -> list[str]:
    """Findings in order; many of one kind in one file (an unfinished catalog has one
    'not translated' per string) are shown as the first few and a count, and one message
    repeated in several files (a header problem) as one finding naming the files."""
    groups: dict[tuple, list] = {}
    for name, finding in findings:
        where = _LINE.sub("", finding.where)
        body = finding.message.split(": ", 1)[-1] if finding.message.startswith("[") \
            else finding.message
        key = ("same", name, finding.level, finding.message, finding.hint) \
            if _LINE.search(finding.where) is None else \
            ("file", name, finding.level, finding.check, where)
        groups.setdefault(key, []).append((name, finding, body))
    lines = []
    for key, members in groups.items():
        name, first = members[0][0], members[0][1]
        if key[0] == "same" and len(members) > 1:
            places = ", ".join(f.where for _n, f, _b in members)
            lines.append(f"[{name}] {first.level}: {first.message} (in {len(members)} files: "
                         f"{places})" + (f"\n  fix: {first.hint}" if first.hint else ""))
            continue
        for _n, finding, _b in members[:SHOWN_PER_GROUP]:
            lines.append(f"[{name}] {finding}")
        if len(members) > SHOWN_PER_GROUP:
            locale = locale_of(first)
            more = f"`leaflets i18n check --locale {locale}` lists them all" if locale \
                else "fix these first, then check again"
            lines.append(f"[{name}] ... and {len(members) - SHOWN_PER_GROUP} more "
                         f"{first.level}s of this kind ({first.check or name}) in {key[4]} "
                         f"({more})")
    return lines


def summary_lines(findings, locales: list[str], names: list[str] = ()) -> list[str]:
    """One line per check, then one per language checked."""
    def counts(items) -> str:
        errors = sum(f.level == "error" for f in items)
        warnings = sum(f.level == "warning" for f in items)
        return "ok" if not errors and not warnings else \
            f"{errors} error(s), {warnings} warning(s)"

    by_check: dict[str, list] = {name: [] for name in names}
    by_locale: dict[str, list] = {loc: [] for loc in locales}
    for name, finding in findings:
        by_check.setdefault(name, []).append(finding)
        locale = locale_of(finding)
        if locale is not None:
            by_locale.setdefault(locale, []).append(finding)
    width = max([len(n) for n in by_check] + [len(loc) for loc in by_locale] + [8])
    lines = ["summary by check:"]
    lines += [f"  {name:<{width}}  {counts(items)}" for name, items in by_check.items()]
    lines.append("summary by language:")
    lines += [f"  {loc:<{width}}  {counts(items)}" for loc, items in by_locale.items()]
    return lines
