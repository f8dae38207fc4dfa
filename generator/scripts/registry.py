"""The font registry: which writing system a locale is printed in, and which font files
draw it. Light on purpose (no ReportLab): planning a build and deciding what is up to date
ask it for every job; `scripts.fonts` registers the faces when something is rendered.

The table lives in ``fonts.yaml`` beside this module (script -> font files per weight,
plus locale overrides); the locale -> script step uses Babel's CLDR likely subtags so
that ``ar``, ``zh_TW`` or ``sr`` need no entry of their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import yaml
from babel.core import get_global

from generator.errors import LeafletError

CONFIG_PATH = Path(__file__).with_name("fonts.yaml")
SYSTEM_FONT_DIR = Path("/usr/share/fonts")
FONT_PATH_ENV = "LEAFLETS_FONT_PATH"
WEIGHTS = ("regular", "bold", "italic", "bold_italic")
# libyaml scans the project's own YAML about 7x faster than PyYAML, to the same values
# (tests/test_yaml_libyaml.py compares them for this table and the style sheets)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)



@dataclass(frozen=True)
class ScriptFonts:
    """The registered ReportLab fonts for one writing system, and how to lay it out."""

    script: str        # ISO 15924 code: 'Latn', 'Arab', 'Hans', 'Hant', 'Hang', 'Jpan', 'Deva', 'Cyrl'
    regular: str       # ReportLab font names, all registered
    bold: str
    italic: str        # same as regular if the script has no italic
    bold_italic: str
    family: str        # registered with addMapping so <b>/<i> in Paragraphs work
    shaping: bool      # needs HarfBuzz shaping (Arab, Deva, Beng ...)
    rtl: bool
    cjk_wrap: bool     # use wordWrap='CJK'

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The font name for a bold/italic combination."""
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


# ---------------------------------------------------------------- configuration


@lru_cache(maxsize=None)
def load_config(path: Path = CONFIG_PATH) -> dict:
    """Parse fonts.yaml once; malformed entries are a LeafletError pointing at the file."""

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LeafletError(f"cannot read font table: {exc}", path=path,
                           hint="restore generator/scripts/fonts.yaml from git") from exc
    scripts = data.get("scripts") or {}
    for script, entry in scripts.items():
        if not isinstance(entry, dict) or "regular" not in entry:
            raise LeafletError(f"script {script!r} has no 'regular' font", path=path,
                               hint="see docs/fonts.md, 'Adding a script'")
    data.setdefault("script_aliases", {})
    data["locales"] = data.get("locales") or {}
    return data


def font_dirs_default() -> list[Path]:
    """Dirs searched for font files: $LEAFLETS_FONT_PATH entries first, then /usr/share/fonts."""
    dirs = [Path(p) for p in os.environ.get(FONT_PATH_ENV, "").split(os.pathsep) if p]
    dirs.append(SYSTEM_FONT_DIR)
    return dirs


# ---------------------------------------------------------------- locale -> script


def _parse_locale(locale: str) -> tuple[str, str | None, str | None]:
    """'zh-Hant-TW' / 'pt_BR.UTF-8' -> (language, script or None, territory or None)."""
    tag = locale.split(".")[0].split("@")[0].replace("-", "_").strip()
    parts = [p for p in tag.split("_") if p]
    if not parts or not parts[0].isalpha():
        raise LeafletError(f"not a locale: {locale!r}",
                           hint="use a language code such as 'en', 'ar' or 'zh_TW'")
    lang, script, territory = parts[0].lower(), None, None
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha():
            script = p.title()
        elif len(p) in (2, 3):
            territory = p.upper()
    return lang, script, territory


def script_for_locale(locale: str) -> str:
    """ISO 15924 script for a locale: explicit script subtag, fonts.yaml override, else CLDR."""
    config = load_config()
    lang, script, territory = _parse_locale(locale)
    if script is None:
        overrides = config["locales"]
        for key in (f"{lang}_{territory}" if territory else None, lang):
            if key and key in overrides:
                script = overrides[key]
                break
    if script is None:

        likely = get_global("likely_subtags")
        for key in (f"{lang}_{territory}" if territory else None, lang):
            found = likely.get(key) if key else None
            if found:
                script = _parse_locale(found)[1]
                if script:
                    break
    if script is None:
        raise LeafletError(f"unknown language in locale {locale!r}: cannot tell its script",
                           hint="use an ISO 639 language code, or add the locale under "
                                "'locales:' in generator/scripts/fonts.yaml")
    return config["script_aliases"].get(script, script)


# ---------------------------------------------------------------- font files


@lru_cache(maxsize=16)
def font_index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """File name -> path; earlier dirs win, so LEAFLETS_FONT_PATH can override system fonts."""
    index: dict[str, Path] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for root, _subdirs, files in sorted(os.walk(d, followlinks=True)):
            for name in sorted(files):
                index.setdefault(name, Path(root) / name)
    return index


def split_face(spec: str) -> tuple[str, int]:
    """'wqy-microhei.ttc#0' -> ('wqy-microhei.ttc', 0)."""
    name, _, idx = str(spec).partition("#")
    return name, int(idx) if idx else 0


def find_font_file(filename: str, dirs: Sequence[Path], package: str | None = None) -> Path:
    """Locate a font file by name in the font dirs, or say which package provides it."""
    path = font_index(tuple(Path(d) for d in dirs)).get(filename)
    if path is None:
        where = os.pathsep.join(str(d) for d in dirs)
        hint = (f"install the Debian package: apt-get install {package}" if package
                else "install the font")
        raise LeafletError(f"font file {filename} not found in {where}", path=filename,
                           hint=hint + f", or put {filename} in a directory listed in "
                                       f"${FONT_PATH_ENV}")
    return path


def font_files_for_locale(locale: str,
                          font_dirs: Sequence[Path] | None = None) -> list[Path | str]:
    """The font files a locale is printed with (its script's faces and, for merged fonts,
    the Latin faces), as found in the font dirs; a file that is not found is listed by
    its bare name (a str). Nothing is parsed or registered: incremental builds hash these files
    to know when a font change means a rebuild."""
    config = load_config()
    dirs = tuple(Path(d) for d in (font_dirs if font_dirs is not None else font_dirs_default()))
    script = script_for_locale(locale)
    entries = [config["scripts"].get(script) or {}]
    if entries[0].get("latin_from"):
        entries.append(config["scripts"].get(entries[0]["latin_from"]) or {})
    files: list[Path | str] = []
    for entry in entries:
        for weight in WEIGHTS:
            if entry.get(weight):
                name = split_face(entry[weight])[0]
                files.append(font_index(dirs).get(name) or name)
    return list(dict.fromkeys(files))
