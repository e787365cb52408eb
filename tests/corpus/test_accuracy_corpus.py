"""Accuracy of the 8cantwait pack against the human labels (regression guard).

Runs the benchmark's own scoring (benchmarks/accuracy.py, one lint call over the labelled
policies) on the high- and medium-confidence cells, split as benchmarks/split.yaml says:

* the **dev half** (rules are tuned on it) must meet the product targets: at least 90%
  agreement and macro-F1 at least 0.85;
* the **held-out half** (never tuned on) is where the targets are NOT yet met (measured
  2026-12-02: 84.8% agreement, macro-F1 0.77); its floors guard against regressions, a few
  points under the measured figures, and are raised as judgement improves;
* every item, over all labelled documents, at least 80%.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.corpus

TARGET_AGREEMENT = 0.90
TARGET_MACRO_F1 = 0.85
TARGET_ITEM_AGREEMENT = 0.80
#: Regression floors for the held-out half (the targets above are not met there yet).
HELDOUT_FLOOR_AGREEMENT = 0.82
HELDOUT_FLOOR_MACRO_F1 = 0.72


def _benchmark(repo_root: Path) -> ModuleType:
    """Import benchmarks/accuracy.py by path (benchmarks/ is a script folder, not a package)."""
    path = repo_root / "benchmarks" / "accuracy.py"
    spec = importlib.util.spec_from_file_location("policylint_benchmark_accuracy", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluation(corpus_docs: Path, repo_root: Path):  # type: ignore[no-untyped-def]
    labels = corpus_docs.parent / "labels"
    if not (labels / "8cantwait_adjudicated.csv").is_file():
        pytest.skip("8cantwait label files are not available")
    return _benchmark(repo_root).evaluate(corpus_docs.parent)


def _summary(scores) -> str:  # type: ignore[no-untyped-def]
    rows = [f"{item}: {s.agreement:.1%} (F1 {s.f1:.2f})" for item, s in scores.items.items()]
    return f"agreement {scores.agreement:.1%}, macro-F1 {scores.macro_f1:.2f}; " + "; ".join(rows)


def test_every_labelled_cell_is_predicted(evaluation) -> None:  # type: ignore[no-untyped-def]
    assert not evaluation.target.missing, evaluation.target.missing
    assert sum(s.n for s in evaluation.target.items.values()) > 100


def test_dev_half_meets_the_targets(evaluation) -> None:  # type: ignore[no-untyped-def]
    assert evaluation.dev is not None
    assert evaluation.dev.agreement >= TARGET_AGREEMENT, _summary(evaluation.dev)
    assert evaluation.dev.macro_f1 >= TARGET_MACRO_F1, _summary(evaluation.dev)


def test_heldout_half_stays_above_its_floor(evaluation) -> None:  # type: ignore[no-untyped-def]
    assert evaluation.heldout is not None
    assert evaluation.heldout.agreement >= HELDOUT_FLOOR_AGREEMENT, _summary(evaluation.heldout)
    assert evaluation.heldout.macro_f1 >= HELDOUT_FLOOR_MACRO_F1, _summary(evaluation.heldout)


def test_no_item_below_floor(evaluation) -> None:  # type: ignore[no-untyped-def]
    low = {item: round(s.agreement, 3) for item, s in evaluation.target.items.items() if s.agreement < TARGET_ITEM_AGREEMENT}
    assert not low, _summary(evaluation.target)


def test_scoring_counts_a_disagreement_both_ways(repo_root: Path) -> None:
    """The scorer itself: a false positive lowers precision, a false negative recall."""
    bench = _benchmark(repo_root)
    cells = [
        bench.Cell("a.pdf", "chokehold-ban", 1, "high"),
        bench.Cell("b.pdf", "chokehold-ban", 0, "high"),
        bench.Cell("c.pdf", "chokehold-ban", 1, "high"),
    ]
    preds = {
        ("a.pdf", "chokehold-ban"): bench.Prediction(1, "covered"),
        ("b.pdf", "chokehold-ban"): bench.Prediction(1, "covered"),
        ("c.pdf", "chokehold-ban"): bench.Prediction(0, "weak"),
    }
    item = bench.score("t", cells, preds).items["chokehold-ban"]
    assert (item.tp, item.fp, item.fn, item.tn) == (1, 1, 1, 0)
    assert item.precision == pytest.approx(0.5) and item.recall == pytest.approx(0.5)
    assert item.agreement == pytest.approx(1 / 3)
