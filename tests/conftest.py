"""Shared fixtures: a throw-away copy of the project, and PDFs built once per session."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIRS = ("leaflets", "locales", "quizzes")


def copy_project(dest: Path) -> Path:
    """A copy of the content folders that a test may edit freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in CONTENT_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def run_cli(*args: str, cwd: Path | None = None, check: bool = False):
    """Run the real `leaflets` command in a subprocess, as a user would."""
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT,
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"leaflets {' '.join(args)} failed:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def english_pdfs(tmp_path_factory) -> Path:
    """Both English leaflets on both papers, with a clinic file, built once."""
    out = tmp_path_factory.mktemp("english")
    clinic = out / "clinic.yaml"
    clinic.write_text('name: "Riverside Cancer Clinic"\nphone: "+1 555 0100"\n'
                      'address: ["12 River Road", "Springfield"]\n', encoding="utf-8")
    run_cli("build", "--locale", "en", "--clinic", str(clinic), "--out", str(out / "out"),
            check=True)
    return out / "out" / "riverside-cancer-clinic"   # a branded build's own folder


def pdf_text(path: Path) -> str:
    """All text of a PDF with whitespace folded, so wrapped lines still match."""
    reader = PdfReader(str(path))
    return normalize(" ".join(page.extract_text() or "" for page in reader.pages))


def normalize(text: str) -> str:
    """Text as a reader sees it: invisible direction marks and isolates (numbers carry
    isolates in the content; a left-to-right page draws none) and soft hyphens dropped,
    whitespace folded."""
    text = re.sub("[\u200e\u200f\u061c\u2066-\u2069]", "", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "")
    text = re.sub(r"-\s+(?=[a-z])", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Every font used on any page -> whether its program is embedded in the file."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts
