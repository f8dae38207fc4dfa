"""Shared helpers for the edition, contrast and catalog-page tests (no tests of its own).

* `editions_out()`: one build, made once per test session, of every edition for an LTR
  (es) and an RTL (ar) translation and English, on A4, with a clinic file and the
  language-help page, into a temporary out folder. The catalogs are copied and the
  language-help lines translated for a few scripts, so the result does not depend on how
  far the translators have got.
* `text_items(pdf)`: every text chunk with its page, position, font and size (pypdf).
* `painted(pdf)`: per page, what is drawn in order: filled rectangles and text, each with
  its fill colour, for computing contrast against what is under the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from conftest import copy_project, run_cli

TOPIC = "metastatic-lung-cancer"
CLINIC_PHONE = "+1 555 0100"
# Language-help lines written into the copied catalogs: one per script family.
HELP_LINES = {
    "es": "Hay ayuda gratuita en su idioma. Llame al {phone}.",
    "ar": "تتوفر مساعدة مجانية بلغتك. اتصل على {phone}.",
    "hi": "आपकी भाषा में मुफ़्त मदद उपलब्ध है। {phone} पर कॉल करें।",
    "zh_Hans": "我们免费提供您所用语言的帮助。请拨打 {phone}。",
    "ru": "Доступна бесплатная помощь на вашем языке. Звоните {phone}.",
}
NO_HELP_LINE = "fr"     # its line is removed: it must be left out, not printed in English

_cache: dict[str, Path] = {}


def set_translation(project: Path, locale: str, context: str, text: str) -> None:
    """Give (or take away, with text='') the translation of one message of `common`."""
    from generator.i18n.pofiles import read_fresh, write_catalog

    path = project / "locales" / locale / "LC_MESSAGES" / "common.po"
    catalog = read_fresh(path)
    found = [m for m in catalog if m.context == context]
    assert found, f"{context} is not in {path}"
    for message in found:
        message.string = text
        message.flags.discard("fuzzy")
    write_catalog(path, catalog)


def help_project(root: Path) -> Path:
    """A copy of the project whose catalogs translate the language-help line (phone version)
    in HELP_LINES' languages and not in NO_HELP_LINE's."""
    project = copy_project(root)
    for locale, line in HELP_LINES.items():
        set_translation(project, locale, "ui/language_help", line)
    set_translation(project, NO_HELP_LINE, "ui/language_help", "")
    (project / "clinic.yaml").write_text(
        f'name: "Riverside Cancer Clinic"\nphone: "{CLINIC_PHONE}"\n', encoding="utf-8")
    return project


def editions_out(tmp_path_factory) -> Path:
    """Every edition of TOPIC for en, es and ar on A4 (bilingual with English), with the
    language-help page; built once per session. Returns the clinic's folder in the out
    folder (out/riverside-cancer-clinic/)."""
    if "out" not in _cache:
        root = tmp_path_factory.mktemp("editions")
        project = help_project(root / "project")
        out = root / "out"
        run_cli("build", "--root", str(project), "--topic", TOPIC, "--paper", "a4",
                "--locale", "en", "--locale", "es", "--locale", "ar",
                "--edition", "standard", "--edition", "large-print", "--edition", "bilingual",
                "--with", "en", "--language-help", "--allow-fallback",
                "--clinic", str(project / "clinic.yaml"), "--out", str(out), check=True)
        _cache["out"] = out / "riverside-cancer-clinic"   # a branded build's own folder
    return _cache["out"]


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class TextItem:
    page: int          # 1-based
    x: float
    y: float           # baseline, from the bottom of the page
    text: str
    font: str          # base font name without the subset prefix
    size: float        # effective size in points

    @property
    def bold(self) -> bool:
        return "Bold" in self.font


def _mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def text_items(path: Path) -> list[TextItem]:
    items = []
    for number, page in enumerate(PdfReader(str(path)).pages, 1):
        def visit(text, cm, tm, font, size, number=number):
            if not text.strip() or font is None:
                return
            m = _mul(tm, cm)
            scale = math.hypot(m[2], m[3])
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            items.append(TextItem(number, m[4], m[5], text.strip(), name, size * scale))
        page.extract_text(visitor_text=visit)
    return items


def page_text(path: Path, page: int) -> str:
    return " ".join(item.text for item in text_items(path) if item.page == page)


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: tuple

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - 0.5 <= x <= self.x1 + 0.5 and self.y0 - 0.5 <= y <= self.y1 + 0.5


@dataclass(frozen=True)
class Painted:
    """One text-showing operator: where it starts, its fill colour and what lies under it."""

    page: int
    x: float
    y: float
    size: float
    fill: tuple
    background: tuple


WHITE = (1.0, 1.0, 1.0)


def painted(path: Path) -> list[Painted]:
    """Text drawn on every page with its colour and the colour of the last filled rectangle
    drawn under its starting point (white paper when there is none)."""
    out = []
    for number, page in enumerate(PdfReader(str(path)).pages, 1):
        state = {"fill": (0.0, 0.0, 0.0), "size": 0.0}
        stack: list[dict] = []
        rects: list[Rect] = []
        pending: list[tuple] = []

        def before(op, args, cm, tm, number=number):
            nonlocal pending
            if op == b"q":
                stack.append(dict(state))
            elif op == b"Q" and stack:
                state.update(stack.pop())
            elif op == b"rg":
                state["fill"] = tuple(float(a) for a in args)
            elif op == b"g":
                state["fill"] = (float(args[0]),) * 3
            elif op == b"k":
                c, m, y, k = (float(a) for a in args)
                state["fill"] = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
            elif op == b"Tf":
                state["size"] = float(args[1])
            elif op == b"re":
                x, y, w, h = (float(a) for a in args)
                corners = [_apply(cm, x, y), _apply(cm, x + w, y + h)]
                pending.append((min(c[0] for c in corners), min(c[1] for c in corners),
                                max(c[0] for c in corners), max(c[1] for c in corners)))
            elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
                rects.extend(Rect(*r, state["fill"]) for r in pending)
                pending = []
            elif op in (b"S", b"s", b"n"):
                pending = []
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                m = _mul(tm, cm)
                x, y = m[4], m[5]
                under = next((r.fill for r in reversed(rects) if r.contains(x, y + 1)), WHITE)
                out.append(Painted(number, x, y, state["size"] * math.hypot(m[2], m[3]),
                                   state["fill"], under))

        page.extract_text(visitor_operand_before=before)
    return out


def _apply(cm, x, y):
    return (x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5])


# ----------------------------------------------------------------------------- colour


def relative_luminance(rgb: tuple) -> float:
    """WCAG 2.x relative luminance of an sRGB colour given as 0..1 floats."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple, b: tuple) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hex_rgb(value: str) -> tuple:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def pictures(path: Path) -> dict[int, list[Rect]]:
    """Per page, the bounding box of every drawn picture: each run of filled curved shapes
    (the person icons of an icon array, which are drawn together) and every image."""
    out: dict[int, list[Rect]] = {}
    for number, page in enumerate(PdfReader(str(path)).pages, 1):
        boxes: list[list[float]] = []
        points: list[tuple] = []
        curved = False
        last_was_shape = False

        def before(op, args, cm, tm):
            nonlocal points, curved, last_was_shape
            if op in (b"m", b"l"):
                points.append(_apply(cm, float(args[0]), float(args[1])))
            elif op in (b"c", b"v", b"y"):
                curved = True
                vals = [float(a) for a in args]
                points.extend(_apply(cm, vals[i], vals[i + 1]) for i in range(0, len(vals), 2))
            elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"):
                if curved and points and op not in (b"S", b"s", b"n"):
                    xs, ys = [p[0] for p in points], [p[1] for p in points]
                    box = [min(xs), min(ys), max(xs), max(ys)]
                    if last_was_shape and boxes:
                        prev = boxes[-1]
                        boxes[-1] = [min(prev[0], box[0]), min(prev[1], box[1]),
                                     max(prev[2], box[2]), max(prev[3], box[3])]
                    else:
                        boxes.append(box)
                    last_was_shape = True
                points, curved = [], False
            elif op == b"Do":
                corners = [_apply(cm, 0, 0), _apply(cm, 1, 1)]
                boxes.append([min(c[0] for c in corners), min(c[1] for c in corners),
                              max(c[0] for c in corners), max(c[1] for c in corners)])
                last_was_shape = False
            elif op in (b"Tj", b"TJ", b"BT"):
                last_was_shape = False

        page.extract_text(visitor_operand_before=before)
        out[number] = [Rect(*box, WHITE) for box in boxes]
    return out
