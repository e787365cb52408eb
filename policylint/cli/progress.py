"""Progress on stderr while a command reads and judges documents (check, compare, diff, explain).

Drawn with ``rich`` and shown only when stderr is a terminal and ``--quiet`` is not given, so
logs, pipes and CI output never carry it. It says what is happening rather than guessing how
long it will take: no ETA is shown, because reading a 600-page PDF and matching a 10-page
text file run at rates that say nothing about each other.

One line for the run ("loading rule packs", then "checking 2 of 5 files") and one for the
current file, by stage: *reading* (no percentage: the reader does not report its progress),
then *matching rules* with the share of its blocks done, from the engine's
:data:`~policylint.api.ProgressCallback`. The display is cleared when the run ends, before
any report is printed.
"""

from __future__ import annotations

import os
import sys
from pathlib import PurePath
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..api import ProgressCallback

__all__ = ["RunProgress", "progress_wanted"]


def progress_wanted(*, quiet: bool, stream: IO[str] | None = None) -> bool:
    """Show progress: not ``--quiet``, stderr is a terminal, and the terminal is not ``dumb``."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return not quiet and bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


class RunProgress:
    """The progress display of one command; a no-op when disabled.

    >>> with RunProgress(enabled=False) as progress:      # doctest: +SKIP
    ...     progress.step("loading rule packs")
    ...     lint_documents(items, plan, progress=progress.for_documents(len(items)))
    """

    def __init__(self, *, enabled: bool, stream: IO[str] | None = None, color: bool | None = None) -> None:
        self.enabled = enabled
        self._progress: Any = None
        self._run: Any = None
        self._file: Any = None
        self._document = -1
        self._total = 0
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            console = Console(file=stream if stream is not None else sys.stderr, force_terminal=True,
                              no_color=None if color is None else not color, highlight=False)
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}", markup=False),
                BarColumn(bar_width=24),
                TextColumn("{task.fields[detail]}", markup=False),
                TimeElapsedColumn(),
                console=console, transient=True, redirect_stdout=False, redirect_stderr=False,
                # drawn on each update, not by rich's refresh thread: a live thread would stop
                # a one-document check from forking (policylint/engine/split.py needs none)
                auto_refresh=False,
            )

    def __enter__(self) -> "RunProgress":
        if self._progress is not None:
            self._progress.start()
            self._run = self._progress.add_task("starting", total=None, detail="")
            self._progress.refresh()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def step(self, what: str) -> None:
        """A run-level stage without a measure of its own ("loading rule packs")."""
        if self._progress is not None:
            self._progress.update(self._run, description=what, total=None, detail="")
            self._progress.refresh()

    def for_documents(self, total: int) -> "ProgressCallback | None":
        """The engine callback for a run over ``total`` documents (None when disabled)."""
        if self._progress is None:
            return None
        self._total = total
        self._progress.update(self._run, description="checking", total=total, completed=0,
                              detail=f"0 of {total} file(s)")
        self._file = self._progress.add_task("", total=None, detail="")
        self._progress.refresh()
        return self._on_progress

    def _on_progress(self, index: int, total: int, path: str, fraction: float) -> None:
        """Stage from the call sequence the API documents: the first call of a document is
        made before it is read; later ones report matching."""
        self._update(index, total, path, fraction)
        self._progress.refresh()

    def _update(self, index: int, total: int, path: str, fraction: float) -> None:
        name = PurePath(path).name
        if index != self._document:
            self._document = index
            if fraction >= 1.0:
                # a parallel run reports each document once, when it is done
                self._progress.update(self._run, completed=index + 1, detail=f"{index + 1} of {total} file(s)")
                self._progress.update(self._file, description=name, total=100, completed=100, detail="done")
                return
            self._progress.update(self._run, completed=index, detail=f"{index + 1} of {total} file(s)")
            self._progress.update(self._file, description=name, total=None, completed=0, detail="reading")
            return
        done = index + 1 if fraction >= 1.0 else index
        self._progress.update(self._run, completed=done)
        self._progress.update(self._file, total=100, completed=round(fraction * 100),
                              detail=f"matching rules {fraction:.0%}")
