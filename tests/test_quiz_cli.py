"""`leaflets quiz` as a user runs it: files where the docs say, options, and clear errors."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from test_quiz_support import TOPICS, content_copy, leaflets


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = content_copy(tmp_path_factory.mktemp("quiz") / "project")
    out = root.parent / "out"
    status = leaflets("quiz", "--locale", "en", "--paper", "a4", "--versions", "2",
                      "--seed", "5", "--out", str(out), "--root", str(root))
    return status, root, out


def test_quiz_writes_the_documented_layout(made):
    status, _root, out = made
    assert status == 0
    folder = out / "en" / "quiz"
    expected = set()
    for topic in TOPICS:
        for version in "AB":
            expected |= {f"{topic}-quiz-{version}-a4.pdf", f"{topic}-key-{version}-a4.pdf"}
        expected |= {f"{topic}.moodle.xml", f"{topic}.gift.txt", f"{topic}.qti.zip",
                     f"{topic}.json"}
    assert {p.name for p in folder.iterdir()} == expected
    data = json.loads((folder / "stage4-cancer.json").read_text(encoding="utf-8"))
    assert data["seed"] == 5 and [v["version"] for v in data["versions"]] == ["A", "B"]


def test_same_seed_same_files_and_build_makes_version_a(made, tmp_path):
    _status, root, out = made
    again = tmp_path / "again"
    assert leaflets("quiz", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                    "--versions", "2", "--seed", "5", "--format", "pdf", "--out", str(again),
                    "--root", str(root)) == 0
    for name in ("stage4-cancer-quiz-B-a4.pdf", "stage4-cancer-key-B-a4.pdf"):
        assert (again / "en" / "quiz" / name).read_bytes() == \
            (out / "en" / "quiz" / name).read_bytes()
    assert not list((again / "en" / "quiz").glob("*.json"))
    built = tmp_path / "built"
    assert leaflets("build", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                    "--out", str(built), "--root", str(root)) == 0
    quiz_files = sorted(p.name for p in (built / "en" / "quiz").iterdir())
    assert quiz_files == ["stage4-cancer-key-A-a4.pdf", "stage4-cancer-quiz-A-a4.pdf"]
    # `leaflets build` and `leaflets quiz` with the default seed print the same version A.
    default = tmp_path / "default"
    assert leaflets("quiz", "--topic", "stage4-cancer", "--locale", "en", "--paper", "a4",
                    "--format", "pdf", "--out", str(default), "--root", str(root)) == 0
    for name in quiz_files:
        assert (built / "en" / "quiz" / name).read_bytes() == \
            (default / "en" / "quiz" / name).read_bytes()


@pytest.mark.parametrize("args, message", [
    (["--topic", "nope"], "unknown topic 'nope'"),
    (["--versions", "0"], "--versions must be from 1 to 26"),
    (["--versions", "27"], "--versions must be from 1 to 26"),
    (["--locale", "xx"], "unknown locale 'xx'"),
])
def test_user_errors_exit_2_with_a_message(tmp_path, args, message):
    root = content_copy(tmp_path / "project")
    result = run_cli("quiz", *args, "--out", str(tmp_path / "out"), "--root", str(root))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_topic_without_a_quiz_is_named(tmp_path):
    root = content_copy(tmp_path / "project")
    (root / "quizzes" / "stage4-cancer.yaml").unlink()
    result = run_cli("quiz", "--topic", "stage4-cancer", "--out", str(tmp_path / "out"),
                     "--root", str(root))
    assert result.returncode == 2
    assert "topic 'stage4-cancer' has no quiz" in result.stderr
    assert "quizzes/stage4-cancer.yaml" in result.stderr


def test_untranslated_quiz_is_refused_unless_fallback_is_allowed(tmp_path):
    from test_quiz_support import quiz_of, write_catalogs

    root = content_copy(tmp_path / "project")
    _, _, quiz = quiz_of("stage4-cancer", root)
    missing = quiz.items[0].question.context
    write_catalogs(root, "fr", overrides={missing: ""})
    args = ["quiz", "--topic", "stage4-cancer", "--locale", "fr", "--paper", "a4",
            "--format", "gift", "--root", str(root)]
    assert leaflets(*args, "--out", str(tmp_path / "a")) == 1
    assert not (tmp_path / "a" / "fr" / "quiz" / "stage4-cancer.gift.txt").exists()
    assert leaflets(*args, "--allow-fallback", "--out", str(tmp_path / "b")) == 0
    gift = (tmp_path / "b" / "fr" / "quiz" / "stage4-cancer.gift.txt").read_text("utf-8")
    assert "[English]" in gift and "«" in gift
