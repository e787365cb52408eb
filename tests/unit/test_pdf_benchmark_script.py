"""The ingest benchmark is a script, not a test; check that it imports and reports."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _load(repo_root: Path):
    spec = importlib.util.spec_from_file_location("bench_ingest", repo_root / "benchmarks" / "ingest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_benchmark_imports_and_formats_a_report(repo_root: Path) -> None:
    bench = _load(repo_root)
    runs = [
        bench.Run("pdftotext -layout", 600, 0.5, 0.4, 20.0, 0),
        bench.Run("policylint outline", 600, 2.0, 1.6, 60.0, 0),
    ]
    text = bench.report(Path("manual.pdf"), runs)
    assert "manual.pdf: 600 pages" in text
    assert "target: outline within 5x pdftotext -> met" in text
    slow = [runs[0], bench.Run("policylint outline", 600, 9.0, 9.0, 400.0, 0)]
    assert "NOT met" in bench.report(Path("m.pdf"), slow)
