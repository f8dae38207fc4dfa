"""Run the shared `copied-sentences` tool when it is next to the project.

Content may take facts from the source articles, never their sentences. The tool lives in
`../shared/tools/` beside a checkout; a clinic's own copy of the project may not have it.
"""

from __future__ import annotations

import subprocess

from generator.errors import Finding


def check_copied_sentences(project, options) -> list[Finding]:
    tool = project.root.parent / "shared" / "tools" / "copied-sentences"
    if not tool.is_file():
        return [Finding("info", str(tool), "copied-sentences tool not found; check skipped",
                        check="copied-sentences")]
    result = subprocess.run([str(tool), str(project.root)], capture_output=True, text=True,
                            timeout=120, check=False)
    if result.returncode == 0:
        return [Finding("info", "leaflets/, quizzes/", "no sentences copied from the sources",
                        check="copied-sentences")]
    return [Finding("error", line.split(": ", 1)[0], "repeats 8+ words of a source article",
                    "rewrite the line in your own words", "copied-sentences")
            for line in result.stdout.splitlines() if ": " in line and "line(s)" not in line]
