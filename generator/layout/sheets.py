"""Style sheets as data: light (no ReportLab), so choosing an edition, listing them or
planning a build never loads the renderer.

An edition is one YAML style sheet in `styles/` (docs/editions.md); `layout.styles` turns a
sheet into ReportLab paragraph styles when something is rendered.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from generator.errors import LeafletError

STYLE_DIR = Path(__file__).parent / "styles"
# libyaml: the same values as PyYAML for the style sheets, several times faster
# (tests/test_yaml_libyaml.py compares them)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

def editions() -> list[str]:
    """The editions there are: one style sheet each."""
    return sorted(p.stem for p in STYLE_DIR.glob("*.yaml"))


@lru_cache(maxsize=None)
def load_sheet(edition: str) -> dict:
    known = editions()
    # only a style sheet of this folder: an edition name never walks out of it
    if edition not in known:
        raise LeafletError(f"unknown edition '{edition}'", hint=f"use one of: {', '.join(known)}")
    return yaml.load((STYLE_DIR / f"{edition}.yaml").read_text(encoding="utf-8"),
                     Loader=SAFE_LOADER)


def is_bilingual(edition: str) -> bool:
    """Whether an edition's style sheet lays out two languages (layout.bilingual)."""
    return bool(load_sheet(edition).get("layout", {}).get("bilingual"))
