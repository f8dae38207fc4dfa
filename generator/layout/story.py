"""Build the flowables of one leaflet in one locale: the body between the page furniture.

One small function per block kind. Texts arrive as safe markup from the Localizer; this module
decides only arrangement (order, tables, boxes), mirrored for right-to-left locales.
"""

from __future__ import annotations

import io
import itertools
from decimal import ROUND_HALF_UP, Decimal

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from generator.content import model as m
from generator.content.clinic import Clinic
from generator.content.markup import escape_text, plain_text
from generator.errors import LeafletError
from generator.layout.cellgrid import CellGrid
from generator.layout.flowables import IconArray, RuledLines
from generator.layout.qr import qr_block
from generator.layout.styles import Styles
from generator.layout.tagging import group, list_of, table_of, tag
from generator.layout.text import para
from generator.localize.localizer import Localizer
from generator.localize.numbers import format_count
from generator.scripts.bidi import for_display
from generator.scripts.fonts import missing_glyphs
from generator.scripts.rtl import RTLParagraph


class StoryBuilder:
    def __init__(self, loc: Localizer, styles: Styles, width: float, clinic: Clinic | None):
        self.loc, self.styles, self.width, self.clinic = loc, styles, width, clinic
        self.rtl = styles.fonts.rtl
        self.single_column = styles.sheet.get("layout", {}).get("single_column", False)

    def build(self) -> list:
        story = self.title_block()
        for section in self.loc.leaflet.sections:
            story.extend(self.section(section))
        return story

    def groups(self) -> list[tuple[str, list]]:
        """The story as (key, flowables) groups, one per block, in reading order.

        Keys are the same in every locale ('title', '<section>/heading', '<section>/<n>'), so
        two builders of the same leaflet can be laid side by side block by block (the
        bilingual edition). Consecutive risk figures that share a row (two-column sheets)
        form one group under the first figure's key. Groups hold plain flowables: no page
        breaks, and the keep-together of a heading with its first block is left to the
        caller.
        """
        out = [("title", self.title_block())]
        for section in self.loc.leaflet.sections:
            out.append((f"{section.id}/heading",
                        [para(self.styles, self.loc.text(section.heading), "heading")]))
            out.extend((f"{section.id}/{key}", group)
                       for key, group in self.block_groups(section))
        return out

    # -- title and clinic -------------------------------------------------------------
    def title_block(self) -> list:
        leaflet, loc = self.loc.leaflet, self.loc
        left = [para(self.styles, loc.text(leaflet.title), "title"),
                para(self.styles, loc.text(leaflet.subtitle), "subtitle")]
        if leaflet.audience_note:
            left.append(para(self.styles, loc.text(leaflet.audience_note), "audience"))
        if self.single_column:
            return left + [Spacer(1, 3 * mm), self._clinic_box(self.width), Spacer(1, 3 * mm)] \
                + self.key_messages()
        clinic_box = self._clinic_box(self.width * 0.36)
        cells = [clinic_box, left] if self.rtl else [left, clinic_box]
        widths = [self.width * 0.38, self.width * 0.62]
        if not self.rtl:
            widths.reverse()
        box_column = 0 if self.rtl else 1
        table = self.grid([cells], widths, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("ALIGN", (box_column, 0), (box_column, 0),
                                    "LEFT" if self.rtl else "RIGHT"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        return [table, Spacer(1, 3 * mm)] + self.key_messages()

    def key_messages(self) -> list:
        """The main messages in one box at the top of page 1, before the first section."""
        messages = self.loc.leaflet.key_messages
        if messages is None:
            return []
        s, loc = self.styles, self.loc
        # the first heading after the title: H2, as the sections' headings are
        inner = [para(s, loc.text(messages.title), "callout_title", role="H2")]
        bullets = [para(s, loc.text(item), "bullet", bullet="•") for item in messages.items]
        list_of(bullets)
        inner += bullets
        group("Div", inner)
        return [KeepTogether([self._box(inner, "important")]), Spacer(1, 3 * mm)]

    def _clinic_box(self, width: float) -> CellGrid:
        s, loc = self.styles, self.loc
        rows = [para(s, loc.ui("care_team"), "clinic_head")]
        if self.clinic is None:
            rows.append(para(s, loc.ui("no_clinic"), "clinic"))
        else:
            _check_clinic_coverage(self.clinic, s.fonts)
            if self.clinic.logo_png:
                rows.insert(0, _logo(self.clinic.logo_png, width - 12))
            rows.append(para(s, escape_text(self.clinic.name), "clinic"))
            rows.append(para(s, loc.ui("phone", phone=self.clinic.phone), "clinic"))
            for line in self.clinic.address:
                rows.append(para(s, escape_text(line), "clinic"))
            rows += qr_block(self, width - 12)
        group("Div", rows)      # the logo is decoration: the name is printed beside it
        box = self.grid([[rows]], [width], [
            ("BACKGROUND", (0, 0), (-1, -1), s.color("clinic_bg")),
            ("BOX", (0, 0), (-1, -1), 0.8, s.color("rule")),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
        return box

    # -- sections and blocks ------------------------------------------------------------
    def table(self, rows: list, widths: list, commands: list, **kwargs) -> Table:
        """A Table in our font: ReportLab's cell default would pull in unembedded Helvetica."""
        table = Table(rows, colWidths=widths, **kwargs)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), self.styles.fonts.regular, 10)]
                                  + commands))
        return table

    def grid(self, rows: list, widths: list, commands: list) -> CellGrid:
        """What `table` makes, for a box or row that is never split across pages (one row:
        a Table would not split it either), measured once."""
        return CellGrid(rows, widths, [("FONT", (0, 0), (-1, -1), self.styles.fonts.regular, 10)]
                        + commands)

    def block_groups(self, section: m.Section) -> list[tuple[int, list]]:
        """(index of the first block, flowables) per block of a section; adjacent risk
        figures are merged into rows of one (single column) or two."""
        blocks = [self.block(block) for block in section.blocks]
        per_row = 1 if self.single_column else 2
        out: list[tuple[int, list]] = []
        index = 0
        for group in _merge_risk_figures(blocks):
            if group and isinstance(group[0], RiskCell):
                for i in range(0, len(group), per_row):
                    out.append((index + i, self.risk_row(group[i:i + per_row])))
                index += len(group)
            else:
                if group:
                    out.append((index, group))
                index += 1
        return out

    def section(self, section: m.Section) -> list:
        heading = para(self.styles, self.loc.text(section.heading), "heading")
        groups = [group for _index, group in self.block_groups(section)]
        flat = [f for group in groups for f in group]
        # Keep a heading with the start of its first real block (not a spacer).
        lead = next((i for i, f in enumerate(flat) if not isinstance(f, Spacer)), 0)
        first = flat[:lead + 1]
        if first and _splits_by_lines(first[-1]):
            # Text that can break across pages: ask only for room for the heading and a few
            # lines, then let the text flow, instead of moving it all to the next page.
            return [CondPageBreak(self._room_for("heading")), heading] + flat
        if first and isinstance(first[-1], KeepTogether):
            # Nesting KeepTogether makes ReportLab report an impossible height and break
            # the page early: join the heading to the inner group instead.
            first = first[:-1] + list(first[-1]._content)
        return [CondPageBreak(22 * mm), KeepTogether([heading] + first)] + flat[lead + 1:]

    def _room_for(self, style: str) -> float:
        """A heading (of two lines at most), its spacing and three lines of body text:
        never a heading alone at the foot of a page."""
        heading, body = self.styles[style], self.styles["body"]
        return heading.spaceBefore + heading.leading * 2 + heading.spaceAfter + 3 * body.leading

    def block(self, block) -> list:
        return getattr(self, "_" + type(block).__name__.lower())(block)

    def _paragraph(self, block: m.Paragraph) -> list:
        return [para(self.styles, self.loc.text(block.text), "body")]

    def _subheading(self, block: m.Subheading) -> list:
        return [CondPageBreak(self._room_for("subheading")),
                para(self.styles, self.loc.text(block.text), "subheading")]

    def _bullets(self, block: m.Bullets, style: str = "bullet") -> list:
        items = [para(self.styles, self.loc.text(item), style, bullet="•")
                 for item in block.items]
        list_of(items)
        return items

    def _terms(self, block: m.Terms) -> list:
        s = self.styles
        rows = [[para(s, self.loc.text(t.term), "term"), para(s, self.loc.text(t.meaning), "body")]
                for t in block.items]
        # A glossary: a list of terms (Lbl) and what they mean (LBody)
        list_of([tuple(row) for row in rows], numbering="None")
        share = s.sheet.get("layout", {}).get("term_column", 0.3)
        widths = [self.width * share, self.width * (1 - share)]
        if self.rtl:
            rows = [list(reversed(r)) for r in rows]
            widths.reverse()
        table = self.table(rows, widths, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, s.color("rule")),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 4)])
        return [table, Spacer(1, 2 * mm)]

    def _table(self, block: m.Table) -> list:
        s, loc = self.styles, self.loc
        dataset = loc.leaflet.datasets[block.dataset]
        caption = para(s, loc.text(block.caption), "caption")
        header = [para(s, loc.text(dataset.label_heading), "table_head")] + [
            para(s, loc.text(col), "table_head") for col in dataset.columns]
        body = [[para(s, loc.text(row.label), "table")] +
                [para(s, self._table_value(name), "table") for name in row.values]
                for row in dataset.rows]
        label_width = self.width * (0.46 if dataset.columns[1:] else 0.6)
        other = (self.width - label_width) / max(1, len(dataset.columns))
        widths = [label_width] + [other] * len(dataset.columns)
        rows = [header] + body
        # Each row's label heads its row where there are several values to tell apart;
        # with one value column the column headers say it all.
        table_of(rows, header_rows=1, row_headers=len(dataset.columns) > 1)
        if self.rtl:
            rows = [list(reversed(r)) for r in rows]
            widths.reverse()
        style = [("BACKGROUND", (0, 0), (-1, 0), s.color("table_header_bg")),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("LINEBELOW", (0, 0), (-1, -1), 0.4, s.color("rule")),
                 ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5)]
        style += [("BACKGROUND", (0, r), (-1, r), s.color("table_stripe"))
                  for r in range(2, len(rows), 2)]
        table = self.table(rows, widths, style, repeatRows=1)
        out = [caption, table]
        if block.footnote:
            out.append(para(s, loc.text(block.footnote), "footnote"))
        return [KeepTogether(out[:2]), *out[2:], Spacer(1, 2 * mm)]

    def _table_value(self, name: str) -> str:
        """A percentage also as 'about N in 100', the words the pictures of 100 people use."""
        loc = self.loc
        value = loc.leaflet.data[name]
        if value.unit != "percent":
            return loc.value(name)
        count = people_in_100(value.value)
        return loc.ui_plural("table_in_100", count, value=loc.value(name),
                             count=format_count(count, loc.formatting_locale),
                             total=format_count(IconArray.TOTAL, loc.formatting_locale))

    def _riskfigure(self, block: m.RiskFigure) -> list:
        s, loc = self.styles, self.loc
        value = loc.leaflet.data[block.value]
        count = people_in_100(value.value)
        icons = IconArray(count, icon=s.sheet["icon_array"]["icon_mm"] * mm,
                          gap=s.sheet["icon_array"]["gap_mm"] * mm,
                          filled_color=s.color("icon_filled"), empty_color=s.color("icon_empty"),
                          rtl=self.rtl)
        about = loc.ui_plural("risk_about", count,
                              count=format_count(count, loc.formatting_locale),
                              total=format_count(IconArray.TOTAL, loc.formatting_locale))
        # the picture's alternative text says what it shows, in the leaflet's language;
        # as in a paragraph, the numbers' bidi isolates stay only beside right-to-left text
        alt = f"{plain_text(about)} – {plain_text(loc.text(block.caption))}"
        tag(icons, "Figure", alt=for_display(alt))
        words = [para(s, about, "risk_big"), para(s, loc.text(block.caption), "body"),
                 para(s, loc.ui("risk_exact", value=loc.value(block.value)), "footnote")]
        return [RiskCell(icons, words)]

    def risk_row(self, cells: list[RiskCell]) -> list:
        gutter = 4 * mm
        share = self.width / len(cells)
        row, widths = [], []
        for cell in cells:
            row += [cell.icons, cell.words]
            widths += [cell.icons.width + gutter, share - cell.icons.width - gutter]
        if self.rtl:
            row.reverse()
            widths.reverse()
        table = self.grid([row], widths, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 3)])
        return [Spacer(1, 2 * mm), table, Spacer(1, 3 * mm)]

    def _callout(self, block: m.Callout) -> list:
        s, loc = self.styles, self.loc
        inner = []
        if block.title:
            inner.append(para(s, loc.text(block.title), "callout_title"))
        if block.text:
            inner.append(para(s, loc.text(block.text), "body"))
        bullets = [para(s, loc.text(item), "bullet", bullet="•") for item in block.bullets]
        if bullets:
            list_of(bullets)
        inner += bullets
        group("Div", inner)
        return [Spacer(1, 1.5 * mm), self._box(inner, block.tone), Spacer(1, 3 * mm)]

    def _box(self, inner: list, tone: str) -> CellGrid:
        s = self.styles
        pad, border = s.sheet["callout"]["padding"], s.sheet["callout"]["border_width"]
        edge = "LINEAFTER" if self.rtl else "LINEBEFORE"
        box = self.grid([[inner]], [self.width], [
            ("BACKGROUND", (0, 0), (-1, -1), s.color(f"{tone}_bg")),
            (edge, (0, 0), (-1, -1), border, s.color(f"{tone}_border")),
            ("LEFTPADDING", (0, 0), (-1, -1), pad + 2), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad)])
        return box

    def _questions(self, block: m.Questions) -> list:
        s, loc = self.styles, self.loc
        inner = [para(s, loc.text(block.heading), "callout_title")]
        items = [para(s, loc.text(item), "bullet",
                      bullet=format_count(number, loc.formatting_locale) + ".")
                 for number, item in enumerate(block.items, 1)]
        list_of(items, numbering="Decimal")
        inner += items
        if block.write_lines:
            inner.append(Spacer(1, 2 * mm))
            inner.append(para(s, loc.ui("notes"), "footnote"))
            # The lines to write on are not tagged: artifacts a screen reader skips; the
            # box's heading and its "notes" line say what the box is for.
            inner.append(RuledLines(block.write_lines, s.sheet["questions"]["line_gap_mm"] * mm,
                                    s.color("rule")))
        group("Div", inner)
        return [Spacer(1, 1.5 * mm), KeepTogether([self._box(inner, "note")])]

    def _sourcesblock(self, block: m.SourcesBlock) -> list:
        s = self.styles
        items = [para(s, escape_text(src.citation), "sources", bullet="•")
                 for src in self.loc.leaflet.sources]
        list_of(items)
        if self.single_column:
            return items
        # Two columns, one table row per pair of citations, so the list can break across
        # pages instead of moving to a page of its own.
        half = (len(items) + 1) // 2
        rows = [[left, right] for left, right in
                itertools.zip_longest(items[:half], items[half:], fillvalue="")]
        if self.rtl:
            rows = [list(reversed(row)) for row in rows]
        table = self.table(rows, [self.width / 2] * 2, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        return [table]


def _splits_by_lines(flowable) -> bool:
    """Running text (any script's paragraph class) that can continue on the next page."""

    return isinstance(flowable, (Paragraph, RTLParagraph)) and \
        not getattr(getattr(flowable, "style", None), "keepWithNext", 0)


class RiskCell(list):
    """An icon array and its words; laid out by `_risk_row`, side by side when adjacent."""

    def __init__(self, icons, words):
        super().__init__()
        self.icons, self.words = icons, words


def _merge_risk_figures(blocks: list[list]) -> list[list]:
    """Consecutive risk figures share one row, so they can be compared side by side."""
    out: list[list] = []
    run: list[RiskCell] = []
    for group in blocks + [[]]:
        if len(group) == 1 and isinstance(group[0], RiskCell):
            run.append(group[0])
            continue
        if run:
            out.append(run)
            run = []
        out.append(group)
    return out


def people_in_100(percent: float) -> int:
    """'About N in 100 people': the percentage rounded half up, as people would round it."""
    return int(Decimal(str(percent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _check_clinic_coverage(clinic: Clinic, fonts) -> None:
    """A clinic field the leaflet's fonts cannot draw is refused, never printed as blanks
    or boxes: the message names the field and the character."""

    fields = [("name", clinic.name), ("phone", clinic.phone)]
    fields += [(f"address line {n}", line) for n, line in enumerate(clinic.address, 1)]
    for field, value in fields:
        missing = missing_glyphs(value, fonts)
        if missing:
            char = missing[0]
            raise LeafletError(
                f"the clinic {field} {value[:40]!r} has the character {char!r} "
                f"(U+{ord(char):04X}), which the {fonts.script} fonts of this leaflet cannot "
                "draw", hint="write the field in the leaflet's script or in Latin letters, "
                "or build this language without --clinic")


def _logo(png: bytes, max_width: float) -> Image:
    """The clinic logo: the PNG bytes Pillow wrote again (generator/clinic.py), never the
    clinic's own file."""

    image = Image(io.BytesIO(png))
    ratio = min(1.0, max_width / image.imageWidth, (18 * mm) / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * ratio, image.imageHeight * ratio
    image.hAlign = "LEFT"
    return image
