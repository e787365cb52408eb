"""indented_json writes exactly what json.dumps(indent=2, ensure_ascii=False) writes, on every value a report holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylint import jsontext
from policylint.jsontext import indented_json


def standard(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


# Floats as reports hold them: scores, ratios, confidences (repr without an exponent).
report_floats = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-4, max_value=1e15, allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e15, max_value=-1e-4, allow_nan=False, allow_infinity=False),
)
leaves = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1), report_floats,
    st.text(),  # any Unicode, control characters and U+2028 included
)
values = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.lists(children, max_size=5).map(tuple),
        st.dictionaries(st.text(max_size=8), children, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_generated_values_are_written_as_the_standard_library_writes_them(value: object) -> None:
    assert indented_json(value) == standard(value)


@pytest.mark.parametrize("value", [
    {}, [], {"a": []}, {"a": {}}, [[]], {"nested": [{"x": 1}, {"y": [None, True, False]}]},
    "quote \" backslash \\ newline \n tab \t nul \x00 del \x7f line-sep \u2028 é 漢 😀",
    -0.0, 87.5, 33.333333333333336, 2**63 - 1,
])
def test_edge_values_are_written_as_the_standard_library_writes_them(value: object) -> None:
    assert indented_json(value) == standard(value)


@pytest.mark.parametrize("value", [{1: "int key"}, 2**70, "lone surrogate \ud800"])
def test_values_orjson_refuses_are_written_by_the_standard_library(value: object) -> None:
    assert indented_json(value) == standard(value)


@dataclasses.dataclass
class Record:
    name: str


@pytest.mark.parametrize("value", [dt.date(2026, 12, 4), Record("x"), {"when": dt.datetime(2026, 1, 1)}])
def test_values_the_standard_library_refuses_are_refused(value: object) -> None:
    """orjson would write dataclasses and dates; a report must not depend on which encoder ran."""
    with pytest.raises(TypeError):
        indented_json(value)


def test_without_orjson_the_standard_library_writes_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsontext, "_orjson", None)
    value = {"a": [1, 2.5, "é"], "b": {}}
    assert indented_json(value) == standard(value)


def test_orjson_is_what_writes_ordinary_values() -> None:
    """The dependency is installed and used (else every JSON report is written 15x slower)."""
    assert jsontext._orjson is not None
