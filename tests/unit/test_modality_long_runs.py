"""The modality reader on degenerate input: a sentence that is one long run of matched words
("race basis race basis ...", a 10,000-character piece of a one-line file) must be judged in
time linear in its length, with the same verdicts as before. Sentences written for the test."""

from __future__ import annotations

from pathlib import Path

from policylint.engine import analyse
from policylint.engine.modality import clauses, mask_matched_cues

from engine_helpers import compile_pack, element


def _words(text: str) -> list[str]:
    return text.lower().replace(".", " .").replace(",", " ,").split()


def test_a_cached_split_is_not_shared_with_the_caller() -> None:
    words = _words("Officers shall not fire, unless deadly force is authorized.")
    first = clauses(words)
    first.append((0, 0, False))
    assert clauses(words) == first[:-1]
    other = _words("Officers shall intervene.")
    assert clauses(other) != first[:-1]


def test_the_cache_follows_the_list_not_its_content() -> None:
    words = _words("Except where deadly force is authorized, officers shall not use a chokehold.")
    again = list(words)
    assert clauses(words) == clauses(again)


def test_matched_cues_in_a_complement_clause_are_blanked_once_per_sentence() -> None:
    words = _words("Officers shall tell the person that consent may be refused.")
    start = words.index("may")
    masked = mask_matched_cues(words, [(start, start + 3)])
    assert masked[start] != "may" and masked[words.index("shall")] == "shall"
    # a match outside any "that"/"whether" clause keeps its modal: it is the rule's own
    rule = _words("Officers shall not record the stop.")
    assert mask_matched_cues(rule, [(1, 3)]) == rule


def test_many_spans_in_a_long_run_are_masked_like_a_short_one() -> None:
    run = _words("officers shall tell the person that " + "consent may be refused " * 400)
    spans = [(i, i + 4) for i, w in enumerate(run) if w == "consent"]
    masked = mask_matched_cues(run, spans)
    assert all(masked[i + 1] != "may" for i, _ in spans)


def test_a_rule_followed_by_a_long_run_of_its_words_keeps_its_verdict() -> None:
    compiled = compile_pack(Path(__file__).resolve().parents[2] / "rules" / "practices.yaml")
    sentence = "Officers shall not use race as the basis for any stop " + "race basis " * (3 * analyse.MAX_ANCHORS) + "."
    assert element(compiled, "prohibition", sentence).status.value == "present"
    hedged = "Officers should not use race as the basis for any stop " + "race basis " * (3 * analyse.MAX_ANCHORS) + "."
    assert element(compiled, "prohibition", hedged).status.value == "hedged"
