"""Reading a one-document run's file in a forked child: the same Document, or none (never a wrong one)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint import loading
from policylint.batch import readahead
from policylint.loading import DEFAULT_MAX_BYTES, load_document

REPO = Path(__file__).resolve().parents[2]
DRAFT_PDF = REPO / "corpora" / "riverton-draft.pdf"

pytestmark = [
    pytest.mark.skipif(not DRAFT_PDF.is_file(), reason="corpora/ samples not built"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="read-ahead forks on Linux only"),
]


@pytest.fixture(autouse=True)
def any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readahead, "MIN_BYTES", 0)  # the samples are small


def test_the_child_reads_the_document_this_process_would() -> None:
    path = str(DRAFT_PDF)
    assert readahead.start(path, DEFAULT_MAX_BYTES)
    assert not readahead.start(path, DEFAULT_MAX_BYTES)  # one child per file
    assert readahead.take(path, DEFAULT_MAX_BYTES) == load_document(DRAFT_PDF)
    assert readahead.take(path, DEFAULT_MAX_BYTES) is None  # taken once


def test_nothing_is_started_for_a_file_the_reader_refuses_or_a_missing_one(tmp_path: Path) -> None:
    assert not readahead.start(str(DRAFT_PDF), max_bytes=10)
    assert not readahead.start(str(tmp_path / "missing.pdf"), DEFAULT_MAX_BYTES)
    assert readahead.take(str(DRAFT_PDF), 10) is None


def test_a_failing_child_means_the_run_reads_the_file_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("reader bug")

    monkeypatch.setattr(loading, "load_document", broken)  # (the child is a copy of this process)
    assert readahead.start(str(DRAFT_PDF), DEFAULT_MAX_BYTES)
    assert readahead.take(str(DRAFT_PDF), DEFAULT_MAX_BYTES) is None


def test_check_gives_the_same_report_with_and_without_reading_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    from policylint.cli import main

    args = ["check", str(DRAFT_PDF), "--pack", "core", "--format", "json", "--fail-on", "never", "-q", "--no-cache"]
    started: list[bool] = []
    real_start = readahead.start
    monkeypatch.setattr(readahead, "start", lambda *a: started.append(real_start(*a)) or started[-1])
    ahead = CliRunner().invoke(main, args)
    monkeypatch.setattr(readahead, "start", lambda *a: False)
    plain = CliRunner().invoke(main, args)
    assert started == [True]
    assert ahead.exit_code == plain.exit_code == 0
    assert ahead.stdout == plain.stdout
    assert not readahead._PENDING  # the run took what it started


def test_a_cached_document_is_not_read_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policylint.cli import main

    args = ["check", str(DRAFT_PDF), "--pack", "core", "--format", "json", "--fail-on", "never", "-q",
            "--cache-dir", str(tmp_path / "cache")]
    started: list[object] = []
    real_start = readahead.start
    monkeypatch.setattr(readahead, "start", lambda *a: started.append(real_start(*a)) or started[-1])
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert first.stdout == second.stdout
    assert started == [True]  # the second run finds the document in the cache
    assert os.listdir(tmp_path / "cache" / "v1" / "documents")


def test_a_one_file_check_starts_reading_before_spacy_is_imported() -> None:
    """The read-ahead overlaps importing spaCy as well as compiling: nothing on the command's way
    to it (config, paths, waivers, batch options) may import the api or the compiler."""
    import subprocess

    probe = (
        "import sys\n"
        "from policylint.batch import readahead\n"
        "from policylint.cli import main\n"
        "readahead.MIN_BYTES = 0\n"
        "def start(*args):\n"
        "    print('spacy imported' if 'spacy' in sys.modules else 'spacy not imported', file=sys.stderr)\n"
        "    return False\n"
        "readahead.start = start\n"
        "main(sys.argv[1:])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "check", str(DRAFT_PDF), "--pack", "core", "--format", "json", "-q",
         "--fail-on", "never", "--no-cache"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "spacy not imported" in done.stderr
