"""Every argument parser of the `leaflets` command, in one place.

Only argparse and constants that import nothing (paper names, quiz formats) are used here,
so `leaflets --help` and a mistyped option answer at once. Each (sub)command names the
function that runs it as "module:function" (`handler`); generator.cli imports that module
only when the command runs. `leaflets build` also names `up_to_date`, asked first: a build
with nothing to do answers from its stamp (build/stamp.py) without loading the build.
"""

from __future__ import annotations

import argparse
import sys

from generator import __version__
from generator.layout.paper import PAPERS
from generator.quiz.formats import EDITIONS as QUIZ_EDITIONS
from generator.quiz.formats import FORMATS as QUIZ_FORMATS

EXIT_USAGE = 2
BUILD_FORMATS = ("pdf", "html")   # printed files; web editions (docs/web.md)
REVIEW_ACTIONS = ("export-review", "import-review", "review-packet")
COMMANDS = ("build", "check", "list", "i18n", "quiz", "review-packet")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line and exit 2, as argparse does, plus a hint
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n  try: {self.prog} --help\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leaflets",
                     description="Build patient leaflets and quizzes in many languages.")
    parser.add_argument("--version", action="version", version=f"leaflets {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        _SUBCOMMANDS[name](sub)
    return parser


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", metavar="DIR",
                        help="project folder with leaflets/, locales/, quizzes/ "
                             "(default: found from the current directory)")


def _build(sub) -> None:
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
    parser.add_argument("--format", action="append", choices=BUILD_FORMATS,
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
    parser.set_defaults(handler="generator.commands.build:run",
                        up_to_date="generator.build.stamp:up_to_date")


def _quiz(sub) -> None:
    parser = sub.add_parser(
        "quiz", help="make quizzes: printable PDFs with answer keys, Moodle/GIFT/QTI/JSON",
        description="Make the quiz of each topic: printable quiz and answer-key PDFs "
                    "(out/<locale>/quiz/<topic>-quiz-<version>-<paper>.pdf and "
                    "<topic>-key-<version>-<paper>.pdf) and exports "
                    "(out/<locale>/quiz/<topic>.moodle.xml, .gift.txt, .qti.zip, .canvas.zip, "
                    ".json; with --clinic under out/<clinic-slug>/), and a one-page answer "
                    "grid of all versions (<topic>-grid-<paper>.pdf). The key names the "
                    "leaflet section and the page where each answer is printed. A seed other "
                    "than 0 is part of the PDF names (<topic>-quiz-A-seed7-a4.pdf), so "
                    "`leaflets build` (seed 0) never replaces them.")
    add_selection_arguments(
        parser, topic_help="topic (repeatable; default: every topic with a quiz)",
        paper_help="paper size of the PDFs (repeatable; default: both)",
        clinic_help="the clinic file the leaflets are printed with (it can move page "
                    "breaks, so the key's page numbers use it too)")
    parser.add_argument("--versions", type=int, default=1, metavar="N",
                        help="number of versions A, B, C ... with questions and answers "
                             "shuffled, each with its own key (default: 1, at most 26)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="seed for shuffling: the same seed gives the same versions "
                             "(default: 0, the seed `leaflets build` uses)")
    parser.add_argument("--format", action="append", choices=QUIZ_FORMATS, dest="formats",
                        help="what to write (repeatable; default: all)")
    parser.add_argument("--edition", action="append", choices=QUIZ_EDITIONS,
                        dest="editions",
                        help="print the quiz, key and grid in this edition (repeatable; "
                             "default: standard); a large-print key cites the pages of the "
                             "large-print leaflet")
    add_root_argument(parser)
    parser.set_defaults(handler="generator.commands.quiz:run")


def _check(sub) -> None:
    parser = sub.add_parser("check", help="check content, reading level, translations, quizzes",
                            description="Run every check; exit 1 if any finds an error. "
                                        "Ends with a summary line per check and per language.")
    parser.add_argument("--max-grade", type=float, default=8.0, metavar="N",
                        help="highest allowed English reading grade (default: 8)")
    parser.add_argument("--topic", action="append", metavar="ID", help="only this topic")
    parser.add_argument("--locale", action="append", metavar="CODE",
                        help="only this locale (es, es-MX, spanish ...)")
    parser.add_argument("--quiet", action="store_true",
                        help="print errors only (and the total)")
    add_root_argument(parser)
    parser.set_defaults(handler="generator.commands.check:run")


def _list(sub) -> None:
    parser = sub.add_parser("list", help="list topics, locales, paper sizes and editions",
                            description="List what this project can build.")
    add_root_argument(parser)
    parser.set_defaults(handler="generator.commands.list:run")


def _review_packet(sub) -> None:
    parser = sub.add_parser(
        "review-packet", help="write the clinical review packet of a leaflet (PDF)",
        description="Write a PDF for clinicians: every statement with its sources, every "
                    "number with its data entry and source, and blank sign-off lines.")
    parser.add_argument("--topic", required=True, metavar="ID", help="the leaflet to review")
    parser.add_argument("--paper", choices=tuple(PAPERS), default="a4",
                        help="paper size (default: a4)")
    parser.add_argument("--out", metavar="FILE",
                        help="where to write it (default: out/review/<topic>-review-packet-"
                             "<paper>.pdf)")
    add_root_argument(parser)
    parser.set_defaults(handler="generator.commands.review_packet:run")


def _i18n(sub) -> None:
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
    p.add_argument("--paper", default="a4", choices=tuple(PAPERS))
    p.add_argument("--out", metavar="FILE",
                   help="where to write it (default: LOCALE-TOPIC-review.pdf in this folder)")

    for action, action_parser in actions.choices.items():
        module = "i18n_review" if action in REVIEW_ACTIONS else "i18n"
        action_parser.set_defaults(
            handler=f"generator.commands.{module}:run_{action.replace('-', '_')}")
        add_root_argument(action_parser)


def _locales(parser) -> None:
    parser.add_argument("--locale", action="append", metavar="CODE",
                        help="only this locale (repeatable; default: all with catalogs)")


def _topics(parser) -> None:
    parser.add_argument("--topic", action="append", metavar="ID",
                        help="only this topic's domain (repeatable; `common` for the "
                             "generator's own strings)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def add_selection_arguments(parser, *, topic_help: str, paper_help: str,
                            clinic_help: str) -> None:
    """--topic, --locale, --paper, --clinic, --out, --allow-fallback, --require-reviewed."""
    parser.add_argument("--topic", action="append", metavar="ID", help=topic_help)
    parser.add_argument("--locale", action="append", metavar="CODE",
                        help="locale, e.g. en, es, ar, es-MX, spanish, or a pseudo-locale en-XA / "
                             "ar-XB (repeatable; default: all real locales)")
    parser.add_argument("--paper", action="append", choices=tuple(PAPERS), help=paper_help)
    parser.add_argument("--clinic", metavar="FILE", help=clinic_help)
    parser.add_argument("--out", metavar="DIR", default="out",
                        help="output folder (default: out)")
    parser.add_argument("--allow-fallback", action="store_true",
                        help="print English, visibly marked, for strings not yet translated")
    parser.add_argument("--require-reviewed", action="store_true",
                        help="refuse translations that a qualified reviewer has not signed off")



_SUBCOMMANDS = {"build": _build, "check": _check, "list": _list, "i18n": _i18n,
                "quiz": _quiz, "review-packet": _review_packet}
