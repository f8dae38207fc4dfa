"""Terminology stays consistent: the glossary check catches a translation that drifts."""

from __future__ import annotations

from babel.messages.pofile import read_po

from conftest import run_cli
from generator.i18n.glossary import Term, missing_terms, required_terms
from generator.i18n.pofiles import write_catalog
from generator.localize.catalogs import parse_po


def terms(*pairs):
    return sorted((Term(en, tuple(acc), 1) for en, acc in pairs), key=lambda t: -len(t.en))


def test_the_longer_term_wins_over_one_inside_it():
    glossary = terms(("small cell lung cancer", ["microcítico"]),
                     ("non-small cell lung cancer", ["no microcítico"]))
    found = required_terms("Most people have non-small cell lung cancer.", glossary)
    assert [t.en for t in found] == ["non-small cell lung cancer"]


def test_inflected_forms_are_accepted_and_others_are_not():
    glossary = terms(("lymph node", ["węzeł chłonny", "węzłów chłonnych"]))
    source = "It may reach a lymph node."
    assert not missing_terms(source, "Może dotrzeć do węzłów chłonnych.", glossary)
    assert missing_terms(source, "Może dotrzeć do gruczołu.", glossary)


def test_the_check_names_the_string_that_drifted(project):
    path = project / "locales" / "es" / "LC_MESSAGES" / "stage4-cancer.po"
    with path.open("rb") as handle:
        catalog = parse_po(handle)
    target = next(m for m in catalog if m.id and "biopsia" in str(m.string).lower()
                  and "biopsy" in m.id.lower())
    target.string = target.string.replace("biopsia", "muestra").replace("Biopsia", "Muestra")
    write_catalog(path, catalog)
    result = run_cli("i18n", "check", "--locale", "es", "--root", str(project))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "glossary" in output and target.context in output and "'biopsia'" in output
