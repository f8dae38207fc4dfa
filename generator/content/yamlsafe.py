"""A strict YAML reader that remembers line numbers.

PyYAML's `safe_load` silently keeps the last of two duplicate keys, expands aliases without
limit and forgets where each value came from. Content is edited by hand, so every error
must point at a line: this reader composes the node tree itself and rejects duplicate keys,
aliases, tags and absurd sizes before anything else looks at the data.

Where PyYAML has libyaml (`yaml.CSafeLoader` exists), the text is scanned and parsed in C
(`CStrictLoader`) and only the composing is done here, by the same code as without it: the
alias, size and depth checks run on every event before a node is made, and line numbers
come from the same marks. A file libyaml refuses is parsed again by the pure-Python loader,
so a syntax error reads the same with and without libyaml (libyaml words its errors
differently). `LOADERS` lists the loaders of this installation, the first is used.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from generator.errors import LeafletError
from generator.files import TooLarge, read_regular

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 50_000      # a leaflet has about 1,000; parsing is slow, so stop early

# What YAML itself refuses in a file (C0/C1 controls, surrogates, U+FFFE/U+FFFF), also
# refused when it arrives through an escape such as "\0", "\e" or "\ud800".
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# Where libyaml and PyYAML read a text differently, it is read by PyYAML alone: a tab
# (libyaml takes it for a space where PyYAML refuses it and says where), a byte-order mark
# after the start, NEL and the Unicode line and paragraph separators (line breaks to PyYAML,
# so line numbers would differ), a block scalar header with a comment and no space (|#),
# and tags (`!x`, `!!str`: the two parse malformed tags differently; content has no tags).
# Content files have none of these; tests/test_yaml_libyaml.py compares the two loaders.
_LIBYAML_DIFFERS = re.compile("[\t\ufeff\x85\u2028\u2029]|[|>][-+0-9]*#|(?:^|[\\s\\[{,])!")


class LineStr(str):
    """A string that knows the line it was read from.

    `yaml11` is set on a plain scalar that YAML 1.1 (PyYAML) would have read as a number
    or a boolean in a surprising way (`010` as 8, `1:30` as 90, `yes` as true): such a
    value stays the text it is, and a field that wants a number refuses it with
    `number_problem`."""

    line: int = 0
    yaml11: str | None = None


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


def read_yaml(path: Path, *, what: str = "file", scalars: str = "typed") -> object:
    """Read a YAML file into Line* containers, or raise a LeafletError naming the line.

    `scalars="typed"`: plain scalars that YAML 1.2 reads as numbers, booleans, nulls (and
    dates) are those; the YAML 1.1 surprises stay text (see `LineStr.yaml11`).
    `scalars="text"`: every scalar is the text it is written as (only an empty value or
    `~`/`null` is None), for files whose every field is text (the clinic file)."""
    path = Path(path)
    try:
        raw = read_regular(path, MAX_BYTES, what=what, hint="give the path of a .yaml file")
    except TooLarge:
        raise LeafletError(f"{what} is too large (more than {MAX_BYTES} bytes)",
                           path=path, hint="split it or remove pasted material") from None
    text = _decode(raw, path)
    return parse_yaml(text, path, scalars=scalars)


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless; editors on Windows add it
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LeafletError("file is UTF-16, not UTF-8", path=path,
                           hint="save the file as UTF-8 in your editor")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise LeafletError("file contains NUL bytes: it is UTF-16/UTF-32 or not a text file",
                           path=path, line=line, hint="save the file as UTF-8 in your editor")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LeafletError("file is not valid UTF-8", path=path, line=line,
                           hint="save the file as UTF-8 in your editor") from None


def parse_yaml(text: str, path: Path | str = "<string>", *, scalars: str = "typed") -> object:
    """Parse YAML text; the result holds only plain data in Line* containers."""
    if scalars not in ("typed", "text"):
        raise ValueError(f"scalars must be 'typed' or 'text', not {scalars!r}")
    bad = _UNPRINTABLE.search(text)
    if bad:
        raise LeafletError(f"character {_describe(bad.group())} is not allowed",
                           path=path, line=text.count("\n", 0, bad.start()) + 1,
                           hint="delete it (it is invisible in most editors)")
    fast = StrictLoader if _LIBYAML_DIFFERS.search(text) else LOADERS[0]
    try:
        return _parse(fast, text, path, scalars)
    except LeafletError as exc:
        if not getattr(exc, "libyaml", False):
            raise
    return _parse(StrictLoader, text, path, scalars)   # libyaml refused it: say it as PyYAML does


def _parse(loader_class, text: str, path, scalars: str) -> object:
    loader = loader_class(text)
    loader.leaflet_path = path
    loader.scalars = scalars
    try:
        node = loader.get_single_node()
        if node is None:
            raise LeafletError("file is empty", path=path, hint="add the required keys")
        return _convert(node, loader, path, depth=0)
    except yaml.MarkedYAMLError as exc:
        if loader_class is not StrictLoader and not isinstance(exc, _OurError):
            raise _libyaml_refused() from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        hint = "fix the YAML syntax on that line"
        if "\t" in problem or "'\\t'" in problem:
            hint = "YAML indentation must use spaces, not tabs"
        raise LeafletError(f"YAML syntax error: {problem}", path=path, line=line,
                           hint=hint) from None
    except yaml.YAMLError as exc:
        if loader_class is not StrictLoader:
            raise _libyaml_refused() from None
        raise LeafletError(f"YAML error: {exc}", path=path) from None
    except RecursionError:
        raise LeafletError("YAML is nested too deeply", path=path,
                           hint="flatten the structure") from None
    finally:
        loader.dispose()


def _libyaml_refused() -> LeafletError:
    error = LeafletError("libyaml refused the file")
    error.libyaml = True
    return error


class _OurError(yaml.composer.ComposerError):
    """An error this module raises while composing (not libyaml's)."""


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
        bad = _UNPRINTABLE.search(key)
        if bad:
            raise LeafletError(f"character {_describe(bad.group())} is not allowed in a key",
                               path=path, line=key_line, hint="retype the key")
        if key in out:
            raise LeafletError(
                f"duplicate key '{key}' (first on line {out.key_lines[key]})",
                path=path, line=key_line, hint="remove or rename one of them")
        out[key] = _convert(value_node, loader, path, depth + 1)
        out.key_lines[key] = key_line
    return out


def _convert_scalar(node, loader, path, line):
    if not node.style and node.tag in _YAML11_NAMES:
        node.tag = _STR_TAG         # a plain `=` or `<<` value is that text
    if node.tag not in _PLAIN_TAGS:
        raise LeafletError(f"YAML tag {node.tag} is not allowed", path=path, line=line,
                           hint="remove the tag; content is plain data")
    plain = not node.style       # None (PyYAML) or "" (libyaml): a plain scalar
    surprise = None
    if plain and node.tag == _NULL_TAG:
        return None
    if loader.scalars == "text":
        value = str(node.value)
    elif plain and (surprise := yaml11_surprise(node.tag, str(node.value))):
        value = str(node.value)
    else:
        value = _construct(node, loader, path, line)
    if isinstance(value, str):
        bad = _UNPRINTABLE.search(value)
        if bad:
            raise LeafletError(f"character {_describe(bad.group())} is not allowed",
                               path=path, line=line,
                               hint="remove the escape sequence that produces it")
        value = LineStr(value)
        value.line = line
        value.yaml11 = surprise
    return value


_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
# YAML 1.1 resolves a plain `=` to its "value" type and `<<` to "merge" (a merge key is
# refused where it is a key); as a value each is just the character(s).
_YAML11_NAMES = {"tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}
# The plain scalars YAML 1.2 (core schema) and YAML 1.1 read alike: decimal numbers
# without leading zeros, .inf/.nan, true/false. Anything else that PyYAML's YAML 1.1
# resolver turns into a number or a boolean is a surprise.
_CORE_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_CORE_BOOL = {"true", "True", "TRUE", "false", "False", "FALSE"}


def yaml11_surprise(tag: str, text: str) -> str | None:
    """Why YAML 1.1 would read the plain scalar `text` (resolved to `tag`) differently
    from what it looks like, or None when it reads as it looks."""
    kind = tag.rsplit(":", 1)[-1]
    if kind == "bool":
        return None if text in _CORE_BOOL else \
            f"YAML 1.1 reads the word {text} as {_yes_no(text)}"
    if kind not in ("int", "float"):
        return None
    if kind == "int" and _CORE_INT.fullmatch(text) or kind == "float" and (
            _CORE_FLOAT.fullmatch(text) and not re.match(r"[-+]?0[0-9]", text)
            or re.fullmatch(r"[-+]?0\.[0-9]*(?:[eE][-+]?[0-9]+)?", text)):
        return None
    if ":" in text:
        return f"YAML 1.1 reads {text} as the base-60 number {_sexagesimal(text)}"
    if "_" in text:
        return f"YAML 1.1 drops the underscores of {text}"
    if re.fullmatch(r"[-+]?0b[01_]+", text):
        return f"YAML 1.1 reads {text} as the binary number {int(text.replace('_', ''), 2)}"
    if re.fullmatch(r"[-+]?0x[0-9a-fA-F_]+", text):
        return f"YAML 1.1 reads {text} as the hexadecimal number " \
               f"{int(text.replace('_', ''), 16)}"
    if re.fullmatch(r"[-+]?0[0-7_]+", text):
        return f"YAML 1.1 reads {text} as the octal number {int(text.replace('_', ''), 8)}"
    return f"a number with a leading zero ({text}) is read differently by YAML 1.1 and 1.2"


def _yes_no(text: str) -> str:
    return "true" if text.lower() in ("yes", "y", "on") else "false"


def number_problem(value, want: str = "a number") -> tuple[str, str] | None:
    """(message, fix) when a field that wants a number (or true/false) got a YAML 1.1
    surprise; None for any other value."""
    surprise = getattr(value, "yaml11", None)
    if not surprise:
        return None
    plain = _plainly(value) if want == "a number" else "true or false"
    shown = f" ({plain})" if plain else ""
    return (f"value {value} is not written as {want}: {surprise}",
            f"write it plainly{shown}, or put it in quotes if it is text")


def _plainly(value: str) -> str:
    text = value.replace("_", "")
    if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]*)?", text):
        sign = text[0] if text[0] in "+-" else ""
        body = text.lstrip("+-").lstrip("0") or "0"
        return sign + ("0" + body if body.startswith(".") else body)
    return ""


def _sexagesimal(text: str) -> str:
    sign = -1 if text.startswith("-") else 1
    total = 0.0
    for part in text.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + float(part)
    total *= sign
    return str(int(total)) if total == int(total) else str(total)


def _construct(node, loader, path, line):
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        # 2026-13-45 looks like a date, 10**5000 like a number: neither can be built
        raise LeafletError(f"value {str(node.value)[:40]!r} cannot be read: {exc}",
                           path=path, line=line,
                           hint="write a real date (YYYY-MM-DD) or number, or quote it") from None


_COLLECTION_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map",
                    yaml.SequenceNode: "tag:yaml.org,2002:seq"}
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}"
               for name in ("str", "int", "float", "bool", "null", "timestamp")}


_original_compose_node = yaml.composer.Composer.compose_node


def _compose_node_without_aliases(self, parent, index):
    event = self.peek_event()
    if self.check_event(yaml.AliasEvent):
        raise _OurError(
            None, None, "aliases (*name) are not allowed in leaflet files", event.start_mark)
    # Limits are checked while composing, before a huge or deep tree is built.
    self.node_count += 1
    if self.node_count > MAX_NODES:
        raise LeafletError(f"more than {MAX_NODES} values in one file",
                           path=self.leaflet_path, line=event.start_mark.line + 1,
                           hint="split it or remove pasted material")
    if self.depth > MAX_DEPTH:
        raise LeafletError(f"nesting deeper than {MAX_DEPTH} levels", path=self.leaflet_path,
                           line=event.start_mark.line + 1, hint="flatten the structure")
    self.depth += 1
    try:
        return _original_compose_node(self, parent, index)
    finally:
        self.depth -= 1


def _describe(char: str) -> str:
    kind = {"Cc": "a control character", "Cs": "half of a surrogate pair"}.get(
        unicodedata.category(char), "not a character")
    return f"U+{ord(char):04X} ({unicodedata.name(char, kind)})"


class StrictLoader(yaml.SafeLoader):
    compose_node = _compose_node_without_aliases
    node_count = 0
    depth = 0
    scalars = "typed"
    leaflet_path: Path | str = "<string>"


LOADERS: tuple[type, ...] = (StrictLoader,)

if hasattr(yaml, "CSafeLoader"):
    _Composer = yaml.composer.Composer

    class CStrictLoader(yaml.CSafeLoader):
        """libyaml's scanner and parser (C), this module's composer and checks (Python):
        libyaml's own composer would build the whole tree, aliases shared, before any
        check could run."""

        get_single_node = _Composer.get_single_node
        compose_document = _Composer.compose_document
        compose_node = _compose_node_without_aliases
        compose_sequence_node = _Composer.compose_sequence_node
        compose_mapping_node = _Composer.compose_mapping_node
        node_count = 0
        depth = 0
        scalars = "typed"
        leaflet_path: Path | str = "<string>"

        def __init__(self, stream):
            super().__init__(stream)
            self.anchors = {}

        def compose_scalar_node(self, anchor):
            event = self.peek_event()
            if event.tag == "!" and not event.value:
                event.implicit = (True, False)    # a bare `!` is null to PyYAML
            return _Composer.compose_scalar_node(self, anchor)

    LOADERS = (CStrictLoader, StrictLoader)
