"""Size limits every reader keeps, so that no input can exhaust memory or time.

A whole document is held in memory while it is judged (about 10 MB of Python objects per
MB of text, measured with benchmarks/hostile.py), and spaCy refuses texts over 1,000,000
characters. So, besides the configured file size limit (``max_file_mb``, which matters for
PDFs full of images):

* a **text-format file** (plain text, HTML) over :data:`MAX_TEXT_BYTES`, or a Markdown file
  over :data:`MAX_MARKDOWN_BYTES` (its parser is several times slower), is refused from its
  size, before it is decoded and parsed: a 1,300-page manual is about 4 MiB of text;
* a **line** longer than :data:`MAX_LINE_CHARS` is read in pieces, and a **block** (paragraph,
  list item, table cell) longer than :data:`MAX_BLOCK_CHARS` is split at spaces: no paragraph
  a person wrote is that long, and every sentence in it is still checked (a PL113 warning
  says where);
* a document of more than :data:`MAX_BLOCKS` blocks is refused (PL107): a 1,300-page manual
  has about 25,000, and judging 100,000 blocks takes about half a minute. Readers stop as soon as they pass it, so the refusal costs no more memory
  than the limit itself.
"""

from __future__ import annotations

__all__ = ["MAX_TEXT_BYTES", "MAX_MARKDOWN_BYTES", "MAX_LINE_CHARS", "MAX_BLOCK_CHARS", "MAX_BLOCKS", "TooManyBlocks", "split_text"]

MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_MARKDOWN_BYTES = 8 * 1024 * 1024
MAX_LINE_CHARS = 10_000
MAX_BLOCK_CHARS = 10_000
MAX_BLOCKS = 100_000


class TooManyBlocks(Exception):
    """Raised by a reader that has read more than :data:`MAX_BLOCKS` blocks (the dispatcher
    turns it into a PL107 diagnostic)."""


def split_text(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at the last space before
    each cut when there is one in the second half of the piece (else exactly at the limit)."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit + 1)
        if cut <= start:
            cut = start + limit
        pieces.append(text[start:cut])
        start = cut + 1 if text[cut : cut + 1] == " " else cut
    if start < len(text):
        pieces.append(text[start:])
    return pieces
