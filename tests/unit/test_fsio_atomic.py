"""Output files are written atomically: whole or not there, and devices are never renamed over."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from policylint import fsio
from policylint.fsio import write_text_atomic


def test_a_new_file_is_written_and_no_temp_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_text_atomic(target, '{"ok": true}\n')
    assert target.read_text(encoding="utf-8") == '{"ok": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("old, complete baseline\n", encoding="utf-8")

    def killed(*_args: object) -> None:  # the run dies between writing the temp file and the rename
        raise KeyboardInterrupt

    monkeypatch.setattr(fsio.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, "new baseline that never lands\n")
    assert target.read_text(encoding="utf-8") == "old, complete baseline\n"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_an_existing_file_keeps_its_mode_and_a_symlink_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.sarif"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.sarif"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_devices_and_pipes_are_written_in_place_never_replaced(tmp_path: Path) -> None:
    """``--output text:/dev/stdout`` must write to the stream; renaming over a device node
    would replace /dev/stdout itself with a regular file."""
    write_text_atomic("/dev/null", "discarded\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_text_atomic(fifo, "through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_missing_folder_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_text_atomic(tmp_path / "absent" / "r.json", "x")
