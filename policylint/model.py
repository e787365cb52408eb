"""The document model: what ingestion produces and every later stage reads.

Data flows one way:

    reader (ingest/)  -> RawDocument   (blocks in reading order, with provenance)
    structure/        -> Document      (headers/footers removed, section tree built)

Every record here is frozen: a stage never edits what an earlier stage handed it.
Locations are physical: ``page`` is the 1-based page index of the file (not the
number printed on the page), ``line`` is 1-based (line on the page for PDF, line in
the file for text formats), ``paragraph`` is the 0-based paragraph index for DOCX.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Iterator

__all__ = [
    "BlockKind",
    "Location",
    "Diagnostic",
    "DiagnosticCode",
    "RawBlock",
    "RawDocument",
    "Block",
    "Section",
    "TocEntry",
    "Document",
    "page_runs",
]


class BlockKind(str, Enum):
    """What a block is, as far as the reader could tell."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"


class DiagnosticCode(str, Enum):
    """Stable codes for problems met while reading. Never renumber; add new ones at the end."""

    NO_TEXT_LAYER = "PL101"  # a page (or page range) has no extractable text: scanned image
    ENCRYPTED = "PL102"  # the PDF is encrypted and cannot be opened without a password
    CORRUPT = "PL103"  # the file is damaged or truncated and could not be parsed
    EMPTY = "PL104"  # the file has zero bytes or no text at all
    UNSUPPORTED_FORMAT = "PL105"  # the content is not a format policylint reads
    NOT_A_ZIP = "PL106"  # a .docx that is not a zip container
    TOO_LARGE = "PL107"  # over the configured size limit
    FORMAT_MISMATCH = "PL108"  # the extension says one thing, the content another (warning)
    NOT_FOUND = "PL109"  # path does not exist or cannot be read
    PARTIAL = "PL110"  # some part (a page, a table) could not be read; the rest was
    LEGACY_FORMAT = "PL111"  # e.g. a binary .doc (Word 97-2003): convert to .docx first
    WORKER_FAILED = "PL112"  # the worker process reading or judging it died or failed (parallel runs)
    LONG_TEXT = "PL113"  # lines or blocks past the length limits were read in pieces (warning)
    UNDECODABLE_TEXT = "PL114"  # a text layer of glyph codes, not characters (fonts without a Unicode map)


def page_runs(pages: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive pages grouped into ``(first, last)`` runs: 1, 2, 3, 7 -> (1, 3), (7, 7).

    Readers name unreadable pages and tables of contents as ranges, never page by page.
    """
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return [(first, last) for first, last in runs]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of text came from in the source file."""

    page: int | None = None
    line: int | None = None
    paragraph: int | None = None

    def describe(self) -> str:
        """Human form, e.g. ``p. 14, line 3`` or ``paragraph 120`` or ``line 88``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "document"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem met while reading a file. Problems are results, not crashes.

    ``severity`` is ``error`` when the file (or part of it) could not be read, which
    makes the CLI exit 2; ``warning`` for things a person should know (a format
    mismatch that was read anyway).
    """

    code: str
    message: str
    path: str
    page: int | None = None
    page_end: int | None = None
    severity: str = "error"

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "page": self.page,
            "severity": self.severity,
        }
        if self.page_end is not None:
            data["page_end"] = self.page_end
        return data


@dataclass(frozen=True, slots=True)
class RawBlock:
    """A paragraph, list item, table cell or heading candidate, straight from a reader.

    Readers fill ``heading_level`` only when the format itself marks a heading
    (DOCX heading style, Markdown ``#``, HTML ``<h2>``). ``font_size``/``bold`` are
    filled by the PDF reader so structure/ can find unnumbered headings.
    """

    text: str
    location: Location
    kind: BlockKind = BlockKind.PARAGRAPH
    heading_level: int | None = None
    font_size: float | None = None
    bold: bool = False
    #: For a TABLE_CELL: (table number, row number) in the document, both 0-based, so the
    #: engine can read a row's cells together and a header row as the rows' lead-in.
    table_row: tuple[int, int] | None = None


@dataclass(frozen=True)
class RawDocument:
    """A file as a reader saw it: blocks in reading order plus what went wrong."""

    path: str
    format: str  # "pdf" | "docx" | "markdown" | "html" | "text"
    sha256: str
    page_count: int | None
    blocks: tuple[RawBlock, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        """False when an error diagnostic means the content could not be read at all."""
        return bool(self.blocks)


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of body text inside a section. Evidence always points back to one."""

    text: str
    location: Location
    kind: BlockKind = BlockKind.PARAGRAPH
    index: int = 0  # position in Document.blocks(): stable within one document
    table_row: tuple[int, int] | None = None  # (table, row) of a TABLE_CELL, see RawBlock


@dataclass(frozen=True)
class Section:
    """A heading and what it holds.

    ``number`` is the numbering as printed (``300.5.1``, ``Article II``, ``4.2``) or
    None; ``level`` is 1 for the top of the tree. The span covers the heading and
    everything under it, children included.
    """

    number: str | None
    title: str
    level: int
    blocks: tuple[Block, ...] = ()
    children: tuple["Section", ...] = ()
    location: Location = Location()
    page_start: int | None = None
    page_end: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    paragraph_start: int | None = None
    paragraph_end: int | None = None

    @property
    def label(self) -> str:
        """How a person cites it: ``300.5.1 Use of Force`` or just the title."""
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def walk(self, ancestors: tuple["Section", ...] = ()) -> Iterator[tuple["Section", tuple["Section", ...]]]:
        """Yield this section and every descendant, in document order, with ancestors."""
        yield self, ancestors
        for child in self.children:
            yield from child.walk(ancestors + (self,))


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A line of a table of contents: kept so readers can check the outline against it."""

    number: str | None
    title: str
    page_label: str  # the page as printed in the TOC
    toc_page: int | None  # physical page the TOC line sits on


@dataclass(frozen=True)
class Document:
    """A manual ready for rules: sections with their blocks, plus reading problems.

    ``root`` is a level-0 section whose own blocks are front matter (text before the
    first heading) and whose children are the top-level sections.
    """

    path: str
    format: str
    sha256: str
    page_count: int | None
    root: Section
    diagnostics: tuple[Diagnostic, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    toc: tuple[TocEntry, ...] = ()
    toc_pages: tuple[int, ...] = ()
    removed_lines: tuple[str, ...] = ()  # running headers/footers that were stripped

    @property
    def sections(self) -> tuple[Section, ...]:
        """Top-level sections."""
        return self.root.children

    def walk(self) -> Iterator[tuple[Section, tuple[Section, ...]]]:
        """Every section except the root, in document order, with its ancestors (root excluded)."""
        for child in self.root.children:
            for section, ancestors in child.walk():
                yield section, ancestors

    def blocks(self) -> Iterator[tuple[Block, Section, tuple[Section, ...]]]:
        """Every body block in reading order with the section holding it and that section's ancestors."""
        for block in self.root.blocks:
            yield block, self.root, ()
        for section, ancestors in self.walk():
            for block in section.blocks:
                yield block, section, ancestors

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    @property
    def agency(self) -> str | None:
        """The agency name when the document states it (metadata filled by structure/)."""
        return self.metadata.get("agency")
