"""Every non-PDF corpus file reads without an error, except the legacy .doc, which is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.ingest import read_raw
from policylint.model import BlockKind, DiagnosticCode, RawDocument

pytestmark = pytest.mark.corpus

LIMIT = 200 * 1024 * 1024


def _non_pdf(corpus_docs: Path) -> list[Path]:
    return sorted(p for p in corpus_docs.iterdir() if p.is_file() and p.suffix.lower() != ".pdf")


@pytest.fixture(scope="module")
def corpus_raw(corpus_docs: Path) -> dict[Path, RawDocument]:
    """Each non-PDF corpus file read once for all tests in this module."""
    return {path: read_raw(path, max_bytes=LIMIT) for path in _non_pdf(corpus_docs)}


def test_every_non_pdf_corpus_file_reads_or_is_a_refused_legacy_doc(corpus_raw: dict[Path, RawDocument]) -> None:
    assert corpus_raw, "the corpus has non-PDF documents"
    for path, raw in corpus_raw.items():
        errors = [d for d in raw.diagnostics if d.severity == "error"]
        if path.suffix.lower() == ".doc":
            assert [d.code for d in errors] == [DiagnosticCode.LEGACY_FORMAT.value], path.name
            assert raw.blocks == ()
            continue
        assert errors == [], (path.name, errors)
        assert raw.diagnostics == (), (path.name, raw.diagnostics)  # extensions match content too
        assert raw.blocks, path.name
        assert raw.format == {".txt": "text", ".html": "html", ".docx": "docx", ".md": "markdown"}[path.suffix]
        for block in raw.blocks:
            assert block.text == block.text.strip() and block.text
            if raw.format == "docx":
                assert block.location.paragraph is not None
            else:
                assert block.location.line is not None and block.location.line >= 1


def test_text_extract_lines_point_at_the_block_text(corpus_raw: dict[Path, RawDocument]) -> None:
    """A block's line is where its first words are in the file (checked on every text extract)."""
    for path, raw in corpus_raw.items():
        if path.suffix != ".txt":
            continue
        lines = path.read_bytes().decode(raw.metadata["encoding"].replace("utf-8", "utf-8-sig")).split("\n")
        for block in raw.blocks:
            source_line = " ".join(lines[block.location.line - 1].replace("\f", " ").split())
            first_word = block.text.split()[0]
            assert first_word in source_line, (path.name, block.location.line, block.text[:60])


def test_paged_text_extracts_have_increasing_pages(corpus_raw: dict[Path, RawDocument]) -> None:
    for path, raw in corpus_raw.items():
        if path.suffix != ".txt" or "\f" not in path.read_text(encoding="utf-8", errors="replace"):
            continue
        pages = [b.location.page for b in raw.blocks]
        assert all(p is not None for p in pages)
        assert pages == sorted(pages)
        assert raw.page_count is not None and max(pages) <= raw.page_count


def test_same_policy_as_docx_and_html_gives_the_same_headings(corpus_raw: dict[Path, RawDocument]) -> None:
    """Where the corpus holds one policy in both formats, both readers find the same headings."""
    for docx_path, docx_raw in corpus_raw.items():
        html_raw = corpus_raw.get(docx_path.with_suffix(".html"))
        if docx_path.suffix != ".docx" or html_raw is None:
            continue
        docx_headings = [b.text for b in docx_raw.blocks if b.kind is BlockKind.HEADING]
        html_headings = [b.text for b in html_raw.blocks if b.kind is BlockKind.HEADING]
        assert docx_headings and docx_headings == html_headings
