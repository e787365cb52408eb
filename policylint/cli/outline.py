"""``policylint outline FILE...``: the section tree of each file, plus reading problems.

Exit 0 when every file was read; 2 when any file has an error diagnostic (scanned,
encrypted, corrupt, missing...). Files are independent: one bad file does not stop
the others, and each error is also printed to stderr as one line naming the file.

The JSON form is a contract for CI consumers::

    {"documents": [{"path", "format", "pages", "diagnostics": [{"code", "message", "page"}],
                    "sections": [{"number", "title", "level", "page_start", "page_end",
                                  "children": [...]}]}]}

``page_start``/``page_end`` are physical 1-based page numbers of the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..jsontext import indented_json
from .batch_options import BatchChoice, batch_options
from .params import MEGABYTES

if TYPE_CHECKING:
    from ..model import Document, Section

__all__ = ["outline", "document_to_dict", "render_text", "render_markdown"]

OUTLINE_JSON_VERSION = "1"


def _section_to_dict(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": section.number,
        "title": section.title,
        "level": section.level,
        "page_start": section.page_start,
        "page_end": section.page_end,
    }
    if section.line_start is not None:
        data["line_start"] = section.line_start
        data["line_end"] = section.line_end
    if section.paragraph_start is not None:
        data["paragraph_start"] = section.paragraph_start
        data["paragraph_end"] = section.paragraph_end
    data["blocks"] = len(section.blocks)
    data["children"] = [_section_to_dict(child) for child in section.children]
    return data


def document_to_dict(document: Document) -> dict[str, Any]:
    """The JSON contract for one document (extra fields beyond the contract are allowed)."""
    return {
        "path": document.path,
        "format": document.format,
        "pages": document.page_count,
        "sha256": document.sha256,
        "agency": document.agency,
        "toc_pages": list(document.toc_pages),
        "toc_entries": len(document.toc),
        "diagnostics": [d.to_dict() for d in document.diagnostics],
        "sections": [_section_to_dict(section) for section in document.sections],
    }


def _span(section: Section) -> str:
    if section.page_start is not None:
        if section.page_end is None or section.page_end == section.page_start:
            return f"p. {section.page_start}"
        return f"pp. {section.page_start}-{section.page_end}"
    if section.line_start is not None:
        return f"lines {section.line_start}-{section.line_end}"
    if section.paragraph_start is not None:
        return f"paragraphs {section.paragraph_start}-{section.paragraph_end}"
    return ""


def _describe(document: Document) -> str:
    pages = f", {document.page_count} pages" if document.page_count is not None else ""
    return f"{document.path} ({document.format}{pages})"


def _diagnostic_line(diag: Any) -> str:
    where = ""
    if diag.page is not None:
        where = f" [p. {diag.page}" + (f"-{diag.page_end}" if diag.page_end else "") + "]"
    return f"{diag.severity} {diag.code}{where}: {diag.message}"


def render_text(documents: list[Document]) -> str:
    """Indented outline per document, diagnostics first."""
    out: list[str] = []
    for document in documents:
        out.append(_describe(document))
        for diag in document.diagnostics:
            out.append(f"  {_diagnostic_line(diag)}")
        if document.toc_pages:
            out.append(f"  table of contents on pages {_pages(document.toc_pages)} ({len(document.toc)} entries)")
        for section, _ancestors in document.walk():
            indent = "  " * section.level
            span = _span(section)
            out.append(f"{indent}{section.label}" + (f"  ({span})" if span else ""))
        if not document.sections and not document.has_errors:
            out.append("  (no headings found)")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_markdown(documents: list[Document]) -> str:
    """A Markdown document: one heading per file, sections as a nested list."""
    out: list[str] = []
    for document in documents:
        out.append(f"## {_describe(document)}")
        out.append("")
        for diag in document.diagnostics:
            out.append(f"> **{diag.severity} {diag.code}**: {diag.message}")
        if document.diagnostics:
            out.append("")
        for section, _ancestors in document.walk():
            indent = "  " * (section.level - 1)
            number = f"**{section.number}** " if section.number else ""
            span = _span(section)
            out.append(f"{indent}- {number}{section.title}" + (f" ({span})" if span else ""))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _pages(pages: tuple[int, ...]) -> str:
    from ..model import page_runs

    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in page_runs(pages))


def _read_all(files: tuple[Path, ...], max_bytes: int, batch: BatchChoice) -> list[Document]:
    """Read every file through the shared loading path (in parallel and cached, as ``batch`` says)."""
    from ..batch import BatchError, read_documents

    try:
        return read_documents(list(files), batch.resolve(None, document_count=len(files)), max_bytes=max_bytes)
    except BatchError as exc:
        click.echo(f"policylint: {exc}", err=True)
        raise SystemExit(2) from None


@click.command("outline")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--max-file-mb",
    type=MEGABYTES,
    default=200,
    show_default=True,
    help="Refuse files larger than this many megabytes.",
)
@batch_options
def outline(files: tuple[Path, ...], fmt: str, max_file_mb: float, batch: BatchChoice) -> None:
    """Show the section tree (numbers, titles, levels, page spans) of each FILE.

    Exit 0 when every file was read, 2 when any file could not be read
    (scanned pages, encrypted, damaged, missing, too large).
    """
    max_bytes = int(max_file_mb * 1024 * 1024)
    documents = []
    for path, document in zip(files, _read_all(files, max_bytes, batch)):
        for diag in document.diagnostics:
            if diag.severity == "error":
                message = diag.message if str(path) in diag.message else f"{path}: {diag.message}"
                click.echo(f"policylint: {diag.code}: {message}", err=True)
        documents.append(document)
    if fmt == "json":
        payload = {"version": OUTLINE_JSON_VERSION, "documents": [document_to_dict(d) for d in documents]}
        click.echo(indented_json(payload), nl=False)
    elif fmt == "markdown":
        click.echo(render_markdown(documents), nl=False)
    else:
        click.echo(render_text(documents), nl=False)
    raise SystemExit(2 if any(d.has_errors for d in documents) else 0)
