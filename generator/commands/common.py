"""What the commands share: locales as users type them, the out folder of a clinic's
build, dates given on the command line (their arguments: generator.cli.parsers)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.build.index_page import CLINIC_MARKER
from generator.errors import LeafletError
from generator.files import prepare_out_dir, read_json, write_atomic
from generator.localize.pseudo import is_pseudo


def selected_locales(project, asked: list[str] | None) -> list[str]:
    """Known locales, typed any way generator.localize.codes accepts (es-MX, ES, spanish),
    plus the pseudo-locales (en-XA, ar-XB) which exist only in memory."""
    if not asked:
        return project.check_locales(None)
    project.locales()   # a badly named catalog folder is an error, even for a pseudo build
    return project.check_locales(asked, pseudo=True)


def clinic_out_dir(project, out, clinic):
    """Where a build goes: `out` itself without a clinic file, `out/<slug>/` with one, so
    branded and plain leaflets never replace each other. The folder records the clinic's
    name (out/<slug>/clinic.json); a clinic file with another name but the same slug is
    refused before anything is written, and so is a slug that is a language folder."""

    out = Path(out)
    if clinic is None:
        return out
    slug = clinic.slug
    if slug.lower() in {code.lower() for code in project.locales()} or is_pseudo(slug) \
            or slug in ("quiz", "web"):
        raise LeafletError(f"the clinic folder name {slug!r} is also a language or output "
                           "folder name", hint="add slug: <name> to the clinic file, e.g. "
                                               f"slug: {slug}-clinic")
    folder = out / slug
    marker = folder / CLINIC_MARKER
    record = {"name": clinic.name, "slug": slug}
    existing = None
    if marker.is_file():
        existing = read_json(marker, "leaflet file")
        other = existing.get("name") if isinstance(existing, dict) else None
        if other and other != clinic.name:
            raise LeafletError(
                f"{folder} holds the leaflets of {other!r}, not {clinic.name!r}",
                hint="give this clinic its own folder: add slug: <name> to its clinic file")
    elif folder.is_dir() and any(folder.iterdir()):
        raise LeafletError(f"{folder} already exists and is not a clinic's folder",
                           hint="add slug: <name> to the clinic file, or use another --out")
    if existing != record:
        prepare_out_dir(folder)   # made, and checked writable (a clear error, not a trace)
        write_atomic(marker, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
                     + b"\n")
    return folder


def check_date(text: str, option: str = "--review-date") -> None:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise LeafletError(f"{option} {text!r} is not a date",
                           hint="write it like 2026-11-21") from None
