"""Draft-to-draft diff on hand-built coverage: ordering, waivers, optional elements, renderers."""

from __future__ import annotations

import json
import re

from policylint.workflow.diff import diff_documents, render_diff
from policylint.results import (
    DocumentResult,
    ElementCoverage,
    ElementStatus,
    Evidence,
    Severity,
    TopicCoverage,
    TopicStatus,
    Waiver,
)

HOSTILE = "Staff | may <b>step</b> in `when` *asked*"


def _el(eid: str, status: str, text: str | None = None, *, required: bool = True, reason: str = "", waiver: Waiver | None = None) -> ElementCoverage:
    evidence = (Evidence(text=text, page=4, section="3.1 Intervening", line=9, modality="binding"),) if text else ()
    return ElementCoverage(id=eid, title=eid.replace("-", " ").title(), status=ElementStatus(status), evidence=evidence,
                           reason=reason or f"judged {status}", required=required, waiver=waiver)


def _topic(tid: str, status: str, *elements: ElementCoverage, reason: str = "", waiver: Waiver | None = None) -> TopicCoverage:
    return TopicCoverage(pack="core", topic=tid, title=tid.title(), status=TopicStatus(status), severity=Severity.ERROR,
                         elements=elements, sections=("3 Force",), first_page=4, reason=reason or status, waiver=waiver)


def _doc(path: str, *topics: TopicCoverage) -> DocumentResult:
    return DocumentResult(path=path, format="markdown", pages=None, sha256="0" * 64, coverage=topics)


OLD = _doc(
    "old.md",
    _topic("force", "covered", _el("intervene", "present", "Staff shall step in."), _el("report", "present", "Staff shall report it."),
           _el("extra", "present", "Staff shall log it.", required=False)),
    _topic("quota", "weak", _el("ban", "hedged", "Quotas should be avoided.")),
    _topic("crowds", "covered", _el("limits", "present", "Officers shall not fire at crowds.")),
)
NEW = _doc(
    "new.docx",
    _topic("force", "weak", _el("intervene", "hedged", HOSTILE), _el("report", "present", "Staff shall report it."),
           _el("extra", "absent", required=False)),
    _topic("quota", "covered", _el("ban", "present", "Quotas are prohibited.")),
    _topic("crowds", "waived", _el("limits", "absent"), reason="waived (weak): accepted by council",
           waiver=Waiver(topic="crowds", reason="accepted by council")),
)


def test_changes_are_classified_by_status_order() -> None:
    diff = diff_documents(OLD, NEW, packs=("core",))
    got = {(c.rule, c.old, c.new, c.kind) for c in diff.changes}
    assert got == {
        ("core/force", "covered", "weak", "regression"),
        ("core/force/intervene", "present", "hedged", "regression"),
        ("core/force/extra", "present", "absent", "regression"),
        ("core/quota", "weak", "covered", "improvement"),
        ("core/quota/ban", "hedged", "present", "improvement"),
        ("core/crowds", "covered", "weak", "regression"),
        ("core/crowds/limits", "present", "absent", "regression"),
    }
    # unchanged elements are not listed
    assert "core/force/report" not in {c.rule for c in diff.changes}


def test_optional_and_waived_regressions_do_not_fail() -> None:
    diff = diff_documents(OLD, NEW)
    assert {c.rule for c in diff.regressions} == {"core/force", "core/force/intervene"}
    waived = {c.rule for c in diff.changes if c.waived}
    assert waived == {"core/crowds", "core/crowds/limits"}


def test_identical_versions_have_no_changes() -> None:
    diff = diff_documents(OLD, OLD)
    assert diff.changes == () and diff.regressions == ()
    assert "0 regression(s), 0 improvement(s)" in render_diff("text", diff)


def test_an_unreadable_version_compares_nothing() -> None:
    unreadable = DocumentResult(path="new.pdf", format="pdf", pages=3, sha256=None)
    diff = diff_documents(OLD, unreadable)
    assert not diff.readable and diff.changes == () and diff.unpaired == ()
    assert "could not be read" in render_diff("text", diff)


def test_text_shows_old_and_new_evidence() -> None:
    text = render_diff("text", diff_documents(OLD, NEW))
    block = text[text.index("core/force/"[:-1]):]
    assert "REGRESSION core/force (Force): covered -> weak" in text
    assert "old: \u201cStaff shall step in.\u201d (p. 4, 3.1 Intervening)" in block
    assert f"new: \u201c{HOSTILE}\u201d" in block
    assert text.rstrip().endswith("2 regression(s), 2 improvement(s), 3 other change(s) (optional or waived)")


def test_json_is_versioned_and_complete() -> None:
    data = json.loads(render_diff("json", diff_documents(OLD, NEW, packs=("core",), tool_version="1.2.3")))
    assert data["schema_version"] == "1" and data["tool"]["version"] == "1.2.3"
    assert data["summary"] == {"regressions": 2, "improvements": 2, "changes": 7}
    assert data["old"]["path"] == "old.md" and data["new"]["summary"]["waived"] == 1
    change = next(c for c in data["changes"] if c["rule"] == "core/force/intervene")
    assert change["old_evidence"]["text"] == "Staff shall step in." and change["new_evidence"]["text"] == HOSTILE
    assert change["kind"] == "regression" and change["required"] is True


def test_markdown_is_a_side_by_side_table_with_untrusted_text_escaped() -> None:
    md = render_diff("markdown", diff_documents(OLD, NEW))
    header = "| Change | Rule | Old | New | Old evidence | New evidence |"
    assert header in md
    rows = [line for line in md.splitlines() if line.startswith("| ") and line != header]
    assert len(rows) == 7
    # every row keeps exactly the table's columns: the hostile pipe and markup are inert
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 7 for row in rows)
    assert "<b>" not in md and "&lt;b&gt;" in md
