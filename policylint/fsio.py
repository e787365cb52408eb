"""Writing output files atomically: a report, baseline or config is whole or not there.

A run killed half-way (Ctrl-C, a CI timeout, a full disk) or two runs writing the same
file at once must never leave a truncated SARIF file that a later step uploads, or half a
baseline that the next run reads as "every finding is new". :func:`write_text_atomic`
writes to a temporary file in the target's own folder (same file system, so the rename is
atomic), flushes it to disk, then renames it over the target with :func:`os.replace`:
readers see the old file or the new one, never a mix. Of two concurrent writers, the last
rename wins, and its file is complete.

Only regular files are replaced. A target that exists and is something else (a named pipe,
a terminal), and any path under ``/dev`` or ``/proc`` (``--output text:/dev/stdout``, which
may point at the file the shell redirected stdout to), is written to in place: renaming over
it would replace the device node, or cut the shell's open file off from what it expects. A
symlink to a regular file is followed, so the link stays and its target is replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_text_atomic"]


_SPECIAL_ROOTS = ("/dev/", "/proc/")


def _write_in_place(path: Path, info: os.stat_result | None) -> bool:
    """True for targets that must never be renamed over (see the module docstring)."""
    if info is not None and not stat.S_ISREG(info.st_mode):
        return True  # a device, pipe or socket
    if info is None and os.path.islink(path):
        return True  # a dangling symlink: writing through it creates its target, as a plain write would
    absolute = os.path.abspath(path)
    return absolute.startswith(_SPECIAL_ROOTS) or os.path.realpath(path).startswith(_SPECIAL_ROOTS)


def write_text_atomic(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (temp file in the same folder, then rename).

    Raises OSError like :meth:`Path.write_text` when the folder does not exist or cannot be
    written; the temporary file is removed on any failure. A new file gets the usual
    permissions (0666 less the umask), an existing one keeps its own mode.
    """
    given = Path(path)
    try:
        info = os.stat(given)  # follows symlinks
    except FileNotFoundError:
        info = None
    if _write_in_place(given, info):
        with open(given, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
        return
    target = Path(os.path.realpath(given)) if info is not None else given
    folder = target.parent
    if info is not None:
        mode = info.st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise
