"""Shared helpers for the translation-workflow tests (tests/test_i18n_*.py).

Every test works on a real copy of the project's content in tmp_path and runs the real
`leaflets` command in-process (or `pybabel` as a subprocess): no mocks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.i18n.pofiles import read_fresh, write_catalog
from generator.localize.catalogs import catalog_path

REPO = Path(__file__).resolve().parents[1]
TOPIC = "metastatic-lung-cancer"


def copy_project(target: Path) -> Path:
    """A project folder with the real leaflets (and quizzes, babel.cfg), and no catalogs."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "leaflets", target / "leaflets")
    if (REPO / "quizzes").is_dir():
        shutil.copytree(REPO / "quizzes", target / "quizzes")
    shutil.copy(REPO / "babel.cfg", target / "babel.cfg")
    (target / "locales").mkdir()
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project with no translations yet: each test starts its own languages."""
    root = copy_project(tmp_path / "project")
    for folder in (root / "locales").iterdir():
        if folder.name != "templates":
            shutil.rmtree(folder)
    return root


def leaflets(root: Path, *args: str) -> int:
    """Run `leaflets ARGS --root ROOT` in-process; returns the exit status."""
    argv = list(args)
    # --root belongs to the innermost subcommand (`i18n status --root X`, `build --root X`).
    return main(argv + ["--root", str(root)])


def po(root: Path, locale: str, domain: str):
    return read_fresh(catalog_path(root / "locales", locale, domain))


def translate(root: Path, locale: str, domain: str, fn, only=None) -> None:
    """Give every entry (or those whose msgctxt passes `only`) the translation fn(source).

    Plural entries get fn(singular) for form 0 and fn(plural) for every other form.
    """
    path = catalog_path(root / "locales", locale, domain)
    catalog = read_fresh(path)
    for message in catalog:
        if not message.id or (only is not None and not only(message.context)):
            continue
        if isinstance(message.id, (list, tuple)):
            message.string = tuple([fn(message.id[0])]
                                   + [fn(message.id[1])] * (catalog.num_plurals - 1))
        else:
            message.string = fn(message.id)
    write_catalog(path, catalog)


def translate_all(root: Path, locale: str, fn=None) -> None:
    """Translate every catalog of `locale` with `fn` (default: fake_fr)."""
    for path in sorted((root / "locales" / locale / "LC_MESSAGES").glob("*.po")):
        translate(root, locale, path.stem, fn or fake_fr)


def set_entry(root: Path, locale: str, domain: str, context: str, string, fuzzy=False) -> int:
    """Set one entry's msgstr (and fuzzy flag); returns its line in the written file."""
    path = catalog_path(root / "locales", locale, domain)
    catalog = read_fresh(path)
    message = next(m for m in catalog if m.context == context)
    message.string = string
    if fuzzy:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
    write_catalog(path, catalog)
    return next(m for m in read_fresh(path) if m.context == context).lineno


def set_plural_forms(root: Path, locale: str, domain: str, header: str) -> None:
    """Give a catalog an explicit Plural-Forms header (its own rule governs, not CLDR's)."""
    path = catalog_path(root / "locales", locale, domain)
    text = path.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms: ')
    end = text.index('\\n"\n', start) + 4  # the header may be wrapped over several lines
    text = text[:start] + f'"Plural-Forms: {header}\\n"\n' + text[end:]
    count = int(re.search(r"nplurals=(\d+)", header).group(1))
    text = re.sub(r'^msgstr\[(\d+)\] ""\n', lambda m: "" if int(m.group(1)) >= count
                  else m.group(0), text, flags=re.M)  # empty forms the new rule does not have
    path.write_text(text, encoding="utf-8")


def mark_content_reviewed(root: Path, topic: str) -> None:
    """What a clinical committee's sign-off writes into the leaflet's review: block."""
    from generator.content.loader import load_leaflet
    from generator.content.review import content_fingerprint

    path = root / "leaflets" / f"{topic}.yaml"
    fingerprint = content_fingerprint(load_leaflet(path))
    text = path.read_text(encoding="utf-8")
    assert "review:\n  status: draft\n" in text
    path.write_text(text.replace("review:\n  status: draft\n", "review:\n  status: reviewed\n"
                                 f"  date_reviewed: 2026-12-01\n  fingerprint: \"{fingerprint}\"\n",
                                 1), encoding="utf-8")


def fake_fr(source: str) -> str:
    """A stand-in 'translation' that passes every check: same placeholders, tags, digits."""
    return "FR " + source


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def word_boxes(path: Path):
    """(page width, page height, [(xmin, ymin, xmax, ymax, word)]) per page, via pdftotext."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = []
    for width, height, body in re.findall(
            r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            body)]
        pages.append((float(width), float(height), words))
    return pages
