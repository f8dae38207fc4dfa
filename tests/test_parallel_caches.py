"""The per-process caches that make builds fast change no byte of any output.

Each cache (shaped words, repeated paragraph wraps, parsed paragraph markup, the pieces of shaped runs, a line's visual runs, the text operators of shaped runs, bidi levels, parsed right-to-left paragraphs, translation checks, the leaflet's page
numbers for its answer key, the icon array's paths, footer widths, font subsets, the writer's formatted names and numbers) is switched off and the same outputs are made
again: they must be identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import ShapedStr

from conftest import ROOT
from generator.content import markup
from generator.build.jobs import BuildSettings, Job, make_job
from generator.layout import flowables
from generator.build.project import Project
from generator.quiz import pages
from generator.render import objstm, pdf
from generator.scripts import lines, paragraphs, rtl, shaping

TOPIC = "stage4-cancer"


def _outputs(locale: str) -> dict[str, bytes]:
    project = Project(ROOT)
    settings = BuildSettings(out_dir=Path("unused"), allow_fallback=True)
    return {kind: make_job(project, Job(kind, TOPIC, locale, "a4"), settings)
            for kind in ("leaflet", "quiz", "key")}


@pytest.mark.parametrize("locale", ["en", "hi", "zh_Hans", "ar"])
def test_caches_change_no_byte(locale, monkeypatch):
    cached = _outputs(locale)
    assert _outputs(locale) == cached            # and again, from warm caches

    from reportlab.platypus import paragraph
    if shaping._original:
        monkeypatch.setattr(paragraph, "shapeFragWord", shaping._original[0])
    monkeypatch.delattr(paragraphs.WrapOnce, "wrap")
    monkeypatch.delattr(paragraphs.ParsedOnce, "_setup")
    monkeypatch.setattr(markup, "_translation_problems", markup._translation_problems.__wrapped__)
    monkeypatch.setattr(pages, "_cache", type(pages._cache)())
    monkeypatch.setattr(pages, "render_and_record",
                        lambda *args: pages.render_leaflet(*args))
    monkeypatch.setattr(flowables, "_person", _plain_person)
    monkeypatch.setattr(pdf, "_natural_width", pdf._natural_width.__wrapped__)
    monkeypatch.setattr(lines, "_rtl_pieces", lines._rtl_pieces.__wrapped__)
    monkeypatch.setattr(lines, "_ltr_pieces", lines._ltr_pieces.__wrapped__)
    monkeypatch.setattr(lines, "_resolved_levels", lines._resolved_levels.__wrapped__)
    monkeypatch.setattr(lines, "_visual_runs", lines._visual_runs.__wrapped__)
    monkeypatch.setattr(lines, "actual_text_open", lines.actual_text_open.__wrapped__)
    monkeypatch.setattr(lines, "_show", _reportlab_show)
    monkeypatch.setattr(lines, "_pieces_shown", lambda *args: None)
    monkeypatch.setattr(rtl, "_parsed_words", rtl._parsed_words.__wrapped__)
    monkeypatch.setattr(pdf, "_make_subset", ttfonts.TTFontFile.makeSubset)
    monkeypatch.setattr(objstm, "fast_format", objstm._reportlab_format)
    assert _outputs(locale) == cached


def _reportlab_show(tx, font, text, start, end, codes=None):
    """A shaped run's glyphs written by ReportLab's own text formatting."""
    del font, codes
    tx._textOut(ShapedStr(text[start:end], shapeData=text.__shapeData__[start:end]))


def _plain_person(canvas, x, y, size, color):
    """The icon array's person as ReportLab draws it, without the path cache."""
    canvas.setFillColor(color)
    head = size * 0.2
    canvas.circle(x + size / 2, y + size - head - size * 0.04, head, stroke=0, fill=1)
    body_w, body_h = size * 0.74, size * 0.5
    canvas.roundRect(x + (size - body_w) / 2, y, body_w, body_h, size * 0.2, stroke=0, fill=1)


def test_the_answer_key_reuses_the_leaflets_render(monkeypatch):
    project = Project(ROOT)
    settings = BuildSettings(out_dir=Path("unused"), allow_fallback=True)
    make_job(project, Job("leaflet", TOPIC, "es", "letter"), settings)
    calls = []
    monkeypatch.setattr(pages, "_render_with_pages",
                        lambda *a: calls.append(a) or (_ for _ in ()).throw(AssertionError))
    make_job(project, Job("key", TOPIC, "es", "letter"), settings)
    assert calls == []
