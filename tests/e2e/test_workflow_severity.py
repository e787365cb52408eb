"""A policy repository wired as docs/ci.md says: careless edits to the manual must fail.

The hook's own command line is read from .pre-commit-hooks.yaml and run as pre-commit runs it
(every staged file named, the documented ``--fail-on error``), in a repository that also holds
a README. Deleting the quota policy, or softening the duty to intervene to "should consider ...
when practicable", must fail; the intact manual must pass. ``diff`` must fail on the same
edits and say the regression is essential. (tests/e2e/test_precommit_hook.py runs pre-commit
itself once; this test covers the edits without building a virtualenv per case.)
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from manual_edits import delete_quota_policy, soften_intervene

REPO = Path(__file__).resolve().parents[2]
STRONG = (REPO / "corpora" / "src" / "riverton-strong.md").read_text(encoding="utf-8")
HOOK = next(h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")) if h["id"] == "policylint")


def _repository(tmp_path: Path, manual: str) -> Path:
    (tmp_path / "manual").mkdir()
    (tmp_path / "manual" / "general-orders.md").write_text(manual, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Riverton policies\n\nThe department's manual, under review.\n", encoding="utf-8")
    (tmp_path / ".policylint.yaml").write_text("packs: [core]\nfail_on: error\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the repository root, as far as report paths go
    return tmp_path


def _hook(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """The hook's entry, with the documented args and every staged file, as pre-commit calls it."""
    entry = shlex.split(HOOK["entry"])
    assert entry[:2] == ["policylint", "check"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run([sys.executable, "-m", "policylint", *entry[1:], "--fail-on", "error", *files],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=300)


STAGED = ("README.md", "manual/general-orders.md")


def test_the_intact_manual_passes_and_the_readme_is_not_judged(tmp_path: Path) -> None:
    proc = _hook(_repository(tmp_path, STRONG), *STAGED)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "README" not in proc.stdout


def test_only_a_readme_staged_is_nothing_to_check(tmp_path: Path) -> None:
    proc = _hook(_repository(tmp_path, STRONG), "README.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "nothing to check" in proc.stderr


@pytest.mark.parametrize("edit, rule", [
    (delete_quota_policy, "core/quota-prohibition"),
    (soften_intervene, "core/use-of-force/duty-to-intervene"),
])
def test_a_careless_edit_fails_the_hook(tmp_path: Path, edit, rule: str) -> None:
    proc = _hook(_repository(tmp_path, edit(STRONG)), *STAGED)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert rule in proc.stdout and "[error]" in proc.stdout


def test_deleting_a_policy_but_not_its_contents_row_fails_the_hook(tmp_path: Path) -> None:
    # the row 'Prohibition of Enforcement Quotas' left in the contents is a title, not the ban
    proc = _hook(_repository(tmp_path, delete_quota_policy(STRONG, keep_contents_row=True)), *STAGED)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "core/quota-prohibition" in proc.stdout and "[error]" in proc.stdout


@pytest.mark.parametrize("edit", [delete_quota_policy, soften_intervene])
def test_diff_fails_on_the_same_edit_and_calls_it_essential(tmp_path: Path, edit) -> None:
    repo = _repository(tmp_path, STRONG)
    (repo / "new.md").write_text(edit(STRONG), encoding="utf-8")
    # one run, two outputs: the JSON to a file, the text to stdout
    proc = subprocess.run([sys.executable, "-m", "policylint", "diff", "manual/general-orders.md", "new.md",
                           "-o", "diff.json", "-o", "text:-"], cwd=repo, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    regressions = [c for c in json.loads((repo / "diff.json").read_text())["changes"] if c["kind"] == "regression"]
    assert regressions and all(c["severity"] == "error" for c in regressions if c["element"] is None or c["essential"])
    assert any(c["severity"] == "error" for c in regressions)
    assert "REGRESSION" in proc.stdout and "[error]" in proc.stdout
