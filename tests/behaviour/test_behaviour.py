"""Behavioural suite: short policy passages, written in the forms real general orders use.

Every case in ``tests/behaviour/cases/*.yaml`` is one Markdown passage with the status a
coder applying the rubric would give it: the 8cantwait topic status (``covered`` or not)
or the core element status (``present`` / ``hedged`` / ``absent``; ``not-present`` accepts
either of the last two). All passages of a pack are linted in one ``lint_documents`` call.

Run with ``-s`` to see the agreement tables (per pack, per form, per target) and every
failing case; the same report is in the assertion message. The held-out sets
``benchmarks/passages_holdout*.yaml`` are not scored here (a test that scored them would
invite tuning on them): only their form is checked; ``python benchmarks/passages.py`` scores them.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import suite  # noqa: E402  (tests/behaviour/suite.py: loading and scoring shared with the benchmark)


@functools.lru_cache(maxsize=None)
def _plan(pack: str) -> object:
    return suite.plan_for(pack)


@functools.lru_cache(maxsize=None)
def _cases() -> tuple[suite.Case, ...]:
    return tuple(suite.load_cases())


def test_suite_is_well_formed() -> None:
    cases = _cases()
    packs = [p for pack in suite.PACKS for p in _plan(pack).packs]
    problems = suite.check_well_formed(cases, packs)
    # every target of the brief is exercised
    used = {(c.pack, c.target) for c in cases}
    targets = suite.known_targets(packs)
    if not any(pack == "8cantwait" for pack, _ in used) or not any(pack == "core" for pack, _ in used):
        problems.append("both packs must have cases")
    missing_topics = sorted(targets.get("8cantwait", frozenset()) - {t for p, t in used if p == "8cantwait"})
    if missing_topics:
        problems.append(f"8cantwait topics without cases: {', '.join(missing_topics)}")
    assert not problems, "suite problems:\n" + "\n".join(problems) + "\n\n" + suite.count_table(cases)


def test_held_out_sets_are_well_formed() -> None:
    """Unique ids across both held-out files and the tuning sets, known packs, targets and forms."""
    holdout = suite.load_cases(list(suite.HOLDOUT_FILES))
    assert len(holdout) >= 600, f"held-out sets shrank to {len(holdout)} cases"
    # set E, the next tuning set (not yet at the suite's thresholds), is checked with them
    pending = suite.load_cases(sorted((suite.REPO / "benchmarks").glob("passages_tuning_*.yaml")))
    packs = [p for pack in suite.PACKS for p in _plan(pack).packs]
    problems = suite.check_well_formed([*holdout, *pending, *_cases()], packs, min_cases=0)
    assert not problems, "held-out set problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("pack", suite.PACKS)
def test_agreement(pack: str, tmp_path: Path) -> None:
    cases = [c for c in _cases() if c.pack == pack]
    assert cases, f"no cases for {pack}"
    outcomes = suite.run_cases(cases, tmp_path, plans={pack: _plan(pack)})
    report = suite.format_report(outcomes, title=f"Behavioural passages ({pack})")
    print("\n" + report)
    failures = suite.threshold_failures(suite.score(outcomes))
    assert not failures, "\n".join(failures) + "\n\n" + report
