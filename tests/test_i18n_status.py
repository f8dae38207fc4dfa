"""`leaflets i18n status` numbers, review state, --json and --fail-under; and compile."""

from __future__ import annotations

import gettext
import json

from generator.localize.catalogs import catalog_path
from generator.localize.ui import UI_STRINGS
from test_i18n_support import (fake_fr, leaflets, project, set_entry,  # noqa: F401
                               translate, translate_all)

TOTAL = len(UI_STRINGS)


def prepared(root):
    """fr/common: 2 fuzzy, 1 untranslated, 1 failing (placeholder typo), the rest fine."""
    leaflets(root, "i18n", "init", "fr")
    translate(root, "fr", "common", fake_fr)
    set_entry(root, "fr", "common", "ui/care_team", "FR Your care team", fuzzy=True)
    set_entry(root, "fr", "common", "ui/notes", "FR Notes", fuzzy=True)
    set_entry(root, "fr", "common", "ui/fallback_marker", "")
    set_entry(root, "fr", "common", "ui/risk_exact", "FR Exact figure: {valeur}")
    return root


def status_json(root, capsys, *extra):
    capsys.readouterr()
    code = leaflets(root, "i18n", "status", "--json", *extra)
    return code, json.loads(capsys.readouterr().out)


def test_status_counts_per_locale_and_domain(project, capsys):
    prepared(project)
    code, data = status_json(project, capsys, "--topic", "common")
    assert code == 0
    [fr] = data["locales"]
    assert fr["locale"] == "fr" and fr["name"] == "Français"
    assert fr["review"]["status"] == "draft" and fr["review"]["reviewed"] == 0
    assert fr["review"]["changed"] == 0 and fr["changed_since_review"] == []
    [common] = fr["domains"]
    assert common == {"domain": "common", "total": TOTAL, "translated": TOTAL - 3, "fuzzy": 2,
                      "untranslated": 1, "failing": 1, "catalog": True, "offered": True,
                      "percent": round(100 * (TOTAL - 4) / TOTAL, 1)}


def test_status_counts_strings_added_to_the_source_as_untranslated(project, capsys):
    prepared(project)
    _code, data = status_json(project, capsys)
    domains = {d["domain"]: d for d in data["locales"][0]["domains"]}
    assert set(domains) >= {"common", "metastatic-lung-cancer", "stage4-cancer"}
    topic = domains["metastatic-lung-cancer"]
    assert topic["translated"] == 0 and topic["untranslated"] == topic["total"] > 0
    total = data["locales"][0]["total"]
    assert total["total"] == sum(d["total"] for d in domains.values())


def test_fail_under_sets_the_exit_status(project, capsys):
    prepared(project)
    percent = 100 * (TOTAL - 4) / TOTAL
    assert leaflets(project, "i18n", "status", "--topic", "common",
                    "--fail-under", str(percent + 1)) == 1
    assert "under" in capsys.readouterr().err
    assert leaflets(project, "i18n", "status", "--topic", "common",
                    "--fail-under", str(percent - 1)) == 0


def test_status_table_shows_review_state_and_columns(project, capsys, tmp_path):
    from test_review import approve_all

    leaflets(project, "i18n", "init", "fr")
    translate_all(project, "fr")
    approve_all(project, tmp_path)
    capsys.readouterr()
    assert leaflets(project, "i18n", "status", "--locale", "fr") == 0
    out = capsys.readouterr().out
    assert "fr (Français): review reviewed by Dr Ann Lee, last approval 2026-12-01: " in out
    assert " reviewed, 0 unreviewed, 0 changed since review" in out
    for column in ("total", "translated", "fuzzy", "untranslated", "failing", "%"):
        assert column in out
    assert "100.0" in out


def test_compile_writes_mo_and_leaves_out_failing_and_fuzzy(project, capsys):
    prepared(project)
    capsys.readouterr()
    assert leaflets(project, "i18n", "compile", "--locale", "fr", "--topic", "common") == 1
    out = capsys.readouterr().out
    assert "wrote locales/fr/LC_MESSAGES/common.mo" in out
    assert 'msgctxt "ui/risk_exact"' in out and "left out of the .mo" in out
    mo = catalog_path(project / "locales", "fr", "common").with_suffix(".mo")
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.pgettext("ui/phone", "Phone: {phone}") == "FR Phone: {phone}"
    assert catalog.pgettext("ui/risk_exact", "Exact figure: {value}") == "Exact figure: {value}"
    assert catalog.pgettext("ui/care_team", "Your care team") == "Your care team"  # fuzzy
    assert catalog.npgettext("ui/risk_about", "About {count} in {total} person",
                             "About {count} in {total} people", 5) == \
        "FR About {count} in {total} people"
