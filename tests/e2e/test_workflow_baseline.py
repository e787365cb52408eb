"""Baselines end to end, as a policy repository uses them: in a git repository, through the CLI.

1. A baseline is written for the current manual and committed; a new gap is introduced
   (a whole policy deleted); `check --baseline` reports only the new gap and says how many
   findings the baseline suppressed.
2. The same manual laid out on a different page size (every sentence on a different page)
   gives no new findings against the baseline: fingerprints ignore page and line numbers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DRAFT_MD = REPO / "corpora" / "src" / "riverton-draft.md"
PACKS = ("--pack", "core")
#: element findings carry pages, so re-pagination shows in them
PDF_PACKS = ("--pack", "core", "--pack", "8cantwait")


def _policylint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run([sys.executable, "-m", "policylint", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Policy Clerk", "-c", "user.email=clerk@example.org", *args],
        cwd=cwd, check=True, capture_output=True,
    )


def _findings(stdout: str) -> list[dict]:
    return [f for doc in json.loads(stdout)["documents"] for f in doc["findings"]]


def _without_policy(text: str, number: str) -> str:
    """The manual with one ``## NNN - Title`` policy deleted, up to the next heading of its level or above."""
    match = re.search(rf"^## {number} - .*?(?=^#{{1,2}} )", text, flags=re.M | re.S)
    assert match, f"policy {number} not found"
    return text[: match.start()] + text[match.end():]


@pytest.fixture()
def policy_repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "policies"
    (repo / "manual").mkdir(parents=True)
    shutil.copy(DRAFT_MD, repo / "manual" / "general-orders.md")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "Adopt the current manual")
    return repo


def test_baseline_then_one_new_gap_reports_only_that_gap(policy_repo: Path) -> None:
    manual = "manual/general-orders.md"
    before = _policylint(policy_repo, "check", manual, *PACKS, "--format", "json")
    assert before.returncode == 1, before.stderr  # the draft has accepted gaps of its own
    accepted = _findings(before.stdout)
    assert accepted

    wrote = _policylint(policy_repo, "check", manual, *PACKS, "--write-baseline", ".policylint-baseline.json", "--format", "json")
    assert wrote.returncode == 0, wrote.stderr  # everything it recorded is now accepted
    assert f"wrote {len(accepted)} finding(s) to baseline" in wrote.stderr
    assert _findings(wrote.stdout) == []
    _git(policy_repo, "add", ".policylint-baseline.json")
    _git(policy_repo, "commit", "-q", "-m", "Accept today's findings")

    clean = _policylint(policy_repo, "check", manual, *PACKS, "--baseline", ".policylint-baseline.json")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert f"{len(accepted)} findings suppressed by baseline" in clean.stderr

    path = policy_repo / manual
    path.write_text(_without_policy(path.read_text(encoding="utf-8"), "320"), encoding="utf-8")  # consent searches
    _git(policy_repo, "commit", "-q", "-am", "Drop the consent search policy")

    after = _policylint(policy_repo, "check", manual, *PACKS, "--baseline", ".policylint-baseline.json", "--format", "json")
    assert after.returncode == 1, after.stderr
    new = _findings(after.stdout)
    assert new, "the deleted policy must be reported"
    assert {f["topic"] for f in new} == {"consent-searches"}, [f["rule"] for f in new]
    # accepted findings of the deleted policy's topic are gone with it; every other one is suppressed
    kept = [f for f in accepted if f["topic"] != "consent-searches"]
    assert json.loads(after.stdout)["baseline_suppressed"] == len(kept)
    assert f"{len(kept)} findings suppressed by baseline" in after.stderr


def _build_pdf(markdown: Path, out: Path, page_height: float | None = None) -> None:
    """The sample manual as a PDF via corpora/build.py; ``page_height`` re-paginates it."""
    pytest.importorskip("reportlab")
    sys.path.insert(0, str(REPO / "corpora"))
    try:
        import build  # corpora/build.py
    finally:
        sys.path.remove(str(REPO / "corpora"))
    import reportlab.lib.pagesizes as sizes

    blocks = build.parse_markdown(markdown.read_text(encoding="utf-8"))
    letter = sizes.LETTER
    if page_height is not None:
        sizes.LETTER = (letter[0], page_height)  # build_pdf reads LETTER when it lays out
    try:
        build.build_pdf(blocks, out)
    finally:
        sizes.LETTER = letter


def _page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def test_repaginated_manual_has_no_new_findings(tmp_path: Path) -> None:
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    first, second = tmp_path / "v1" / "manual.pdf", tmp_path / "v2" / "manual.pdf"
    _build_pdf(DRAFT_MD, first)
    _build_pdf(DRAFT_MD, second, page_height=540.0)
    assert _page_count(second) > _page_count(first) + 5  # text really moved across pages

    wrote = _policylint(tmp_path, "check", "v1/manual.pdf", *PDF_PACKS, "--write-baseline", "baseline.json")
    assert wrote.returncode == 0, wrote.stderr
    recorded = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert recorded

    plain = _policylint(tmp_path, "check", "v2/manual.pdf", *PDF_PACKS, "--format", "json")
    moved = {f["fingerprint"]: f["page"] for f in _findings(plain.stdout)}
    old_pages = {e["fingerprint"] for e in recorded}
    assert set(moved) == old_pages  # same findings, same fingerprints ...
    first_run = {f["fingerprint"]: f["page"] for f in _findings(
        _policylint(tmp_path, "check", "v1/manual.pdf", *PDF_PACKS, "--format", "json").stdout)}
    assert any(first_run[k] != moved[k] for k in moved if first_run[k] is not None)  # ... on other pages

    again = _policylint(tmp_path, "check", "v2/manual.pdf", *PDF_PACKS, "--baseline", "baseline.json", "--format", "json")
    assert again.returncode == 0, again.stdout
    assert _findings(again.stdout) == []
    assert json.loads(again.stdout)["baseline_suppressed"] == len(recorded)
