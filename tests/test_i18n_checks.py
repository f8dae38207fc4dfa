"""Translation checks: each one fires on a crafted bad catalog and stays quiet on a good one."""

from __future__ import annotations

import pytest

from generator.i18n.checks import message_problems
from generator.content.markup import numbers_in
from generator.localize.catalogs import catalog_path
from generator.localize.ui import UI_STRINGS
from test_i18n_support import (fake_fr, leaflets, po, project, set_entry,  # noqa: F401
                               set_plural_forms, translate)

GOOD_FR = {
    "page_of": "Page {page} sur {pages}",
    "version_line": "Version du contenu {version}, revue le {date}",
    "translated_from": "Traduit de la version {version} du contenu",
    "care_team": "Votre équipe soignante",
    "phone": "Téléphone : {phone}",
    "no_clinic": "Demandez à votre équipe soignante comment la joindre à toute heure du "
                 "jour ou de la nuit.",
    "risk_exact": "Chiffre exact : {value}",
    "notes": "Remarques",
    "draft_band": "Traduction pas encore relue par un traducteur qualifié.",
    "content_draft_band": "Brouillon : pas encore relu par un clinicien.",
    "version_line_draft": "Version du contenu {version}, brouillon",
    "fallback_marker": "[anglais]",
    "language_help": "Une aide gratuite dans votre langue est disponible. Appelez le {phone}.",
    "language_help_desk": "Une aide gratuite dans votre langue est disponible. Demandez à "
                          "l’accueil.",
}
GOOD_FR_PLURAL = ("Environ {count} personne sur {total}", "Environ {count} personnes sur {total}")
GOOD_FR_PLURALS = {"risk_about": GOOD_FR_PLURAL,
                   "table_in_100": ("{value} (environ {count} sur {total})",
                                    "{value} (environ {count} sur {total})")}


def good_french(source: str) -> str:
    for key, (english, _note, _limit) in UI_STRINGS.items():
        if english == source:
            return GOOD_FR.get(key, fake_fr(source))
        if isinstance(english, tuple) and source in english:
            return GOOD_FR_PLURALS[key][english.index(source)]
    return fake_fr(source)


@pytest.fixture
def french(project):
    leaflets(project, "i18n", "init", "fr")
    translate(project, "fr", "common", good_french)
    return project


def run_check(root, capsys, *extra):
    capsys.readouterr()
    status = leaflets(root, "i18n", "check", "--locale", "fr", "--topic", "common", *extra)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_good_catalog_is_quiet(french, capsys):
    status, out, err = run_check(french, capsys)
    assert status == 0, out
    assert out == ""
    assert "0 error(s), 0 warning(s)" in err


BAD = [
    ("ui/risk_exact", "Chiffre exact : {values}", "error", "placeholder", "did you mean {value}"),
    ("ui/phone", "Téléphone : {0}", "error", "placeholder", "not a plain name"),
    ("ui/phone", "Téléphone : {phone.number}", "error", "placeholder", "not a plain name"),
    ("ui/phone", "Téléphone : {phone!r}", "error", "placeholder", "conversion"),
    ("ui/phone", "Téléphone", "error", "placeholder", "{phone} is missing"),
    ("ui/care_team", "<u>Votre</u> équipe soignante", "error", "markup", "not allowed"),
    ("ui/care_team", "<b>Votre équipe soignante</b>", "error", "markup", "tags differ"),
    ("ui/care_team", "<b>Votre équipe soignante", "error", "markup", "never closed"),
    ("ui/no_clinic", "Appelez-la 24 heures sur 24.", "error", "digits", "24"),
    ("ui/no_clinic", "اتصل بهم ٢٤ ساعة.", "error", "digits", "24"),
    ("ui/no_clinic", "किसी भी समय २४ घंटे पूछें।", "error", "digits", "24"),
    ("ui/no_clinic", "２４時間いつでも聞いてください。", "error", "digits", "24"),
    ("ui/notes", "", "error", "untranslated", "not translated"),
    ("ui/care_team", "Votre \u202eéquipe soignante", "error", "control-chars", "U+202E"),
    ("ui/care_team", "Votre \u2067équipe\u2069 soignante", "error", "control-chars", "isolate"),
    ("ui/care_team", "Votre\u200b équipe soignante", "error", "control-chars", "zero-width"),
    ("ui/care_team", "Votre \u200féquipe soignante", "error", "control-chars", "direction mark"),
    ("ui/care_team", "Votre\x07 équipe soignante", "error", "control-chars", "U+0007"),
    ("ui/care_team", "Your care team", "warning", "same-as-source", "English text"),
    ("ui/care_team", " Votre équipe soignante", "warning", "whitespace", "spaces"),
    ("ui/draft_band", "Traduction pas encore relue par un traducteur qualifié", "warning",
     "punctuation", "no punctuation"),
    ("ui/translated_from", "Traduit à partir de la version {version} du contenu publiée par "
     "l’équipe soignante", "warning", "length", "times as long"),  # within 1.5 times the limit
    ("ui/notes", "Remarques écrites par vous", "warning", "layout-limit", "allows 20"),
    ("ui/notes", "Remarques écrites par vous, à la main", "error", "layout-limit", "more than 30 is refused"),
]


@pytest.mark.parametrize("context, string, level, code, words", BAD,
                         ids=[f"{b[3]}-{i}" for i, b in enumerate(BAD)])
def test_each_check_fires_with_locale_file_line_context_and_fix(french, capsys, context, string,
                                                                level, code, words):
    line = set_entry(french, "fr", "common", context, string)
    status, out, _err = run_check(french, capsys)
    assert status == (1 if level == "error" else 0), out
    finding = next((block for block in out.split("\n[") if f"[{code}]" in "[" + block), None)
    assert finding is not None, out
    assert f"{level}: locales/fr/LC_MESSAGES/common.po:{line}:" in finding
    assert f'[fr] msgctxt "{context}"' in finding
    assert words in finding
    assert "fix: " in finding


def test_fuzzy_entries_are_warnings_not_printed(french, capsys):
    set_entry(french, "fr", "common", "ui/care_team", "Votre équipe", fuzzy=True)
    status, out, _err = run_check(french, capsys)
    assert status == 0
    assert "[fuzzy] warning:" in out and 'msgctxt "ui/care_team"' in out


def nplurals(root, locale: str) -> int:
    """How many forms the catalog's own Plural-Forms header asks for (set by the locked CLDR)."""
    return po(root, locale, "common").num_plurals


def test_missing_plural_form_is_an_error(french, capsys):
    forms = ["Environ {count} personne sur {total}"] + \
        ["Environ {count} personnes sur {total}"] * (nplurals(french, "fr") - 1)
    forms[-1] = ""
    set_entry(french, "fr", "common", "ui/risk_about", tuple(forms))
    status, out, _err = run_check(french, capsys)
    assert status == 1 and "[plural-forms]" in out and f"msgstr[{len(forms) - 1}] are empty" in out


def _edit_plural_block(path, edit):
    text = path.read_text(encoding="utf-8")
    start = text.index('msgctxt "ui/risk_about"')
    end = text.index("\n\n", start)
    path.write_text(text[:start] + edit(text[start:end]) + text[end:], encoding="utf-8")


def test_missing_plural_form_for_the_catalogs_plural_forms(project, capsys):
    leaflets(project, "i18n", "init", "ru")
    translate(project, "ru", "common", fake_fr)
    path = catalog_path(project / "locales", "ru", "common")
    _edit_plural_block(path, lambda block: "\n".join(
        line for line in block.split("\n") if not line.startswith("msgstr[2]")))
    capsys.readouterr()
    assert leaflets(project, "i18n", "check", "--locale", "ru", "--topic", "common") == 1
    assert "msgstr[2] are empty" in capsys.readouterr().out


def test_too_many_plural_forms_for_the_catalogs_plural_forms(french, capsys):
    path = catalog_path(french / "locales", "fr", "common")
    extra = nplurals(french, "fr")
    _edit_plural_block(path, lambda block: block + f'\nmsgstr[{extra}] "Environ {{count}} sur {{total}}"')
    status, out, _err = run_check(french, capsys)
    assert status == 1
    # Babel refuses to read such a catalog at all; the check says where and why.
    assert "[catalog] error: locales/fr/LC_MESSAGES/common.po:" in out
    assert "more translations than num_plurals" in out
    assert "Plural-Forms header's nplurals" in out
    unit = message_problems(("a {n}", "b {n}"), ("x {n}", "y {n}", "z {n}"), num_plurals=2,
                            locale="fr")
    assert [p.message for p in unit] == ["3 plural form(s), but Plural-Forms says nplurals=2"]


def test_untranslated_is_a_warning_with_allow_incomplete(french, capsys):
    set_entry(french, "fr", "common", "ui/notes", "")
    status, out, _err = run_check(french, capsys, "--allow-incomplete")
    assert status == 0 and "[untranslated] warning:" in out


def test_length_ratio_is_configurable(french, capsys):
    set_entry(french, "fr", "common", "ui/risk_exact",
              "Chiffre exact, tel que l’étude le donne pour tous les patients : {value}")
    _status, out, _err = run_check(french, capsys, "--max-length-ratio", "5")
    assert "[length]" not in out


def test_leaflets_check_runs_the_translation_checks(french, capsys):
    set_entry(french, "fr", "common", "ui/risk_exact", "Chiffre exact : {values}")
    capsys.readouterr()
    status = leaflets(french, "check", "--locale", "fr", "--quiet")
    out = capsys.readouterr().out
    assert status == 1
    assert "[translations] error: locales/fr/LC_MESSAGES/common.po:" in out
    assert 'msgctxt "ui/risk_exact": placeholder {values} is not in the source' in out


# -- the rules themselves -----------------------------------------------------------------

def problems(source, text, locale="fr", **kw):
    return {(p.level, p.code) for p in message_problems(source, text, num_plurals=2,
                                                         locale=locale, **kw)}


@pytest.mark.parametrize("locale, source, text", [
    ("ja", "Ask your care team.", "ケアチームに聞いてください。"),
    ("zh", "What is stage 4 cancer?", "什么是第4期癌症？"),
    ("ar", "What is stage 4 cancer?", "ما هو السرطان في المرحلة 4؟"),
    ("hi", "Ask your care team.", "अपनी देखभाल टीम से पूछें।"),
    ("fa", "Ask your care team.", "از تیم مراقبت خود بپرسید."),
    ("es", "What is it?", "¿Qué es?"),
    ("fr", "Call now!", "Appelez maintenant !"),
    ("th", "Ask your care team.", "ถามทีมดูแลของคุณ"),
])
def test_native_end_punctuation_matches(locale, source, text):
    assert ("warning", "punctuation") not in problems(source, text, locale)


def test_stage_digits_from_the_source_may_stay():
    assert problems("It is also called stage 4 cancer.", "On l’appelle aussi cancer de stade 4.") \
        == set()
    assert problems("It is also called stage 4 cancer.", "Dit heet ook stadium ٤ kanker.") == set()


def test_zero_width_non_joiner_inside_persian_words_is_fine():
    assert problems("I want to ask.", "می\u200cخواهم بپرسم.", "fa") == set()
    assert ("error", "control-chars") in problems("I want to ask.", "I\u200c want to ask!")


def test_numbers_in_counts_digits_of_every_script():
    assert numbers_in("stade ٤ et ۵ et ३ et ３ et {x} <b>7</b> ½") == ["4", "5", "3", "3", "7", "0.5"]


def test_plural_forms_are_checked_against_the_plural_source():
    source = ("About {count} in {total} person", "About {count} in {total} people")
    assert {p.code for p in message_problems(source, ("Environ {count} sur {totl}", "Environ {count} sur {total}"),
                                             num_plurals=2, locale="fr")} == {"placeholder"}
    assert message_problems(source, GOOD_FR_PLURAL, num_plurals=2, locale="fr") == []


def test_a_plural_rule_that_disagrees_with_cldr_is_an_error_with_the_cldr_rule(project, capsys):
    from babel.messages.plurals import get_plural
    leaflets(project, "i18n", "init", "ar")
    translate(project, "ar", "common", fake_fr)
    # the rule the Arabic catalogs once shipped with: 11-99 land in the form for 100
    set_plural_forms(project, "ar", "common",
                     "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
                     "n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);")
    capsys.readouterr()
    assert leaflets(project, "i18n", "check", "--locale", "ar", "--topic", "common") == 1
    out = capsys.readouterr().out
    assert "[header] error: locales/ar/LC_MESSAGES/common.po" in out
    assert "sends n=11 to form 5, CLDR's rule for ar to form 4" in out
    assert f"fix: set the header to: Plural-Forms: {get_plural('ar').plural_forms}" in out
