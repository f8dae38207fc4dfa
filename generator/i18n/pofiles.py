"""Read and write catalogs the same way every time, so diffs show only real changes.

Every writer goes through `write_catalog`: Babel's write_po with one fixed width, source order
(not sorted), previous msgids (`#|`) kept for fuzzy entries, and an atomic replace. A file
whose content would not change is not touched, so `update` on an unchanged source leaves
git clean. An entry whose meaning did not change keeps its bytes as they are in the file, so
a catalog saved by Poedit or `msgcat --no-wrap` (other line wrapping) moves only where an
entry really changed.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.pofile import normalize, write_po

from generator.errors import LeafletError
from generator.files import write_atomic
from generator.localize.catalogs import PoCatalog, parse_po, read_po_bytes

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


def _blocks(text: str) -> list[str]:
    """A PO file's entries: blocks separated by blank lines."""
    return [block for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


def _meaning(message, header: bool = False):
    """What an entry says, independent of how it is wrapped or laid out."""
    if header:
        return None
    return (message.context, message.id, message.string, frozenset(message.flags),
            " ".join(" ".join(message.auto_comments).split()),
            tuple(message.user_comments),
            frozenset((where, line or None) for where, line in message.locations),  # `#: file` is line 0 or None
            tuple(message.previous_id or ()))


def _old_entries(data: bytes) -> dict:
    """(context, msgid) -> (meaning, block text) for each entry of an existing file."""
    entries = {}
    for block in _blocks(data.decode("utf-8", errors="replace").lstrip("\ufeff")):
        if block.lstrip().startswith("#~"):
            continue
        try:
            catalog = parse_po(io.BytesIO(block.encode("utf-8")))
        except LeafletError:
            return {}  # a file that does not split cleanly is written whole
        for message in catalog:
            if message.id:
                entries[(message.context, message.id if isinstance(message.id, str)
                         else message.id[0])] = (_meaning(message), block)
    return entries


def _keep_unchanged(data: bytes, catalog, old: bytes) -> bytes:
    """`data` (our serialization of `catalog`) with each entry whose meaning equals the old
    file's entry replaced by the old file's bytes for it."""
    entries = _old_entries(old)
    if not entries:
        return data
    blocks = data.decode("utf-8").split("\n\n")
    messages = [m for m in catalog if m.id]
    if len(blocks) < 1 + len(messages):
        return data
    def keep(index: int, old_block: str) -> None:
        ours = blocks[index]
        blocks[index] = old_block.strip("\n") + ours[len(ours.rstrip("\n")):]

    old_header = _blocks(old.decode("utf-8", errors="replace").lstrip("\ufeff"))[:1]
    if old_header and _header_meaning(old_header[0]) == _header_meaning(blocks[0]):
        keep(0, old_header[0])
    for offset, message in enumerate(messages):
        key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
        found = entries.get(key)
        if found and found[0] == _meaning(message):
            keep(1 + offset, found[1])
    text = "\n\n".join(blocks)
    if not old.endswith(b"\n\n"):  # and the file ends as it ended (msgcat: no blank line)
        text = text.rstrip("\n") + "\n"
    return text.encode("utf-8")


def _header_meaning(block: str):
    """The header's fields, however its lines are wrapped (None if it is not a header)."""
    try:
        catalog = parse_po(io.BytesIO(block.encode("utf-8")))
    except LeafletError:
        return None
    return [(name, " ".join(value.split())) for name, value in catalog.mime_headers]


def same_messages(a, b, *, template: bool = False) -> bool:
    """True when two catalogs differ at most in their header."""
    return serialize(a, template=template, omit_header=True) == \
        serialize(b, template=template, omit_header=True)


def write_catalog(path: Path, catalog, *, template: bool = False) -> bool:
    """Write `catalog` atomically if its bytes differ from the file; True when written."""
    data = serialize(catalog, template=template)
    path = Path(path)
    try:
        old = read_po_bytes(path)
    except LeafletError:
        old = None  # missing, not a regular file or too large: replaced by the new catalog
    if old is not None:
        if not template:
            data = _keep_unchanged(data, catalog, old)
        if old == data:
            return False
    write_atomic(path, data)
    return True


def locale_catalogs(locales_dir: Path, locale: str) -> dict[str, Path]:
    """domain -> .po path for every catalog a locale has."""
    folder = locales_dir / locale / "LC_MESSAGES"
    return {path.stem: path for path in sorted(folder.glob("*.po"))}

