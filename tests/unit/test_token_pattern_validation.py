"""Token patterns are validated without importing spaCy when they are of the plain shapes
the schema surely accepts, and by spaCy's own schema otherwise."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylint._spacy import import_spacy
from policylint.rulebook import lexicon, loader
from policylint.rulebook.lexicon import _plainly_valid, token_pattern_errors

import_spacy()
from spacy.schemas import validate_token_pattern  # noqa: E402


def shipped_token_patterns(monkeypatch: pytest.MonkeyPatch) -> list[list[Any]]:
    """Every token pattern the shipped packs and lexicons hand to validation."""
    from policylint.rulebook import load_packs

    seen: list[list[Any]] = []
    original = lexicon.token_pattern_errors

    def spy(pattern: Any, **kwargs: Any) -> list[str]:
        seen.append(pattern)
        return original(pattern, **kwargs)

    monkeypatch.setattr(lexicon, "token_pattern_errors", spy)
    monkeypatch.setattr(loader, "token_pattern_errors", spy)
    load_packs()
    return seen


def test_every_shipped_token_pattern_is_plain_and_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = shipped_token_patterns(monkeypatch)
    assert len(patterns) > 100
    for pattern in patterns:
        assert _plainly_valid(pattern), pattern
        assert validate_token_pattern(pattern) == [], pattern


def test_the_shipped_packs_load_without_importing_spacy() -> None:
    code = ("import sys; from policylint.rulebook import load_packs; load_packs(); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "officer"}, {"OP": "?"}, {"LEMMA": {"IN": ["shall", "must"]}}],
    [{"LOWER": {"NOT_IN": ["not"]}, "OP": "{0,4}"}, {"LIKE_NUM": True}],
    [{"ORTH": "x", "OP": "{2}"}, {"TEXT": "y", "OP": "{,3}"}, {"NORM": "z", "OP": "{1,}"}],
])
def test_plain_patterns_need_no_spacy(pattern: list[Any]) -> None:
    assert _plainly_valid(pattern)
    assert validate_token_pattern(pattern) == []


@pytest.mark.parametrize("pattern, problem", [
    ([{"LOWER": 3}], "lower"),
    ([{"LOWER": {"IN": "shall"}}], "in"),
    ([{"OP": "{0,}x"}], "op"),
    ([{"LENGTH": "long"}], "length"),
    ([{"IS_PUNCT": "yes"}], "is_punct"),
    ([{"LOWER": {"FROM": ["a"]}}], "from"),
])
def test_other_shapes_go_to_spacy_and_its_errors_are_reported(pattern: list[Any], problem: str) -> None:
    assert not _plainly_valid(pattern)
    errors = token_pattern_errors(pattern)
    assert errors and problem in " ".join(errors).lower()


def test_shapes_outside_the_plain_subset_that_spacy_accepts_still_pass() -> None:
    for pattern in ([{}], [{"lower": "x"}], [{"SHAPE": "Xxxx"}], [{"LENGTH": {">=": 3}}]):
        assert not _plainly_valid(pattern)
        assert token_pattern_errors(pattern, refusals=False) == []


keys = st.sampled_from([
    "ORTH", "TEXT", "LOWER", "LEMMA", "NORM", "SHAPE", "LENGTH", "OP", "IS_PUNCT", "LIKE_NUM", "IS_STOP",
    "lower", "Lower", "POS", "_", "REGEX", "IN", "",
])
scalars = st.one_of(
    st.text(max_size=6), st.sampled_from(["?", "*", "+", "!", "{0,4}", "{2}", "{,3}", "{1,}", "{}", "{a}", "{0,4}\n", "{٣}"]),
    st.integers(-3, 3), st.booleans(), st.none(), st.floats(allow_nan=False, width=16),
)
set_values = st.dictionaries(
    st.sampled_from(["IN", "NOT_IN", "REGEX", "in", "FUZZY", "IS_SUBSET", ">=", "X"]),
    st.one_of(st.lists(st.one_of(st.text(max_size=4), st.integers(0, 2), st.booleans()), max_size=3), scalars),
    max_size=2,
)
tokens = st.dictionaries(keys, st.one_of(scalars, set_values), max_size=3)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(tokens, scalars), min_size=1, max_size=4))
def test_what_the_plain_check_accepts_spacy_accepts(pattern: list[Any]) -> None:
    if _plainly_valid(pattern):
        assert validate_token_pattern(pattern) == [], pattern
