"""`leaflets review-packet`: the PDF a clinical reviewer signs (generator.content.packet)."""

from __future__ import annotations

from ..cli import add_root_argument


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "review-packet", help="write the clinical review packet of a leaflet (PDF)",
        description="Write a PDF for clinicians: every statement with its sources, every "
                    "number with its data entry and source, and blank sign-off lines.")
    parser.add_argument("--topic", required=True, metavar="ID", help="the leaflet to review")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="paper size (default: a4)")
    parser.add_argument("--out", metavar="FILE",
                        help="where to write it (default: out/review/<topic>-review-packet-"
                             "<paper>.pdf)")
    add_root_argument(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from pathlib import Path  # noqa: PLC0415

    from ..content.packet import render_packet  # noqa: PLC0415
    from ..project import find_project  # noqa: PLC0415
    from ..render.output import write_atomic  # noqa: PLC0415

    project = find_project(args.root)
    topic = project.check_topics([args.topic])[0]
    leaflet = project.leaflet(topic)
    pdf, pages = render_packet(leaflet, args.paper)
    out = Path(args.out) if args.out else \
        Path("out") / "review" / f"{topic}-review-packet-{args.paper}.pdf"
    write_atomic(out, pdf)
    print(f"wrote {out} ({pages} pages)")
    return 0
