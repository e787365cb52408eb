"""On a real manual, the windowed and pre-filtered Matchers give exactly the hits (order
included) that running every Matcher over every whole block gives."""

from __future__ import annotations

import pytest

from policylint.engine.sentences import prepare
from policylint.loading import load_document
from policylint.rulebook import load_packs
from policylint.rulebook.compiler import compile_rules


@pytest.mark.corpus
def test_windowed_hits_equal_whole_block_hits_on_a_manual(corpus_docs):
    path = corpus_docs / "northbrook_il_policy_manual_full.pdf"
    if not path.is_file():
        pytest.skip("northbrook manual not in the corpus")
    compiled = compile_rules(list(load_packs().packs.values()))
    document = load_document(path)
    docs = [compiled.make_doc(prepare(block.text).text) for block, _, _ in document.blocks()]
    fast = [compiled.hits(doc) for doc in docs]
    saved = compiled.matchers
    compiled.matchers = [(None, matcher) for _, matcher in saved]  # no gates, no windows
    try:
        whole = [compiled.hits(doc) for doc in docs]
    finally:
        compiled.matchers = saved
    assert sum(len(h) for h in whole) > 1000
    assert fast == whole
