"""The composite GitHub Action: its declared inputs, and its check step run for real under bash."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
MANUAL = REPO / "corpora" / "src" / "riverton-draft.md"


def _step(step_id: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == step_id)


def test_action_is_composite_and_uses_only_declared_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([a-z][a-z0-9-]*)", text))
    assert used <= set(ACTION["inputs"]), used - set(ACTION["inputs"])
    for wanted in ("paths", "packs", "fail-on", "sarif", "summary", "baseline"):
        assert wanted in ACTION["inputs"]
    # inputs reach shell scripts only through env:, never pasted into run: (script injection)
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")
    uploads = [s for s in ACTION["runs"]["steps"] if "upload-sarif" in s.get("uses", "")]
    assert len(uploads) == 1 and "always()" in uploads[0]["if"]


def _run_check_step(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str], Path]:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    step = _step("check")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "policylint"  # the installed CLI, pinned to this interpreter
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m policylint "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values = defaults | {k.replace("_", "-"): v for k, v in inputs.items()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    for name, expression in step["env"].items():
        key = re.fullmatch(r"\$\{\{ inputs\.([a-z0-9-]+) \}\}", expression)[1]
        env[name] = values[key]
    output, summary = tmp_path / "github_output", tmp_path / "summary.md"
    output.touch()
    summary.touch()
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", GITHUB_OUTPUT=str(output),
               GITHUB_STEP_SUMMARY=str(summary), GITHUB_ACTIONS="true", NO_COLOR="1")
    work = tmp_path / "repo"
    (work / "manual").mkdir(parents=True)
    shutil.copy(MANUAL, work / "manual" / "orders.md")
    # GitHub runs `run:` with bash -e -o pipefail
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=work, env=env,
                          capture_output=True, text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
    return proc, outputs, work


def test_check_step_annotates_writes_sarif_and_summary(tmp_path: Path) -> None:
    proc, outputs, work = _run_check_step(tmp_path, paths="manual", packs="core", sarif="true")
    assert proc.returncode == 0, proc.stderr  # the step itself succeeds; a later step fails the job
    assert outputs["exit-code"] == "1"
    assert outputs["sarif-file"] == "policylint.sarif"
    sarif = json.loads((work / "policylint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    assert "::error" in proc.stdout or "::warning" in proc.stdout  # annotations
    assert "finding(s)" in proc.stdout  # and the readable text report in the log
    assert proc.stdout.index("finding(s)") < proc.stdout.index("::group::")  # one after the other, both kept
    assert not (work / "-").exists()
    # no category in the log: the upload step's sarif-category input decides it
    assert "automationDetails" not in sarif["runs"][0]
    assert "policylint" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_check_step_options_off(tmp_path: Path) -> None:
    proc, outputs, work = _run_check_step(
        tmp_path, paths="manual", packs="core", annotations="false", summary="false", fail_on="never"
    )
    assert proc.returncode == 0, proc.stderr
    assert outputs["exit-code"] == "0" and outputs["sarif-file"] == ""
    assert "::error" not in proc.stdout and "::warning" not in proc.stdout
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == ""
    assert not (work / "policylint.sarif").exists()


def test_inputs_cannot_inject_shell(tmp_path: Path) -> None:
    proc, outputs, work = _run_check_step(tmp_path, paths="manual $(touch pwned) `touch pwned2`", packs="core;touch pwned3")
    assert outputs["exit-code"] == "2"  # odd paths and an unknown pack are errors, nothing more
    assert not any((work / name).exists() for name in ("pwned", "pwned2", "pwned3"))
