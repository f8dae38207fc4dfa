"""The bilingual edition: the leaflet in two languages, block by block.

Each language is laid out by its own StoryBuilder (own Localizer, fonts, styles, direction)
at half the page width. The two builders give the same groups in the same order (one per
block, `StoryBuilder.groups`), and each pair becomes one table row: the clinician reading
English and the patient reading their language look at the same place on the page. A row
taller than what is left of a page breaks across the page, both columns at once.

Which column stands where: a right-to-left language always takes the right-hand column
(where its reader starts); two left-to-right languages put the leaflet's own locale on the
left and the `--with` language on the right; two right-to-left ones the other way round.
Script pairs listed under `layout.stacked_scripts` of the style sheet (or a forced
`stacked` layout) set the two languages one above the other instead, full width.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from generator.content.markup import escape_text
from generator.layout.story import StoryBuilder
from generator.layout.tagging import group
from generator.layout.text import para

LAYOUTS = ("auto", "side-by-side", "stacked")


def primary_on_right(primary_rtl: bool, companion_rtl: bool) -> bool:
    """Whether the leaflet's own language takes the right-hand column."""
    return primary_rtl


def is_stacked(sheet: dict, scripts: tuple[str, str], layout: str = "auto") -> bool:
    if layout not in LAYOUTS:
        raise ValueError(f"bilingual layout must be one of {', '.join(LAYOUTS)}")
    if layout != "auto":
        return layout == "stacked"
    stacked = set(sheet.get("layout", {}).get("stacked_scripts") or ())
    return any(script in stacked for script in scripts)


def gutter(sheet: dict) -> float:
    return sheet.get("layout", {}).get("gutter_mm", 7) * mm


def column_width(sheet: dict, frame_width: float, stacked: bool) -> float:
    """The width each language's StoryBuilder lays out for."""
    return frame_width - STACK_INDENT if stacked else (frame_width - gutter(sheet)) / 2


class BilingualLayout:
    """Rows of (primary, companion) groups; `build()` returns the flowables of the body."""

    def __init__(self, primary: StoryBuilder, companion: StoryBuilder, frame_width: float, *,
                 stacked: bool = False, names: tuple[str, str] | None = None):
        self.primary, self.companion = primary, companion
        self.frame_width, self.stacked = frame_width, stacked
        self.sheet = primary.styles.sheet
        self.gutter = gutter(self.sheet)
        self.rule = primary.styles.color("rule")
        self.font = primary.styles.fonts.regular
        self.names = names
        self.right = primary_on_right(primary.rtl, companion.rtl)

    def build(self) -> list:
        names = [self._name(self.primary, self.names[0]),
                 self._name(self.companion, self.names[1])] if self.names else None
        first, second = self.primary.groups(), self.companion.groups()
        keys = [key for key, _ in first]
        if keys != [key for key, _ in second]:  # the same leaflet: cannot happen
            raise ValueError("the two languages do not have the same blocks")
        # The structure reads each language whole, in its own section with its language
        # (generator.layout.tagging), however the rows stand on the page.
        for builder, groups, name in ((self.primary, first, names and names[0]),
                                      (self.companion, second, names and names[1])):
            group("Sect", name, [flowables for _, flowables in groups],
                  lang=builder.loc.locale.replace("_", "-"))
        story: list = []
        if names:
            story.append(self.row([names[0]], [names[1]], rule=False))
        for (key, mine), (_key, theirs) in zip(first, second):
            if key.endswith("/heading"):
                # a heading never ends a page: room for it and the start of its first block
                story.append(CondPageBreak(self.sheet.get("layout", {})
                                           .get("heading_room_mm", 40) * mm))
            story.append(self.row(cell(mine), cell(theirs)))
        return story

    def _name(self, builder: StoryBuilder, name: str):
        style = "language" if "language" in builder.styles.paragraphs else "footnote"
        return para(builder.styles, escape_text(name), style)

    # Cells have no padding: ReportLab wraps cell content at the column width less the
    # padding but splits it (when a row breaks across pages) at the full column width, and a
    # paragraph that fits at one width and not the other breaks the split. Gaps are columns.

    def row(self, mine: list, theirs: list, rule: bool = True) -> Table:
        if self.stacked:
            return self._stacked_row(mine, theirs)
        cells = [theirs, "", "", mine] if self.right else [mine, "", "", theirs]
        column = (self.frame_width - self.gutter) / 2
        commands = [("FONT", (0, 0), (-1, -1), self.font, 10),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
        if rule:    # a thin rule down the middle of the gutter
            commands.append(("LINEAFTER", (1, 0), (1, 0), 0.5, self.rule))
        table = Table([cells], colWidths=[column, self.gutter / 2, self.gutter / 2, column],
                      splitInRow=1)
        table.setStyle(TableStyle(commands))
        return table

    def _stacked_row(self, mine: list, theirs: list) -> Table:
        """The leaflet's language above, the other below with a rule on its starting side;
        both indented by STACK_INDENT on the rule's side so they line up."""
        rtl = self.companion.rtl
        rows = [[mine, ""], [theirs, ""]] if rtl else [["", mine], ["", theirs]]
        widths = [self.frame_width - STACK_INDENT, STACK_INDENT]
        if not rtl:
            widths.reverse()
        gap = 1 if rtl else 0
        table = Table(rows, colWidths=widths, splitInRow=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.font, 10),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
            # on the outer edge of the indent: the rule stands STACK_INDENT from the text
            ("LINEAFTER" if rtl else "LINEBEFORE", (gap, 1), (gap, 1), 1.5, self.rule)]))
        return table


STACK_INDENT = 8   # points


def cell(flowables: list) -> list:
    """Flowables that may sit in a table cell: keep-together groups opened (inside a cell
    they would ask for an impossible height) and page breaks dropped (the row decides)."""
    flat = _open(flowables)
    # A table cell stacks its flowables without their space before/after: make the spaces
    # real, collapsed as a frame collapses them (the larger of after and before).
    out: list = []
    pending = 0.0
    for item in flat:
        if isinstance(item, Spacer):
            out.append(item)
            pending = 0.0
            continue
        gap = max(pending, item.getSpaceBefore()) if out else 0.0
        if gap:
            out.append(Spacer(1, gap))
        out.append(item)
        pending = item.getSpaceAfter()
    if pending:
        out.append(Spacer(1, pending))
    return out or [Spacer(1, 1)]


def _open(flowables: list) -> list:
    out: list = []
    for item in flowables:
        if isinstance(item, KeepTogether):
            out.extend(_open(list(item._content)))
        elif not isinstance(item, (CondPageBreak, PageBreak)):
            out.append(item)
    return out
