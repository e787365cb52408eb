"""The severity model: one table in code, the same table in docs/severity.md, read by every output."""

from __future__ import annotations

import json
from pathlib import Path

from policylint.engine.findings import SEVERITY_TABLE, derive_findings, gap_severity, severity_table_markdown
from policylint.results import ElementCoverage, ElementStatus, Severity, TopicCoverage, TopicStatus

REPO = Path(__file__).resolve().parents[2]


def test_docs_show_the_table_the_code_uses() -> None:
    assert severity_table_markdown() in (REPO / "docs" / "severity.md").read_text(encoding="utf-8")
    assert [rule.case for rule in SEVERITY_TABLE] == ["missing-topic", "essential-gap", "element-gap", "covered-gap", "contradicted"]


def test_each_case_takes_its_severity_from_the_named_source() -> None:
    missing, weak = Severity.ERROR, Severity.WARNING
    assert gap_severity("missing-topic", missing=missing, weak=weak) is Severity.ERROR
    assert gap_severity("essential-gap", missing=missing, weak=weak) is Severity.ERROR
    assert gap_severity("element-gap", missing=missing, weak=weak) is Severity.WARNING
    assert gap_severity("covered-gap", missing=missing, weak=weak) is Severity.INFO
    # a config override that lowers the topic lowers its essential gaps with it
    assert gap_severity("essential-gap", missing=Severity.WARNING, weak=Severity.WARNING) is Severity.WARNING


def _topic(status: TopicStatus, *elements: tuple[str, ElementStatus]) -> TopicCoverage:
    return TopicCoverage(
        pack="core", topic="use-of-force", title="Use of force", status=status, severity=Severity.ERROR,
        sections=("300 Use of Force",), first_page=3,
        elements=tuple(ElementCoverage(id=i, title=i, status=s) for i, s in elements),
    )


def test_an_essential_gap_in_a_weak_topic_is_an_error_and_the_others_warnings() -> None:
    topic = _topic(TopicStatus.WEAK, ("duty-to-intervene", ElementStatus.HEDGED), ("moving-vehicles", ElementStatus.ABSENT),
                   ("medical-aid", ElementStatus.PRESENT))
    findings = derive_findings(
        "m.md", (topic,), weak_severity={("core", "use-of-force"): Severity.WARNING},
        essential={("core", "use-of-force"): frozenset({"duty-to-intervene", "medical-aid"})},
        docs={"core": "https://example.org/core.md"},
    )
    by_element = {f.element: f for f in findings}
    assert set(by_element) == {"duty-to-intervene", "moving-vehicles"}
    assert by_element["duty-to-intervene"].severity is Severity.ERROR and by_element["duty-to-intervene"].essential
    assert by_element["moving-vehicles"].severity is Severity.WARNING and not by_element["moving-vehicles"].essential
    assert by_element["duty-to-intervene"].help_url == "https://example.org/core.md#core-use-of-force-duty-to-intervene"


def test_user_packs_get_no_help_url() -> None:
    topic = _topic(TopicStatus.MISSING)
    (finding,) = derive_findings("m.md", (topic,), weak_severity={})
    assert finding.help_url is None and finding.severity is Severity.ERROR


STRONG = REPO / "corpora" / "src" / "riverton-strong.md"


def _lint_text(text: str, tmp_path: Path) -> dict:
    import policylint

    path = tmp_path / "manual.md"
    path.write_text(text, encoding="utf-8")
    return policylint.lint(str(path), packs=["core"]).to_dict()["documents"][0]


def test_json_says_what_a_weak_topic_weighs_and_marks_essential_findings(tmp_path: Path) -> None:
    text = STRONG.read_text(encoding="utf-8")
    softened = _soften_intervene(text)
    doc = _lint_text(softened, tmp_path)
    uof = next(c for c in doc["coverage"] if c["topic"] == "use-of-force")
    assert uof["status"] == "weak" and uof["severity"] == "error"  # kept: the severity when missing
    assert uof["status_severity"] == "error"  # added: what its status weighs now
    finding = next(f for f in doc["findings"] if f["element"] == "duty-to-intervene")
    assert finding["severity"] == "error" and finding["essential"] is True
    assert finding["help_url"].endswith("docs/rules/core.md#core-use-of-force-duty-to-intervene")
    covered = [c for c in doc["coverage"] if c["status"] == "covered"]
    assert covered and all(c["status_severity"] in (None, "info") for c in covered)
    json.dumps(doc)


def _soften_intervene(text: str) -> str:
    """The strong manual with its duty to intervene softened to advice (as a careless edit would)."""
    from manual_edits import soften_intervene

    return soften_intervene(text)
