"""Markdown policy repositories: annotations must land on the lines that hold the evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main

REPO = Path(__file__).resolve().parents[2]
DRAFT_MD = REPO / "corpora" / "src" / "riverton-draft.md"

_ANNOTATION = re.compile(r"^::(?:error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+)[^:]*::(?P<msg>.*)$")


def _annotations(path: Path, *packs: str) -> list[tuple[int, str]]:
    args = ["check", str(path), "--format", "github"]
    for pack in packs:
        args += ["--pack", pack]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    out = []
    for line in result.stdout.splitlines():
        match = _ANNOTATION.match(line)
        if match:
            out.append((int(match["line"]), match["msg"].replace("%0A", "\n")))
    return out


def _evidence(message: str) -> str | None:
    match = re.search(r'Evidence: "(.*)"', message)
    return match[1] if match else None


def test_sample_annotations_point_at_the_evidence_line() -> None:
    lines = DRAFT_MD.read_text(encoding="utf-8").splitlines()
    annotations = [(n, _evidence(m)) for n, m in _annotations(DRAFT_MD, "core", "8cantwait") if _evidence(m)]
    assert annotations, "the draft has hedged elements with evidence"
    for number, quote in annotations:
        assert quote[:60] in lines[number - 1], (number, quote)


WRAPPED = """\
# 300 Use of Force

## 300.7 Neck Restraints

Officers receive annual training on defensive tactics and on the
medical risks of restraint. Officers shall not use chokeholds,
strangleholds or carotid restraints unless the officer deems it
necessary.
"""


def test_wrapped_paragraph_annotation_stays_inside_the_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "orders.md"
    path.write_text(WRAPPED, encoding="utf-8")
    found = [n for n, m in _annotations(path, "8cantwait") if "chokehold" in m.lower()]
    assert found and all(5 <= n <= 8 for n in found)


def test_wrapped_paragraph_annotation_is_on_the_sentence_line(tmp_path: Path) -> None:
    path = tmp_path / "orders.md"
    path.write_text(WRAPPED, encoding="utf-8")
    found = [n for n, m in _annotations(path, "8cantwait") if "chokehold" in m.lower()]
    assert found and set(found) == {6}
