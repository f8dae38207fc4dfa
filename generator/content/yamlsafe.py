"""A strict YAML reader that remembers line numbers.

PyYAML's `safe_load` silently keeps the last of two duplicate keys, expands aliases without
limit and forgets where each value came from. Content is edited by hand, so every error
must point at a line: this reader composes the node tree itself and rejects duplicate keys,
aliases, tags and absurd sizes before anything else looks at the data.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import LeafletError

MAX_BYTES = 1_000_000
MAX_DEPTH = 40


class LineStr(str):
    """A string that knows the line it was read from."""

    line: int = 0


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0

    def __init__(self):
        super().__init__()
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows its own line and the line of each item."""

    line: int = 0

    def __init__(self):
        super().__init__()
        self.lines: list[int] = []


def read_yaml(path: Path, *, what: str = "file") -> object:
    """Read a YAML file into Line* containers, or raise a LeafletError naming the line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LeafletError(f"{what} not found", path=path, hint="check the path") from None
    except OSError as exc:
        raise LeafletError(f"cannot read {what}: {exc.strerror}", path=path) from None
    if len(raw) > MAX_BYTES:
        raise LeafletError(f"{what} is too large ({len(raw)} bytes, limit {MAX_BYTES})",
                           path=path, hint="split it or remove pasted material")
    text = _decode(raw, path)
    return parse_yaml(text, path)


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless; editors on Windows add it
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LeafletError("file is UTF-16, not UTF-8", path=path,
                           hint="save the file as UTF-8 in your editor")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LeafletError("file is not valid UTF-8", path=path, line=line,
                           hint="save the file as UTF-8 in your editor") from None


def parse_yaml(text: str, path: Path | str = "<string>") -> object:
    """Parse YAML text; the result holds only plain data in Line* containers."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise LeafletError("file is empty", path=path, hint="add the required keys")
        return _convert(node, loader, path, depth=0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        hint = "fix the YAML syntax on that line"
        if "\t" in problem or "'\\t'" in problem:
            hint = "YAML indentation must use spaces, not tabs"
        raise LeafletError(f"YAML syntax error: {problem}", path=path, line=line,
                           hint=hint) from None
    except yaml.YAMLError as exc:
        raise LeafletError(f"YAML error: {exc}", path=path) from None
    except RecursionError:
        raise LeafletError("YAML is nested too deeply", path=path) from None
    finally:
        loader.dispose()


def _convert(node, loader, path, depth):
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise LeafletError(f"nesting deeper than {MAX_DEPTH} levels", path=path, line=line,
                           hint="flatten the structure")
    expected = _COLLECTION_TAGS.get(type(node))
    if expected is not None and node.tag != expected:
        raise LeafletError(f"YAML tag {node.tag} is not allowed", path=path, line=line,
                           hint="remove the tag; content is plain data")
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, loader, path, depth, line)
    if isinstance(node, yaml.SequenceNode):
        out = LineList()
        out.line = line
        for item in node.value:
            out.append(_convert(item, loader, path, depth + 1))
            out.lines.append(item.start_mark.line + 1)
        return out
    return _convert_scalar(node, loader, path, line)


def _convert_mapping(node, loader, path, depth, line):
    out = LineDict()
    out.line = line
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise LeafletError("keys must be plain names (no merge keys or complex keys)",
                               path=path, line=key_line)
        key = str(key_node.value)
        if key in out:
            raise LeafletError(
                f"duplicate key '{key}' (first on line {out.key_lines[key]})",
                path=path, line=key_line, hint="remove or rename one of them")
        out[key] = _convert(value_node, loader, path, depth + 1)
        out.key_lines[key] = key_line
    return out


def _convert_scalar(node, loader, path, line):
    if node.tag not in _PLAIN_TAGS:
        raise LeafletError(f"YAML tag {node.tag} is not allowed", path=path, line=line,
                           hint="remove the tag; content is plain data")
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str):
        value = LineStr(value)
        value.line = line
    return value


_COLLECTION_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map",
                    yaml.SequenceNode: "tag:yaml.org,2002:seq"}
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}"
               for name in ("str", "int", "float", "bool", "null", "timestamp")}


_original_compose_node = yaml.composer.Composer.compose_node


def _compose_node_without_aliases(self, parent, index):
    if self.check_event(yaml.AliasEvent):
        event = self.peek_event()
        raise yaml.composer.ComposerError(
            None, None, "aliases (*name) are not allowed in leaflet files", event.start_mark)
    return _original_compose_node(self, parent, index)


class StrictLoader(yaml.SafeLoader):
    compose_node = _compose_node_without_aliases
