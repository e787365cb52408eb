"""``compare`` over the 16 city use-of-force PDFs agrees with ``policylint.lint`` cell for cell."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.corpus


def test_compare_matrix_equals_lint_statuses(corpus_docs) -> None:
    import policylint
    from policylint.rulebook import RuleError

    pdfs = sorted(corpus_docs.glob("*_use_of_force_2020.pdf"))
    if len(pdfs) < 16:
        pytest.skip(f"expected 16 city use-of-force PDFs, found {len(pdfs)}")
    try:
        result = policylint.lint([str(p) for p in pdfs], packs=["8cantwait"])
    except RuleError as exc:
        pytest.skip(f"8cantwait pack not available: {exc}")

    from policylint.cli import main

    # --fail-on never: this test is about the cells (exit 1 on findings is tested on the samples)
    run = CliRunner().invoke(main, ["compare", *map(str, pdfs), "--pack", "8cantwait", "--format", "json", "--fail-on", "never"])
    assert run.exit_code in (0, 2), run.stderr
    data = json.loads(run.stdout)
    assert len(data["columns"]) == len(result.documents) == 16
    for index, doc in enumerate(result.documents):
        assert data["columns"][index]["readable"] == doc.readable
        expected = {f"{t.pack}/{t.topic}": t.status.value for t in doc.coverage}
        got = {row["rule"]: row["cells"][index]["status"] for row in data["rows"]}
        if not doc.readable:
            assert set(got.values()) == {"unreadable"}
        else:
            assert got == expected, doc.path
    assert run.exit_code == (2 if any(c["problems"] or not c["readable"] for c in data["columns"]) else 0)
