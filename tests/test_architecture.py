"""The shape of the generator holds: layers, no cycles, imports at the top, and commands
that do not load what they do not use (docs/architecture.md)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

MAX_DEFERRED_IMPORTS = 10
HEAVY = "reportlab"


def test_import_linter_contracts_hold():
    """.importlinter: commands on top, each layer imports only from those below, no cycles."""
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_ruff_finds_nothing_in_the_generator():
    """pyproject's [tool.ruff]: unused names, and imports inside functions (PLC0415)."""
    done = subprocess.run([str(Path(sys.executable).with_name("ruff")), "check",
                           "--output-format", "concise", "generator", "bench"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def deferred_imports() -> list[tuple[str, int, str]]:
    """(file, line, source line) of every import made inside a function."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        found.append((path.relative_to(ROOT).as_posix(), inner.lineno,
                                      lines[inner.lineno - 1]))
    return found


def test_few_imports_are_deferred_and_each_says_why():
    found = deferred_imports()
    assert len(found) <= MAX_DEFERRED_IMPORTS, "\n".join(f"{f}:{n}" for f, n, _ in found)
    unexplained = [f"{f}:{n}: {line.strip()}" for f, n, line in found
                   if "# noqa: PLC0415 - " not in line]
    assert not unexplained, "a deferred import needs '# noqa: PLC0415 - <why>':\n" + \
        "\n".join(unexplained)


# Run a command in a fresh interpreter and report which of our heavy dependencies it loaded.
_PROBE = """
import json, sys
from generator.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "heavy": sorted(m for m in sys.modules
                  if m.split(".")[0] in ("reportlab", "uharfbuzz", "fontTools"))}))
"""


def loaded_by(args: list[str], cwd: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("arch") / "project")
    args = ["build", "--topic", "stage4-cancer", "--locale", "en", "--locale", "ar",
            "--paper", "a4", "--out", str(root / "out")]
    assert loaded_by(args, root)["status"] == 0
    return root


@pytest.mark.parametrize("args", [["list"], ["i18n", "status"], ["i18n", "status", "--json"]],
                         ids=" ".join)
def test_read_only_commands_do_not_load_the_renderer(built_project, args):
    result = loaded_by(args, built_project)
    assert result["status"] == 0
    assert not result["heavy"], f"`leaflets {' '.join(args)}` loaded {result['heavy'][:5]}"


def test_a_build_with_nothing_to_do_does_not_load_the_renderer(built_project):
    args = ["build", "--topic", "stage4-cancer", "--locale", "en", "--locale", "ar",
            "--paper", "a4", "--out", str(built_project / "out")]
    result = loaded_by(args, built_project)
    assert result["status"] == 0
    assert not result["heavy"], f"a no-op build loaded {result['heavy'][:5]}"
    # and the same build with a changed catalog does render (the probe can tell)
    catalog = built_project / "locales" / "ar" / "LC_MESSAGES" / "stage4-cancer.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert HEAVY in {m.split(".")[0] for m in loaded_by(args, built_project)["heavy"]}


def test_no_private_names_are_imported_from_another_package():
    """A `_name` is its package's own business: another package imports public names only."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        if path.name == "__init__.py":
            package = ".".join(path.relative_to(ROOT).parts[:-1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
                private = [a.name for a in node.names
                           if a.name.startswith("_") and not a.name.startswith("__")]
                if private and not node.module.startswith(package + ".") \
                        and node.module != package:
                    found.append(f"{path.relative_to(ROOT)}: {', '.join(private)} from "
                                 f"{node.module}")
    assert not found, "\n".join(found)
