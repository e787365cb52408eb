"""Prose on a page that also holds contents lines is kept as body text (issue 9, structure lost)."""

from __future__ import annotations

from pathlib import Path

from policylint.loading import load_document
from tests.pdf_fixtures import write_pdf

PROSE = (
    "This manual takes effect on the first of the month, and every member shall read the policies "
    "that govern the use of force before the first shift worked under it."
)


def test_prose_on_a_contents_page_is_kept_and_the_contents_lines_are_not(tmp_path: Path) -> None:
    pages = [
        [
            ("title", "Table of Contents"),
            ("body", "300 Use of Force ........................ 2"),
            ("body", "301 Reporting the Use of Force ........ 3"),
            ("body", "302 Vehicle Pursuits ..................... 4"),
            ("body", "303 Body-Worn Cameras .................. 5"),
            ("body", PROSE),
        ],
        [("heading", "300 USE OF FORCE"), ("body", "Officers shall use only the force that is reasonable.")],
        [("heading", "301 REPORTING THE USE OF FORCE"), ("body", "Every use of force shall be reported.")],
    ]
    document = load_document(write_pdf(tmp_path / "toc.pdf", pages))
    texts = [" ".join(block.text.split()) for block, _s, _a in document.blocks()]
    assert any("every member shall read the policies" in t for t in texts), texts
    assert not any("Vehicle Pursuits" in t for t in texts), texts  # contents lines stay out of the body
    assert 1 in document.toc_pages
