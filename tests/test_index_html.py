"""out/index.html, the catalog page `leaflets build` writes: what it lists, and how a real
browser (headless Chromium, Debian package `chromium`, installed by ./run) shows it."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import ROOT, run_cli
from generator.build.index_page import INDEX_NAME, write_index
from generator.build.project import Project
from test_editions_support import TOPIC, editions_out

PHONE_SIZE = (412, 900)
SCREENSHOT_ENV = "LEAFLETS_INDEX_SCREENSHOT"   # set to a path to keep the screenshot


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """The editions build as a plain out folder (its clinic folder, copied), indexed."""
    branded = editions_out(tmp_path_factory)
    plain = tmp_path_factory.mktemp("plain") / "out"
    shutil.copytree(branded, plain, ignore=shutil.ignore_patterns("clinic.json"))
    write_index(Project(branded.parent.parent / "project"), plain)
    return plain


class Page(HTMLParser):
    """Links, language blocks and head facts of an HTML page."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.sections: list[dict] = []
        self.meta: dict[str, str] = {}
        self.html: dict = {}
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").lower().endswith(".pdf"):
            self.links.append(attrs["href"])
        elif tag == "section":
            self.sections.append(attrs)
        elif tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        elif tag == "html":
            self.html = attrs
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def pdfs_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf")}


def test_build_writes_an_index_of_exactly_the_pdfs(out):
    page = Page((out / INDEX_NAME).read_text(encoding="utf-8"))
    linked = {unquote(link) for link in page.links}
    assert linked == pdfs_in(out)
    assert len(page.links) == len(linked), "a file is listed twice"
    assert f"es/{TOPIC}-bilingual-en-a4.pdf" in linked
    assert f"en/quiz/{TOPIC}-key-A-a4.pdf" in linked
    assert not any(link.startswith(("/", "file:", "http")) for link in page.links)


def test_each_language_has_its_lang_and_dir(out):
    text = (out / INDEX_NAME).read_text(encoding="utf-8")
    page = Page(text)
    by_id = {s["id"]: s for s in page.sections}
    assert by_id["lang-ar"]["lang"] == "ar" and by_id["lang-ar"]["dir"] == "rtl"
    assert by_id["lang-es"]["lang"] == "es" and by_id["lang-es"]["dir"] == "ltr"
    assert by_id["lang-en"]["dir"] == "ltr"
    assert "العربية" in text and "Español" in text             # native names
    assert "draft translation" in text and "original (English)" in text
    assert page.meta["viewport"].startswith("width=device-width")
    assert page.html.get("lang") == "en"


def test_index_lists_only_files_that_exist_and_is_written_atomically(out, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    gone = copy / "es" / f"{TOPIC}-large-print-a4.pdf"
    gone.unlink()
    (copy / "es" / "notes.pdf").write_bytes(b"%PDF-1.4 not ours")     # not a build's name
    path = write_index(Project(ROOT), copy)
    page = Page(path.read_text(encoding="utf-8"))
    linked = {unquote(link) for link in page.links}
    assert f"es/{TOPIC}-large-print-a4.pdf" not in linked
    assert "es/notes.pdf" not in linked
    assert linked == pdfs_in(copy) - {"es/notes.pdf"}
    assert not [p for p in copy.rglob(".tmp-*")], "a temporary file was left behind"


def test_empty_out_folder_still_gets_a_page(tmp_path):
    path = write_index(Project(ROOT), tmp_path)
    assert "No PDF files yet" in path.read_text(encoding="utf-8")


def test_build_of_one_file_lists_what_is_there(tmp_path):
    run_cli("build", "--topic", TOPIC, "--locale", "en", "--paper", "letter",
            "--out", str(tmp_path), check=True)
    page = Page((tmp_path / INDEX_NAME).read_text(encoding="utf-8"))
    assert {unquote(link) for link in page.links} == pdfs_in(tmp_path)


# --------------------------------------------------------------------------- in a browser

def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed, so out/index.html cannot be tested in a real "
                "browser. Install it with `./run setup` (it installs the Debian package "
                "'chromium') or `apt-get install chromium`.")


def run_chromium(index: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={profile}", *extra, index.resolve().as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def test_index_in_headless_chromium(out, tmp_path):
    index = out / INDEX_NAME
    dom = run_chromium(index, tmp_path / "profile", "--dump-dom").stdout
    page = Page(dom)
    assert page.title == "Patient leaflets and quizzes"
    assert len(page.links) == len(pdfs_in(out)) > 10
    for link in page.links:
        url = urlparse(link)
        assert not url.scheme and not url.netloc, link
        target = (index.parent / unquote(url.path)).resolve()
        assert target.is_file() and target.suffix == ".pdf", link
        assert target.read_bytes()[:5] == b"%PDF-", link
    assert any(s.get("dir") == "rtl" for s in page.sections)

    shot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "index.png")
    run_chromium(index, tmp_path / "profile2", f"--screenshot={shot}",
                 f"--window-size={PHONE_SIZE[0]},{PHONE_SIZE[1]}")
    assert shot.is_file(), "Chromium wrote no screenshot"
    assert png_size(shot) == PHONE_SIZE
    assert shot.stat().st_size > 20_000, "the screenshot looks blank"


def test_a_catalog_broken_after_the_build_does_not_stop_the_index(out, tmp_path):
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    (project / "locales" / "es" / "LC_MESSAGES" / f"{TOPIC}.po").write_bytes(b"\x00garbage")
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    path = write_index(Project(project), copy)
    page = Page(path.read_text(encoding="utf-8"))
    assert {unquote(link) for link in page.links} == pdfs_in(copy)
