"""`leaflets i18n`: extract, init, update, compile, status, check, pseudo (the review round
trip is in i18n_review.py: it loads the XLIFF and PDF writers).

The workflow is described for translators in docs/translating.md; the work is done in
generator/i18n/, this module only parses arguments and prints results.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.build.project import find_project
from generator.errors import LeafletError
from generator.i18n.checks import CheckSettings, check_locale, source_messages
from generator.i18n.compile import compile_locale
from generator.i18n.extract import check_domains
from generator.i18n.pofiles import write_catalog
from generator.i18n.status import format_table, project_status
from generator.i18n.templates import current_templates, write_templates
from generator.i18n.update import init_locale, set_draft, update_locales
from generator.localize.catalogs import SOURCE_LOCALE
from generator.localize.pseudo import (
    PSEUDO_LOCALES,
    pseudo_catalog,
    pseudo_locale,
    pseudo_text,
)

SHOWN_PER_FILE = 5   # findings listed per catalog before "... and N more"


def _asked_locales(project, args) -> list[str]:
    return [loc for loc in project.check_locales(args.locale) if loc != SOURCE_LOCALE]


def run_extract(args) -> int:
    project = find_project(args.root)

    templates = current_templates(project, args.topic)
    written = set(write_templates(templates))
    for template in templates:
        state = "wrote" if template.path in written else "unchanged"
        count = sum(1 for m in template.catalog if m.id)
        print(f"{state} {project.relative(template.path)} ({count} strings)")
    return 0


def run_init(args) -> int:
    project = find_project(args.root)

    changes = init_locale(project, args.locale)
    for change in changes:
        print(f"created {project.relative(change.path)} ({change.new} strings to translate)")
    locale = changes[0].locale if changes else args.locale
    print(f"next: translate the .po files (Poedit, Weblate, Lokalize), then run "
          f"`leaflets i18n check --locale {locale}`", file=sys.stderr)
    return 0


def run_update(args) -> int:
    project = find_project(args.root)

    locales = _asked_locales(project, args)
    if args.mark_reviewed or args.review_date:
        raise LeafletError(
            "--mark-reviewed is gone: a catalog header cannot make a translation reviewed",
            hint="record a review per string with `leaflets i18n export-review --locale "
                 "LOCALE`, then `leaflets i18n import-review FILE --reviewer NAME` "
                 "(docs/translating.md)")
    for change in update_locales(project, locales, args.topic):
        change.path = project.relative(change.path)
        print(change.summary())
    if not locales:
        print("templates updated; no translations yet (start one with "
              "`leaflets i18n init LOCALE`)")
    if args.mark_draft:
        for locale in locales:
            set_draft(project, locale)
            print(f"{locale}: X-Review-Status: draft (information only: the review state "
                  "comes from the review ledger)")
    return 0


def run_compile(args) -> int:
    project = find_project(args.root)

    left_out = 0
    for locale in _asked_locales(project, args):
        for result in compile_locale(project, locale, args.topic):
            missing = len(result.errors)
            print(f"wrote {project.relative(result.path)} ({result.messages} strings"
                  + (f", {missing} left out)" if missing else ")"))
            for finding in result.errors[:SHOWN_PER_FILE]:
                print(f"  {finding}")
            if missing > SHOWN_PER_FILE:
                print(f"  ... and {missing - SHOWN_PER_FILE} more left out "
                      f"(`leaflets i18n check --locale {locale}` lists them all)")
            left_out += missing
    print(f"{left_out} string(s) left out of the .mo files" if left_out
          else "every string compiled", file=sys.stderr)
    return 1 if left_out else 0


def run_status(args) -> int:
    project = find_project(args.root)

    statuses = project_status(project, _asked_locales(project, args) if args.locale else None,
                              args.topic)
    if args.json:
        print(json.dumps({"locales": [s.as_dict() for s in statuses]}, indent=2,
                         ensure_ascii=False))
    else:
        print(format_table(statuses), end="")
    if args.fail_under is not None:
        low = [s for s in statuses if s.total.percent < args.fail_under]
        for status in low:
            print(f"{status.locale}: {status.total.percent:.1f} % translated, under "
                  f"{args.fail_under:g} %", file=sys.stderr)
        return 1 if low else 0
    return 0


def run_check(args) -> int:
    project = find_project(args.root)

    settings = CheckSettings(max_length_ratio=args.max_length_ratio,
                             allow_incomplete=args.allow_incomplete)
    errors = warnings = 0
    locales = _asked_locales(project, args)
    domains = check_domains(project, args.topic)
    sources = source_messages(project, domains) if locales else {}
    per_locale = []
    for locale in locales:
        mine = [0, 0]
        for finding in check_locale(project, locale, domains, settings, sources):
            mine[0] += finding.level == "error"
            mine[1] += finding.level == "warning"
            if finding.level == "error" or not args.quiet:
                print(f"[{finding.check}] {finding}")
        errors, warnings = errors + mine[0], warnings + mine[1]
        per_locale.append(f"  {locale:8} " + (f"{mine[0]} error(s), {mine[1]} warning(s)"
                                               if any(mine) else "ok"))
    if len(per_locale) > 1 and not args.quiet:
        print("summary by language:\n" + "\n".join(per_locale), file=sys.stderr)
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def run_pseudo(args) -> int:
    project = find_project(args.root)

    locales = []
    for code in args.locale or list(PSEUDO_LOCALES):
        canonical = pseudo_locale(code)
        if canonical is None:
            raise LeafletError(f"{code} is not a pseudo-locale",
                               hint=f"use one of: {', '.join(PSEUDO_LOCALES)}")
        locales.append(canonical)
    templates = current_templates(project, args.topic)
    if args.out:
        out = Path(args.out).resolve()
        if out == project.locales_dir.resolve() or project.locales_dir.resolve() in out.parents:
            raise LeafletError("pseudo-locales are not written into locales/",
                               hint="they are made in memory; choose another --out folder")
        for locale in dict.fromkeys(locales):
            for template in templates:
                path = out / locale / "LC_MESSAGES" / f"{template.domain}.po"
                write_catalog(path, pseudo_catalog(template.catalog, template.domain, locale))
                print(f"wrote {path}")
        return 0

    for locale in dict.fromkeys(locales):
        print(f"{locale} (formats like {PSEUDO_LOCALES[locale]}; build it with "
              f"`leaflets build --locale {locale.replace('_', '-')}`)")
        for template in templates:
            messages = [m for m in template.catalog if m.id][:max(args.sample, 0)]
            for message in messages:
                source = message.id if isinstance(message.id, str) else message.id[-1]
                print(f"  {message.context}\n    {source}\n    {pseudo_text(source, locale)}")
        print()
    return 0
