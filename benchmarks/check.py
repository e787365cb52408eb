#!/usr/bin/env python3
"""Time `policylint check` (every shipped pack) beside `pdftotext -layout` on the same PDF.

Whole process, wall-clock, each command run ``--runs`` times (default 3, interleaved so a
busy machine slows both alike); prints the best and the median of each and the ratios.
Target: policylint within 10x of pdftotext.

    python benchmarks/check.py [PDF] [--runs N] [--phases]

PDF defaults to ../shared/corpus/docs/lisle_il_policy_manual_full.pdf. ``--phases`` also
prints where one run's time goes, measured in a fresh interpreter: imports, plan (packs
loaded and compiled), reading the PDF, the engine (split over two processes for a long
document, as the command does), rendering JSON.

``--warm-plan`` times a new manual checked with rules compiled before: the cache is on,
its plan entry (the packs' phrase tokens, see policylint/batch/plan_cache.py) is written
by one untimed run, and the document and result entries are emptied before each run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "corpus" / "docs" / "lisle_il_policy_manual_full.pdf"

#: Runs in a fresh interpreter: the phases of one `policylint check`, in-process.
PHASES = r"""
import os, sys, time
start = time.perf_counter()
import policylint.api as api
import policylint.cli.check  # noqa: F401  (what the command imports)
import policylint.batch.worker as worker
from policylint.batch import CacheSettings
from policylint.report import render
from pathlib import Path
marks = [("imports", time.perf_counter())]
warm = os.environ.get("BENCH_WARM_PLAN") == "1"
plan = api.plan_run(packs=sys.argv[2:], cache=CacheSettings.default() if warm else None)
plan.compiled
marks.append(("plan (load + compile packs)" + (", warm plan cache" if warm else ""), time.perf_counter()))
read_at = []
real_read = worker._read
def timed_read(*args, **kwargs):
    found = real_read(*args, **kwargs)
    read_at.append(time.perf_counter())
    return found
worker._read = timed_read
from policylint.engine import split
with split.enabled():  # (as a one-document `policylint check` runs: policylint/cli/check.py)
    result = api.lint_documents([Path(sys.argv[1])], plan)
marks.append(("read the document", read_at[0]))
marks.append(("engine", time.perf_counter()))
render("json", result)
marks.append(("render JSON", time.perf_counter()))
before = start
for name, at in marks:
    print(f"{name}\t{at - before:.3f}")
    before = at
"""


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, done.returncode


def _summary(times: list[float]) -> str:
    return f"best {min(times):6.2f} s   median {statistics.median(times):6.2f} s"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument("--phases", action="store_true", help="also print the in-process phases of one run")
    parser.add_argument("--cold-cache", action="store_true",
                        help="run with the cache on, emptied before each run (includes writing the entries)")
    parser.add_argument("--warm-plan", action="store_true",
                        help="run with the cache on, its plan entry warm, documents and results emptied before each run")
    args = parser.parse_args(argv[1:])
    pdf: Path = args.pdf
    if not pdf.is_file():
        print(f"no such file: {pdf}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    from policylint.rulebook import load_packs

    packs = sorted(load_packs().packs)
    pack_args = [arg for pack in packs for arg in ("--pack", pack)]
    # --no-cache: every run reads and judges the PDF (a warm cache would answer in a fraction of that);
    # --cold-cache times the default, cached command with an empty cache folder each run instead.
    check = [sys.executable, "-m", "policylint", "check", str(pdf), *pack_args, "--format", "json", "--fail-on", "never",
             *([] if args.cold_cache or args.warm_plan else ["--no-cache"])]
    have_pdftotext = shutil.which("pdftotext") is not None
    ours: list[float] = []
    theirs: list[float] = []
    code = 0
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, POLICYLINT_CACHE_DIR=str(Path(tmp) / "cache"))
        if args.warm_plan:
            timed(check, env)  # writes the plan entry
        for _ in range(max(1, args.runs)):
            if have_pdftotext:
                theirs.append(timed(["pdftotext", "-layout", str(pdf), str(Path(tmp) / "out.txt")])[0])
            if args.cold_cache:
                shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
            if args.warm_plan:
                for kind in ("documents", "results"):
                    shutil.rmtree(Path(tmp) / "cache" / "v1" / kind, ignore_errors=True)
            seconds, code = timed(check, env)
            ours.append(seconds)
        phases = None
        if args.phases:  # (in the with block: a warm plan entry is still there)
            phases = subprocess.run(
                [sys.executable, "-c", PHASES, str(pdf), *packs], capture_output=True, text=True, cwd=REPO,
                env=dict(env, BENCH_WARM_PLAN="1" if args.warm_plan else "0"),
            )
    print(f"{pdf.name} ({len(ours)} run(s) each)")
    if theirs:
        print(f"  {'pdftotext -layout':<50} {_summary(theirs)}")
    print(f"  {'policylint check (' + ', '.join(packs) + ')':<50} {_summary(ours)}")
    if not have_pdftotext:
        print("  pdftotext not found (poppler-utils): no ratio to report")
    if theirs:
        best = min(ours) / min(theirs)
        median = statistics.median(ours) / statistics.median(theirs)
        print(f"  ratio: {best:.1f}x best, {median:.1f}x median (target: within 10x)")
    if phases is not None:
        if phases.returncode != 0:
            print(phases.stderr, file=sys.stderr)
            return phases.returncode
        print("  phases of one run, in-process:")
        for line in phases.stdout.splitlines():
            name, seconds = line.split("\t")
            print(f"    {name:<48} {float(seconds):6.2f} s")
    return 0 if code == 0 else code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
