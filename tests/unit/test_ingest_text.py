"""Plain-text reader: paragraphs, hard-wrapped text split at heading and list lines, pages."""

from __future__ import annotations

from pathlib import Path

from policylint.ingest import read_raw
from policylint.ingest.text import is_heading_line, text_blocks
from policylint.model import BlockKind

LIMIT = 1024 * 1024


def _rows(text: str) -> list[tuple[int | None, int | None, str, str]]:
    blocks, _ = text_blocks(text)
    return [(b.location.line, b.location.page, b.kind.value, b.text) for b in blocks]


def test_text_paragraphs_split_at_blank_lines_with_start_lines() -> None:
    text = "First paragraph line one\nline two.\n\n\nSecond paragraph.\n"
    assert _rows(text) == [
        (1, None, "paragraph", "First paragraph line one line two."),
        (5, None, "paragraph", "Second paragraph."),
    ]


def test_text_numbered_heading_lines_become_their_own_blocks_without_blank_lines() -> None:
    text = (
        "Chapter 3\n"
        "412.2   DUTY TO STEP IN\n"
        "Any member who sees force beyond what is reasonable\n"
        "acts to stop it and tells a supervisor.\n"
        "412.2.1 Reporting Duties\n"
        "The member writes it down before the shift ends.\n"
    )
    assert _rows(text) == [
        (1, None, "paragraph", "Chapter 3"),
        (2, None, "paragraph", "412.2 DUTY TO STEP IN"),
        (3, None, "paragraph", "Any member who sees force beyond what is reasonable acts to stop it and tells a supervisor."),
        (5, None, "paragraph", "412.2.1 Reporting Duties"),
        (6, None, "paragraph", "The member writes it down before the shift ends."),
    ]


def test_text_list_markers_start_list_items_and_wrapped_lines_continue_them() -> None:
    text = "Members will:\n(a) warn the person\nwhen time and distance allow;\n(b) wait for compliance.\n1. Report.\n"
    assert _rows(text) == [
        (1, None, "paragraph", "Members will:"),
        (2, None, "list_item", "(a) warn the person when time and distance allow;"),
        (4, None, "list_item", "(b) wait for compliance."),
        (5, None, "list_item", "1. Report."),
    ]


def test_text_marker_alone_joins_its_text_and_split_sentence_rejoins() -> None:
    text = "(d)\n\nCheck the scene for hazards.\n\nThe officer explains the stop and\n\nthe reason for it.\n"
    assert _rows(text) == [
        (1, None, "list_item", "(d) Check the scene for hazards."),
        (5, None, "paragraph", "The officer explains the stop and the reason for it."),
    ]


def test_text_bullet_glyph_alone_joins_the_text_that_follows() -> None:
    assert _rows("\u2022\n\nKeep the radio on.\n") == [(1, None, "list_item", "\u2022 Keep the radio on.")]


def test_text_form_feeds_set_pages_and_page_count_without_shifting_lines() -> None:
    text = "Page one text.\n\fPage two text.\nmore on two.\n\f\nPage three.\n\f"
    blocks, page_count = text_blocks(text)
    assert [(b.location.line, b.location.page, b.text) for b in blocks] == [
        (1, 1, "Page one text."),
        (2, 2, "Page two text. more on two."),
        (5, 3, "Page three."),
    ]
    assert page_count == 3


def test_text_without_form_feeds_has_no_pages() -> None:
    blocks, page_count = text_blocks("Just text.\n")
    assert page_count is None
    assert blocks[0].location.page is None


def test_text_hyphenated_line_break_is_joined() -> None:
    assert _rows("The officer must recog-\nnize the signs.\n") == [(1, None, "paragraph", "The officer must recog-nize the signs.")]


def test_text_heading_line_classifier() -> None:
    assert is_heading_line("300.2 DUTY TO INTERCEDE")
    assert is_heading_line("4.1 Use of Deadly Force")
    assert is_heading_line("Chapter 3")
    assert is_heading_line("Article II - Definitions")
    assert is_heading_line("PURPOSE AND SCOPE")
    assert not is_heading_line("12 months after the last review, the unit checks it again.")
    assert not is_heading_line("1. Staff keep the log book current and sign each entry")
    assert not is_heading_line("Section 12 of the bylaw sets the fee for towing")


def test_text_file_with_crlf_cp1252_and_form_feeds_through_dispatcher(tmp_path: Path) -> None:
    path = tmp_path / "manual.txt"
    path.write_bytes("Caf\u00e9 rules \u201cquoted\u201d.\r\n\r\n\f100.1 SCOPE\r\nBody.\r\n".encode("cp1252"))
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.format == "text"
    assert raw.metadata["encoding"] == "cp1252"
    assert raw.page_count == 2
    assert [(b.location.line, b.location.page, b.text) for b in raw.blocks] == [
        (1, 1, "Caf\u00e9 rules \u201cquoted\u201d."),
        (3, 2, "100.1 SCOPE"),
        (4, 2, "Body."),
    ]
    assert all(b.kind is BlockKind.PARAGRAPH for b in raw.blocks)
