"""`leaflets i18n export-review`, `import-review` and `review-packet`: the translation
review round trip (docs/translating.md). The work is done in generator/i18n/review.py
(XLIFF, translate-toolkit) and generator/i18n/packet.py (PDF)."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.build.project import find_project
from generator.commands.common import check_date
from generator.errors import LeafletError
from generator.files import write_atomic
from generator.i18n.extract import check_domains
from generator.i18n.packet import review_packet
from generator.i18n.review import export_review, import_review
from generator.localize.catalogs import SOURCE_LOCALE


def run_export_review(args) -> int:
    project = find_project(args.root)

    locale = _one_locale(project, args.locale)
    data, counts = export_review(project, locale, args.topic)
    path = Path(args.out or f"{locale}-review.xlf")
    try:
        write_atomic(path, data)
    except OSError as exc:
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


def run_import_review(args) -> int:
    project = find_project(args.root)

    if args.date:
        check_date(args.date, "--date")
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


def run_review_packet(args) -> int:
    project = find_project(args.root)

    locale = _one_locale(project, args.locale)
    domain = check_domains(project, [args.topic])[0]
    data, counts = review_packet(project, locale, domain, args.paper)
    path = Path(args.out or f"{locale}-{domain}-review.pdf")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise LeafletError(f"cannot write the review packet: {exc.strerror}", path=path) from None
    print(f"wrote {path} ({counts['total']} strings: {counts['changed']} changed since review, "
          f"{counts['reviewed']} reviewed)")
    return 0


def _one_locale(project, code: str) -> str:
    locale = project.check_locales([code])[0]
    if locale == SOURCE_LOCALE:
        raise LeafletError("English is the source: it has no translation to review",
                           hint="give a translated locale, e.g. --locale fr")
    return locale
