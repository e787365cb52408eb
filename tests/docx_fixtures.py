"""Build small DOCX files for ingest tests with python-docx, from text written for the tests.

Each builder returns the path it wrote and, where useful, the blocks a reader must find,
so tests compare against what the fixture put in rather than against numbers typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

__all__ = ["ExpectedBlock", "HEADER_TEXT", "FOOTER_TEXT", "build_policy_docx", "build_plain_docx"]

HEADER_TEXT = "Riverbend Police Manual running header"
FOOTER_TEXT = "Confidential footer line, page field follows"


@dataclass(frozen=True)
class ExpectedBlock:
    """What the reader must produce for one block: kind, text, heading level, paragraph index."""

    kind: str
    text: str
    paragraph: int
    level: int | None = None
    bold: bool = False


def _add_numbering(paragraph: docx.text.paragraph.Paragraph, num_id: int = 1, level: int = 0) -> None:
    """Give a paragraph direct numbering (w:numPr), as Word does for a typed "1." list."""
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    ppr.append(num_pr)


def _set_outline_level(paragraph: docx.text.paragraph.Paragraph, level0: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    node = OxmlElement("w:outlineLvl")
    node.set(qn("w:val"), str(level0))
    ppr.append(node)


def build_policy_docx(path: Path) -> tuple[Path, list[ExpectedBlock]]:
    """A manual with every construct the DOCX reader handles, and the blocks it must yield.

    Paragraph indices count every ``w:p`` of the body in order, table-cell and empty ones too.
    """
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER_TEXT
    section.footer.paragraphs[0].text = FOOTER_TEXT

    expected: list[ExpectedBlock] = []
    index = 0

    def add(kind: str, text: str, *, style: str | None = None, level: int | None = None, bold: bool = False):
        nonlocal index
        paragraph = document.add_paragraph(style=style)
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        expected.append(ExpectedBlock(kind, text, index, level, bold))
        index += 1
        return paragraph

    add("heading", "Riverbend Manual of Operations", style="Title", level=1, bold=False)
    add("heading", "400 Handling of Force", style="Heading 1", level=1)
    add("paragraph", "Members apply only the force that the situation in front of them makes necessary.")
    add("list_item", "Give a verbal warning first.", style="List Bullet")
    add("list_item", "Allow time to comply.", style="List Bullet")
    add("list_item", "Request a supervisor.", style="List Number")
    document.add_paragraph("")  # an empty paragraph: counted, never emitted
    index += 1
    add("heading", "400.1 Calming Tactics", style="Heading 2", level=2)
    numbered = add("list_item", "Slow the encounter down where the scene allows it.")
    _add_numbering(numbered)
    add("paragraph", "Reporting Rules", bold=True)
    outlined = add("heading", "Annex of local terms", level=3)
    _set_outline_level(outlined, 2)

    table = document.add_table(rows=3, cols=3)
    cells = [
        ["Tool", "Who may carry it", "Training"],
        ["Baton", "Sworn members", "Yearly"],
        ["Spray", "Sworn members", "Yearly"],
    ]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    # A vertical merge of the "Sworn members" cells: Word shows the text once.
    merged_vertical = table.cell(1, 1).merge(table.cell(2, 1))
    merged_vertical.text = "Sworn members"
    # A horizontal merge in the header row keeps a single w:tc.
    merged_header = table.cell(0, 1).merge(table.cell(0, 2))
    merged_header.text = "Carry and training"
    # Body order: row 0 -> "Tool", merged "Carry and training"; row 1 -> Baton, merged, Yearly;
    # row 2 -> Spray, (vertical continuation: counted, not emitted), Yearly.
    for tc_text in ["Tool", "Carry and training", "Baton", "Sworn members", "Yearly", "Spray", None, "Yearly"]:
        if tc_text is not None:
            expected.append(ExpectedBlock("table_cell", tc_text, index))
        index += 1

    add("paragraph", "Text after the table keeps its place in reading order.")
    add("heading", "400.2 Reviews", style="Heading 3", level=3)
    document.save(str(path))
    return path, expected


def build_plain_docx(path: Path, paragraphs: list[str]) -> Path:
    """A DOCX holding the given Normal paragraphs (empty strings make empty paragraphs)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path
