"""Extraction: Babel extractors for leaflet YAML, quiz YAML and the generator's UI strings.

The extractors are registered under the `babel.extractors` entry point (pyproject.toml) and
mapped in babel.cfg, so plain `pybabel extract -F babel.cfg -o x.pot leaflets/x.yaml` gives
the same messages as `leaflets i18n extract`. The wrapper calls the same functions through
Babel's `extract_from_file`, so there is one extraction and not two that could drift apart.

Each message carries:
  msgctxt   Text.context, e.g. `metastatic-lung-cancer/diagnosis/3` (topic/section/block);
  #.        what the text is, what each placeholder prints, any layout limit (comments.py);
  #:        file:line of the text in its YAML (or ui.py) file;
  #,        python-brace-format, which Babel adds itself for `{name}` placeholders.

Domains: one per topic (its leaflet plus its quiz, if any) and `common` for the generator's
own strings (generator/localize/ui.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from generator import __version__
from generator.content.loader import load_leaflet
from generator.errors import LeafletError
from generator.i18n.comments import text_comments, ui_comments
from generator.localize import ui as ui_module
from generator.localize.catalogs import COMMON_DOMAIN, PoCatalog
from generator.localize.ui import ui_context
from generator.quiz.loader import load_quiz

UI_FILE = Path(ui_module.__file__)
PACKAGE_ROOT = UI_FILE.parents[2]      # the folder that holds generator/
KEYWORDS = DEFAULT_KEYWORDS            # pgettext / npgettext carry msgctxt


# -- Babel extractors (entry points) ---------------------------------------------------------

def extract_leaflet(fileobj, keywords, comment_tags, options):
    """Babel extractor for `leaflets/<topic>.yaml`: every translatable text, in reading order."""
    _need_context_keywords(keywords)
    path = _file_path(fileobj)
    leaflet = load_leaflet(path)
    for text in leaflet.texts():
        yield text.line, "pgettext", (text.context, text.source), text_comments(text, leaflet.data)


def extract_quiz(fileobj, keywords, comment_tags, options):
    """Babel extractor for `quizzes/<topic>.yaml`; its strings belong to the topic's domain.

    Quizzes refer to the leaflet's data, so the leaflet is read too (`leaflets/<topic>.yaml`
    next to the quizzes folder, or the `leaflets_dir` option in babel.cfg).
    """
    _need_context_keywords(keywords)
    path = _file_path(fileobj)
    leaflets_dir = Path(options.get("leaflets_dir") or path.parent.parent / "leaflets")
    leaflet = load_leaflet(leaflets_dir / f"{path.stem}.yaml")
    for text in quiz_texts(path, leaflet):
        yield text.line, "pgettext", (text.context, text.source), text_comments(text, leaflet.data)


def extract_ui(fileobj, keywords, comment_tags, options):
    """Babel extractor for generator/localize/ui.py: the UI_STRINGS table, read as data.

    The file is parsed, not imported, so Babel extracts exactly the text it was given.
    """
    _need_context_keywords(keywords)
    tree = ast.parse(fileobj.read())
    table = next((node.value for node in ast.walk(tree)
                  if isinstance(node, (ast.Assign, ast.AnnAssign))
                  and any(isinstance(t, ast.Name) and t.id == "UI_STRINGS"
                          for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))
                  and isinstance(node.value, ast.Dict)), None)
    if table is None:
        return
    for key_node, value_node in zip(table.keys, table.values):
        key = ast.literal_eval(key_node)
        text, note, limit = ast.literal_eval(value_node)
        plural = isinstance(text, tuple)
        comments = ui_comments(note, limit, plural)
        if plural:
            yield key_node.lineno, "npgettext", (ui_context(key), text[0], text[1]), comments
        else:
            yield key_node.lineno, "pgettext", (ui_context(key), text), comments


def quiz_texts(path: Path, leaflet) -> list:
    """The quiz's texts, in reading order."""
    return list(load_quiz(path, leaflet).texts())


def _file_path(fileobj) -> Path:
    name = getattr(fileobj, "name", None)
    if not isinstance(name, str):
        raise LeafletError("the leaflet extractors read files, not streams",
                           hint="pass a file path to pybabel extract")
    return Path(name)


def _need_context_keywords(keywords) -> None:
    if "pgettext" not in keywords or "npgettext" not in keywords:
        raise LeafletError("leaflet extraction needs the pgettext/npgettext keywords",
                           hint="do not pass --no-default-keywords to pybabel extract")


# -- templates for the wrapper ---------------------------------------------------------------

def domains(project) -> list[str]:
    """Every translation domain: one per topic, plus `common`."""
    return project.topics() + [COMMON_DOMAIN]


def domain_files(project, domain: str) -> list[tuple[object, Path]]:
    """(extractor, file) pairs that make up one domain."""
    if domain == COMMON_DOMAIN:
        return [(extract_ui, UI_FILE)]
    files = [(extract_leaflet, project.leaflets_dir / f"{domain}.yaml")]
    quiz = project.quizzes_dir / f"{domain}.yaml"
    if quiz.is_file():
        files.append((extract_quiz, quiz))
    return files


def check_domains(project, asked: list[str] | None) -> list[str]:
    known = domains(project)
    if not asked:
        return known
    for name in asked:
        if name not in known:
            raise LeafletError(f"unknown topic '{name}'",
                               hint=f"known: {', '.join(known)} (see `leaflets list`)")
    return list(dict.fromkeys(asked))


def build_template(project, domain: str) -> PoCatalog:
    """The template (.pot content) of one domain, extracted now from the source files."""
    if domain == COMMON_DOMAIN:
        name, version = "leaflets generator strings", __version__
    else:
        leaflet = project.leaflet(domain)
        name, version = leaflet.title.source, leaflet.content_version
    catalog = PoCatalog(project=domain, version=version, charset="utf-8", fuzzy=True,
                        msgid_bugs_address="", header_comment=(
                            f"# Translation template: {name}.\n"
                            "# Made by `leaflets i18n extract`; do not translate this file. "
                            "Start a\n# language with `leaflets i18n init LOCALE` "
                            "(docs/translating.md)."))
    for method, path in domain_files(project, domain):
        reference = _reference(project, path)
        for lineno, message, comments, context in extract_from_file(
                method, str(path), keywords=KEYWORDS):
            catalog.add(message, None, [(reference, lineno)], auto_comments=comments,
                        context=context)
    return catalog


def _reference(project, path: Path) -> str:
    """The file name a translator sees in `#:` lines: relative to the project (or package)."""
    for root in (project.root, PACKAGE_ROOT):
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            continue
    return Path(path).as_posix()
