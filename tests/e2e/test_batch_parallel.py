"""--jobs: a process pool gives the serial run's results, in input order, and survives dead workers."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

import policylint.api as api
from policylint.batch import BatchOptions
from policylint.batch import executors
from policylint.batch.worker import Job, WorkerRequest
from policylint.cli import main
from policylint.model import Document
from policylint.report import render

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO / "corpora"
SAMPLES = [CORPORA / "riverton-draft.pdf", CORPORA / "riverton-strong.docx", CORPORA / "src" / "riverton-draft.md",
           CORPORA / "riverton-strong.pdf", CORPORA / "riverton-draft.docx"]

pytestmark = pytest.mark.skipif(not all(p.is_file() for p in SAMPLES), reason="corpora/ samples not built")


@pytest.fixture(scope="module")
def plan() -> api.LintPlan:
    return api.plan_run(packs=["core", "practices", "8cantwait"])


@pytest.fixture()
def mixed(tmp_path: Path) -> list[Path]:
    """Every sample format, a copy at a second path, the same path twice, a missing and an empty file."""
    copy = tmp_path / "copies" / "second-draft.pdf"
    copy.parent.mkdir()
    shutil.copy(SAMPLES[0], copy)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    return [*SAMPLES, copy, SAMPLES[1], tmp_path / "absent.docx", empty]


def _json(result: object) -> str:
    return render("json", result)  # type: ignore[arg-type]


def test_jobs_2_gives_the_serial_json_in_input_order(plan: api.LintPlan, mixed: list[Path]) -> None:
    serial = _json(api.lint_documents(mixed, plan))
    parallel = _json(api.lint_documents(mixed, plan, batch=BatchOptions(jobs=2, executor="process")))
    assert parallel == serial
    assert [d["path"] for d in json.loads(parallel)["documents"]] == [str(p) for p in mixed]


def test_check_cli_jobs_2_matches_jobs_1_without_cache(mixed: list[Path]) -> None:
    args = ["check", *map(str, mixed), "--pack", "core", "--format", "json", "--fail-on", "never"]
    one = CliRunner().invoke(main, [*args, "--jobs", "1", "--no-cache"])
    two = CliRunner().invoke(main, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2  # the missing and the empty file
    assert two.stdout == one.stdout
    assert two.stderr.count("PL109") == one.stderr.count("PL109") == 1


def test_workers_build_their_state_once_not_per_document(plan: api.LintPlan, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool initializer compiles the rules; a document handed to the worker reuses them."""
    request = WorkerRequest(packs=plan.packs, disabled=plan.disabled, max_bytes=plan.config.max_file_bytes)
    executors._init_pool_worker(request)
    import policylint.rulebook.compiler as compiler

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled per document")

    monkeypatch.setattr(compiler, "compile_rules", compile_again)
    for index, path in enumerate(SAMPLES[:2]):
        judged = executors._pool_work(Job(index, str(path), str(path)), False)
        assert judged.entry is not None and judged.entry.coverage
    monkeypatch.setattr(executors, "_STATE", None)


def test_a_worker_killed_mid_run_loses_no_document(plan: api.LintPlan, tmp_path: Path) -> None:
    items = []
    for i in range(8):  # enough documents that both workers are busy when one is killed
        target = tmp_path / f"manual-{i}{SAMPLES[i % 2].suffix}"
        shutil.copy(SAMPLES[i % 2], target)
        items.append(target)
    expected = _json(api.lint_documents(items, plan))
    killed: list[int] = []

    def kill_one_worker(finished: int, total: int, path: str, fraction: float) -> None:
        if killed:
            return
        workers = [p for p in multiprocessing.active_children() if p.pid and p.is_alive()]
        if workers:
            killed.append(workers[0].pid)  # type: ignore[arg-type]
            os.kill(workers[0].pid, signal.SIGKILL)  # type: ignore[arg-type]

    result = api.lint_documents(items, plan, batch=BatchOptions(jobs=2, executor="process"), progress=kill_one_worker)
    assert killed, "no worker was running to be killed"
    assert _json(result) == expected


class _KillsItsWorker(Document):
    """A document whose unpickling ends the process that receives it: a stand-in for a file that
    crashes its PDF library. The parent never unpickles it, so only the worker dies."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return os._exit, (3,)


def test_a_document_that_always_kills_its_worker_is_reported_and_the_rest_judged(plan: api.LintPlan) -> None:
    from policylint.loading import load_document

    good = [load_document(p) for p in SAMPLES[:3]]
    bad = _KillsItsWorker(**{f: getattr(good[0], f) for f in good[0].__dataclass_fields__})
    object.__setattr__(bad, "path", "poison.pdf")
    items = [good[0], bad, good[1], good[2]]
    expected = json.loads(_json(api.lint_documents(good, plan)))["documents"]
    result = api.lint_documents(items, plan, batch=BatchOptions(jobs=2, executor="process"))
    documents = json.loads(_json(result))["documents"]
    assert [documents[0], documents[2], documents[3]] == expected
    failed = result.documents[1]
    assert failed.path == "poison.pdf" and not failed.coverage
    assert [d.code for d in failed.diagnostics] == ["PL112"]
    assert "died" in failed.diagnostics[0].message
