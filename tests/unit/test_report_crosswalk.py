"""The statute crosswalk (Markdown, printable HTML, CSV) and how every reporter shows the state-law statuses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest

from policylint.api import lint_documents, plan_run
from policylint.config import Config
from policylint.engine.examples import document_from_markdown
from policylint.report import FORMATS, RenderOptions, render
from policylint.report.crosswalk import CSV_COLUMNS, build_crosswalk

MANUAL = """\
# Riverton Police Department Policy Manual

## 300 Use of Force

### 300.3 Duty to Intercede

An officer on scene who sees a fellow officer use clearly excessive force shall intercede to stop it, when in a position to do so.

An officer who observes excessive force should report it to a supervisor.

### 300.7 Control Holds

=Officers may use a carotid restraint on a violently resisting person. Chokeholds are prohibited.
"""


def _result(text: str = MANUAL, packs=("ca",), as_of=dt.date(2024, 7, 1)):
    plan = plan_run(packs=list(packs), config=Config(), as_of=as_of)
    return lint_documents([document_from_markdown(text, path="manual.md")], plan)


@pytest.fixture(scope="module")
def result():
    return _result()


def test_one_row_per_requirement_with_citation_status_and_evidence(result):
    crosswalk = build_crosswalk(result)
    rows = {r.requirement_id: r for r in crosswalk.documents[0].rows}
    ca_elements = sum(len(t.elements) for t in result.documents[0].coverage if t.pack == "ca")
    assert len(crosswalk.documents[0].rows) == ca_elements
    assert rows["duty-to-intercede"].status == "satisfied"
    assert rows["duty-to-intercede"].section == "300.3 Duty to Intercede"
    assert rows["duty-to-intercede"].citation == "Cal. Gov. Code 7286(b)"
    assert rows["report-excessive-force"].status == "weak"
    assert rows["carotid-ban"].status == "contradicted"
    assert rows["carotid-ban"].evidence.startswith("=Officers may use a carotid restraint")
    assert rows["doj-reporting"].status == "missing" and rows["doj-reporting"].evidence is None
    assert rows["report-immediately"].amended_by == "AB 26 (Stats. 2021)"
    assert crosswalk.as_of == "2024-07-01"


def test_markdown_crosswalk(result):
    text = render("crosswalk", result, RenderOptions())
    assert text.startswith("# Statute crosswalk")
    assert "as the law stood on **2024-07-01**" in text
    assert "| Requirement | Citation | Status | Section | Page | Evidence |" in text
    assert "**CONTRADICTED**" in text
    assert "1 contradicted, " in text


def test_csv_crosswalk_is_spreadsheet_safe(result):
    text = render("crosswalk-csv", result, RenderOptions())
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    carotid = next(r for r in rows if r["requirement_id"] == "carotid-ban")
    assert carotid["status"] == "contradicted"
    assert carotid["evidence"].startswith("'=Officers")  # a formula-like cell is neutralised
    assert all(r["as_of"] == "2024-07-01" and r["state"] == "ca" for r in rows)


def test_html_crosswalk_is_printable_self_contained_and_escaped():
    from policylint.engine.examples import document_from_text

    # a plain-text manual keeps markup characters (the Markdown reader would drop the tag)
    document = document_from_text("", path="manual.txt", blocks=[
        "Officers may use a carotid restraint on a violently resisting person <script>alert(1)</script>."])
    result = lint_documents([document], plan_run(packs=["ca"], config=Config(), as_of=dt.date(2024, 7, 1)))
    html = render("crosswalk-html", result, RenderOptions())
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "@media print" in html and "table-header-group" in html
    assert "Content-Security-Policy" in html and "http://" not in html.split("</head>")[0].replace("http-equiv", "")
    assert "contradicts the statute in 1 place(s)" in html
    assert 'class="badge small contradicted"' in html


def test_crosswalk_without_a_state_pack_says_so():
    result = _result(packs=("core",))
    for fmt in ("crosswalk", "crosswalk-html"):
        assert "No state-law pack was selected" in render(fmt, result, RenderOptions())
    assert render("crosswalk-csv", result, RenderOptions()).strip("\ufeff\r\n") == ",".join(CSV_COLUMNS)


def test_not_in_force_rows(result_2021):
    result = result_2021
    rows = {r.requirement_id: r for r in build_crosswalk(result).documents[0].rows}
    assert rows["report-immediately"].status == "not in force"
    assert "not in force on 2021-06-01" in rows["report-immediately"].reason


@pytest.fixture(scope="module")
def result_2021():
    return _result(as_of=dt.date(2021, 6, 1))  # AB 48 topic not in force, carotid contradicted


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_reporter_shows_the_state_law_statuses(fmt, result_2021):
    """Contradicted and not-in-force topics and elements never crash a reporter and are named."""
    result = result_2021
    statuses = {t.status.value for t in result.documents[0].coverage}
    assert {"contradicted", "not-in-force"} <= statuses
    text = render(fmt, result, RenderOptions())
    lowered = text.lower()
    if fmt == "json":
        data = json.loads(text)
        assert data["documents"][0]["summary"]["contradicted"] == 1
    elif fmt == "junit":
        root = ET.fromstring(text)
        failures = [f.get("type") for f in root.iter("failure")]
        assert "contradicted" in failures
        assert any("not in force" in (s.get("message") or "") for s in root.iter("skipped"))
    else:
        assert "contradicted" in lowered, fmt


def test_text_report_lists_contradictions_first_and_marks_them():
    text = render("text", _result(), RenderOptions())
    lines = [line for line in text.splitlines() if line.startswith("  ") and not line.startswith("    ")]
    assert lines[0].startswith("  CONTRADICTED ca/neck-restraints")
    assert "    ! Carotid restraints prohibited [Cal. Gov. Code 7286.5]: contradicted" in text
    assert text.splitlines()[0] == "state law judged as in force on 2024-07-01"


def test_html_report_includes_law_styles_only_when_needed():
    core = render("html", _result(packs=("core",)), RenderOptions())
    ca = render("html", _result(), RenderOptions())
    assert "--contradicted:" not in core and "--contradicted:" in ca
    assert "state law as in force on <strong>2024-07-01</strong>" in ca


def test_compare_counts_a_contradiction_as_a_gap():
    from policylint.report.compare import build_matrix, score

    matrix = build_matrix(_result())
    row = next(r for r in matrix.rows if r.topic == "neck-restraints")
    assert row.cells[0].status == "contradicted" and row.gaps == 1
    assert score({"covered": 1, "contradicted": 1}) == 50.0
    assert "contradicted" in render_compare_html(matrix)


def render_compare_html(matrix) -> str:
    from policylint.report.compare import render_html

    return render_html(matrix, RenderOptions())


def test_diff_treats_a_new_contradiction_as_a_regression_and_skips_not_in_force():
    from policylint.workflow.diff import diff_documents

    old = _result(MANUAL.replace("=Officers may use a carotid restraint on a violently resisting person.", "Carotid restraints are prohibited.")).documents[0]
    new = _result().documents[0]
    changes = {c.rule: c for c in diff_documents(old, new).changes}
    assert changes["ca/neck-restraints/carotid-ban"].kind == "regression"
    assert changes["ca/neck-restraints"].new == "contradicted"
    earlier = _result(as_of=dt.date(2021, 6, 1)).documents[0]
    assert not [c for c in diff_documents(new, earlier).changes if "not-in-force" in (c.old, c.new)]
