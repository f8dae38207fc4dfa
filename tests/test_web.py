"""The web edition (`leaflets build --format html`), the QR code a clinic's `web_url:` prints
on a leaflet, and the EHR index out/index.fhir.json. The browser test (axe-core in headless
Chromium) is in test_web_browser.py."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT, copy_project, normalize, pdf_text, run_cli
from generator.content.loader import load_leaflet
from generator.errors import LeafletError, LeafletErrors
from generator.localize.localizer import Localizer
from generator.build.project import Project

TOPIC = "metastatic-lung-cancer"
WEB_URL = "https://riverside.example/patient-leaflets"
PDF_LOCALES = ("en", "es", "ar")


def clinic_file(folder: Path, web_url: str | None = WEB_URL) -> Path:
    path = folder / "clinic.yaml"
    text = 'name: "Riverside Cancer Clinic"\nphone: "+1 555 0100"\n'
    if web_url is not None:
        text += f'web_url: "{web_url}"\n'
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """Web editions of every leaflet in every locale, and the PDFs of one topic in three
    locales, built with a clinic file that has web_url:."""
    root = tmp_path_factory.mktemp("web")
    clinic = clinic_file(root)
    out = root / "out"
    run_cli("build", "--format", "html", "--clinic", str(clinic), "--out", str(out),
            check=True)
    run_cli("build", "--topic", TOPIC, "--paper", "a4", *[a for loc in PDF_LOCALES
                                                         for a in ("--locale", loc)],
            "--clinic", str(clinic), "--out", str(out), check=True)
    return out / "riverside-cancer-clinic"     # a branded build's own folder


@pytest.fixture(scope="module")
def published(out) -> Path:
    """The out folder as a clinic publishes it: index.html and index.fhir.json at its top,
    each clinic's files in its folder."""
    return out.parent


class Page(HTMLParser):
    """What a test needs to know about a web page's structure."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.texts: dict[str, list[str]] = {}     # class or tag -> texts
        self.lang_of_text: list[tuple[str, str]] = []   # (nearest lang, text)
        self.feed(text)

    VOID = {"meta", "img", "br", "link", "input", "hr", "circle", "rect"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not data.strip() or not self.stack or self.stack[-1][0] in ("style", "title"):
            return
        for tag, attrs in reversed(self.stack):
            for key in [tag] + attrs.get("class", "").split():
                self.texts.setdefault(key, []).append(data)
        lang = next((a["lang"] for _t, a in reversed(self.stack) if "lang" in a), "")
        self.lang_of_text.append((lang, data))

    def find(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.tags if t == tag]

    def text(self, key: str) -> str:
        return " ".join(" ".join(self.texts.get(key, [])).split())


def read(path: Path) -> tuple[str, Page]:
    text = path.read_text(encoding="utf-8")
    return text, Page(text)


# ------------------------------------------------------------------------ the web page

def test_every_leaflet_and_locale_has_a_semantic_self_contained_page(out):
    project = Project(ROOT)
    pages = sorted(out.glob("*/*.html"))
    assert {(p.parent.name, p.stem) for p in pages} == {
        (loc, topic) for loc in project.locales() + ["en"] for topic in project.topics()}
    for path in pages:
        text, page = read(path)
        where = path.relative_to(out)
        html_attrs = page.find("html")[0]
        rtl = Localizer(project.leaflet(path.stem), path.parent.name).rtl
        assert html_attrs["lang"] == path.parent.name.replace("_", "-"), where
        assert html_attrs["dir"] == ("rtl" if rtl else "ltr"), where
        assert page.headings.count(1) == 1 and page.headings[0] == 1, where
        assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:])), \
            f"{where}: a heading level is skipped: {page.headings}"
        assert len(page.find("table")) == len(page.find("caption")) >= 1, where
        assert all(th.get("scope") in ("col", "row") for th in page.find("th")), where
        assert page.find("svg") and all(
            s.get("role") == "img" and s.get("aria-label") for s in page.find("svg")), where
        assert len(page.find("svg")) == len(page.find("title")) - 1, where
        assert page.find("main") and page.find("footer") and page.find("ul"), where
        # no script, nothing fetched from anywhere: fonts are embedded
        assert "<script" not in text and not re.search(r"\son[a-z]+=", text), where
        assert not re.search(r'(src|href)="(https?:|//|file:)', text), where
        assert "@media print" in text and "format('woff2')" in text, where
        assert "@import" not in text and "url(http" not in text, where


def test_numbers_are_the_pdfs_numbers_in_the_same_cldr_format(out):
    """Every figure the data table and the risk figures show on the page is the data value
    formatted for the locale, and the same text is printed in the PDF."""
    project = Project(ROOT)
    leaflet = project.leaflet(TOPIC)
    for locale in ("en", "es"):
        loc = Localizer(leaflet, locale, project.translations(TOPIC, locale))
        _text, page = read(out / locale / f"{TOPIC}.html")
        cells = page.texts.get("num", [])
        wanted = [loc.value(name) for block in _tables(leaflet)
                  for row in leaflet.datasets[block.dataset].rows for name in row.values]
        assert cells == wanted and cells
        printed = pdf_text(out / locale / f"{TOPIC}-a4.pdf")
        on_page = normalize(page.text("main"))
        for name in leaflet.data:
            value = normalize(loc.value(name))
            if value in on_page:
                assert value in printed, f"{locale}: {value} ({name}) is on the web only"
        figures = normalize(page.text("risk"))
        assert figures and all(v in printed for v in re.findall(r"\d[\d.,]*\s?%", figures))
    # the Spanish page writes a decimal comma where the English one writes a point
    en = read(out / "en" / f"{TOPIC}.html")[1].texts["num"]
    es = read(out / "es" / f"{TOPIC}.html")[1].texts["num"]
    assert any("." in e and "," in s for e, s in zip(en, es))


def _tables(leaflet):
    from generator.content.model import Table

    return [b for s in leaflet.sections for b in s.blocks if isinstance(b, Table)]


def test_other_languages_are_marked_and_the_draft_state_is_shown(out):
    _text, ar = read(out / "ar" / f"{TOPIC}.html")
    band = [a for a in ar.find("div") if a.get("class") == "band"]
    assert band and band[0].get("role") == "note"
    english = "Translation not yet reviewed by a qualified translator."
    assert (("en", english) in ar.lang_of_text), "the English draft line is not lang=en"
    sources = [a for a in ar.find("ul") if a.get("class") == "sources"][0]
    assert sources["lang"] == "en" and sources["dir"] == "ltr"
    version = Project(ROOT).leaflet(TOPIC).content_version
    assert version in ar.text("footer")           # content version, as in the PDF footer
    _text, en = read(out / "en" / f"{TOPIC}.html")
    # the English content is a clinical draft: the page says so, as paper does, and the
    # footer names no review date
    band = [a for a in en.find("div") if a.get("class") == "band"]
    assert band and "Draft: not yet reviewed by a clinician." in en.text("div")
    assert f"Content version {version}, draft" in en.text("footer")
    assert "reviewed" not in en.text("footer")
    assert "Riverside Cancer Clinic" in en.text("clinic")
    assert any(a.get("href") == "tel:+15550100" for a in en.find("a"))


def test_english_fallback_text_carries_lang_en(tmp_path):
    from generator.web.page import render_web

    root = copy_project(tmp_path / "project")
    po = root / "locales" / "es" / "LC_MESSAGES" / f"{TOPIC}.po"
    text = po.read_text(encoding="utf-8")
    text, count = re.subn(r'(msgctxt "metastatic-lung-cancer/subtitle"\nmsgid "[^"]*"\n'
                          r'msgstr )"[^"]*"', r'\1""', text)
    assert count == 1
    po.write_text(text, encoding="utf-8")
    project = Project(root)
    page = render_web(project.leaflet(TOPIC), "es", project.translations(TOPIC, "es"),
                      allow_fallback=True).decode()
    subtitle = re.search(r'<p class="subtitle"([^>]*)>', page).group(1)
    assert 'lang="en"' in subtitle and 'dir="ltr"' in subtitle
    assert re.search(r'<h1>[^<]+</h1>', page), "a translated text must not be marked English"


def test_fonts_are_subset_woff2_covering_every_character(out):
    from fontTools.ttLib import TTFont

    for locale in ("en", "ar", "hi", "zh_Hans"):
        text, page = read(out / locale / f"{TOPIC}.html")
        fonts = [TTFont(io.BytesIO(base64.b64decode(data)))
                 for data in re.findall(r"data:font/woff2;base64,([A-Za-z0-9+/=]+)", text)]
        assert fonts and all(f.flavor == "woff2" for f in fonts), locale
        covered = set().union(*(f.getBestCmap().keys() for f in fonts))
        shown = {ord(c) for _lang, data in page.lang_of_text for c in data
                 if not c.isspace() and c not in "\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069"}
        assert shown - covered == set(), f"{locale}: no glyph for " + \
            "".join(chr(c) for c in sorted(shown - covered))
        # subset: far fewer glyphs than the installed font has
        assert all(len(f.getGlyphOrder()) < 2500 for f in fonts), locale   # of 20,000+


def test_same_input_same_bytes(tmp_path):
    from generator.web.page import render_web

    project = Project(ROOT)
    args = (project.leaflet(TOPIC), "ar", project.translations(TOPIC, "ar"))
    assert render_web(*args) == render_web(*args)


def test_web_edition_is_refused_like_the_pdf(tmp_path):
    result = run_cli("build", "--format", "html", "--topic", TOPIC, "--locale", "es",
                     "--require-reviewed", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "not reviewed" in result.stderr
    assert not (tmp_path / "out" / "es" / f"{TOPIC}.html").exists()


# ------------------------------------------------------------------------ index.html

def test_index_links_each_web_edition_beside_its_pdfs(out, published):
    text = (published / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="pdf" href="([^"]+\.html)" type="text/html">', text)
    assert {unquote(link) for link in links} == {
        p.relative_to(published).as_posix() for p in out.glob("*/*.html")}
    card = re.search(r'<section id="lang-[^"]*es".*?</section>', text, re.S).group(0)
    assert card.index(f"es/{TOPIC}.html") < card.index(f"es/{TOPIC}-a4.pdf")


# ------------------------------------------------------------------------ QR code

def zbarimg() -> str:
    found = shutil.which("zbarimg")
    if not found:
        pytest.fail("zbarimg is not installed: run ./run setup (Debian package zbar-tools)")
    return found


def decode_page(pdf: Path, tmp_path: Path) -> list[str]:
    png = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(png)], check=True)
    result = subprocess.run([zbarimg(), "--quiet", "--raw", f"{png}.png"],
                            capture_output=True, text=True)
    return result.stdout.split()


@pytest.mark.parametrize("locale", PDF_LOCALES)
def test_printed_qr_code_decodes_to_the_web_edition_of_its_locale(out, tmp_path, locale):
    pdf = out / locale / f"{TOPIC}-a4.pdf"
    url = f"{WEB_URL}/{locale}/{TOPIC}.html"
    assert decode_page(pdf, tmp_path) == [url]
    assert (out / locale / f"{TOPIC}.html").is_file(), "the code points at a page we built"
    printed = pdf_text(pdf).replace(" ", "")
    assert url.removeprefix("https://") in printed        # the short address, for typing
    project = Project(ROOT)
    loc = Localizer(project.leaflet(TOPIC), locale, project.translations(TOPIC, locale))
    line = re.sub(r"<[^>]+>", "", loc.ui("qr_line"))
    if locale != "ar":     # Arabic text is read back from the PDF in visual order
        assert line.replace(" ", "") in printed
    if locale != "en":
        assert line != "Scan to read this leaflet on a phone or computer:"


def test_no_web_url_no_qr_code(tmp_path):
    from generator.content.clinic import load_clinic
    from generator.render.leaflet import RenderOptions, render_leaflet

    project = Project(ROOT)
    clinic = load_clinic(clinic_file(tmp_path, web_url=None))
    pdf = tmp_path / "plain.pdf"
    pdf.write_bytes(render_leaflet(project.leaflet(TOPIC), "en", None,
                                   RenderOptions(clinic=clinic)).pdf)
    assert decode_page(pdf, tmp_path) == []
    assert "Scan to read" not in pdf_text(pdf)


@pytest.mark.parametrize("value, problem", [
    ("ftp://riverside.example/x", "must start with https://"),
    ("https://riverside.example/a leaflet/", "no spaces"),
    ("https://riverside.example/?page=1", "no spaces, '?'"),
    ("https://user@riverside.example/", "user name"),
    ("https://" + "x" * 130 + ".example/", "longer than"),
    (42, "must start with https://"),   # a YAML number is read as text, then refused
])
def test_a_bad_web_url_is_refused_with_its_line(tmp_path, value, problem):
    from generator.content.clinic import load_clinic

    path = tmp_path / "clinic.yaml"
    shown = json.dumps(value)
    path.write_text(f'name: "Riverside"\nphone: "+1 555 0100"\nweb_url: {shown}\n',
                    encoding="utf-8")
    with pytest.raises(LeafletError) as error:
        load_clinic(path)
    message = str(error.value)
    assert problem in message and ":3" in message and "web_url" in message


def test_web_url_gets_its_trailing_slash(tmp_path):
    from generator.content.clinic import load_clinic

    assert load_clinic(clinic_file(tmp_path)).web_url == WEB_URL + "/"


# ------------------------------------------------------------------------ topic codes

def test_topic_codes_are_checked(tmp_path):
    root = copy_project(tmp_path / "project")
    path = root / "leaflets" / f"{TOPIC}.yaml"
    text = path.read_text(encoding="utf-8")
    bad = text.replace('"93880001"', '"93880002"').replace('"C34.90"', '"C3490"')
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(LeafletErrors) as errors:
        load_leaflet(path)
    messages = "\n".join(map(str, errors.value.errors))
    assert "'93880002' fails the SNOMED CT check digit" in messages
    assert "'C3490' is not an ICD-10-CM code" in messages
    assert f"{TOPIC}.yaml:5" in messages and f"{TOPIC}.yaml:7" in messages


# ------------------------------------------------------------------------ the EHR index

def test_fhir_index_validates_and_lists_every_output(published):
    out = published
    from fhir.resources.R4B.bundle import Bundle

    raw = (out / "index.fhir.json").read_text(encoding="utf-8")
    bundle = Bundle.model_validate_json(raw)          # the FHIR R4 model says it is valid
    assert bundle.type == "collection"
    docs = [e.resource for e in bundle.entry]
    assert {d.get_resource_type() for d in docs} == {"DocumentReference"}
    files = {p.relative_to(out).as_posix() for p in out.rglob("*")
             if p.suffix in (".pdf", ".html") and p.name != "index.html"}
    by_url = {d.content[0].attachment.url: d for d in docs}
    assert set(by_url) == files and len(docs) == len(files)
    assert len({d.id for d in docs}) == len(docs)
    project = Project(ROOT)
    for url, doc in by_url.items():
        attachment = doc.content[0].attachment
        data = (out / url).read_bytes()
        assert attachment.size == len(data), url
        assert attachment.hash == hashlib.sha1(data).digest(), url   # base64 in the JSON
        assert attachment.contentType == ("application/pdf" if url.endswith(".pdf")
                                          else "text/html"), url
        parts = url.split("/")   # <clinic-slug>/<locale>/... for a branded build
        locale = parts[1] if parts[0] == "riverside-cancer-clinic" else parts[0]
        assert attachment.language == locale.replace("_", "-"), url
        # both leaflets are clinical drafts and no translation is reviewed yet
        assert doc.docStatus == "preliminary", url
        assert doc.status == "current"
        assert doc.type.coding[0].code == "34895-3"
        assert doc.category[0].coding[0].code == "311401005"
        topic = next(t for t in project.topics() if Path(url).stem.startswith(t))
        leaflet = project.leaflet(topic)
        codes = {(c.coding[0].system, c.coding[0].code) for c in doc.context.event}
        assert codes == {(c.system, c.code) for c in leaflet.topic_codes}, url
        extensions = {e.url: e for e in doc.extension}
        assert extensions[
            "http://hl7.org/fhir/5.0/StructureDefinition/extension-DocumentReference.version"
        ].valueString == leaflet.content_version
        # no review date while the content is a clinical draft (nobody reviewed it)
        assert "http://hl7.org/fhir/StructureDefinition/artifact-lastReviewDate" \
            not in extensions
    first = json.loads(raw)["entry"][0]["resource"]
    data = (out / first["content"][0]["attachment"]["url"]).read_bytes()
    assert first["content"][0]["attachment"]["hash"] == \
        base64.b64encode(hashlib.sha1(data).digest()).decode()
    codes = first["context"]["event"]
    assert {c["coding"][0]["system"] for c in codes} == {
        "http://hl7.org/fhir/sid/icd-10-cm", "http://snomed.info/sct"}


def test_fhir_index_says_final_only_for_reviewed_content_and_translation(out, tmp_path):
    from generator.build.fhir_index import bundle
    from test_i18n_support import mark_content_reviewed
    from test_review import approve_all

    root = copy_project(tmp_path / "project")
    for po in (root / "locales" / "fr" / "LC_MESSAGES").glob("*.po"):   # a self-declared
        po.write_text(po.read_text(encoding="utf-8").replace(               # review counts
            "X-Review-Status: draft", "X-Review-Status: reviewed"), encoding="utf-8")  # for nothing

    def states():
        return {e["resource"]["content"][0]["attachment"]["url"].split("/", 1)[1]:
                e["resource"]["docStatus"] for e in bundle(Project(root), out.parent)["entry"]}

    assert states()[f"fr/{TOPIC}.html"] == "preliminary"
    mark_content_reviewed(root, TOPIC)                # clinicians sign the content off
    assert states()[f"en/{TOPIC}.html"] == "final"
    assert states()[f"fr/{TOPIC}.html"] == "preliminary"   # the translation is not reviewed
    assert approve_all(root, tmp_path) == 0           # a reviewer approves every French string
    assert states()[f"fr/{TOPIC}.html"] == "final"
    assert states()[f"ar/{TOPIC}.html"] == "preliminary"


def test_fhir_index_is_deterministic(published, tmp_path):
    from generator.build.fhir_index import write_fhir_index

    before = (published / "index.fhir.json").read_bytes()
    copy = tmp_path / "out"
    shutil.copytree(published, copy)
    assert write_fhir_index(Project(ROOT), copy).read_bytes() == before


def test_the_summary_counts_the_web_pages_it_made(tmp_path):
    """A build of web editions only ends by saying what it made, not "no files"."""
    done = run_cli("build", "--topic", "stage4-cancer", "--locale", "en", "--locale", "fr",
                   "--format", "html", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "(2 web pages)" in done.stderr
