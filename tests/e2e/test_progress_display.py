"""Progress on stderr: shown per file and stage when stderr is a terminal, never otherwise or with -q."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policylint.cli.progress import RunProgress, progress_wanted

REPO = Path(__file__).resolve().parents[2]
DRAFT_MD = REPO / "corpora" / "src" / "riverton-draft.md"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_wanted_only_on_a_terminal_and_without_quiet(monkeypatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    assert progress_wanted(quiet=False, stream=_Terminal())
    assert not progress_wanted(quiet=True, stream=_Terminal())
    assert not progress_wanted(quiet=False, stream=io.StringIO())
    monkeypatch.setenv("TERM", "dumb")
    assert not progress_wanted(quiet=False, stream=_Terminal())


def test_stages_are_shown_honestly_and_cleared(monkeypatch) -> None:
    screen = _Terminal()
    with RunProgress(enabled=True, stream=screen, color=False) as progress:
        progress.step("loading rule packs")
        time.sleep(0.3)
        callback = progress.for_documents(2)
        callback(0, 2, "manuals/a.pdf", 0.0)  # before reading
        time.sleep(0.3)
        callback(0, 2, "manuals/a.pdf", 0.0)  # matching starts
        callback(0, 2, "manuals/a.pdf", 0.5)
        time.sleep(0.3)
        callback(0, 2, "manuals/a.pdf", 1.0)
        callback(1, 2, "manuals/b.md", 0.0)
        time.sleep(0.3)
    text = _ANSI.sub("", screen.getvalue())
    assert "loading rule packs" in text
    assert "a.pdf" in text and "reading" in text and "matching rules 50%" in text and "1 of 2 file(s)" in text
    assert "b.md" in text and "2 of 2 file(s)" in text
    assert not re.search(r"\beta\b|remaining", text, re.I)  # no guess at the time left


def test_disabled_progress_is_silent() -> None:
    with RunProgress(enabled=False) as progress:
        progress.step("loading rule packs")
        assert progress.for_documents(3) is None


def _run_with_stderr(stderr_is_terminal: bool, *extra: str, command: tuple[str, ...] = ()) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(TERM="xterm", COLUMNS="100")
    command = [sys.executable, "-m", "policylint",
               *(command or ("check", str(DRAFT_MD), "--fail-on", "never", "--pack", "core")), *extra]
    if not stderr_is_terminal:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300).stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.communicate(timeout=300)
    os.close(master)
    return _ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))


@pytest.mark.skipif(not hasattr(pty, "openpty") or sys.platform == "win32", reason="needs a pseudo-terminal")
def test_check_shows_progress_on_a_terminal_only() -> None:
    shown = _run_with_stderr(True)
    assert "riverton-draft.md" in shown and ("matching rules" in shown or "reading" in shown), shown[-2000:]
    piped = _run_with_stderr(False)  # a pipe or a CI log: nothing drawn
    assert "matching rules" not in piped and "loading rule packs" not in piped
    assert "matching rules" not in _run_with_stderr(True, "--quiet")


@pytest.mark.skipif(not hasattr(pty, "openpty") or sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("command", [
    ("compare", str(DRAFT_MD), "--fail-on", "never", "--pack", "core"),
    ("diff", str(DRAFT_MD), str(DRAFT_MD), "--pack", "core"),
    ("explain", "core/use-of-force", "--document", str(DRAFT_MD)),
], ids=["compare", "diff", "explain"])
def test_compare_diff_and_explain_show_progress_too(command: tuple[str, ...]) -> None:
    shown = _run_with_stderr(True, command=command)
    assert "riverton-draft.md" in shown and ("matching rules" in shown or "reading" in shown), shown[-2000:]


def test_the_display_runs_no_thread_so_a_long_check_may_still_fork() -> None:
    # a live refresh thread would keep a one-document check from judging in two processes
    # (policylint/engine/split.py forks only when no other thread is alive)
    import threading

    stream = io.StringIO()
    before = threading.active_count()
    with RunProgress(enabled=True, stream=stream) as progress:
        progress.step("loading rule packs")
        callback = progress.for_documents(1)
        assert callback is not None
        callback(0, 1, "manual.pdf", 0.0)
        callback(0, 1, "manual.pdf", 0.5)
        assert threading.active_count() == before
    assert "loading rule packs" in stream.getvalue() or "manual.pdf" in stream.getvalue()
