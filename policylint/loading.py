"""The reading half of the pipeline: a path in, a :class:`~policylint.model.Document` out.

    ingest.read_raw(path)  ->  RawDocument  ->  structure.build_document(raw)  ->  Document

Kept as its own tiny module so the CLI, the API and the benchmarks all read files the
same way, and so neither ingest/ nor structure/ has to know about the other.
"""

from __future__ import annotations

from pathlib import Path

from .model import Document

__all__ = ["load_document", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read ``path`` into a Document. Never raises for bad input: problems become diagnostics."""
    from .ingest import read_raw
    from .structure import build_document

    return build_document(read_raw(Path(path), max_bytes=max_bytes))
