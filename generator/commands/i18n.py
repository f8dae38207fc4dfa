"""`leaflets i18n`: extract, init, update, compile, status, check, pseudo.

The workflow is described for translators in docs/translating.md; the work is done in
generator/i18n/, this module only parses arguments and prints results.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from ..cli import add_root_argument

SHOWN_PER_FILE = 5   # findings listed per catalog before "... and N more"
ACTIONS = ("extract", "init", "update", "compile", "status", "check", "pseudo")


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "i18n", help="translation workflow: extract, init, update, compile, status, check, pseudo",
        description="Manage translations: gettext catalogs in locales/<locale>/LC_MESSAGES/, "
                    "templates in locales/templates/. See docs/translating.md.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True

    p = actions.add_parser("extract", help="write the templates (.pot) from the source files")
    _topics(p)

    p = actions.add_parser("init", help="start a new language: one catalog per topic + common",
                           description="Create locales/LOCALE/LC_MESSAGES/*.po, untranslated, "
                                       "with X-Review-Status: draft.")
    p.add_argument("locale", metavar="LOCALE", help="CLDR locale code, e.g. fr, pt_BR, ar")

    p = actions.add_parser(
        "update", help="merge source changes into the catalogs (never loses a translation)",
        description="Re-extract the templates and merge them into every catalog: changed "
                    "strings keep their old translation marked fuzzy, removed ones become "
                    "obsolete (#~), new ones are untranslated. Also records review sign-off.")
    _locales(p)
    _topics(p)
    review = p.add_mutually_exclusive_group()
    review.add_argument("--mark-reviewed", metavar="NAME",
                        help="record that NAME reviewed the (complete, passing) translation: "
                             "sets X-Review-Status: reviewed, X-Reviewed-By, X-Review-Date")
    review.add_argument("--mark-draft", action="store_true",
                        help="set X-Review-Status: draft (the draft band is printed again)")
    p.add_argument("--review-date", metavar="YYYY-MM-DD",
                   help="date for --mark-reviewed (default: today)")

    p = actions.add_parser("compile", help="write .mo files next to the .po files")
    _locales(p)
    _topics(p)

    p = actions.add_parser("status", help="translated/fuzzy/untranslated/failing per locale")
    _locales(p)
    _topics(p)
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.add_argument("--fail-under", type=float, metavar="N",
                   help="exit 1 if a locale prints less than N %% of its strings translated")

    p = actions.add_parser("check", help="check translations (placeholders, markup, numbers...)")
    _locales(p)
    _topics(p)
    p.add_argument("--max-length-ratio", type=float, default=2.0, metavar="R",
                   help="warn when a translation is more than R times as long (default: 2.0)")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="report untranslated strings as warnings, not errors")
    p.add_argument("--quiet", action="store_true", help="print errors only")

    p = actions.add_parser(
        "pseudo", help="show pseudo-locales en-XA / ar-XB (build them with leaflets build)",
        description="Pseudo-locales are made in memory: `leaflets build --locale en-XA` uses "
                    "them directly. This prints a sample, or writes catalogs to --out DIR.")
    p.add_argument("--locale", action="append", metavar="CODE",
                   help="en-XA or ar-XB (repeatable; default: both)")
    _topics(p)
    p.add_argument("--sample", type=int, default=5, metavar="N",
                   help="strings to show per topic (default: 5)")
    p.add_argument("--out", metavar="DIR",
                   help="write DIR/<locale>/LC_MESSAGES/<domain>.po instead of printing")

    for action_parser in actions.choices.values():
        add_root_argument(action_parser)
    parser.set_defaults(run=run)


def _locales(parser) -> None:
    parser.add_argument("--locale", action="append", metavar="CODE",
                        help="only this locale (repeatable; default: all with catalogs)")


def _topics(parser) -> None:
    parser.add_argument("--topic", action="append", metavar="ID",
                        help="only this topic's domain (repeatable; `common` for the "
                             "generator's own strings)")


def run(args) -> int:
    from ..project import find_project  # noqa: PLC0415

    project = find_project(args.root)
    return globals()[f"_run_{args.action}"](project, args)


def _asked_locales(project, args) -> list[str]:
    from ..localize.catalogs import SOURCE_LOCALE  # noqa: PLC0415

    return [loc for loc in project.check_locales(args.locale) if loc != SOURCE_LOCALE]


def _run_extract(project, args) -> int:
    from ..i18n.templates import current_templates, write_templates  # noqa: PLC0415

    templates = current_templates(project, args.topic)
    written = set(write_templates(templates))
    for template in templates:
        state = "wrote" if template.path in written else "unchanged"
        count = sum(1 for m in template.catalog if m.id)
        print(f"{state} {project.relative(template.path)} ({count} strings)")
    return 0


def _run_init(project, args) -> int:
    from ..i18n.update import init_locale  # noqa: PLC0415

    changes = init_locale(project, args.locale)
    for change in changes:
        print(f"created {project.relative(change.path)} ({change.new} strings to translate)")
    locale = changes[0].locale if changes else args.locale
    print(f"next: translate the .po files (Poedit, Weblate, Lokalize), then run "
          f"`leaflets i18n check --locale {locale}`", file=sys.stderr)
    return 0


def _run_update(project, args) -> int:
    from ..errors import LeafletError  # noqa: PLC0415
    from ..i18n.status import project_status  # noqa: PLC0415
    from ..i18n.update import set_review, update_locales  # noqa: PLC0415

    locales = _asked_locales(project, args)
    if args.review_date and not args.mark_reviewed:
        raise LeafletError("--review-date goes with --mark-reviewed")
    if args.review_date:
        _check_date(args.review_date)
    if args.mark_reviewed:
        # everything is checked before anything is written: a refusal leaves every file as
        # it was (the status is measured against the current source, as after the update)
        refused = [status for status in project_status(project, locales)
                   if status.total.untranslated or status.total.fuzzy or status.total.failing]
        starting = [(topic, locale) for topic in (args.topic or []) for locale in locales
                    if topic != "common" and not project.offers(topic, locale)]
        if starting:   # the update would create these catalogs, untranslated
            topic, locale = starting[0]
            raise LeafletError(f"{locale} cannot be marked reviewed (nothing was changed): "
                               f"{topic} is not offered in {locale} yet, so this update "
                               "would start it untranslated",
                               hint="run the update without --mark-reviewed first")
        if refused:
            raise LeafletError(
                "cannot be marked reviewed (nothing was changed): " + "; ".join(
                    f"{s.locale} has {s.total.untranslated} untranslated, {s.total.fuzzy} "
                    f"fuzzy, {s.total.failing} failing" for s in refused),
                hint=f"see `leaflets i18n status --locale {refused[0].locale}` and "
                     f"`leaflets i18n check --locale {refused[0].locale}`")
    for change in update_locales(project, locales, args.topic):
        change.path = project.relative(change.path)
        print(change.summary())
    if not locales:
        print("templates updated; no translations yet (start one with "
              "`leaflets i18n init LOCALE`)")
    if args.mark_reviewed or args.mark_draft:
        date = args.review_date or dt.date.today().isoformat()
        for locale in locales:
            if args.mark_reviewed:
                set_review(project, locale, "reviewed", args.mark_reviewed, date)
                print(f"{locale}: reviewed by {args.mark_reviewed} on {date}")
            else:
                set_review(project, locale, "draft")
                print(f"{locale}: draft")
    return 0


def _check_date(text: str) -> None:
    from ..errors import LeafletError  # noqa: PLC0415

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise LeafletError(f"--review-date {text!r} is not a date",
                           hint="write it like 2026-11-21") from None


def _run_compile(project, args) -> int:
    from ..i18n.compile import compile_locale  # noqa: PLC0415

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


def _run_status(project, args) -> int:
    from ..i18n.status import format_table, project_status  # noqa: PLC0415

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


def _run_check(project, args) -> int:
    from ..i18n.checks import CheckSettings, check_locale, source_messages  # noqa: PLC0415
    from ..i18n.extract import check_domains  # noqa: PLC0415

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


def _run_pseudo(project, args) -> int:
    from pathlib import Path  # noqa: PLC0415

    from ..errors import LeafletError  # noqa: PLC0415
    from ..i18n.pseudo import PSEUDO_LOCALES, pseudo_catalog, pseudo_locale  # noqa: PLC0415
    from ..i18n.pofiles import write_catalog  # noqa: PLC0415
    from ..i18n.templates import current_templates  # noqa: PLC0415

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
    from ..i18n.pseudo import pseudo_text  # noqa: PLC0415

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
