"""Reading level: English grade per leaflet, and validated formulas for es, it and de."""

from __future__ import annotations

from conftest import run_cli
from generator.checks import CheckOptions
from generator.checks.readability import check_translation_readability
from generator.i18n.pofiles import write_catalog
from generator.localize.catalogs import parse_po
from generator.build.project import Project

HARD = ("La administración concomitante de quimioterapia adyuvante y neoadyuvante, "
        "conjuntamente con inmunoterapia sistémica personalizada, constituye "
        "habitualmente una estrategia terapéutica multidisciplinaria extraordinariamente "
        "individualizada según características histopatológicas, moleculares e inmunológicas.")


def test_english_grade_is_reported_and_within_the_limit():
    result = run_cli("check", "--topic", "stage4-cancer")
    assert "Flesch-Kincaid" in result.stdout and "SMOG" in result.stdout
    assert "reading grade" in result.stdout and "error: leaflets/stage4-cancer.yaml" not in result.stdout


def test_a_stricter_limit_fails_the_check():
    result = run_cli("check", "--topic", "stage4-cancer", "--max-grade", "3")
    assert result.returncode == 1
    assert "use shorter sentences" in result.stdout


def test_spanish_italian_german_scores_and_no_formula_elsewhere(project):
    findings = check_translation_readability(Project(project), CheckOptions(
        topics=["stage4-cancer"], locales=["es", "it", "de", "fr"]))
    text = "\n".join(str(f) for f in findings)
    assert "Fernández-Huerta" in text and "Szigriszt-Pazos" in text
    assert "Gulpease" in text and "Wiener Sachtextformel" in text
    assert "locales/fr: no validated readability formula" in text
    assert all(f.level == "info" for f in findings), text


def test_convoluted_spanish_fails_its_formula(project):
    path = project / "locales" / "es" / "LC_MESSAGES" / "stage4-cancer.po"
    with path.open("rb") as handle:
        catalog = parse_po(handle)
    for message in catalog:
        if message.id and isinstance(message.string, str) and message.string \
                and "{" not in message.id and "<" not in message.id:
            message.string = HARD
    write_catalog(path, catalog)
    findings = check_translation_readability(Project(project), CheckOptions(
        topics=["stage4-cancer"], locales=["es"]))
    errors = [f for f in findings if f.level == "error"]
    assert errors and "Fernández-Huerta" in errors[0].message
