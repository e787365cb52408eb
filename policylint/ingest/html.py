"""HTML reader on the standard library's ``html.parser`` (no extra dependency).

Headings ``h1``-``h6`` become HEADING blocks with their level; ``li`` becomes LIST_ITEM,
``td``/``th`` TABLE_CELL, and the text of ``p``, ``div``, ``blockquote``, ``dd``/``dt`` and
other block elements becomes PARAGRAPH blocks. Page furniture (``script``, ``style``,
``nav``, ``head``, ``footer``, forms) is never body text. Each block's line is the 1-based
line of the file where its first visible character sits; entities are decoded by the parser.

The parser is forgiving like a browser: unclosed ``<p>``/``<li>`` and an omitted ``</head>``
do not lose text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..model import BlockKind, Location, RawBlock, RawDocument
from .limits import MAX_BLOCKS, TooManyBlocks

__all__ = ["read_html", "html_blocks", "HtmlContent"]

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Elements whose start or end separates one block of text from the next.
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "blockquote", "li", "td", "th", "dd", "dt", "pre", "caption", "figcaption",
        "section", "article", "main", "aside", "address", "summary", "details", "header",
        "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "body", "center", "fieldset",
        "legend", "hr",
    }
    | set(_HEADINGS)
)
# Elements whose content is never body text.
_SKIP_TAGS = frozenset(
    {"script", "style", "nav", "head", "footer", "template", "noscript", "svg", "iframe",
     "object", "select", "button", "form", "math", "canvas"}
)
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "source"})
_BOLD_TAGS = frozenset({"b", "strong"})
# Elements that close an open <p> (HTML omits </p> before them); <p><p><p>... must not pile
# up an ever deeper stack that every block then walks.
_CLOSES_P = frozenset(_BLOCK_TAGS - {"td", "th", "tr", "thead", "tbody", "tfoot", "caption", "dd", "dt", "li", "legend", "summary", "body", "center"})
#: Deepest element nesting tracked (deeper opens still separate blocks but are not stacked):
#: hostile markup nested a million levels deep must cost no more than real markup.
MAX_OPEN_ELEMENTS = 256


@dataclass
class HtmlContent:
    """What the parser found: blocks in reading order and the ``<title>``."""

    blocks: list[RawBlock] = field(default_factory=list)
    title: str | None = None


class _BlockParser(HTMLParser):
    """Collects text into blocks; one instance per document."""

    def __init__(self, line_offset: int) -> None:
        super().__init__(convert_charrefs=True)
        self.line_offset = line_offset
        self.content = HtmlContent()
        self.stack: list[str] = []  # open block elements, outermost first
        self.skip: list[str] = []  # open skipped elements
        self.bold_depth = 0
        self.parts: list[str] = []
        self.first_line: int | None = None
        self.chars = 0
        self.bold_chars = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.table, self.row = -1, -1  # table and row numbers of the cells being read

    # -- parser callbacks -------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip and self.skip[-1] == "head" and (tag == "body" or tag in _BLOCK_TAGS):
            self.skip.pop()  # </head> may be omitted; body content ends it
        if tag == "title" and all(open_tag == "head" for open_tag in self.skip):
            self.in_title = True
            return
        if self.skip:
            if tag in _SKIP_TAGS and tag not in _VOID_TAGS and len(self.skip) < MAX_OPEN_ELEMENTS:
                self.skip.append(tag)
            return
        if tag in _SKIP_TAGS:
            self.flush()
            self.skip.append(tag)
        elif tag in _BLOCK_TAGS:
            self.flush()
            if tag == "table" and "table" not in self.stack:
                self.table, self.row = self.table + 1, -1
            elif tag == "tr":
                self.row += 1
            if tag in _CLOSES_P and self.stack and self.stack[-1] == "p":
                self.stack.pop()
            elif tag == "li" and self.stack and self.stack[-1] == "li":
                self.stack.pop()  # <li> closes an open <li> of the same list
            if tag not in _VOID_TAGS and len(self.stack) < MAX_OPEN_ELEMENTS:
                self.stack.append(tag)
        elif tag in _BOLD_TAGS:
            self.bold_depth += 1
        elif tag == "br":
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>, <div/>: a self-closed element opens nothing.
        if self.skip:
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        elif tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            if tag in self.stack:
                # Closing an outer element also closes unclosed inner ones (<li> without </li>).
                while self.stack and self.stack.pop() != tag:
                    pass
        elif tag in _BOLD_TAGS and self.bold_depth:
            self.bold_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip or not data:
            return
        visible = len(data) - len(data.lstrip())
        if self.first_line is None and visible < len(data):
            line, _ = self.getpos()
            self.first_line = line + data[:visible].count("\n") + self.line_offset
        self.parts.append(data)
        count = sum(1 for ch in data if not ch.isspace())
        self.chars += count
        if self.bold_depth:
            self.bold_chars += count

    # -- blocks -----------------------------------------------------------------------
    def _kind(self) -> tuple[BlockKind, int | None]:
        """The block's kind from the innermost element that defines one."""
        for tag in reversed(self.stack):
            if tag in _HEADINGS:
                return BlockKind.HEADING, _HEADINGS[tag]
            if tag == "li":
                return BlockKind.LIST_ITEM, None
            if tag in ("td", "th"):
                return BlockKind.TABLE_CELL, None
        return BlockKind.PARAGRAPH, None

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text and self.first_line is not None:
            if len(self.content.blocks) >= MAX_BLOCKS:
                raise TooManyBlocks()
            kind, level = self._kind()
            self.content.blocks.append(
                RawBlock(
                    text=text,
                    location=Location(line=self.first_line),
                    kind=kind,
                    heading_level=level,
                    bold=self.chars > 0 and self.bold_chars == self.chars,
                    table_row=(self.table, self.row) if kind == BlockKind.TABLE_CELL else None,
                )
            )
        self.parts = []
        self.first_line = None
        self.chars = 0
        self.bold_chars = 0

    def finish(self) -> HtmlContent:
        self.close()
        self.flush()
        title = " ".join("".join(self.title_parts).split())
        self.content.title = title or None
        return self.content


def html_blocks(text: str, *, line_offset: int = 0) -> HtmlContent:
    """Parse HTML text into blocks. ``line_offset`` shifts lines (HTML embedded in Markdown)."""
    parser = _BlockParser(line_offset)
    parser.feed(text)
    return parser.finish()


def read_html(path: Path, text: str, *, sha256: str, encoding: str = "utf-8") -> RawDocument:
    """Read decoded HTML into a RawDocument; the page ``<title>`` goes to metadata."""
    content = html_blocks(text)
    metadata = {"encoding": encoding}
    if content.title:
        metadata["title"] = content.title
    return RawDocument(
        path=str(path),
        format="html",
        sha256=sha256,
        page_count=None,
        blocks=tuple(content.blocks),
        metadata=metadata,
    )
