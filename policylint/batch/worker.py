"""What one worker does with one document: read it (or take it from the cache) and judge it.

The same functions run in the parent process (serial executor), in a process-pool
worker and on a Dask worker, so every executor reads and judges a document exactly the
same way. A worker builds its :class:`WorkerState` once (the spaCy pipeline and the
compiled rules, from a picklable :class:`WorkerRequest`) and reuses it for every
document it is handed.

Workers return the engine's *raw* coverage (a :class:`~policylint.batch.cache.CachedResult`);
the parent applies severities and waivers and derives findings, so waiver bookkeeping
(which waivers matched any document) and the result cache stay in one place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..model import Document
from .cache import CachedResult, CacheSettings, DocumentCache, relocate_document

if TYPE_CHECKING:  # pragma: no cover
    from ..rulebook import Pack
    from ..rulebook.compiler import CompiledRules

__all__ = ["WorkerRequest", "WorkerState", "Job", "Judged", "work", "is_judgeable"]


@dataclass(frozen=True)
class WorkerRequest:
    """Everything a worker needs to build its state: picklable, sent once per worker.

    ``packs`` is None for read-only runs (``outline``): no rules are compiled then.
    """

    packs: "tuple[Pack, ...] | None"
    disabled: frozenset[str]
    max_bytes: int
    cache: CacheSettings | None = None


@dataclass(frozen=True)
class Job:
    """One document of the run: ``path`` as the user gave it (and as reports name it),
    ``read_from`` the absolute path a worker reads (a worker's folder may differ), or a
    ready ``document`` (API callers may pass Document objects)."""

    index: int
    path: str
    read_from: str
    document: Document | None = None
    size: int = 0  # bytes on disk, to hand the largest documents out first


@dataclass(frozen=True)
class Judged:
    """A worker's answer: the raw judgement, and the Document itself when the parent asked for it."""

    entry: CachedResult | None
    document: Document | None = None
    document_from_cache: bool = False


class WorkerState:
    """Built once per worker process: compiled rules (with their spaCy pipeline) and the cache."""

    def __init__(self, request: WorkerRequest, compiled: "CompiledRules | None" = None) -> None:
        self.request = request
        if compiled is None and request.packs is not None:
            from .plan_cache import compile_cached

            compiled = compile_cached(request.packs, request.disabled, request.cache)
        self.compiled = compiled
        self.cache: DocumentCache | None = request.cache.open() if request.cache is not None else None


def is_judgeable(document: Document) -> bool:
    """Something to judge: a file with no block and no section would read as 'everything missing'."""
    return any(True for _ in document.blocks()) or any(True for _ in document.walk())


def _read(job: Job, state: WorkerState) -> tuple[Document, bool]:
    """The job's Document, from the cache when an entry for the file's bytes exists."""
    from ..loading import load_document

    if job.document is not None:
        return job.document, False
    cache = state.cache
    key = None
    if cache is not None and _within_limit(job.read_from, state.request.max_bytes):
        sha256 = cache.file_digest(Path(job.read_from))
        if sha256 is not None:
            key = cache.document_key(sha256)
            hit = cache.get_document(key, job.path)
            if hit is not None:
                return hit, True
    from . import readahead

    read = readahead.take(job.read_from, state.request.max_bytes)  # (read meanwhile, if the CLI started it)
    if read is None:
        read = load_document(Path(job.read_from), max_bytes=state.request.max_bytes)
    document = relocate_document(read, job.path)
    if key is not None and document.sha256:
        cache.put_document(key, document)  # type: ignore[union-attr]
    return document, False


def _within_limit(path: str, max_bytes: int) -> bool:
    """Only files the reader would read are hashed (it reports the others without reading them)."""
    try:
        return os.path.getsize(path) <= max_bytes
    except OSError:
        return False


def work(
    job: Job, state: WorkerState, *, keep_document: bool = False, progress: Callable[[float], None] | None = None
) -> Judged:
    """Read and (when the state has rules) judge one document."""
    from ..api import _collector_paused

    with _collector_paused():  # one document at a time: its cycles, if any, are collected after it
        return _work(job, state, keep_document, progress)


def _work(job: Job, state: WorkerState, keep_document: bool, progress: Callable[[float], None] | None) -> Judged:
    if progress is not None:
        progress(0.0)  # before reading: the CLI shows the reading stage apart from matching
    document, from_cache = _read(job, state)
    if state.compiled is None:
        return Judged(entry=None, document=document, document_from_cache=from_cache)
    coverage = None
    if is_judgeable(document):
        from ..engine.analyse import analyse_document

        coverage = tuple(analyse_document(document, state.compiled, progress=progress))
        packs = state.request.packs or ()
        if any(getattr(p, "state", None) for p in packs):
            # a state-law topic whose statute requires a policy of its own needs the document
            # (is it itself that policy?): decided here, where the document is
            from ..engine.statute import apply_required_sections

            coverage = tuple(apply_required_sections(coverage, packs, document))
    entry = CachedResult(
        path=document.path, format=document.format, pages=document.page_count, sha256=document.sha256,
        diagnostics=document.diagnostics, agency=document.agency, coverage=coverage,
    )
    return Judged(entry=entry, document=document if keep_document else None, document_from_cache=from_cache)
