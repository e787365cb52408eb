"""Batch runs: many documents in parallel, cached, and on Dask when one machine is not enough.

Behind the public API (:func:`policylint.api.lint_documents` takes a :class:`BatchOptions`):

* :mod:`.run`: cache look-ups, the executor, severities and waivers, input order;
* :mod:`.executors`: serial, process pool (and :mod:`.dask_executor`, optional extra);
* :mod:`.worker`: what a worker does with one document (the same in every executor);
* :mod:`.cache`: the content-addressed cache of read documents and judged results;
* :mod:`.manifest`: CSV/YAML manifests of agencies' manuals.

See docs/batch.md for the choices made here.
"""

from __future__ import annotations

from .cache import CacheSettings, DocumentCache, default_cache_folder
from .executors import BatchError
from .run import EXECUTORS, BatchOptions, default_jobs, judge_documents, read_documents

__all__ = [
    "BatchError",
    "BatchOptions",
    "CacheSettings",
    "DocumentCache",
    "EXECUTORS",
    "default_cache_folder",
    "default_jobs",
    "judge_documents",
    "read_documents",
]
