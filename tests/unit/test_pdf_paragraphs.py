"""Paragraph grouping on PDFs typeset like real general orders (regression tests).

Fixtures are generated with reportlab from text written for these tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_fixtures import form_header_pdf, scaled_lines_pdf  # noqa: E402

from policylint.ingest.pdf import is_list_item, read_pdf  # noqa: E402
from policylint.model import BlockKind, RawDocument  # noqa: E402
from policylint.structure import build_document  # noqa: E402

BODY = [
    ("Officers document every use of force in a written report before the end of", 0, "para", False),
    ("the shift in which it occurred and hand the report to the reviewing", 0, "line", False),
    ("supervisor.", 0, "line", False),
    ("Reports are kept for five years. The records unit answers requests for copies", 0, "para", False),
    ("within ten working days.", 0, "line", False),
]
LIST = [
    ("CAMERA USE", 0, "para", True),
    ("Members assigned a camera shall:", 0, "para", False),
    ("1. Charge the camera before every shift and confirm that the battery lasts", 36, "line", False),
    ("for the whole tour of duty;", 54, "line", False),
    ("2. Start recording at the first sign that a contact may turn adversarial;", 36, "line", False),
    ("and", 54, "line", False),
    ("3. Keep the camera running until the contact has ended, except that:", 36, "line", False),
    ("a. a victim who asks not to be recorded may be heard off camera; and", 54, "line", False),
    ("b. a private residence may be left unrecorded when the occupant objects.", 54, "line", False),
]


def _read(path: Path) -> RawDocument:
    return read_pdf(path, sha256="x")


def test_lines_of_a_paragraph_merge_when_the_font_size_is_scaled(tmp_path: Path) -> None:
    """Generators that set size 1 and scale the text matrix must not get one block per line."""
    raw = _read(scaled_lines_pdf(tmp_path / "scaled.pdf", BODY))
    texts = [b.text.replace("\n", " ") for b in raw.blocks]
    assert texts == [
        "Officers document every use of force in a written report before the end of the shift in which "
        "it occurred and hand the report to the reviewing supervisor.",
        "Reports are kept for five years. The records unit answers requests for copies within ten working days.",
    ]
    assert raw.blocks[0].font_size == 10.8


def test_numbered_items_follow_their_lead_in(tmp_path: Path) -> None:
    raw = _read(scaled_lines_pdf(tmp_path / "list.pdf", LIST))
    texts = [b.text.replace("\n", " ") for b in raw.blocks]
    lead = texts.index("Members assigned a camera shall:")
    assert [t[:2] for t in texts[lead + 1 :]] == ["1.", "2.", "3.", "a.", "b."]
    assert texts[lead + 2].endswith("adversarial; and")  # a wrapped item stays whole
    kinds = [b.kind for b in raw.blocks[lead + 1 :]]
    assert kinds == [BlockKind.LIST_ITEM] * 5
    doc = build_document(raw)
    section = next(s for s, _ in doc.walk() if s.title == "CAMERA USE")
    assert section.blocks[0].text == "Members assigned a camera shall:"
    assert section.blocks[1].text.startswith("1. Charge the camera")


def test_list_item_or_numbered_heading() -> None:
    assert is_list_item("(c) any person in custody")
    assert is_list_item("2. Officers shall carry the issued baton at all times while on patrol duty.")
    assert is_list_item("a. the subject is restrained")
    assert not is_list_item("1. PURPOSE")
    assert not is_list_item("A. Definitions")


def test_sentence_broken_by_a_page_turn_is_one_block(tmp_path: Path) -> None:
    from pdf_fixtures import write_pdf

    first = [("heading", "RECORDS"), ("body", "Supervisors review each recording flagged by an officer and")]
    second = [("body", "forward any complaint to the professional standards unit within two days.")]
    raw = _read(write_pdf(tmp_path / "turn.pdf", [first, second], footer=["Recording Policy - {page}"]))
    doc = build_document(raw)
    section = next(s for s, _ in doc.walk() if s.title == "RECORDS")
    assert [b.text for b in section.blocks] == [
        "Supervisors review each recording flagged by an officer and forward any complaint to the "
        "professional standards unit within two days."
    ]


def test_general_order_form_is_front_matter(tmp_path: Path) -> None:
    cells = [
        ("GENERAL ORDER", "NUMBER", "EFFECTIVE DATE"),
        ("SUBJECT: CAMERA PROGRAM", "REVISION DATES", "DISTRIBUTION"),
        ("PROGRAM", "04/02/19, 11/30/20", "ALL SWORN"),
    ]
    page = [
        ("heading", "I. PURPOSE"),
        ("body", "This order sets out when members record contacts with the public and how they keep the files."),
        ("heading", "II. POLICY"),
        ("body", "Members record every enforcement contact from its start until it ends, without exception."),
    ]
    doc = build_document(_read(form_header_pdf(tmp_path / "order.pdf", cells, [page])))
    assert [s.label for s in doc.sections] == ["I PURPOSE", "II POLICY"]
    front = " ".join(b.text for b in doc.root.blocks)
    assert "REVISION DATES" in front and "DISTRIBUTION" in front
