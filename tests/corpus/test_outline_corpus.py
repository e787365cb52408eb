"""The outline against real manuals: TOC chapters found, scanned file refused, others read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policylint.loading import load_document
from policylint.model import Document

pytestmark = pytest.mark.corpus


def _chapter_match_rate(doc: Document) -> tuple[float, list[str]]:
    """Share of the TOC's ``NNN - Title ... page`` entries found as sections with the same
    number, title (case-insensitive) and start page. Printed page labels are mapped to
    physical pages with the offset found from running footers (0 for these manuals)."""
    offset = int(doc.metadata.get("page_label_offset", "0"))
    entries = [e for e in doc.toc if e.number and re.fullmatch(r"\d{3}", e.number)]
    assert len(entries) > 100
    found = {(s.number, s.title.casefold(), s.page_start) for s, _ in doc.walk()}
    missing = [
        f"{e.number} {e.title} p.{e.page_label}"
        for e in entries
        if (e.number, e.title.casefold(), int(e.page_label) - offset) not in found
    ]
    return 1 - len(missing) / len(entries), missing


@pytest.mark.parametrize(
    "name", ["lisle_il_policy_manual_full.pdf", "northbrook_il_policy_manual_full.pdf"]
)
def test_lexipol_manual_chapters_match_toc(corpus_docs: Path, name: str) -> None:
    doc = load_document(corpus_docs / name)
    assert not doc.has_errors
    rate, missing = _chapter_match_rate(doc)
    assert rate >= 0.98, missing[:10]
    assert doc.toc_pages and doc.toc_pages[0] < 10
    assert not [s.label for s, _ in doc.walk() if s.page_start in doc.toc_pages]
    assert doc.agency and "Police Department" in doc.agency
    # the footer "Title - 21" carries the physical page number: printed == physical
    assert doc.metadata.get("page_label_offset") == "0"


def test_scanned_general_orders_are_unreadable(corpus_docs: Path) -> None:
    doc = load_document(corpus_docs / "bartlett_il_general_orders_800_series.pdf")
    assert doc.has_errors
    codes = {d.code for d in doc.diagnostics}
    assert codes == {"PL101"}
    covered = set()
    for d in doc.diagnostics:
        covered.update(range(d.page or 0, (d.page_end or d.page or 0) + 1))
    assert covered == set(range(1, 65))


@pytest.mark.parametrize(
    "name",
    [
        "urbana_il_use_of_force.pdf",
        "chicago_il_use_of_force_2020.pdf",
        "rockford_il_response_to_resistance.pdf",
        "nz_police_use_of_force_overview_2024.pdf",
        "nz_police_off_duty_interventions_2020.docx",
        "nz_police_off_duty_interventions_2020.html",
    ],
)
def test_other_documents_read_with_headings(corpus_docs: Path, name: str) -> None:
    doc = load_document(corpus_docs / name)
    assert not doc.has_errors, [d.message for d in doc.diagnostics]
    sections = [s for s, _ in doc.walk()]
    assert len(sections) >= 3
    assert all(len(s.title) <= 140 for s in sections)
    assert sum(1 for _ in doc.blocks()) > 10
