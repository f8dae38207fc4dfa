"""Everyday use without surprises: what a front desk, a translator, an educator and a content
author meet first. One test (or a few) per problem users reported:

- branded (--clinic) leaflets kept apart from plain ones, and index.html grouping them;
- forgiving locale codes (ES, es-MX, zh-Hans, spanish, a typo gets "did you mean");
- a topic that ships only in some languages ("not offered" is not a failure), build
  failures grouped per language and reason, ./run build still writing the exports;
- `leaflets check` summaries, --quiet, no warnings on the shipped tree that are not real,
  no score for a catalog that does not exist;
- index.html lists only what matches the last build and labels fallback and stale files;
- commands that refuse write nothing; `i18n compile` reports what it left out;
- --jobs capped at the usable cores; the build ends with its folder and counts.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, pdf_text
from generator.cli import main
from generator.localize import codes
from generator.localize.codes import resolve_locale

TOPIC = "stage4-cancer"
KNOWN = ["en", "ar", "de", "es", "fa", "fr", "hi", "ht", "it", "ja", "ko", "pl", "pt", "ru",
         "tl", "vi", "zh_Hans", "zh_Hant"]


@pytest.fixture(autouse=True)
def fresh_notes():
    codes._SHOWN.clear()   # notes are printed once per process; each test is a new run
    yield


@pytest.fixture
def root(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def leaflets(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def index_links(out: Path) -> list[str]:
    return re.findall(r'href="([^"#]+\.pdf)"', (out / "index.html").read_text("utf-8"))


# ----------------------------------------------------------------- branded prints apart

def test_a_plain_build_never_replaces_branded_leaflets(root, tmp_path, capsys):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "Riverside Cancer Clinic"\nphone: "+1 555 0100"\n', "utf-8")
    out = tmp_path / "out"
    base = ["build", "--root", str(root), "--out", str(out), "--topic", TOPIC, "--paper",
            "a4", "--locale", "es", "--jobs", "1"]
    assert leaflets(capsys, *base, "--clinic", str(clinic))[0] == 0
    branded = out / "riverside-cancer-clinic" / "es" / f"{TOPIC}-a4.pdf"
    assert "Riverside Cancer Clinic" in pdf_text(branded)
    before = branded.read_bytes()

    assert leaflets(capsys, *base)[0] == 0            # the next plain build
    assert branded.read_bytes() == before, "the branded leaflet was replaced"
    assert "Riverside Cancer Clinic" not in pdf_text(out / "es" / f"{TOPIC}-a4.pdf")

    page = (out / "index.html").read_text("utf-8")
    assert "Without clinic details" in page and "For Riverside Cancer Clinic" in page
    links = index_links(out)
    assert f"es/{TOPIC}-a4.pdf" in links
    assert f"riverside-cancer-clinic/es/{TOPIC}-a4.pdf" in links


def test_another_clinic_with_the_same_folder_is_refused_before_writing(root, tmp_path,
                                                                      capsys):
    out = tmp_path / "out"
    first = tmp_path / "a.yaml"
    first.write_text('name: "Riverside"\nphone: "1 555"\nslug: river\n', "utf-8")
    other = tmp_path / "b.yaml"
    other.write_text('name: "River Valley Hospice"\nphone: "1 777"\nslug: river\n', "utf-8")
    base = ["build", "--root", str(root), "--out", str(out), "--topic", TOPIC, "--paper",
            "a4", "--locale", "en", "--jobs", "1"]
    assert leaflets(capsys, *base, "--clinic", str(first))[0] == 0
    before = snapshot(out)
    code, _out, err = leaflets(capsys, *base, "--clinic", str(other))
    assert code == 2
    assert "holds the leaflets of 'Riverside', not 'River Valley Hospice'" in err
    assert "slug:" in err
    assert snapshot(out) == before


# ----------------------------------------------------------------- forgiving locale codes

@pytest.mark.parametrize("typed, code", [
    ("ES", "es"), ("es", "es"), ("zh-Hans", "zh_Hans"), ("zh_hans", "zh_Hans"),
    ("ZH-HANT", "zh_Hant"), ("en-xa", "en_XA"), ("spanish", "es"), ("Español", "es"),
    ("espanol", "es"), ("german", "de"), ("Tagalog", "tl"),
    ("Chinese (Traditional)", "zh_Hant")])
def test_codes_and_names_resolve_to_the_shipped_locale(typed, code):
    assert resolve_locale(typed, KNOWN).code == code


@pytest.mark.parametrize("typed, code", [
    ("es-MX", "es"), ("es_MX", "es"), ("pt-BR", "pt"), ("zh-TW", "zh_Hant"),
    ("zh-CN", "zh_Hans"), ("fr_CA.UTF-8", "fr"), ("en-US", "en")])
def test_a_more_specific_locale_falls_back_along_cldr_parents_with_a_note(typed, code):
    resolved = resolve_locale(typed, KNOWN)
    assert resolved.code == code
    assert resolved.note == (f"note: {typed} is not shipped; using {code} "
                             f"({codes._name(code)}), its nearest CLDR parent")


def test_traditional_chinese_never_falls_back_to_simplified():
    with pytest.raises(Exception, match="unknown locale"):
        resolve_locale("zh-Hant-HK", ["en", "zh_Hans"])


@pytest.mark.parametrize("typed, hint", [("spansh", "did you mean 'es' (Español)?"),
                                         ("vietnamse", "did you mean 'vi'"),
                                         ("chinese", "zh_Hans (中文 (简体)), zh_Hant")])
def test_near_misses_get_a_suggestion(typed, hint):
    with pytest.raises(Exception) as error:
        resolve_locale(typed, KNOWN)
    assert hint in str(error.value)


def test_every_command_accepts_the_same_codes(root, tmp_path, capsys):
    out = tmp_path / "out"
    code, _o, err = leaflets(capsys, "build", "--root", str(root), "--out", str(out),
                             "--topic", TOPIC, "--paper", "a4", "--locale", "ES-mx",
                             "--edition", "bilingual", "--with", "English", "--jobs", "1")
    assert code == 0, err
    assert "note: ES-mx is not shipped; using es (Español), its nearest CLDR parent" in err
    assert (out / "es" / f"{TOPIC}-bilingual-en-a4.pdf").is_file()
    code, text, err = leaflets(capsys, "i18n", "status", "--root", str(root),
                               "--locale", "spanish")
    assert code == 0 and text.startswith("es (Español)")
    code, _o, err = leaflets(capsys, "check", "--root", str(root), "--locale", "vietnamse")
    assert code == 2 and "did you mean 'vi'" in err


# ----------------------------------------------------------------- per-topic languages

def english_only_topic(root: Path, locales: str = "") -> str:
    """A new topic written in English only (a copy of stage4-cancer under a new id)."""
    text = (root / "leaflets" / f"{TOPIC}.yaml").read_text("utf-8")
    text = text.replace(f"id: {TOPIC}", "id: new-topic", 1) + locales
    (root / "leaflets" / "new-topic.yaml").write_text(text, "utf-8")
    return "new-topic"


def test_a_new_english_only_topic_builds_without_failures(root, tmp_path, capsys):
    topic = english_only_topic(root)
    out = tmp_path / "out"
    code, _o, err = leaflets(capsys, "build", "--root", str(root), "--out", str(out),
                             "--topic", topic, "--paper", "a4", "--jobs", "1")
    assert code == 0, err
    assert "FAILED" not in err
    assert re.search(r"1 written, 0 up to date, 0 failed, 17 not offered", err)
    assert f"not offered: {topic} in ar, de, es" in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == \
        [f"en/{topic}-a4.pdf"]

    code, text, _e = leaflets(capsys, "list", "--root", str(root))
    assert re.search(rf"{topic} .*English only", text)
    assert re.search(rf"{TOPIC} .*18 languages", text)
    code, text, err = leaflets(capsys, "check", "--root", str(root), "--topic", topic)
    assert "error" not in text, text
    assert f"LC_MESSAGES/{topic}.po" not in text, "a score or finding for a missing file"
    code, text, _e = leaflets(capsys, "i18n", "status", "--root", str(root), "--locale", "es")
    assert re.search(rf"{topic}\s+not offered", text)
    # every string counted is translated: the not-offered topic adds no untranslated ones
    assert re.search(r"all\s+(\d+)\s+\1\s+0\s+0\s", text), "a not-offered topic counts as untranslated"

    # a translator's routine update does not start the topic in every language ...
    assert leaflets(capsys, "i18n", "update", "--root", str(root), "--locale", "es")[0] == 0
    assert not (root / "locales" / "es" / "LC_MESSAGES" / f"{topic}.po").exists()
    # ... asking for it by name does, and from then on it is offered (and untranslated)
    assert leaflets(capsys, "i18n", "update", "--root", str(root), "--locale", "es",
                    "--topic", topic)[0] == 0
    assert (root / "locales" / "es" / "LC_MESSAGES" / f"{topic}.po").is_file()
    code, _o, err = leaflets(capsys, "build", "--root", str(root), "--out", str(out),
                             "--topic", topic, "--paper", "a4", "--locale", "es", "--jobs", "1")
    assert code == 1 and f"string(s) of {topic} are not translated in es" in err


def test_a_declared_language_without_its_catalog_fails_grouped(root, tmp_path, capsys):
    topic = english_only_topic(root, "locales: [ES, vi]\n")
    out = tmp_path / "out"
    code, _o, err = leaflets(capsys, "build", "--root", str(root), "--out", str(out),
                             "--topic", topic, "--paper", "a4", "--locale", "es",
                             "--locale", "vi", "--locale", "de", "--jobs", "1")
    assert code == 1
    # one group per language and reason, with a count, not one line per output
    assert re.search(r"FAILED es: 1 output\(s\): \d+ string\(s\) of new-topic are not "
                     r"translated in es", err)
    assert re.search(r"FAILED vi: 1 output\(s\)", err)
    assert "not offered: new-topic in de" in err
    assert err.count("FAILED es") == 1


def test_run_build_writes_the_exports_even_when_a_leaflet_failed(tmp_path):
    """./run build goes on to the quiz exports after a build that failed in part, and
    exits with the worst status (the real script, with a stand-in `leaflets`)."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "run", work / "run")
    for name in ("pyproject.toml", "requirements.lock", "requirements-bootstrap.lock"):
        shutil.copy(ROOT / name, work / name)
    venv = work / ".venv" / "bin"
    venv.mkdir(parents=True)
    # setup finds everything installed: the stamps ./run keeps (hashes of the lock files)
    (work / ".venv" / ".installed").write_text(hashlib.sha256(
        (ROOT / "requirements.lock").read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()[:16] + "\n")
    bootstrap = work / ".venv" / ".bootstrap"
    (bootstrap / "bin").mkdir(parents=True)
    (bootstrap / "bin" / "uv").write_text("#!/bin/sh\nexit 0\n")
    (bootstrap / "bin" / "uv").chmod(0o755)
    (bootstrap / ".installed").write_text(hashlib.sha256(
        (ROOT / "requirements-bootstrap.lock").read_bytes()).hexdigest()[:16] + "\n")
    (venv / "python").symlink_to(shutil.which("python3"))
    log = tmp_path / "calls"
    (venv / "leaflets").write_text(f'#!/bin/sh\necho "$1" >> {log}\n'
                                   '[ "$1" = build ] && exit 1\nexit 0\n')
    (venv / "leaflets").chmod(0o755)
    result = subprocess.run(["bash", "run", "build"], cwd=work, capture_output=True,
                            text=True, timeout=120)
    assert log.read_text().split() == ["build", "quiz"], result.stderr
    assert result.returncode == 1


# ----------------------------------------------------------------- leaflets check

def test_check_on_the_shipped_tree_has_no_habitual_warnings(capsys):
    code, text, err = leaflets(capsys, "check", "--root", str(ROOT))
    assert code == 0
    for line in text.splitlines():   # no warning a maintainer would ignore by habit
        assert "] warning: " not in line, line
    assert "summary by check:" in err and "summary by language:" in err
    for name in ("content", "readability", "translations", "quizzes"):
        assert re.search(rf"^  {name}\s+(ok|\d+ error)", err, re.M), name
    for locale in KNOWN:
        assert re.search(rf"^  {locale}\s+(ok|\d+ error)", err, re.M), locale


def test_check_quiet_prints_only_errors(root, capsys):
    catalog = root / "locales" / "es" / "LC_MESSAGES" / f"{TOPIC}.po"
    text = catalog.read_text("utf-8")
    catalog.write_text(text.replace('msgstr "Para personas', 'msgstr "Para {nadie} personas',
                                    1), "utf-8")
    code, text, err = leaflets(capsys, "check", "--root", str(root), "--quiet")
    assert code == 1
    assert text.strip() and all(" error: " in line or line.startswith("  ")
                                for line in text.splitlines()), text
    assert "placeholder {nadie}" in text
    assert "summary by" not in err and re.search(r"^1 error\(s\)", err, re.M)


def test_an_unfinished_language_is_summarized_not_listed_string_by_string(root, capsys):
    assert leaflets(capsys, "i18n", "init", "--root", str(root), "nl")[0] == 0
    code, text, err = leaflets(capsys, "check", "--root", str(root), "--locale", "nl")
    assert code == 1
    assert len(text.splitlines()) < 40, text
    assert re.search(r"\.\.\. and \d+ more errors of this kind \(untranslated\) in "
                     r"locales/nl/LC_MESSAGES/stage4-cancer.po", text)
    assert re.search(r"^  nl\s+\d+ error\(s\)", err, re.M)
    assert "Fernández" not in text and ": 0.0" not in text


# ----------------------------------------------------------------- index.html

def test_index_labels_a_failed_output_and_fallback_and_stale_files(root, tmp_path,
                                                                        capsys):
    out = tmp_path / "out"
    base = ["build", "--root", str(root), "--out", str(out), "--topic", TOPIC, "--paper",
            "a4", "--locale", "es", "--locale", "vi", "--jobs", "1"]
    assert leaflets(capsys, *base)[0] == 0
    assert f"es/{TOPIC}-a4.pdf" in index_links(out)

    es = root / "locales" / "es" / "LC_MESSAGES" / f"{TOPIC}.po"
    es.write_text(es.read_text("utf-8").replace('msgstr "Para personas',
                                                'msgstr "Para {nadie} personas', 1), "utf-8")
    assert leaflets(capsys, *base)[0] == 1
    assert (out / "es" / f"{TOPIC}-a4.pdf").is_file(), "the old file stays on disk"
    page = (out / "index.html").read_text("utf-8").split("<footer>")[0]
    assert re.search(rf'href="es/{TOPIC}-a4.pdf"[^<]*</a><span class="stale">out of date',
                     page), "a failed output is listed as if it were current"
    assert f"vi/{TOPIC}-a4.pdf" in index_links(out)

    vi = root / "locales" / "vi" / "LC_MESSAGES" / f"{TOPIC}.po"
    vi.write_text(vi.read_text("utf-8").replace('msgstr "HIPEC"', 'msgstr ""', 1), "utf-8")
    page = (out / "index.html").read_text("utf-8").split("<footer>")[0]
    assert not re.search(rf'href="vi/{TOPIC}-a4.pdf"[^<]*</a><span class="stale">', page)
    leaflets(capsys, "build", "--root", str(root), "--out", str(out), "--topic", TOPIC,
             "--paper", "letter", "--locale", "en", "--jobs", "1")
    page = (out / "index.html").read_text("utf-8").split("<footer>")[0]
    assert re.search(rf'href="vi/{TOPIC}-a4.pdf"[^<]*</a><span class="stale">out of date',
                     page), "a file made from a catalog that changed since is not marked"

    assert leaflets(capsys, "build", "--root", str(root), "--out", str(out), "--topic", TOPIC,
                    "--paper", "a4", "--locale", "vi", "--allow-fallback", "--jobs", "1")[0] == 0
    page = (out / "index.html").read_text("utf-8").split("<footer>")[0]
    assert "some text in English: not yet translated" in page
    assert not re.search(rf'href="vi/{TOPIC}-a4.pdf"[^<]*</a><span class="stale">', page)


# ----------------------------------------------------------------- refusals write nothing

def test_mark_reviewed_refuses_without_rewriting_any_catalog(root, capsys):
    de = root / "locales" / "de" / "LC_MESSAGES" / f"{TOPIC}.po"
    de.write_text(de.read_text("utf-8").replace('msgstr "HIPEC"', 'msgstr ""', 1), "utf-8")
    before = snapshot(root / "locales")
    code, _o, err = leaflets(capsys, "i18n", "update", "--root", str(root), "--locale", "es",
                             "--locale", "de", "--mark-reviewed", "Dr Ann Lee")
    assert code == 2
    # a catalog header cannot make a translation reviewed (the review ledger does): the
    # option is refused before the update writes anything
    assert "--mark-reviewed is gone" in err
    assert snapshot(root / "locales") == before


def test_compile_reports_untranslated_and_fuzzy_strings_it_leaves_out(root, capsys):
    de = root / "locales" / "de" / "LC_MESSAGES" / "common.po"
    text = de.read_text("utf-8")
    text = re.sub(r'(msgctxt "ui/notes"\nmsgid "Notes"\nmsgstr )"[^"]*"', r'\1""', text)
    text = text.replace('msgctxt "ui/care_team"', '#, fuzzy\nmsgctxt "ui/care_team"', 1)
    de.write_text(text, "utf-8")
    code, out, err = leaflets(capsys, "i18n", "compile", "--root", str(root), "--locale", "de",
                              "--topic", "common")
    assert code == 1
    assert re.search(r"wrote locales/de/LC_MESSAGES/common.mo \(\d+ strings, 2 left out\)", out)
    assert 'msgctxt "ui/notes": not translated (left out of the .mo)' in out
    assert 'msgctxt "ui/care_team": fuzzy (left out of the .mo)' in out
    assert "2 string(s) left out" in err
    assert leaflets(capsys, "i18n", "compile", "--root", str(root), "--locale", "es",
                    "--topic", "common")[0] == 0


# ----------------------------------------------------------------- jobs and the last line

def test_jobs_is_capped_at_the_usable_cores_and_the_build_says_where_it_wrote(root, tmp_path,
                                                                             capsys):
    usable = len(os.sched_getaffinity(0))
    out = tmp_path / "handouts"
    code, _o, err = leaflets(capsys, "build", "--root", str(root), "--out", str(out),
                             "--topic", TOPIC, "--paper", "a4", "--locale", "en",
                             "--jobs", "100000")
    assert code == 0
    assert f"note: --jobs 100000 is more than the {usable} usable core" in err
    assert f"using {usable}" in err
    last = err.strip().splitlines()[-1]
    assert last == f"output: {out.resolve()} (1 leaflet, 1 quiz, 1 answer key)"
    from generator.commands.build import _workers
    assert _workers(100000) == usable and _workers(1) == 1


def test_a_terminal_shows_the_first_few_failures_of_a_language_not_every_one():
    import io

    from generator.build.progress import BuildProgress

    class Job:
        def __init__(self, label):
            self.label = label

    terminal = io.StringIO()
    progress = BuildProgress(terminal, tty=True)
    labels = [f"es/topic-{n}-a4" for n in range(40)] + ["vi/topic-0-a4"]
    for index, label in enumerate(labels, 1):
        progress(index, len(labels), Job(label), "FAILED")
    progress.close()
    text = terminal.getvalue()
    assert text.count("FAILED es/") == BuildProgress.FAILURES_SHOWN
    assert "more failures in this language: see the summary" in text
    assert "FAILED vi/topic-0-a4\n" in text
