"""How much of a leaflet's printed text comes back out of its PDF's text layer.

For every string the leaflet prints (its translatable texts, as printed in the locale:
translated, placeholders filled), the words must be found intact and in order in what
`pdftotext` extracts: that is what search, copy/paste and screen readers get. Scripts
written without spaces (Chinese, Japanese) are compared without whitespace, whole
whitespace-separated chunks at a time.

Used by tests/test_text_layer.py; `python tests/text_layer.py OUT_DIR` prints the figures
for every PDF leaflet under OUT_DIR/<locale>/ (the numbers docs/fonts.md quotes).
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NO_SPACES = ("zh_Hans", "zh_Hant", "ja")
# not part of a word: joiners, direction marks and isolates, soft hyphen
_INVISIBLE = re.compile("[\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\u00ad]")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text).replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"(?<=\w-)\s+(?=\w)", "", text)   # a line broken after a word's hyphen
    return re.sub(r"\s+", " ", text).strip()


def printed_strings(topic: str, locale: str, root: Path = ROOT) -> list[str]:
    """The leaflet's texts as printed in `locale` (plain text, values filled in)."""
    sys.path.insert(0, str(root))
    from generator.content.loader import load_leaflet
    from generator.localize.catalogs import load_translations
    from generator.localize.localizer import Localizer

    leaflet = load_leaflet(root / "leaflets" / f"{topic}.yaml")
    translations = None if locale == "en" else \
        load_translations(root / "locales", locale, [leaflet.id, "common"])
    loc = Localizer(leaflet, locale, translations)
    return [loc.plain(text) for text in leaflet.texts()]


def extracted(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def score(strings: list[str], text: str, locale: str) -> tuple[int, int, list[str]]:
    """(words found intact and in order, words, first missing words)."""
    spaced = locale not in NO_SPACES
    out = " " + normalize(text) + " "
    if not spaced:
        out = out.replace(" ", "")
    found = total = 0
    missing: list[str] = []
    for string in strings:
        words = normalize(string).split(" ")
        pos = 0
        for word in words:
            if not word:
                continue
            total += 1
            needle = f" {word} " if spaced else word
            index = out.find(needle, pos)
            if index < 0:
                if len(missing) < 20:
                    missing.append(word)
                continue
            found += 1
            pos = index + len(needle) - (1 if spaced else 0)
    return found, total, missing


def measure(pdf: Path, topic: str, locale: str) -> float:
    found, total, _missing = score(printed_strings(topic, locale), extracted(pdf), locale)
    return 100.0 * found / total


if __name__ == "__main__":
    out_dir = Path(sys.argv[1])
    for pdf in sorted(out_dir.glob("*/*.pdf")):
        locale = pdf.parent.name
        topic = pdf.stem.rsplit("-", 1)[0]
        found, total, missing = score(printed_strings(topic, locale), extracted(pdf), locale)
        print(f"{locale:8} {topic:24} {100.0 * found / total:6.2f}%  ({found}/{total})"
              f"  {' '.join(missing[:6]) if '-v' in sys.argv else ''}")
