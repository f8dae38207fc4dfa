"""Each kind of content mistake gives one clear error naming file, line and fix."""

from __future__ import annotations

import textwrap

import pytest

from conftest import run_cli
from generator.content.loader import load_leaflet
from generator.errors import LeafletError

GOOD = textwrap.dedent("""\
    id: demo
    title: "Demo leaflet"
    subtitle: "A test"
    content_version: "1.0.0"
    review: {status: draft}
    sources:
      - id: seer
        citation: "NCI SEER."
    data:
      lung_distant_5yr: {value: 5.8, unit: percent, decimals: 1, source: seer, about: "x"}
    datasets:
      surv:
        label_heading: "Stage"
        columns: [{heading: "Alive after five years"}]
        rows:
          - {label: "Distant", values: [lung_distant_5yr]}
    sections:
      - id: intro
        heading: "What is it?"
        blocks:
          - paragraph: "About {lung_distant_5yr} of people. Stage 4, M1, PD-L1 and 4A are labels."
          - table: {dataset: surv, caption: "Cap"}
          - risk_figure: {value: lung_distant_5yr, caption: "cap"}
    """)


def load(tmp_path, text):
    path = tmp_path / "leaflets" / "demo.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_leaflet(path)


def error_of(tmp_path, text) -> str:
    with pytest.raises(LeafletError) as info:
        load(tmp_path, text)
    return str(info.value)


def test_the_good_file_loads(tmp_path):
    leaflet = load(tmp_path, GOOD)
    assert leaflet.data["lung_distant_5yr"].value == 5.8
    assert [t.context for t in leaflet.texts()][:2] == ["demo/title", "demo/subtitle"]


@pytest.mark.parametrize("change, expected", [
    # unknown key, with a suggestion
    (("subtitle:", "subtitel:"), ["unknown key 'subtitel'", "did you mean 'subtitle'", ":3:"]),
    # wrong type
    (('content_version: "1.0.0"', "content_version: [1]"), ["content_version must be", ":4:"]),
    # missing field
    (('title: "Demo leaflet"\n', ""), ["missing 'title'"]),
    # duplicate key (PyYAML would silently keep the last)
    (('id: demo\n', 'id: demo\nid: other\n'), ["duplicate key 'id'", ":2:"]),
    # unknown placeholder, with a suggestion
    (("{lung_distant_5yr} of", "{lung_distant} of"),
     ["unknown placeholder {lung_distant}", "did you mean {lung_distant_5yr}"]),
    # unknown data reference in a table row, a table and a risk figure
    (("values: [lung_distant_5yr]", "values: [nope]"), ["unknown data value 'nope'"]),
    (("dataset: surv", "dataset: nope"), ["unknown dataset 'nope'"]),
    (("value: lung_distant_5yr, caption", "value: nope, caption"), ["unknown data value 'nope'"]),
    # a number typed into prose instead of a placeholder
    (("About {lung_distant_5yr} of", "About 5.8% of"), ["number '5.8' written in the text",
                                                       "move the number to data:"]),
    # markup that is not allowed
    (("What is it?", "What <a href='x'>is</a> it?"), ["markup <a href='x'> is not allowed"]),
    # format fields that could be evaluated
    (("About {lung_distant_5yr} of", "About {lung_distant_5yr.__class__} of"),
     ["not a plain name"]),
    # a Python tag
    (('title: "Demo leaflet"', "title: !!python/object/apply:os.system ['echo hi']"),
     ["is not allowed", ":2:"]),
    # a unit that does not exist, and a value that does not fit
    (("unit: percent", "unit: percents"), ["unit 'percents'"]),
    (("value: 5.8", "value: 580"), ["does not fit unit 'percent'"]),
    # an unknown source
    (("source: seer", "source: nci"), ["unknown source 'nci'"]),
    # an unknown block kind, with a suggestion
    (("- paragraph: \"About", "- paragraf: \"About"), ["did you mean 'paragraph'"]),
    # tabs
    (("  - id: seer", "\t- id: seer"), ["tabs"]),
])
def test_each_mistake_is_reported_with_file_line_and_fix(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    message = error_of(tmp_path, GOOD.replace(old, new, 1))
    assert "demo.yaml" in message
    for part in expected:
        assert part in message, message


def test_several_mistakes_are_reported_together(tmp_path):
    bad = GOOD.replace("subtitle:", "subtitel:").replace("dataset: surv", "dataset: nope")
    message = error_of(tmp_path, bad)
    assert "subtitel" in message and "nope" in message


def test_aliases_are_refused(tmp_path):
    bad = GOOD.replace('subtitle: "A test"', 'subtitle: &s "A test"\naudience_note: *s')
    assert "aliases" in error_of(tmp_path, bad)


def test_cli_reports_content_errors_without_traceback(project):
    path = project / "leaflets" / "stage4-cancer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("subtitle:", "subtitel:", 1),
                    encoding="utf-8")
    result = run_cli("build", "--root", str(project), "--out", str(project / "out"))
    assert result.returncode == 2
    assert "stage4-cancer.yaml:" in result.stderr and "subtitel" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists() or not any((project / "out").rglob("*.pdf"))
