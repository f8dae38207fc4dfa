"""`leaflets list`: what can be built (topics, locales, papers, editions)."""

from __future__ import annotations

from ..cli import add_root_argument


def add_parser(sub) -> None:
    parser = sub.add_parser("list", help="list topics, locales, paper sizes and editions",
                            description="List what this project can build.")
    add_root_argument(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from ..layout.styles import editions  # noqa: PLC0415
    from ..localize.numbers import native_name  # noqa: PLC0415
    from ..project import find_project  # noqa: PLC0415
    from ..render.pdf import PAPER  # noqa: PLC0415

    project = find_project(args.root)
    print("topics:")
    for topic in project.topics():
        leaflet = project.leaflet(topic)
        offered = project.offered_locales(topic)
        languages = "English only" if offered == ["en"] else f"{len(offered)} languages"
        print(f"  {topic:28} {leaflet.title.source}  (content {leaflet.content_version}; "
              f"{languages})")
    print("locales:")
    for locale in project.locales():
        print(f"  {locale:10} {native_name(locale)}")
    print("papers:   " + ", ".join(PAPER))
    print("editions: " + ", ".join(editions()))
    return 0
