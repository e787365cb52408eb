"""The gated Matchers and lazy lemmas find exactly what one ungated pass over a fully
processed Doc finds (the gating is a speed-up, never a change in results)."""

from __future__ import annotations

import pytest

from pathlib import Path

from policylint.rulebook import load_pack_file, load_packs
from policylint.rulebook.compiler import compile_rules

MODALITY = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "modality" / "modality.yaml"

SENTENCES = [
    "Officers intervened when a colleague used excessive force.",
    "Each report shall describe the de-escalation techniques attempted.",
    "Members shall not consider a person's race in deciding whom to stop.",
    "Officers shall collect stop data on all traffic and pedestrian stops.",
    "The dispersal order was repeated three times through a loudspeaker.",
    "Nothing here matches any rule at all.",
    "",
]


@pytest.fixture(scope="module")
def compiled():
    return compile_rules(list(load_packs().packs.values()))


def _ungated_hits(compiled, text):
    doc = compiled.nlp(text)  # tokenizer, sentences and lemmatizer: the full pipeline
    saved = compiled.matchers
    compiled.matchers = [(None, matcher) for _, matcher in saved]
    try:
        return sorted(compiled.hits(doc))
    finally:
        compiled.matchers = saved


@pytest.mark.parametrize("text", SENTENCES)
def test_gated_hits_equal_ungated(compiled, text):
    assert sorted(compiled.hits(compiled.make_doc(text))) == _ungated_hits(compiled, text)


def test_lemmas_set_only_when_a_matcher_runs():
    pack, problems = load_pack_file(MODALITY)  # holds {lemma: intervene}
    assert not problems
    small = compile_rules([pack])
    doc = small.make_doc("Nothing here matches any rule at all.")
    assert list(small.hits(doc)) == []
    assert not doc.has_annotation("LEMMA")
    doc = small.make_doc("Officers intervened to stop it.")
    assert list(small.hits(doc))
    assert [t.lemma_ for t in doc][:2] == ["officer", "intervene"]


def test_matchers_are_split_by_gate(compiled):
    assert len(compiled.matchers) > 1
    assert any(gate is not None for gate, _ in compiled.matchers)
