"""Behavioural passages benchmark: agreement of policylint with hand-coded short passages.

Run from the repository root::

    python benchmarks/passages.py [CASE_FILE_OR_DIR ...] [--no-failures] [--check]

With no arguments it runs the held-out sets (``suite.HOLDOUT_FILES``):
``benchmarks/passages_holdout.yaml`` (134 cases), ``_d`` (set D, 517), ``_f`` (set F, 471),
``_g`` (set G, 462) and ``_j`` (set J, 264), together (written like the tuning suite in
``tests/behaviour/cases/`` but with different wording, agencies and structures, by people who
read neither the rules nor the other sets; do not tune the engine on them). Each passage is linted as its own Markdown
document, one ``lint_documents`` call per pack, and the script prints agreement per pack,
per form and per target, then every failing case with the element's reason and first
evidence. Loading and scoring are ``tests/behaviour/suite.py``, shared with the test.

``--check`` also validates the files (unique ids, known targets and forms; the minimum case
count is not applied). Exit status: 0 after printing (whatever the agreement), 2 when a case
file cannot be read or ``--check`` finds a problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "behaviour"))
import suite  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="case files or folders (default: the hold-out sets)")
    parser.add_argument("--no-failures", action="store_true", help="print the tables only")
    parser.add_argument("--check", action="store_true", help="validate the case files too")
    args = parser.parse_args(argv)
    files = args.files or list(suite.HOLDOUT_FILES)
    try:
        cases = suite.load_cases(files)
    except suite.CaseFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not cases:
        print("no cases in " + ", ".join(map(str, files)), file=sys.stderr)
        return 2
    packs = sorted({c.pack for c in cases})
    unknown = [p for p in packs if p not in suite.EXPECTS]
    if unknown:
        print("unknown pack(s): " + ", ".join(unknown), file=sys.stderr)
        return 2
    started = time.perf_counter()
    plans = {pack: suite.plan_for(pack) for pack in packs}
    if args.check:
        problems = suite.check_well_formed(cases, [p for plan in plans.values() for p in plan.packs], min_cases=0)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="policylint-passages-") as tmp:
        outcomes = suite.run_cases(cases, Path(tmp), plans=plans)
    title = "Behavioural passages: " + ", ".join(str(f) for f in files)
    print(suite.format_report(outcomes, title=title, failures=not args.no_failures))
    print(f"({len(cases)} cases in {time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
