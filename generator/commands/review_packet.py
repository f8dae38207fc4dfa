"""`leaflets review-packet`: the PDF a clinical reviewer signs (generator.render.content_packet)."""

from __future__ import annotations

from pathlib import Path

from generator.build.project import find_project
from generator.files import write_atomic
from generator.render.content_packet import render_packet


def run(args) -> int:
    project = find_project(args.root)
    topic = project.check_topics([args.topic])[0]
    leaflet = project.leaflet(topic)
    pdf, pages = render_packet(leaflet, args.paper)
    out = Path(args.out) if args.out else \
        Path("out") / "review" / f"{topic}-review-packet-{args.paper}.pdf"
    write_atomic(out, pdf)
    print(f"wrote {out} ({pages} pages)")
    return 0
