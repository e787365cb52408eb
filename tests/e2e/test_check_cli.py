"""`policylint check` and `policylint rules` end to end (click runner, real readers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "packs"
MINI = str(FIXTURES / "mini")

GOOD = """# 300 Use of Force

Officers shall intervene when another officer uses excessive force.

Officers shall not use a chokehold unless deadly force is authorized.

Officers shall render first aid to injured persons.

# 310 Consent Searches

Before a consent search, officers shall advise the person of the right to refuse.
"""

WEAK = """# 300 Use of Force

Officers should intervene when another officer uses excessive force.
"""


@pytest.fixture()
def runner(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no config discovered from the repo
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return CliRunner()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_clean_document_exits_zero(runner, tmp_path):
    path = write(tmp_path, "good.md", GOOD)
    result = runner.invoke(main, ["check", path, "--rules", MINI, "--pack", "mini"])
    assert result.exit_code == 0, result.output
    assert "good.md: 2 covered, 0 weak, 0 missing" in result.output


def test_weak_and_missing_topics_fail_with_quotes(runner, tmp_path):
    path = write(tmp_path, "weak.md", WEAK)
    result = runner.invoke(main, ["check", path, "--rules", MINI, "--pack", "mini", "--fail-on", "warning"])
    assert result.exit_code == 1, result.output
    assert "WEAK mini/use-of-force" in result.output
    assert "MISSING mini/consent-search" in result.output
    assert "\u201cOfficers should intervene when another officer uses excessive force.\u201d" in result.output
    assert "(300 Use of Force" in result.output


def test_fail_on_threshold(runner, tmp_path):
    path = write(tmp_path, "weak.md", WEAK)
    # every finding in the mini pack is a warning: the default threshold (error) passes
    assert runner.invoke(main, ["check", path, "--rules", MINI, "--pack", "mini"]).exit_code == 0
    assert runner.invoke(main, ["check", path, "--rules", MINI, "--pack", "mini", "--fail-on", "never"]).exit_code == 0


def test_json_output_is_the_versioned_contract(runner, tmp_path):
    path = write(tmp_path, "weak.md", WEAK)
    result = runner.invoke(main, ["check", path, "--rules", MINI, "--pack", "mini", "--format", "json"])
    data = json.loads(result.output)
    assert data["schema_version"] == "1" and data["tool"]["name"] == "policylint"
    doc = data["documents"][0]
    assert {"path", "format", "pages", "sha256", "diagnostics", "coverage", "findings"} <= set(doc)
    finding = doc["findings"][0]
    assert {"rule", "pack", "topic", "element", "status", "severity", "message", "page", "section", "fingerprint"} <= set(finding)
    element = doc["coverage"][0]["elements"][0]
    assert {"id", "title", "status", "evidence"} <= set(element)


def test_outputs_pick_format_per_file(runner, tmp_path):
    path = write(tmp_path, "weak.md", WEAK)
    out_json, out_text = tmp_path / "r.json", tmp_path / "r.txt"
    result = runner.invoke(
        main, ["check", path, "--rules", MINI, "--pack", "mini", "--output", f"json:{out_json}", "--output", str(out_text)]
    )
    assert result.stdout == ""
    assert f"wrote json to {out_json}" in result.stderr and f"wrote text to {out_text}" in result.stderr
    assert json.loads(out_json.read_text())["schema_version"] == "1"
    assert "WEAK mini/use-of-force" in out_text.read_text()


def test_unreadable_file_is_reported_and_others_still_run(runner, tmp_path):
    good = write(tmp_path, "good.md", GOOD)
    empty = write(tmp_path, "empty.txt", "")
    result = runner.invoke(main, ["check", good, empty, "--rules", MINI, "--pack", "mini"])
    assert result.exit_code == 2, result.output
    assert "good.md: 2 covered" in result.output
    assert "empty.txt: not checked" in result.output


def test_missing_path_exits_two(runner, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path / "nope.pdf"), "--rules", MINI, "--pack", "mini"])
    assert result.exit_code == 2


def test_broken_rules_exit_two_with_every_error(runner, tmp_path):
    path = write(tmp_path, "good.md", GOOD)
    result = runner.invoke(main, ["check", path, "--rules", str(FIXTURES / "broken"), "--pack", "broken"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "elemnts" in result.output and "topics[1].id: required" in result.output and "LOWR" in result.output


def test_unknown_pack_and_bad_config_exit_two(runner, tmp_path):
    path = write(tmp_path, "good.md", GOOD)
    assert runner.invoke(main, ["check", path, "--rules", MINI, "--pack", "nope"]).exit_code == 2
    cfg = write(tmp_path, "cfg.yaml", "packs: [mini]\nrules: [%s]\nseverity: {no-such-topic: info}\n" % MINI)
    result = runner.invoke(main, ["check", path, "--config", cfg])
    assert result.exit_code == 2 and "unknown topic 'no-such-topic'" in result.output


def test_config_waiver_shows_as_waived(runner, tmp_path):
    path = write(tmp_path, "weak.md", WEAK)
    cfg = write(
        tmp_path, ".policylint.yaml",
        f"packs: [mini]\nrules: ['{MINI}']\nfail_on: warning\nwaivers:\n"
        "  - {topic: consent-search, reason: county handles consent searches}\n"
        "  - {topic: use-of-force, reason: rewrite in progress}\n",
    )
    result = runner.invoke(main, ["check", path, "--format", "json"])
    data = json.loads(result.output)
    statuses = {t["topic"]: t["status"] for t in data["documents"][0]["coverage"]}
    assert statuses == {"use-of-force": "waived", "consent-search": "waived"}
    assert all(f["waived"] for f in data["documents"][0]["findings"])
    assert result.exit_code == 0


def test_rules_test_passes_on_mini_and_fails_on_mismatch(runner, tmp_path):
    result = runner.invoke(main, ["rules", "test", MINI])
    assert result.exit_code == 0, result.output
    assert "25 passed, 0 failed" in result.output
    bad = (FIXTURES / "mini" / "mini.yaml").read_text().replace(
        "- Officers should intervene when another officer uses excessive force.",
        "- Officers shall intervene when another officer uses excessive force.",
    )
    (tmp_path / "bad.yaml").write_text(bad)
    result = runner.invoke(main, ["rules", "test", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 1
    assert "expected hedged, got present" in result.output and "24 passed, 1 failed" in result.output


def test_rules_test_requires_minimum_examples(runner, tmp_path):
    text = (FIXTURES / "mini" / "mini.yaml").read_text().replace(
        "          absent:\n            - The shift supervisor reviews each report.\n", ""
    )
    (tmp_path / "few.yaml").write_text(text)
    result = runner.invoke(main, ["rules", "test", str(tmp_path / "few.yaml")])
    assert result.exit_code == 1
    assert "needs at least 2 'hedged' + 'absent' examples" in result.output


def test_rules_list_and_show(runner):
    listing = runner.invoke(main, ["rules", "list", "--rules", MINI, "--pack", "mini"])
    assert listing.exit_code == 0 and "mini/use-of-force/chokehold-ban (prohibition)" in listing.output
    data = json.loads(runner.invoke(main, ["rules", "list", "--rules", MINI, "--pack", "mini", "--format", "json"]).output)
    assert data[0]["topics"][0]["id"] == "use-of-force"
    shown = runner.invoke(main, ["rules", "show", "mini/use-of-force/chokehold-ban", "--rules", MINI])
    assert shown.exit_code == 0
    assert "Test source for policylint fixtures (policylint tests, 2024), 1.2" in shown.output
    assert "Officers shall not use a chokehold." in shown.output
    assert runner.invoke(main, ["rules", "show", "nope/nope", "--rules", MINI]).exit_code == 2
