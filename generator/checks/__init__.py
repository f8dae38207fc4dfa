"""`leaflets check`: every check returns findings; errors fail the command.

A check is a function `(project, options) -> list[Finding]`, listed in `CHECKS`. Each
finding names where (file, line, context) and the fix, in words a translator or editor can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import resolve


@dataclass
class CheckOptions:
    max_grade: float = 8.0
    topics: list[str] | None = None
    locales: list[str] | None = None


# (name, "module:function"): a check's module is imported only when the checks run
CHECKS = (
    ("content", "generator.checks.content:check_content"),
    ("readability", "generator.checks.readability:check_readability"),
    ("readability", "generator.checks.readability:check_translation_readability"),
    ("copied-sentences", "generator.checks.copied:check_copied_sentences"),
    ("translations", "generator.i18n.checks:check_catalogs"),
    ("quizzes", "generator.quiz.checks:check_quizzes"),
)


def registered_checks():
    """(name, function) pairs of CHECKS, in order."""
    return [(name, resolve(target)) for name, target in CHECKS]
