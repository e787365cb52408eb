#!/usr/bin/env python3
"""Time `policylint compare` on a state-sized batch: serial, --jobs 2, cold and warm cache, Dask local.

The batch is built from ../shared/corpus/docs: every document once, then its PDFs again
and again until the batch holds at least ``--min-docs`` documents (default 100) and
``--min-pages`` PDF pages (default 20,000). Each repeated copy gets a unique trailer after
the PDF's end marker, so its bytes (and cache key) differ while its text does not: the
cold run reads every copy, as it would read a state's distinct manuals.

Every run is a fresh ``policylint compare --format json`` process with every shipped pack:

    serial       --jobs 1 --no-cache
    jobs-2       --jobs 2 --no-cache
    cache-cold   --jobs 2 with an empty cache folder
    cache-warm   the same command again (nothing changed)
    dask-local   --executor dask --jobs 2 --no-cache   (needs policylint[dask])

For each it prints wall time, pages/s, the peak resident memory of the main process and of
its largest worker (sampled from /proc every 0.1 s: VmHWM, the kernel's own high-water
mark), the speed-up over serial (warm: over cold), and whether its JSON equals serial's.

    python benchmarks/batch.py [--min-docs N] [--min-pages N] [--skip dask-local ...] [--keep DIR]

Targets (issue 12): jobs-2 >= 1.7x serial on 2 cores with identical JSON; warm >= 10x cold;
peak memory per worker < 300 MB. A shared machine makes every figure noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "docs"
RUNS = ("serial", "jobs-2", "cache-cold", "cache-warm", "dask-local")


def pdf_pages(path: Path) -> int:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - a damaged PDF counts no pages
        return 0
    try:
        return len(document)
    finally:
        document.close()


def build_batch(target: Path, min_docs: int, min_pages: int) -> tuple[list[Path], int]:
    """Copy the corpus into ``target`` (PDFs repeated with unique trailers); files and PDF pages."""
    sys.path.insert(0, str(REPO))
    from policylint.api import SUPPORTED_SUFFIXES

    sources = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    pdfs = [(p, pdf_pages(p)) for p in sources if p.suffix.lower() == ".pdf"]
    files: list[Path] = []
    pages = 0
    for source in sources:
        files.append(Path(shutil.copy(source, target / source.name)))
        pages += dict(pdfs).get(source, 0)
    copy = 1
    while len(files) < min_docs or pages < min_pages:
        for source, count in pdfs:
            if len(files) >= min_docs and pages >= min_pages:
                break
            out = target / f"{source.stem}-copy{copy}.pdf"
            out.write_bytes(source.read_bytes() + f"\n%policylint benchmark copy {copy}\n".encode())
            files.append(out)
            pages += count
        copy += 1
    return files, pages


def _hwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def timed_run(command: list[str], env: dict[str, str]) -> tuple[float, int, int, int, str]:
    """Wall seconds, exit code, peak KB of the main process, peak KB of its largest descendant, stderr."""
    import psutil

    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
    peaks: dict[int, int] = {}
    main = psutil.Process(process.pid)
    out_chunks: list[bytes] = []
    import threading

    reader = threading.Thread(target=lambda: out_chunks.append(process.stdout.read()), daemon=True)  # type: ignore[union-attr]
    err_chunks: list[bytes] = []
    err_reader = threading.Thread(target=lambda: err_chunks.append(process.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    err_reader.start()
    while process.poll() is None:
        try:
            tree = [main, *main.children(recursive=True)]
        except psutil.Error:
            tree = []
        for proc in tree:
            kb = _hwm_kb(proc.pid)
            if kb is not None:
                peaks[proc.pid] = max(peaks.get(proc.pid, 0), kb)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    reader.join()
    err_reader.join()
    main_kb = peaks.pop(process.pid, 0)
    worker_kb = max(peaks.values(), default=0)
    timed_run.stdout = b"".join(out_chunks)  # type: ignore[attr-defined]
    return wall, process.returncode, main_kb, worker_kb, b"".join(err_chunks).decode("utf-8", "replace")


def _normalised(stdout: bytes) -> object:
    return json.loads(stdout or b"null")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-docs", type=int, default=100)
    parser.add_argument("--min-pages", type=int, default=20_000)
    parser.add_argument("--skip", action="append", default=[], choices=RUNS, help="run to leave out (repeatable)")
    parser.add_argument("--keep", type=Path, default=None, help="build the batch here and keep it")
    args = parser.parse_args(argv[1:])
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="policylint-batch-"))
    batch = args.keep or work / "batch"
    batch.mkdir(parents=True, exist_ok=True)
    files, pages = build_batch(batch, args.min_docs, args.min_pages)
    sys.path.insert(0, str(REPO))
    from policylint.rulebook import load_packs

    packs = [arg for pack in sorted(load_packs().packs) for arg in ("--pack", pack)]
    base = [sys.executable, "-m", "policylint", "compare", str(batch), *packs, "--format", "json"]
    env = dict(os.environ, POLICYLINT_CACHE_DIR=str(work / "cache"))
    commands = {
        "serial": [*base, "--jobs", "1", "--no-cache"],
        "jobs-2": [*base, "--jobs", "2", "--no-cache"],
        "cache-cold": [*base, "--jobs", "2"],
        "cache-warm": [*base, "--jobs", "2"],
        "dask-local": [*base, "--executor", "dask", "--jobs", "2", "--no-cache"],
    }
    print(f"batch: {len(files)} documents, {pages} PDF pages, built from {CORPUS} "
          f"(cores available: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()})")
    print(f"{'run':<12} {'wall s':>8} {'pages/s':>8} {'main MB':>8} {'worker MB':>9} {'speed-up':>9}  same JSON as serial")
    walls: dict[str, float] = {}
    reference = None
    for name in RUNS:
        if name in args.skip:
            continue
        wall, code, main_kb, worker_kb, stderr = timed_run(commands[name], env)
        stdout = timed_run.stdout  # type: ignore[attr-defined]
        if code not in (0, 2) or not stdout:
            print(f"{name:<12} failed (exit {code}): {stderr.strip()[-500:]}")
            continue
        walls[name] = wall
        data = _normalised(stdout)
        if name == "serial":
            reference = data
        same = "-" if reference is None else ("yes" if data == reference else "NO")
        over = walls.get("cache-cold") if name == "cache-warm" else walls.get("serial")
        speed = f"{over / wall:8.1f}x" if over and name != "serial" else f"{'':>9}"
        if name == "cache-warm" and over:
            speed += " (vs cold)"
        workers = f"{worker_kb / 1024:9.0f}" if worker_kb else f"{'-':>9}"
        print(f"{name:<12} {wall:8.1f} {pages / wall:8.0f} {main_kb / 1024:8.0f} {workers} {speed}  {same}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
