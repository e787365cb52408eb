"""Table rows and spaced list bullets in PDFs: cells are table cells, bullets stay with their items."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_fixtures import definitions_table_pdf, manual_pages, spaced_bullets_pdf, write_pdf  # noqa: E402

from policylint.ingest.pdf import read_pdf  # noqa: E402
from policylint.model import BlockKind, RawDocument  # noqa: E402
from policylint.structure import build_document  # noqa: E402

ROWS = [
    ("Escort", "Guiding a person by the arm without pain, to move them from one place to another place nearby."),
    ("Cordon", "A line of officers or barriers that marks where people may not go while an event lasts."),
    ("Staging area", "The place where arriving units wait for an assignment, out of sight of the crowd."),
]


@pytest.fixture()
def table_pdf(tmp_path: Path) -> Path:
    return definitions_table_pdf(
        tmp_path / "table.pdf",
        "The table below gives the meaning of words this order uses.",
        ROWS,
        "Members who are unsure what a word means ask their supervisor before they act on it.",
    )


def test_table_rows_become_cells_term_before_meaning(table_pdf: Path) -> None:
    raw = read_pdf(table_pdf, sha256="x")
    cells = [b.text.replace("\n", " ") for b in raw.blocks if b.kind == BlockKind.TABLE_CELL]
    assert cells[:2] == ["Term", "Meaning"]
    assert cells[2] == "Escort" and cells[3].startswith("Guiding a person") and cells[3].endswith("nearby.")
    assert cells[4] == "Cordon" and cells[6] == "Staging area"
    assert len(cells) == 2 * (len(ROWS) + 1)
    # the paragraphs before and after the table are not cells
    kinds = {b.text[:20]: b.kind for b in raw.blocks}
    assert kinds["The table below give"] == BlockKind.PARAGRAPH and kinds["Members who are unsu"] == BlockKind.PARAGRAPH


def test_bold_terms_of_a_table_are_not_headings(table_pdf: Path) -> None:
    doc = build_document(read_pdf(table_pdf, sha256="x"))
    titles = [s.title for s, _ in doc.walk()]
    assert titles == ["Words Used in This Order"]
    section = doc.sections[0]
    assert any(b.kind == BlockKind.TABLE_CELL and b.text == "Cordon" for b in section.blocks)


def test_prose_pages_have_no_table_cells(tmp_path: Path) -> None:
    raw = read_pdf(write_pdf(tmp_path / "m.pdf", manual_pages()), sha256="x")
    assert not [b for b in raw.blocks if b.kind == BlockKind.TABLE_CELL]


def test_numbers_drawn_apart_mark_list_items(tmp_path: Path) -> None:
    items = [
        "Given in a clear voice that the whole crowd can hear.",
        "Repeated at least three times from different places.",
        "Specific about the routes people can use to leave and the time they have before anyone is"
        " arrested or force is used.",
    ]
    raw = read_pdf(spaced_bullets_pdf(tmp_path / "l.pdf", "Before a dispersal the commander makes sure the order is:", items), sha256="x")
    listed = [b for b in raw.blocks if b.kind == BlockKind.LIST_ITEM]
    assert [b.text.split("\n")[0].split()[0] for b in listed] == ["1", "2", "3"]
    # the item keeps its marker, is measured at its text's size, and keeps its wrapped line
    assert listed[0].text.startswith("1 Given") and listed[0].font_size == pytest.approx(10.5, abs=0.2)
    assert listed[2].text.rstrip().endswith("force is used.")


def test_two_workers_read_the_same_blocks(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "m.pdf", manual_pages() * 2, footer=["Manual - {page}"])
    one = read_pdf(pdf, sha256="x", workers=1)
    two = read_pdf(pdf, sha256="x", workers=2)
    assert one.blocks == two.blocks and one.diagnostics == two.diagnostics and one.page_count == 8


def test_unreadable_worker_falls_back_to_reading_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policylint.ingest import pdf as reader

    def broken(path: str, first: int, stop: int, conn: object) -> None:
        conn.send(RuntimeError("worker failed"))  # type: ignore[attr-defined]
        conn.close()  # type: ignore[attr-defined]

    monkeypatch.setattr(reader, "_read_in_child", broken)
    pdf = write_pdf(tmp_path / "m.pdf", manual_pages())
    raw: RawDocument = read_pdf(pdf, sha256="x", workers=2)
    assert raw.blocks == read_pdf(pdf, sha256="x", workers=1).blocks
