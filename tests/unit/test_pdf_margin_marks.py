"""Revision marks in the margin ("Rev", "NEW") never split a list item (issue 9, structure lost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.ingest.pdf import PdfLine, strip_revision_marks
from policylint.loading import load_document
from tests.pdf_fixtures import revision_mark_pdf

LEAD = "Officers shall:"
ITEM = [
    "(a) Intervene to stop another officer who is using force that is",
    "clearly beyond what is objectively reasonable under the circumstances,",
    "when it is safe to do so.",
]


@pytest.mark.parametrize("mark,side", [("Rev", "left"), ("NEW", "left"), ("Revised", "right")])
def test_a_margin_mark_does_not_split_the_item(tmp_path: Path, mark: str, side: str) -> None:
    document = load_document(revision_mark_pdf(tmp_path / "rev.pdf", LEAD, ITEM, mark=mark, side=side))
    texts = [block.text for block, _section, _ancestors in document.blocks()]
    item = next(t for t in texts if t.startswith("(a)"))
    assert "clearly beyond what is objectively reasonable" in item and "safe to do so" in item, texts
    assert not any(mark in t.split() for t in texts), texts


def _line(text: str, x0: float, x1: float, top: float) -> PdfLine:
    return PdfLine(text=text, x0=x0, x1=x1, top=top, bottom=top - 10, size=11.0, bold=False)


def test_a_sentence_that_starts_with_new_is_not_a_mark() -> None:
    lines = [
        _line("Officers shall report every use of force.", 72, 400, 700),
        _line("New officers shall complete field training.", 72, 420, 686),
        _line("Supervisors shall review each report.", 72, 380, 672),
        _line("Rev the report is reviewed within 72 hours.", 30, 400, 658),
    ]
    out = [ln.text for ln in strip_revision_marks(lines)]
    assert out[1] == "New officers shall complete field training."  # at the body's edge: text
    assert out[3] == "the report is reviewed within 72 hours."  # in the margin: a mark
