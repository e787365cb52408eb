"""``compare --manifest``, ``--layout rows`` and the cache, end to end through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main

REPO = Path(__file__).resolve().parents[2]
DRAFT = REPO / "corpora" / "riverton-draft.pdf"
STRONG = REPO / "corpora" / "riverton-strong.docx"

pytestmark = pytest.mark.skipif(not (DRAFT.is_file() and STRONG.is_file()), reason="corpora/ samples not built")


def _run(*args: str) -> tuple[int, str, str]:
    # compare exits like check (1 on findings); these tests are about the documents read and the
    # layout, so findings do not fail them
    result = CliRunner().invoke(main, ["compare", "--fail-on", "never", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def state_folder(tmp_path: Path) -> Path:
    """Manuals in a sub-folder and manifests beside them (paths relative to the manifest)."""
    (tmp_path / "manuals").mkdir()
    shutil.copy(DRAFT, tmp_path / "manuals" / "oakdale.pdf")
    shutil.copy(STRONG, tmp_path / "manuals" / "pinecrest.docx")
    (tmp_path / "state.csv").write_text(
        "Agency,File,State\nOakdale Police Department,manuals/oakdale.pdf,IL\n"
        "Pinecrest Police Department,manuals/pinecrest.docx,WI\n\n", encoding="utf-8")
    (tmp_path / "state.yaml").write_text(
        "documents:\n  - agency: Oakdale Police Department\n    file: manuals/oakdale.pdf\n    state: IL\n"
        "  - agency: Pinecrest Police Department\n    path: manuals/pinecrest.docx\n    state: WI\n", encoding="utf-8")
    return tmp_path


def test_csv_and_yaml_manifests_name_the_columns_and_agree(state_folder: Path) -> None:
    code, from_csv, _ = _run("--manifest", str(state_folder / "state.csv"), "--format", "json", "--jobs", "1")
    assert code == 0
    code, from_yaml, _ = _run("--manifest", str(state_folder / "state.yaml"), "--format", "json", "--jobs", "1")
    assert code == 0 and from_yaml == from_csv
    columns = json.loads(from_csv)["columns"]
    assert [c["name"] for c in columns] == ["Oakdale Police Department", "Pinecrest Police Department"]
    assert columns[0]["path"].endswith("manuals/oakdale.pdf")


def test_rows_layout_has_one_row_per_document_with_the_matrix_statuses(state_folder: Path) -> None:
    manifest = str(state_folder / "state.csv")
    _, matrix_json, _ = _run("--manifest", manifest, "--format", "json", "--jobs", "1")
    matrix = json.loads(matrix_json)
    code, rows_csv, _ = _run("--manifest", manifest, "--layout", "rows", "--format", "csv", "--jobs", "1")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(rows_csv)))
    assert [(r["agency"], r["state"]) for r in table] == [("Oakdale Police Department", "IL"),
                                                         ("Pinecrest Police Department", "WI")]
    for i, row in enumerate(table):
        assert float(row["score"]) == matrix["columns"][i]["score"]
        for matrix_row in matrix["rows"]:
            assert row[matrix_row["rule"]] == matrix_row["cells"][i]["status"]
    code, lines, _ = _run("--manifest", manifest, "--layout", "rows", "--format", "jsonl", "--jobs", "1")
    records = [json.loads(line) for line in lines.splitlines()]
    assert [r["state"] for r in records] == ["IL", "WI"]
    assert records[1]["statuses"] == {r["rule"]: r["cells"][1]["status"] for r in matrix["rows"]}


def test_rows_html_filters_by_state_and_pages_under_its_csp(state_folder: Path) -> None:
    import base64
    import hashlib

    code, page, _ = _run("--manifest", str(state_folder / "state.yaml"), "--layout", "rows", "--format", "html",
                         "--jobs", "1")
    assert code == 0
    assert page.count('<tr data-state="') == 2
    assert '<option value="IL">IL</option>' in page and '<option value="WI">WI</option>' in page
    script = re.search(r"<script>(.*)</script>", page, re.S).group(1)  # type: ignore[union-attr]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    import html

    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))  # type: ignore[union-attr]
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_bad_manifests_are_one_error_each_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("agency,file,population\nA,https://example.org/manual.pdf,1000\n", encoding="utf-8")
    code, _, err = _run("--manifest", str(bad))
    assert code == 2
    assert f"{bad}:1: population: unknown column" in err
    url = tmp_path / "url.csv"
    url.write_text("agency,file\nA,manual.pdf\nB,https://example.org/manual.pdf\n", encoding="utf-8")
    code, _, err = _run("--manifest", str(url))
    assert code == 2 and f"{url}:3: file: a URL" in err and "Traceback" not in err


def test_a_missing_manifest_file_is_reported_and_the_others_compared(state_folder: Path) -> None:
    manifest = state_folder / "partial.csv"
    manifest.write_text("agency,file\nGone PD,manuals/gone.pdf\nOakdale PD,manuals/oakdale.pdf\n", encoding="utf-8")
    code, out, err = _run("--manifest", str(manifest), "--layout", "rows", "--format", "jsonl", "--jobs", "1")
    assert code == 2
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["readable"] for r in records] == [False, True]
    assert "PL109" in err


def test_a_warm_compare_reads_and_judges_nothing(state_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = str(state_folder / "state.csv")
    code, cold, _ = _run("--manifest", manifest, "--format", "json", "--jobs", "2")
    assert code == 0
    from policylint.batch import executors

    def no_workers(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run must not hand any document to a worker")

    monkeypatch.setattr(executors.ProcessExecutor, "run", no_workers)
    monkeypatch.setattr(executors.SerialExecutor, "run", no_workers)
    code, warm, _ = _run("--manifest", manifest, "--format", "json", "--jobs", "2")
    assert code == 0 and warm == cold
    monkeypatch.undo()
    code, uncached, _ = _run("--manifest", manifest, "--format", "json", "--no-cache", "--jobs", "1")
    assert uncached == cold


def test_batch_option_errors_are_usage_errors() -> None:
    result = CliRunner().invoke(main, ["check", str(DRAFT), "--executor", "process", "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2 and "only used with --executor dask" in result.stderr
    result = CliRunner().invoke(main, ["check", str(DRAFT), "--jobs", "0"])
    assert result.exit_code == 2
    code, _, err = _run(str(DRAFT), "--format", "jsonl")
    assert code == 2 and "--layout rows" in err


def test_without_dask_installed_the_dask_executor_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    monkeypatch.delitem(sys.modules, "policylint.batch.dask_executor", raising=False)
    result = CliRunner().invoke(main, ["check", str(DRAFT), str(STRONG), "--executor", "dask", "--no-cache"])
    assert result.exit_code == 2
    assert 'pip install "policylint[dask]"' in result.stderr and "Traceback" not in result.stderr


def test_outline_jobs_2_matches_serial(tmp_path: Path) -> None:
    files = [str(DRAFT), str(STRONG), str(tmp_path / "absent.pdf")]
    serial = CliRunner().invoke(main, ["outline", *files, "--format", "json", "--jobs", "1", "--no-cache"])
    parallel = CliRunner().invoke(main, ["outline", *files, "--format", "json", "--jobs", "2"])
    assert serial.exit_code == parallel.exit_code == 2
    assert parallel.stdout == serial.stdout
    warm = CliRunner().invoke(main, ["outline", *files, "--format", "json", "--jobs", "2"])
    assert warm.stdout == serial.stdout
