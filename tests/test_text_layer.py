"""Every script reads right on the page and in the text layer.

Leaflets of every shipped locale are built once with a clinic file whose phone and address
are the ones that used to come out reordered in right-to-left leaflets. The tests read the
PDFs back: glyph positions (pdftotext -bbox) for what the page shows, and pdftotext's text
for what search, copy/paste and screen readers get (tests/text_layer.py).
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from text_layer import score, extracted, printed_strings

LOCALES = sorted({p.parent.parent.name for p in (ROOT / "locales").glob("*/LC_MESSAGES/*.po")})
TOPIC = "stage4-cancer"
# The figures the issue asks for: 99% for the scripts shaped with HarfBuzz (hi, ar, fa),
# 100% for the others (docs/fonts.md, "Text layer").
SHAPED = ("hi", "ar", "fa")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scripts")
    clinic = out / "clinic.yaml"
    clinic.write_text('name: "Riverside Cancer Clinic"\nphone: "+1 (555) 867-5309"\n'
                      'address: ["400 Main Street, Suite 2", "Springfield"]\n',
                      encoding="utf-8")
    args = ["build", "--topic", TOPIC, "--paper", "a4", "--clinic", str(clinic),
            "--language-help", "--out", str(out / "out")]
    for locale in LOCALES:
        args += ["--locale", locale]
    run_cli(*args, check=True)
    return out / "out" / "riverside-cancer-clinic"   # a branded build's own folder


def words_bbox(pdf: Path, page: int = 1) -> list[dict]:
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    pat = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                     r"(.*?)</word>")
    # direction marks are invisible (docs/fonts.md, "Text layer")
    return [{"x0": float(a), "y0": float(b), "x1": float(c),
             "text": re.sub("[\u200e\u200f]", "", html.unescape(t))}
            for a, b, c, t in pat.findall(xml)]


@pytest.mark.parametrize("locale", ["ar", "fa"])
def test_clinic_phone_and_address_in_dialling_order_in_rtl_leaflets(built, locale):
    words = words_bbox(built / locale / f"{TOPIC}-a4.pdf")

    def line_of(first: str) -> list[dict]:
        anchor = next(w for w in words if w["text"] == first)
        return sorted((w for w in words if abs(w["y0"] - anchor["y0"]) < 2),
                      key=lambda w: w["x0"])

    phone = [w["text"] for w in line_of("867-5309")]
    start = phone.index("+1")
    assert phone[start:start + 3] == ["+1", "(555)", "867-5309"], phone
    address = [w["text"] for w in line_of("400")]
    start = address.index("400")
    assert address[start:start + 5] == ["400", "Main", "Street,", "Suite", "2"], address


def test_phone_number_is_never_broken_across_lines_on_the_language_help_page(built):
    """Every language's line of the help page, narrow table cells: the number stays whole,
    in dialling order (ar and fa rows included)."""
    pdf = built / "de" / f"{TOPIC}-a4.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    words = words_bbox(pdf, pages)
    ends = [w for w in words if w["text"].startswith("867-5309")]
    assert len(ends) >= len(LOCALES), "a line per shipped language"
    for end in ends:
        line = sorted((w for w in words if abs(w["y0"] - end["y0"]) < 2), key=lambda w: w["x0"])
        texts = [w["text"] for w in line]
        i = texts.index(end["text"])
        assert texts[i - 1] == "(555)" and texts[i - 2].endswith("+1"), texts


def test_direction_marks_in_a_clinic_file_cannot_reorder_digits(tmp_path):
    """An RLM typed into the address (allowed: Arabic names need marks) stays inside the
    value's isolate and is dropped there: '400' still comes before 'Main'."""
    from generator.scripts import lines
    from generator.content.markup import escape_text, to_paragraph_markup

    for value in (escape_text("400\u200f Main Street"),
                  to_paragraph_markup("\u200fالهاتف: {phone}\u200f", {"phone": "+1 (555) 867-5309"})):
        levels = lines.bidi_levels(value, True)
        digits = [lvl for ch, lvl in zip(value, levels) if ch.isdigit()]
        assert len(set(digits)) == 1 and digits[0] % 2 == 0, (value, levels)


@pytest.mark.parametrize("locale", LOCALES)
def test_text_layer_holds_the_printed_words_in_order(built, locale):
    pdf = built / locale / f"{TOPIC}-a4.pdf"
    found, total, missing = score(printed_strings(TOPIC, locale), extracted(pdf), locale)
    share = 100.0 * found / total
    need = 99.0 if locale in SHAPED else 100.0
    assert share >= need, (f"{locale}: {share:.2f}% of {total} words intact and in order; "
                           f"missing e.g. {missing[:8]}")


def _rtl_sample(tmp_path: Path, locale: str, items: list[tuple[str | None, str]]) -> list[str]:
    """Paragraphs (bullet, text) in `locale`'s fonts on one page -> pdftotext's words
    (direction marks and embeddings dropped)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from generator.layout.styles import build_styles
    from generator.scripts.fonts import fonts_for_locale
    from generator.scripts.rtl import make_paragraph

    fonts = fonts_for_locale(locale)
    styles = build_styles("standard", fonts)
    pdf = tmp_path / f"{locale}.pdf"
    SimpleDocTemplate(str(pdf), pagesize=(150 * mm, 200 * mm), leftMargin=10 * mm,
                      rightMargin=10 * mm, topMargin=10 * mm, bottomMargin=10 * mm,
                      initialFontName=fonts.regular).build(
        [make_paragraph(text, styles["bullet" if bullet else "body"], fonts, bulletText=bullet)
         for bullet, text in items])
    # NFC: one glyph draws shadda and fatha together, and comes back with the two marks in
    # the other (canonically equivalent) order
    text = unicodedata.normalize("NFC", extracted(pdf))
    return re.sub("[\u200e\u200f\u202a-\u202e]", "", text).replace("\xa0", " ").split()


@pytest.mark.parametrize("locale, text", [
    ("ar", "انتشر بعيدًا عن مكان بدايته، وكيف يُعالج؟ الماء المُسخَّن تُسمّى عادةً كثيرًا"),
    ("fa", "اگر این موارد را دارید، فوراً با تیم درمان خود تماس بگیرید، مثلاً همین حالا، شب‌ها"),
], ids=["ar", "fa"])
def test_words_with_vowel_marks_come_out_whole(tmp_path, locale, text):
    """Harakat, tanwin and shadda are drawn raised over their letter: the text layer still
    holds each word whole, marks after their letters, in reading order."""
    words = _rtl_sample(tmp_path, locale, [(None, text)])
    assert words == text.split(), words


def test_numbered_rtl_items_keep_their_words_apart_from_the_number(tmp_path):
    """'1.' is drawn right of the item. Where right-to-left letters are most of the page,
    pdftotext reads the number first; where Latin letters are (a sources list), it reads
    the line in visual order and puts the number last: the item's last word must still
    be a word of its own ('دارد؟', not 'دارد؟.1')."""
    item = "هدف درمان من چیست؟ این برای من چه معنایی دارد؟"
    words = _rtl_sample(tmp_path, "fa", [("1.", item), (None, item)])
    assert words[:len(item.split()) + 1] == ["1."] + item.split(), words
    latin = ("American Cancer Society. Understanding advanced and metastatic cancer. "
             "National Cancer Institute. Metastatic cancer: when cancer spreads. ") * 3
    words = _rtl_sample(tmp_path, "fa", [(None, latin), ("1.", item)])
    end = words[words.index("هدف"):]
    assert end[:len(item.split())] == item.split(), end


def test_devanagari_conjuncts_come_back_as_letters(built):
    text = extracted(built / "hi" / f"{TOPIC}-a4.pdf")
    assert "कैंसर" in text and "स्टेज" in text or "स्टेज" not in " ".join(
        printed_strings(TOPIC, "hi"))
    assert not re.search("[\ue000-\uf8ff]", text), "private-use codes in the text layer"


def test_clinic_field_in_a_script_the_fonts_lack_is_refused_by_name(tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "مستشفى النهر"\nphone: "+1 555 0100"\n', encoding="utf-8")
    result = run_cli("build", "--locale", "ko", "--topic", TOPIC, "--paper", "a4",
                     "--clinic", str(clinic), "--out", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "clinic name" in result.stderr and "U+0645" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "ko" / f"{TOPIC}-a4.pdf").exists()


BULLET_TEXT = {
    "ko": "암이 처음 생긴 곳에서 멀리 떨어진 몸의 다른 부분으로 퍼진 것을 4기 암이라고 합니다. "
          "의사는 여러 가지 검사로 암이 어디까지 퍼졌는지 알아봅니다.",
    "en": "Stage 4 cancer has spread from where it started to a distant part of the body, "
          "and your care team uses scans and blood tests to see where it went.",
    "ja": "ステージ4のがんとは、がんが最初にできた場所から、体の離れた場所に広がったものです。"
          "医師は検査で、がんがどこまで広がったかを調べます。",
    "hi": "स्टेज 4 कैंसर वह कैंसर है जो शुरू होने की जगह से शरीर के किसी दूर के हिस्से तक फैल गया "
          "है, और डॉक्टर जांचों से देखते हैं कि वह कहां तक फैला है।",
    "ar": "سرطان المرحلة 4 هو سرطان انتشر من مكان بدايته إلى جزء بعيد من الجسم، ويستخدم "
          "الأطباء الفحوص لمعرفة مدى انتشاره في الجسم.",
}


@pytest.mark.parametrize("locale", sorted(BULLET_TEXT))
@pytest.mark.parametrize("bullet", ["•", "3."])
def test_wrapped_bullet_lines_align_with_the_first_line(tmp_path, locale, bullet):
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from generator.layout.styles import build_styles
    from generator.scripts.fonts import fonts_for_locale
    from generator.scripts.rtl import make_paragraph

    fonts = fonts_for_locale(locale)
    styles = build_styles("standard", fonts)
    pdf = tmp_path / "bullet.pdf"
    SimpleDocTemplate(str(pdf), pagesize=(110 * mm, 120 * mm), leftMargin=10 * mm,
                      rightMargin=10 * mm, topMargin=10 * mm, bottomMargin=10 * mm,
                      initialFontName=fonts.regular).build(
        [make_paragraph(BULLET_TEXT[locale], styles["bullet"], fonts, bulletText=bullet)])
    # the label, and the no-break space that keeps it apart in the text layer, are no words
    words = [w for w in words_bbox(pdf)
             if w["text"].strip() not in ("", "•", "3.", ".3", "3", ".")]
    rows: dict[int, list[dict]] = {}
    for w in words:
        rows.setdefault(round(w["y0"]), []).append(w)
    lines = [rows[y] for y in sorted(rows)]
    assert len(lines) >= 3, "the sample must wrap"
    if fonts.rtl:
        starts = [max(w["x1"] for w in line) for line in lines]
    else:
        starts = [min(w["x0"] for w in line) for line in lines]
    assert max(starts) - min(starts) < 0.6, (locale, starts)


@pytest.mark.parametrize("locale", ["zh_Hans", "ja"])
def test_cjk_paragraph_never_ends_with_a_single_character_line(locale):
    """'每100人中约有28 / 人': at every width where the last line would hold one
    character (closing marks aside), the break moves back."""
    from reportlab.lib.styles import ParagraphStyle

    from generator.scripts.cjk import CANNOT_START
    from generator.scripts.fonts import fonts_for_locale
    from generator.scripts.rtl import make_paragraph

    fonts = fonts_for_locale(locale)
    text = ("每100人中约有28人。" if locale == "zh_Hans"
            else "手術のあと、温めた化学療法の薬でその膜を洗います（最大で60%）。")
    style = ParagraphStyle("p", fontName=fonts.regular, fontSize=10, leading=14)
    checked = 0
    for width in range(60, 400, 2):     # 6 characters a line and more
        para = make_paragraph(text, style, fonts)
        para.wrap(width, 1000)
        lines = ["".join(f.text for f in ln.words)
                 for ln in para.blPara.lines]
        if len(lines) < 2:
            continue
        last = [c for c in lines[-1] if not c.isspace() and c not in CANNOT_START]
        assert len(last) > 1, (width, lines)
        checked += 1
    assert checked > 10


def test_persian_words_split_by_a_plain_space_are_flagged():
    from generator.i18n.checks import persian_spacing_problems

    for wrong in ("چگونه درمان می شود", "سلول ها را", "کمی بزرگ تر", "ناحیه ای دور",
                  "آن را نمی دانند"):
        found = persian_spacing_problems(wrong, "fa")
        assert [p.code for p in found] == ["persian-zwnj"], wrong
        assert "U+200C" in found[0].hint
    for right in ("چگونه درمان می‌شود", "سلول‌ها را", "کمی بزرگ‌تر", "شیمی درمانی",
                  "ناحیه‌ای دور"):
        assert persian_spacing_problems(right, "fa") == [], right
    assert persian_spacing_problems("می شود", "ar") == []


def test_shipped_persian_catalogs_use_zwnj():
    result = run_cli("i18n", "check", "--locale", "fa")
    assert "persian-zwnj" not in result.stdout + result.stderr


def test_no_persian_line_ends_with_a_lone_mi(built):
    text = extracted(built / "fa" / f"{TOPIC}-a4.pdf")
    tokens = re.sub("[\u200e\u200f\u202a-\u202e]", "", text).split()
    assert "می" not in tokens and "نمی" not in tokens
    assert "می\u200cشود" in tokens or "می\u200cکند" in tokens, "ZWNJ kept in the text layer"


def test_japanese_latin_letters_and_digits_are_proportional():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from generator.scripts.fonts import fonts_for_locale

    font = fonts_for_locale("ja").regular
    assert stringWidth("illi", font, 10) < 0.6 * stringWidth("MWMW", font, 10)
    assert stringWidth("1", font, 10) < stringWidth("W", font, 10)
