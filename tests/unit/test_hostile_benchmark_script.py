"""The hostile-input benchmark is a script, not a test; check that its cases build and it reports."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _load(repo_root: Path):
    spec = importlib.util.spec_from_file_location("bench_hostile", repo_root / "benchmarks" / "hostile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_class_has_cases_and_the_totals_line_counts_failures(repo_root: Path) -> None:
    bench = _load(repo_root)
    cases = bench.cases()
    assert {c.group for c in cases} >= {"config", "waivers", "baseline", "rules", "text", "options", "output"}
    assert len({f"{c.group}: {c.name}" for c in cases}) == len(cases)
    case = cases[0]
    good = bench.Outcome(case, 2, 1.0, 140.0, False, True, "")
    hung = bench.Outcome(case, None, 60.0, 700.0, True, False, "")
    assert good.ok and not hung.ok
    line = bench.totals([good, hung])
    assert line == "2 inputs: tracebacks 1, hangs 1, over 500 MB 1, bad exit codes 0, unnamed files 1"
    assert "FAIL" in bench.format_outcome(hung) and "ok" in bench.format_outcome(good)


def test_a_cheap_case_runs_through_the_real_cli(repo_root: Path, tmp_path: Path) -> None:
    bench = _load(repo_root)
    case = next(c for c in bench.cases() if c.name == "recursive alias" and c.group == "config")
    outcome = bench.run_case(case, tmp_path, timeout=120, cap_mb=4096)
    assert outcome.ok and outcome.returncode == 2 and outcome.named, outcome
