"""Baselines: stable sorted file, fingerprint matching with counts, waived findings left alone."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from policylint.workflow.baseline import (
    BASELINE_SCHEMA_VERSION,
    apply_baseline,
    baseline_from_result,
    load_baseline,
    write_baseline,
)
from policylint.config import ConfigError
from policylint.results import LintResult
from report_samples import sample_result


def _findings(result: LintResult) -> list[tuple[str, str]]:
    return [(d.path, f.rule) for d in result.documents for f in d.findings]


def test_written_file_is_sorted_versioned_and_skips_waived(tmp_path: Path) -> None:
    result = sample_result()
    path = tmp_path / "baseline.json"
    written = write_baseline(result, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == BASELINE_SCHEMA_VERSION
    assert data["tool"] == {"name": "policylint", "version": result.tool_version}
    entries = data["findings"]
    unwaived = [f for d in result.documents for f in d.findings if not f.waived]
    assert len(entries) == len(unwaived) == len(written.entries)
    assert all(set(e) == {"fingerprint", "rule", "document", "section", "status"} for e in entries)
    assert entries == sorted(entries, key=lambda e: (e["document"], e["rule"], e["section"], e["status"], e["fingerprint"]))
    assert "fp-alt-waived" not in {e["fingerprint"] for e in entries}
    # documents are recorded by file name, not by the folder they were checked from
    assert {e["document"] for e in entries} == {"riverton_pd_manual.pdf", "lakeside_general_orders.md"}
    # a finding without an engine fingerprint still gets a stable one
    assert all(e["fingerprint"] for e in entries)
    # writing twice gives the same bytes (no churn in review)
    first = path.read_text(encoding="utf-8")
    write_baseline(sample_result(), path)
    assert path.read_text(encoding="utf-8") == first


def test_round_trip_suppresses_everything_but_waived(tmp_path: Path) -> None:
    result = sample_result()
    write_baseline(result, tmp_path / "b.json")
    filtered = apply_baseline(result, load_baseline(tmp_path / "b.json"))
    remaining = [f for d in filtered.documents for f in d.findings]
    assert [f.fingerprint for f in remaining] == ["fp-alt-waived"]
    assert filtered.baseline_suppressed == len(_findings(result)) - 1
    assert filtered.extra["baseline"]["stale"] == 0
    # coverage is the truth about the document and is never edited
    assert [d.coverage for d in filtered.documents] == [d.coverage for d in result.documents]


def test_only_new_findings_remain_and_fixed_ones_count_as_stale() -> None:
    old = sample_result()
    baseline = baseline_from_result(old)
    riverton = old.documents[0]
    new_finding = dataclasses.replace(riverton.findings[0], rule="core/new-gap", fingerprint="fp-new")
    fixed = tuple(f for f in riverton.findings if f.fingerprint != "fp-choke-ban")
    new = dataclasses.replace(old, documents=(dataclasses.replace(riverton, findings=fixed + (new_finding,)),) + old.documents[1:])
    filtered = apply_baseline(new, baseline)
    assert [f.fingerprint for d in filtered.documents for f in d.findings if not f.waived] == ["fp-new"]
    assert filtered.extra["baseline"]["stale"] == 1


def test_matching_counts_duplicates() -> None:
    """Two identical findings need two entries: a second copy of an accepted gap is still new."""
    result = sample_result()
    doc = result.documents[0]
    once = dataclasses.replace(result, documents=(doc,))
    twice = dataclasses.replace(result, documents=(dataclasses.replace(doc, findings=doc.findings + doc.findings[:1]),))
    filtered = apply_baseline(twice, baseline_from_result(once))
    left = [f.fingerprint for d in filtered.documents for f in d.findings if not f.waived]
    assert left == [doc.findings[0].fingerprint]


def test_page_and_line_do_not_matter() -> None:
    result = sample_result()
    moved = dataclasses.replace(
        result,
        documents=tuple(
            dataclasses.replace(d, findings=tuple(dataclasses.replace(f, page=(f.page or 0) + 7, line=None) for f in d.findings))
            for d in result.documents
        ),
    )
    filtered = apply_baseline(moved, baseline_from_result(result))
    assert [f for d in filtered.documents for f in d.findings if not f.waived] == []


@pytest.mark.parametrize(
    "text,needle",
    [
        ("{not json", "not a JSON baseline"),
        ('{"schema_version": "1"}', "'findings' list"),
        ('{"schema_version": "0", "findings": []}', "schema_version"),
        ('{"schema_version": "1", "findings": [{"rule": "x"}]}', "fingerprint"),
    ],
)
def test_bad_baselines_are_config_errors(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_baseline(path)
    assert needle in str(info.value)


def test_missing_baseline_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_baseline(tmp_path / "absent.json")
