"""Every example of every shipped rule, through the same code path as `policylint rules test`."""

from __future__ import annotations

import pytest

from policylint.engine.examples import run_examples
from policylint.rulebook import load_packs

PACKS = load_packs().packs


@pytest.mark.parametrize("pack_id", sorted(PACKS))
def test_pack_examples(pack_id):
    report = run_examples([PACKS[pack_id]])
    failures = [f"{r.location}: {r.rule}: expected {r.expected}, got {r.actual}: {r.text} ({r.reason})" for r in report.results if not r.ok]
    assert not failures + list(report.problems), "\n".join(failures + list(report.problems))
    assert report.passed > 0


def test_core_pack_is_shipped():
    assert "core" in PACKS
