"""`leaflets i18n`: extract, init, update, compile, status, check, pseudo, and the review
round trip (export-review, import-review, review-packet).

The workflow is described for translators in docs/translating.md; the work is done in
generator/i18n/, this module only parses arguments and prints results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from ..cli import add_root_argument

SHOWN_PER_FILE = 5   # findings listed per catalog before "... and N more"
ACTIONS = ("extract", "init", "update", "compile", "status", "check", "pseudo",
           "export-review", "import-review", "review-packet")


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "i18n", help="translation workflow: extract, init, update, compile, status, check, pseudo, "
             "export-review, import-review, review-packet",
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
                    "obsolete (#~), new ones are untranslated.")
    _locales(p)
    _topics(p)
    review = p.add_mutually_exclusive_group()
    review.add_argument("--mark-reviewed", metavar="NAME", help=argparse.SUPPRESS)
    review.add_argument("--mark-draft", action="store_true",
                        help="set X-Review-Status: draft in the catalog headers (information "
                             "only: the review ledger decides, see import-review)")
    p.add_argument("--review-date", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)

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

    p = actions.add_parser(
        "export-review", help="write an XLIFF 1.2 file for a reviewer's translation tool",
        description="Write every string of a locale as XLIFF 1.2 with its review state "
                    "(approved/final for strings reviewed in locales/LOCALE/review.yaml), "
                    "translator notes and layout limits. See docs/translating.md.")
    p.add_argument("--locale", required=True, metavar="CODE", help="the locale to review")
    _topics(p)
    p.add_argument("--out", metavar="FILE",
                   help="where to write it (default: LOCALE-review.xlf in this folder)")

    p = actions.add_parser(
        "import-review", help="record the units a reviewer approved in the review ledger",
        description="Read an XLIFF file back (after review in a CAT tool) and record each "
                    "approved unit in locales/LOCALE/review.yaml, after every translation "
                    "check. Units that fail a check, or whose English or translation no "
                    "longer match, are not recorded; the report says why.")
    p.add_argument("file", metavar="FILE", help="the reviewed XLIFF file")
    p.add_argument("--reviewer", required=True, metavar="NAME",
                   help="who reviewed it: name or role")
    p.add_argument("--qualification", default="", metavar="TEXT",
                   help="the reviewer's qualification, e.g. 'certified medical translator'")
    p.add_argument("--step", default="approved", choices=("translated", "revised",
                                                          "back-translated", "approved"),
                   help="the ISO 17100 step this review was (default: approved)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="date of the review (default: today)")
    p.add_argument("--locale", metavar="CODE",
                   help="the locale (default: the file's target-language)")

    p = actions.add_parser(
        "review-packet", help="a PDF for a reviewer who does not use translation tools",
        description="Per string: the English, the translation, an empty back-translation "
                    "column, the review state and room for comments; strings changed since "
                    "their last review come first.")
    p.add_argument("--locale", required=True, metavar="CODE")
    p.add_argument("--topic", required=True, metavar="ID",
                   help="the topic (`common` for the generator's own strings)")
    p.add_argument("--paper", default="a4", choices=("a4", "letter"))
    p.add_argument("--out", metavar="FILE",
                   help="where to write it (default: LOCALE-TOPIC-review.pdf in this folder)")

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
    return globals()[f"_run_{args.action.replace('-', '_')}"](project, args)


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
    from ..i18n.update import set_draft, update_locales  # noqa: PLC0415

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


def _check_date(text: str, option: str = "--review-date") -> None:
    from ..errors import LeafletError  # noqa: PLC0415

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise LeafletError(f"{option} {text!r} is not a date",
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


def _one_locale(project, code: str) -> str:
    from ..errors import LeafletError  # noqa: PLC0415
    from ..localize.catalogs import SOURCE_LOCALE  # noqa: PLC0415

    locale = project.check_locales([code])[0]
    if locale == SOURCE_LOCALE:
        raise LeafletError("English is the source: it has no translation to review",
                           hint="give a translated locale, e.g. --locale fr")
    return locale


def _run_export_review(project, args) -> int:
    from pathlib import Path  # noqa: PLC0415

    from ..i18n.review import export_review  # noqa: PLC0415
    from ..render.output import write_atomic  # noqa: PLC0415

    locale = _one_locale(project, args.locale)
    data, counts = export_review(project, locale, args.topic)
    path = Path(args.out or f"{locale}-review.xlf")
    try:
        write_atomic(path, data)
    except OSError as exc:
        from ..errors import LeafletError  # noqa: PLC0415
        raise LeafletError(f"cannot write the review file: {exc.strerror}", path=path) from None
    words = {"final": "reviewed", "needs-review-translation": "changed since review",
             "translated": "not yet reviewed", "needs-translation": "fuzzy",
             "new": "untranslated"}
    summary = ", ".join(f"{counts[k]} {w}" for k, w in words.items() if counts.get(k))
    print(f"wrote {path} (XLIFF 1.2: {sum(counts.values())} strings: {summary})")
    print(f"next: review it in your translation tool, mark the units you approve as approved "
          f"(state final), then `leaflets i18n import-review {path} --reviewer NAME`",
          file=sys.stderr)
    return 0


def _run_import_review(project, args) -> int:
    from pathlib import Path  # noqa: PLC0415

    from ..i18n.review import import_review  # noqa: PLC0415

    if args.date:
        _check_date(args.date, "--date")
    locale = _one_locale(project, args.locale) if args.locale else None
    result = import_review(project, Path(args.file), args.reviewer,
                           qualification=args.qualification, step=args.step,
                           date=args.date, locale=locale)
    where = f"locales/{result.locale}/review.yaml"
    print(f"{result.locale}: {len(result.recorded)} string(s) recorded as {args.step} by "
          f"{args.reviewer.strip()} in {where}; {len(result.already)} already recorded; "
          f"{len(result.refused)} not recorded; {result.not_approved} not approved in the file")
    for context, why in result.refused:
        print(f"  not recorded: {context}: {why}")
    return 1 if result.refused else 0


def _run_review_packet(project, args) -> int:
    from pathlib import Path  # noqa: PLC0415

    from ..i18n.packet import review_packet  # noqa: PLC0415
    from ..i18n.extract import check_domains  # noqa: PLC0415
    from ..render.output import write_atomic  # noqa: PLC0415

    locale = _one_locale(project, args.locale)
    domain = check_domains(project, [args.topic])[0]
    data, counts = review_packet(project, locale, domain, args.paper)
    path = Path(args.out or f"{locale}-{domain}-review.pdf")
    try:
        write_atomic(path, data)
    except OSError as exc:
        from ..errors import LeafletError  # noqa: PLC0415
        raise LeafletError(f"cannot write the review packet: {exc.strerror}", path=path) from None
    print(f"wrote {path} ({counts['total']} strings: {counts['changed']} changed since review, "
          f"{counts['reviewed']} reviewed)")
    return 0
