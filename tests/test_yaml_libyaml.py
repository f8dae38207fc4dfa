"""The strict YAML reader gives the same data, lines and messages with libyaml and without.

Where PyYAML has libyaml, `parse_yaml` scans and parses in C (yamlsafe.CStrictLoader) and
composes in Python; a file libyaml refuses is parsed again in pure Python, so that its
message is PyYAML's. Every file of the hostile corpus, the project's own content and random
YAML-like text must come out the same through both loaders: the same values, the same line
of every key and item, the same YAML 1.1 notes, or the same error, file, line and fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import yamlsafe
from generator.errors import LeafletError
from generator.layout import sheets
from generator.layout.sheets import STYLE_DIR
from generator.scripts.registry import CONFIG_PATH, SAFE_LOADER

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
FILES = sorted([*HOSTILE.rglob("*.yaml"), *(ROOT / "leaflets").glob("*.yaml"),
                *(ROOT / "quizzes").glob("*.yaml"), *(ROOT / "locales").rglob("*.yaml")])
HAVE_LIBYAML = len(yamlsafe.LOADERS) > 1
needs_libyaml = pytest.mark.skipif(not HAVE_LIBYAML, reason="PyYAML without libyaml")

# Hand-picked cases where libyaml and PyYAML differ in how they say it, or where the
# checks of this module must run on libyaml's events.
CASES = [
    "a: 1\nb: [1, 2, {c: d}]\n",
    "a: 1\na: 2\n",                                    # duplicate key
    "a: &x [1, 2]\nb: *x\n",                           # alias
    "a: &x 1\nb: 2\n",                                 # anchor alone is harmless
    "a:\n\t- b\n",                                     # tab indentation
    "a: 'unterminated\n",
    "a: \"bad escape \\q\"\n",
    "- a\nb: c\n",
    "a: b: c\n",
    "---\na: 1\n---\nb: 2\n",                          # two documents
    "? [a, b]\n: c\n",                                 # complex key
    "<<: {a: 1}\n",                                    # merge key
    "a: =\nb: <<\n",                                 # YAML 1.1 value and merge types
    "a: !!python/object:os.system x\n",
    "a: !!binary aGVsbG8=\n",
    "a: 2026-02-30\n",
    "a: 010\nb: 1:30\nc: yes\nd: 0x1F\ne: 1_000\nf: .nan\ng: ~\n",
    "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n",
    "a: [" * 50 + "]" * 50 + "\n",                    # too deep
    "a:\n" + "".join(f"  k{i}: {i}\n" for i in range(60_000)),   # too many values
    "%YAML 1.1\n---\na: 1\n",
    "%YAML 2.0\n---\na: 1\n",
    "\ufeffa: 1\n",
    "a: 1\r\nb:\r\n  - x\r\n",
    "{a: 1, b: [x, y], c: {d: e}}\n",
    "a: \"\\e\"\n",
    "",
    "# only a comment\n",
    "a: [1, 2\n",
    "a: {b: 1\n",
    "  a: 1\n b: 2\n",
    "a: 1 # comment\n'b': \"2\"\n",
    "key with spaces: value: more\n",
    "@a: 1\n",
    "a: `b`\n",
    "- - - x\n  - y\n",
    "a:\n  - b\n  -c\n",
]


def _outcome(text: str, scalars: str = "typed"):
    """What `parse_yaml` gives: the data with every line, or the error as printed."""
    try:
        return ("ok", _plain(yamlsafe.parse_yaml(text, "x.yaml", scalars=scalars)))
    except LeafletError as exc:
        return ("error", str(exc), exc.line)


def _plain(value):
    if isinstance(value, dict):
        return ("map", value.line, [(k, value.line_of(k), _plain(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", value.line, list(zip(value.lines, map(_plain, value))))
    if isinstance(value, str):
        return (type(value).__name__, str(value), getattr(value, "line", None),
                getattr(value, "yaml11", None))
    return (type(value).__name__, repr(value))


def _with(loader, call):
    saved = yamlsafe.LOADERS
    yamlsafe.LOADERS = (loader,) + tuple(x for x in saved if x is not loader)
    try:
        return call()
    finally:
        yamlsafe.LOADERS = saved


def _both(text: str, scalars: str = "typed"):
    fast = _with(yamlsafe.LOADERS[0], lambda: _outcome(text, scalars))
    pure = _with(yamlsafe.StrictLoader, lambda: _outcome(text, scalars))
    return fast, pure


def test_libyaml_is_used_where_pyyaml_has_it():
    import yaml
    assert HAVE_LIBYAML == hasattr(yaml, "CSafeLoader")
    assert yamlsafe.LOADERS[-1] is yamlsafe.StrictLoader


@needs_libyaml
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_corpus_and_project_file_reads_the_same(path):
    text = path.read_bytes().decode("utf-8", "replace")
    for scalars in ("typed", "text"):
        fast, pure = _both(text, scalars)
        assert fast == pure


@needs_libyaml
@pytest.mark.parametrize("text", CASES, ids=range(len(CASES)))
def test_hand_picked_cases_read_the_same(text):
    fast, pure = _both(text)
    assert fast == pure


@needs_libyaml
def test_checks_run_on_libyaml_events():
    """The alias, duplicate-key and size checks happen on the fast path itself (not only
    because libyaml refused the file and the pure loader ran)."""
    calls = []
    original = yamlsafe._parse

    def spy(loader_class, *args):
        calls.append(loader_class)
        return original(loader_class, *args)

    yamlsafe._parse = spy
    try:
        for text, message in (("a: &x 1\nb: *x\n", "aliases"), ("a: 1\na: 2\n", "duplicate"),
                              ("a: [" * 50 + "]" * 50, "nesting")):
            calls.clear()
            with pytest.raises(LeafletError, match=message) as info:
                yamlsafe.parse_yaml(text, "x.yaml")
            assert calls == [yamlsafe.CStrictLoader], text
            assert info.value.line == (2 if "\n" in text else 1)
    finally:
        yamlsafe._parse = original


_tokens = st.sampled_from(["a:", "b:", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "&x ",
                           "*x", "!!str ", "!!binary", "<<:", "? ", ": ", '"\\e"', "'", '"',
                           "#", "---", "...", "%YAML 1.1\n", "\t", "2026-02-30", "010", "1:30",
                           "yes", "~", "|", ">", "key: value", "x", "\u00e9t\u00e9", "\r\n", "|-", ">+",
                           "|2", "!", "!x ", "@", "`", "'it''s'", "\u2028", "\x85", "\ufeff",
                           "-", "?", ":", "  - ", "\n- ", "{a: 1}", "[1, 2]"])


@needs_libyaml
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=st.lists(_tokens, max_size=25).map("".join))
def test_random_yaml_like_text_reads_the_same(text):
    fast, pure = _both(text)
    assert fast == pure


@pytest.mark.parametrize("path", [CONFIG_PATH, *sorted(STYLE_DIR.glob("*.yaml"))],
                         ids=lambda p: p.name)
def test_the_font_table_and_style_sheets_read_the_same_with_libyaml(path):
    """They are the project's own files, read with libyaml's scanner for speed
    (scripts/registry.py, layout/sheets.py): the same values, of the same types."""
    import yaml

    text = path.read_text(encoding="utf-8")
    assert repr(yaml.load(text, Loader=SAFE_LOADER)) == repr(yaml.safe_load(text))
    assert SAFE_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader) is sheets.SAFE_LOADER
