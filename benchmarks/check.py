#!/usr/bin/env python3
"""Time `policylint check` (every shipped pack) beside `pdftotext -layout` on the same PDF.

One run each, whole process, wall-clock. Target: policylint within 10x of pdftotext.

    python benchmarks/check.py [PDF]     # default: ../shared/corpus/docs/lisle_il_policy_manual_full.pdf
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "corpus" / "docs" / "lisle_il_policy_manual_full.pdf"


def timed(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, done.returncode


def main(argv: list[str]) -> int:
    pdf = Path(argv[1]) if len(argv) > 1 else DEFAULT
    if not pdf.is_file():
        print(f"no such file: {pdf}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    from policylint.rulebook import load_packs

    packs = sorted(load_packs().packs)
    pack_args = [arg for pack in packs for arg in ("--pack", pack)]
    rows = []
    if shutil.which("pdftotext"):
        with tempfile.TemporaryDirectory() as tmp:
            seconds, _ = timed(["pdftotext", "-layout", str(pdf), str(Path(tmp) / "out.txt")])
        rows.append(("pdftotext -layout", seconds))
    seconds, code = timed(
        [sys.executable, "-m", "policylint", "check", str(pdf), *pack_args, "--format", "json", "--fail-on", "never"]
    )
    rows.append((f"policylint check ({', '.join(packs)})", seconds))
    print(f"{pdf.name}")
    for name, secs in rows:
        print(f"  {name:<50} {secs:7.2f} s")
    if len(rows) == 2:
        print(f"  ratio: {rows[1][1] / rows[0][1]:.1f}x (target: within 10x)")
    return 0 if code == 0 else code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
