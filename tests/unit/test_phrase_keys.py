"""Phrases that serve the same slots share one PhraseMatcher key: hits are those of one key per phrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.rulebook import compiler as compiler_module
from policylint.rulebook import load_packs, select_packs
from policylint.rulebook.compiler import CompiledRules, PhraseTokens, compile_rules

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "corpora" / "src" / "riverton-draft.md"


def _one_key_per_phrase(compiled: CompiledRules, phrases: dict[str, list[int]], known: PhraseTokens) -> None:
    """The former layout: every phrase a Doc under its own key, added in order."""
    strings = compiled.nlp.vocab.strings
    for phrase, ids in phrases.items():
        key = f"PL_PHRASE:{phrase}"
        compiled.phrase_matcher.add(key, [compiled.nlp.make_doc(phrase)])
        compiled.phrase_slots[strings.add(key)] = sorted(set(ids))


@pytest.mark.skipif(not SAMPLE.is_file(), reason="corpora/ samples not built")
def test_shared_keys_report_the_hits_of_one_key_per_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    packs = select_packs(load_packs(), ["core", "8cantwait", "il"], origin="test")
    compiled = compile_rules(packs)
    with monkeypatch.context() as patch:
        patch.setattr(compiler_module, "_add_phrases", _one_key_per_phrase)
        reference = compile_rules(packs)
    assert len(compiled.phrase_slots) * 5 < len(reference.phrase_slots)
    texts = [t for t in SAMPLE.read_text(encoding="utf-8").split("\n\n") if t.strip()]
    texts.append("Officers carry a 40mm launcher and 40 mm rounds.")  # two phrases that tokenize alike
    ours = [compiled.hits(compiled.make_doc(t)) for t in texts]
    theirs = [reference.hits(reference.make_doc(t)) for t in texts]
    assert sum(map(len, theirs)) > 500
    assert ours == theirs
