"""Waivers through the CLI: shown as waived with the reason, expired and unused ones reported, bad ones exit 2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main

MANUAL = """\
# 12 Patrol Procedures

## 12.1 Vehicle Checks

Officers shall inspect the patrol vehicle at the start of every shift and shall report damage to a supervisor.

## 12.2 Radio Use

Officers shall keep radio traffic brief and shall identify themselves by call sign.
"""

TODAY = dt.date.today()
PAST = (TODAY - dt.timedelta(days=30)).isoformat()
FUTURE = (TODAY + dt.timedelta(days=365)).isoformat()


def _repo(tmp_path: Path, waivers: str, inline: str = "") -> Path:
    (tmp_path / "manual").mkdir()
    (tmp_path / "manual" / "patrol.md").write_text(MANUAL + inline, encoding="utf-8")
    (tmp_path / ".policylint.yaml").write_text("packs: [core]\nfail_on: error\n", encoding="utf-8")
    (tmp_path / ".policylint-waivers.yaml").write_text(waivers, encoding="utf-8")
    return tmp_path


def _check(repo: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = CliRunner().invoke(main, ["check", "manual", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


WAIVERS = f"""\
waivers:
  - topic: core/quota-prohibition
    reason: The city charter bans enforcement quotas outright.
    approved_by: City Attorney
    expires: {FUTURE}
  - topic: core/data-collection
    reason: Stop data is collected under the state reporting program.
    expires: {PAST}
  - topic: core/consent-searches
    document: "other-manual/*.md"
    reason: Applies to the sheriff's manual only.
"""


def test_waived_expired_and_unused_waivers_in_json_and_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, WAIVERS)
    code, out, _ = _check(repo, "--format", "json", monkeypatch=monkeypatch)
    report = json.loads(out)
    [doc] = report["documents"]
    topics = {t["topic"]: t for t in doc["coverage"]}
    assert topics["quota-prohibition"]["status"] == "waived"
    assert topics["quota-prohibition"]["waiver"]["approved_by"] == "City Attorney"
    assert topics["data-collection"]["status"] == "missing"  # expired: applies no longer
    waived = [f for f in doc["findings"] if f["topic"] == "quota-prohibition"]
    assert waived and all(f["waived"] and "city charter" in f["waiver_reason"] for f in waived)
    problems = {p["code"]: p for p in report["problems"]}
    expired = next(p for p in report["problems"] if "expired" in p["message"])
    unused = next(p for p in report["problems"] if "matched no document" in p["message"])
    assert expired["path"].endswith(".policylint-waivers.yaml:6") and expired["severity"] == "warning"
    assert unused["path"].endswith(".policylint-waivers.yaml:9") and unused["severity"] == "warning"
    assert set(problems) == {expired["code"], unused["code"]} and len(problems) == 2
    assert code == 1  # the unwaived missing topics still fail; the waiver warnings do not change that

    _, text, _ = _check(repo, monkeypatch=monkeypatch)
    assert "The city charter bans enforcement quotas outright." in text
    assert f"expired on {PAST}" in text and "matched no document" in text


def test_a_waiver_without_justification_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "waivers:\n  - topic: core/quota-prohibition\n    approved_by: Chief\n")
    code, out, err = _check(repo, monkeypatch=monkeypatch)
    assert code == 2 and out == ""
    assert ".policylint-waivers.yaml:2" in err and "justification" in err


def test_a_waiver_naming_an_unknown_topic_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "waivers:\n  - topic: core/quota-prohibitoin\n    reason: typo in the id\n")
    code, _, err = _check(repo, monkeypatch=monkeypatch)
    assert code == 2 and "quota-prohibitoin" in err


def test_inline_waiver_and_explicit_waivers_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inline = '\n<!-- policylint: waive core/data-collection reason="Collected by the state program." -->\n'
    repo = _repo(tmp_path, "waivers: []\n", inline)
    other = repo / "accepted.yaml"
    other.write_text("waivers:\n  - topic: core/quota-prohibition\n    reason: Charter ban.\n", encoding="utf-8")
    code, out, _ = _check(repo, "--format", "json", "--waivers-file", "accepted.yaml", monkeypatch=monkeypatch)
    [doc] = json.loads(out)["documents"]
    topics = {t["topic"]: t for t in doc["coverage"]}
    assert topics["data-collection"]["status"] == "waived"
    assert topics["data-collection"]["waiver"]["source"].endswith("patrol.md:11")
    assert topics["quota-prohibition"]["status"] == "waived"
    code, _, err = _check(repo, "--waivers-file", "absent.yaml", monkeypatch=monkeypatch)
    assert code == 2 and "absent.yaml" in err


def test_bad_inline_directive_is_reported_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "waivers: []\n", "\n<!-- policylint: waive core/data-collection -->\n")
    code, _, err = _check(repo, monkeypatch=monkeypatch)
    assert code == 2 and "patrol.md:11" in err and "justification" in err
