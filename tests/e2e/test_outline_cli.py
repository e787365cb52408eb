"""``policylint outline`` end to end on generated PDFs: formats, exit codes, errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_fixtures import encrypted_pdf, image_only_pdf, manual_pages, write_pdf  # noqa: E402

from policylint.cli import main  # noqa: E402

HEADER = ["Example Police Department", "Example PD Policy Manual"]
FOOTER = ["Copyright Example Publisher, All Rights Reserved.", "Department Manual - {page}"]


@pytest.fixture()
def manual(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "manual.pdf", manual_pages(), header=HEADER, footer=FOOTER)


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


def test_text_outline(manual: Path) -> None:
    result = _runner().invoke(main, ["outline", str(manual)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "manual.pdf (pdf, 4 pages)" in out
    assert "  Chapter 1 Organization  (pp. 1-4)" in out
    assert "      100.2.1 ANNUAL REVIEW  (p. 3)" in out


def test_json_contract(manual: Path) -> None:
    result = _runner().invoke(main, ["outline", "--format", "json", str(manual)])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    (doc,) = payload["documents"]
    assert {"path", "format", "pages", "diagnostics", "sections"} <= doc.keys()
    assert doc["format"] == "pdf" and doc["pages"] == 4 and doc["diagnostics"] == []
    chapter = doc["sections"][0]
    assert {"number", "title", "level", "page_start", "page_end", "children"} <= chapter.keys()
    assert (chapter["number"], chapter["title"], chapter["level"]) == ("Chapter 1", "Organization", 1)
    policy = chapter["children"][0]
    assert (policy["number"], policy["title"], policy["page_start"], policy["page_end"]) == (
        "100",
        "Department Purpose",
        2,
        3,
    )
    assert [c["number"] for c in policy["children"]] == ["100.1", "100.2"]


def test_markdown_outline(manual: Path) -> None:
    result = _runner().invoke(main, ["outline", "--format", "markdown", str(manual)])
    assert result.exit_code == 0
    assert "- **Chapter 1** Organization (pp. 1-4)" in result.stdout
    assert "  - **100** Department Purpose (pp. 2-3)" in result.stdout


def test_scanned_file_exits_2_with_diagnostic(tmp_path: Path) -> None:
    scan = image_only_pdf(tmp_path / "scan.pdf", pages=4)
    result = _runner().invoke(main, ["outline", "--format", "json", str(scan)])
    assert result.exit_code == 2
    (doc,) = json.loads(result.stdout)["documents"]
    (diag,) = doc["diagnostics"]
    assert diag["code"] == "PL101" and diag["page"] == 1 and diag["page_end"] == 4
    assert doc["sections"] == []
    assert "scan.pdf" in result.stderr and "text layer" in result.stderr


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, manual: Path) -> None:
    locked = encrypted_pdf(tmp_path / "locked.pdf")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(manual.read_bytes()[:700])
    result = _runner().invoke(main, ["outline", "--format", "json", str(locked), str(manual), str(cut)])
    assert result.exit_code == 2
    docs = json.loads(result.stdout)["documents"]
    assert [Path(d["path"]).name for d in docs] == ["locked.pdf", "manual.pdf", "cut.pdf"]
    assert docs[1]["sections"] and docs[1]["diagnostics"] == []
    assert docs[0]["diagnostics"][0]["code"] == "PL102"
    assert docs[2]["diagnostics"][0]["code"] == "PL103"
    err_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(err_lines) == 2
    assert "locked.pdf" in err_lines[0] and "cut.pdf" in err_lines[1]


def test_max_file_mb_option(manual: Path) -> None:
    result = _runner().invoke(main, ["outline", "--max-file-mb", "0.001", str(manual)])
    assert result.exit_code == 2
    assert "manual.pdf" in result.stderr


def test_help_is_fast_and_lists_formats() -> None:
    result = _runner().invoke(main, ["outline", "--help"])
    assert result.exit_code == 0 and "--format" in result.stdout and "--max-file-mb" in result.stdout
