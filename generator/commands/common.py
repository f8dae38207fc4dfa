"""Arguments that `leaflets build` and `leaflets quiz` share, defined once.

Both commands select topics, locales and papers the same way and write into the same out
folder under the same translation rules, so a user learns the flags once.
"""

from __future__ import annotations


def add_selection_arguments(parser, *, topic_help: str, paper_help: str,
                            clinic_help: str) -> None:
    """--topic, --locale, --paper, --clinic, --out, --allow-fallback, --require-reviewed."""
    parser.add_argument("--topic", action="append", metavar="ID", help=topic_help)
    parser.add_argument("--locale", action="append", metavar="CODE",
                        help="locale, e.g. en, es, ar, or a pseudo-locale en-XA / ar-XB "
                             "(repeatable; default: all real locales)")
    parser.add_argument("--paper", action="append", choices=("a4", "letter"), help=paper_help)
    parser.add_argument("--clinic", metavar="FILE", help=clinic_help)
    parser.add_argument("--out", metavar="DIR", default="out",
                        help="output folder (default: out)")
    parser.add_argument("--allow-fallback", action="store_true",
                        help="print English, visibly marked, for strings not yet translated")
    parser.add_argument("--require-reviewed", action="store_true",
                        help="refuse translations that a qualified reviewer has not signed off")


def selected_locales(project, asked: list[str] | None) -> list[str]:
    """Known locales, plus the pseudo-locales (en-XA, ar-XB) which exist only in memory."""
    from ..i18n.pseudo import pseudo_locale  # noqa: PLC0415

    if not asked:
        return project.check_locales(None)
    real = [code for code in asked if pseudo_locale(code) is None]
    project.locales()   # a badly named catalog folder is an error, even for a pseudo build
    if real:
        project.check_locales(real)  # unknown locales are an error
    return list(dict.fromkeys(pseudo_locale(code) or code for code in asked))
