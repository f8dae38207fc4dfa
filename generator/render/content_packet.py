"""The clinical reviewer's packet: one PDF a committee can review in one sitting.

It lists every English statement of a leaflet (in reading order, numbered) with the sources
it rests on, every number with its data entry (name, value as printed, unit, date, meaning)
and source, the full source list, and blank sign-off lines. Its first page names the content
fingerprint: reviewers copy it into the leaflet's `review:` block when they sign, and the
review lapses as soon as the content changes (generator.content.review).
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from generator.content import model as m
from generator.content.markup import escape_text, placeholders, plain_text
from generator.content.review import content_fingerprint, content_state
from generator.layout.flowables import RuledLines
from generator.layout.styles import build_styles
from generator.layout.text import para
from generator.localize.catalogs import SOURCE_LOCALE
from generator.localize.localizer import Localizer
from generator.render.pdf import Furniture, render_pdf, text_width
from generator.scripts.fonts import fonts_for_locale

RULE = HexColor("#9aa5b1")
UNIT_WORDS = {"percent": "percent", "number": "number", "count": "count", "years": "years",
              "age": "age in years", "year": "calendar year", "month_year": "month and year"}


def statements(leaflet: m.Leaflet) -> list[tuple[str, m.Text, tuple[str, ...]]]:
    """(where, text, source ids) for every printed English text, in reading order."""
    out = [("Title", leaflet.title, ()), ("Subtitle", leaflet.subtitle, ())]
    if leaflet.audience_note:
        out.append(("Audience note", leaflet.audience_note, ()))
    if leaflet.key_messages:
        km = leaflet.key_messages
        out += [("Key messages", text, km.cites) for text in (km.title, *km.items)]
    for dataset in leaflet.datasets.values():
        where = f"Table {dataset.name}"
        out += [(where, text, ()) for text in
                (dataset.label_heading, *dataset.columns, *(r.label for r in dataset.rows))]
    for section in leaflet.sections:
        out.append((f"Section {section.id}", section.heading, section.cites))
        for index, block in enumerate(section.blocks):
            cites = section.sources_of(index)
            out += [(f"Section {section.id}", text, cites) for text in m.block_texts(block)]
    return out


def _table(rows, widths, fonts, header=True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [("FONT", (0, 0), (-1, -1), fonts.regular, 8), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("GRID", (0, 0), (-1, -1), 0.3, "#9aa5b1"),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), "#e4e9ef"))
    table.setStyle(TableStyle(style))
    return table


def render_packet(leaflet: m.Leaflet, paper: str = "a4") -> tuple[bytes, int]:
    fonts = fonts_for_locale(SOURCE_LOCALE)
    styles = build_styles("standard", fonts)
    margins = styles.sheet["page"]
    width = text_width(paper, margins) - 12
    loc = Localizer(leaflet, SOURCE_LOCALE, None)
    state = content_state(leaflet)
    fingerprint = content_fingerprint(leaflet)
    sources = {s.id: s for s in leaflet.sources}
    s = styles

    def p(text, style="body"):
        return para(s, text, style)

    def small(text):
        return para(s, text, "footnote")

    story = [p(f"Clinical review packet: {escape_text(leaflet.title.source)}", "title"),
             p(f"Leaflet <b>{escape_text(leaflet.id)}</b>, content version "
               f"<b>{escape_text(leaflet.content_version)}</b>, content fingerprint "
               f"<b>{fingerprint}</b>."),
             p("Current state: <b>" + ("clinical draft" if state.draft else "reviewed")
               + "</b>" + (f" ({escape_text(state.reason)})." if state.draft else ".")),
             p("How to review: read every statement and check it against the sources named "
               "beside it; check every number against its data entry and source (part 2). "
               "Mark corrections in the margin. When the committee approves, sign part 4, "
               "then the editor sets <b>review:</b> in "
               f"leaflets/{escape_text(leaflet.id)}.yaml to <b>status: reviewed</b> with the "
               "reviewers' roles, <b>date_reviewed</b> and <b>fingerprint: "
               f"\"{fingerprint}\"</b>. Any later change to the content changes the "
               "fingerprint and makes the leaflet a draft again."),
             Spacer(1, 3 * mm),
             p("Part 1. Every statement and its sources", "heading")]
    rows = [[small("#"), small("Where"), small("Statement as printed (English)"),
             small("Sources")]]
    for number, (where, text, cites) in enumerate(statements(leaflet), 1):
        names = [n for n in _placeholders(text.source)]
        statement = loc.text(text)
        if names:
            statement += "<br/><font size=7>Numbers: " + ", ".join(names) + "</font>"
        rows.append([small(str(number)), small(escape_text(where)), small(statement),
                     small(", ".join(escape_text(c) for c in cites) or "—")])
    story.append(_table(rows, [8 * mm, width * 0.2, width * 0.55, width * 0.25 - 8 * mm],
                        fonts))
    story += [Spacer(1, 4 * mm), p("Part 2. Every number, its data entry and source", "heading")]
    rows = [[small("Data entry"), small("Printed as"), small("Unit"), small("Date"),
             small("What it is"), small("Source")]]
    for value in leaflet.data.values():
        source = sources.get(value.source)
        rows.append([small(escape_text(value.name)), small(loc.value(value.name)),
                     small(UNIT_WORDS.get(value.unit, value.unit)),
                     small(escape_text(value.date or "—")),
                     small(escape_text(plain_text(value.about, loc.values))),
                     small(escape_text(f"{value.source}: {source.citation}" if source
                                       else value.source))])
    story.append(_table(rows, [width * 0.18, width * 0.1, width * 0.1, width * 0.08,
                               width * 0.27, width * 0.27], fonts))
    story += [Spacer(1, 4 * mm), p("Part 3. Sources", "heading")]
    rows = [[small("Id"), small("Citation")]] + [
        [small(escape_text(src.id)), small(escape_text(src.citation)
                                           + (f" {escape_text(src.url)}" if src.url else ""))]
        for src in leaflet.sources]
    story.append(_table(rows, [width * 0.22, width * 0.78], fonts))
    sign = [p("Part 4. Sign-off", "heading"),
            p(f"We reviewed content version {escape_text(leaflet.content_version)} "
              f"(fingerprint {fingerprint}) of this leaflet and approve it for patients: "
              "yes / no, with the corrections marked.")]
    roles = [r.role for r in leaflet.review.reviewers] or ["Reviewer", "Reviewer"]
    for role in roles:
        sign += [Spacer(1, 3 * mm), p(f"<b>{escape_text(role)}</b>"),
                 small("Name, signature, date"), RuledLines(2, 8 * mm, RULE)]
    sign += [Spacer(1, 3 * mm), small("Corrections and comments"),
             RuledLines(5, 8 * mm, RULE), Spacer(1, 2 * mm),
             small("Next review due (default: two years after approval)"),
             RuledLines(1, 8 * mm, RULE)]
    story += [Spacer(1, 4 * mm), KeepTogether(sign)]
    furniture = Furniture(
        footer_left=[f"Review packet: {leaflet.title.source}",
                     f"Content version {leaflet.content_version} · fingerprint {fingerprint}"],
        page_label=lambda number, pages: f"Page {number} of {pages}",
        band=["Clinical review packet: not for patients"], fonts=fonts,
        colors={name: styles.color(name) for name in ("rule", "muted", "band_bg", "band_text")},
        footer_size=margins["footer_size"], band_size=margins.get("band_size", 9.5))
    return render_pdf(story, paper=paper, margins=margins, furniture=furniture,
                      title=f"Clinical review packet: {leaflet.title.source}",
                      subject=f"{leaflet.id} content version {leaflet.content_version}",
                      lang="en", author="leaflets")


def _placeholders(source: str) -> list[str]:
    names, _problems = placeholders(source)
    return list(dict.fromkeys(names))
