"""Translation review: the ledger, the XLIFF round trip, the packet, provenance, lapsing.

Every test works on a copy of the project with French made by `leaflets i18n init` and a
stand-in translation ("FR " + English) that passes every check. XLIFF files are read and
edited with translate-toolkit's own classes, as a reviewer's CAT tool would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from translate.storage import factory

from generator.build.jobs import BuildSettings
from generator.build.project import Project
from generator.i18n.pofiles import read_fresh, write_catalog
from generator.localize.catalogs import catalog_path
from generator.localize.completeness import locale_refusal
from generator.localize.review import topic_review
from test_i18n_support import (leaflets, mark_content_reviewed, pdf_text, project,  # noqa: F401
                               set_entry, translate_all)

ENGLISH_BAND = "Translation not yet reviewed by a qualified translator."
LUNG, STAGE4 = "metastatic-lung-cancer", "stage4-cancer"
OLD = "it is still breast cancer, not liver cancer."
NEW = "it is still called breast cancer, not liver cancer."  # no quiz item cites these words
CHANGED = "stage4-cancer/what-it-is/1"


def flat(text: str) -> str:
    return " ".join(text.split())


def build(root, out, *args):
    return leaflets(root, "build", "--paper", "a4", "--locale", "fr", "--out", str(out), *args)


def leaflet_text(out: Path, topic: str) -> str:
    return flat(pdf_text(out / "fr" / f"{topic}-a4.pdf"))


@pytest.fixture
def french(project):
    leaflets(project, "i18n", "init", "fr")
    translate_all(project, "fr")
    return project


def approved_export(root: Path, tmp_path: Path, edit=None) -> Path:
    """Export fr and approve every translated unit in translate-toolkit, as a reviewer's
    CAT tool does; `edit(unit)` changes a unit on the way. Returns the saved file."""
    xlf = tmp_path / "fr-review.xlf"
    assert leaflets(root, "i18n", "export-review", "--locale", "fr", "--out", str(xlf)) == 0
    store = factory.getobject(str(xlf))
    for unit in store.getunits():
        if unit.target:
            for sub in getattr(unit, "units", None) or [unit]:
                sub.markapproved(True)
        if edit:
            edit(unit)
    store.save()
    return xlf


def approve_all(root: Path, tmp_path: Path, reviewer="Dr Ann Lee", edit=None) -> int:
    """Export fr, approve every translated unit, import it back."""
    xlf = approved_export(root, tmp_path, edit)
    return leaflets(root, "i18n", "import-review", str(xlf), "--reviewer", reviewer,
                    "--qualification", "certified medical translator", "--date", "2026-12-01")


def translate_changed(root: Path) -> None:
    """What the translator does after `update`: translate the new English, clear fuzzy."""
    message = next(m for m in read_fresh(catalog_path(root / "locales", "fr", STAGE4))
                   if m.context == CHANGED)
    assert NEW in message.id and message.fuzzy
    set_entry(root, "fr", STAGE4, CHANGED, "FR " + message.id)


def change_english_sentence(root: Path) -> None:
    path = root / "leaflets" / f"{STAGE4}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    path.write_text(text.replace(OLD, NEW), encoding="utf-8")


# -- nothing declares itself reviewed --------------------------------------------------------

def test_a_catalog_that_declares_itself_reviewed_prints_as_a_draft(french, tmp_path, capsys):
    for po in (french / "locales" / "fr" / "LC_MESSAGES").glob("*.po"):
        po.write_text(po.read_text(encoding="utf-8").replace(
            "X-Review-Status: draft", "X-Review-Status: reviewed"), encoding="utf-8")
    assert build(french, tmp_path / "out", "--topic", LUNG) == 0
    text = leaflet_text(tmp_path / "out", LUNG)
    assert ENGLISH_BAND in text
    assert "Review: not finished. 0 of" in text            # provenance, from the ledger
    capsys.readouterr()
    assert build(french, tmp_path / "gate", "--topic", LUNG, "--require-reviewed") == 1
    assert "the fr translation of metastatic-lung-cancer is not reviewed" in capsys.readouterr().err
    assert not (tmp_path / "gate" / "fr" / f"{LUNG}-a4.pdf").exists()
    leaflets(french, "i18n", "check", "--locale", "fr")
    out = capsys.readouterr().out
    assert "[review] warning:" in out and "X-Review-Status says reviewed" in out


def test_mark_reviewed_no_longer_marks_anything(french, capsys):
    assert leaflets(french, "i18n", "update", "--mark-reviewed", "Dr Ann Lee") == 2
    assert "import-review" in capsys.readouterr().err
    assert not (french / "locales" / "fr" / "review.yaml").exists()


def test_the_ledger_starts_empty_for_the_shipped_catalogs():
    root = Path(__file__).resolve().parents[1]
    assert not list((root / "locales").glob("*/review.yaml"))


# -- the XLIFF round trip --------------------------------------------------------------------

def test_export_is_xliff_that_translate_toolkit_reads(french, tmp_path):
    xlf = tmp_path / "fr.xlf"
    assert leaflets(french, "i18n", "export-review", "--locale", "fr", "--out", str(xlf)) == 0
    assert b'xmlns="urn:oasis:names:tc:xliff:document:1.2"' in xlf.read_bytes()
    store = factory.getobject(str(xlf))
    units = {unit.getid().split("\x04")[-1]: unit for unit in store.getunits()}
    title = units[f"{LUNG}/title"]
    assert str(title.source) == "Metastatic lung cancer"
    assert str(title.target) == "FR Metastatic lung cancer"
    assert not title.isapproved()
    assert "Title of the leaflet" in title.getnotes()           # translator comment
    assert "60 characters" in title.getnotes()                  # layout limit
    assert units["ui/risk_about"].hasplural()
    assert store.gettargetlanguage() == "fr"


def test_approving_every_string_through_xliff_makes_the_leaflets_reviewed(french, tmp_path):
    assert build(french, tmp_path / "before", "--topic", LUNG) == 0
    assert ENGLISH_BAND in leaflet_text(tmp_path / "before", LUNG)
    assert approve_all(french, tmp_path) == 0
    ledger = (french / "locales" / "fr" / "review.yaml").read_text(encoding="utf-8")
    assert "reviewer: Dr Ann Lee" in ledger and "step: approved" in ledger
    assert f"context: {LUNG}/title" in ledger

    assert build(french, tmp_path / "after") == 0
    for topic in (LUNG, STAGE4):
        text = leaflet_text(tmp_path / "after", topic)
        assert ENGLISH_BAND not in text and "FR " + ENGLISH_BAND not in text
        # provenance on the last page: how, review state, next review a year on
        assert "Review: every text was approved by a qualified reviewer. Last approval: " \
               "December 1, 2026." in text
        assert "Next review: December 1, 2027." in text
        # ... and the same block in the leaflet's language, before the English one
        assert text.index("FR About this translation") < text.rindex("About this translation")
        assert "FR How it was translated: FR machine translation." in text
    quiz = flat(pdf_text(tmp_path / "after" / "fr" / "quiz" / f"{LUNG}-quiz-A-a4.pdf"))
    assert ENGLISH_BAND not in quiz
    # the translation is reviewed, the English content is still a clinical draft
    assert build(french, tmp_path / "gate", "--require-reviewed") == 1
    for topic in (LUNG, STAGE4):
        mark_content_reviewed(french, topic)
    assert build(french, tmp_path / "gate", "--require-reviewed") == 0

    # a second export shows the approved state, for a third-party reader
    xlf = tmp_path / "again.xlf"
    leaflets(french, "i18n", "export-review", "--locale", "fr", "--out", str(xlf))
    units = factory.getobject(str(xlf)).getunits()
    assert all(u.isapproved() for u in units if u.target and not u.hasplural())
    assert 'state="final"' in xlf.read_text(encoding="utf-8")


def test_a_unit_that_fails_a_check_is_not_recorded_and_the_report_says_why(french, tmp_path,
                                                                         capsys):
    broken = f"{LUNG}/title"
    edited = f"{LUNG}/subtitle"

    def edit(unit):
        name = unit.getid().split("\x04")[-1]
        if name == broken:
            unit.settarget("FR Metastatic lung cancer {rate}")
            unit.markapproved(True)
        elif name == edited:
            unit.settarget("FR something the catalog does not say")
            unit.markapproved(True)

    capsys.readouterr()
    assert approve_all(french, tmp_path, edit=edit) == 1
    out = capsys.readouterr().out
    assert f"not recorded: {broken}: fails the checks: [placeholder]" in out
    assert f"not recorded: {edited}: the translation differs from the catalog" in out
    ledger = (french / "locales" / "fr" / "review.yaml").read_text(encoding="utf-8")
    assert f"context: {broken}\n" not in ledger and f"context: {edited}\n" not in ledger
    assert build(french, tmp_path / "out", "--topic", LUNG) == 0
    text = leaflet_text(tmp_path / "out", LUNG)
    assert ENGLISH_BAND in text                     # two strings unreviewed: still a draft


def test_a_changed_translation_lapses_its_review(french, tmp_path):
    assert approve_all(french, tmp_path) == 0
    set_entry(french, "fr", LUNG, f"{LUNG}/subtitle", "FR changed by a translator")
    assert build(french, tmp_path / "out", "--topic", LUNG, "--topic", STAGE4) == 0
    assert ENGLISH_BAND in leaflet_text(tmp_path / "out", LUNG)
    assert ENGLISH_BAND not in leaflet_text(tmp_path / "out", STAGE4)


# -- when the English changes ----------------------------------------------------------------

def test_one_english_change_makes_exactly_that_string_and_leaflet_a_draft(french, tmp_path,
                                                                         capsys):
    assert approve_all(french, tmp_path) == 0
    change_english_sentence(french)
    assert leaflets(french, "i18n", "update", "--locale", "fr") == 0

    # fuzzy: the build refuses the topic and names the string; the other topic builds
    capsys.readouterr()
    assert build(french, tmp_path / "fuzzy") == 1
    err = capsys.readouterr().err
    assert f"changed in English since they were translated into fr (fuzzy, not printed): " \
           f"{CHANGED};" in err
    assert ENGLISH_BAND not in leaflet_text(tmp_path / "fuzzy", LUNG)
    # --allow-fallback prints the English for it, with the draft band
    assert build(french, tmp_path / "fallback", "--topic", STAGE4, "--allow-fallback") == 0
    fallback = leaflet_text(tmp_path / "fallback", STAGE4)
    assert ENGLISH_BAND in fallback and "[English] " in fallback and NEW in fallback

    # the translator updates it: it prints, but as a draft until reviewed again
    translate_changed(french)
    capsys.readouterr()
    assert build(french, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert f"fr/{STAGE4}: 1 string changed since review: {CHANGED}" in err
    assert f"fr/{LUNG}:" not in err
    assert ENGLISH_BAND in leaflet_text(tmp_path / "out", STAGE4)
    assert ENGLISH_BAND not in leaflet_text(tmp_path / "out", LUNG)

    leaflets(french, "i18n", "status", "--locale", "fr", "--json")
    status = json.loads(capsys.readouterr().out)["locales"][0]
    assert [c["msgctxt"] for c in status["changed_since_review"]] == [CHANGED]
    assert status["review"]["changed"] == 1 and status["review"]["status"] == "draft"
    leaflets(french, "i18n", "status", "--locale", "fr")
    assert "1 changed since review" in capsys.readouterr().out

    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="topic">.*?</article>', index, re.S)
    stage4 = [c for c in cards if f"{STAGE4}-a4.pdf" in c]
    lung = [c for c in cards if f"{LUNG}-a4.pdf" in c]
    assert f"1 string changed since review: {CHANGED}" in stage4[0]
    assert "changed since review" not in lung[0]

    # approving the new text makes it reviewed again
    assert approve_all(french, tmp_path, reviewer="Dr Bo Chen") == 0
    assert build(french, tmp_path / "out") == 0
    assert ENGLISH_BAND not in leaflet_text(tmp_path / "out", STAGE4)


def test_a_pdf_made_before_the_change_is_shown_out_of_date(french, tmp_path):
    out = tmp_path / "out"
    assert build(french, out, "--topic", STAGE4) == 0
    change_english_sentence(french)
    leaflets(french, "i18n", "update", "--locale", "fr")
    assert build(french, out, "--topic", STAGE4) == 1          # refused: fuzzy string
    assert (out / "fr" / f"{STAGE4}-a4.pdf").exists()          # the old PDF stays
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"Out of date: {STAGE4}-a4.pdf" in index


# -- the reviewer's packet and the ledger file -----------------------------------------------

def test_review_packet_lists_changed_strings_first(french, tmp_path):
    assert approve_all(french, tmp_path) == 0
    change_english_sentence(french)
    leaflets(french, "i18n", "update", "--locale", "fr")
    translate_changed(french)
    pdf = tmp_path / "packet.pdf"
    assert leaflets(french, "i18n", "review-packet", "--locale", "fr", "--topic", STAGE4,
                    "--out", str(pdf)) == 0
    text = flat(pdf_text(pdf))
    assert "Back translation" in text and "Comments" in text
    first = text.index("1. " + CHANGED)
    assert "CHANGED SINCE REVIEW: the English and the translation changed" in text
    assert first < text.index(f"{STAGE4}/title · reviewed")
    row = text[first:text.index("2. ", first)]
    assert row.count(NEW) == 2 and "FR Stage 4 means" in row     # English and translation


def test_a_damaged_ledger_is_one_clear_error(french, tmp_path, capsys):
    assert approve_all(french, tmp_path) == 0
    path = french / "locales" / "fr" / "review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sha256:", "sha1:", 1),
                    encoding="utf-8")
    capsys.readouterr()
    assert build(french, tmp_path / "out", "--topic", LUNG) == 1
    err = capsys.readouterr().err
    assert "review.yaml" in err and "not a sha256: hash" in err and "Traceback" not in err


def test_a_ledger_record_for_another_translation_does_not_count(french, tmp_path):
    """Editing the catalog to match nothing reviewed, or copying records, cannot help:
    records are bound to the hashes of the exact texts."""
    assert approve_all(french, tmp_path) == 0
    catalog_file = catalog_path(french / "locales", "fr", LUNG)
    catalog = read_fresh(catalog_file)
    for message in catalog:
        if message.id and message.context == f"{LUNG}/title":
            message.string = "FR Un autre titre"
    write_catalog(catalog_file, catalog)
    assert build(french, tmp_path / "out", "--topic", LUNG) == 0
    text = leaflet_text(tmp_path / "out", LUNG)
    assert ENGLISH_BAND in text
    assert "Review: not finished." in text


def test_a_regional_target_language_is_recorded_in_its_shipped_locale(french, tmp_path):
    """A CAT tool that saves the file as fr-FR: the approvals land in locales/fr/review.yaml,
    the way every command resolves a language code, never in a new folder."""
    xlf = approved_export(french, tmp_path)
    text = xlf.read_text(encoding="utf-8")
    assert 'target-language="fr"' in text
    xlf.write_text(text.replace('target-language="fr"', 'target-language="fr-FR"'),
                   encoding="utf-8")
    assert leaflets(french, "i18n", "import-review", str(xlf), "--reviewer", "Dr Ann Lee",
                    "--locale", "fr") == 0
    assert (french / "locales" / "fr" / "review.yaml").is_file()
    assert not (french / "locales" / "fr_FR").exists()


# ------------------------------------------- states worked out once per process, and again on change

def test_review_state_follows_the_ledger_within_one_process(french, tmp_path):
    """A build works the review state out once per topic and locale; an approval written
    meanwhile (the ledger changed) is seen by the same project object."""
    same = Project(french)
    assert topic_review(same, STAGE4, "fr").summary.reviewed == 0
    assert approve_all(french, tmp_path) == 0
    after = topic_review(same, STAGE4, "fr")
    assert after.summary.reviewed == after.summary.total > 0
    assert not after.draft


def test_refusal_follows_the_catalog_within_one_process(french):
    """The refusal of a locale is worked out once per catalog as parsed: a translation
    removed meanwhile refuses the locale for the same project object."""
    same = Project(french)
    strict = BuildSettings(out_dir=french / "out")
    assert locale_refusal(same, STAGE4, "fr", strict, same.translations(STAGE4, "fr")) is None
    set_entry(french, "fr", STAGE4, CHANGED, "")
    refusal = locale_refusal(same, STAGE4, "fr", strict, same.translations(STAGE4, "fr"))
    assert refusal and "1 string(s) of stage4-cancer are not translated in fr" in refusal
