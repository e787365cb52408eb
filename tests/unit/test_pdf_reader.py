"""The PDF reader on generated fixtures: locations, reading order, diagnostics."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_fixtures import (  # noqa: E402
    encrypted_pdf,
    image_only_pdf,
    manual_pages,
    truncated_pdf,
    two_column_pdf,
    write_pdf,
)

from policylint.ingest.pdf import read_pdf  # noqa: E402
from policylint.model import BlockKind, DiagnosticCode  # noqa: E402

HEADER = ["Example Police Department", "Example PD Policy Manual"]
FOOTER = ["Copyright Example Publisher, All Rights Reserved.", "Department Manual - {page}"]


@pytest.fixture()
def manual(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "manual.pdf", manual_pages(), header=HEADER, footer=FOOTER)


def test_reads_pages_and_blocks_with_locations(manual: Path) -> None:
    raw = read_pdf(manual, sha256="abc")
    assert raw.format == "pdf" and raw.page_count == 4 and raw.sha256 == "abc"
    assert raw.diagnostics == ()
    heading = next(b for b in raw.blocks if b.text == "100.1 PURPOSE AND SCOPE")
    assert heading.location.page == 2
    # Page 2 reads: two header lines, the number, the title, then this heading.
    assert heading.location.line == 5
    assert heading.bold and heading.font_size == pytest.approx(11, abs=0.5)
    title = next(b for b in raw.blocks if b.text == "Department Purpose")
    assert title.font_size == pytest.approx(20, abs=0.5)


def test_footers_drawn_first_are_read_last(manual: Path) -> None:
    """Content streams often draw footers first; reading order is top to bottom."""
    raw = read_pdf(manual, sha256="x")
    page2 = [b for b in raw.blocks if b.location.page == 2]
    assert page2[0].text.startswith("Example Police Department")
    assert page2[-1].text == "Department Manual - 2"
    lines = [b.location.line for b in page2]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)


def test_paragraph_lines_are_kept_together(manual: Path) -> None:
    raw = read_pdf(manual, sha256="x")
    para = next(b for b in raw.blocks if b.text.startswith("Members of the department"))
    assert "\n" in para.text and "end of the shift." in para.text


def test_list_items_are_marked(manual: Path) -> None:
    raw = read_pdf(manual, sha256="x")
    items = [b for b in raw.blocks if b.kind == BlockKind.LIST_ITEM]
    assert [b.text[:3] for b in items] == ["(a)", "(b)"]


def test_two_columns_read_left_then_right(tmp_path: Path) -> None:
    left = [
        "Alpha paragraph describes the left column with enough words to wrap over several rows of text.",
        "Bravo paragraph closes the left column after a short gap with more words to wrap again.",
    ]
    right = [
        "Charlie paragraph opens the right column and also runs long enough to wrap across rows.",
        "Delta paragraph ends the right column with a final few words that wrap over a row.",
    ]
    raw = read_pdf(two_column_pdf(tmp_path / "cols.pdf", left, right, "Two Column Notice"), sha256="x")
    text = "\n".join(b.text for b in raw.blocks)
    order = [text.index(word) for word in ("Two Column Notice", "Alpha", "Bravo", "Charlie", "Delta")]
    assert order == sorted(order)
    # no line mixes the two columns
    assert not any("Alpha" in b.text and "Charlie" in b.text for b in raw.blocks)


def test_scanned_pdf_reports_no_text_layer_range(tmp_path: Path) -> None:
    path = image_only_pdf(tmp_path / "scan.pdf", pages=3)
    raw = read_pdf(path, sha256="x")
    assert raw.blocks == ()
    assert [d.code for d in raw.diagnostics] == [DiagnosticCode.NO_TEXT_LAYER.value]
    diag = raw.diagnostics[0]
    assert (diag.page, diag.page_end, diag.severity) == (1, 3, "error")
    assert "scan.pdf" in diag.message and "1-3" in diag.message


def test_few_image_pages_in_text_document_warn(tmp_path: Path) -> None:
    pages = [[("body", f"Readable page {n} with some ordinary words on it.")] for n in range(1, 4)]
    path = image_only_pdf(tmp_path / "mixed.pdf", pages=1, text_pages=pages)
    raw = read_pdf(path, sha256="x")
    assert raw.blocks
    (diag,) = raw.diagnostics
    assert diag.code == DiagnosticCode.NO_TEXT_LAYER.value
    assert (diag.page, diag.severity) == (4, "warning")


def test_encrypted_pdf(tmp_path: Path) -> None:
    raw = read_pdf(encrypted_pdf(tmp_path / "locked.pdf"), sha256="x")
    (diag,) = raw.diagnostics
    assert diag.code == DiagnosticCode.ENCRYPTED.value and diag.severity == "error"
    assert "locked.pdf" in diag.message and "password" in diag.message
    assert "\n" not in diag.message


@pytest.mark.parametrize("keep", [0.2, 0.6, 0.97])
def test_truncated_pdf_is_corrupt_not_a_crash(tmp_path: Path, keep: float) -> None:
    raw = read_pdf(truncated_pdf(tmp_path / "cut.pdf", keep=keep), sha256="x")
    codes = {d.code for d in raw.diagnostics}
    assert codes & {DiagnosticCode.CORRUPT.value, DiagnosticCode.PARTIAL.value}
    assert all("cut.pdf" in d.message for d in raw.diagnostics)


def test_garbage_bytes_are_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    raw = read_pdf(path, sha256="x")
    assert [d.code for d in raw.diagnostics] == [DiagnosticCode.CORRUPT.value]


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    raw = read_pdf(tmp_path / "absent.pdf", sha256="x")
    assert [d.code for d in raw.diagnostics] == [DiagnosticCode.NOT_FOUND.value]
