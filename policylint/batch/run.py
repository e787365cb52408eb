"""Run many documents: cache look-ups, an executor, results back in input order.

:func:`judge_documents` is what :func:`policylint.api.lint_documents` calls. It

1. turns the inputs into :class:`~policylint.batch.worker.Job` records (path as given,
   absolute path to read, size);
2. with a cache, looks every file's *result* up first (key: the file's sha256, the reader
   fingerprint and the rules fingerprint); a hit needs no reading and no judging;
3. hands the misses to the chosen executor (serial, process pool, Dask), which yields
   raw judgements as documents finish; each is stored in the result cache;
4. applies the run's severities and waivers and derives findings (here, in the parent:
   one place records which waivers matched any document), and yields
   ``(index, DocumentResult)`` in completion order. :func:`policylint.api.lint_documents`
   puts them back in input order, so every executor's LintResult is the same.

:func:`read_documents` is the read-only counterpart used by ``outline``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence, Union

from ..model import Diagnostic, DiagnosticCode, Document
from ..results import DocumentResult
from .cache import CachedResult, CacheSettings, DocumentCache, rules_fingerprint
from .executors import BatchError, Executor, Failure, ProcessExecutor, SerialExecutor
from .worker import Job, Judged, WorkerRequest

if TYPE_CHECKING:  # pragma: no cover
    from ..api import LintPlan

__all__ = [
    "EXECUTORS", "BatchError", "BatchOptions", "default_jobs", "judge_documents", "read_documents",
    "finish_result", "failed_result",
]

#: ``--executor`` choices. ``auto``: serial for one job, else the process pool.
EXECUTORS = ("auto", "serial", "process", "dask")

PathLike = Union[str, Path, Document]
#: progress(documents finished before this one, document count, path, fraction of this one done)
Progress = Callable[[int, int, str, float], None]


def default_jobs() -> int:
    """The cores this process may use (``os.sched_getaffinity`` where it exists)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class BatchOptions:
    """How a run is spread out and cached. The default is the historical behaviour:
    one document after another in this process, nothing cached."""

    jobs: int = 1
    executor: str = "auto"
    scheduler: str | None = None  # Dask scheduler address (tcp://host:port); None: a local cluster
    cache: CacheSettings | None = None
    #: ``auto`` runs in this process when the documents left to read total fewer bytes:
    #: starting a worker (importing spaCy, compiling the rules) costs about what reading a
    #: few hundred PDF pages does, so a small run is faster without workers.
    serial_below_bytes: int = 0

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}")
        if self.jobs < 1:
            raise ValueError("jobs must be at least 1")

    @property
    def kind(self) -> str:
        """The executor that runs: ``auto`` resolved; a scheduler address implies Dask."""
        if self.executor == "auto":
            if self.scheduler:
                return "dask"
            return "serial" if self.jobs == 1 else "process"
        return self.executor

    def kind_for(self, jobs: Sequence[Job]) -> str:
        """:attr:`kind`, except that ``auto`` keeps a small run (see ``serial_below_bytes``) in this process."""
        if self.executor == "auto" and self.kind == "process" and sum(j.size for j in jobs) < self.serial_below_bytes:
            return "serial"
        return self.kind


def _jobs(items: Sequence[PathLike]) -> list[Job]:
    out = []
    for index, item in enumerate(items):
        if isinstance(item, Document):
            out.append(Job(index=index, path=item.path, read_from=item.path, document=item))
            continue
        path = str(Path(item))  # as the readers name it ("./a.pdf" -> "a.pdf")
        absolute = os.path.abspath(path)
        try:
            size = os.path.getsize(absolute)
        except OSError:
            size = 0
        out.append(Job(index=index, path=path, read_from=absolute, size=size))
    return out


def _executor(kind: str, options: BatchOptions, plan: "LintPlan | None", keep_documents: bool,
              progress: Callable[[Job, float], None] | None) -> Executor:
    if kind == "serial":
        return SerialExecutor(plan.compiled if plan is not None else None, keep_documents=keep_documents, progress=progress)
    if kind == "process":
        return ProcessExecutor(options.jobs, keep_documents=keep_documents)
    try:
        from .dask_executor import DaskExecutor
    except ImportError as exc:
        raise BatchError('the dask executor needs Dask distributed: pip install "policylint[dask]"') from exc
    return DaskExecutor(options.jobs, scheduler=options.scheduler, keep_documents=keep_documents)


def failed_result(job: Job, failure: Failure) -> DocumentResult:
    """A document whose worker failed: a PL112 error diagnostic, and nothing judged (never 'missing')."""
    message = f"{job.path}: {failure.message}"
    diagnostic = Diagnostic(DiagnosticCode.WORKER_FAILED.value, message, job.path)
    return DocumentResult(path=job.path, format=None, pages=None, sha256=None, diagnostics=(diagnostic,))


def finish_result(entry: CachedResult, plan: "LintPlan", used: set[int]) -> DocumentResult:
    """The run's severities and waivers applied to a raw judgement, findings derived."""
    from ..engine import policy
    from ..engine.findings import derive_findings

    if entry.coverage is None:
        # Never judge an unreadable file: every topic would be a false "missing".
        return DocumentResult(
            path=entry.path, format=entry.format, pages=entry.pages, sha256=entry.sha256,
            diagnostics=entry.diagnostics, agency=entry.agency,
        )
    coverage = [replace(c, severity=plan.severity.get((c.pack, c.topic), c.severity)) for c in entry.coverage]  # type: ignore[arg-type]
    if plan.has_state_law and plan.as_of is not None:
        # the law in force on the as-of day (sections were checked where the document was read)
        from ..engine.statute import apply_law

        coverage = apply_law(coverage, plan.packs, plan.as_of, check_sections=False)
    coverage = policy.apply_waivers(entry.path, coverage, plan.waivers, used, plan.needed, plan.essential)
    findings = derive_findings(
        entry.path, tuple(coverage), weak_severity=plan.weak_severity, essential=plan.essential, docs=plan.docs,  # type: ignore[arg-type]
    )
    return DocumentResult(
        path=entry.path, format=entry.format, pages=entry.pages, sha256=entry.sha256,
        diagnostics=entry.diagnostics, coverage=tuple(coverage), findings=findings, agency=entry.agency,
    )


class _ResultCache:
    """The parent's side of the cache: result entries, looked up before any work is handed out."""

    def __init__(self, settings: CacheSettings, plan: "LintPlan") -> None:
        self.cache: DocumentCache = settings.open()
        self.rules_key = rules_fingerprint(plan.packs, sorted(plan.disabled))
        self.max_bytes = plan.config.max_file_bytes
        self.keys: dict[int, tuple[str, str]] = {}  # job index -> (file sha256, result key)

    def lookup(self, job: Job) -> CachedResult | None:
        if job.document is not None:
            sha256 = job.document.sha256 or None
        elif job.size and job.size <= self.max_bytes:
            sha256 = self.cache.file_digest(Path(job.read_from))
        else:
            sha256 = None  # missing, empty or too large: its reader reports it, cheaply
        if sha256 is None:
            return None
        key = self.cache.result_key(self.cache.document_key(sha256), self.rules_key)
        self.keys[job.index] = (sha256, key)
        return self.cache.get_result(key, job.path)

    def store(self, job: Job, entry: CachedResult) -> None:
        known = self.keys.get(job.index)
        # Only what was read from the bytes that were hashed (a file changed mid-run is not stored).
        if known is not None and entry.sha256 == known[0]:
            self.cache.put_result(known[1], entry)

    def close(self) -> None:
        self.cache.trim()


def judge_documents(
    items: Sequence[PathLike],
    plan: "LintPlan",
    options: BatchOptions,
    *,
    used: set[int],
    progress: Progress | None = None,
) -> Iterator[tuple[int, DocumentResult]]:
    """Yield ``(input index, DocumentResult)`` for every item, as each finishes (see module doc).

    ``used`` collects the indexes of the waivers that applied. ``progress`` is called as
    ``progress(finished, total, path, fraction)``: in a serial run ``finished`` is the
    document's index and ``fraction`` rises from 0 to 1 while it is judged; in a parallel
    run it is called once per document as it finishes, with ``fraction`` 1.0.
    """
    jobs = _jobs(items)
    total = len(jobs)
    finished = 0
    results = _ResultCache(options.cache, plan) if options.cache is not None else None
    pending: list[Job] = []
    for job in jobs:
        hit = results.lookup(job) if results is not None else None
        if hit is None:
            pending.append(job)
            continue
        if progress is not None:
            progress(finished, total, job.path, 1.0)
        finished += 1
        yield job.index, finish_result(hit, plan, used)

    kind = options.kind_for(pending)
    serial_progress = None
    if progress is not None and kind == "serial":
        # Serial documents finish one after another: the count so far is this one's place.
        serial_progress = lambda job, fraction: progress(finished, total, job.path, fraction)  # noqa: E731
    request = WorkerRequest(packs=plan.packs, disabled=plan.disabled, max_bytes=plan.config.max_file_bytes,
                            cache=options.cache)
    try:
        # A fully cached run starts no worker and joins no cluster.
        outcomes = _executor(kind, options, plan, False, serial_progress).run(pending, request) if pending else ()
        for job, outcome in outcomes:
            if isinstance(outcome, Failure):
                result = failed_result(job, outcome)
            else:
                assert outcome.entry is not None
                if results is not None:
                    results.store(job, outcome.entry)
                result = finish_result(outcome.entry, plan, used)
            if progress is not None and serial_progress is None:
                progress(finished, total, job.path, 1.0)
            finished += 1
            yield job.index, result
    finally:
        if results is not None:
            results.close()


def read_documents(
    items: Sequence[PathLike], options: BatchOptions, *, max_bytes: int, progress: Progress | None = None
) -> list[Document]:
    """Read every item into a Document (``outline``), in input order, on the chosen executor."""
    jobs = _jobs(items)
    request = WorkerRequest(packs=None, disabled=frozenset(), max_bytes=max_bytes, cache=options.cache)
    documents: dict[int, Document] = {}
    executor = _executor(options.kind_for(jobs), options, None, True, None)
    for finished, (job, outcome) in enumerate(executor.run(jobs, request)):
        if isinstance(outcome, Failure):
            diagnostic = Diagnostic(DiagnosticCode.WORKER_FAILED.value, f"{job.path}: {outcome.message}", job.path)
            documents[job.index] = _unread(job, diagnostic)
        else:
            assert isinstance(outcome, Judged) and outcome.document is not None
            documents[job.index] = outcome.document
        if progress is not None:
            progress(finished, len(jobs), job.path, 1.0)
    if options.cache is not None:
        options.cache.open().trim()
    return [documents[i] for i in range(len(jobs))]


def _unread(job: Job, diagnostic: Diagnostic) -> Document:
    from ..model import Section

    return Document(path=job.path, format="unknown", sha256="", page_count=None,
                    root=Section(number=None, title="", level=0), diagnostics=(diagnostic,))

