"""Fork a child that computes one value and sends it back pickled through a pipe (Linux).

Two places use a second core this way (docs/batch.md): a one-document ``check`` reads its
file in a child while the rules compile (``policylint/batch/readahead.py``), and judges a
long document in two halves (``policylint/engine/split.py``). Both need the same child: it
runs one function, writes the pickled result, and leaves with ``os._exit`` so the parent's
exit handlers and buffered output are never run twice. Reading the result, reaping and
falling back stay with the callers, whose rules differ.
"""

from __future__ import annotations

import gc
import os
import pickle
from typing import IO, Any, Callable

__all__ = ["fork_to_pipe", "pickle_to"]


def pickle_to(value: object, stream: IO[bytes]) -> None:
    """The default way a child writes its result."""
    pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)


def fork_to_pipe(work: Callable[[], Any], dump: Callable[[object, IO[bytes]], None] = pickle_to) -> tuple[int, int] | None:
    """Fork a child that runs ``work()`` and writes its result with ``dump``.

    Returns ``(pid, read_fd)`` in the parent (the caller reads ``read_fd`` and reaps ``pid``),
    or None when the system cannot fork. The child never returns: it exits 0 after writing,
    1 if ``work`` or ``dump`` raised.
    """
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit handlers
        status = 1
        try:
            os.close(read_fd)
            gc.disable()  # (a collection would touch, and so copy, the parent's pages for nothing)
            result = work()
            with os.fdopen(write_fd, "wb") as stream:
                dump(result, stream)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, read_fd
