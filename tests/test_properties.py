"""Property-based tests: random text, markup fragments and YAML structures through the
markup rules, the translation checks, the loader, the clinic reader and the renderer.

For every input: the only exception is LeafletError (a message for the user), nothing is
written outside the out folder, and every PDF that is written opens and is complete.
Runs derandomized and without an example database, so CI sees the same examples each time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import event as _event
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from generator.errors import LeafletError, printable
from generator.content.markup import (markup_problems, placeholders, plain_text, to_paragraph_markup,
                              translation_problems)
from hostile.harness import HOSTILE, assert_pdf_complete, snapshot

FAST = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])

BASELINE = (HOSTILE / "leaflets" / "baseline.yaml").read_text(encoding="utf-8")
BASELINE_DOC = yaml.safe_load(BASELINE)
# A richer leaflet for the mutation tests: a second number, a table, a risk figure.
RICH_DOC = yaml.safe_load(BASELINE)
RICH_DOC["data"]["people"] = {"value": 1200, "unit": "count", "source": "src",
                              "about": "A made-up count"}
RICH_DOC["datasets"] = {"table_one": {"label_heading": "Group", "columns": [
    {"heading": "Share"}, {"heading": "People"}], "rows": [
    {"label": "Everyone", "values": ["rate", "people"]}]}}
RICH_DOC["sections"][0]["blocks"] += [
    {"table": {"dataset": "table_one", "caption": "Who", "footnote": "Made up."}},
    {"risk_figure": {"value": "rate", "caption": "People like you"}},
    {"sources": {}}]

# -- strategies -------------------------------------------------------------------------------

TAGS = ["<b>", "</b>", "<i>", "</i>", "<B>", "< b>", "<b >", "<a href='x'>", "</a>", "<br/>",
        "<img src='/etc/passwd'/>", "<font color=red>", "</font>", "<para>", "<span>", "<",
        ">", "&", "&amp;", "&#x3C;", "&lt;b&gt;", "<onDraw name=x/>", "<seq/>", "<!--", "-->"]
FIELDS = ["{rate}", "{other}", "{", "}", "{{", "}}", "{0}", "{rate.__class__}", "{rate!r}",
          "{rate:>9}", "{}", "{rate[0]}", "{ rate }", "{rate}{rate}"]
ODD = ["\u202e", "\u2066", "\u2069", "\u200b", "\u200f", "\x00", "\x07", "\x1b[31m", "\ufeff",
       "\ud800", "\r", "\n", "\t", "\u0627\u0644\u0633\u0644\u0627\u0645", "\u4e2d\u6587",
       "\U0001f600", "\u0301", "\xad", "\xa0", " " * 5]
words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
fragments = st.one_of(words, st.sampled_from(TAGS), st.sampled_from(FIELDS), st.sampled_from(ODD),
                      st.text(max_size=6))
hostile_text = st.lists(fragments, max_size=12).map("".join)
# Text that often passes the rules (no digits, balanced tags, known placeholder) and so
# reaches the renderer: letters of every script, marks, symbols, emoji, escaped characters.
letters = st.text(alphabet=st.characters(
    whitelist_categories=("Lu", "Ll", "Lo", "Lm", "Mn", "Po", "Ps", "Pe", "Pd", "Sm", "Sc", "So"),
    blacklist_characters="<>{}"), min_size=1, max_size=10)
prose_fragments = st.one_of(letters, letters, st.just(" "), letters.map("<b>{}</b>".format),
                            letters.map("<i>{}</i>".format), st.just("{rate}"),
                            st.sampled_from(["&", "&amp;", " < ", " > ", "{{", "}}", "\"\"",
                                             "\u0627\u0644\u0633\u0644\u0627\u0645",
                                             "\u4e2d\u6587", "\U0001f600", "\xad", "\xa0",
                                             "a\u0301", " " * 40, "W" * 120]))
prose = st.lists(prose_fragments, min_size=1, max_size=15).map("".join)
any_text = st.one_of(prose, prose, hostile_text)
plain_prose = prose.map(lambda text: text.replace("{rate}", ""))   # no placeholder at all

_OUR_TAG = re.compile(r"<[^<>]*>")


class _NoAliases(yaml.SafeDumper):
    """Write shared values out in full: the loader refuses aliases (tested elsewhere)."""

    def ignore_aliases(self, data):
        return True


def _dump(doc) -> bytes:
    return yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True).encode("utf-8", "surrogatepass")


def _style() -> ParagraphStyle:
    from generator.scripts.fonts import fonts_for_locale
    fonts = fonts_for_locale("en")
    return ParagraphStyle("t", fontName=fonts.regular, fontSize=10, leading=12)


# -- markup rules -----------------------------------------------------------------------------

@FAST
@given(text=hostile_text)
def test_markup_functions_never_fail_and_only_b_and_i_survive(text):
    names, problems = placeholders(text)
    assert all(isinstance(p, str) for p in problems)
    markup_problems(text)
    plain_text(text, {"rate": "5.8%"})
    markup = to_paragraph_markup(text, {"rate": "5.8%"})
    assert set(_OUR_TAG.findall(markup)) <= {"<b>", "</b>", "<i>", "</i>"}
    assert "&#" not in markup.replace("&amp;#", "")
    Paragraph(markup, _style())          # ReportLab accepts it: never a parse error


@FAST
@given(source=st.sampled_from(["About {rate} of people.", "<b>Stage 4</b> cancer", "Plain."]),
       text=hostile_text)
def test_a_translation_without_problems_renders_as_what_it_says(source, text):
    problems = translation_problems(source, text)
    if problems:
        return
    names, bad = placeholders(text)
    assert not bad and set(names) == set(placeholders(source)[0])
    assert not markup_problems(text)
    markup = to_paragraph_markup(text, {"rate": "5.8%"})
    Paragraph(markup, _style())
    assert "\u202e" not in text and "\x1b" not in text


@FAST
@given(text=hostile_text)
def test_error_messages_never_carry_terminal_or_bidi_controls(text):
    shown = str(LeafletError(f"unknown topic {text!r} and {text}", path=text, hint=text))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
                         shown)
    assert printable(shown) == shown


@FAST
@given(source=st.sampled_from(["About {rate} of people.", "<b>Stage 4</b> cancer"]),
       text=hostile_text)
def test_translation_checks_never_fail(source, text):
    checks = pytest.importorskip("generator.i18n.checks")
    for problem in checks.message_problems(source, text, num_plurals=2, locale="fr"):
        assert problem.level in ("error", "warning")
    if not any(p.level == "error" for p in checks.message_problems(source, text, num_plurals=2,
                                                                    locale="fr")):
        # what the checks pass, the build does not refuse
        assert not translation_problems(source, text), text


# -- YAML reader and loader -------------------------------------------------------------------

@FAST
@given(data=st.binary(max_size=400))
def test_yaml_reader_on_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "x.yaml"
    path.write_bytes(data)
    _only_leaflet_errors(lambda: __import__("generator.content.yamlsafe", fromlist=["x"])
                         .read_yaml(path))


yaml_tokens = st.sampled_from(["a:", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "&x ",
                               "*x", "!!python/object:os.system", "!!binary", "<<:", "? ",
                               '"\\e"', '"\\ud800"', "'", '"', "#", "---", "...", "%YAML 1.1",
                               "\t", "2026-02-30", "9" * 60, ".nan", "~", "yes", "\ufeff", "|",
                               ">", "key: value"])
yaml_text = st.lists(st.one_of(yaml_tokens, words), max_size=30).map("".join)


@FAST
@given(text=yaml_text)
def test_yaml_parser_on_random_text(text):
    from generator.content.yamlsafe import parse_yaml
    _only_leaflet_errors(lambda: parse_yaml(text, "x.yaml"))


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True, allow_infinity=True), st.dates(), hostile_text)
structures = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=12)


def _mutated_leaflet():
    """The baseline leaflet with some of its values replaced by random ones."""
    paths = [("title",), ("subtitle",), ("content_version",), ("review",), ("sources",),
             ("data",), ("data", "rate", "value"), ("data", "rate", "unit"),
             ("data", "rate", "decimals"), ("sections",), ("sections", 0, "heading"),
             ("sections", 0, "blocks"), ("sections", 0, "blocks", 0, "paragraph"),
             ("sections", 0, "id"), ("id",), ("extra",), ("datasets",),
             ("datasets", "table_one", "rows"), ("datasets", "table_one", "columns"),
             ("sections", 0, "blocks", 1, "table"), ("data", "people", "unit")]
    numbers = st.one_of(st.integers(-5, 10**300), st.floats(allow_nan=True),
                        st.floats(0, 100), st.sampled_from([0, 100, 99.5, 0.5, 1e-9, 10**50]))
    text_paths = [("title",), ("subtitle",), ("sections", 0, "heading"),
                  ("sections", 0, "blocks", 0, "paragraph"),
                  ("datasets", "table_one", "label_heading"),
                  ("datasets", "table_one", "rows", 0, "label"),
                  ("sections", 0, "blocks", 1, "table", "caption"),
                  ("sections", 0, "blocks", 2, "risk_figure", "caption")]
    return st.lists(st.one_of(
        st.tuples(st.sampled_from(paths), structures),
        st.tuples(st.sampled_from(text_paths), any_text),
        st.tuples(st.sampled_from(text_paths), any_text),
        st.tuples(st.sampled_from([("data", "rate", "value"), ("data", "people", "value")]),
                  numbers),
        st.tuples(st.just(("data", "rate", "decimals")), st.integers(-1, 5)),
        st.tuples(st.just(("sections", 0, "blocks")), st.lists(st.sampled_from([
            {"bullets": ["One point.", "<b>Two</b> points about {rate}."]},
            {"callout": {"tone": "urgent", "title": "Call now", "text": "Call <i>now</i>."}},
            {"risk_figure": {"value": "rate", "caption": "People like you"}},
            {"questions": {"heading": "Ask", "items": ["What now?"], "write_lines": 12}},
            {"terms": [{"term": "Metastasis", "meaning": "Spread."}]},
            {"sources": {}}, {"sources": None}, {"subheading": "Sub"},
            {"paragraph": "x", "id": "intro"}, {"paragraph": "y", "id": "intro"}]),
            min_size=1, max_size=5)),
    ), max_size=4)


def _apply(doc, changes):
    for path, value in changes:
        node = doc
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return doc


@SLOW
@given(changes=_mutated_leaflet())
def test_loader_and_renderer_on_mutated_leaflets(tmp_path_factory, changes):
    import copy

    from generator.content.loader import load_leaflet

    folder = tmp_path_factory.mktemp("leaflet")
    path = folder / "hostile.yaml"
    doc = _apply(copy.deepcopy(RICH_DOC), changes)
    path.write_bytes(_dump(doc))
    leaflet = _only_leaflet_errors(lambda: load_leaflet(path))
    if leaflet is not None:
        _render_into(folder / "out", leaflet, "en", None)


@SLOW
@given(doc=structures)
def test_loader_on_random_structures(tmp_path_factory, doc):
    from generator.content.loader import load_leaflet
    path = tmp_path_factory.mktemp("random") / "hostile.yaml"
    path.write_bytes(_dump(doc))
    _only_leaflet_errors(lambda: load_leaflet(path))


# -- translations through the renderer --------------------------------------------------------

@SLOW
@given(title=st.one_of(plain_prose, plain_prose, hostile_text),
       paragraph=st.one_of(plain_prose.map("{} {{rate}}".format), hostile_text),
       # (a page label wider than the footer is test_known_bug_footer_* below)
       page=st.one_of(st.just(""), plain_prose.filter(lambda t: len(t) < 30).map(
           "{} {{page}} / {{pages}}".format), hostile_text.filter(lambda t: len(t) < 40)),
       locale=st.sampled_from(["fr", "ar", "zh_Hans", "hi"]))
def test_renderer_with_random_translations(tmp_path_factory, title, paragraph, page, locale):
    from babel.messages.catalog import Catalog

    from generator.localize.completeness import refused_translations
    from generator.content.loader import load_leaflet
    from generator.localize.catalogs import Translations

    folder = tmp_path_factory.mktemp("translated")
    (folder / "leaflets").mkdir()
    (folder / "leaflets" / "hostile.yaml").write_text(BASELINE, encoding="utf-8")
    leaflet = load_leaflet(folder / "leaflets" / "hostile.yaml")
    texts = list(leaflet.texts())
    catalog = Catalog(locale=locale, domain="hostile")
    common = Catalog(locale=locale, domain="common")
    for text, string in zip(texts, [title, None, None, paragraph]):
        catalog.add(text.source, string or text.source, context=text.context)
    common.add("Page {page} of {pages}", page, context="ui/page_of")
    translations = Translations(locale, {"hostile": catalog, "common": common})

    refused = refused_translations(leaflet, translations)
    from generator.localize.ui import UI_STRINGS
    poisoned = [s for text, s, limit in (
                    (texts[0].source, title, texts[0].max_chars),
                    (texts[3].source, paragraph, texts[3].max_chars),
                    ("Page {page} of {pages}", page, UI_STRINGS["page_of"][2]))
                if s and translation_problems(text, s, limit)]   # layout limits included
    assert bool(refused) == bool(poisoned)   # the build refuses exactly the poisoned ones
    _render_into(folder / "out", leaflet, locale, translations)


def test_footer_with_zero_width_title_and_wide_page_label_still_renders(tmp_path):
    from babel.messages.catalog import Catalog

    from generator.content.loader import load_leaflet
    from generator.localize.catalogs import Translations

    (tmp_path / "leaflets").mkdir()
    (tmp_path / "leaflets" / "hostile.yaml").write_text(BASELINE, encoding="utf-8")
    leaflet = load_leaflet(tmp_path / "leaflets" / "hostile.yaml")
    catalog, common = Catalog(locale="fr", domain="hostile"), Catalog(locale="fr", domain="common")
    for text in leaflet.texts():
        catalog.add(text.source, "\u200b" if text is leaflet.title else text.source,
                    context=text.context)
    common.add("Page {page} of {pages}", "W" * 120 + " {page} / {pages}", context="ui/page_of")
    _render_into(tmp_path / "out", leaflet, "fr",
                 Translations("fr", {"hostile": catalog, "common": common}))


# -- clinic files -----------------------------------------------------------------------------

clinic_text = st.one_of(prose, prose, hostile_text, structures)
clinic_docs = st.fixed_dictionaries({
    "name": clinic_text,
    "phone": st.one_of(st.text(alphabet="0123456789+()-./ ", min_size=3, max_size=35),
                       st.text(alphabet="0123456789+()-./ ", max_size=35), clinic_text)},
    optional={
    "address": st.one_of(prose, st.lists(clinic_text, max_size=5), structures),
    "logo": st.one_of(st.sampled_from(["logo.png", "../logo.png", "/etc/passwd", "fake.png",
                                       "logo.svg", "", ".", "..", "sub/logo.png"]), structures),
    "extra": structures})


@SLOW
@given(doc=clinic_docs)
def test_clinic_files(tmp_path_factory, doc):
    import shutil

    from generator.content.clinic import load_clinic
    from generator.content.loader import load_leaflet

    folder = tmp_path_factory.mktemp("clinic")
    for name in ("logo.png", "fake.png", "logo.svg"):
        shutil.copy(HOSTILE / "clinics" / name, folder)
    path = folder / "clinic.yaml"
    path.write_bytes(_dump(doc))
    clinic = _only_leaflet_errors(lambda: load_clinic(path))
    if clinic is not None:
        (folder / "leaflets").mkdir()
        (folder / "leaflets" / "hostile.yaml").write_text(BASELINE, encoding="utf-8")
        leaflet = load_leaflet(folder / "leaflets" / "hostile.yaml")
        _render_into(folder / "out", leaflet, "en", None, clinic=clinic)


# -- the command line -------------------------------------------------------------------------

names = st.one_of(st.sampled_from(["en", "stage4-cancer", "../etc", "/etc/passwd", "..", ".",
                                   "en/../..", "", "-", "--help", "a" * 300, "EN", "en_XA",
                                   "ar-XB", "hostile", "Hostile"]), hostile_text)


@SLOW
@given(topic=names, locale=names, paper=st.sampled_from(["a4", "letter", "a3", ""]))
def test_command_line_arguments(tmp_path_factory, capsys, topic, locale, paper):
    from generator.cli import main

    folder = tmp_path_factory.mktemp("cli")
    (folder / "leaflets").mkdir()
    (folder / "leaflets" / "hostile.yaml").write_text(BASELINE, encoding="utf-8")
    out = folder / "out"
    before = snapshot(folder, skip=out)
    try:
        code = main(["build", "--root", str(folder), "--out", str(out), "--topic", topic,
                     "--locale", locale, "--paper", paper])
    except SystemExit as exc:          # argparse: --help, or an invalid choice
        code = exc.code
    captured = capsys.readouterr()
    assert code in (0, 1, 2), captured.err
    assert "Traceback" not in captured.err and "\x1b" not in captured.err
    assert snapshot(folder, skip=out) == before
    for pdf in out.rglob("*.pdf") if out.is_dir() else []:
        assert_pdf_complete(pdf)


# -- helpers ----------------------------------------------------------------------------------

def event(name: str) -> None:
    """hypothesis.event, also usable outside a Hypothesis test."""
    try:
        _event(name)
    except Exception:  # noqa: BLE001 - InvalidArgument outside a test
        pass


def _only_leaflet_errors(action):
    """Run `action`; a LeafletError is fine (returns None), anything else fails the test."""
    try:
        result = action()
    except LeafletError as exc:
        assert str(exc)
        event("refused with a LeafletError")
        return None
    event("accepted")
    return result


def _render_into(out: Path, leaflet, locale: str, translations, clinic=None) -> None:
    """Render through the build's own write path; only LeafletError may come out, and
    every PDF written is complete and stays inside `out`."""
    from generator.localize.completeness import refused_translations
    from generator.render.leaflet import RenderOptions, render_leaflet
    from generator.files import prepare_out_dir, write_atomic

    if translations is not None and refused_translations(leaflet, translations):
        event("render: translation refused")
        return
    parent = out.parent
    before = snapshot(parent, skip=out)
    prepare_out_dir(out)
    try:
        rendered = render_leaflet(leaflet, locale, translations,
                                  RenderOptions(paper="a4", clinic=clinic, allow_fallback=True))
    except LeafletError:
        event("render: LeafletError")
        return
    event("render: PDF written")
    target = out / locale / f"{leaflet.id}-a4.pdf"
    write_atomic(target, rendered.pdf)
    assert snapshot(parent, skip=out) == before
    assert [p for p in out.rglob("*") if p.is_file()] == [target]
    assert_pdf_complete(target)
