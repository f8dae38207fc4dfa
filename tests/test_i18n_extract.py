"""Extraction: contexts, translator comments and references, with the wrapper and pybabel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT
from generator.content.loader import load_leaflet
from generator.localize.ui import UI_STRINGS, ui_context
from test_i18n_support import TOPIC, leaflets, project  # noqa: F401 - fixture

PYBABEL = Path(sys.executable).with_name("pybabel")


def read_pot(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_extract_writes_one_template_per_topic_and_common(project, capsys):
    assert leaflets(project, "i18n", "extract") == 0
    templates = sorted(p.name for p in (project / "locales" / "templates").glob("*.pot"))
    topics = sorted(p.stem for p in (project / "leaflets").glob("*.yaml"))
    assert templates == sorted([f"{t}.pot" for t in topics] + ["common.pot"])
    assert "wrote locales/templates/common.pot" in capsys.readouterr().out


def test_every_text_has_its_context_reference_and_comments(project):
    leaflets(project, "i18n", "extract")
    pot = read_pot(project / "locales" / "templates" / f"{TOPIC}.pot")
    leaflet = load_leaflet(project / "leaflets" / f"{TOPIC}.yaml")
    texts = list(leaflet.texts())
    leaflet_messages = [m for m in pot if m.id and m.locations[0][0].startswith("leaflets/")]
    assert len(leaflet_messages) == len(texts)
    for text in texts:
        message = pot.get(text.source, context=text.context)
        assert message is not None, text.context
        assert message.locations == [(f"leaflets/{TOPIC}.yaml", text.line)]
        assert message.auto_comments, text.context
        if text.max_chars:
            assert any(f"at most {text.max_chars} characters" in c
                       for c in message.auto_comments)


def test_title_comment_says_what_it_is_and_its_limit(project):
    leaflets(project, "i18n", "extract")
    pot = read_pot(project / "locales" / "templates" / f"{TOPIC}.pot")
    title = next(m for m in pot if m.context == f"{TOPIC}/title")
    comments = " ".join(title.auto_comments)
    assert "Title of the leaflet" in comments
    assert "at most 60 characters" in comments


def test_placeholders_are_explained_with_english_value_and_about(project):
    leaflets(project, "i18n", "extract")
    pot = read_pot(project / "locales" / "templates" / f"{TOPIC}.pot")
    leaflet = load_leaflet(project / "leaflets" / f"{TOPIC}.yaml")
    with_value = [m for m in pot if m.id and "{lung_5yr_distant}" in str(m.id)]
    assert with_value, "the leaflet uses {lung_5yr_distant}"
    message = with_value[0]
    assert "python-brace-format" in message.flags
    about = leaflet.data["lung_5yr_distant"].about
    # Babel re-wraps comments on write; compare with whitespace normalised.
    comments = " ".join(" ".join(message.auto_comments).split())
    assert "{lung_5yr_distant} = 5.8% in English (a percentage)" in comments
    assert " ".join(about.split()) in comments
    plain = next(m for m in pot if m.context == f"{TOPIC}/title")
    assert "python-brace-format" not in plain.flags


def test_common_template_has_every_ui_string_and_the_plural(project):
    leaflets(project, "i18n", "extract")
    pot = read_pot(project / "locales" / "templates" / "common.pot")
    for key, (text, note, _limit) in UI_STRINGS.items():
        msgid = text if isinstance(text, str) else text[0]
        message = pot.get(msgid, context=ui_context(key))
        assert message is not None, key
        assert message.locations[0][0] == "generator/localize/ui.py"
    plural = next(m for m in pot if m.context == "ui/risk_about")
    assert plural.id == ("About {count} in {total} person", "About {count} in {total} people")
    assert "python-brace-format" in plural.flags


def test_extract_again_without_change_touches_nothing(project, capsys):
    leaflets(project, "i18n", "extract")
    path = project / "locales" / "templates" / f"{TOPIC}.pot"
    before = path.read_bytes(), path.stat().st_mtime_ns
    capsys.readouterr()
    leaflets(project, "i18n", "extract")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert f"unchanged locales/templates/{TOPIC}.pot" in capsys.readouterr().out


def _messages(catalog):
    return {(m.context, m.id): (tuple(m.auto_comments), tuple(m.locations), frozenset(m.flags))
            for m in catalog if m.id}


def test_plain_pybabel_extract_gives_the_same_messages(project, tmp_path):
    if not PYBABEL.exists():
        pytest.skip("pybabel is not installed in this environment")
    leaflets(project, "i18n", "extract")
    out = tmp_path / "pybabel.pot"
    inputs = [f"leaflets/{TOPIC}.yaml"]
    if (project / "quizzes" / f"{TOPIC}.yaml").is_file():
        inputs.append(f"quizzes/{TOPIC}.yaml")   # a topic's quiz is part of its domain
    result = subprocess.run(
        [str(PYBABEL), "extract", "-F", "babel.cfg", "-o", str(out), *inputs],
        cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    ours = read_pot(project / "locales" / "templates" / f"{TOPIC}.pot")
    theirs = read_pot(out)
    assert _messages(theirs) == _messages(ours)
    assert any(ctx == f"{TOPIC}/title" for ctx, _ in _messages(theirs))


def test_plain_pybabel_extracts_the_common_domain(tmp_path):
    if not PYBABEL.exists():
        pytest.skip("pybabel is not installed in this environment")
    repo = Path(__file__).resolve().parents[1]
    out = tmp_path / "common.pot"
    result = subprocess.run(
        [str(PYBABEL), "extract", "-F", "babel.cfg", "-o", str(out), "generator/localize/ui.py"],
        cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pot = read_pot(out)
    assert {m.context for m in pot if m.id} == {ui_context(k) for k in UI_STRINGS}


def test_quiz_strings_join_the_topic_domain_when_quizzes_exist(project):
    loader = pytest.importorskip("generator.quiz.loader")
    quiz = project / "quizzes" / f"{TOPIC}.yaml"
    if not quiz.is_file():
        pytest.skip("no quiz for this topic yet")
    leaflets(project, "i18n", "extract")
    pot = read_pot(project / "locales" / "templates" / f"{TOPIC}.pot")
    leaflet = load_leaflet(project / "leaflets" / f"{TOPIC}.yaml")
    texts = list(loader.load_quiz(quiz, leaflet).texts())
    assert texts
    for text in texts:
        message = pot.get(text.source, context=text.context)
        assert message is not None and text.context.startswith(f"{TOPIC}/quiz/")
        # Quiz furniture labels come from generator/quiz/ui.py and have no YAML line.
        assert message.locations == [(f"quizzes/{TOPIC}.yaml", text.line or None)]
        assert message.auto_comments


def test_the_strings_a_build_reviews_are_the_strings_extraction_gives():
    """Project.source_strings (what the review state counts, from the loaded content) and
    the extracted templates (what translators get) hold the same strings, in order."""
    from generator.build.project import find_project
    from generator.i18n.extract import build_template, domains

    project = find_project(ROOT)
    for domain in domains(project):
        extracted = [(tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id, m.context)
                     for m in build_template(project, domain) if m.id]
        assert project.source_strings(domain) == extracted, domain
