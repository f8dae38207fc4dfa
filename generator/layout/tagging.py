"""Tagged PDF (PDF/UA-1): the structure of a document, built by the layout, written once.

ReportLab has no tagging API. This module gives it one, in three parts:

* **Roles.** Whoever makes a flowable says what it is: ``tag(flowable, "P")`` makes it a
  *leaf* (a content item: paragraph, list body, table cell, figure) with a structure node;
  ``group("L", members)`` puts nodes under a container (L, LI, Table, TR, Div, Sect...).
  Nodes are kept in content order (the order they were made in, which is the reading order:
  right-to-left rows are mirrored on the page, never in the tree). A split paragraph keeps
  its node on every page it runs onto.
* **Marked content.** A tagged leaf wraps its own drawing in ``/P <</MCID n>> BDC ... EMC``
  (on a tagging canvas; a measuring canvas gets plain drawing). Everything else a page draws
  (table backgrounds and rules, writing lines, the footer, page numbers and draft band)
  lies inside an ``/Artifact`` sequence: a page is artifact unless a leaf says otherwise,
  so no content is ever left unmarked.
* **The tree.** At the end, ``Tagger.write`` turns the nodes into StructElem objects,
  the ParentTree, /StructParents and /Tabs on pages, /MarkInfo, /Lang, /ViewerPreferences,
  XMP metadata (dc:title, pdfuaid:part 1) and an outline of the H1/H2 headings, through
  ReportLab's own pdfdoc objects.

Marked content from the script layer (a ``/Span <</ActualText ...>> BDC`` around a shaped
glyph run) nests inside a leaf's sequence. The output stays deterministic: node order, MCIDs
and object numbers follow the drawing, which follows the input.
"""

from __future__ import annotations

import itertools
from html import escape as _html_escape
from typing import Iterable

from reportlab.pdfbase import pdfdoc

_SEQ = itertools.count()     # creation order; only relative order is ever used

HEADINGS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}
OUTLINE_LEVELS = 2           # H1 and H2 become bookmarks


class Node:
    """One structure element. Leaves get marked-content references as they are drawn."""

    __slots__ = ("role", "parent", "children", "lang", "alt", "actual", "attrs", "seq",
                 "marks")

    def __init__(self, role: str, *, lang: str | None = None, alt: str | None = None,
                 actual: str | None = None, attrs: dict | None = None):
        self.role, self.lang, self.alt, self.actual = role, lang, alt, actual
        self.attrs = attrs
        self.parent: Node | None = None
        self.children: list[Node] = []
        self.seq = next(_SEQ)
        self.marks: list[tuple[int, int]] = []   # (page index, MCID), for leaves

    def root(self) -> Node:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def adopt(self, nodes: Iterable[Node], *, in_order: bool = False) -> Node:
        """Make `nodes` children of this node, in content order (or in the order given,
        when `in_order`: a list item's label before its body, whichever was made first)."""
        for node in nodes:
            if node is self or node.parent is self:
                continue
            if node.parent is not None:
                node.parent.children.remove(node)
            node.parent = self
            self.children.append(node)
            self.seq = min(self.seq, node.seq)
        if not in_order:
            self.children.sort(key=lambda n: n.seq)
        return self

    def __repr__(self):
        return f"<{self.role} {len(self.children)} children, {len(self.marks)} marks>"


# -- roles ---------------------------------------------------------------------------------

_TAGGED: dict[type, type] = {}


def tag(flowable, role: str, *, node: Node | None = None, **kwargs):
    """Make `flowable` a content item of structure type `role` (or of an existing `node`,
    so that several flowables are one element); returns the flowable."""
    flowable._struct = node if node is not None else Node(role, **kwargs)
    cls = type(flowable)
    if not getattr(cls, "_tagged_leaf", False):
        flowable.__class__ = _tagged_class(cls)
    return flowable


def _tagged_class(cls: type) -> type:
    if cls not in _TAGGED:
        def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - ReportLab's name
            tagger = getattr(canvas, "tagger", None)
            if tagger is None:
                return cls.drawOn(self, canvas, x, y, _sW)
            tagger.begin(canvas, self._struct, self, x, y)
            try:
                return cls.drawOn(self, canvas, x, y, _sW)
            finally:
                tagger.end(canvas)

        def split(self, *args, **kwargs):
            parts = cls.split(self, *args, **kwargs)
            for part in parts:       # a paragraph continued on the next page is the same P
                if part is not self and not isinstance(part, str):
                    tag(part, self._struct.role, node=self._struct)
            return parts

        _TAGGED[cls] = type(cls.__name__, (cls,), {
            "_tagged_leaf": True, "drawOn": drawOn, "split": split,
            "__module__": cls.__module__})
    return _TAGGED[cls]


def nodes_in(*items) -> list[Node]:
    """The top-most nodes of everything tagged in `items` (flowables, lists of them, tables,
    grids, keep-together groups, nodes), in content order."""
    leaves: list[Node] = []
    _collect(items, leaves)
    found: dict[int, Node] = {}
    for leaf in leaves:
        top = leaf.root()
        found[id(top)] = top
    return sorted(found.values(), key=lambda n: n.seq)


def _collect(item, out: list) -> None:
    """The nodes of `item`, depth first, appended to `out` (a function, not a generator:
    a quiz asks this of every question's cells several times)."""
    if item is None or isinstance(item, str):
        return
    if isinstance(item, Node):
        out.append(item)
        return
    node = getattr(item, "_struct", None)
    if node is not None:
        out.append(node)
        return
    if isinstance(item, (list, tuple)):
        for sub in item:
            _collect(sub, out)
        for name in ("icons", "words"):                # a risk figure's cell
            if hasattr(item, name):
                _collect(getattr(item, name), out)
        return
    content = getattr(item, "_content", None)           # KeepTogether and friends
    if content is not None:
        _collect(content, out)
    cells = getattr(item, "_cellvalues", None)          # Table, CellGrid
    if cells is not None:
        _collect(cells, out)


def group(role: str, *members, **kwargs) -> Node:
    """A container node (L, LI, Table, TR, Div, Sect...) over what `members` hold."""
    return Node(role, **kwargs).adopt(nodes_in(*members))


def list_of(items: list, *, numbering: str = "Disc", **kwargs) -> Node:
    """An L of one LI per item, in the order given; each item's own node becomes its LBody
    (or, for a (label, body) pair, Lbl and LBody)."""
    entries = []
    for item in items:
        if isinstance(item, tuple):
            label, body = item
            parts = [part(label, "Lbl"), part(body, "LBody")]
        else:
            parts = [part(item, "LBody")]
        entries.append(Node("LI").adopt((p for p in parts if p is not None), in_order=True))
    attrs = {"O": "List", "ListNumbering": numbering}
    return Node("L", attrs=attrs, **kwargs).adopt(entries, in_order=True)


def table_of(rows: list[list], *, header_rows: int = 1, row_headers: bool = False,
             **kwargs) -> Node:
    """A Table of TR rows, rows and cells in the order given (pass the logical order, not
    the mirrored one of a right-to-left page): cells of the first `header_rows`
    rows are TH with column scope, the first cell of a row TH with row scope when
    `row_headers`; other cells TD. Empty cells ("" or None) are left out."""
    trs = []
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            if r < header_rows:
                role, scope = "TH", "Column"
            elif c == 0 and row_headers:
                role, scope = "TH", "Row"
            else:
                role, scope = "TD", None
            node = part(cell, role)
            if node is None:
                continue
            if scope:
                node.attrs = {"O": "Table", "Scope": scope}
            cells.append(node)
        if cells:
            trs.append(Node("TR").adopt(cells, in_order=True))
    return Node("Table", **kwargs).adopt(trs, in_order=True)


def part(item, role: str) -> Node | None:
    """`item`'s single node given `role` (a lone paragraph becomes the cell or list body
    itself), or a new `role` node over several."""
    node = getattr(item, "_struct", None)        # one tagged flowable: what nodes_in finds
    nodes = [node.root()] if node is not None else nodes_in(item)
    if not nodes:
        return None
    if len(nodes) == 1 and not nodes[0].children and nodes[0].role in ("P", "Span"):
        nodes[0].role = role
        return nodes[0]
    return Node(role).adopt(nodes)


# -- marked content and the tree -------------------------------------------------------------

def _raw(text: str):
    class Raw(pdfdoc.PDFObject):
        def format(self, document):
            return text.encode("ascii")
    return Raw()


_TRUE = _raw("true")


class _Elem(pdfdoc.PDFObject):
    """A StructElem, written compactly: a leaflet has a few hundred of them."""

    def __init__(self, role: str, parent):
        self.role, self.parent = role, parent
        self.entries: list[tuple[str, object]] = []
        self.kids: list = []

    def format(self, document) -> bytes:
        out = [b"<</S/", self.role.encode("ascii"), b"/P ", _fmt(self.parent, document)]
        for key, value in self.entries:
            out += [b"/", key.encode("ascii"), b" ", _fmt(value, document)]
        kids = [_fmt(kid, document) for kid in self.kids]
        out += [b"/K ", kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]", b">>"]
        return b"".join(out)


class _MCR(pdfdoc.PDFObject):
    """A marked-content reference to another page than its element's /Pg."""

    def __init__(self, page, mcid: int):
        self.page, self.mcid = page, mcid

    def format(self, document) -> bytes:
        return b"<</Type/MCR/Pg " + self.page.format(document) + b"/MCID %d>>" % self.mcid


def _fmt(value, document) -> bytes:
    if type(value) is pdfdoc.PDFObjectReference:    # most values: what its format() writes
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    return value.encode("ascii") if isinstance(value, str) else value.format(document)


def _dict(values: dict) -> pdfdoc.PDFDictionary:
    d = pdfdoc.PDFDictionary(values)
    d.multiline = False
    return d


class Tagger:
    """Records the marked content of one document while it is drawn, then writes its tree.

    `page` is the index of the page being drawn (the canvas sets it); MCIDs count from 0 on
    every page."""

    def __init__(self, lang: str, title: str):
        self.lang, self.title = lang, title
        self.page = 0
        self.mcids: list[list[Node]] = [[]]
        self.open: Node | None = None
        self.artifact = False
        self.drawn: list[Node] = []           # leaves, in the order first drawn
        self.headings: list[tuple[Node, int, float, float, str]] = []
        self.order: dict[int, int] = {}       # node id -> place in reading order (write)

    # -- while drawing --------------------------------------------------------------------
    def start_page(self, canvas, index: int) -> None:
        """Every page starts inside an artifact: whatever is not a leaf's is furniture."""
        self.page = index
        while len(self.mcids) <= index:
            self.mcids.append([])
        canvas._psCommandsBeforePage.append("/Artifact BMC")  # noqa: SLF001
        self.artifact = True

    def end_page(self, canvas) -> None:
        if self.artifact:
            canvas._code.append("EMC")  # noqa: SLF001
            self.artifact = False

    def begin(self, canvas, node: Node, flowable, x: float, y: float) -> None:
        if self.open is not None:
            raise RuntimeError(f"{node.role} drawn inside {self.open.role}: a content item "
                               "cannot hold another (tag the inner one's container instead)")
        if self.artifact:
            canvas._code.append("EMC")  # noqa: SLF001
            self.artifact = False
        mcid = len(self.mcids[self.page])
        self.mcids[self.page].append(node)
        if not node.marks:
            self.drawn.append(node)
            if HEADINGS.get(node.role, 99) <= OUTLINE_LEVELS:
                top = canvas.absolutePosition(x, y + getattr(flowable, "height", 0))
                text = flowable.getPlainText() if hasattr(flowable, "getPlainText") else ""
                self.headings.append((node, self.page, top[0], top[1], " ".join(text.split())))
        node.marks.append((self.page, mcid))
        canvas._code.append(f"/{_mc_tag(node.role)} <</MCID {mcid}>> BDC")  # noqa: SLF001
        self.open = node

    def end(self, canvas) -> None:
        canvas._code.append("EMC")  # noqa: SLF001
        self.open = None
        canvas._code.append("/Artifact BMC")  # noqa: SLF001
        self.artifact = True

    def notice(self, canvas, lang: str | None) -> None:
        """Inside a furniture artifact: a line that is also said once as content (the
        draft notice on the first page), before everything else in the document."""
        node = Node("P", lang=lang)
        node.seq = -1000 + len([n for n in self.drawn if n.seq < 0])
        canvas._code.append("EMC")  # noqa: SLF001 - out of the furniture artifact
        mcid = len(self.mcids[self.page])
        self.mcids[self.page].append(node)
        self.drawn.append(node)
        node.marks.append((self.page, mcid))
        canvas._code.append(f"/P <</MCID {mcid}>> BDC")  # noqa: SLF001

    def end_notice(self, canvas) -> None:
        canvas._code.append("EMC")  # noqa: SLF001
        canvas._code.append("/Artifact <</Type /Pagination /Subtype /Header>> BDC")  # noqa: SLF001

    @staticmethod
    def furniture(canvas, subtype: str):
        """Open a pagination artifact (Header or Footer); close it with `close`."""
        if getattr(canvas, "tagger", None) is not None:
            canvas._code.append(f"/Artifact <</Type /Pagination /Subtype /{subtype}>> BDC")  # noqa: SLF001

    @staticmethod
    def close(canvas):
        if getattr(canvas, "tagger", None) is not None:
            canvas._code.append("EMC")  # noqa: SLF001

    def bookmarks(self, canvas, page: int) -> None:
        """Destinations for the headings drawn on `page` (called while it is current)."""
        for index, (_node, on_page, x, y, _text) in enumerate(self.headings):
            if on_page == page:
                canvas.bookmarkPage(f"h{index}", fit="XYZ", left=x, top=y)

    # -- the tree ---------------------------------------------------------------------------
    def write(self, canvas) -> None:
        doc = canvas._doc  # noqa: SLF001
        doc._pdfVersion = max(doc._pdfVersion, (1, 7))  # noqa: SLF001 - PDF/UA is on 1.7
        roots: dict[int, Node] = {}
        for leaf in self.drawn:
            top = leaf.root()
            roots[id(top)] = top
        document = Node("Document")
        document.children = sorted(roots.values(), key=lambda n: n.seq)

        # one walk: which nodes hold content (others are not written), the page each one's
        # content starts on (a container's /Pg), and every node's place in reading order
        first_pages: dict[int, int] = {}     # node id -> first page, for live nodes only
        self.order = order = {}              # node id -> position in reading order

        def walk(node: Node) -> None:
            order[id(node)] = len(order)
            first = node.marks[0][0] if node.marks else None
            for child in node.children:
                walk(child)
                if first is None:
                    first = first_pages.get(id(child))
            if first is not None:
                first_pages[id(node)] = first

        walk(document)
        pages = [pdfdoc.PDFObjectReference(f"Page{i + 1}") for i in range(len(self.mcids))]
        root = _dict({"Type": pdfdoc.PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root)
        refs: dict[int, pdfdoc.PDFObjectReference] = {}
        reference = doc.Reference

        def make(node: Node, parent_ref, inherited: str) -> None:
            elem = _Elem(node.role, parent_ref)
            ref = reference(elem)
            refs[id(node)] = ref
            entries, kids = elem.entries, elem.kids
            lang = node.lang or inherited
            if node.lang and node.lang != inherited:
                entries.append(("Lang", pdfdoc.PDFString(node.lang)))
            if node.alt:
                entries.append(("Alt", pdfdoc.PDFString(node.alt)))
            if node.actual:
                entries.append(("ActualText", pdfdoc.PDFString(node.actual)))
            if node.attrs:
                entries.append(("A", "<<" + "".join(
                    f"/{k}/{v}" for k, v in node.attrs.items()) + ">>"))
            marks = node.marks
            shown = first_pages.get(id(node))   # a container too: where its content starts
            if shown is not None:
                entries.append(("Pg", pages[shown]))
            if marks:
                first_page = marks[0][0]
                for page, mcid in marks:
                    kids.append(str(mcid) if page == first_page else _MCR(pages[page], mcid))
            for child in node.children:
                if id(child) in first_pages:
                    make(child, ref, lang)
                    kids.append(refs[id(child)])

        make(document, root_ref, self.lang)
        root["K"] = refs[id(document)]
        nums: list = []
        for index, nodes in enumerate(self.mcids):
            nums += [index, pdfdoc.PDFArray([refs[id(n)] for n in nodes])]
        root["ParentTree"] = doc.Reference(_dict({"Nums": pdfdoc.PDFArray(nums)}))
        root["ParentTreeNextKey"] = len(self.mcids)

        catalog = doc.Catalog
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = _dict({"Marked": _TRUE})
        catalog.ViewerPreferences = _dict({"DisplayDocTitle": _TRUE})
        catalog.Lang = pdfdoc.PDFString(self.lang)
        catalog.Metadata = doc.Reference(_xmp(self.title, self.lang))
        for index, page in enumerate(doc.Pages.pages):
            page.__NoDefault__ = page.__NoDefault__ + ["StructParents", "Tabs"]
            page.StructParents = index
            page.Tabs = pdfdoc.PDFName("S")

    def outline(self, canvas) -> None:
        """Bookmarks for the H1/H2 headings, in reading (tree) order."""
        if not self.headings:
            return
        order = self.order          # made by `write`, which runs first
        levels: list[int] = []
        for index, (node, _page, _x, _y, text) in sorted(
                enumerate(self.headings), key=lambda h: order[id(h[1][0])]):
            level = HEADINGS[node.role] - 1
            level = min(level, (levels[-1] + 1) if levels else 0)
            levels.append(level)
            canvas.addOutlineEntry(text or node.role, f"h{index}", level=level)
        canvas.showOutline()


_MC_TAGS = {"Document", "Sect", "Div", "L", "LI", "Table", "TR", "THead", "TBody"}


def _mc_tag(role: str) -> str:
    """The tag of a leaf's marked-content sequence: its role (a grouping role would be odd
    on content, so a leaf never has one, but say Span if it did)."""
    return "Span" if role in _MC_TAGS else role


def escape(text: str) -> str:
    """&, < and > as XML entities (what xml.sax.saxutils.escape does; that module imports
    urllib.request, http.client and ssl, 11 ms of every cold start)."""
    return _html_escape(text, quote=False)


def _xmp(title: str, lang: str) -> pdfdoc.PDFStream:
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>leaflets (ReportLab)</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    stream = pdfdoc.PDFStream(
        _dict({"Type": pdfdoc.PDFName("Metadata"), "Subtype": pdfdoc.PDFName("XML")}),
        packet.encode("utf-8"), filters=[])
    return stream
