"""Ingest benchmark: pages/s and peak memory of reading a PDF, side by side.

Each contender runs as its own child process; its CPU time and peak RSS are read
from that child's own rusage (``os.wait4``):

* ``pdftotext -layout``   (poppler-utils): the reference;
* ``pypdfium2 text``      pdfium's text page API alone (the fast path's floor);
* ``policylint outline``  the whole command as a user runs it (read + structure + print);
* ``pdfplumber``          ``extract_text`` on the first pages only (closing each page),
                          extrapolated: it is too slow to run over a whole manual.

Usage::

    python benchmarks/ingest.py [PDF ...] [--repeat N] [--plumber-pages N]

Without PDF arguments it measures the Lisle and Northbrook manuals in
``../shared/corpus/docs``. Wall time depends on what else the machine runs, so CPU
time (user + sys of the child) is printed too; the ratio to pdftotext is given for
both. Target: ``policylint outline`` within 5x pdftotext's time, under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = REPO.parent / "shared" / "corpus" / "docs"
DEFAULT_FILES = ("lisle_il_policy_manual_full.pdf", "northbrook_il_policy_manual_full.pdf")
TARGET_RATIO = 5.0
TARGET_MB = 300.0

_PDFIUM_SNIPPET = """
import sys, pypdfium2 as pdfium
pdf = pdfium.PdfDocument(sys.argv[1])
chars = 0
for i in range(len(pdf)):
    page = pdf[i]
    tp = page.get_textpage()
    chars += len(tp.get_text_range())
    tp.close(); page.close()
pdf.close()
"""

_PLUMBER_SNIPPET = """
import sys, pdfplumber
limit = int(sys.argv[2])
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages[:limit]:
        page.extract_text()
        page.close()
"""


@dataclass
class Run:
    name: str
    pages: int
    wall: float
    cpu: float
    peak_mb: float
    returncode: int

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall if self.wall else float("inf")


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _run_child(name: str, argv: list[str], pages: int) -> Run:
    """Run one child and read its own rusage with ``os.wait4``: CPU (user + sys) and
    peak RSS of exactly that process, not of every child so far."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(f"{name} exited {proc.returncode}: {err.decode(errors='replace')[:300]}\n")
    peak_mb = usage.ru_maxrss / 1024.0  # KiB on Linux
    return Run(name, pages, wall, usage.ru_utime + usage.ru_stime, peak_mb, proc.returncode)


def _best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.wall)


def measure(path: Path, repeat: int, plumber_pages: int) -> list[Run]:
    pages = _page_count(path)
    results: list[Run] = []
    contenders: list[tuple[str, list[str], int]] = []
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    if Path(pdftotext).exists():
        contenders.append(("pdftotext -layout", [pdftotext, "-layout", str(path), "-"], pages))
    contenders.append(("pypdfium2 text", [sys.executable, "-c", _PDFIUM_SNIPPET, str(path)], pages))
    contenders.append(("policylint outline", [sys.executable, "-m", "policylint", "outline", str(path), "--no-cache"], pages))
    n_plumber = min(plumber_pages, pages)
    contenders.append(
        (f"pdfplumber ({n_plumber} pages)", [sys.executable, "-c", _PLUMBER_SNIPPET, str(path), str(n_plumber)], n_plumber)
    )
    for name, argv, n in contenders:
        results.append(_best([_run_child(name, argv, n) for _ in range(repeat)]))
    return results


def report(path: Path, runs: list[Run]) -> str:
    ref = next((r for r in runs if r.name.startswith("pdftotext")), None)
    lines = [f"{path.name}: {runs[0].pages} pages"]
    lines.append(f"  {'reader':<28}{'pages/s':>9}{'wall s':>9}{'cpu s':>8}{'peak MB':>9}{'x wall':>8}{'x cpu':>7}")
    for run in runs:
        scale = ref.pages / run.pages if ref and run.pages else 1.0  # extrapolate partial runs
        ratio_wall = f"{run.wall * scale / ref.wall:.1f}" if ref and ref.wall else "-"
        ratio_cpu = f"{run.cpu * scale / ref.cpu:.1f}" if ref and ref.cpu else "-"
        lines.append(
            f"  {run.name:<28}{run.pages_per_s:>9.0f}{run.wall:>9.2f}{run.cpu:>8.2f}{run.peak_mb:>9.0f}"
            f"{ratio_wall:>8}{ratio_cpu:>7}"
        )
    outline = next((r for r in runs if r.name == "policylint outline"), None)
    if ref and outline:
        ok_time = outline.cpu <= TARGET_RATIO * max(ref.cpu, 1e-9) or outline.wall <= TARGET_RATIO * ref.wall
        ok_mem = outline.peak_mb < TARGET_MB
        lines.append(
            f"  target: outline within {TARGET_RATIO:.0f}x pdftotext -> {'met' if ok_time else 'NOT met'}; "
            f"peak under {TARGET_MB:.0f} MB -> {'met' if ok_mem else 'NOT met'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender; the fastest is kept")
    parser.add_argument("--plumber-pages", type=int, default=25, help="pages pdfplumber reads (extrapolated)")
    args = parser.parse_args(argv)
    files = args.pdfs or [DEFAULT_DOCS / name for name in DEFAULT_FILES]
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    for path in files:
        print(report(path, measure(path, args.repeat, args.plumber_pages)))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
