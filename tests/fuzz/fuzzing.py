"""Strategies shared by the fuzz tests: random bytes, mutated valid files, generated structures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]

# Fragments that mean something to YAML/JSON parsers: what a structure-aware mutation inserts.
YAML_TOKENS = [
    "&a ", "*a", "&b [*a, *a]", "!!python/name:os.system", "!!binary", "!include x", "? ", "- ", ": ",
    "[", "]", "{", "}", ",", "<<: *a", "\t", "\n", "\n  ", "'", '"', "#", "---\n", "...\n", "|\n  ", ">-\n",
    ".inf", ".nan", "-.inf", "2026-02-30", "1e400", "0x" + "f" * 40, "~", "null", "yes", "=",
    "\x00", "\ufeff", "\udcff"[:0] + "\u2028", "%YAML 1.1\n",
]
JSON_TOKENS = ["[", "]", "{", "}", ",", ":", '"', "\\", "NaN", "Infinity", "-Infinity", "1" + "0" * 5000, "null", "\x00", "\n"]


def sample(path: str) -> bytes:
    return (REPO / path).read_bytes()


@st.composite
def mutated(draw: st.DrawFn, original: bytes, tokens: list[str], *, max_edits: int = 6) -> bytes:
    """``original`` after a few random edits: delete, duplicate or swap a span, flip bytes,
    or insert a token that means something to the parser."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, max_edits))):
        if not data:
            data.extend(draw(st.binary(min_size=1, max_size=16)))
            continue
        at = draw(st.integers(0, len(data) - 1))
        span = draw(st.integers(1, 64))
        edit = draw(st.sampled_from(["delete", "duplicate", "flip", "token", "bytes", "truncate"]))
        if edit == "delete":
            del data[at : at + span]
        elif edit == "duplicate":
            data[at:at] = data[at : at + span] * draw(st.integers(1, 8))
        elif edit == "flip":
            data[at] = draw(st.integers(0, 255))
        elif edit == "token":
            data[at:at] = draw(st.sampled_from(tokens)).encode("utf-8", "surrogatepass")
        elif edit == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[at:]
    return bytes(data)


# Plain values of every type YAML and JSON can produce, hostile ones included.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(["core", "core/use-of-force", "error", ""]),
)


def values(keys: list[str]) -> st.SearchStrategy[object]:
    """Nested lists and mappings whose keys are mostly ``keys`` (so validation runs deep)."""
    key = st.one_of(st.sampled_from(keys), st.text(max_size=12), st.integers(-3, 3), st.booleans())
    return st.recursive(
        scalars,
        lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(key, children, max_size=6)),
        max_leaves=25,
    )


def yaml_dump(data: object) -> bytes:
    """YAML text of ``data`` (dates and all); data PyYAML cannot represent becomes its repr."""
    try:
        return yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, UnicodeEncodeError, ValueError):
        return repr(data).encode("utf-8", "surrogatepass")
