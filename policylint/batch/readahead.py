"""Read a one-document run's file in a forked child while this process compiles the rules.

A ``check`` of one long manual compiles the rule packs (about a second) and then reads the
file (about as long again for a 600-page PDF), one after the other, while a second core
sits idle. :func:`start` forks a child that reads the file with the same function the run
would call (:func:`~policylint.loading.load_document`) and sends the pickled Document back
through a pipe; :func:`take` hands it to the run when it gets to reading (see
``policylint/batch/worker.py``). The Document is the one this process would have read:
same function, same bytes, and Documents round-trip pickling exactly (the document cache
relies on that too).

Nothing can go wrong that the run would notice, only the speed-up lost: without ``fork``
(Linux only: forking is unsafe on macOS), with a child that fails or dies, or with a pickle
that does not load, :func:`take` returns None and the run reads the file itself.
"""

from __future__ import annotations

import atexit
import os
import pickle
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from ..forking import fork_to_pipe
from ..model import Document

__all__ = ["MIN_BYTES", "start", "take"]

#: Smaller files are read in well under the time forking and pickling would save.
MIN_BYTES = 512 * 1024


@dataclass(frozen=True)
class _Child:
    pid: int
    fd: int  # read end of the pipe the child writes the pickled Document to


#: (absolute path, max_bytes) -> the child reading it
_PENDING: dict[tuple[str, int], _Child] = {}


def start(path: str, max_bytes: int) -> bool:
    """Start reading ``path`` (absolute, as a worker Job's ``read_from``) in a child; True if started."""
    key = (path, max_bytes)
    if key in _PENDING or not sys.platform.startswith("linux"):
        return False
    try:
        size = os.path.getsize(path)
    except OSError:
        return False
    if not MIN_BYTES <= size <= max_bytes:
        return False  # small, or refused unread by the reader anyway
    forked = fork_to_pipe(lambda: _read_document(path, max_bytes))
    if forked is None:
        return False
    pid, read_fd = forked
    if not _PENDING:
        atexit.register(_stop_all)
    _PENDING[key] = _Child(pid, read_fd)
    return True


def _read_document(path: str, max_bytes: int) -> Document:
    """What the child does: read the file as the run would."""
    from ..loading import load_document

    return load_document(Path(path), max_bytes=max_bytes)


def take(path: str, max_bytes: int) -> Document | None:
    """The Document a child read for ``(path, max_bytes)``, or None (none started, or it failed)."""
    child = _PENDING.pop((path, max_bytes), None)
    if child is None:
        return None
    document = None
    try:
        with os.fdopen(child.fd, "rb") as stream:
            document = pickle.load(stream)
    except Exception:  # noqa: BLE001 - a child that died mid-write: read the file here instead
        document = None
    try:
        _, status = os.waitpid(child.pid, 0)
    except OSError:
        return None
    if status != 0 or not isinstance(document, Document):
        return None
    return document


def _stop_all() -> None:
    """At exit, stop the children whose reading nobody took (the run ended early: a rule error)."""
    while _PENDING:
        _key, child = _PENDING.popitem()
        try:
            os.kill(child.pid, signal.SIGKILL)
            os.waitpid(child.pid, 0)
        except OSError:
            pass
        os.close(child.fd)
