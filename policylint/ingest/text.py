"""Plain-text reader: blank-line paragraphs, plus sensible splitting of hard-wrapped text.

Text extracted from PDFs by other tools usually has one line per printed line and often
no blank line between a heading and its paragraph::

    512.4   RADIO DISCIPLINE
    Members keep transmissions short and ...

So besides blank lines, a block also ends before a line that looks like a heading
(numbered "300.2 Duty to Intercede", "Chapter 3", a short ALL-CAPS line), which becomes a
block of its own, and before a line that starts a list item ("(a)", "1.", "-"). When the
text is hard-wrapped, a short line ending a sentence also ends its paragraph. Whether a
heading-like block really is a heading is for structure/ to decide: this reader only makes
sure such lines are not glued to the text around them.

A form feed (``\\f``) is a page break: when the text has any, every block gets a page and
the document a page count.

Lines are read one at a time, never all held at once; a line over
:data:`~policylint.ingest.limits.MAX_LINE_CHARS` is read in pieces (a PL113 warning says
so), a paragraph stops growing at :data:`~policylint.ingest.limits.MAX_BLOCK_CHARS`, and the
reader gives up after :data:`~policylint.ingest.limits.MAX_BLOCKS` blocks
(:class:`~policylint.ingest.limits.TooManyBlocks`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from typing import Iterator

from ..model import BlockKind, Diagnostic, DiagnosticCode, Location, RawBlock, RawDocument
from .limits import MAX_BLOCK_CHARS, MAX_BLOCKS, MAX_LINE_CHARS, TooManyBlocks, split_text

__all__ = ["read_text", "text_blocks", "is_heading_line", "list_marker"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")

# "300.2", "4.2.1", "3." followed by a title; bare integers ("300 PATROL") only with an
# all-caps title, because a wrapped line may start with a number ("24 hours a day").
_DOTTED_NUMBER = re.compile(r"^(?:\d{1,4}(?:\.\d{1,3})+\.?|\d{1,4}\.|[IVXLC]{1,6}\.|[A-Z]\.)\s+(?P<title>\S.*)$")
_BARE_NUMBER = re.compile(r"^\d{1,4}\s+(?P<title>\S.*)$")
_LEADER_LINE = re.compile(r"\S\s*(?:\.\s*){4,}(?:\d{1,4}|[ivxlc]{1,6})?$", re.I)
_NUMBER_ALONE = re.compile(r"^\d{1,4}(?:\.\d{1,3})+\.?$|^\d{3,4}$")
_KEYWORD_HEADING = re.compile(
    r"^(?:chapter|section|article|part|appendix|annex|title|general\s+order)\s+"
    r"(?:\d{1,4}(?:\.\d{1,3})*|[ivxlc]{1,6}|[a-z])\b\.?(?P<rest>.*)$",
    re.I,
)
_LIST_MARKER = re.compile(
    r"^(?:\(\s?[0-9]{1,3}\s?\)|\(\s?[a-zA-Z]{1,2}\s?\)|\([ivxlcIVXLC]{1,6}\)"
    r"|[0-9]{1,3}[.)]|[a-zA-Z][.)]|[ivxlc]{1,6}[.)]"
    r"|[-*\u2022\u00b7\u25aa\u25e6\u2023\u2013\u25cf\u27a2\uf0b7\uf0a7o])\s+\S"
)
_SMALL_WORDS = frozenset(
    "a an and as at by for from in into of on or the to with without under over per vs via".split()
)
_SENTENCE_END = (".", ":", ";", "?", "!", ".\"", ".'", ".)")


def is_heading_line(line: str) -> bool:
    """Does this single line look like a heading that must be a block of its own?"""
    text = line.strip()
    if not text or len(text) > 100:
        return False
    keyword = _KEYWORD_HEADING.match(text)
    if keyword:
        rest = keyword.group("rest").strip(" \t:-\u2013\u2014")
        return not rest or _title_like(rest)
    dotted = _DOTTED_NUMBER.match(text)
    if dotted:
        return _title_like(dotted.group("title"))
    bare = _BARE_NUMBER.match(text)
    if bare:
        return _all_caps(bare.group("title"))
    return len(text) <= 80 and _all_caps(text) and not _LIST_MARKER.match(text)


def list_marker(line: str) -> bool:
    """Does this line start a list item ("(a)", "1.", "iv)", a bullet)?"""
    return bool(_LIST_MARKER.match(line.strip()))


def _all_caps(text: str) -> bool:
    if text != text.upper():  # cheap early exit: any lower-case letter
        return False
    return sum(1 for ch in text if ch.isalpha()) >= 3


def _title_like(title: str) -> bool:
    """A heading title: short, no trailing sentence punctuation, capitalised words."""
    title = title.strip()
    if not title or title.endswith((".", ",", ";")) or len(title.split()) > 14:
        return False
    if _all_caps(title):
        return True
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", title)]
    if not words or not words[0][0].isupper():
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper())
    return bool(content) and capitalised >= 0.6 * len(content)


@dataclass
class _Group:
    """Lines being gathered into one block."""

    line: int
    page: int | None
    kind: BlockKind
    parts: list[str] = field(default_factory=list)
    chars: int = 0

    def __post_init__(self) -> None:
        self.chars = sum(len(part) + 1 for part in self.parts)

    def add(self, text: str) -> None:
        self.chars += len(text) + 1
        if self.parts and self.parts[-1].endswith("-") and self.parts[-1][-2:-1].isalpha() and text[:1].islower():
            # A word hyphenated across a line break: keep the hyphen, drop the space.
            self.parts[-1] += text
        else:
            self.parts.append(text)

    def full(self, text: str) -> bool:
        """Adding ``text`` would pass the block length limit: it starts a new block."""
        return self.chars + len(text) >= MAX_BLOCK_CHARS

    def block(self) -> RawBlock | None:
        text = " ".join(" ".join(self.parts).split())
        if not text:
            return None
        return RawBlock(text=text, location=Location(page=self.page, line=self.line), kind=self.kind)


def _wrap_width(lengths: Iterator[int]) -> int | None:
    """The width text was wrapped at (90th percentile line length), or None if not wrapped.

    Takes the lengths of the non-blank lines as a stream and keeps only a histogram of them.
    """
    histogram: dict[int, int] = {}
    count = 0
    for length in lengths:
        histogram[length] = histogram.get(length, 0) + 1
        count += 1
    if count < 20:
        return None
    rank = int(count * 0.9)
    seen = 0
    for length in sorted(histogram):
        seen += histogram[length]
        if seen > rank:
            return length if 40 <= length <= 200 else None
    return None  # pragma: no cover - the loop always reaches the rank


class _Lines:
    """The physical lines of a text as (line number, page, content), produced on demand.

    A form feed starts a new page mid-line too; a line over MAX_LINE_CHARS is given in
    pieces (same line number), and ``long_lines`` counts those lines.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.long_lines = 0
        self.last_page = 1

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        page = 1
        self.long_lines = 0
        text = self.text
        for number, match in enumerate(_LINE.finditer(text), start=1):
            raw = match.group().rstrip("\r\n")
            if match.end() == len(text) and not raw and match.start() == len(text) and number > 1:
                break  # the empty match after a final line break is not a line
            pieces = raw.split("\f") if "\f" in raw else [raw]
            for i, piece in enumerate(pieces):
                if i:
                    page += 1
                if len(piece) > MAX_LINE_CHARS:
                    self.long_lines += 1
                    for part in split_text(piece, MAX_LINE_CHARS):
                        yield number, page, part
                else:
                    yield number, page, piece
            if match.end() == len(text):
                break
        self.last_page = page


def _physical_lines(text: str) -> tuple[list[tuple[int, int, str]], int]:
    """Every physical line as (line number, page, content), and the last page (small texts;
    the reader itself streams through :class:`_Lines`)."""
    lines = _Lines(text)
    out = list(lines)
    return out, lines.last_page


def text_blocks(text: str) -> tuple[list[RawBlock], int | None]:
    """Blocks of a plain-text file and its page count (None when it has no form feeds)."""
    blocks, page_count, _long = _text_blocks(text)
    return blocks, page_count


def _text_blocks(text: str) -> tuple[list[RawBlock], int | None, int]:
    """:func:`text_blocks` plus the number of lines read in pieces for being too long."""
    paged = "\f" in text
    lines = _Lines(text)
    width = _wrap_width(len(content.rstrip()) for _, _, content in lines if content.strip())
    blocks: list[RawBlock] = []
    group: _Group | None = None
    previous = ""

    def flush() -> None:
        nonlocal group
        if group is not None:
            made = group.block()
            if made is not None:
                blocks.append(made)
                if len(blocks) > MAX_BLOCKS:
                    raise TooManyBlocks()
        group = None

    current_page = 1
    for number, page, content in lines:
        stripped = content.strip()
        if page != current_page:
            # A page break always ends a block: what follows is often a running header.
            flush()
            current_page = page
        if not stripped:
            flush()
            previous = ""
            continue
        page_value = page if paged else None
        if is_heading_line(stripped) or _NUMBER_ALONE.match(stripped) or _LEADER_LINE.search(stripped):
            # A heading, a section number printed on a line of its own (PDF-to-text
            # output of Lexipol manuals) or a contents line with a dotted leader: never
            # glued to the lines around it, so structure/ can judge each on its own.
            flush()
            group = _Group(line=number, page=page_value, kind=BlockKind.PARAGRAPH, parts=[stripped])
            flush()
        elif list_marker(stripped):
            flush()
            group = _Group(line=number, page=page_value, kind=BlockKind.LIST_ITEM, parts=[stripped])
        elif group is None or group.full(stripped) or _ends_paragraph(previous, width):
            flush()
            group = _Group(line=number, page=page_value, kind=BlockKind.PARAGRAPH, parts=[stripped])
        else:
            group.add(stripped)
        previous = stripped
    flush()
    blocks = _join_broken_blocks(blocks)
    page_count = None
    if paged:
        after_last_break = text.rsplit("\f", 1)[1]
        page_count = lines.last_page - (0 if after_last_break.strip() else 1)
    return blocks, page_count, lines.long_lines


_BARE_MARKER = re.compile(
    r"^(?:\(?[0-9]{1,3}[.)]|\(?[a-zA-Z]{1,2}[.)]|\([ivxlcIVXLC]{1,6}\)|\([0-9a-zA-Z]{1,4}\)"
    r"|[-*\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u27a2\uf0b7\uf0a7])$"
)


def _join_broken_blocks(blocks: list[RawBlock]) -> list[RawBlock]:
    """Rejoin blocks that extraction split at a stray blank line on the same page.

    Two cases: a list marker alone on its line ("(d)") followed by the item's text, and a
    block that stops mid-sentence followed by one that starts in lower case (the rest of
    the same sentence).
    """
    joined: list[RawBlock] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if previous is not None and _continues(previous, block):
            kind = BlockKind.LIST_ITEM if _BARE_MARKER.match(previous.text) else previous.kind
            joined[-1] = dataclasses.replace(previous, text=f"{previous.text} {block.text}", kind=kind)
        else:
            joined.append(block)
    return joined


def _continues(previous: RawBlock, block: RawBlock) -> bool:
    if previous.location.page != block.location.page:
        return False
    if len(previous.text) + len(block.text) >= MAX_BLOCK_CHARS:
        return False  # a block the length limit ended stays ended
    if is_heading_line(block.text) or list_marker(block.text) or _BARE_MARKER.match(block.text):
        return False
    if _BARE_MARKER.match(previous.text):
        return True
    if is_heading_line(previous.text):
        return False
    return block.text[:1].islower() and not previous.text.endswith(_SENTENCE_END)


def _ends_paragraph(previous: str, width: int | None) -> bool:
    """In hard-wrapped text a short line that ends a sentence is the last of its paragraph."""
    if width is None or not previous:
        return False
    return previous.endswith(_SENTENCE_END) and len(previous) < 0.7 * width


def read_text(path: Path, text: str, *, sha256: str, encoding: str = "utf-8") -> RawDocument:
    """Read decoded plain text into a RawDocument (the dispatcher adds EMPTY when no blocks)."""
    blocks, page_count, long_lines = _text_blocks(text)
    diagnostics: tuple[Diagnostic, ...] = ()
    if long_lines:
        diagnostics = (
            Diagnostic(
                code=DiagnosticCode.LONG_TEXT.value, severity="warning", path=str(path),
                message=f"{long_lines} line(s) longer than {MAX_LINE_CHARS:,} characters were read in pieces at spaces",
            ),
        )
    return RawDocument(
        path=str(path),
        format="text",
        sha256=sha256,
        page_count=page_count,
        blocks=tuple(blocks),
        metadata={"encoding": encoding},
        diagnostics=diagnostics,
    )
