"""Every real document in the corpus runs through `check` (all shipped packs) without a traceback."""

from __future__ import annotations

import pytest

from policylint.api import lint
from policylint.rulebook import load_packs


@pytest.mark.corpus
def test_whole_corpus_runs_without_traceback(corpus_docs):
    packs = sorted(load_packs().packs)
    result = lint(corpus_docs, packs=packs)
    assert len(result.documents) >= 60
    by_name = {d.path.rsplit("/", 1)[-1]: d for d in result.documents}
    # the scanned manual is reported, never judged ("all topics missing" would be false)
    scanned = by_name["bartlett_il_general_orders_800_series.pdf"]
    assert scanned.coverage == () and any(d.severity == "error" for d in scanned.diagnostics)
    # negatives: nothing comes out covered in the core pack
    for name, doc in by_name.items():
        if "NEGATIVE" in name:
            assert not [t.topic for t in doc.coverage if t.pack == "core" and t.status.value == "covered"], name
    result.to_dict()  # serialisable
