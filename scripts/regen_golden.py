#!/usr/bin/env python3
"""Regenerate the golden files for every H7 output format (never edit goldens by hand).

Two sets:
- ``tests/golden/sample/``: the hand-built LintResult in ``tests/report_samples.py``
  (every status, diagnostics, hostile document text), rendered in every format;
- ``tests/golden/corpora/``: the bundled sample manuals in ``corpora/`` linted with the
  default packs, rendered in every format (skipped when corpora/ holds no documents).

Volatile fields are normalised the same way here and in ``tests/unit/test_report_golden.py``
(the tool version and the absolute checkout path), so goldens are stable across
machines and releases.

    python scripts/regen_golden.py          # rewrite goldens
    python scripts/regen_golden.py --check  # exit 1 if any golden is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
CORPORA = REPO / "corpora"

#: golden file name -> how to render it from (result, options)
REPORT_FILES = {
    "report.txt": "text",
    "report.gitlab.json": "gitlab",
    "report.md": "markdown",
    "report.html": "html",
    "report.sarif": "sarif",
    "report.github.txt": "github",
    "report.junit.xml": "junit",
}
MATRIX_FILES = {
    "compare.json": "json",
    "compare.csv": "csv",
    "compare.md": "markdown",
    "compare.html": "html",
}


def normalise(text: str, version: str) -> str:
    """Replace what changes between machines and releases with stable placeholders."""
    root = str(REPO)
    text = text.replace(REPO.as_uri(), "file://<ROOT>").replace(root, "<ROOT>")
    if version:
        text = text.replace(version, "<VERSION>")
    return text


def sample_result():
    sys.path.insert(0, str(REPO / "tests"))
    from report_samples import sample_result as build

    return build()


#: The samples the corpora goldens render. The state-law variants (riverton-ca, riverton-il) are
#: held to corpora/planted-gaps.yaml by tests/e2e/test_samples_state_law.py instead, so adding a
#: state does not rewrite every golden file.
GOLDEN_SAMPLES = ("riverton-draft", "riverton-strong")


def corpora_documents() -> list[Path]:
    """The generated sample manuals (corpora/README.md describes them; it is not one)."""
    pick = lambda paths: sorted(p for p in paths if p.stem in GOLDEN_SAMPLES)  # noqa: E731
    return pick(CORPORA.glob("riverton-*.pdf")) + pick(CORPORA.glob("riverton-*.docx"))


def corpora_result():
    import policylint

    docs = corpora_documents()
    return policylint.lint([str(p.relative_to(REPO)) for p in docs]) if docs else None


def render_all(result) -> dict[str, str]:
    """Every golden file's normalised text for one LintResult."""
    from policylint.report import RenderOptions, render
    from policylint.report.compare import render_matrix

    options = RenderOptions(root=REPO)
    out = {name: render(fmt, result, options) for name, fmt in REPORT_FILES.items()}
    out.update({name: render_matrix(fmt, result, options) for name, fmt in MATRIX_FILES.items()})
    return {name: normalise(text, result.tool_version) for name, text in out.items()}


SETS: dict[str, Callable[[], object]] = {"sample": sample_result, "corpora": corpora_result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 on a difference")
    args = parser.parse_args(argv)
    stale = 0
    import os

    os.chdir(REPO)  # paths in the results are relative to the checkout
    for set_name, build in SETS.items():
        result = build()
        if result is None:
            print(f"{set_name}: no documents, skipped")
            continue
        folder = GOLDEN / set_name
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in render_all(result).items():
            target = folder / name
            if args.check:
                if not target.is_file() or target.read_text(encoding="utf-8") != text:
                    print(f"stale: {target.relative_to(REPO)}")
                    stale += 1
            else:
                target.write_text(text, encoding="utf-8", newline="\n")
                print(f"wrote {target.relative_to(REPO)}")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
