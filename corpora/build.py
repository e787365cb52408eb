#!/usr/bin/env python
"""Generate the bundled sample manuals (DOCX and PDF) from their Markdown sources.

    python corpora/build.py            # regenerate corpora/<name>.docx and corpora/<name>.pdf
    python corpora/build.py --check    # exit 1 if a generated file is missing or out of date

Every ``corpora/src/<name>.md`` becomes ``corpora/<name>.docx`` (python-docx: real Heading
styles, List Bullet / List Number styles, tables, a running header and a footer with a PAGE
field) and ``corpora/<name>.pdf`` (reportlab platypus: bold headings, body text, lists,
tables, a running header "Riverton Police Department - Policy Manual" and a footer
"<policy title> - <page>" on every page, so header/footer removal is exercised).

Output is deterministic: reportlab runs with ``invariant=1`` and the DOCX core properties
and zip timestamps are fixed, so regenerating does not churn git. ``--check`` still
compares *text* (not bytes), because a different reportlab or python-docx version may
lay bytes out differently while saying the same thing.

The Markdown subset understood here is what the sources use: ``#``-``####`` headings,
paragraphs, ``-`` bullets, ``1.`` numbered lists and pipe tables. Each ``## NNN - Title``
heading is a policy: it starts a new page and names the page footer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

AGENCY = "Riverton Police Department"
RUNNING_HEADER = f"{AGENCY} - Policy Manual"
#: Fixed timestamp for DOCX core properties and zip members (no churn on rebuild).
FIXED_TIME = dt.datetime(2024, 1, 15, 9, 0, 0, tzinfo=dt.timezone.utc)
POLICY_HEADING = re.compile(r"^(?P<number>\d{3})\s+-\s+(?P<title>.+)$")


# --------------------------------------------------------------------------- source model


@dataclass(frozen=True)
class Heading:
    level: int
    text: str

    @property
    def policy(self) -> tuple[str, str] | None:
        """(number, title) when this is a ``## NNN - Title`` policy heading."""
        match = POLICY_HEADING.match(self.text) if self.level == 2 else None
        return (match["number"], match["title"]) if match else None


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | ListBlock | Table


@dataclass
class _TableBuilder:
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0


def parse_markdown(text: str) -> list[Block]:
    """Turn the Markdown subset used by the sources into a flat list of blocks."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    list_stack: list[tuple[bool, list[str]]] = []
    table: _TableBuilder | None = None
    heading_level = 0
    in_thead = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_stack.append((kind == "ordered_list_open", []))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered, items = list_stack.pop()
            blocks.append(ListBlock(ordered, tuple(items)))
        elif kind == "table_open":
            table = _TableBuilder()
        elif kind == "thead_open":
            in_thead = True
        elif kind == "thead_close":
            in_thead = False
        elif kind == "tr_open" and table is not None:
            table.rows.append([])
            if in_thead:
                table.header_rows += 1
        elif kind == "table_close" and table is not None:
            blocks.append(Table(tuple(table.rows[0]), tuple(tuple(r) for r in table.rows[1:])))
            table = None
        elif kind == "inline":
            content = token.content.strip()
            if table is not None:
                table.rows[-1].append(content)
            elif heading_level:
                blocks.append(Heading(heading_level, content))
                heading_level = 0
            elif list_stack:
                list_stack[-1][1].append(content)
            else:
                blocks.append(Paragraph(content))
    return blocks


def starts_page(blocks: list[Block], index: int) -> bool:
    """Chapters and policies start a new page, except a policy right under its chapter."""
    block = blocks[index]
    if index == 0 or not isinstance(block, Heading) or block.level > 2:
        return False
    previous = blocks[index - 1]
    return not (block.level == 2 and isinstance(previous, Heading) and previous.level == 1)


def document_title(blocks: list[Block]) -> str:
    first = blocks[0]
    return first.text if isinstance(first, Heading) else AGENCY


# --------------------------------------------------------------------------- DOCX


def build_docx(blocks: list[Block], out: Path) -> None:
    """Write ``blocks`` as a DOCX with real Word styles and deterministic bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = RUNNING_HEADER
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{AGENCY} Policy Manual - Page ")
    _add_page_field(footer.add_run(), OxmlElement, qn)

    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            if index == 0:
                paragraph = document.add_paragraph(block.text, style="Title")
            else:
                paragraph = document.add_heading(block.text, level=min(block.level, 4))
            paragraph.paragraph_format.page_break_before = starts_page(blocks, index)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                document.add_paragraph(item, style=style)
        else:
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            for row_index, row in enumerate((block.header, *block.rows)):
                for col, text in enumerate(row):
                    cell = table.cell(row_index, col)
                    cell.text = text
                    if row_index == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
            document.add_paragraph()  # keep the next paragraph off the table border

    for style_name in ("Normal", "List Bullet", "List Number"):
        document.styles[style_name].font.size = Pt(11)
    props = document.core_properties
    props.title = document_title(blocks)
    props.author = AGENCY
    props.last_modified_by = AGENCY
    props.comments = "Fictional sample manual generated by corpora/build.py"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1

    buffer = io.BytesIO()
    document.save(buffer)
    out.write_bytes(_normalise_zip(buffer.getvalue()))


def _add_page_field(run: object, OxmlElement: Callable, qn: Callable) -> None:
    """Append a PAGE field (begin / instrText / end) to ``run``: Word fills in the number."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, end):
        run._r.append(element)  # type: ignore[attr-defined]


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the DOCX zip with fixed member timestamps so identical input gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return buffer.getvalue()


# --------------------------------------------------------------------------- PDF


def build_pdf(blocks: list[Block], out: Path) -> None:
    """Write ``blocks`` as a PDF; the table of contents gets real page numbers (two passes)."""
    pages = _render_pdf(blocks, None, io.BytesIO())
    _render_pdf(blocks, pages, str(out))


def _render_pdf(blocks: list[Block], toc_pages: dict[str, int] | None, target: object) -> dict[str, int]:
    """Lay out the manual once; return the page each policy starts on."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        ListFlowable,
        ListItem,
        PageBreak,
        PageTemplate,
        Paragraph as PdfParagraph,
        Spacer,
        Table as PdfTable,
        TableStyle,
    )
    from reportlab.platypus.flowables import Flowable
    from xml.sax.saxutils import escape

    sheet = getSampleStyleSheet()
    body = ParagraphStyle("Body", parent=sheet["BodyText"], fontName="Helvetica", fontSize=10.5,
                          leading=14, spaceAfter=6)
    heading_styles = {
        0: ParagraphStyle("Title0", fontName="Helvetica-Bold", fontSize=22, leading=28,
                          alignment=TA_CENTER, spaceBefore=120, spaceAfter=24),
        1: ParagraphStyle("H1", fontName="Helvetica-Bold", fontSize=17, leading=22, spaceAfter=14),
        2: ParagraphStyle("H2", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=4,
                          spaceAfter=10),
        3: ParagraphStyle("H3", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8,
                          spaceAfter=4),
        4: ParagraphStyle("H4", fontName="Helvetica-Bold", fontSize=10.5, leading=14, spaceBefore=6,
                          spaceAfter=3),
    }
    for style in heading_styles.values():
        style.keepWithNext = 1  # never strand a heading at the foot of a page
    cell_style = ParagraphStyle("Cell", parent=body, fontSize=9.5, leading=12, spaceAfter=0)
    cell_bold = ParagraphStyle("CellBold", parent=cell_style, fontName="Helvetica-Bold")

    found_pages: dict[str, int] = {}
    page_titles: dict[int, str] = {}

    class ManualDoc(BaseDocTemplate):
        """Tracks which policy is on each page, for the footer and the table of contents."""

        current_title = "Policy Manual"

        def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab hook)
            footer_title = getattr(flowable, "footer_title", None)
            if footer_title:
                self.current_title = footer_title
                page_titles[self.page] = footer_title
            policy = getattr(flowable, "policy_number", None)
            if policy:
                found_pages[policy] = self.page

    def draw_page(canvas: object, doc: ManualDoc) -> None:
        """Running header and footer, drawn after the page's text (so the footer names its policy)."""
        title = page_titles.get(doc.page, doc.current_title)
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(LETTER[0] / 2, LETTER[1] - 0.55 * inch, RUNNING_HEADER)
        canvas.line(inch, LETTER[1] - 0.62 * inch, LETTER[0] - inch, LETTER[1] - 0.62 * inch)
        canvas.drawCentredString(LETTER[0] / 2, 0.5 * inch, f"{title} - {doc.page}")
        canvas.restoreState()

    doc = ManualDoc(
        target,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=0.9 * inch,
        title=document_title(blocks),
        author=AGENCY,
        subject="Fictional sample policy manual",
        creator="corpora/build.py",
        invariant=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=draw_page)])

    story: list[Flowable] = []
    toc_done = False
    for index, block in enumerate(blocks):
        if starts_page(blocks, index):
            story.append(PageBreak())
        if isinstance(block, Heading):
            level = 0 if index == 0 else min(block.level, 4)
            flowable = PdfParagraph(escape(block.text), heading_styles[level])
            policy = block.policy
            if policy:
                flowable.policy_number = policy[0]  # type: ignore[attr-defined]
                flowable.footer_title = policy[1]  # type: ignore[attr-defined]
            elif block.level == 1 and index > 0:
                flowable.footer_title = block.text.split(" - ")[-1]  # type: ignore[attr-defined]
            story.append(flowable)
        elif isinstance(block, Paragraph):
            story.append(PdfParagraph(escape(block.text), body))
        elif isinstance(block, ListBlock):
            items = [ListItem(PdfParagraph(escape(item), body), leftIndent=18) for item in block.items]
            # A hyphen bullet: the standard fonts' bullet glyph has no ToUnicode entry and
            # would extract as "(cid:127)", which is a reader problem these samples should not add.
            kind = {"bulletType": "1", "bulletFormat": "%s."} if block.ordered else {"bulletType": "bullet", "start": "-"}
            story.append(ListFlowable(items, leftIndent=18, **kind))
        elif not toc_done and _is_toc(blocks, index):
            # The contents page, Lexipol style: "300 - Use of Force . . . . 8", the page known
            # after pass one. Dot leaders are what TOC detection looks for in real manuals.
            toc_done = True
            rows = []
            for number, title in block.rows:
                label = f"{number} - {title}"
                page = str((toc_pages or {}).get(number, 0))
                rows.append([_dot_leader(label, 5.9 * inch, "Helvetica", 10.5), page])
            table = PdfTable(rows, colWidths=[6.0 * inch, 0.5 * inch])
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 10.5),
                                       ("ALIGN", (1, 0), (1, -1), "RIGHT")]))
            story.append(table)
        else:
            rows = [[PdfParagraph(escape(text), cell_bold) for text in block.header]]
            rows += [[PdfParagraph(escape(text), cell_style) for text in row] for row in block.rows]
            table = PdfTable(rows, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.extend([table, Spacer(1, 8)])
    doc.build(story)
    return found_pages


def _dot_leader(label: str, width: float, font: str, size: float) -> str:
    """``label`` followed by ". . ." up to ``width`` points (a printed TOC's leader)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    room = width - stringWidth(label + " ", font, size)
    return label + " " + ". " * max(3, int(room / stringWidth(". ", font, size)))


def _is_toc(blocks: list[Block], index: int) -> bool:
    """True for the first table under the "Table of Contents" heading."""
    previous = blocks[index - 1] if index else None
    return isinstance(previous, Heading) and previous.text.lower() == "table of contents"


# --------------------------------------------------------------------------- check


def docx_text(path: Path) -> list[str]:
    """Text a reader would see: styled paragraphs, table cells, header and footer."""
    import docx

    document = docx.Document(str(path))
    lines = [f"{p.style.name}: {p.text}" for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    for section in document.sections:
        lines += [f"header: {p.text}" for p in section.header.paragraphs]
        lines += [f"footer: {p.text}" for p in section.footer.paragraphs]
    return lines


def pdf_text(path: Path) -> list[str]:
    """One string per page, as pdfplumber extracts it."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


EXTRACTORS: dict[str, Callable[[Path], list[str]]] = {".docx": docx_text, ".pdf": pdf_text}


def sources() -> list[Path]:
    return sorted(SRC.glob("*.md"))


def build_one(source: Path, out_dir: Path) -> list[Path]:
    """Generate the DOCX and PDF for one Markdown source into ``out_dir``."""
    blocks = parse_markdown(source.read_text(encoding="utf-8"))
    outputs = [out_dir / f"{source.stem}.docx", out_dir / f"{source.stem}.pdf"]
    build_docx(blocks, outputs[0])
    build_pdf(blocks, outputs[1])
    return outputs


def build_all(out_dir: Path) -> list[Path]:
    """Generate every sample into ``out_dir``; return the files written."""
    return [path for source in sources() for path in build_one(source, out_dir)]


def stale_outputs(out_dir: Path = HERE, fresh_dir: Path | None = None) -> list[str]:
    """Generated files in ``out_dir`` that are missing or whose text differs from a fresh build.

    ``fresh_dir`` may hold an existing fresh build (tests reuse one); otherwise one is made
    in a temporary folder.
    """
    if fresh_dir is None:
        with tempfile.TemporaryDirectory() as tmp:
            return stale_outputs(out_dir, Path(tmp))
    if not any(fresh_dir.iterdir()):
        build_all(fresh_dir)
    problems: list[str] = []
    for source in sources():
        for suffix in (".docx", ".pdf"):
            fresh = fresh_dir / f"{source.stem}{suffix}"
            committed = out_dir / fresh.name
            if not committed.exists():
                problems.append(f"{committed.name}: missing")
            elif committed.read_bytes() != fresh.read_bytes():
                extract = EXTRACTORS[suffix]
                if extract(committed) != extract(fresh):
                    problems.append(f"{committed.name}: text differs from src/{source.name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if generated files are out of date")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_outputs()
        for problem in problems:
            print(f"out of date: {problem}", file=sys.stderr)
        if problems:
            print("run: python corpora/build.py", file=sys.stderr)
        return 1 if problems else 0
    for path in build_all(HERE):
        print(f"wrote {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
