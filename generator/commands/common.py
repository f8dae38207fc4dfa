"""Arguments that `leaflets build` and `leaflets quiz` share, defined once.

Both commands select topics, locales and papers the same way and write into the same out
folder under the same translation rules, so a user learns the flags once.
"""

from __future__ import annotations


def add_selection_arguments(parser, *, topic_help: str, paper_help: str,
                            clinic_help: str) -> None:
    """--topic, --locale, --paper, --clinic, --out, --allow-fallback, --require-reviewed."""
    parser.add_argument("--topic", action="append", metavar="ID", help=topic_help)
    parser.add_argument("--locale", action="append", metavar="CODE",
                        help="locale, e.g. en, es, ar, es-MX, spanish, or a pseudo-locale en-XA / "
                             "ar-XB (repeatable; default: all real locales)")
    parser.add_argument("--paper", action="append", choices=("a4", "letter"), help=paper_help)
    parser.add_argument("--clinic", metavar="FILE", help=clinic_help)
    parser.add_argument("--out", metavar="DIR", default="out",
                        help="output folder (default: out)")
    parser.add_argument("--allow-fallback", action="store_true",
                        help="print English, visibly marked, for strings not yet translated")
    parser.add_argument("--require-reviewed", action="store_true",
                        help="refuse translations that a qualified reviewer has not signed off")


def selected_locales(project, asked: list[str] | None) -> list[str]:
    """Known locales, typed any way generator.localize.codes accepts (es-MX, ES, spanish),
    plus the pseudo-locales (en-XA, ar-XB) which exist only in memory."""
    if not asked:
        return project.check_locales(None)
    project.locales()   # a badly named catalog folder is an error, even for a pseudo build
    return project.check_locales(asked, pseudo=True)


CLINIC_MARKER = "clinic.json"


def clinic_out_dir(project, out, clinic):
    """Where a build goes: `out` itself without a clinic file, `out/<slug>/` with one, so
    branded and plain leaflets never replace each other. The folder records the clinic's
    name (out/<slug>/clinic.json); a clinic file with another name but the same slug is
    refused before anything is written, and so is a slug that is a language folder."""
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from ..errors import LeafletError  # noqa: PLC0415
    from ..catalog_page import read_json  # noqa: PLC0415
    from ..i18n.pseudo import is_pseudo  # noqa: PLC0415
    from ..render.output import write_atomic  # noqa: PLC0415

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
        from ..render.output import prepare_out_dir  # noqa: PLC0415
        prepare_out_dir(folder)   # made, and checked writable (a clear error, not a trace)
        write_atomic(marker, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
                     + b"\n")
    return folder
