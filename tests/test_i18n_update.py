"""init and update: headers, and an update never loses a translation nor guesses one."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from generator.content import model as m
from generator.content.loader import load_leaflet
from generator.localize.catalogs import catalog_path
from test_i18n_support import (TOPIC, fake_fr, leaflets, po, project,  # noqa: F401
                               translate, translate_all)


def header(catalog, name):
    return dict(catalog.mime_headers).get(name)


def test_init_writes_draft_review_state_language_and_plural_forms(project, capsys):
    assert leaflets(project, "i18n", "init", "ru") == 0
    catalog = po(project, "ru", TOPIC)
    assert header(catalog, "X-Review-Status") == "draft"
    assert header(catalog, "Language") == "ru"
    assert catalog.num_plurals == 3
    assert "nplurals=3" in header(catalog, "Plural-Forms")
    template = [msg for msg in po(project, "ru", "common") if msg.id]
    plural = next(msg for msg in template if msg.context == "ui/risk_about")
    assert tuple(plural.string) == ("", "", "")
    assert all(not msg.string or not any(msg.string) for msg in catalog if msg.id)
    assert (project / "locales" / "templates" / f"{TOPIC}.pot").is_file()
    assert "created locales/ru/LC_MESSAGES/common.po" in capsys.readouterr().out


def test_init_accepts_bcp47_spelling(project):
    assert leaflets(project, "i18n", "init", "pt-BR") == 0
    assert catalog_path(project / "locales", "pt_BR", "common").is_file()


@pytest.mark.parametrize("code, words", [("xx", "unknown locale"), ("en-XA", "pseudo-locale"),
                                         ("en", "source language")])
def test_init_refuses_bad_locales(project, capsys, code, words):
    assert leaflets(project, "i18n", "init", code) == 2
    assert words in capsys.readouterr().err
    assert not any((project / "locales").glob("*/LC_MESSAGES/*.po"))


def test_init_never_overwrites(project, capsys):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", "common", fake_fr)
    assert leaflets(project, "i18n", "init", "fr") == 2
    assert "already has catalogs" in capsys.readouterr().err
    assert all(msg.string for msg in po(project, "fr", "common") if msg.id)


def _bullet_blocks(leaflet):
    return [block for section in leaflet.sections for block in section.blocks
            if isinstance(block, m.Bullets) and len(block.items) >= 2]


def edit_source(root):
    """Change the title, drop the last bullet of one list, add a bullet to another list.

    Returns (old title, new title, removed bullet Text, new bullet text).
    """
    path = root / "leaflets" / f"{TOPIC}.yaml"
    leaflet = load_leaflet(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    first, second = _bullet_blocks(leaflet)[:2]
    removed, anchor = first.items[-1], second.items[-1]
    new_bullet = anchor.source + " Ask your care team."   # close to an existing string
    new_title = leaflet.title.source + " (when it has spread)"
    indent = lines[anchor.line - 1][: len(lines[anchor.line - 1]) - len(lines[anchor.line - 1].lstrip())]
    edits = {leaflet.title.line: lines[leaflet.title.line - 1].replace(
                 leaflet.title.source, new_title),
             removed.line: None,
             anchor.line: lines[anchor.line - 1] + "\n" + indent + f'- "{new_bullet}"'}
    for line in sorted(edits, reverse=True):
        if edits[line] is None:
            del lines[line - 1]
        else:
            lines[line - 1] = edits[line]
    path.write_text("\n".join(lines), encoding="utf-8")
    load_leaflet(path)  # still valid content
    return leaflet.title.source, new_title, removed, new_bullet


def test_update_keeps_translations_fuzzies_changed_obsoletes_removed_adds_new(project, capsys):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", TOPIC, fake_fr)
    before = {(msg.context, msg.id): msg.string for msg in po(project, "fr", TOPIC) if msg.id}
    old_title, new_title, removed, new_bullet = edit_source(project)
    capsys.readouterr()

    assert leaflets(project, "i18n", "update", "--locale", "fr") == 0
    out = capsys.readouterr().out
    assert f"updated locales/fr/LC_MESSAGES/{TOPIC}.po (1 new, 1 fuzzy, 1 obsolete)" in out

    catalog = po(project, "fr", TOPIC)
    title = catalog.get(new_title, context=f"{TOPIC}/title")
    assert title.string == fake_fr(old_title)
    assert title.fuzzy and title.previous_id == [old_title]

    gone = catalog.obsolete[(removed.source, removed.context)]
    assert gone.string == fake_fr(removed.source)

    added = next(msg for msg in catalog if msg.id == new_bullet)
    assert added.string == "" and not added.fuzzy     # never guessed from a similar string

    for msg in catalog:
        if msg.id and msg.id not in (new_title, new_bullet):
            assert msg.string == before[(msg.context, msg.id)] and not msg.fuzzy


def test_update_is_stable_and_keeps_previous_msgid(project, capsys):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", TOPIC, fake_fr)
    old_title, new_title, *_ = edit_source(project)
    leaflets(project, "i18n", "update")
    path = catalog_path(project / "locales", "fr", TOPIC)
    first = path.read_bytes()
    capsys.readouterr()
    leaflets(project, "i18n", "update")
    assert path.read_bytes() == first
    assert f"unchanged locales/fr/LC_MESSAGES/{TOPIC}.po" in capsys.readouterr().out
    assert f'#| msgid "{old_title}"'.encode() in first
    title = po(project, "fr", TOPIC).get(new_title, context=f"{TOPIC}/title")
    assert title.previous_id == [old_title]
    if shutil.which("msgfmt"):
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_a_removed_string_that_comes_back_is_revived(project):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", TOPIC, fake_fr)
    source = project / "leaflets" / f"{TOPIC}.yaml"
    original = source.read_text(encoding="utf-8")
    _old, _new, removed, _bullet = edit_source(project)
    leaflets(project, "i18n", "update")
    source.write_text(original, encoding="utf-8")
    leaflets(project, "i18n", "update")
    catalog = po(project, "fr", TOPIC)
    back = catalog.get(removed.source, context=removed.context)
    assert back.string == fake_fr(removed.source) and not back.fuzzy
    assert not catalog.obsolete
    assert all(msg.string and not msg.fuzzy for msg in catalog if msg.id)


def test_update_keeps_review_headers_and_translator_comments(project):
    leaflets(project, "i18n", "init", "fr")
    translate_all(project, "fr")
    path = project / "locales" / "fr" / "LC_MESSAGES" / "common.po"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"X-Review-Status: draft\\n"', '"X-Review-Status: reviewed\\n"').replace(
        '"X-Reviewed-By: \\n"', '"X-Reviewed-By: Dr Ann Lee\\n"').replace(
        '"X-Review-Date: \\n"', '"X-Review-Date: 2026-11-20\\n"'), encoding="utf-8")
    edit_source(project)
    leaflets(project, "i18n", "update")
    catalog = po(project, "fr", "common")
    assert header(catalog, "X-Review-Status") == "reviewed"
    assert header(catalog, "X-Reviewed-By") == "Dr Ann Lee"
    assert header(catalog, "X-Review-Date") == "2026-11-20"


def test_mark_reviewed_is_refused_the_ledger_decides(project, capsys):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", "common", fake_fr)
    assert leaflets(project, "i18n", "update", "--mark-reviewed", "Dr Ann Lee") == 2
    assert "a catalog header cannot make a translation reviewed" in capsys.readouterr().err
    assert header(po(project, "fr", "common"), "X-Review-Status") == "draft"


def test_a_new_topic_gets_a_catalog_on_update(project):
    """A new topic is English-only (not offered in fr) until it is asked for by name."""
    leaflets(project, "i18n", "init", "fr")
    text = (project / "leaflets" / f"{TOPIC}.yaml").read_text(encoding="utf-8")
    (project / "leaflets" / "new-topic.yaml").write_text(
        text.replace(f"id: {TOPIC}", "id: new-topic", 1), encoding="utf-8")
    assert leaflets(project, "i18n", "update", "--locale", "fr") == 0
    assert not (project / "locales" / "fr" / "LC_MESSAGES" / "new-topic.po").exists()
    assert leaflets(project, "i18n", "update", "--locale", "fr", "--topic", "new-topic") == 0
    catalog = po(project, "fr", "new-topic")
    assert header(catalog, "X-Review-Status") == "draft"
    assert any(msg.context == "new-topic/title" for msg in catalog)


def test_two_changes_before_review_keep_the_english_the_translation_was_made_for(project):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", TOPIC, fake_fr)
    old_title, new_title, *_ = edit_source(project)
    leaflets(project, "i18n", "update")
    path = project / "leaflets" / f"{TOPIC}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(new_title, new_title + " today"),
                    encoding="utf-8")
    leaflets(project, "i18n", "update")
    catalog = po(project, "fr", TOPIC)
    title = catalog.get(new_title + " today", context=f"{TOPIC}/title")
    assert title.fuzzy and title.string == fake_fr(old_title)
    assert title.previous_id == [old_title]
    assert not catalog.obsolete or all(e.context != f"{TOPIC}/title"
                                       for e in catalog.obsolete.values())
