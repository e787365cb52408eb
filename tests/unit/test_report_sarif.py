"""SARIF output: valid against the official 2.1.0 schema and carrying what GitHub needs."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from policylint.report import RenderOptions, render
from report_samples import sample_result

SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not available")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


@pytest.fixture(scope="module")
def log() -> dict:
    return json.loads(render("sarif", sample_result(), RenderOptions(root=Path.cwd())))


def test_sarif_validates_against_official_schema(validator, log) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("path, key", [
    ((), "version"),
    (("runs", 0), "tool"),
    (("runs", 0, "tool", "driver"), "name"),
    (("runs", 0, "results", 0), "message"),
    (("runs", 0, "tool", "driver", "rules", 0), "id"),
])
def test_schema_validation_is_real_missing_required_property_fails(validator, log, path, key) -> None:
    import jsonschema

    broken = copy.deepcopy(log)
    target = broken
    for part in path:
        target = target[part]
    del target[key]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_driver_and_rules_carry_github_required_fields(log) -> None:
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    assert driver["name"] == "policylint" and driver["version"] and driver["semanticVersion"]
    from policylint.links import home_url

    assert driver["informationUri"] == home_url() and driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip() and len(rule[key]["text"]) <= 1024
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["properties"]["tags"]
    # only a rule of a shipped pack has a reference page to point at
    by_id = {r["id"]: r for r in driver["rules"]}
    assert by_id["core/de-escalation/training"]["helpUri"].endswith("docs/rules/core.md#core-de-escalation-training")
    assert "helpUri" not in by_id["8cantwait/ban-chokeholds/ban"]
    assert by_id["policylint/input/PL102"]["helpUri"].endswith("/docs/reading.md")
    # no category unless asked for: the uploader's category (the Action's sarif-category) applies
    assert "automationDetails" not in run


def test_every_result_has_rule_index_location_and_line_free_fingerprint(log) -> None:
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1
        fingerprint = result["partialFingerprints"]["policylint/v1"]
        assert fingerprint
    by_rule = {r["ruleId"]: r for r in run["results"] if r["ruleId"] == "8cantwait/ban-chokeholds/ban"}
    assert by_rule["8cantwait/ban-chokeholds/ban"]["partialFingerprints"]["policylint/v1"] == "fp-choke-ban"


def test_fingerprints_do_not_change_when_lines_move() -> None:
    from dataclasses import replace

    result = sample_result()
    doc = result.documents[1]
    moved = replace(doc, findings=tuple(replace(f, line=(f.line or 0) + 40, page=None) for f in doc.findings))
    shifted = replace(result, documents=(result.documents[0], moved, result.documents[2]))
    before = json.loads(render("sarif", result))["runs"][0]["results"]
    after = json.loads(render("sarif", shifted))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]
    # the record without an engine fingerprint still gets a non-empty stand-in
    report = [r for r in before if r["ruleId"] == "8cantwait/duty-to-intervene/report"][0]
    assert len(report["partialFingerprints"]["policylint/v1"]) == 32


def test_missing_topic_is_document_level_with_status_in_properties(log) -> None:
    results = log["runs"][0]["results"]
    missing = [r for r in results if r["properties"].get("status") == "missing"]
    assert missing
    for r in missing:
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
        assert r["properties"]["documentLevel"] is True
        assert r["properties"]["topic"] and r["properties"]["pack"]
    hedged = [r for r in results if r["ruleId"] == "8cantwait/ban-chokeholds/ban"][0]
    # a PDF has no file lines: the region is the document's start, the page and its line are properties
    region = hedged["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 1 and region["properties"] == {"page": 43, "lineOnPage": 5}
    assert hedged["properties"]["page"] == 43 and hedged["properties"]["lineOnPage"] == 5
    assert hedged["properties"]["section"] == "300.4 Neck Restraints"
    # a Markdown finding is on the line of the file
    markdown = [r for r in results if r["ruleId"] == "8cantwait/duty-to-intervene/intervene"][0]
    region = markdown["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 88 and "properties" not in region


def test_waived_finding_is_suppressed_with_justification(log) -> None:
    waived = [r for r in log["runs"][0]["results"] if r["ruleId"] == "8cantwait/exhaust-alternatives"
              and r["properties"]["status"] == "waived"]
    assert len(waived) == 1
    assert waived[0]["suppressions"] == [{"kind": "external", "status": "accepted",
                                          "justification": waived[0]["suppressions"][0]["justification"]}]
    assert "statute 12-4" in waived[0]["suppressions"][0]["justification"]


def test_unreadable_input_becomes_a_result(log) -> None:
    results = log["runs"][0]["results"]
    encrypted = [r for r in results if r["ruleId"] == "policylint/input/PL102"]
    assert encrypted and encrypted[0]["level"] == "error"
    assert encrypted[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "manuals/scanned_orders.pdf"
    scanned = [r for r in results if r["ruleId"] == "policylint/input/PL101"][0]
    assert "pp. 17-18" in scanned["message"]["text"]


def test_uris_are_relative_to_root_with_posix_separators(tmp_path) -> None:
    from dataclasses import replace

    result = sample_result()
    absolute = replace(result.documents[0], path=str(tmp_path / "manuals" / "a.pdf"))
    result = replace(result, documents=(absolute,))
    log = json.loads(render("sarif", result, RenderOptions(root=tmp_path)))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
            if r["ruleId"] != "policylint/run/PL201"}
    assert uris == {"manuals/a.pdf"}


def test_category_only_when_asked_for() -> None:
    log = json.loads(render("sarif", sample_result(), RenderOptions(sarif_category="manuals/riverton")))
    assert log["runs"][0]["automationDetails"] == {"id": "manuals/riverton/"}


def test_github_code_scanning_rules(log) -> None:
    """The rules GitHub applies on upload (sarif-sdk's GH/GHAS rule set), checked on the sample log."""
    text = json.dumps(log)
    assert "file://" not in text and "originalUriBaseIds" not in text  # no absolute paths of the machine
    run = log["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:  # GH2012
        assert rule["shortDescription"]["text"].strip() and rule["fullDescription"]["text"].strip()
        assert rule["help"]["text"].strip()
    for result in run["results"]:
        assert result["message"]["text"].strip()  # GH1007: a full message, not an id
        assert 1 <= len(result["locations"]) <= 10
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri and not uri.startswith("/") and ":" not in uri  # GH1005: relative, no scheme, no ":line"
        assert location["region"]["startLine"] >= 1  # GH1003
        assert result["partialFingerprints"]


def test_waiver_problem_is_located_at_its_line_not_a_uri_with_the_line(tmp_path) -> None:
    from dataclasses import replace

    from policylint.model import Diagnostic

    problem = Diagnostic(code="PL201", message="waiver expired", path=str(tmp_path / "cfg dir" / ".policylint.yaml") + ":12",
                         severity="warning")
    result = replace(sample_result(), problems=(problem,))
    log = json.loads(render("sarif", result, RenderOptions(root=tmp_path)))
    found = [r for r in log["runs"][0]["results"] if r["ruleId"] == "policylint/run/PL201"][0]
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "cfg%20dir/.policylint.yaml"  # relative and percent-encoded
    assert location["region"]["startLine"] == 12


def test_uris_are_relative_to_the_repository_root_when_run_from_a_subfolder(tmp_path, monkeypatch) -> None:
    from dataclasses import replace

    (tmp_path / "manual").mkdir()
    monkeypatch.chdir(tmp_path / "manual")
    result = sample_result()
    result = replace(result, documents=(replace(result.documents[1], path="orders.md"),), problems=())
    log = json.loads(render("sarif", result, RenderOptions(root=tmp_path)))
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]} == {
        "manual/orders.md"}
