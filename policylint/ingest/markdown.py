"""Markdown reader on markdown-it-py (CommonMark plus GFM tables).

markdown-it's block tokens carry ``.map`` (0-based start/end source lines), which gives each
block its exact 1-based line. ATX and setext headings become HEADING with their level,
paragraphs inside list items LIST_ITEM, table cells TABLE_CELL, and fenced or indented code
is kept as a paragraph (policy repositories rarely hold code, and dropping text silently
would hide it from rules). HTML comments never reach body text: waiver comments are read
from the source by another part of policylint. A YAML front-matter block is skipped.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import BlockKind, Location, RawBlock, RawDocument
from .html import html_blocks
from .limits import MAX_BLOCKS, TooManyBlocks
from .text import is_heading_line

__all__ = ["read_markdown", "markdown_blocks"]

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*$", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _blank_front_matter(text: str) -> str:
    """Replace a leading YAML front-matter block by blank lines so line numbers stay true."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    front = match.group(0)
    return "\n" * front.count("\n") + text[match.end() :]


def _inline_text(token: Token) -> tuple[str, bool]:
    """Visible text of an inline token and whether all of it is strong (bold)."""
    parts: list[str] = []
    strong = 0
    chars = 0
    bold_chars = 0
    for child in token.children or []:
        if child.type in ("strong_open",):
            strong += 1
        elif child.type == "strong_close":
            strong = max(0, strong - 1)
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
            count = sum(1 for ch in child.content if not ch.isspace())
            chars += count
            bold_chars += count if strong else 0
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")  # kept so a sentence can be located on its own source line
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "html_inline":
            # Inline tags carry no text of their own; comments must stay out of body text.
            continue
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text, chars > 0 and bold_chars == chars


#: Sources longer than this are parsed in chunks (see :func:`_chunks`): markdown-it's time
#: grows faster than the length of its input, and its tokens for a whole large file at once
#: would take many times the file's size in memory.
CHUNK_ABOVE_CHARS = 256 * 1024
CHUNK_LINES = 2000

_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A line that can only start a new top-level block: not indented, not a list item or a
# lazy continuation of one, not a table row or a setext underline.
_SAFE_START = re.compile(r"^(?![-+*>|=]|\d{1,9}[.)]|\s)\S")
# A top-level bullet item on one line: between two of these a tight list can be cut (each
# piece is a list of the same items).
_BULLET_LINE = re.compile(r"^([-+*]) \S")


def _chunks(source: str) -> list[tuple[int, str]]:
    """(0-based first line, text) pieces of ``source``, cut only before a line that starts a
    top-level block after a blank line, outside fenced code and HTML comments, about every
    :data:`CHUNK_LINES` lines. Each piece parses as it would inside the whole file (reference
    links defined in another piece are the exception: their text stays as written)."""
    lines = source.splitlines(keepends=True)
    pieces: list[tuple[int, str]] = []
    start = 0
    fence: str | None = None
    in_comment = False
    for i, line in enumerate(lines):
        match = _FENCE_LINE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
        if fence is None:
            opened, closed = line.rfind("<!--"), line.rfind("-->")
            if opened > closed:
                in_comment = True
            elif closed >= 0:
                in_comment = False
        if i - start >= CHUNK_LINES and fence is None and not in_comment and i > 0 and (
            (not lines[i - 1].strip() and _SAFE_START.match(line)) or _same_bullet(lines[i - 1], line)
        ):
            pieces.append((start, "".join(lines[start:i])))
            start = i
    pieces.append((start, "".join(lines[start:])))
    return pieces


def _same_bullet(previous: str, line: str) -> bool:
    first, second = _BULLET_LINE.match(previous), _BULLET_LINE.match(line)
    return bool(first and second and first.group(1) == second.group(1))


def markdown_blocks(text: str) -> list[RawBlock]:
    """Blocks of a Markdown document in reading order, each with its 1-based source line."""
    source = _blank_front_matter(text)
    parser = _parser()
    if len(source) <= CHUNK_ABOVE_CHARS:
        return _check_count(list(_walk(parser.parse(source))))
    blocks: list[RawBlock] = []
    for first_line, piece in _chunks(source):
        for block in _walk(parser.parse(piece)):
            if first_line:
                block = dataclasses.replace(block, location=Location(line=(block.location.line or 1) + first_line))
            blocks.append(block)
        _check_count(blocks)
    return blocks


def _check_count(blocks: list[RawBlock]) -> list[RawBlock]:
    if len(blocks) > MAX_BLOCKS:
        raise TooManyBlocks()
    return blocks


def _walk(tokens: Sequence[Token]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    list_depth = 0
    heading_level: int | None = None
    cell = False
    table, row = -1, -1
    for token in tokens:
        kind_type = token.type
        if kind_type == "list_item_open":
            list_depth += 1
        elif kind_type == "list_item_close":
            list_depth -= 1
        elif kind_type == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind_type == "heading_close":
            heading_level = None
        elif kind_type == "table_open":
            table, row = table + 1, -1
        elif kind_type == "tr_open":
            row += 1
        elif kind_type in ("th_open", "td_open"):
            cell = True
        elif kind_type in ("th_close", "td_close"):
            cell = False
        elif kind_type == "inline" and token.map is not None:
            body, bold = _inline_text(token)
            if not body:
                continue
            location = Location(line=token.map[0] + 1)
            if heading_level is not None:
                blocks.append(RawBlock(body, location, BlockKind.HEADING, heading_level=heading_level, bold=bold))
            elif cell:
                blocks.append(RawBlock(body, location, BlockKind.TABLE_CELL, bold=bold, table_row=(table, row)))
            elif list_depth:
                blocks.append(RawBlock(body, location, BlockKind.LIST_ITEM, bold=bold))
            else:
                blocks.extend(_paragraph_blocks(body, location, bold))
        elif kind_type in ("fence", "code_block") and token.map is not None:
            body = " ".join(token.content.split())
            if body:
                # A fence's first line is the ``` marker; its content starts on the next line.
                first = token.map[0] + (2 if kind_type == "fence" else 1)
                kind = BlockKind.LIST_ITEM if list_depth else BlockKind.PARAGRAPH
                blocks.append(RawBlock(body, Location(line=first), kind))
        elif kind_type == "html_block" and token.map is not None:
            markup = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), token.content)
            if markup.strip():
                blocks.extend(html_blocks(markup, line_offset=token.map[0]).blocks)
    return blocks


def _paragraph_blocks(body: str, location: Location, bold: bool) -> list[RawBlock]:
    """A paragraph's blocks: its first line on its own when that line is a heading.

    Markdown joins "POLICY" and the line under it into one paragraph, but in a policy
    written without ``#`` marks a line such as "POLICY", "IV. PROCEDURE" or "300.2 Scope"
    heads what follows: glued to it, it would open the next sentence ("POLICY It is the
    policy of ...") and hide how that sentence begins. The plain-text reader never glues
    such a line to its neighbours (:func:`policylint.ingest.text.is_heading_line`); neither
    does this one, so structure/ judges the line on its own, as for a .txt file.
    """
    first, newline, rest = body.partition("\n")
    following = rest.split("\n", 1)[0]
    # (an ALL-CAPS sentence wrapped over two lines is one sentence, not a heading and a line)
    if not newline or not is_heading_line(first) or not following[:1].isupper() or following == following.upper():
        return [RawBlock(body, location, BlockKind.PARAGRAPH, bold=bold)]
    after = Location(line=(location.line or 1) + 1)
    return [RawBlock(first, location, BlockKind.PARAGRAPH, bold=bold),
            *_paragraph_blocks(rest, after, bold)]


def read_markdown(path: Path, text: str, *, sha256: str, encoding: str = "utf-8") -> RawDocument:
    """Read decoded Markdown into a RawDocument; the first heading is kept as metadata title."""
    blocks = markdown_blocks(text)
    metadata = {"encoding": encoding}
    first_heading = next((b.text for b in blocks if b.kind is BlockKind.HEADING), None)
    if first_heading:
        metadata["title"] = first_heading
    return RawDocument(
        path=str(path),
        format="markdown",
        sha256=sha256,
        page_count=None,
        blocks=tuple(blocks),
        metadata=metadata,
    )
