"""Templates (.pot): extracted now from the source, written to locales/templates/.

`init` and `update` always start from a template extracted at that moment (never from a
stale .pot on disk), and refresh the .pot files on the way. A template whose messages did
not change keeps its POT-Creation-Date, so catalogs updated from it do not change either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.i18n.extract import build_template, check_domains
from generator.i18n.pofiles import read_fresh, same_messages, write_catalog
from generator.localize.catalogs import template_path


@dataclass(frozen=True)
class Template:
    domain: str
    catalog: object        # PoCatalog
    path: Path
    changed: bool          # messages differ from the .pot on disk (or there was none)


def current_templates(project, asked: list[str] | None = None) -> list[Template]:
    """Templates of the asked domains (default: all), extracted from the source now."""
    out = []
    for domain in check_domains(project, asked):
        catalog = build_template(project, domain)
        path = template_path(project.locales_dir, domain)
        changed = True
        if path.is_file():
            old = read_fresh(path)
            if same_messages(old, catalog, template=True):
                catalog.creation_date = old.creation_date
                changed = False
        out.append(Template(domain, catalog, path, changed))
    return out


def write_templates(templates: list[Template]) -> list[Path]:
    """Write the .pot files that changed; returns the paths written."""
    return [t.path for t in templates if write_catalog(t.path, t.catalog, template=True)]
