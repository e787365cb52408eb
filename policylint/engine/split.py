"""Run two independent halves of one computation on two cores: one in a forked child.

The engine judges one long manual block by block on one core (about two seconds for a
600-page manual) while a second core sits idle. :func:`run_halves` forks one child that
computes the first half and sends its result back pickled through a pipe, while this process
computes the second half; :func:`policylint.engine.analyse.analyse_document` splits its
blocks at a section boundary where nothing carries over from one block to the next, so the
two halves, merged, are exactly what one pass gives.

Nothing the result could show can go wrong, only the speed-up lost (the conventions of
``policylint/batch/readahead.py``): a child that fails, dies or sends a pickle that does not
load has its half computed here instead; the child is always reaped; it leaves with
``os._exit``, so it runs none of this process's exit handlers and flushes none of its
buffered output.

Forking is allowed only where it is safe and wanted (:func:`allowed`): on Linux, with no
other thread alive (a lock another thread held at the fork would stay locked in the child),
while a one-document ``check`` runs (:data:`ENABLED`, see ``policylint/cli/check.py``:
the API never forks, and workers of a parallel run already use every core), and unless
``POLICYLINT_ENGINE_SPLIT=0`` is set (for debugging: the serial path, same result).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Generic, Iterator, TypeVar

from ..forking import fork_to_pipe, pickle_to

__all__ = ["ENABLED", "ENV", "Halves", "allowed", "enabled", "run_halves"]

T = TypeVar("T")

#: Set while a one-document ``check`` runs (see :func:`enabled`); the engine never forks otherwise.
ENABLED = False

#: ``POLICYLINT_ENGINE_SPLIT=0`` turns the split off (every document analysed in one pass).
ENV = "POLICYLINT_ENGINE_SPLIT"


@contextmanager
def enabled() -> Iterator[None]:
    """Within the block, let the engine split a long document over two processes (a
    one-document ``check``); the flag is restored after it (a test's in-process CLI run
    leaves the API as it was: not forking)."""
    global ENABLED
    before, ENABLED = ENABLED, True
    try:
        yield
    finally:
        ENABLED = before


def allowed() -> bool:
    """May this process fork a child to share one document's analysis now?"""
    return (
        ENABLED
        and os.environ.get(ENV, "1") != "0"
        and sys.platform.startswith("linux")  # (forking is unsafe on macOS; no fork on Windows)
        and threading.active_count() == 1
    )


@dataclass(frozen=True)
class Halves(Generic[T]):
    """Both halves' results, and whether the child's was used (False: computed here instead)."""

    first: T
    second: T
    from_child: bool


def run_halves(first: Callable[[], T], second: Callable[[], T], valid: Callable[[object], bool]) -> Halves[T]:
    """``first()`` in a forked child and ``second()`` here, at the same time.

    ``first`` must not report progress or write anything: it runs in the child, whose output
    would interleave with this process's. When the fork fails, or the child's result cannot
    be had (or is not ``valid``: the pickle loaded something else), ``first()`` runs here
    after ``second()``. The child's result is read once ``second()`` is done (a child done
    sooner waits on the pipe).
    """
    # (``_dump`` looked up at call time, so that tests can break it)
    forked = fork_to_pipe(first, lambda result, stream: _dump(result, stream))
    if forked is None:
        second_result = second()
        return Halves(first(), second_result, False)
    pid, read_fd = forked
    try:
        second_result = second()
    except BaseException:  # a bug, Ctrl-C: stop the child and leave no zombie
        _stop(pid)
        os.close(read_fd)
        raise
    found = _receive(pid, read_fd)
    if found is None or not valid(found[0]):
        return Halves(first(), second_result, False)
    return Halves(found[0], second_result, True)


def _dump(result: object, stream) -> None:
    """Write the child's result (a function of its own so that tests can break it)."""
    pickle_to(result, stream)


def _receive(pid: int, fd: int) -> tuple[object] | None:
    """The child's unpickled result (in a 1-tuple: the result may be None), after reaping it
    and closing ``fd``; None when it failed, died or sent something that does not load."""
    result: tuple[object] | None = None
    try:
        with os.fdopen(fd, "rb") as stream:
            result = (pickle.load(stream),)
    except Exception:  # noqa: BLE001 - a child that died mid-write: the caller computes its half
        result = None
    finally:
        # (also on Ctrl-C while loading); a child whose pickle did not load is killed first:
        # it may be stuck, and its result is not wanted any more
        status = _stop(pid) if result is None else _reap(pid)
    return result if status == 0 else None


def _reap(pid: int) -> int | None:
    """Wait for the child to exit: its exit status, or None when it cannot be had."""
    try:
        return os.waitpid(pid, 0)[1]
    except OSError:
        return None


def _stop(pid: int) -> int | None:
    """Kill and reap a child whose result is no longer wanted."""
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    return _reap(pid)
