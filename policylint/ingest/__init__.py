"""Ingest: one reader per format, chosen by content, never raising for bad input.

    read_raw(path, max_bytes=...) -> RawDocument

The dispatcher checks the path and size before reading anything, hashes the file in
chunks, sniffs the content (:mod:`.sniff`) and hands it to the matching reader: PDF
(:mod:`.pdf`, imported lazily so a broken PDF stack cannot take the other formats down),
DOCX, Markdown, HTML or plain text. Every problem (missing path, empty file, file over
the limit, damaged or unsupported content, a legacy Word .doc) is returned as a
RawDocument with no blocks and an error :class:`~policylint.model.Diagnostic` carrying a
stable code; content read despite a misleading extension gets a FORMAT_MISMATCH warning.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Callable

from ..model import Diagnostic, DiagnosticCode, RawBlock, RawDocument
from .legibility import without_undecodable_text
from .limits import MAX_BLOCK_CHARS, MAX_BLOCKS, MAX_MARKDOWN_BYTES, MAX_TEXT_BYTES, TooManyBlocks, split_text
from .sniff import EXTENSION_FORMATS, HEAD_BYTES, ContentKind, Sniffed, is_text_candidate, sniff

__all__ = ["read_raw", "file_sha256", "SUPPORTED_FORMATS"]

SUPPORTED_FORMATS = ("pdf", "docx", "markdown", "html", "text")
_READS = "policylint reads PDF, DOCX, Markdown, HTML and plain text"
_HASH_CHUNK = 1024 * 1024


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks so huge files never sit in memory whole."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _failed(
    path: Path,
    code: DiagnosticCode,
    message: str,
    *,
    fmt: str,
    sha256: str = "",
    extra: tuple[Diagnostic, ...] = (),
) -> RawDocument:
    """A RawDocument that could not be read: no blocks, one error diagnostic (plus ``extra``)."""
    # Causes quoted from exceptions can span lines; a diagnostic is one line.
    error = Diagnostic(code=code.value, message=" ".join(message.split()), path=str(path))
    return RawDocument(
        path=str(path), format=fmt, sha256=sha256, page_count=None, blocks=(), diagnostics=extra + (error,)
    )


def _expected_format(path: Path) -> str | None:
    return EXTENSION_FORMATS.get(path.suffix.lower())


def _format_of_extension(path: Path) -> str:
    """The format a refused file is reported under: what its extension promised, else unknown."""
    return _expected_format(path) or "unknown"


def read_raw(path: Path, *, max_bytes: int) -> RawDocument:
    """Read ``path`` with the reader its content calls for. Never raises for bad input.

    ``max_bytes`` is checked against the file size before any byte is read.
    """
    path = Path(path)
    try:
        if not path.exists():
            return _failed(path, DiagnosticCode.NOT_FOUND, "no such file", fmt=_format_of_extension(path))
        if path.is_dir():
            return _failed(path, DiagnosticCode.NOT_FOUND, "is a directory, not a file", fmt="unknown")
        size = path.stat().st_size
        if size == 0:
            return _failed(path, DiagnosticCode.EMPTY, "the file is empty (0 bytes)", fmt=_format_of_extension(path))
        if size > max_bytes:
            return _failed(
                path,
                DiagnosticCode.TOO_LARGE,
                f"the file is {_human_size(size)}, over the configured size limit of {_human_size(max_bytes)}",
                fmt=_format_of_extension(path),
            )
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        if size > MAX_TEXT_BYTES and is_text_candidate(head):
            # Text formats are held whole while judged: refuse from the size, before reading.
            return _failed(
                path,
                DiagnosticCode.TOO_LARGE,
                f"the file is {_human_size(size)} of text (plain text, Markdown or HTML); policylint reads "
                f"text files up to {_human_size(MAX_TEXT_BYTES)} (a 1,300-page manual is about 4 MiB of text)",
                fmt=_format_of_extension(path),
            )
        sha256 = file_sha256(path)
        sniffed = sniff(path, head)
        if sniffed.kind is ContentKind.MARKDOWN and size > MAX_MARKDOWN_BYTES:
            return _failed(
                path,
                DiagnosticCode.TOO_LARGE,
                f"the file is {_human_size(size)} of Markdown; policylint reads Markdown files up to "
                f"{_human_size(MAX_MARKDOWN_BYTES)} (a 1,300-page manual is about 4 MiB of text)",
                fmt="markdown",
                sha256=sha256,
            )
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return _failed(path, DiagnosticCode.NOT_FOUND, f"cannot be read: {reason}", fmt=_format_of_extension(path))
    return _dispatch(path, sniffed, sha256)


def _human_size(size: int) -> str:
    """``512 bytes``, ``17.9 KiB``, ``3.2 MiB``, ``1.5 GiB``."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _mismatch(path: Path, actual: str, description: str) -> tuple[Diagnostic, ...]:
    """A FORMAT_MISMATCH warning when the extension promised another format than was read."""
    expected = _expected_format(path)
    if expected is None or expected == actual:
        return ()
    return (
        Diagnostic(
            code=DiagnosticCode.FORMAT_MISMATCH.value,
            message=f"the extension {path.suffix} says {expected} but the content is {description}; read as {actual}",
            path=str(path),
            severity="warning",
        ),
    )


def _dispatch(path: Path, sniffed: Sniffed, sha256: str) -> RawDocument:
    kind = sniffed.kind
    refusal = _refusal(path, sniffed)
    if refusal is not None:
        code, message, fmt = refusal
        return _failed(path, code, message, fmt=fmt, sha256=sha256)
    actual = kind.value
    try:
        raw = _reader_for(kind, sniffed)(path, sha256)
    except TooManyBlocks:
        return _failed(
            path,
            DiagnosticCode.TOO_LARGE,
            f"the file holds more than {MAX_BLOCKS:,} paragraphs (a 1,300-page manual has about 25,000); "
            "it is not read",
            fmt=actual,
            sha256=sha256,
        )
    except ImportError as exc:
        return _failed(
            path,
            DiagnosticCode.UNSUPPORTED_FORMAT,
            f"the file is {sniffed.description} but the {actual} reader is not available ({exc})",
            fmt=actual,
            sha256=sha256,
        )
    except Exception as exc:  # a reader bug or a file no library could parse: a result, not a crash
        return _failed(
            path,
            DiagnosticCode.CORRUPT,
            f"the file is {sniffed.description} that could not be parsed ({type(exc).__name__}: {exc})",
            fmt=actual,
            sha256=sha256,
        )
    return _finish(raw, _mismatch(path, actual, sniffed.description))


def _within_limits(raw: RawDocument) -> RawDocument:
    """``raw`` with every block over :data:`MAX_BLOCK_CHARS` split at spaces (and a PL113 warning
    naming the first), or refused (PL107) when it holds more than :data:`MAX_BLOCKS` blocks."""
    if len(raw.blocks) > MAX_BLOCKS:
        return _failed(
            Path(raw.path), DiagnosticCode.TOO_LARGE,
            f"the file holds {len(raw.blocks):,} paragraphs, over the limit of {MAX_BLOCKS:,} "
            "(a 1,300-page manual has about 25,000); it is not read",
            fmt=raw.format, sha256=raw.sha256,
        )
    if all(len(block.text) <= MAX_BLOCK_CHARS for block in raw.blocks):
        return raw
    blocks: list[RawBlock] = []
    first: RawBlock | None = None
    long_blocks = 0
    for block in raw.blocks:
        if len(block.text) <= MAX_BLOCK_CHARS:
            blocks.append(block)
            continue
        long_blocks += 1
        first = first or block
        blocks.extend(dataclasses.replace(block, text=piece) for piece in split_text(block.text, MAX_BLOCK_CHARS))
        if len(blocks) > MAX_BLOCKS:
            return _within_limits(dataclasses.replace(raw, blocks=tuple(blocks)))
    assert first is not None
    where = f"page {first.location.page}" if first.location.page else (
        f"line {first.location.line}" if first.location.line else "the text"
    )
    warning = Diagnostic(
        code=DiagnosticCode.LONG_TEXT.value, severity="warning", path=raw.path, page=first.location.page,
        message=f"{long_blocks} paragraph(s) longer than {MAX_BLOCK_CHARS:,} characters (the first at {where}) "
        "were read in pieces at spaces",
    )
    return dataclasses.replace(raw, blocks=tuple(blocks), diagnostics=raw.diagnostics + (warning,))


def _finish(raw: RawDocument, warnings: tuple[Diagnostic, ...]) -> RawDocument:
    """Apply the length limits and, for text formats, the legibility check (text that is
    glyph codes is dropped with a PL114 error); add warnings, and an EMPTY error when a
    reader found no text and said nothing about it."""
    raw = without_undecodable_text(_within_limits(raw))
    diagnostics = warnings + raw.diagnostics
    if not raw.blocks and not any(d.severity == "error" for d in diagnostics):
        diagnostics += (
            Diagnostic(code=DiagnosticCode.EMPTY.value, message="the document contains no text", path=raw.path),
        )
    if diagnostics == raw.diagnostics:
        return raw
    return dataclasses.replace(raw, diagnostics=diagnostics)


def _refusal(path: Path, sniffed: Sniffed) -> tuple[DiagnosticCode, str, str] | None:
    """(code, one-line cause, format) for content policylint does not read, else None."""
    kind = sniffed.kind
    expected = _expected_format(path)
    if kind is ContentKind.EMPTY_TEXT:
        return DiagnosticCode.EMPTY, "the file holds only whitespace, no text", expected or "text"
    if kind is ContentKind.ZIP_BROKEN:
        what = "the .docx (zip) container" if expected == "docx" else "the file, a zip container,"
        return (
            DiagnosticCode.CORRUPT,
            f"{what} is damaged or truncated and cannot be opened; re-save or re-download it",
            expected or "unknown",
        )
    if kind is ContentKind.ZIP_OTHER:
        return DiagnosticCode.UNSUPPORTED_FORMAT, f"the file is {sniffed.description}, not a Word document; {_READS}", "unknown"
    if kind is ContentKind.OLE_WORD:
        return (
            DiagnosticCode.LEGACY_FORMAT,
            "legacy Word 97-2003 binary .doc is not supported: convert it to .docx "
            "(Word: File > Save As > .docx, or `soffice --headless --convert-to docx`)",
            "doc",
        )
    if kind is ContentKind.OLE_ENCRYPTED:
        return (
            DiagnosticCode.ENCRYPTED,
            "the file is a password-protected Office document: remove the password and save it as .docx",
            expected or "docx",
        )
    if kind is ContentKind.OLE_OTHER:
        return (
            DiagnosticCode.LEGACY_FORMAT,
            f"the file is {sniffed.description}, a legacy binary Office format; convert it to .docx or PDF",
            "doc",
        )
    if kind is ContentKind.KNOWN_BINARY:
        return DiagnosticCode.UNSUPPORTED_FORMAT, f"the file is {sniffed.description}; {_READS}", "unknown"
    if expected == "docx" and kind in (ContentKind.TEXT, ContentKind.MARKDOWN):
        # A .docx is by definition a zip. A recognisable document under the wrong name (a PDF,
        # an HTML page) is read by its content with a warning, but bare text has no signature
        # that says it is what the author meant: reading it would lint whatever it holds.
        return (
            DiagnosticCode.NOT_A_ZIP,
            "a .docx must be a zip container but this file is plain text; "
            "save it from Word as .docx, or rename it .txt/.md if it is text",
            "docx",
        )
    if kind is ContentKind.BINARY:
        if expected == "docx":
            return (
                DiagnosticCode.NOT_A_ZIP,
                "a .docx must be a zip container but this file is not one (binary data); it is not a Word document",
                "docx",
            )
        return DiagnosticCode.UNSUPPORTED_FORMAT, f"the file is {sniffed.description}; {_READS}", "unknown"
    return None


def _reader_for(kind: ContentKind, sniffed: Sniffed) -> Callable[[Path, str], RawDocument]:
    """The reader for a readable kind, as ``reader(path, sha256)``."""
    if kind is ContentKind.PDF:

        def pdf(path: Path, sha256: str) -> RawDocument:
            # Imported here: pdfplumber is heavy and a broken PDF stack must not break other formats.
            from .pdf import read_pdf

            return read_pdf(path, sha256=sha256)

        return pdf
    if kind is ContentKind.DOCX:
        from .docx import read_docx

        return lambda path, sha256: read_docx(path, sha256=sha256)
    decoded = sniffed.decoded
    assert decoded is not None, "text kinds always carry decoded text"
    if kind is ContentKind.HTML:
        from .html import read_html

        return lambda path, sha256: read_html(path, decoded.text, sha256=sha256, encoding=decoded.encoding)
    if kind is ContentKind.MARKDOWN:
        from .markdown import read_markdown

        return lambda path, sha256: read_markdown(path, decoded.text, sha256=sha256, encoding=decoded.encoding)
    from .text import read_text

    return lambda path, sha256: read_text(path, decoded.text, sha256=sha256, encoding=decoded.encoding)
