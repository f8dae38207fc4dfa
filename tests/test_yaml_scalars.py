"""Property tests of the strict YAML loader's scalar rules (docs/security.md, "YAML").

A plain scalar is a number, a boolean or a null only where YAML 1.2 and YAML 1.1 read it
the same way; the YAML 1.1 surprises (octal 010, base-60 1:30, yes/no/on/off, 1_000, 0x1F,
0b101) stay the text they are, and a field that wants a number refuses them with a
message that says to write the number plainly or quote it. Files whose every field is text
(the clinic file) get every scalar as written.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import pytest

from generator.content import yamlsafe
from generator.content.clinic import load_clinic
from generator.content.yamlsafe import LineStr, number_problem, parse_yaml


@pytest.fixture(autouse=True, scope="module",
                params=yamlsafe.LOADERS, ids=lambda loader: loader.__name__)
def loader(request):
    """Every rule holds with libyaml (CStrictLoader) and without it (StrictLoader)."""
    saved = yamlsafe.LOADERS
    yamlsafe.LOADERS = (request.param,)
    yield request.param
    yamlsafe.LOADERS = saved

_NUMBERISH = st.one_of(
    st.from_regex(r"[-+]?0[0-7]{1,12}", fullmatch=True),                 # octal in 1.1
    st.from_regex(r"[-+]?[0-9]{1,3}(:[0-5]?[0-9]){1,3}(\.[0-9]*)?", fullmatch=True),  # base 60
    st.from_regex(r"[-+]?[0-9][0-9_]{0,8}(\.[0-9_]*)?", fullmatch=True),  # underscores
    st.from_regex(r"[-+]?0x[0-9a-fA-F_]{1,8}", fullmatch=True),
    st.from_regex(r"[-+]?0b[01_]{1,8}", fullmatch=True),
    st.from_regex(r"[-+]?([0-9]{1,6}(\.[0-9]{0,4})?|\.[0-9]{1,4})([eE][-+][0-9]{1,2})?",
                  fullmatch=True),
    st.sampled_from(["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off",
                     "OFF", "y", "n", "true", "True", "false", "FALSE", "null", "Null", "~",
                     ".inf", "-.inf", ".nan", ".NaN", "2026-11-21", "0", "00", "-0"]),
    st.text("0123456789:._-+ex", min_size=1, max_size=12),
)


def _plain(text: str) -> bool:
    """Whether `text` after `v: ` is read back as one plain scalar with exactly that text."""
    try:
        node = yaml.compose(f"v: {text}\n", Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return False
    value = node.value[0][1] if node and node.value else None
    return isinstance(value, yaml.ScalarNode) and value.style is None and value.value == text


@settings(max_examples=400, deadline=None)
@given(_NUMBERISH)
@example("010")
@example("02071234567")
@example("1:30")
@example("yes")
@example("1_000")
def test_a_plain_scalar_is_its_text_unless_both_yaml_versions_read_it_as_a_number(text):
    assume(_plain(text))
    value = parse_yaml(f"v: {text}\n")["v"]
    if isinstance(value, str):
        assert isinstance(value, LineStr) and value == text
        problem = number_problem(value)
        if value.yaml11:
            assert problem is not None and "put it in quotes" in problem[1]
            assert text in problem[0]
        else:
            assert problem is None
        return
    # a typed value: the one YAML 1.2 and YAML 1.1 agree on, never a surprise
    if not isinstance(value, dt.date):
        assert "_" not in text and ":" not in text
    if isinstance(value, bool):
        assert text in ("true", "True", "TRUE", "false", "False", "FALSE")
        assert value == (text.lower() == "true")
    elif isinstance(value, int):
        assert re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", text)
        assert value == int(text, 10)
    elif isinstance(value, float):
        assert not re.match(r"[-+]?0[0-9]", text)
        assert (math.isnan(value) and "nan" in text.lower()) or value == float(
            text.lower().replace(".inf", "inf"))
    elif value is None:
        assert text in ("null", "Null", "NULL", "~", "")
    else:
        assert isinstance(value, dt.date) and value.isoformat() == text


@settings(max_examples=200, deadline=None)
@given(_NUMBERISH | st.text(min_size=1, max_size=20))
@example("=")                   # YAML 1.1's "value" type
@example("<<")                  # a merge key, as a value
def test_in_text_files_every_scalar_is_exactly_what_is_written(text):
    assume(_plain(text) and text not in ("null", "Null", "NULL", "~"))
    assert parse_yaml(f"v: {text}\n", scalars="text")["v"] == text


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=20))
def test_a_quoted_scalar_is_always_text(text):
    quoted = yaml.safe_dump({"v": text}, default_style='"', allow_unicode=True)
    try:
        value = parse_yaml(quoted)["v"]
    except Exception:   # noqa: BLE001 - control characters are refused with a message
        assume(False)
    assert value == text and isinstance(value, str)
    assert number_problem(value) is None


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"0[0-9]{2,12}|\+?[0-9]{3,12}", fullmatch=True))
def test_an_unquoted_phone_number_is_printed_as_written(tmp_path_factory, digits):
    folder = tmp_path_factory.mktemp("clinic")
    path = folder / "clinic.yaml"
    path.write_text(f"name: Riverside\nphone: {digits}\naddress: {digits}\n")
    clinic = load_clinic(path)
    assert clinic.phone == digits and clinic.address == (digits,)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["yes", "no", "on", "off", "Yes", "NO", "true", "False", "010",
                        "1:30", "12", "0.5", "null"]))
def test_every_clinic_field_is_text(tmp_path_factory, word):
    folder = tmp_path_factory.mktemp("clinic")
    path = folder / "clinic.yaml"
    path.write_text(f"name: {word}\nphone: 555 0100\n")
    if word == "null":
        return  # an empty name is an error, tested in the hostile corpus
    assert load_clinic(path).name == word
