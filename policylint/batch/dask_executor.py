"""The Dask executor: documents run on a ``distributed`` cluster (optional extra ``policylint[dask]``).

* No scheduler address: a :class:`distributed.LocalCluster` of ``jobs`` worker processes
  (one thread each) is started for the run and closed after it. With ``--scheduler
  tcp://host:port`` the run joins an existing cluster; the files must then be readable
  at the same absolute paths on every worker (a shared folder), as with any Dask job.
* Per-worker state (spaCy pipeline, compiled rules, cache) is built once per worker by a
  :class:`~distributed.diagnostics.plugin.WorkerPlugin`; the scheduler hands the plugin
  to every worker that joins later, including a worker restarted after it died.
* One task per document (``Client.submit``, not pure: a file's content may change between
  runs), largest first through task priorities; results are collected with
  :func:`distributed.as_completed`, so they stream back as documents finish.
* A worker that dies mid-document: the scheduler reschedules the task on another worker
  (up to ``distributed.scheduler.allowed-failures`` deaths, 3 by default); past that the
  task fails with ``KilledWorker`` and the document gets a PL112 diagnostic. A task that
  raises is retried once (``retries=1``: a flaky shared disk) before being reported.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import uuid
from typing import Any, Iterator, Sequence

import distributed  # ImportError here: the runner turns it into DASK_MISSING
from distributed.diagnostics.plugin import WorkerPlugin

from .executors import BatchError, Failure, Outcome, describe_exception
from .worker import Job, Judged, WorkerRequest, WorkerState, work

__all__ = ["DaskExecutor", "PolicylintState"]

#: How long to wait for a remote scheduler to answer before giving up (seconds).
CONNECT_TIMEOUT = 10


class PolicylintState(WorkerPlugin):
    """Builds one WorkerState per worker when the worker starts (or joins later)."""

    idempotent = True  # registering the same run's state twice keeps the first

    def __init__(self, request: WorkerRequest) -> None:
        self.request = request
        self.state: WorkerState | None = None

    def setup(self, worker: Any) -> None:
        self.state = WorkerState(self.request)

    def teardown(self, worker: Any) -> None:
        self.state = None


def _dask_work(plugin_name: str, job: Job, keep_document: bool) -> Judged:
    """The task: this worker's state, then the same work() as every other executor."""
    from distributed import get_worker

    plugin = get_worker().plugins[plugin_name]
    if plugin.state is None:  # (setup failed or was undone): build it now rather than fail the task
        plugin.state = WorkerState(plugin.request)
    return work(job, plugin.state, keep_document=keep_document)


class DaskExecutor:
    """Run documents on a Dask cluster: a local one of ``jobs`` processes, or ``scheduler``'s."""

    def __init__(self, jobs: int, *, scheduler: str | None = None, keep_documents: bool = False) -> None:
        self.jobs = max(1, jobs)
        self.scheduler = scheduler
        self.keep_documents = keep_documents

    def _connect(self) -> tuple[Any, Any]:
        if self.scheduler:
            try:
                return distributed.Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False), None
            except (OSError, TimeoutError, ValueError) as exc:
                raise BatchError(f"cannot reach the Dask scheduler at {self.scheduler}: {describe_exception(exc)}") from exc
        try:
            cluster = distributed.LocalCluster(
                n_workers=self.jobs, threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=logging.ERROR,
            )
        except Exception as exc:  # noqa: BLE001 - ports, spawn failures: one message, exit 2
            raise BatchError(f"cannot start a local Dask cluster: {describe_exception(exc)}") from exc
        return distributed.Client(cluster, set_as_default=False), cluster

    def run(self, jobs: Sequence[Job], request: WorkerRequest) -> Iterator[tuple[Job, Outcome]]:
        if not jobs:
            return
        client, cluster = self._connect()
        digest = hashlib.sha256(pickle.dumps(request)).hexdigest()[:16]
        name = f"policylint-state-{digest}"
        try:
            try:
                client.register_plugin(PolicylintState(request), name=name)
            except Exception as exc:  # noqa: BLE001 - e.g. workers without policylint installed
                raise BatchError(f"the Dask workers could not set up policylint: {describe_exception(exc)}") from exc
            run_id = uuid.uuid4().hex[:12]
            futures = {}
            for job in jobs:
                # Keys are unique per run: a document submitted twice is judged twice, as asked.
                future = client.submit(
                    _dask_work, name, job, self.keep_documents,
                    key=f"policylint-{run_id}-{job.index}", pure=False, retries=1, priority=job.size,
                )
                futures[future] = job
            for future in distributed.as_completed(list(futures), loop=client.loop):
                job = futures.pop(future)
                yield job, self._outcome(future)
                future.release()
        finally:
            try:
                client.unregister_worker_plugin(name)
            except Exception:  # noqa: BLE001 - the cluster may already be gone
                pass
            client.close()
            if cluster is not None:
                cluster.close()

    @staticmethod
    def _outcome(future: Any) -> Outcome:
        try:
            return future.result()
        except distributed.KilledWorker:
            return Failure("its Dask worker died while reading it, on every attempt the scheduler allowed "
                           "(distributed.scheduler.allowed-failures)")
        except Exception as exc:  # noqa: BLE001
            return Failure(f"policylint failed on its Dask worker ({describe_exception(exc)})")

