"""The structure stage: RawDocument in, Document (section tree) out, for every format.

    units_from_raw   copy raw blocks into mutable units (lines kept)
    headers          running headers/footers and page numbers removed (paged formats)
    toc              table-of-contents pages/runs recorded and kept out of the body
    tree             headings detected and nested; paragraphs joined with hyphens repaired

Nothing here reads files or prints; problems found by the reader are carried over.
"""

from __future__ import annotations

from ..model import Diagnostic, DiagnosticCode, Document, RawDocument, Section
from .headers import find_agency, remove_running_lines
from .toc import mark_toc
from .tree import build_tree
from .units import units_from_raw

__all__ = ["build_document"]


def build_document(raw: RawDocument) -> Document:
    """Build the section tree of ``raw``; never raises for odd input."""
    units = units_from_raw(raw.blocks)
    paged = raw.format == "pdf" or any(u.page is not None for u in units[:50])
    running = remove_running_lines(units, raw.page_count) if paged else None
    toc, toc_pages = mark_toc(units, paged)
    tree = build_tree(units, raw.format)
    metadata = dict(raw.metadata)
    first_texts = [u.text for u in units[:8]]
    agency = find_agency(running, first_texts) if running else find_agency_from_text(first_texts)
    if agency and "agency" not in metadata:
        metadata["agency"] = agency
    if running and running.page_offset is not None:
        metadata["page_label_offset"] = str(running.page_offset)
    removed = list(running.removed) if running else []
    for title in tree.running_titles:
        if title not in removed:
            removed.append(title)
    diagnostics = list(raw.diagnostics)
    if raw.blocks and not _has_text(tree.root) and not any(d.severity == "error" for d in diagnostics):
        diagnostics.append(
            Diagnostic(
                code=DiagnosticCode.EMPTY.value,
                message=f"{raw.path}: no body text remained after headers, footers and contents were removed",
                path=raw.path,
                severity="warning",
            )
        )
    return Document(
        path=raw.path,
        format=raw.format,
        sha256=raw.sha256,
        page_count=raw.page_count,
        root=tree.root,
        diagnostics=tuple(diagnostics),
        metadata=metadata,
        toc=tuple(toc),
        toc_pages=tuple(toc_pages),
        removed_lines=tuple(removed),
    )


def find_agency_from_text(first_texts: list[str]) -> str | None:
    """Agency named near the start of an unpaged document."""
    from .headers import RunningLines

    return find_agency(RunningLines((), None, ()), first_texts)


def _has_text(section: Section) -> bool:
    return bool(section.blocks) or any(_has_text(child) for child in section.children)
