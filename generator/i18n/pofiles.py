"""Read and write catalogs the same way every time, so diffs show only real changes.

Every writer goes through `write_catalog`: Babel's write_po with one fixed width, source order
(not sorted), previous msgids (`#|`) kept for fuzzy entries, and an atomic replace. A file
whose content would not change is not touched, so `update` on an unchanged source leaves
git clean.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.pofile import normalize, write_po

from ..errors import LeafletError
from ..localize.catalogs import PoCatalog, parse_po, read_po_bytes
from ..render.output import write_atomic

WIDTH = 76


def read_fresh(path: Path) -> PoCatalog:
    """A catalog read now, not from the build's cache: callers may change it."""
    return parse_po(io.BytesIO(read_po_bytes(Path(path))), path)


def serialize(catalog, *, template: bool = False, omit_header: bool = False) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=False, omit_header=omit_header,
             include_previous=False, ignore_obsolete=template)
    data = buffer.getvalue()
    return data if template else _with_previous(data, catalog, omit_header)


def _with_previous(data: bytes, catalog, omit_header: bool) -> bytes:
    """Add `#| msgid` lines (the source a fuzzy translation was made for).

    Babel's own include_previous wraps the normalized previous msgid as comment prose, which
    breaks long strings into lines that are not PO strings; here they are written as GNU
    gettext does: `#| msgid ""` then one `#| "..."` line per piece.
    """
    messages = [m for m in catalog if m.id]
    if not any(m.previous_id for m in messages):
        return data
    blocks = data.decode("utf-8").split("\n\n")
    start = 0 if omit_header else 1
    if len(blocks) < start + len(messages):
        return data
    for offset, message in enumerate(messages):
        if not message.previous_id:
            continue
        lines = blocks[start + offset].split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(("msgctxt ", "msgid ")))
        previous = [f"#| {keyword} " + normalize(text, width=WIDTH - 3).replace("\n", "\n#| ")
                    for keyword, text in zip(("msgid", "msgid_plural"), message.previous_id)]
        blocks[start + offset] = "\n".join(lines[:at] + previous + lines[at:])
    return "\n\n".join(blocks).encode("utf-8")


def same_messages(a, b, *, template: bool = False) -> bool:
    """True when two catalogs differ at most in their header."""
    return serialize(a, template=template, omit_header=True) == \
        serialize(b, template=template, omit_header=True)


def write_catalog(path: Path, catalog, *, template: bool = False) -> bool:
    """Write `catalog` atomically if its bytes differ from the file; True when written."""
    data = serialize(catalog, template=template)
    path = Path(path)
    try:
        if read_po_bytes(path) == data:
            return False
    except LeafletError:
        pass    # missing, not a regular file or too large: replaced by the new catalog
    write_atomic(path, data)
    return True


def locale_catalogs(locales_dir: Path, locale: str) -> dict[str, Path]:
    """domain -> .po path for every catalog a locale has."""
    folder = locales_dir / locale / "LC_MESSAGES"
    return {path.stem: path for path in sorted(folder.glob("*.po"))}

