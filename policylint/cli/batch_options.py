"""``--jobs``, ``--executor``, ``--scheduler``, ``--no-cache``, ``--cache-dir``: shared by check, compare, outline.

:func:`batch_options` declares the options on a command and hands the command one
``batch`` argument (a :class:`BatchChoice`, the raw values); :meth:`BatchChoice.resolve`
turns it into :class:`~policylint.batch.BatchOptions` once the config is known (the
config may name the cache folder and its size limit). Defaults: as many worker
processes as cores, the cache on, in ``platformdirs.user_cache_dir("policylint")``
unless ``POLICYLINT_CACHE_DIR`` or the config's ``cache_dir`` says otherwise.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

import click

if TYPE_CHECKING:  # pragma: no cover
    from ..api import LintPlan, PathLike, ProgressCallback
    from ..batch import BatchOptions
    from ..config import Config
    from ..results import LintResult

__all__ = ["BatchChoice", "batch_options", "lint_or_exit"]

EXECUTOR_CHOICES = ("auto", "serial", "process", "dask")
#: Without an explicit --jobs, runs whose files total less than this stay in this process
#: (about 400 pages of PDF: less work than starting the workers).
AUTO_SERIAL_BELOW_BYTES = 1024 * 1024


@dataclass(frozen=True)
class BatchChoice:
    """What the user asked for on the command line."""

    jobs: int | None
    executor: str
    scheduler: str | None
    no_cache: bool
    cache_dir: Path | None

    def resolve(self, config: "Config | None" = None, *, document_count: int | None = None) -> "BatchOptions":
        """Options for the run: CLI values first, then the config, then the environment and defaults.

        One document (or one job) runs in this process: starting workers would only add
        their start-up time.
        """
        from ..batch import BatchOptions, CacheSettings, default_jobs
        from ..batch.cache import CACHE_ENV

        jobs = self.jobs if self.jobs is not None else default_jobs()
        if document_count is not None and self.executor == "auto" and not self.scheduler:
            jobs = max(1, min(jobs, document_count))
        cache = None
        if not self.no_cache:
            # ruff's order: the option, then the environment variable, then the config.
            folder = self.cache_dir
            if folder is None and not os.environ.get(CACHE_ENV):
                folder = getattr(config, "cache_dir", None)
            cache = CacheSettings.default(folder, getattr(config, "cache_max_mb", None))
        # Only a defaulted --jobs lets a small run stay in this process; an explicit one is obeyed.
        serial_below = AUTO_SERIAL_BELOW_BYTES if self.jobs is None else 0
        return BatchOptions(jobs=jobs, executor=self.executor, scheduler=self.scheduler, cache=cache,
                            serial_below_bytes=serial_below)


def _check(choice: BatchChoice) -> None:
    if choice.scheduler and choice.executor not in ("auto", "dask"):
        raise click.BadParameter(f"a scheduler is only used with --executor dask, not {choice.executor}",
                                 param_hint="--scheduler")


def batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Declare the batch options on a click command; it receives them as ``batch=BatchChoice``."""

    @functools.wraps(command)
    def wrapper(*args: Any, jobs: int | None, executor: str, scheduler: str | None, no_cache: bool,
                cache_dir: Path | None, **kwargs: Any) -> Any:
        choice = BatchChoice(jobs=jobs, executor=executor, scheduler=scheduler, no_cache=no_cache, cache_dir=cache_dir)
        _check(choice)
        return command(*args, batch=choice, **kwargs)

    options = [
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Documents processed at once, in worker processes (default: the number of cores)."),
        click.option("--executor", type=click.Choice(EXECUTOR_CHOICES), default="auto", show_default=True,
                     help="Where documents run: this process, a process pool, or Dask (pip install \"policylint[dask]\")."),
        click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="Dask scheduler to join (tcp://host:port); default: a local Dask cluster."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of read documents, results and compiled rules."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Cache folder (default: $POLICYLINT_CACHE_DIR, the config's cache_dir, or the user cache folder)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def lint_or_exit(
    items: "Sequence[PathLike]", plan: "LintPlan", progress: "ProgressCallback | None" = None, *,
    batch: "BatchOptions | None" = None,
) -> "LintResult":
    """:func:`policylint.api.lint_documents`, exiting 2 with one message when the executor cannot start."""
    from ..api import lint_documents
    from ..batch import BatchError

    try:
        return lint_documents(items, plan, progress=progress, batch=batch)
    except BatchError as exc:
        click.echo(f"policylint: {exc}", err=True)
        sys.exit(2)
