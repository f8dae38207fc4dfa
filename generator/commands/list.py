"""`leaflets list`: what can be built (topics, locales, papers, editions)."""

from __future__ import annotations

from generator.build.project import find_project
from generator.layout.paper import PAPERS
from generator.layout.sheets import editions
from generator.localize.numbers import native_name


def run(args) -> int:
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
    print("papers:   " + ", ".join(PAPERS))
    print("editions: " + ", ".join(editions()))
    return 0
