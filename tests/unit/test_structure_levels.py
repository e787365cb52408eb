"""Heading levels a person would agree with: type case, repeated titles, ``.00`` parents, header lines."""

from __future__ import annotations

from policylint.model import Document, Location, RawBlock, RawDocument
from policylint.structure import build_document
from policylint.structure.headings import number_depth, numeric_key

BODY = "Members write a report of every event before the end of the shift in which it happened."


def _pdf(pages: list[list[tuple[str, float, bool]]]) -> Document:
    """A PDF-like raw document: each page a list of (text, size, bold) blocks."""
    blocks = []
    for page_no, page in enumerate(pages, start=1):
        for line, (text, size, bold) in enumerate(page, start=1):
            blocks.append(RawBlock(text, Location(page=page_no, line=line), font_size=size, bold=bold))
    return build_document(RawDocument("x.pdf", "pdf", "", len(pages), tuple(blocks)))


def _outline(doc: Document) -> list[str]:
    return [f"{'  ' * (s.level - 1)}{s.label}" for s, _ in doc.walk()]


def test_title_case_bold_heads_nest_under_all_caps_bold_heads() -> None:
    doc = _pdf(
        [
            [
                ("POLICY", 10.8, True), (BODY, 10.8, False),
                ("PROCEDURES", 10.8, True), ("Arrest Powers", 10.8, True), (BODY, 10.8, False),
                ("Vehicle Stops", 10.8, True), (BODY, 10.8, False),
                ("TRAINING", 10.8, True), (BODY, 10.8, False),
            ]
        ]
    )
    assert _outline(doc) == ["POLICY", "PROCEDURES", "  Arrest Powers", "  Vehicle Stops", "TRAINING"]


def test_sentence_case_bold_line_set_larger_is_a_heading() -> None:
    doc = _pdf([[("Planning the event", 11, True), (BODY, 10, False), ("Keeping the log", 11, True), (BODY, 10, False)]])
    assert _outline(doc) == ["Planning the event", "Keeping the log"]


def test_sentence_case_bold_line_in_body_type_stays_body() -> None:
    doc = _pdf([[("Planning the event", 10, True), (BODY, 10, False)]])
    assert _outline(doc) == []


def test_a_title_printed_twice_on_its_page_opens_one_section() -> None:
    doc = _pdf(
        [
            [
                ("410.00 Vehicle Pursuits", 16, True), ("Revised 01/02/2020", 8, False),
                ("410.00 VEHICLE PURSUITS", 8, True), ("410.01 Starting a Pursuit", 8, True), (BODY, 8, False),
                ("410.02 Ending a Pursuit", 8, True), (BODY, 8, False),
            ]
        ]
        + [[(BODY, 8, False)] * 3]
    )
    assert _outline(doc) == ["410.00 Vehicle Pursuits", "  410.01 Starting a Pursuit", "  410.02 Ending a Pursuit"]


def test_same_number_different_heading_is_kept() -> None:
    doc = _pdf([[("512.10 TRAINING", 11, True), (BODY, 11, False), ("512.10 STORAGE", 11, True), (BODY, 11, False)]])
    assert [s.title for s, _ in doc.walk()] == ["TRAINING", "STORAGE"]


def test_zero_parts_name_the_parent() -> None:
    assert numeric_key("901.00") == "901" and numeric_key("2.0") == "2" and numeric_key("805.10") == "805.10"
    assert number_depth("901.00") == 0 and number_depth("901.01") == 1 and number_depth("300.5.1") == 2


def test_number_with_zero_part_opens_the_text_of_the_bare_number() -> None:
    doc = _pdf([[("460 USE OF FORCE", 12, True), ("460.00 PURPOSE", 11, True), (BODY, 11, False),
                 ("460.05 MODEL", 11, True), (BODY, 11, False)]])
    assert _outline(doc) == ["460 USE OF FORCE", "  460.00 PURPOSE", "  460.05 MODEL"]


def test_header_line_read_with_the_title_under_it_is_stripped() -> None:
    header = "Example Police Department Orders"
    titles = ["700.00 Radio Use", "701.00 Evidence Rooms", "702.00 Lost Property", "703.00 Court Days"]
    pages = []
    for title in titles:
        # body text differs from page to page: repeated text at a page's top is a header
        subject = title.split(" ", 1)[1].lower()
        pages.append([(header, 12, True), (title, 12, True), (f"This order covers {subject} for all members.", 9, False)])
        pages.append([(f"{header}\n{title}", 12, True), (f"Supervisors check {subject} every month.", 9, False)])
    doc = _pdf(pages)
    assert _outline(doc) == titles
    assert [s.page_end for s, _ in doc.walk()] == [2, 4, 6, 8]
    assert header in doc.removed_lines
