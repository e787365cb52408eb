"""With --baseline, the text report lists only what still has a finding."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policylint.cli import main

DRAFT = Path(__file__).resolve().parents[2] / "corpora" / "src" / "riverton-draft.md"


def test_baselined_topics_are_not_listed_but_counted(tmp_path: Path) -> None:
    runner = CliRunner()
    baseline = tmp_path / "baseline.json"
    first = runner.invoke(main, ["check", str(DRAFT), "--write-baseline", str(baseline)])
    assert first.exit_code == 0, first.output
    plain = runner.invoke(main, ["check", str(DRAFT)])
    assert plain.exit_code == 1 and "MISSING core/quota-prohibition" in plain.stdout

    again = runner.invoke(main, ["check", str(DRAFT), "--baseline", str(baseline)])
    assert again.exit_code == 0, again.output
    assert "MISSING" not in again.stdout and "WEAK" not in again.stdout
    assert "in baseline (not shown)" in again.stdout
