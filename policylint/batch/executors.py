"""Executors: who runs :func:`~policylint.batch.worker.work` for each document of a run.

Every executor takes the run's jobs and yields ``(job, outcome)`` pairs *as documents
finish* (completion order; the caller restores input order). An outcome is a
:class:`~policylint.batch.worker.Judged` or a :class:`Failure`: a document whose worker
died or raised becomes a per-document failure, never a lost run.

* :class:`SerialExecutor`: in this process, in input order, reusing the run's compiled
  rules (what a plain ``policylint check`` always did).
* :class:`ProcessExecutor`: a ``concurrent.futures`` process pool; each worker builds its
  state once (pool initializer). Documents are handed out largest first so one 600-page
  manual does not finish alone at the end. When a worker process dies (out of memory, a
  crash in a PDF library) the pool is rebuilt and the unfinished documents are retried;
  after a second crash the rest run one at a time, so the document that kills its worker
  is found and reported while every other document is still judged.
* :class:`~policylint.batch.dask_executor.DaskExecutor` (optional extra): a Dask
  ``distributed`` cluster.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator, Protocol, Sequence, Union

from .worker import Job, Judged, WorkerRequest, WorkerState, work

if TYPE_CHECKING:  # pragma: no cover
    from ..rulebook.compiler import CompiledRules

__all__ = ["Failure", "Outcome", "Executor", "SerialExecutor", "ProcessExecutor", "BatchError", "describe_exception"]

#: Shared-pool rounds before the remaining documents run one at a time.
SHARED_ROUNDS = 2


class BatchError(Exception):
    """The run could not start (no Dask installed, scheduler unreachable): one clear message."""


@dataclass(frozen=True)
class Failure:
    """A document that could not be judged because its worker failed (not because of its content)."""

    message: str


Outcome = Union[Judged, Failure]


class Executor(Protocol):
    def run(self, jobs: Sequence[Job], request: WorkerRequest) -> Iterator[tuple[Job, Outcome]]:
        """Yield every job with its outcome, as each finishes."""


def describe_exception(exc: BaseException) -> str:
    """``ValueError: bad thing`` (the class name says what failed; the text, why)."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _internal_error(exc: BaseException) -> Failure:
    return Failure(f"policylint failed while reading or judging it ({describe_exception(exc)}); please report this")


class SerialExecutor:
    """In this process, in input order; engine progress is passed through per document."""

    def __init__(
        self,
        compiled: "CompiledRules | None" = None,
        *,
        keep_documents: bool = False,
        progress: Callable[[Job, float], None] | None = None,
    ) -> None:
        self.compiled = compiled
        self.keep_documents = keep_documents
        self.progress = progress

    def run(self, jobs: Sequence[Job], request: WorkerRequest) -> Iterator[tuple[Job, Outcome]]:
        state = WorkerState(request, compiled=self.compiled)
        for job in jobs:
            report = None
            if self.progress is not None:
                report = (lambda fraction, job=job: self.progress(job, fraction))  # type: ignore[misc]
                report(0.0)
            try:
                outcome: Outcome = work(job, state, keep_document=self.keep_documents, progress=report)
            except Exception as exc:  # noqa: BLE001 - one document's bug must not lose the run
                outcome = _internal_error(exc)
            yield job, outcome


# ----------------------------------------------------------------------------- process pool

_STATE: WorkerState | None = None


def _init_pool_worker(request: WorkerRequest) -> None:
    """Pool initializer: the spaCy pipeline and compiled rules, once per worker process."""
    global _STATE
    _STATE = WorkerState(request)


def _pool_work(job: Job, keep_document: bool) -> Judged:
    assert _STATE is not None, "the pool initializer did not run"
    return work(job, _STATE, keep_document=keep_document)


class ProcessExecutor:
    """A pool of ``jobs`` worker processes (spawned: no state inherited from the caller)."""

    def __init__(self, jobs: int, *, keep_documents: bool = False) -> None:
        self.jobs = max(1, jobs)
        self.keep_documents = keep_documents

    def _pool(self, request: WorkerRequest, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_pool_worker,
            initargs=(request,),
        )

    def run(self, jobs: Sequence[Job], request: WorkerRequest) -> Iterator[tuple[Job, Outcome]]:
        queue = sorted(jobs, key=lambda j: (-j.size, j.index))
        for _ in range(SHARED_ROUNDS):
            if not queue:
                return
            queue = yield from self._shared_round(queue, request)
        yield from self._one_at_a_time(queue, request)

    def _shared_round(self, queue: list[Job], request: WorkerRequest) -> Iterator[tuple[Job, Outcome]]:
        """Run ``queue`` on a fresh pool; return the jobs left unfinished by a worker crash."""
        unfinished: list[Job] = []
        pool = self._pool(request, min(self.jobs, len(queue)))
        try:
            futures: dict[Future[Judged], Job] = {pool.submit(_pool_work, job, self.keep_documents): job for job in queue}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    yield job, future.result()
                except BrokenProcessPool:
                    unfinished.append(job)
                except Exception as exc:  # noqa: BLE001
                    yield job, _internal_error(exc)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return sorted(unfinished, key=lambda j: (-j.size, j.index))

    def _one_at_a_time(self, queue: list[Job], request: WorkerRequest) -> Iterator[tuple[Job, Outcome]]:
        """After repeated crashes: one document in flight, so a crash names its document."""
        pool = self._pool(request, 1)
        try:
            for job in queue:
                try:
                    yield job, pool.submit(_pool_work, job, self.keep_documents).result()
                except BrokenProcessPool:
                    yield job, Failure("the worker process reading it died (killed, out of memory or crashed) "
                                       "on every attempt")
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = self._pool(request, 1)
                except Exception as exc:  # noqa: BLE001
                    yield job, _internal_error(exc)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
