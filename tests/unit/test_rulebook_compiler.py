"""The gated, windowed Matchers and compiled-away lemmas find exactly what one ungated pass
over a fully processed Doc finds (they are speed-ups, never a change in results)."""

from __future__ import annotations

import random

import pytest

from pathlib import Path

from policylint.rulebook import load_pack_file, load_packs
from policylint.rulebook.compiler import _group_reach, _max_width, compile_rules

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


def _pattern_words(compiled) -> list[str]:
    """Every word the shipped token patterns name (as LOWER values or IN lists)."""
    words: set[str] = set()
    for _gate, matcher in compiled.matchers:
        for key in matcher._patterns:  # noqa: SLF001 - test introspection
            for pattern in matcher.get(key)[1]:
                for token in pattern:
                    value = token.get("LOWER")
                    if isinstance(value, str):
                        words.add(value)
                    elif isinstance(value, dict):
                        for listed in value.values():
                            words.update(str(w) for w in listed)
    return sorted(words)


def test_windowed_hits_equal_whole_block_runs_in_order(compiled):
    """Random word salad from the patterns' own vocabulary: many overlapping hits, windows
    that merge and windows that don't. The hit list, order included, must be exactly the
    one whole-block Matcher runs give (order decides which hit a long quote centres on)."""
    rng = random.Random(20240611)
    vocab = _pattern_words(compiled) + ["the", "officer", ".", ",", "shall", "not", "and", "of"]
    assert compiled.reach, "no Matcher runs on windows: the test would prove nothing"
    for _ in range(150):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(5, 160)))
        doc = compiled.make_doc(text)
        windowed = compiled.hits(doc)
        saved = compiled.matchers
        compiled.matchers = [(None, matcher) for _, matcher in saved]
        try:
            whole = compiled.hits(doc)
        finally:
            compiled.matchers = saved
        assert windowed == whole, text


@pytest.mark.parametrize(
    ("op", "width"),
    [(None, 1), ("?", 1), ("{3}", 3), ("{0,5}", 5), ("{,4}", 4), ("{2,}", None), ("*", None), ("+", None), ("!", None)],
)
def test_max_width_of_an_operator(op, width):
    assert _max_width(op) == width


def test_reach_is_unknown_for_unbounded_patterns():
    gate = ("LOWER", frozenset({"gate"}))
    bounded = [{"LOWER": "a"}, {"OP": "?"}, {"LOWER": "gate"}, {"LOWER": "b", "OP": "{0,3}"}]
    assert _group_reach(gate, [bounded]) == (2, 3)
    unbounded = [{"LOWER": "gate"}, {"OP": "*"}, {"LOWER": "b"}]
    assert _group_reach(gate, [bounded, unbounded]) is None


def test_lemma_patterns_match_inflections_without_lemmas_on_the_doc():
    pack, problems = load_pack_file(MODALITY)  # holds {lemma: intervene}
    assert not problems
    small = compile_rules([pack])
    doc = small.make_doc("Nothing here matches any rule at all.")
    assert list(small.hits(doc)) == []
    doc = small.make_doc("Officers Intervened to stop it.")
    assert [doc[s:e].text for _slot, s, e in small.hits(doc)] == ["Intervened"]
    # LEMMA constraints are compiled to LOWER sets: the engine never lemmatises a Doc
    assert not doc.has_annotation("LEMMA")
    assert not small.lemma_matchers


def test_matchers_are_split_by_gate(compiled):
    assert len(compiled.matchers) > 1
    assert any(gate is not None for gate, _ in compiled.matchers)


# ---- PhraseTokenizer: the phrases' LOWER ids without running spaCy's tokenizer on each


TRICKY_PHRASES = [
    "use-of-force", "de-escalate", "cannot", "can not", "Cannot-be", "dont", "officer's discretion",
    "time, distance and cover", "40mm", "40 mm", "x-ray", "e-mail", "U.S. Attorney", "911 operator",
    "twenty-one-year-old", "a-", "-b", "a--b", "stop", "STOP", "Stop-and-frisk", "gonna", "shan't",
    "section 300.5.1", "co-operate", "re-enter", "non-lethal", "(a)", "and/or", "well  spaced",
    " leading", "trailing ", "tab\there", "new\nline", "naïve", "café-bar",
]


def test_phrase_tokenizer_gives_spacys_lower_ids_for_every_shipped_phrase(compiled):
    from spacy.attrs import LOWER

    from policylint.rulebook.compiler import PhraseTokenizer

    tokenize = PhraseTokenizer(compiled.nlp)
    phrases = list(compiled.phrase_tokens) + TRICKY_PHRASES
    assert len(phrases) > 20000  # (the shipped packs' phrases, not an empty plan)
    differ = [p for p in phrases if tokenize(p) != tuple(compiled.nlp.make_doc(p).to_array(LOWER).tolist())]
    assert differ == []


def test_phrase_tokenizer_hands_special_cases_and_odd_spacing_to_spacy(compiled):
    from policylint.rulebook.compiler import PhraseTokenizer

    tokenize = PhraseTokenizer(compiled.nlp)
    strings = compiled.nlp.vocab.strings
    assert [strings[i] for i in tokenize("cannot")] == ["can", "not"]  # a special case, split by spaCy
    assert [strings[i] for i in tokenize("use-of-force")] == ["use", "-", "of", "-", "force"]
    assert len(tokenize("well  spaced")) == 3  # spaCy keeps the extra space as a token
