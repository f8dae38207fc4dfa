"""One leaflet in one locale as a self-contained, accessible web page.

Made from the same localized content model as the PDF (never from the PDF): every text is
the Localizer's (translated, checked, escaped, numbers filled in with CLDR formatting), so
the page and the paper say the same words and the same numbers. Only the arrangement is
HTML's own:

- one h1 (the title), an h2 per section, h3 for subheadings and question lists;
- bullets are lists, the questions a numbered list, terms a description list;
- a data table has a caption, column headers (`th scope="col"`) and row headers
  (`th scope="row"`);
- an icon array is inline SVG with its words as the text alternative (`role="img"`);
- `lang` and `dir` on the page, and on anything in another language (English fallback
  text, the English line of the draft notice, the source list);
- the draft notice and the provenance (content version, review date, "translated from")
  as on every printed page;
- fonts subset and embedded (generator.web.webfonts), no script, a print stylesheet,
  one column down to 320 px.
"""

from __future__ import annotations

import base64
import html
import re

from generator.content import model as m
from generator.content.clinic import Clinic
from generator.content.markup import escape_text
from generator.layout.sheets import load_sheet
from generator.layout.story import people_in_100
from generator.localize.codes import bcp47
from generator.localize.localizer import Localizer
from generator.localize.notices import draft_notice_keys, version_markup
from generator.localize.numbers import format_count
from generator.localize.review import review_state
from generator.scripts.bidi import for_display
from generator.web.webfonts import font_css

ICONS_PER_ROW, ICONS_TOTAL = 10, 100
# list-style types for the digits CLDR gives a locale (the PDF numbers questions with them)
_LIST_STYLES = {"٠": "arabic-indic", "۰": "persian", "०": "devanagari", "০": "bengali"}


def render_web(leaflet: m.Leaflet, locale: str, translations, clinic: Clinic | None = None,
               allow_fallback: bool = False, review=None) -> bytes:
    """The web edition as UTF-8 bytes (deterministic: same input, same bytes). `review`: the
    translation's state from the review ledger (`topic_review`); without it a translation is a
    draft, as on paper."""
    loc = Localizer(leaflet, locale, translations, allow_fallback)
    draft = (review or review_state(locale, translations)).draft
    return WebPage(loc, clinic, draft).html().encode("utf-8")


class WebPage:
    def __init__(self, loc: Localizer, clinic: Clinic | None, draft: bool):
        self.loc, self.clinic, self.draft = loc, clinic, draft
        self.lang = bcp47(loc.locale)
        self.dir = "rtl" if loc.rtl else "ltr"
        self.colors = load_sheet("standard")["colors"]
        self._figures = 0

    # -- helpers ------------------------------------------------------------------------
    def text(self, text: m.Text) -> str:
        """The text as inline HTML (the Localizer's markup: escaped, <b>/<i> kept)."""
        return self.loc.text(text)

    def attrs(self, text: m.Text) -> str:
        """lang/dir for an element whose text is printed in English as a fallback."""
        if self.loc.is_source or self.loc.has_translation(text):
            return ""
        return ' lang="en" dir="ltr"'

    def el(self, tag: str, text: m.Text, extra: str = "") -> str:
        return f"<{tag}{extra}{self.attrs(text)}>{self.text(text)}</{tag}>"

    def english_attrs(self) -> str:
        return "" if self.loc.is_source else ' lang="en" dir="ltr"'

    # -- the page ---------------------------------------------------------------------
    def html(self) -> str:
        loc, leaflet = self.loc, self.loc.leaflet
        body = "\n".join([self.header(), self.main(), self.footer()])
        body = for_display(body, loc.rtl)   # isolates only where they can matter
        fonts, stack = font_css(loc.locale, _visible_text(body) + loc.plain(leaflet.title))
        title = html.escape(loc.plain(leaflet.title))
        description = html.escape(loc.plain(leaflet.subtitle), quote=True)
        return f"""<!DOCTYPE html>
<html lang="{self.lang}" dir="{self.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{description}">
<meta name="generator" content="leaflets">
<title>{title}</title>
<style>
{fonts}
{css(self.colors, stack, self.list_style())}
</style>
</head>
<body>
{body}
</body>
</html>
"""

    def list_style(self) -> str:
        digit = format_count(0, self.loc.formatting_locale)
        return _LIST_STYLES.get(digit, "decimal")

    def header(self) -> str:
        leaflet = self.loc.leaflet
        parts = ["<header>", self.band()]
        parts.append(self.el("h1", leaflet.title))
        parts.append(self.el("p", leaflet.subtitle, ' class="subtitle"'))
        if leaflet.audience_note:
            parts.append(self.el("p", leaflet.audience_note, ' class="audience"'))
        parts.append(self.clinic_box())
        parts.append("</header>")
        return "\n".join(p for p in parts if p)

    def band(self) -> str:
        """The draft notice, as on every printed page: in the reader's language and in
        English."""
        lines = []
        for key in draft_notice_keys(self.loc.leaflet, self.draft):
            own, english = self.loc.ui(key), self.loc.ui_english(key)
            lines.append(f"<p><strong>{own}</strong></p>")
            if english != own:
                lines.append(f'<p lang="en" dir="ltr"><strong>{english}</strong></p>')
        return f'<div class="band" role="note">{"".join(lines)}</div>' if lines else ""

    def clinic_box(self) -> str:
        loc, clinic = self.loc, self.clinic
        rows = [f'<p class="clinic-head">{loc.ui("care_team")}</p>']
        if clinic is None:
            rows.append(f"<p>{loc.ui('no_clinic')}</p>")
        else:
            if clinic.logo_png:
                rows.insert(0, _logo(clinic.logo_png))
            rows.append(f"<p>{escape_text(clinic.name)}</p>")
            phone = escape_text(clinic.phone)
            line = loc.ui("phone", phone=clinic.phone)
            tel = "tel:" + re.sub(r"[^0-9+]", "", clinic.phone)
            rows.append("<p>" + line.replace(
                phone, f'<a href="{html.escape(tel, quote=True)}" dir="ltr">{phone}</a>', 1)
                + "</p>")
            rows += [f"<p>{escape_text(line)}</p>" for line in clinic.address]
        return f'<div class="clinic">{"".join(rows)}</div>'

    def main(self) -> str:
        sections = []
        for section in self.loc.leaflet.sections:
            hid = f"s-{section.id}"
            blocks = "\n".join(self.block(block) for block in section.blocks)
            heading = self.el("h2", section.heading, f' id="{hid}"')
            sections.append(f'<section aria-labelledby="{hid}">\n{heading}\n'
                            f'{blocks}\n</section>')
        return "<main>\n" + "\n".join(sections) + "\n</main>"

    def footer(self) -> str:
        """Provenance, as in the printed footer: title, content version and review date, and
        for a translation the content version it was made from."""
        loc, leaflet = self.loc, self.loc.leaflet
        line = version_markup(loc)   # a draft names no review date, as on paper
        if not loc.is_source:
            line += " · " + loc.ui("translated_from", version=leaflet.content_version)
        title = self.el("p", leaflet.title, ' class="footer-title"')
        return f"<footer>\n{title}\n<p>{line}</p>\n</footer>"

    # -- blocks -----------------------------------------------------------------------
    def block(self, block) -> str:
        return getattr(self, "_" + type(block).__name__.lower())(block)

    def _paragraph(self, block: m.Paragraph) -> str:
        return self.el("p", block.text)

    def _subheading(self, block: m.Subheading) -> str:
        return self.el("h3", block.text)

    def _bullets(self, block: m.Bullets) -> str:
        return "<ul>" + "".join(self.el("li", item) for item in block.items) + "</ul>"

    def _terms(self, block: m.Terms) -> str:
        items = "".join(f"<div>{self.el('dt', t.term)}{self.el('dd', t.meaning)}</div>"
                        for t in block.items)
        return f'<dl class="terms">{items}</dl>'

    def _table(self, block: m.Table) -> str:
        loc = self.loc
        dataset = loc.leaflet.datasets[block.dataset]
        self._figures += 1
        cid = f"t-{self._figures}"
        head = "".join(self.el("th", col, ' scope="col"')
                       for col in (dataset.label_heading, *dataset.columns))
        rows = "".join(
            "<tr>" + self.el("th", row.label, ' scope="row"')
            + "".join(f'<td class="num">{html.escape(loc.value(name))}</td>'
                      for name in row.values) + "</tr>"
            for row in dataset.rows)
        caption = self.el("caption", block.caption, f' id="{cid}"')
        table = (f'<div class="table" role="region" tabindex="0" aria-labelledby="{cid}">'
                 f'<table>{caption}'
                 f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")
        if block.footnote:
            table += self.el("p", block.footnote, ' class="footnote"')
        return table

    def _riskfigure(self, block: m.RiskFigure) -> str:
        loc = self.loc
        count = people_in_100(loc.leaflet.data[block.value].value)
        about = loc.ui_plural("risk_about", count,
                              count=format_count(count, loc.formatting_locale),
                              total=format_count(ICONS_TOTAL, loc.formatting_locale))
        exact = loc.ui("risk_exact", value=loc.value(block.value))
        self._figures += 1
        label = html.escape(_plain(about) + ". " + _plain(exact), quote=True)
        svg = icon_array(count, self.loc.rtl, self.colors, label)
        return (f'<figure class="risk">{svg}<figcaption>'
                f'<p class="risk-big">{about}</p>{self.el("p", block.caption)}'
                f'<p class="footnote">{exact}</p></figcaption></figure>')

    def _callout(self, block: m.Callout) -> str:
        inner = []
        if block.title:
            inner.append(self.el("p", block.title, ' class="callout-title"'))
        if block.text:
            inner.append(self.el("p", block.text))
        if block.bullets:
            inner.append("<ul>" + "".join(self.el("li", b) for b in block.bullets) + "</ul>")
        return f'<div class="callout {block.tone}">{"".join(inner)}</div>'

    def _questions(self, block: m.Questions) -> str:
        items = "".join(self.el("li", item) for item in block.items)
        lines = ""
        if block.write_lines:
            # paper to write on: printed, not shown on screen
            rules = '<span class="rule"></span>' * block.write_lines
            lines = (f'<div class="write" aria-hidden="true"><p class="footnote">'
                     f'{self.loc.ui("notes")}</p>{rules}</div>')
        return (f'<div class="callout note questions">{self.el("h3", block.heading)}'
                f"<ol>{items}</ol>{lines}</div>")

    def _sourcesblock(self, block: m.SourcesBlock) -> str:
        items = "".join(f"<li>{escape_text(s.citation)}</li>" for s in self.loc.leaflet.sources)
        return f'<ul class="sources"{self.english_attrs()}>{items}</ul>'


def icon_array(filled: int, rtl: bool, colors: dict, label: str) -> str:
    """100 people, `filled` coloured in from the start of the line (the right in a
    right-to-left language), as the PDF draws them; `label` is the text alternative."""
    size, gap = 9.0, 1.0
    side = ICONS_PER_ROW * size + (ICONS_PER_ROW - 1) * gap
    full, empty = [], []
    for index in range(ICONS_TOTAL):
        row, col = divmod(index, ICONS_PER_ROW)
        if rtl:
            col = ICONS_PER_ROW - 1 - col
        x, y = col * (size + gap), row * (size + gap)
        head_r = size * 0.2
        cx, cy = x + size / 2, y + size * 0.04 + head_r
        body_w, body_h = size * 0.74, size * 0.5
        shape = (f'<circle cx="{cx:g}" cy="{cy:g}" r="{head_r:g}"/>'
                 f'<rect x="{x + (size - body_w) / 2:g}" y="{y + size - body_h:g}" '
                 f'width="{body_w:g}" height="{body_h:g}" rx="{size * 0.2:g}"/>')
        (full if index < filled else empty).append(shape)
    return (f'<svg class="icons" role="img" aria-label="{label}" viewBox="0 0 {side:g} {side:g}"'
            f' xmlns="http://www.w3.org/2000/svg"><title>{label}</title>'
            f'<g fill="{colors["icon_filled"]}">{"".join(full)}</g>'
            f'<g fill="{colors["icon_empty"]}">{"".join(empty)}</g></svg>')


def _logo(png: bytes) -> str:
    """The logo as the PDF prints it: decoded and written again as PNG (generator/clinic.py),
    so no metadata or trailing bytes of the clinic's file reach the page."""
    data = base64.b64encode(png).decode()
    kind = "png"
    # decorative: the clinic's name is written beside it
    return f'<img class="logo" src="data:image/{kind};base64,{data}" alt="">'


_TAG = re.compile(r"<[^>]+>")


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def _visible_text(body: str) -> str:
    """The characters a page shows (for the font subsets)."""
    return _plain(re.sub(r'<svg.*?</svg>', " ", body, flags=re.S)) + \
        "".join(html.unescape(v) for v in re.findall(r'aria-label="([^"]*)"', body))


def css(colors: dict, fonts: str, list_style: str) -> str:
    c = colors
    return f"""*{{box-sizing:border-box}}
html{{-webkit-text-size-adjust:100%;text-size-adjust:100%}}
body{{margin:0;font-family:{fonts};font-size:1.0625rem;line-height:1.55;color:{c['text']};
 background:#fff;overflow-wrap:break-word}}
header,main,footer{{max-width:46rem;margin:0 auto;padding:0 1rem}}
.band{{background:{c['band_bg']};color:{c['band_text']};border:2px solid {c['important_border']};
 border-radius:.3rem;padding:.4rem .8rem;margin:1rem 0 .5rem;text-align:center}}
.band p{{margin:.15rem 0}}
h1{{font-size:1.9rem;line-height:1.2;color:{c['heading']};margin:1rem 0 .3rem}}
h2{{font-size:1.4rem;line-height:1.25;color:{c['heading']};margin:1.6rem 0 .5rem;
 padding-top:.6rem;border-top:2px solid {c['rule']}}}
h3{{font-size:1.15rem;line-height:1.3;color:{c['heading']};margin:1rem 0 .4rem}}
.subtitle{{font-size:1.2rem;color:{c['muted']};margin:.2rem 0}}
.audience{{color:{c['muted']};font-style:italic}}
.clinic{{background:{c['clinic_bg']};border:1px solid {c['rule']};border-radius:.3rem;
 padding:.5rem .8rem;margin:1rem 0}}
.clinic p{{margin:.15rem 0}}
.clinic-head{{font-weight:bold;color:{c['heading']}}}
.clinic a{{color:{c['heading']};font-weight:bold}}
.logo{{display:block;max-height:4rem;max-width:100%;margin-bottom:.3rem}}
ul,ol{{padding-inline-start:1.6rem;margin:.4rem 0 .8rem}}
ol{{list-style-type:{list_style}}}
li{{margin:.2rem 0}}
.terms div{{border-bottom:1px solid {c['rule']};padding:.4rem 0}}
.terms dt{{font-weight:bold}}
.terms dd{{margin:0}}
.table{{overflow-x:auto;margin:.8rem 0 .3rem}}
.table:focus{{outline:3px solid {c['important_border']};outline-offset:2px}}
table{{border-collapse:collapse;width:100%}}
caption{{font-weight:bold;text-align:start;padding:.3rem 0}}
th,td{{padding:.35rem .5rem;text-align:start;vertical-align:middle;
 border-bottom:1px solid {c['rule']}}}
thead th{{background:{c['table_header_bg']};color:{c['table_header_text']}}}
tbody tr:nth-child(even){{background:{c['table_stripe']}}}
tbody th{{font-weight:normal}}
td.num{{white-space:nowrap}}
.footnote{{font-size:.92rem;color:{c['muted']}}}
.risk{{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:1rem 0}}
.risk .icons{{width:8.5rem;height:8.5rem;flex:none}}
.risk figcaption{{flex:1 1 14rem}}
.risk figcaption p{{margin:.2rem 0}}
.risk-big{{font-size:1.2rem;font-weight:bold;color:{c['heading']}}}
.callout{{border-inline-start:.35rem solid {c['note_border']};background:{c['note_bg']};
 padding:.6rem .9rem;margin:1rem 0;border-radius:.2rem}}
.callout p{{margin:.3rem 0}}
.callout.important{{border-color:{c['important_border']};background:{c['important_bg']}}}
.callout.urgent{{border-color:{c['urgent_border']};background:{c['urgent_bg']}}}
.callout-title{{font-weight:bold;font-size:1.1rem}}
.questions h3{{margin-top:.2rem}}
.write{{display:none}}
.sources{{font-size:.92rem;color:{c['muted']}}}
footer{{border-top:2px solid {c['rule']};margin-top:2rem;padding-bottom:2rem;
 font-size:.92rem;color:{c['muted']}}}
@media print{{
 @page{{margin:14mm 15mm}}
 body{{font-size:11.5pt;line-height:1.4}}
 header,main,footer{{max-width:none;padding:0}}
 .band,.clinic,.callout,thead th,tbody tr{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
 h2,h3,caption,.callout-title{{break-after:avoid}}
 figure,.callout,tr,.terms div{{break-inside:avoid}}
 .table{{overflow:visible}}
 .write{{display:block}}
 .write .rule{{display:block;height:8mm;border-bottom:1px solid {c['rule']}}}
 .clinic a{{text-decoration:none}}
}}"""
