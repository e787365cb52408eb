"""--executor dask on a real local cluster (in-process scheduler, two worker processes).

Results must equal the serial run's; a worker killed mid-run must lose no document (the
scheduler reschedules its task), and when the scheduler allows no retry the document is
reported as a PL112 diagnostic while every other document is judged.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

import policylint.api as api
from policylint.batch import BatchOptions
from policylint.cli import main
from policylint.report import render

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402  (after the skip: an optional extra)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = [REPO / "corpora" / "riverton-draft.pdf", REPO / "corpora" / "riverton-strong.docx"]

pytestmark = pytest.mark.skipif(not all(p.is_file() for p in SAMPLES), reason="corpora/ samples not built")


def _cluster(**config: object) -> "distributed.LocalCluster":
    with dask.config.set(config):  # the scheduler (in this process) reads its config when created
        return distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                        dashboard_address=":0", silence_logs=logging.ERROR)


@pytest.fixture(scope="module")
def cluster() -> Iterator["distributed.LocalCluster"]:
    with _cluster() as running:
        yield running


@pytest.fixture(scope="module")
def plan() -> api.LintPlan:
    return api.plan_run(packs=["core", "practices"])


@pytest.fixture()
def manuals(tmp_path: Path) -> list[Path]:
    out = []
    for i in range(8):
        target = tmp_path / f"manual-{i}{SAMPLES[i % 2].suffix}"
        shutil.copy(SAMPLES[i % 2], target)
        out.append(target)
    return out + [tmp_path / "absent.pdf"]


def _json(result: object) -> str:
    return render("json", result)  # type: ignore[arg-type]


def _killer(address: str) -> tuple[list[int], object]:
    """A progress callback that SIGKILLs a busy worker process when the first document is back."""
    killed: list[int] = []
    client = distributed.Client(address, set_as_default=False)

    def progress(finished: int, total: int, path: str, fraction: float) -> None:
        if killed:
            return
        pids = client.run(os.getpid)
        busy = [worker for worker, keys in client.processing().items() if keys and worker in pids]
        if busy:
            killed.append(pids[busy[0]])
            os.kill(pids[busy[0]], signal.SIGKILL)

    return killed, (client, progress)


def test_dask_results_equal_the_serial_run(cluster: "distributed.LocalCluster", plan: api.LintPlan,
                                          manuals: list[Path]) -> None:
    serial = _json(api.lint_documents(manuals, plan))
    options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address)
    assert _json(api.lint_documents(manuals, plan, batch=options)) == serial


def test_a_worker_killed_mid_run_is_retried_elsewhere(cluster: "distributed.LocalCluster", plan: api.LintPlan,
                                                       manuals: list[Path]) -> None:
    serial = _json(api.lint_documents(manuals, plan))
    killed, (client, progress) = _killer(cluster.scheduler_address)
    try:
        options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address)
        result = api.lint_documents(manuals, plan, batch=options, progress=progress)  # type: ignore[arg-type]
    finally:
        client.close()  # type: ignore[attr-defined]
    assert killed, "no worker was busy when the first document came back"
    assert _json(result) == serial


def test_with_no_retries_allowed_the_killed_documents_are_reported(plan: api.LintPlan, manuals: list[Path]) -> None:
    serial = json.loads(_json(api.lint_documents(manuals, plan)))["documents"]
    with _cluster(**{"distributed.scheduler.allowed-failures": 0}) as strict:
        killed, (client, progress) = _killer(strict.scheduler_address)
        try:
            options = BatchOptions(executor="dask", scheduler=strict.scheduler_address)
            result = api.lint_documents(manuals, plan, batch=options, progress=progress)  # type: ignore[arg-type]
        finally:
            client.close()  # type: ignore[attr-defined]
    assert killed
    documents = json.loads(_json(result))["documents"]
    reported = [i for i, doc in enumerate(result.documents) if any(d.code == "PL112" for d in doc.diagnostics)]
    assert reported, "the document on the killed worker was neither retried nor reported"
    for i, doc in enumerate(documents):
        if i in reported:
            assert not result.documents[i].coverage and "died" in result.documents[i].diagnostics[0].message
        else:
            assert doc == serial[i]


def test_compare_cli_on_its_own_local_cluster_matches_serial(manuals: list[Path]) -> None:
    args = ["compare", *map(str, manuals[:4]), "--pack", "core", "--format", "json", "--fail-on", "never"]
    serial = CliRunner().invoke(main, [*args, "--jobs", "1", "--no-cache"])
    on_dask = CliRunner().invoke(main, [*args, "--executor", "dask", "--jobs", "2", "--no-cache"])
    assert serial.exit_code == on_dask.exit_code == 0, on_dask.stderr
    assert on_dask.stdout == serial.stdout


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    result = CliRunner().invoke(main, ["check", str(SAMPLES[0]), "--scheduler", "tcp://127.0.0.1:9", "--no-cache"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr
