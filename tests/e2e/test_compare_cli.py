"""``policylint compare`` end to end on the bundled sample manuals in corpora/."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main

REPO = Path(__file__).resolve().parents[2]
DRAFT = REPO / "corpora" / "riverton-draft.pdf"
STRONG = REPO / "corpora" / "riverton-strong.docx"

pytestmark = pytest.mark.skipif(not (DRAFT.is_file() and STRONG.is_file()), reason="corpora/ samples not built")


def _run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr (click >= 8.2 keeps the two streams apart)."""
    result = CliRunner().invoke(main, ["compare", *args])
    return result.exit_code, result.stdout, result.stderr


def test_compare_json_matches_lint_statuses() -> None:
    import policylint

    code, out, _ = _run(str(DRAFT), str(STRONG), "--format", "json")
    assert code == 1  # the draft misses core topics: errors, as in check
    data = json.loads(out)
    result = policylint.lint([str(DRAFT), str(STRONG)])
    for column_index, doc in enumerate(result.documents):
        statuses = {row["rule"]: row["cells"][column_index]["status"] for row in data["rows"]}
        assert statuses == {f"{t.pack}/{t.topic}": t.status.value for t in doc.coverage}
    assert data["columns"][0]["name"].startswith("Riverton Police Department")
    assert data["columns"][1]["score"] >= data["columns"][0]["score"]


def test_unreadable_document_exits_2_and_shows_unreadable(tmp_path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    out_file = tmp_path / "matrix.csv"
    code, _, err = _run(str(DRAFT), str(broken), "--output", str(out_file))
    assert code == 2
    rows = list(csv.reader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    broken_column = rows[0].index("broken.pdf")
    assert {row[broken_column] for row in rows[1:-1]} == {"unreadable"}
    assert "broken.pdf" in err


def test_html_output_file(tmp_path) -> None:
    target = tmp_path / "out" / "matrix.html"
    code, _, err = _run(str(DRAFT), str(STRONG), "--output", str(target), "--fail-on", "never")
    assert code == 0 and f"wrote html to {target}" in err
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Coverage score" in html and "<details>" in html


def test_unknown_pack_is_a_usage_error() -> None:
    code, _, err = _run(str(DRAFT), "--pack", "no-such-pack")
    assert code == 2
    assert "no-such-pack" in err


def test_compare_fails_like_check_and_passes_on_the_strong_manual() -> None:
    assert _run(str(DRAFT), "--format", "json")[0] == 1
    assert _run(str(STRONG), "--format", "json")[0] == 0
    assert _run(str(DRAFT), "--format", "json", "--fail-on", "never")[0] == 0


def test_reading_errors_come_before_the_matrix_and_nothing_readable_means_no_matrix(tmp_path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    result = CliRunner().invoke(main, ["compare", str(broken), "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""  # no matrix of "unreadable" cells
    assert "broken.pdf" in result.stderr and "nothing to compare" in result.stderr


def test_output_format_from_prefix_or_extension_and_several_outputs(tmp_path) -> None:
    md, data = tmp_path / "m.md", tmp_path / "m.data"
    code, out, err = _run(str(STRONG), "-o", str(md), "-o", f"json:{data}", "-o", "csv:-")
    assert code == 0
    assert md.read_text(encoding="utf-8").lstrip().startswith(("#", "|"))
    assert json.loads(data.read_text(encoding="utf-8"))["columns"]
    assert out.startswith("rule,topic,")
    code, _, err = _run(str(STRONG), "-o", f"xml:{tmp_path / 'x.xml'}")
    assert code == 2 and "unknown format 'xml'" in err
