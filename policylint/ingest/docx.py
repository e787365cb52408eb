"""DOCX reader on python-docx, walking the body XML so paragraphs and tables keep their order.

``Document.paragraphs`` and ``Document.tables`` are two separate lists, which would put every
table after all the text; the body element's children are walked instead. What becomes what:

- a paragraph whose style (or a style it is based on) is "Heading 1".."Heading 9" or "Title",
  or that has an outline level (``w:outlineLvl``, directly or from its style), is a HEADING
  with that level ("Title" is level 1);
- a paragraph with numbering (``w:numPr``, directly or from its style) or a "List ..." style
  is a LIST_ITEM;
- every paragraph of a table cell is a TABLE_CELL; cells that continue a vertical merge are
  skipped, and a horizontally merged cell is one ``w:tc``, so merged cells appear once;
- anything else is a PARAGRAPH; ``bold`` is set when all of its visible text is bold.

Headers, footers, footnotes and comments live in other parts of the package and are never
body text. Text of tracked deletions, field instructions and text boxes is left out.

``Location.paragraph`` is the 0-based position of the ``w:p`` element among all paragraphs of
the body in document order, table-cell paragraphs and empty paragraphs included, so the
same file always gives the same numbers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from ..model import BlockKind, Diagnostic, DiagnosticCode, Location, RawBlock, RawDocument

__all__ = ["read_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("sdt"), _w("sdtContent"), _w("customXml")
)
_VAL = _w("val")
# Subtrees of a paragraph whose text is not shown as part of it.
_SKIP_IN_PARAGRAPH = frozenset(
    {
        _w("pPr"), _w("rPr"), _w("del"), _w("moveFrom"), _w("instrText"), _w("delText"),
        _w("txbxContent"), _w("footnoteReference"), _w("endnoteReference"), _w("commentReference"),
        f"{{{_MC}}}Fallback",
    }
)
_HEADING_STYLE = re.compile(r"^heading\s+([1-9])$", re.I)
_LIST_STYLE = re.compile(r"\blist\b", re.I)
_FALSE_VALUES = frozenset({"0", "false", "off", "none"})


class _Styles:
    """Resolved, cached facts about the document's paragraph and character styles."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._part = document.part
        self._paragraph_type = WD_STYLE_TYPE.PARAGRAPH
        self._character_type = WD_STYLE_TYPE.CHARACTER
        self._cache: dict[tuple[str, str | None], Any] = {}

    def paragraph_style(self, style_id: str | None) -> Any:
        key = ("p", style_id)
        if key not in self._cache:
            self._cache[key] = self._part.get_style(style_id, self._paragraph_type)
        return self._cache[key]

    def character_style(self, style_id: str | None) -> Any:
        key = ("c", style_id)
        if key not in self._cache:
            self._cache[key] = self._part.get_style(style_id, self._character_type) if style_id else None
        return self._cache[key]


def _chain(style: Any) -> Iterator[Any]:
    """The style and the styles it is based on, nearest first (cycles are cut)."""
    seen: set[int] = set()
    while style is not None and id(style) not in seen:
        seen.add(id(style))
        yield style
        style = style.base_style


def _style_heading_level(style: Any) -> int | None:
    for current in _chain(style):
        name = (current.name or "").strip()
        match = _HEADING_STYLE.match(name)
        if match:
            return int(match.group(1))
        if name.lower() == "title":
            return 1
        level = _outline_level(current.element.pPr)
        if level is not None:
            return level
    return None


def _outline_level(ppr: Any) -> int | None:
    """1-based heading level from ``w:outlineLvl`` (0..8); 9 means body text -> 0."""
    if ppr is None:
        return None
    node = ppr.find(_w("outlineLvl"))
    if node is None:
        return None
    try:
        value = int(node.get(_VAL, "9"))
    except ValueError:
        return None
    return value + 1 if 0 <= value <= 8 else 0


def _has_numbering(ppr: Any) -> bool:
    if ppr is None:
        return False
    num_pr = ppr.find(_w("numPr"))
    if num_pr is None:
        return False
    num_id = num_pr.find(_w("numId"))
    # numId 0 is Word's way of switching numbering off for this paragraph.
    return num_id is None or num_id.get(_VAL) != "0"


def _style_is_list(style: Any) -> bool:
    for current in _chain(style):
        if _LIST_STYLE.search(current.name or "") or _has_numbering(current.element.pPr):
            return True
    return False


def _style_bold(style: Any) -> bool | None:
    for current in _chain(style):
        bold = current.font.bold
        if bold is not None:
            return bold
    return None


def _run_bold(run: Any, styles: _Styles, paragraph_bold: bool) -> bool:
    rpr = run.find(_w("rPr"))
    if rpr is not None:
        node = rpr.find(_w("b"))
        if node is not None:
            return node.get(_VAL, "true").lower() not in _FALSE_VALUES
        style_node = rpr.find(_w("rStyle"))
        if style_node is not None:
            bold = _style_bold(styles.character_style(style_node.get(_VAL)))
            if bold is not None:
                return bold
    return paragraph_bold


def _paragraph_text(p: Any, styles: _Styles, paragraph_bold: bool) -> tuple[str, bool]:
    """Visible text of a paragraph and whether all of it is bold."""
    parts: list[str] = []
    chars = 0
    bold_chars = 0

    def visit(node: Any, bold: bool) -> None:
        nonlocal chars, bold_chars
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_IN_PARAGRAPH:
                continue
            if tag == _w("r"):
                visit(child, _run_bold(child, styles, paragraph_bold))
            elif tag == _w("t"):
                text = child.text or ""
                parts.append(text)
                count = sum(1 for ch in text if not ch.isspace())
                chars += count
                bold_chars += count if bold else 0
            elif tag in (_w("tab"), _w("br"), _w("cr")):
                parts.append(" ")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            else:
                visit(child, bold)

    visit(p, paragraph_bold)
    text = " ".join("".join(parts).replace("\u00ad", "").split())
    return text, chars > 0 and bold_chars == chars


class _BodyWalker:
    """Walks the body in order, numbering every paragraph and emitting blocks."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.index = 0
        self.blocks: list[RawBlock] = []
        self.tables = 0  # tables started so far (each cell block records its table and row)
        self.row: tuple[int, int] | None = None

    def walk(self, container: Any, *, in_cell: bool = False, emit: bool = True) -> None:
        """Visit paragraphs and tables of ``container`` in order; ``emit=False`` only counts."""
        for child in container:
            tag = child.tag
            if tag == _P:
                if emit:
                    self.paragraph(child, in_cell=in_cell)
                else:
                    self.index += 1
            elif tag == _TBL:
                self.table(child, emit=emit)
            elif tag in (_SDT, _CUSTOM_XML):
                content = child.find(_SDT_CONTENT) if tag == _SDT else child
                if content is not None:
                    self.walk(content, in_cell=in_cell, emit=emit)

    def table(self, tbl: Any, *, emit: bool = True) -> None:
        table = self.tables
        self.tables += 1
        outer = self.row
        for r, row in enumerate(self._children(tbl, _TR)):
            for cell in self._children(row, _TC):
                # Word shows only the first cell of a vertical merge: the others are counted, not read.
                self.row = (table, r)
                self.walk(cell, in_cell=True, emit=emit and not self._continues_merge(cell))
        self.row = outer

    @staticmethod
    def _children(node: Any, tag: str) -> Iterator[Any]:
        """Direct children with ``tag``, looking through content controls around them."""
        for child in node:
            if child.tag == tag:
                yield child
            elif child.tag in (_SDT, _CUSTOM_XML):
                content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
                if content is not None:
                    yield from _BodyWalker._children(content, tag)

    @staticmethod
    def _continues_merge(cell: Any) -> bool:
        tc_pr = cell.find(_w("tcPr"))
        if tc_pr is None:
            return False
        v_merge = tc_pr.find(_w("vMerge"))
        return v_merge is not None and v_merge.get(_VAL, "continue") != "restart"

    def paragraph(self, p: Any, *, in_cell: bool) -> None:
        index = self.index
        self.index += 1
        ppr = p.find(_w("pPr"))
        style_id = None
        if ppr is not None:
            style_node = ppr.find(_w("pStyle"))
            style_id = style_node.get(_VAL) if style_node is not None else None
        style = self.styles.paragraph_style(style_id)
        text, bold = _paragraph_text(p, self.styles, bool(_style_bold(style)))
        if not text:
            return
        location = Location(paragraph=index)
        if in_cell:
            self.blocks.append(RawBlock(text, location, BlockKind.TABLE_CELL, bold=bold, table_row=self.row))
            return
        level = _outline_level(ppr)
        if level is None:
            level = _style_heading_level(style)
        if level:
            self.blocks.append(RawBlock(text, location, BlockKind.HEADING, heading_level=level, bold=bold))
        elif _has_numbering(ppr) or _style_is_list(style):
            self.blocks.append(RawBlock(text, location, BlockKind.LIST_ITEM, bold=bold))
        else:
            self.blocks.append(RawBlock(text, location, BlockKind.PARAGRAPH, bold=bold))


def _open(path: Path) -> Any:
    """Open the package without python-docx's content-type check, so .docm/.dotx read too."""
    from docx.package import Package

    return Package.open(str(path)).main_document_part.document


def read_docx(path: Path, *, sha256: str) -> RawDocument:
    """Read a .docx into a RawDocument. A damaged package is a CORRUPT diagnostic, not a traceback."""
    try:
        document = _open(path)
        body = document.element.body
        if body is None:
            raise ValueError("word/document.xml has no w:body")
        walker = _BodyWalker(_Styles(document))
        walker.walk(body)
        metadata: dict[str, str] = {}
        title = (document.core_properties.title or "").strip()
        if title:
            metadata["title"] = title
    except Exception as exc:  # python-docx/lxml/zipfile raise many types for damaged packages
        return RawDocument(
            path=str(path),
            format="docx",
            sha256=sha256,
            page_count=None,
            blocks=(),
            diagnostics=(
                Diagnostic(
                    code=DiagnosticCode.CORRUPT.value,
                    message=" ".join(
                        f"the Word document is damaged and could not be parsed ({type(exc).__name__}: {exc})".split()
                    ),
                    path=str(path),
                ),
            ),
        )
    return RawDocument(
        path=str(path),
        format="docx",
        sha256=sha256,
        page_count=None,
        blocks=tuple(walker.blocks),
        metadata=metadata,
    )
