"""Writing-system layer: fonts per script, coverage, RTL order, CJK line starts.

These tests build real PDFs in tmp_path and read them back with poppler (pdffonts,
pdftotext -bbox, pdftoppm) and pypdf, so they check what a reader sees: every font
embedded, no Helvetica, no .notdef boxes, Arabic words right-to-left with '5.8' and
'PD-L1' intact, no CJK line starting with closing punctuation.  The fonts come from the
Debian packages the setup script installs (docs/fonts.md); nothing is skipped.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from generator.errors import LeafletError
from generator.scripts import fonts as fontmod
from generator.scripts import lines, merge
from generator.scripts.cjk import CANNOT_START, CJKParagraph
from generator.scripts.registry import ScriptFonts
from generator.scripts.fonts import fonts_for_locale, missing_glyphs
from generator.scripts.inline import plain_text
from generator.scripts.rtl import RTLParagraph, draw_line, make_paragraph, script_style

SAMPLES = {
    "ar": "يعاني <b>5.8%</b> من المرضى من تعبير PD-L1 المرتفع، ويستخدم الأطباء نظام TNM "
          "لتحديد المرحلة (انظر SEER). قد يساعد العلاج المناعي في 3 من كل 10 حالات.",
    "fa": "بیماران مبتلا به سرطان ریه با بیان بالای PD-L1 ممکن است از ایمونوتراپی سود ببرند؛ "
          "مرحله‌بندی با سیستم TNM انجام می‌شود و ۵٫۸٪ بیماران.",
    "zh": "肺癌是最常见的癌症之一。医生会根据TNM分期系统（包括肿瘤大小、淋巴结和转移情况）"
          "来决定治疗方案，PD-L1表达水平为5.8%。请在治疗前与医生讨论「副作用」。",
    "zh_TW": "肺癌是最常見的癌症之一。醫生會根據TNM分期系統來決定治療方案，請與醫生討論「副作用」。",
    "ko": "폐암은 가장 흔한 암 중 하나입니다. 의사는 <b>TNM</b> 병기 체계를 사용합니다. "
          "PD-L1 발현율은 5.8%입니다.",
    "ja": "肺がんは最も多いがんの一つです。医師はTNM分類（腫瘍の大きさ、リンパ節、転移）に基づいて"
          "治療方針を決めます。治療の前に「副作用」について話し合ってください。",
    "hi": "फेफड़े का कैंसर सबसे आम कैंसरों में से एक है। डॉक्टर <b>TNM</b> प्रणाली से चरण तय करते "
          "हैं और PD-L1 परीक्षण करते हैं; 5.8% रोगियों में क्षमता, स्वास्थ्य, प्रक्रिया।",
    "ru": "Рак лёгкого — одно из самых распространённых заболеваний. <b>PD-L1</b> и стадия по TNM.",
    "vi": "Ung thư phổi là một trong những bệnh ung thư phổ biến nhất. Người bệnh, ữ ẫ ẵ ặ Ở ợ.",
    "he": "סרטן ריאה הוא אחד הסרטנים הנפוצים. הרופא משתמש בשיטת TNM ובודק PD-L1 אצל 5.8% מהחולים.",
    "en": "Lung cancer is common. Your doctor uses the <b>TNM</b> system and tests for <i>PD-L1</i>.",
}
EXPECTED_SCRIPT = {"en": "Latn", "ar": "Arab", "fa": "Arab", "zh": "Hans", "zh_TW": "Hant",
                   "zh-Hant": "Hant", "zh_HK": "Hant", "zh_CN": "Hans", "ko": "Hang",
                   "ja": "Jpan", "hi": "Deva", "he": "Hebr", "ur": "Arab", "bn": "Beng", "ru": "Cyrl", "uk": "Cyrl",
                   "el": "Grek", "vi": "Latn", "pt-BR": "Latn", "sr_Latn": "Latn"}
CLOSING = set("、。，．）」』】》〉〕］｝！？：；”’")
BODY = ParagraphStyle("body", fontSize=11, leading=16, spaceAfter=4)


# ------------------------------------------------------------------ helpers

def build(path: Path, flowables, fonts: ScriptFonts, furniture=None, pagesize=(150 * mm, 200 * mm)):
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=15 * mm,
                            rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
                            initialFontName=fonts.regular)
    kw = {"onFirstPage": furniture, "onLaterPages": furniture} if furniture else {}
    doc.build(list(flowables), **kw)
    return path


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def pdffonts(path: Path) -> list[dict]:
    rows = run("pdffonts", str(path)).splitlines()[2:]
    out = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni objnum gen
        out.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": parts[-5]})
    return out


def words_bbox(path: Path, page: int = 1) -> list[dict]:
    """pdftotext -bbox words: text, xMin, xMax, yMin (top-down)."""
    xml = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    pat = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                     r"(.*?)</word>")
    # direction marks are invisible: the text layer may carry them around punctuation,
    # numbers and Latin words in right-to-left lines (docs/fonts.md, "Text layer")
    return [{"x0": float(a), "y0": float(b), "x1": float(c),
             "text": re.sub("[\u200e\u200f]", "", html.unescape(t))}
            for a, b, c, _d, t in pat.findall(xml)]


def text_lines(path: Path) -> list[str]:
    return [ln for ln in run("pdftotext", "-layout", str(path), "-").splitlines() if ln.strip()]


def find_word(words, word):
    """Words whose text is ``word`` in logical or visual (reversed) order."""
    return [w for w in words if w["text"].strip(".,،؛()") in (word, word[::-1])]


def same_line(a, b) -> bool:
    return abs(a["y0"] - b["y0"]) < 3


# ------------------------------------------------------------------ fonts & locales

@pytest.mark.parametrize("locale,script", sorted(EXPECTED_SCRIPT.items()))
def test_locale_maps_to_script(locale, script):
    assert fontmod.script_for_locale(locale) == script


@pytest.mark.parametrize("locale", sorted(SAMPLES))
def test_fonts_registered_truetype_with_family(locale):
    from reportlab.lib.fonts import tt2ps
    from reportlab.pdfbase.ttfonts import TTFont

    f = fonts_for_locale(locale)
    for name in (f.regular, f.bold, f.italic, f.bold_italic):
        assert isinstance(pdfmetrics.getFont(name), TTFont), name
    assert tt2ps(f.family, 0, 0) == f.regular
    assert tt2ps(f.family, 1, 0) == f.bold
    assert tt2ps(f.family, 0, 1) == f.italic
    assert tt2ps(f.family, 1, 1) == f.bold_italic
    assert fonts_for_locale(locale) is f          # cached: registered once


def test_script_properties():
    ar, hi, zh, ja, ko, en = (fonts_for_locale(x) for x in ("ar", "hi", "zh", "ja", "ko", "en"))
    assert (ar.rtl, ar.shaping, ar.cjk_wrap) == (True, True, False)
    assert (hi.rtl, hi.shaping) == (False, True)
    assert zh.cjk_wrap and ja.cjk_wrap and not ko.cjk_wrap
    assert not (en.shaping or en.rtl or en.cjk_wrap)
    assert en.regular == "NotoSans-Regular" and en.italic == "NotoSans-Italic"
    assert ko.bold != ko.regular and ar.bold != ar.regular and hi.bold != hi.regular


def test_every_script_face_is_bold_or_documented_fallback():
    """Bold files exist for every script except WenQuanYi and IPAexGothic (docs/fonts.md)."""
    for loc in SAMPLES:
        f = fonts_for_locale(loc)
        if f.script in ("Hans", "Hant", "Jpan"):
            assert f.bold == f.regular
        else:
            assert f.bold != f.regular, loc


def test_missing_font_names_file_and_package(tmp_path):
    with pytest.raises(LeafletError) as exc:
        fonts_for_locale("ko", font_dirs=[tmp_path])
    msg = str(exc.value)
    assert "NanumGothic.ttf" in msg and "apt-get install fonts-nanum" in msg


def test_corrupt_font_is_a_leaflet_error(tmp_path):
    bad = tmp_path / "NotoSans-Regular.ttf"
    bad.write_bytes(b"not a font at all" * 10)
    with pytest.raises(LeafletError) as exc:
        fonts_for_locale("en", font_dirs=[tmp_path, Path("/usr/share/fonts")])
    assert exc.value.path == str(bad)
    assert "fonts-noto-core" in exc.value.hint


def test_font_path_env_comes_first(monkeypatch, tmp_path):
    monkeypatch.setenv("LEAFLETS_FONT_PATH", os.pathsep.join([str(tmp_path), "/opt/x"]))
    assert fontmod.font_dirs_default() == [tmp_path, Path("/opt/x"), Path("/usr/share/fonts")]


def test_unknown_locale_and_script():
    with pytest.raises(LeafletError, match="cannot tell its script"):
        fonts_for_locale("xx")
    with pytest.raises(LeafletError, match="no fonts configured for script Ethi"):
        fonts_for_locale("am")


def test_import_is_cheap():
    code = ("import sys, generator.scripts.registry, generator.scripts.inline; "
            "print(any(m.startswith(('reportlab', 'fontTools', 'uharfbuzz')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).parents[1], check=True).stdout
    assert out.strip() == "False"


# ------------------------------------------------------------------ coverage

def test_missing_glyphs_reports_other_scripts():
    en = fonts_for_locale("en")
    assert missing_glyphs("Hello नमस्ते world", en) == ["न", "म", "स", "्", "त", "े"]
    assert missing_glyphs("tab\there\u200dnbsp\xa0end\n", en) == []
    assert missing_glyphs("肺癌", fonts_for_locale("ko")) == []       # Nanum has Hanja
    assert missing_glyphs("ক", fonts_for_locale("hi")) == ["ক"]      # Bengali ≠ Devanagari


@pytest.mark.parametrize("locale", sorted(SAMPLES))
def test_samples_fully_covered_by_cmap(locale):
    """Merged fonts give Arabic/Devanagari Latin letters and digits; CJK fonts have Latin."""
    assert missing_glyphs(plain_text(SAMPLES[locale]), fonts_for_locale(locale)) == []


@pytest.mark.parametrize("locale", sorted(SAMPLES))
def test_shaping_never_produces_notdef(locale):
    """HarfBuzz on the actual font files: glyph id 0 (.notdef) would be a tofu box."""
    import uharfbuzz

    f = fonts_for_locale(locale)
    for name in {f.regular, f.bold}:
        font = pdfmetrics.getFont(name)
        hb = uharfbuzz.Font(font.hbFace)
        buf = uharfbuzz.Buffer()
        buf.add_str(plain_text(SAMPLES[locale]))
        buf.guess_segment_properties()
        uharfbuzz.shape(hb, buf, {})
        assert 0 not in [g.codepoint for g in buf.glyph_infos], (locale, name)


def test_merged_font_built_once_atomically(monkeypatch, tmp_path):
    monkeypatch.setenv("LEAFLETS_FONT_CACHE", str(tmp_path))
    noto = Path("/usr/share/fonts/truetype/noto")
    src, latin = noto / "NotoNaskhArabic-Regular.ttf", noto / "NotoSans-Regular.ttf"
    first = merge.merged_font(src, latin)
    mtime = first.stat().st_mtime_ns
    again = merge.merged_font(src, latin)
    assert again == first and again.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir()] == [first.name]      # no temp files left
    from fontTools.ttLib import TTFont

    merged = TTFont(str(first))
    cmap = merged.getBestCmap()
    assert all(ord(c) in cmap for c in "PD-L1 TNM SEER abcxyz ÀÉü")
    assert ord("ي") in cmap and "GSUB" in merged
    assert merged["name"].getDebugName(6) == "NotoNaskhArabicLatn-Regular"


def test_a_merged_font_has_the_same_bytes_whenever_and_wherever_it_is_made(monkeypatch,
                                                                           tmp_path):
    """The merged font is made on each machine (its cache): when it is made must not show
    in its bytes, or in the PDFs that embed it."""
    import time

    noto = Path("/usr/share/fonts/truetype/noto")
    src, latin = noto / "NotoNaskhArabic-Regular.ttf", noto / "NotoSans-Regular.ttf"
    made = []
    for n, now in enumerate((1_700_000_000.0, 1_800_000_000.0)):
        monkeypatch.setenv("LEAFLETS_FONT_CACHE", str(tmp_path / str(n)))
        monkeypatch.setattr(time, "time", lambda now=now: now)
        made.append(merge.merged_font(src, latin).read_bytes())
    assert made[0] == made[1]


# ------------------------------------------------------------------ whole PDFs

@pytest.fixture(scope="module")
def all_scripts_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "all.pdf"
    story = []
    for loc, text in SAMPLES.items():
        f = fonts_for_locale(loc)
        story.append(make_paragraph(text, BODY, f))
        story.append(make_paragraph(text, BODY, f, bulletText="•"))

    def furniture(canv, doc):
        for i, loc in enumerate(("ar", "zh", "hi", "en")):
            draw_line(canv, 140 * mm, 5 * mm + i * 3 * mm, plain_text(SAMPLES[loc])[:20],
                      fonts_for_locale(loc), 7, align="right", bold=(i % 2 == 1))

    return build(path, story, fonts_for_locale("en"), furniture)


def test_every_font_embedded_and_no_helvetica(all_scripts_pdf):
    rows = pdffonts(all_scripts_pdf)
    names = {r["name"].split("+", 1)[-1] for r in rows}
    assert all(r["emb"] == "yes" for r in rows), rows
    assert all("TrueType" in r["type"] for r in rows), rows
    assert not any("Helvetica" in n or "Times" in n or "Courier" in n for n in names)
    expected = {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic",
                "NotoNaskhArabicLatn-Regular", "NotoNaskhArabicLatn-Bold",
                "NotoSansDevanagariLatn-Regular", "NotoSansDevanagariLatn-Bold",
                "NotoSansHebrewLatn-Regular", "NanumGothic", "NanumGothicBold", "IPAexGothic", "WenQuanYiMicroHei-0"}
    assert expected <= names, names


def test_no_standard_font_in_pdf_objects(all_scripts_pdf):
    from pypdf import PdfReader

    for page in PdfReader(str(all_scripts_pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Subtype"] == "/TrueType"
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


@pytest.mark.parametrize("locale", ["ar", "fa", "he", "zh", "zh_TW", "ko", "ja", "ru", "vi", "en"])
def test_text_round_trip(all_scripts_pdf, locale):
    """pdftotext gives back the words: every glyph drawn maps to the right character.

    (Devanagari is checked by test_shaping_never_produces_notdef instead: ReportLab's
    Paragraph shaping writes conjunct glyphs with private-use codes.)
    """
    got = re.sub(r"\s+", "", run("pdftotext", str(all_scripts_pdf), "-"))
    got = re.sub("[\u202a-\u202e\u200c\u200d]", "", got)
    for word in re.findall(r"\w+(?:[.-]\w+)*%?", plain_text(SAMPLES[locale])):
        word = word.replace("\u200c", "")
        if locale in ("ar", "fa") and re.search(r"[\u064b-\u065f]", word):
            continue        # harakat are extracted as separate words by poppler
        if locale in ("ar", "fa", "he") and re.fullmatch(r"[\d.%٫٪۰-۹]+", word):
            assert word in got or word[::-1] in got
            continue
        assert word in got, (locale, word)


def test_vietnamese_stacked_diacritics_nfd_input(tmp_path):
    import unicodedata

    vi = fonts_for_locale("vi")
    nfd = unicodedata.normalize("NFD", "Người bệnh ữ ẫ ẵ ặ Ở ợ")
    pdf = build(tmp_path / "vi.pdf", [make_paragraph(nfd, BODY, vi)], vi)
    got = run("pdftotext", str(pdf), "-").strip()
    assert got == unicodedata.normalize("NFC", nfd)


# ------------------------------------------------------------------ right-to-left

AR_ORDER = "قال الطبيب إن اختبار PD-L1 TNM مهم وإن النسبة 5.8% فقط في 2024 عند المرضى"


def test_rtl_words_right_to_left_and_numbers_in_order(tmp_path):
    ar = fonts_for_locale("ar")
    pdf = build(tmp_path / "ar.pdf", [make_paragraph(AR_ORDER, BODY, ar)], ar,
                pagesize=(300 * mm, 100 * mm))
    words = words_bbox(pdf)
    seq = [find_word(words, w)[0] for w in ("قال", "الطبيب", "اختبار", "مهم", "النسبة", "فقط")]
    assert all(same_line(seq[0], w) for w in seq), "sample must fit on one line"
    xs = [w["x0"] for w in seq]
    assert xs == sorted(xs, reverse=True), f"Arabic words not right-to-left: {xs}"
    texts = [w["text"] for w in words]
    assert "PD-L1" in texts and "TNM" in texts and "2024" in texts
    assert any("5.8" in t for t in texts) and not any("8.5" in t for t in texts)
    pd, tnm = find_word(words, "PD-L1")[0], find_word(words, "TNM")[0]
    assert pd["x1"] < tnm["x0"], "consecutive Latin words keep left-to-right order"
    assert tnm["x1"] < find_word(words, "اختبار")[0]["x0"] < find_word(words, "الطبيب")[0]["x0"]
    assert find_word(words, "مهم")[0]["x1"] < pd["x0"]
    # right-aligned: the first word ends at the frame's right edge (margin + 6pt padding)
    assert seq[0]["x1"] == pytest.approx(300 * mm - 15 * mm - 6, abs=1.5)


def test_rtl_lines_in_logical_order_and_split_across_pages(tmp_path):
    ar = fonts_for_locale("ar")
    numbered = " ".join(f"كلمة{i}" for i in range(400))
    pdf = build(tmp_path / "long.pdf", [RTLParagraph(numbered, script_style(BODY, ar))], ar,
                pagesize=(100 * mm, 80 * mm))
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf))).group(1))
    assert pages > 2
    seen = []
    for page in range(1, pages + 1):
        words = words_bbox(pdf, page)
        # reading order: top to bottom, then right to left
        words.sort(key=lambda w: (round(w["y0"]), -w["x1"]))
        for w in words:
            m = re.search(r"\d+", w["text"])
            seen.append(int(m.group(0)))
    assert seen == list(range(400))


def test_rtl_justified_lines_fill_the_width(tmp_path):
    from reportlab.lib.enums import TA_JUSTIFY

    ar = fonts_for_locale("ar")
    style = ParagraphStyle("j", parent=BODY, alignment=TA_JUSTIFY)
    pdf = build(tmp_path / "j.pdf", [make_paragraph(plain_text(SAMPLES["ar"]) * 3, style, ar)], ar)
    words = words_bbox(pdf)
    rows: dict[int, list] = {}
    for w in words:
        rows.setdefault(round(w["y0"] / 4), []).append(w)
    body = [r for _k, r in sorted(rows.items()) if len(r) > 2]
    left, right = 15 * mm + 6, 150 * mm - 15 * mm - 6
    for row in body[:-1]:
        assert min(w["x0"] for w in row) == pytest.approx(left, abs=1.5)
        assert max(w["x1"] for w in row) == pytest.approx(right, abs=1.5)
    assert min(w["x0"] for w in body[-1]) > left + 20      # last line stays ragged


def test_rtl_bullet_on_the_right(tmp_path):
    ar = fonts_for_locale("ar")
    style = ParagraphStyle("li", parent=BODY, rightIndent=12, bulletIndent=2)
    text = "النص الأول للقائمة وهو طويل بما يكفي ليمتد على عدة أسطر في هذا الإطار الضيق " * 3
    pdf = build(tmp_path / "b.pdf", [make_paragraph(text, style, ar, bulletText="•")], ar)
    words = words_bbox(pdf)
    bullet = [w for w in words if w["text"] == "•"][0]
    others = [w for w in words if w is not bullet]
    assert all(bullet["x0"] > w["x1"] for w in others)
    right_margin = 150 * mm - 15 * mm - 6      # frame padding
    assert bullet["x1"] == pytest.approx(right_margin - 2, abs=1)
    # hanging indent: every line starts at rightIndent, the bullet sits in the gap
    rows: dict[int, list] = {}
    for w in others:
        rows.setdefault(round(w["y0"] / 4), []).append(w)
    assert len(rows) > 2
    for row in rows.values():
        assert max(w["x1"] for w in row) == pytest.approx(right_margin - 12, abs=1)


def test_rtl_bold_markup_and_entities():
    ar = fonts_for_locale("ar")
    p = make_paragraph("نص <b>عريض</b> &amp; <i>مائل</i> &lt;تجربة&gt;", BODY, ar)
    assert isinstance(p, RTLParagraph)
    fonts_used = {f for word in p._words for _t, f in word}
    assert fonts_used == {ar.regular, ar.bold}            # Arabic italic = regular
    assert p.getPlainText() == "نص عريض & مائل <تجربة>"


def test_draw_line_rtl_right_aligned(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    ar = fonts_for_locale("ar")
    path = tmp_path / "line.pdf"
    c = Canvas(str(path), pagesize=(400, 100), initialFontName=ar.regular)
    width = draw_line(c, 380, 50, "صفحة 3 من 12 — PD-L1", ar, 10, align="right")
    draw_line(c, 20, 20, "الصفحة", ar, 10, align="left", bold=True)
    c.save()
    words = words_bbox(path)
    assert max(w["x1"] for w in words) == pytest.approx(380, abs=0.5)
    first = find_word(words, "صفحة")[0]
    assert first["x0"] > find_word(words, "3")[0]["x1"] > 0
    assert find_word(words, "12")[0]["x1"] < find_word(words, "3")[0]["x0"]
    assert find_word(words, "PD-L1")
    assert 0 < width < 360
    assert {r["name"].split("+")[-1] for r in pdffonts(path)} == {
        "NotoNaskhArabicLatn-Regular", "NotoNaskhArabicLatn-Bold"}


def test_bidi_runs_keep_numbers_ltr():
    """UBA: digits after Arabic letters are AN (W2), so '%' stays a neutral and shows on
    the left of the number, as in browsers; the digits themselves keep their order."""
    ar = fonts_for_locale("ar")
    runs = lines.visual_runs([("النسبة 5.8% و PD-L1", ar.regular)], 10, base_rtl=True)
    assert [(r.logical, r.rtl) for r in runs] == [
        ("PD-L1", False), ("% و ", True), ("5.8", False), ("النسبة ", True)]


# ------------------------------------------------------------------ CJK

PUNCT_HEAVY = ("医生说：“请按时服药。”患者回答：“好的，谢谢！”（注意：副作用包括恶心、呕吐、乏力。）"
               "「重要」『提示』，请在治疗前阅读《患者须知》。PD-L1为5.8%。")


def _para_lines(p, width):
    p.wrap(width, 10_000)
    bl = p.blPara
    if bl.kind == 0:
        return ["".join(ln[1]) for ln in bl.lines]
    return ["".join(w.text for w in ln.words) for ln in bl.lines]


@pytest.mark.parametrize("locale", ["zh", "ja", "zh_TW"])
def test_cjk_no_line_starts_with_closing_punctuation(locale):
    f = fonts_for_locale(locale)
    style = script_style(BODY, f)
    for width in range(40, 320, 3):
        p = make_paragraph(PUNCT_HEAVY, BODY, f)
        assert isinstance(p, CJKParagraph)
        got = _para_lines(p, width)
        assert "".join(got) == PUNCT_HEAVY, "no character lost or duplicated"
        for ln in got[1:]:
            assert ln[0] not in CLOSING, (width, got)
        for ln in got:
            assert "PD-L1"[:2] not in ln or "PD-L1" in ln, "Latin word split"
            if len(ln) > 1:
                assert pdfmetrics.stringWidth(ln, style.fontName, style.fontSize) <= width + 0.01


def test_stock_reportlab_cjk_wrap_still_breaks_rules():
    """Canary: if this fails, ReportLab fixed its CJK breaker and cjk.py may be dropped."""
    style = script_style(BODY, fonts_for_locale("zh"))
    bad = sum(ln[0] in CLOSING for w in range(40, 320, 3)
              for ln in _para_lines(Paragraph(PUNCT_HEAVY, style), w)[1:])
    assert bad > 0


def test_cjk_pdf_lines_do_not_start_with_closing_punctuation(tmp_path):
    zh = fonts_for_locale("zh")
    story = [make_paragraph(PUNCT_HEAVY, ParagraphStyle("n", parent=BODY, fontSize=fs), zh)
             for fs in (9, 10, 11, 12, 13)]
    pdf = build(tmp_path / "zh.pdf", story, zh, pagesize=(70 * mm, 297 * mm))
    got = text_lines(pdf)
    assert len(got) > 20
    assert not [ln for ln in got if ln.strip()[0] in CLOSING]
    assert set(CANNOT_START) >= CLOSING


# ------------------------------------------------------------------ pictures

def test_png_render_of_arabic_chinese_hindi(tmp_path):
    """Rasterise the three hardest samples (poppler must accept the fonts)."""
    story = [make_paragraph(SAMPLES[loc], BODY, fonts_for_locale(loc)) for loc in ("ar", "zh", "hi")]
    pdf = build(tmp_path / "look.pdf", story, fonts_for_locale("ar"))
    proc = subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(tmp_path / "look")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
    png = tmp_path / "look-1.png"
    assert png.stat().st_size > 5000


def test_bold_stays_visible_where_the_script_has_no_bold_face(tmp_path):
    """Chinese fonts have no bold face: emphasised words get the heading colour instead,
    so page 1 of the Chinese leaflet sets more runs in that colour than the English one."""
    from conftest import run_cli  # noqa: PLC0415
    from generator.layout.sheets import load_sheet  # noqa: PLC0415
    from pypdf import PdfReader  # noqa: PLC0415
    from reportlab.lib.colors import HexColor  # noqa: PLC0415

    run_cli("build", "--topic", "stage4-cancer", "--locale", "en", "--locale", "zh_Hans",
            "--paper", "a4", "--out", str(tmp_path), check=True)
    color = HexColor(load_sheet("standard")["colors"]["heading"])
    op = " ".join(f"{v:.6f}".rstrip("0").lstrip("0") or "0"
                  for v in (color.red, color.green, color.blue)) + " rg"

    def runs_in_heading_colour(locale):
        page = PdfReader(str(tmp_path / locale / "stage4-cancer-a4.pdf")).pages[0]
        return page.get_contents().get_data().decode("latin-1").count(op)

    assert runs_in_heading_colour("zh_Hans") > runs_in_heading_colour("en") > 0


def test_has_rtl_finds_every_right_to_left_character():
    """`has_rtl` first looks for the blocks right-to-left characters live in: every code
    point Unicode (this Python's unicodedata) calls right-to-left is in one of them."""
    import unicodedata

    from generator.scripts.bidi import _MAYBE_RTL, has_rtl

    rtl = [chr(cp) for cp in range(sys.maxunicode + 1)
           if unicodedata.bidirectional(chr(cp)) in ("R", "AL", "RLE", "RLO", "RLI")]
    assert len(rtl) > 1000
    assert all(_MAYBE_RTL.match(c) for c in rtl)
    assert all(has_rtl("x " + c) for c in rtl[::7])
    assert not has_rtl("Stage 4 cancer, \u00e9t\u00e9, \u4e2d\u6587, \u0939\u093f\u0902\u0926\u0940")
    assert has_rtl("\u0627\u0644\u0633\u0644\u0627\u0645") and has_rtl("a\u2067b")


@pytest.mark.parametrize("locale", ["zh", "ja"])
def test_cjk_lines_are_reportlabs_lines(locale, monkeypatch):
    """`cjk._para_line` groups a line's characters once per run of one fragment; the lines
    (words, fonts, sizes, widths) are those of ReportLab's `makeCJKParaLine`."""
    from reportlab.platypus.paragraph import makeCJKParaLine

    from generator.scripts import cjk

    f = fonts_for_locale(locale)
    markup = (f"<b>{PUNCT_HEAVY[:20]}</b>{PUNCT_HEAVY[20:50]}<font size=14>"
              f"{PUNCT_HEAVY[50:70]}</font><i>{PUNCT_HEAVY[70:]}</i>")

    def lines(width):
        p = make_paragraph(markup, BODY, f)
        p.wrap(width, 10_000)
        return [(ln.fontSize, ln.ascent, ln.descent, ln.currentWidth, ln.extraSpace,
                 [(w.text, w.fontName, w.fontSize, str(w.textColor)) for w in ln.words])
                for ln in p.blPara.lines]

    for width in (60, 97, 150, 233):
        ours = lines(width)
        monkeypatch.setattr(cjk, "_para_line", makeCJKParaLine)
        theirs = lines(width)
        monkeypatch.undo()
        assert ours == theirs and len(ours) > 1


# ------------------------------------------------------------------ shaped text operators

VOWELLED = {"ar": "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ، كِتَابٌ جَمِيلٌ وَقَلَمًا (١٢٣)",
            "fa": "مِی‌رَوَم، کِتابِ خوبی است؛ ۵٫۸٪",
            "hi": "क़ानून फ़िल्म ज़्यादा हिंदी कँपकँपी श्रृंखला ड्रॉ क्‍ष"}


@pytest.mark.parametrize("locale", ["ar", "fa", "hi"])
def test_shaped_runs_are_written_as_reportlab_writes_them(locale):
    """`lines._show` writes a shaped run's text operators itself; they are the operators of
    ReportLab's own `_textOut` (same codes, subsets, adjustments and rises), for every
    character of the script's fonts (more codes than one subset holds) and for vowel
    marks, whole runs and parts of runs."""
    f = fonts_for_locale(locale)
    texts = [plain_text(SAMPLES[locale]), VOWELLED[locale]]
    for name in (f.regular, f.bold):
        chars = [chr(c) for c in sorted(pdfmetrics.getFont(name).face.charToGlyph)
                 if unicodedata.category(chr(c))[0] in "LMN" and c > 0x7F]
        texts += ["".join(chars[i:i + 6]) for i in range(0, len(chars), 6)]
    canvases = Canvas(os.devnull), Canvas(os.devnull)
    codes, raised = [], 0
    for canvas, ours in zip(canvases, (True, False)):
        tx = canvas.beginText(10, 10)
        for name in (f.regular, f.bold):
            font = pdfmetrics.getFont(name)
            for text in texts:
                for run in lines.visual_runs([(text, name)], 11, base_rtl=f.rtl):
                    tx.setFont(run.font, run.size)
                    n = len(run.text)
                    data = run.text.__shapeData__
                    # the codes of the whole run first, as a left-to-right run is drawn
                    split = (font.splitString(str(run.text), canvas._doc)
                             if ours and not data[0].y_offset else None)
                    for start, end in ((0, n), (0, n // 3), (n // 3, n), (n // 2, n // 2 + 1)):
                        if start >= end or data[start].y_offset:
                            continue     # ReportLab cannot start a string off the baseline
                        raised += any(d.y_offset for d in data[start:end])
                        if ours:
                            lines._show(tx, font, run.text, start, end,
                                        lines._cut_codes(split, start, end) if split else None)
                        else:
                            tx._textOut(ShapedStr(run.text[start:end], shapeData=data[start:end]))
        codes.append(tx._code)
    assert codes[0] == codes[1]
    code = " ".join(codes[0])
    assert code.count(" Tf ") > 4 and "] TJ" in code     # several subsets, adjustments
    assert raised and (locale == "hi" or " Ts " in code)  # marks off the baseline
