"""`leaflets check`: every check returns findings; errors fail the command.

A check is a function `(project, options) -> list[Finding]`, listed in `registered_checks`. Each
finding names where (file, line, context) and the fix, in words a translator or editor can act on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    level: str            # error | warning | info
    where: str            # file[:line] or locale/file:line
    message: str
    hint: str = ""
    check: str = ""

    def __str__(self) -> str:
        text = f"{self.level}: {self.where}: {self.message}"
        return text + (f"\n  fix: {self.hint}" if self.hint else "")


@dataclass
class CheckOptions:
    max_grade: float = 8.0
    topics: list[str] | None = None
    locales: list[str] | None = None


def registered_checks():
    """(name, function) pairs, imported lazily so the CLI starts fast."""
    from ..i18n.checks import check_catalogs  # noqa: PLC0415
    from ..quiz.checks import check_quizzes  # noqa: PLC0415
    from .content import check_content  # noqa: PLC0415
    from .copied import check_copied_sentences  # noqa: PLC0415
    from .readability import check_readability, check_translation_readability  # noqa: PLC0415
    return [("content", check_content), ("readability", check_readability),
            ("readability", check_translation_readability),
            ("copied-sentences", check_copied_sentences),
            ("translations", check_catalogs), ("quizzes", check_quizzes)]
