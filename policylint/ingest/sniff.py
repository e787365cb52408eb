"""Decide what a file really is from its bytes, not its name.

Extensions lie: a download saved as ``.pdf`` may be the site's HTML error page, a ``.doc``
may be a modern ``.docx`` or a Word 97-2003 binary file. :func:`sniff` looks at magic
bytes first (PDF, zip, OLE compound file, RTF, images, archives), opens zips far enough to
tell a Word document from other zip-based formats, and only then decodes the bytes as
text to choose between HTML, Markdown and plain text.

Nothing here raises for bad input: damaged content is a :class:`Sniffed` kind that the
dispatcher turns into a diagnostic.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

__all__ = [
    "ContentKind",
    "Sniffed",
    "DecodedText",
    "EXTENSION_FORMATS",
    "HEAD_BYTES",
    "sniff",
    "decode_text",
    "looks_like_html",
    "looks_like_markdown",
    "is_text_candidate",
]

# How much of the file the magic-byte checks look at; PDF readers accept a ``%PDF-``
# header anywhere in the first 1024 bytes, so that is the window for PDF.
HEAD_BYTES = 64 * 1024
PDF_WINDOW = 1024

# What each extension promises. Anything else (``.rst``, no extension) promises nothing,
# so reading it by content is not a mismatch.
EXTENSION_FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".doc": "doc",
    ".dot": "doc",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}


class ContentKind(str, Enum):
    """What the bytes are. The first five are formats policylint reads."""

    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"
    EMPTY_TEXT = "empty_text"  # decodes as text but holds only whitespace
    ZIP_OTHER = "zip_other"  # a valid zip that is not a Word document
    ZIP_BROKEN = "zip_broken"  # starts like a zip but cannot be opened (truncated, damaged)
    OLE_WORD = "ole_word"  # Word 97-2003 binary .doc
    OLE_ENCRYPTED = "ole_encrypted"  # password-protected OOXML lives in an OLE container
    OLE_OTHER = "ole_other"  # another legacy Office file (xls, ppt, msg) or an unknown OLE file
    KNOWN_BINARY = "known_binary"  # RTF, an image, an archive: recognised but not read
    BINARY = "binary"  # unrecognised binary data


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with the encoding that worked."""

    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The verdict on one file: its kind, a short human description, and decoded text."""

    kind: ContentKind
    description: str
    decoded: DecodedText | None = None


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"

# Recognised binary formats that are not documents we read, with the advice to give.
_BINARY_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "an RTF document (save it as .docx or PDF)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image (a scanned page needs OCR into a searchable PDF)"),
    (b"\xff\xd8\xff", "a JPEG image (a scanned page needs OCR into a searchable PDF)"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image (a scanned document needs OCR into a searchable PDF)"),
    (b"MM\x00*", "a TIFF image (a scanned document needs OCR into a searchable PDF)"),
    (b"\x1f\x8b", "a gzip archive (extract it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (extract it first)"),
    (b"Rar!\x1a\x07", "a RAR archive (extract it first)"),
    (b"\x7fELF", "an executable program"),
)

# Zip-based formats that are not Word documents, recognised by a member they always have.
_ZIP_MEMBERS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("META-INF/container.xml", "an EPUB e-book"),
)

# OLE stream names as they appear (UTF-16LE) in the compound file's directory.
_OLE_STREAMS: tuple[tuple[str, ContentKind, str], ...] = (
    ("EncryptedPackage", ContentKind.OLE_ENCRYPTED, "a password-protected Office document"),
    ("WordDocument", ContentKind.OLE_WORD, "a Word 97-2003 binary document (.doc)"),
    ("Workbook", ContentKind.OLE_OTHER, "an Excel 97-2003 workbook (.xls)"),
    ("PowerPoint Document", ContentKind.OLE_OTHER, "a PowerPoint 97-2003 presentation (.ppt)"),
    ("__substg1.0_", ContentKind.OLE_OTHER, "an Outlook message (.msg)"),
)


def is_text_candidate(head: bytes) -> bool:
    """False when the first bytes already say PDF, zip, OLE or another known binary format:
    only the rest can be read as text (and so fall under the text size limit)."""
    if b"%PDF-" in head[:PDF_WINDOW] or head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC, OLE_MAGIC)):
        return False
    return not any(head.startswith(magic) for magic, _ in _BINARY_MAGICS)


def sniff(path: Path, head: bytes) -> Sniffed:
    """Classify ``path`` from its first bytes (``head``), reading more only when needed.

    ``head`` must be the first :data:`HEAD_BYTES` bytes (or the whole file if shorter).
    Callers have already checked the file exists, is non-empty and is within the size limit,
    so reading the whole file for text formats is bounded.
    """
    if b"%PDF-" in head[:PDF_WINDOW]:
        return Sniffed(ContentKind.PDF, "a PDF document")
    if head.startswith(ZIP_MAGIC) or head.startswith(EMPTY_ZIP_MAGIC):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    for magic, description in _BINARY_MAGICS:
        if head.startswith(magic):
            return Sniffed(ContentKind.KNOWN_BINARY, description)
    decoded = decode_text(path.read_bytes())
    if decoded is None:
        return Sniffed(ContentKind.BINARY, "binary data (not text and not a known document format)")
    if not decoded.text.strip():
        return Sniffed(ContentKind.EMPTY_TEXT, "a text file with no visible text", decoded)
    markdown_ext = EXTENSION_FORMATS.get(path.suffix.lower()) == "markdown"
    html = looks_like_html(decoded.text, strong_only=markdown_ext)
    if html:
        return Sniffed(ContentKind.HTML, "an HTML page", decoded)
    if markdown_ext:
        return Sniffed(ContentKind.MARKDOWN, "a Markdown document", decoded)
    if path.suffix.lower() not in EXTENSION_FORMATS and looks_like_markdown(decoded.text):
        return Sniffed(ContentKind.MARKDOWN, "a Markdown document", decoded)
    return Sniffed(ContentKind.TEXT, "plain text", decoded)


def _sniff_zip(path: Path) -> Sniffed:
    """A zip is a DOCX only when it holds ``word/document.xml``; say what else it is."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return Sniffed(ContentKind.ZIP_BROKEN, f"a damaged or truncated zip container ({exc})")
    if "word/document.xml" in names:
        return Sniffed(ContentKind.DOCX, "a Word document (.docx)")
    for member, description in _ZIP_MEMBERS:
        if member in names:
            return Sniffed(ContentKind.ZIP_OTHER, description)
    if "mimetype" in names and any(n == "content.xml" for n in names):
        return Sniffed(ContentKind.ZIP_OTHER, "an OpenDocument file (save it as .docx or PDF)")
    return Sniffed(ContentKind.ZIP_OTHER, f"a zip archive of {len(names)} file(s) with no word/document.xml")


def _sniff_ole(path: Path) -> Sniffed:
    """Tell a Word 97-2003 file from other OLE compound files by its stream names.

    The directory sectors can sit anywhere in the file, so the whole (size-limited) file
    is searched for the UTF-16LE stream names rather than parsing the FAT chain.
    """
    data = path.read_bytes()
    for stream, kind, description in _OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            return Sniffed(kind, description)
    return Sniffed(ContentKind.OLE_OTHER, "a legacy Microsoft Office (OLE compound) file")


def decode_text(data: bytes) -> DecodedText | None:
    """Decode bytes as text: UTF-8 (BOM optional), UTF-16 with a BOM, else cp1252.

    Returns None when the bytes are binary: a NUL byte outside UTF-16, or more than 1% of
    the characters are control characters or undecodable. A cp1252 file with a few curly
    quotes fails UTF-8 but decodes cleanly as cp1252, which is why cp1252 is the fallback;
    a mostly-UTF-8 file with a stray bad byte keeps UTF-8 with a replacement character.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        text = data.decode("utf-16", errors="replace")
        encoding = "utf-16"
    elif b"\x00" in data:
        return None
    else:
        text, encoding = _decode_8bit(data)
    if _looks_binary(text):
        return None
    return DecodedText(text=text, encoding=encoding)


def _decode_8bit(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8-sig", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 0x7F and ch != "\ufffd")
    # Genuine UTF-8 with a damaged byte or two still has many valid multi-byte characters.
    if good > 4 * bad:
        return lenient, "utf-8"
    return data.decode("cp1252", errors="replace"), "cp1252"


_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:HEAD_BYTES * 4]
    junk = sum(
        1
        for ch in sample
        if ch == "\ufffd" or ((ord(ch) < 32 or ord(ch) == 0x7F) and ch not in _ALLOWED_CONTROLS)
    )
    return junk > max(3, len(sample) // 100)


_COMMENT_PREFIX = re.compile(r"\A(?:\s*<!--.*?-->)*\s*", re.DOTALL)
_STRONG_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<\?xml[^>]*\?>\s*(?:<!doctype\s+html|<html[\s>])", re.I)
_WEAK_HTML = re.compile(
    r"<(?:head|body|h[1-6]|div|p|table|section|article|main|meta|title|ul|ol|header|nav)[\s>/]", re.I
)


def looks_like_html(text: str, *, strong_only: bool = False) -> bool:
    """True when the text starts (after BOM, whitespace, comments) like an HTML page.

    ``strong_only`` accepts only ``<!doctype html>`` / ``<html>``: used for ``.md`` files,
    where a leading ``<h1>`` or ``<div>`` is legal Markdown.
    """
    start = text.lstrip("\ufeff")
    match = _COMMENT_PREFIX.match(start)
    rest = start[match.end() if match else 0 :][:2048]
    if _STRONG_HTML.match(rest):
        return True
    return not strong_only and bool(_WEAK_HTML.match(rest))


_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)


def looks_like_markdown(text: str) -> bool:
    """True when the text uses Markdown ATX headings: one as the first line, or two anywhere."""
    sample = "\n".join(text.splitlines()[:400])
    headings = _ATX_HEADING.findall(sample)
    if len(headings) >= 2:
        return True
    first = next((line for line in sample.splitlines() if line.strip()), "")
    return bool(_ATX_HEADING.match(first))
