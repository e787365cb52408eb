"""The comparison matrix model and its renderers (built from a hand-made LintResult)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from policylint.report.compare import build_matrix, render_matrix, score
from report_samples import sample_result


def test_columns_named_by_agency_else_file_name_and_scored() -> None:
    matrix = build_matrix(sample_result())
    assert [c.name for c in matrix.columns] == ["Riverton Police Department", "lakeside_general_orders.md",
                                                "scanned_orders.pdf"]
    assert [c.score for c in matrix.columns] == [60.0, 37.5, None]
    assert score({"covered": 1, "weak": 1, "missing": 0, "waived": 3}) == 75.0
    assert score({"waived": 2}) is None


def test_duplicate_agency_names_get_file_names() -> None:
    result = sample_result()
    twin = replace(result.documents[0], path="manuals/riverton_2019.pdf")
    matrix = build_matrix(replace(result, documents=(result.documents[0], twin)))
    assert [c.name for c in matrix.columns] == ["Riverton Police Department (riverton_pd_manual.pdf)",
                                                "Riverton Police Department (riverton_2019.pdf)"]


def test_unreadable_column_is_never_missing() -> None:
    matrix = build_matrix(sample_result())
    assert all(row.cells[2].status == "unreadable" for row in matrix.rows)
    assert matrix.has_unreadable


def test_rows_sorted_by_shared_gaps() -> None:
    matrix = build_matrix(sample_result())
    gaps = [(row.gaps, row.missing) for row in matrix.rows]
    assert gaps == sorted(gaps, reverse=True)
    assert matrix.rows[0].rule == "8cantwait/warn-before-shooting"


def test_cells_equal_coverage_statuses() -> None:
    result = sample_result()
    data = json.loads(render_matrix("json", result))
    cells = {(row["rule"], col["path"]): row["cells"][i]["status"]
             for row in data["rows"] for i, col in enumerate(data["columns"])}
    for doc in result.documents[:2]:
        for topic in doc.coverage:
            assert cells[(f"{topic.pack}/{topic.topic}", doc.path)] == topic.status.value
    assert cells[("core/de-escalation", "manuals/lakeside_general_orders.md")] == "n/a"


def test_csv_matrix_and_formula_injection() -> None:
    result = sample_result()
    doc = replace(result.documents[1], agency="=HYPERLINK(\"x\")")
    text = render_matrix("csv", replace(result, documents=(result.documents[0], doc)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["rule", "topic"] and rows[0][3].startswith("'=")
    assert rows[-1][0] == "score" and rows[-1][2] == "60.0"
    assert len({len(r) for r in rows}) == 1


def test_html_has_details_cells_and_escapes() -> None:
    result = sample_result()
    doc = replace(result.documents[1], agency="<b>Lakeside</b>")
    html = render_matrix("html", replace(result, documents=(result.documents[0], doc, result.documents[2])))
    assert "&lt;b&gt;Lakeside&lt;/b&gt;" in html and "<b>Lakeside" not in html
    assert html.count("<details>") >= 5 and "Coverage score" in html
    markdown = render_matrix("markdown", result)
    assert "| **Coverage score** | | **60%** | **38%** | \U0001f6ab Unreadable |" in markdown
