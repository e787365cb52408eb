"""The pre-commit hooks, run by pre-commit itself (`pre-commit try-repo`) on a sample policy repository.

pre-commit builds a virtualenv and pip-installs policylint from a snapshot of this working
tree (that needs the package registry and takes about a minute, so it is one test). The
sample repository holds the draft Riverton manual and a committed baseline of its findings:
the plain `policylint` hook must fail on the draft's gaps and the `policylint-baseline` hook,
which reports only new findings, must pass. The repository also holds a README, which pre-commit
hands to both hooks: judged as a manual it would fail the baseline hook with every topic missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GIT = ["git", "-c", "user.name=Policy Clerk", "-c", "user.email=clerk@example.org", "-c", "commit.gpgsign=false"]


def _snapshot(target: Path) -> Path:
    """This working tree's installable parts as a one-commit git repository (try-repo clones a git repo)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("policylint", "rules"):
        shutil.copytree(REPO / name, target / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, target / name)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run([*GIT, "add", "."], cwd=target, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "snapshot"], cwd=target, check=True)
    return target


def _policy_repo(target: Path) -> Path:
    (target / "manual").mkdir(parents=True)
    shutil.copy(REPO / "corpora" / "src" / "riverton-draft.md", target / "manual" / "general-orders.md")
    # pre-commit names the README too (it matches `files:`): the hooks must skip it (--force-exclude)
    (target / "README.md").write_text("# Riverton policies\n\nHow we keep the manual.\n", encoding="utf-8")
    (target / ".policylint.yaml").write_text("packs: [core]\nfail_on: error\n", encoding="utf-8")
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    wrote = subprocess.run(
        [sys.executable, "-m", "policylint", "check", "manual", "--write-baseline", ".policylint-baseline.json"],
        cwd=target, capture_output=True, text=True, env=env,
    )
    assert wrote.returncode == 0, wrote.stderr
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run([*GIT, "add", "."], cwd=target, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "manual"], cwd=target, check=True)
    return target


def test_hooks_manifest_is_valid() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"policylint", "policylint-baseline"}
    assert all(h["language"] == "python" and h["entry"].startswith("policylint check") for h in hooks.values())
    import re

    pattern = re.compile(hooks["policylint"]["files"])
    assert all(pattern.search(f"a/b.{ext}") for ext in ("md", "markdown", "docx", "pdf"))
    assert not pattern.search("a/b.py")


def test_try_repo_fails_on_gaps_and_passes_against_the_baseline(tmp_path: Path) -> None:
    if shutil.which("pre-commit") is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed")
    snapshot = _snapshot(tmp_path / "policylint-src")
    repo = _policy_repo(tmp_path / "policies")
    env = dict(os.environ, PRE_COMMIT_COLOR="never", PRE_COMMIT_HOME=str(tmp_path / "cache"))
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    # try-repo writes its own config and runs every hook in the manifest
    proc = subprocess.run(
        ["pre-commit", "try-repo", str(snapshot), "--all-files", "--verbose"],
        cwd=repo, capture_output=True, text=True, env=env, timeout=900,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    lines = {line.split("...")[0].strip(): line for line in out.splitlines() if line.rstrip().endswith(("Passed", "Failed"))}
    assert lines["policylint"].rstrip().endswith("Failed"), out
    assert lines["policylint (new findings only)"].rstrip().endswith("Passed"), out
    assert "findings suppressed by baseline" in out
    # the failing hook says why: the draft's missing topics, located in the manual
    assert "manual/general-orders.md" in out and "MISSING" in out
    assert "README.md:" not in out and "README.md: 0 covered" not in out
