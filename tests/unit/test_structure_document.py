"""build_document: headers/footers, TOC, section tree and spans, for PDF and other formats."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_fixtures import manual_pages, write_pdf  # noqa: E402

from policylint.ingest.pdf import read_pdf  # noqa: E402
from policylint.model import BlockKind, Diagnostic, Location, RawBlock, RawDocument  # noqa: E402
from policylint.structure import build_document  # noqa: E402

HEADER = ["Example Police Department", "Example PD Policy Manual"]
FOOTER = ["Copyright Example Publisher, All Rights Reserved.", "Department Manual - {page}"]


@pytest.fixture()
def manual_doc(tmp_path: Path):
    path = write_pdf(tmp_path / "manual.pdf", manual_pages(), header=HEADER, footer=FOOTER)
    return build_document(read_pdf(path, sha256="x"))


def _labels(doc) -> list[tuple[int, str]]:
    return [(s.level, s.label) for s, _ in doc.walk()]


def test_pdf_tree_nests_by_numbering(manual_doc) -> None:
    assert _labels(manual_doc) == [
        (1, "Chapter 1 Organization"),
        (2, "100 Department Purpose"),
        (3, "100.1 PURPOSE AND SCOPE"),
        (3, "100.2 POLICY"),
        (4, "100.2.1 ANNUAL REVIEW"),
        (2, "101 Vehicle Maintenance"),
        (3, "101.1 PURPOSE AND SCOPE"),
    ]


def test_pdf_page_spans(manual_doc) -> None:
    spans = {s.label: (s.page_start, s.page_end) for s, _ in manual_doc.walk()}
    assert spans["Chapter 1 Organization"] == (1, 4)
    assert spans["100 Department Purpose"] == (2, 3)
    assert spans["100.2 POLICY"] == (2, 3)
    assert spans["101 Vehicle Maintenance"] == (4, 4)


def test_running_headers_and_footers_removed(manual_doc) -> None:
    text = " ".join(b.text for b, _s, _a in manual_doc.blocks())
    for noise in ("Copyright Example Publisher", "Department Manual -", "Example PD Policy Manual"):
        assert noise not in text
    assert any("Copyright Example Publisher" in line for line in manual_doc.removed_lines)
    assert manual_doc.agency == "Example Police Department"


def test_blocks_keep_real_locations_and_order(manual_doc) -> None:
    blocks = list(manual_doc.blocks())
    assert [b.index for b, _s, _a in blocks] == list(range(len(blocks)))
    first = next(b for b, s, _a in blocks if s.number == "100.1")
    assert first.location.page == 2 and first.location.line == 6
    items = [b for b, s, _a in blocks if b.kind == BlockKind.LIST_ITEM]
    assert len(items) == 2 and all(s.number == "101.1" for b, s, _a in blocks if b in items)


def test_paragraph_hyphenation_is_repaired() -> None:
    raw = RawDocument(
        "x.txt",
        "text",
        "x",
        None,
        (
            RawBlock("1.1 Duty to Act", Location(line=1)),
            RawBlock("Members shall inter-\nvene when another member uses force that is not permitted.", Location(line=2)),
        ),
    )
    doc = build_document(raw)
    (section,) = doc.sections
    assert section.number == "1.1" and section.blocks[0].text.startswith("Members shall intervene\nwhen")  # repaired, line kept
    assert (section.line_start, section.line_end) == (1, 2)


def _pdf_raw(pages: dict[int, list[tuple[str, float]]]) -> RawDocument:
    blocks = []
    for page, items in pages.items():
        for line, (text, size) in enumerate(items, start=1):
            blocks.append(RawBlock(text, Location(page=page, line=line), font_size=size))
    return RawDocument("m.pdf", "pdf", "x", max(pages), tuple(blocks))


def test_toc_page_recorded_not_sectioned() -> None:
    toc_lines = "\n".join(
        [
            "Chapter 1 - General Rules . . . . . . . . 3",
            "100 - Conduct . . . . . . . . . . . 3",
            "101 - Uniforms . . . . . . . . . . 4",
            "102 - Equipment and Long Titles That",
            "Wrap Around . . . . . . . . . . . 5",
        ]
    )
    body = "Members act with integrity and report misconduct to a supervisor without delay."
    raw = _pdf_raw(
        {
            1: [("Contents", 16), (toc_lines, 11)],
            2: [("Preface", 16), (body, 11)],
            3: [("Chapter 1 - General Rules", 20), ("100.1 CONDUCT RULES", 11), (body, 11)],
            4: [("101.1 UNIFORM RULES", 11), (body, 11)],
            5: [("102.1 EQUIPMENT RULES", 11), (body, 11)],
        }
    )
    doc = build_document(raw)
    assert doc.toc_pages == (1,)
    assert [(e.number, e.title, e.page_label) for e in doc.toc] == [
        ("Chapter 1", "General Rules", "3"),
        ("100", "Conduct", "3"),
        ("101", "Uniforms", "4"),
        ("102", "Equipment and Long Titles That Wrap Around", "5"),
    ]
    assert all(s.page_start != 1 for s, _ in doc.walk())
    assert not any(". . ." in b.text for b, _s, _a in doc.blocks())


def test_format_heading_levels_nest() -> None:
    blocks = (
        RawBlock("Use of Force", Location(line=1), kind=BlockKind.HEADING, heading_level=1),
        RawBlock("Intro text about the policy.", Location(line=3)),
        RawBlock("3.1 Definitions", Location(line=5), kind=BlockKind.HEADING, heading_level=2),
        RawBlock("Force means physical effort.", Location(line=6)),
        RawBlock("Reporting", Location(line=8), kind=BlockKind.HEADING, heading_level=2),
        RawBlock("Reports are due the same day.", Location(line=9)),
        RawBlock("Training", Location(line=11), kind=BlockKind.HEADING, heading_level=1),
    )
    doc = build_document(RawDocument("p.md", "markdown", "x", None, blocks))
    assert [(s.level, s.number, s.title) for s, _ in doc.walk()] == [
        (1, None, "Use of Force"),
        (2, "3.1", "Definitions"),
        (2, None, "Reporting"),
        (1, None, "Training"),
    ]
    first = doc.sections[0]
    assert (first.line_start, first.line_end) == (1, 9)


def test_docx_paragraph_spans() -> None:
    blocks = (
        RawBlock("Purpose", Location(paragraph=0), kind=BlockKind.HEADING, heading_level=1),
        RawBlock("This order sets rules.", Location(paragraph=1)),
        RawBlock("Scope", Location(paragraph=2), kind=BlockKind.HEADING, heading_level=1),
        RawBlock("It applies to all staff.", Location(paragraph=3)),
    )
    doc = build_document(RawDocument("o.docx", "docx", "x", None, blocks))
    assert [(s.paragraph_start, s.paragraph_end) for s in doc.sections] == [(0, 1), (2, 3)]


def test_list_items_and_sentences_do_not_become_sections() -> None:
    blocks = (
        RawBlock("IV. PROCEDURES", Location(line=1)),
        RawBlock("(a) Officers shall carry the radio.", Location(line=2), kind=BlockKind.LIST_ITEM),
        RawBlock("1. Officers shall check in at the start of the shift.", Location(line=3)),
        RawBlock("A. Officers will wear the issued vest while on patrol duty.", Location(line=4)),
    )
    doc = build_document(RawDocument("g.txt", "text", "x", None, blocks))
    assert [s.label for s, _ in doc.walk()] == ["IV PROCEDURES"]
    assert len(doc.sections[0].blocks) == 3


def test_reader_diagnostics_are_kept() -> None:
    diag = Diagnostic("PL101", "scan.pdf: no page has a text layer", "scan.pdf", page=1, page_end=3)
    doc = build_document(RawDocument("scan.pdf", "pdf", "x", 3, (), (diag,)))
    assert doc.diagnostics == (diag,) and doc.has_errors and doc.sections == ()


def test_running_title_on_continuation_pages_is_dropped() -> None:
    body = "Members keep the equipment clean and report any damage to the quartermaster promptly."
    raw = _pdf_raw(
        {
            1: [("Agency Manual", 9), ("200", 24), ("Equipment Care", 20), ("200.1 PURPOSE", 11), (body, 11)],
            2: [("Agency Manual", 9), ("Equipment Care", 12), (body[:40], 11), ("200.2 RULES", 11), (body[9:], 11)],
            3: [("Agency Manual", 9), ("Equipment Care", 12), (body[20:], 11)],
        }
    )
    doc = build_document(raw)
    assert [s.label for s, _ in doc.walk()] == ["200 Equipment Care", "200.1 PURPOSE", "200.2 RULES"]
    assert "Equipment Care" in doc.removed_lines
    assert doc.sections[0].page_end == 3
