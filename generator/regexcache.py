"""The regular expressions a build compiles, kept compiled per machine: a fresh process
spent about 40 ms (an eighth of a cold one-leaflet build) compiling the patterns of ReportLab,
PyYAML, Babel, the standard library and the generator's own modules, 19 ms of it for
ReportLab's URL pattern alone (`uri_pat`, case-insensitive over the class [\\xa1-\\uffff], so
Python folds the case of 65,000 characters), 30 ms for the four slowest (`PATTERNS`).

How: Python keeps what `re.compile` made in `re._cache`, keyed by (type, pattern, flags),
and looks there first. `seed()` (run by `generator/__init__.py`, before anything imports
ReportLab or PyYAML) puts the compiled patterns there, made with `_sre.compile` from the
code Python's own compiler (`re._compiler`) produced for them on this machine; the module
that compiles a pattern then gets that object instead of compiling it. `save()` (run by
the `leaflets` command when it ends) writes the code of every pattern in `re._cache` when
the file is missing, unusable or out of date (one of the four `PATTERNS` is missing from
it or changed, in a new ReportLab), once their modules are loaded, after checking for each
that the Pattern it makes equals the one Python compiled (Pattern equality compares the
flags, the pattern and the code). Patterns compiled later from other input are not added
to a good file; a file that would be larger than `_MAX_BYTES` keeps only the four.

This uses the interpreter's internals (`re._cache`, `re._parser`, `re._compiler`,
`_sre.compile`), so it is guarded: only CPython 3.11 (whose `re` module these names and
this cache are from; 3.12 changed the cache) and a file keyed by the exact Python build
(`sys.version`) and `_sre.MAGIC`; a file that is missing, damaged (CRC-32 of the payload),
of another key or whose code `_sre` refuses is ignored and written again; any failure
leaves the patterns to be compiled as usual, and a folder that cannot be written is found
out before any code is worked out. The same Pattern objects result either way, so the
output cannot change (tests/test_regex_cache.py; tests/test_font_cache.py builds with the
folder empty, warm and damaged).

The file lives in the per-machine cache folder of the merged fonts and parsed faces
(`scripts.merge.cache_dir()`, computed here with `os.path` alone so that `leaflets --help`
stays light).
"""

from __future__ import annotations

import marshal
import os
import re
import stat
import sys
import zlib

try:   # CPython's regular expression engine and compiler (already loaded by `re`)
    import _sre
    from re import _compiler, _parser
except ImportError:   # another interpreter: patterns are compiled as usual
    _sre = None

# (module, attribute path) of the four slowest patterns, compiled when their module loads:
# the file is written when one of them is not in it as Python compiles it
PATTERNS = (
    ("reportlab.platypus.paragraph", "uri_pat"),
    ("reportlab.lib.PyFontify", "matchRE"),
    ("yaml.reader", "Reader.NON_PRINTABLE"),
    ("reportlab.lib.textsplit", "rx"),
)
_MAGIC = b"leaflets-regex 2\n"
_MAX_BYTES = 1 << 20
_SUPPORTED = _sre is not None and sys.implementation.name == "cpython" \
    and sys.version_info[:2] == (3, 11)

_state = {"seeded": {}, "stale": False}   # pattern text -> the seeded Pattern


def cache_folder() -> str:
    """scripts.merge.cache_dir(), without pathlib."""
    if os.environ.get("LEAFLETS_FONT_CACHE"):
        return os.environ["LEAFLETS_FONT_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "leaflets", "fonts")


def _key() -> str:
    """The exact Python build and regular expression engine the code is for."""
    text = "\0".join((sys.version, sys.implementation.cache_tag or "", str(_sre.MAGIC),
                      str(_sre.CODESIZE)))
    return f"{zlib.crc32(text.encode()):08x}"


def cache_file() -> str:
    return os.path.join(cache_folder(), f"patterns-{_key()}.re")


def seed() -> None:
    """Put the patterns saved on this machine into `re._cache` (nothing if unusable)."""
    if not _SUPPORTED:
        return
    try:
        # a regular file only, opened without blocking: a pipe in the folder is never
        # waited on
        fd = os.open(cache_file(), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ValueError("not a regular file")
            raw = fh.read(len(_MAGIC) + 4 + _MAX_BYTES)
        head = len(_MAGIC) + 4
        payload = raw[head:]
        if raw[:len(_MAGIC)] != _MAGIC or \
                int.from_bytes(raw[len(_MAGIC):head], "big") != zlib.crc32(payload):
            raise ValueError("damaged")
        stored = marshal.loads(payload)
        if stored["key"] != _key():
            raise ValueError("made by another Python")
        seeded = {}
        for passed, (pattern, *parts) in stored["patterns"]:
            # _sre checks the code is well formed (ValueError/RuntimeError if not)
            compiled = _sre.compile(pattern, *parts)
            # the key re.compile looks for: the flags as the module passed them
            re._cache.setdefault((type(pattern), pattern, passed), compiled)
            seeded[pattern] = compiled
        _state["seeded"] = seeded
    except Exception:   # missing or unusable: compiled as usual, written again by save()
        _state["stale"] = True


def save() -> None:
    """Write the code of the compiled patterns if the file was missing, damaged or is out
    of date (see the module's docstring), once every module of PATTERNS is loaded."""
    if not _SUPPORTED or not all(module in sys.modules for module, _attr in PATTERNS):
        return
    patterns = [p for p in (_pattern(module, attr) for module, attr in PATTERNS)
                if isinstance(p, re.Pattern)]
    seeded = _state["seeded"]
    if not _state["stale"] and all(seeded.get(p.pattern) == p for p in patterns):
        return
    target = cache_file()
    temp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(cache_folder(), exist_ok=True)
        with open(temp, "wb") as fh:   # first: an unwritable folder costs nothing more
            everything = [(key[2], compiled) for key, compiled in list(re._cache.items())
                          if type(key[1]) in (str, bytes) and isinstance(compiled, re.Pattern)]
            payload = _payload(everything)
            if len(payload) > _MAX_BYTES:   # patterns made from some large input
                slowest = {p.pattern for p in patterns}
                payload = _payload([(flags, compiled) for flags, compiled in everything
                                    if compiled.pattern in slowest])
            fh.write(_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(temp, target)   # atomic: readers see the old file or the whole new one
    except Exception:   # a cache that cannot be written only costs the compiling
        try:
            os.unlink(temp)
        except OSError:
            pass
        return
    _state["stale"] = False


def _payload(compiled: list[tuple[int, re.Pattern]]) -> bytes:
    """The file's payload: for each (flags as passed to re.compile, Pattern), its code."""
    entries = [(passed, entry) for passed, pattern in compiled
               if (entry := _code_of(pattern)) is not None]
    return marshal.dumps({"key": _key(), "patterns": entries})


def _pattern(module: str, attr: str):
    value = sys.modules[module]
    for name in attr.split("."):
        value = getattr(value, name, None)
    return value


def _code_of(compiled: re.Pattern):
    """What `re._compiler.compile` hands `_sre.compile` for this pattern, or None if that
    does not make the same Pattern."""
    parsed = _parser.parse(compiled.pattern, compiled.flags)
    code = [int(op) for op in _compiler._code(parsed, compiled.flags)]   # opcodes are ints
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (compiled.pattern, compiled.flags | parsed.state.flags, code,
             parsed.state.groups - 1, groupindex, tuple(indexgroup))
    return entry if _sre.compile(*entry) == compiled else None
