"""The Riverton samples read back through policylint's readers with the outline they were written with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
FORMATS = ("pdf", "docx", "md")
NAMES = ("riverton-strong", "riverton-draft")
RUNNING_HEADER = "Riverton Police Department - Policy Manual"


def _path(name: str, fmt: str) -> Path:
    return CORPORA / "src" / f"{name}.md" if fmt == "md" else CORPORA / f"{name}.{fmt}"


def _expected(name: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """From the Markdown source: policies {number: title}, sections {number: title}, chapters."""
    text = (CORPORA / "src" / f"{name}.md").read_text(encoding="utf-8")
    policies = dict(re.findall(r"^## (\d{3}) - (.+)$", text, re.MULTILINE))
    sections = dict(re.findall(r"^### (\d{3}\.\d+) (.+)$", text, re.MULTILINE))
    chapters = re.findall(r"^# (Chapter \d+) - ", text, re.MULTILINE)
    return policies, sections, chapters


def _load(name: str, fmt: str):
    loading = pytest.importorskip("policylint.loading")
    try:
        return loading.load_document(_path(name, fmt))
    except (ImportError, ModuleNotFoundError) as exc:  # a reader not written yet
        pytest.skip(f"reader for {fmt} not available: {exc}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_outline_matches_source(name: str, fmt: str) -> None:
    document = _load(name, fmt)
    assert not [d for d in document.diagnostics if d.severity == "error"]
    policies, sections, chapters = _expected(name)
    found = [(s.number, s.title, [a.number for a in ancestors]) for s, ancestors in document.walk()]
    got_policies = {n: t for n, t, _ in found if n and re.fullmatch(r"\d{3}", n)}
    got_sections = {n: t for n, t, _ in found if n and re.fullmatch(r"\d{3}\.\d+", n)}
    assert got_policies == policies
    assert got_sections == sections
    assert [n for n, _, _ in found if n and n.startswith("Chapter")] == chapters
    # Nesting: every numbered section sits under its policy, every policy under a chapter.
    for number, _, ancestors in found:
        if number and re.fullmatch(r"\d{3}\.\d+", number):
            assert number.split(".")[0] in ancestors, number
        elif number and re.fullmatch(r"\d{3}", number):
            assert any(a and a.startswith("Chapter") for a in ancestors), number


@pytest.mark.parametrize("name", NAMES)
def test_pdf_running_header_and_footers_are_removed(name: str) -> None:
    document = _load(name, "pdf")
    texts = [block.text for section, _ in document.walk() for block in section.blocks]
    texts += [block.text for block in document.root.blocks]
    assert texts
    assert not [t for t in texts if RUNNING_HEADER in t]
    assert not [t for t in texts if re.fullmatch(r"[A-Z][\w ,'-]+ - \d+", t.strip())]
    assert any(RUNNING_HEADER in line for line in document.removed_lines)


@pytest.mark.parametrize("name", NAMES)
def test_pdf_table_of_contents_is_recognised(name: str) -> None:
    document = _load(name, "pdf")
    policies, _, _ = _expected(name)
    assert {entry.number: entry.title for entry in document.toc} == policies
    assert document.toc_pages == (2,)
    # Each TOC page label is the physical page its policy starts on.
    starts = {s.number: s.page_start for s, _ in document.walk() if s.number in policies}
    assert {entry.number: int(entry.page_label) for entry in document.toc} == starts


@pytest.mark.parametrize("fmt", FORMATS)
def test_planted_wording_is_read_from_every_format(fmt: str) -> None:
    """The draft's weakened sentences reach the rules intact (no lost or garbled text)."""
    document = _load("riverton-draft", fmt)
    body = " ".join(block.text for section, _ in document.walk() for block in section.blocks)
    body = re.sub(r"\s+", " ", body)
    assert "Officers should consider using de-escalation techniques" in body
    assert "vascular neck restraint unless the officer deems it necessary." in body
    assert "an officer shall, when practicable, tell the person" in body
