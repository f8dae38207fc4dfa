"""The clinical review state of the content: drafts say so on every page and in every
language, a review names who, when and exactly what, and it lapses when the content changes."""

from __future__ import annotations

import re

from pypdf import PdfReader

from conftest import normalize, pdf_text, run_cli
from generator.content.loader import load_leaflet
from generator.content.review import content_fingerprint, content_state

TOPIC = "stage4-cancer"


def _set_review(project, block: str, topic: str = TOPIC) -> None:
    path = project / "leaflets" / f"{topic}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"review:\n  status: draft\n  reviewers:\n(    - role: .*\n)+", block, text)
    path.write_text(text, encoding="utf-8")


def _reviewed(project, fingerprint: str) -> str:
    return ("review:\n  status: reviewed\n  reviewers:\n    - role: \"Medical oncologist\"\n"
            "  date_reviewed: 2026-12-01\n"
            f"  fingerprint: \"{fingerprint}\"\n")


def test_both_leaflets_are_clinical_drafts(project):
    for topic in ("stage4-cancer", "metastatic-lung-cancer"):
        state = content_state(load_leaflet(project / "leaflets" / f"{topic}.yaml"))
        assert state.draft


def test_every_page_of_a_draft_says_so_in_english_and_in_the_readers_language(project, tmp_path):
    out = tmp_path / "out"
    run_cli("build", "--root", str(project), "--topic", TOPIC, "--locale", "en",
            "--locale", "es", "--paper", "a4", "--out", str(out), check=True)
    for locale in ("en", "es"):
        reader = PdfReader(str(out / locale / f"{TOPIC}-a4.pdf"))
        for page in reader.pages:
            text = normalize(page.extract_text())
            assert "Draft: not yet reviewed by a clinician." in text
            assert "reviewed November" not in text and "2026" not in text.split("Page")[-1]
    es = pdf_text(out / "es" / f"{TOPIC}-a4.pdf")
    assert "Borrador: aún no revisado por un profesional clínico." in es
    assert "Versión del contenido 1.1.0, borrador" in es


def test_key_messages_come_first_on_page_one(english_pdfs):
    first = normalize(PdfReader(str(english_pdfs / "en" / f"{TOPIC}-a4.pdf"))
                      .pages[0].extract_text())
    assert first.index("Key messages") < first.index("What is stage 4 cancer?")
    assert "Palliative care eases pain, stress and worry." in first


def test_require_reviewed_refuses_draft_english_content(project, tmp_path):
    result = run_cli("build", "--root", str(project), "--topic", TOPIC, "--locale", "en",
                     "--paper", "a4", "--require-reviewed", "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "clinical draft" in result.stdout + result.stderr
    assert not (tmp_path / "o" / "en" / f"{TOPIC}-a4.pdf").exists()


def test_a_signed_review_prints_its_date_and_lapses_when_the_content_changes(project, tmp_path):
    leaflet = load_leaflet(project / "leaflets" / f"{TOPIC}.yaml")
    _set_review(project, _reviewed(project, content_fingerprint(leaflet)))
    reviewed = load_leaflet(project / "leaflets" / f"{TOPIC}.yaml")
    state = content_state(reviewed)
    assert not state.draft
    assert state.review.next_review_due.isoformat() == "2028-12-01"   # two years later
    out = tmp_path / "out"
    run_cli("build", "--root", str(project), "--topic", TOPIC, "--locale", "en", "--paper",
            "a4", "--require-reviewed", "--out", str(out), check=True)
    text = pdf_text(out / "en" / f"{TOPIC}-a4.pdf")
    assert "reviewed December 1, 2026" in text
    assert "not yet reviewed by a clinician" not in text
    # One word of content changes: the review no longer covers it.
    path = project / "leaflets" / f"{TOPIC}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Some people have none.", "Some people have no symptoms."), encoding="utf-8")
    changed = content_state(load_leaflet(path))
    assert changed.draft and "changed since its review" in changed.reason


def test_a_reviewed_status_without_who_and_when_is_an_error(project):
    _set_review(project, "review:\n  status: reviewed\n")
    result = run_cli("check", "--root", str(project), "--topic", TOPIC)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "a reviewed leaflet needs date_reviewed" in out
    assert "stage4-cancer.yaml:" in out and "Traceback" not in out


def test_a_source_that_supports_nothing_is_an_error(project):
    path = project / "leaflets" / f"{TOPIC}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "sources:\n", "sources:\n  - id: unused\n    citation: \"Nobody. Nothing.\"\n", 1),
        encoding="utf-8")
    result = run_cli("check", "--root", str(project), "--topic", TOPIC)
    assert result.returncode == 1
    assert "source 'unused' supports nothing printed" in result.stdout + result.stderr


def test_review_packet_lists_statements_numbers_sources_and_sign_off(project, tmp_path):
    out = tmp_path / "packet.pdf"
    result = run_cli("review-packet", "--root", str(project), "--topic",
                     "metastatic-lung-cancer", "--out", str(out), check=True)
    assert "wrote" in result.stdout
    text = pdf_text(out)
    leaflet = load_leaflet(project / "leaflets" / "metastatic-lung-cancer.yaml")
    assert content_fingerprint(leaflet) in text
    for part in ("Every statement and its sources", "Every number, its data entry and source",
                 "Sources", "Sign-off", "Oncology nurse educator", "Medical oncologist"):
        assert part in text
    # Every data entry appears with its source id; the USPSTF figure carries its date.
    for value in leaflet.data.values():
        assert value.name.replace("_", "") in text.replace("_", "").replace(" ", "")
    assert "uspstf-2021" in text and "2021-03" in text.replace(" ", "")
    # Same input, same bytes.
    again = tmp_path / "again.pdf"
    run_cli("review-packet", "--root", str(project), "--topic", "metastatic-lung-cancer",
            "--out", str(again), check=True)
    assert again.read_bytes() == out.read_bytes()


def test_review_packet_names_an_unknown_topic(project):
    result = run_cli("review-packet", "--root", str(project), "--topic", "no-such-topic")
    assert result.returncode == 2
    assert "no-such-topic" in result.stderr and "Traceback" not in result.stderr
