"""Text that cannot be decoded, through the real CLI: reported as PL114 naming the file, the
pages and the cause, never read as a manual with every topic "missing".

The PDFs are written byte by byte (tests/pdf_fixtures.py ``undecodable_pdf``): a simple font
with a custom encoding of made-up glyph names and no /ToUnicode, as some generators write
them. All text is written for the tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_fixtures import undecodable_pdf  # noqa: E402

from policylint.ingest.legibility import measure  # noqa: E402

FORCE_PAGE = [
    "Use of Force",
    "Officers shall not use chokeholds or carotid restraints on any person.",
    "An officer who sees another member use force beyond what the situation",
    "calls for shall step in to stop it and shall tell a supervisor at once.",
    "Officers shall give a verbal warning before using deadly force when it",
    "is safe to do so, and shall render medical aid after any use of force.",
]
FILLER_PAGE = [
    "Vehicle Care",
    "Each member inspects the assigned patrol car at the start of the shift",
    "and writes down any damage, a missing tool or a warning light on the",
    "dashboard. The fleet office repairs what was written down within a week",
    "and keeps the records for three years after the car leaves service.",
]


def policylint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [sys.executable, "-m", "policylint", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert "Traceback" not in run.stderr, run.stderr
    return run


def _page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return [document[k].get_textpage().get_text_range() for k in range(len(document))]
    finally:
        document.close()


@pytest.mark.parametrize("kind", ["type1", "type3"])
def test_a_pdf_whose_fonts_have_no_unicode_map_is_unreadable_not_missing(tmp_path: Path, kind: str) -> None:
    pdf = undecodable_pdf(tmp_path / "manual.pdf", [FORCE_PAGE, FILLER_PAGE, FORCE_PAGE, FILLER_PAGE], kind=kind)
    # the text layer really is glyph codes: pdfium reads "Officers" as "2IILFHUV"
    for text in _page_texts(pdf):
        assert "Officers" not in text and "shall" not in text and not measure(text).legible
    assert "2IILFHUV" in _page_texts(pdf)[0]

    run = policylint("check", "manual.pdf", "--format", "json", cwd=tmp_path)
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith("policylint: manual.pdf: PL114")]
    assert len(errors) == 1, run.stderr
    assert "(pp. 1-4)" in errors[0] and "pages 1-4" in errors[0]
    assert "no page has a text layer that can be decoded" in errors[0] and "nothing was read" in errors[0]
    assert "fonts without a Unicode map" in errors[0]
    assert "re-export the PDF with embedded Unicode fonts, or run OCR" in errors[0]

    document = json.loads(run.stdout)["documents"][0]
    assert document["coverage"] == [], "nothing was read, so no topic may be reported missing"
    (diag,) = document["diagnostics"]
    assert (diag["code"], diag["page"], diag["page_end"], diag["severity"]) == ("PL114", 1, 4, "error")


def test_the_text_report_says_the_pdf_could_not_be_read(tmp_path: Path) -> None:
    undecodable_pdf(tmp_path / "manual.pdf", [FORCE_PAGE, FILLER_PAGE, FILLER_PAGE])
    run = policylint("check", "manual.pdf", cwd=tmp_path)
    assert run.returncode == 2
    assert "manual.pdf: not checked (could not be read, 3 pages)" in run.stdout
    assert "error PL114 pp. 1-3" in run.stdout
    assert "MISSING" not in run.stdout


def test_mostly_undecodable_pages_make_the_pdf_unreadable(tmp_path: Path) -> None:
    pages = [FORCE_PAGE, FILLER_PAGE, FILLER_PAGE, FILLER_PAGE, FILLER_PAGE]
    undecodable_pdf(tmp_path / "manual.pdf", pages, garbled=[2, 3, 4])
    run = policylint("check", "manual.pdf", "--format", "json", cwd=tmp_path)
    assert run.returncode == 2
    assert "policylint: manual.pdf: PL114 (pp. 2-4): pages 2-4 have a text layer that cannot be decoded" in run.stderr
    assert "most of the file could not be read" in run.stderr


def test_a_few_undecodable_pages_are_a_warning_and_the_rest_is_judged(tmp_path: Path) -> None:
    # pages 3-4 carry the duty to intervene, but in a font without a Unicode map;
    # page 5 carries the chokehold ban in a legible font
    pages = [FILLER_PAGE, FILLER_PAGE, FORCE_PAGE, FORCE_PAGE, FORCE_PAGE, FILLER_PAGE]
    undecodable_pdf(tmp_path / "mixed.pdf", pages, garbled=[3, 4])
    run = policylint("check", "mixed.pdf", "--pack", "8cantwait", "--format", "json", "-v", cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert "PL114" not in run.stderr, "a warning: not an input error"

    document = json.loads(run.stdout)["documents"][0]
    (diag,) = [d for d in document["diagnostics"] if d["code"] == "PL114"]
    assert (diag["page"], diag["page_end"], diag["severity"]) == (3, 4, "warning")
    assert diag["message"].startswith("mixed.pdf: pages 3-4 have a text layer that cannot be decoded")
    assert "the text on them was not read" in diag["message"] and "fonts without a Unicode map" in diag["message"]

    assert document["coverage"], "the legible pages were judged"
    chokeholds = next(t for t in document["coverage"] if t["topic"] == "chokehold-ban")
    banned = next(e for e in chokeholds["elements"] if e["id"] == "chokehold-prohibited")
    assert banned["status"] == "present"
    assert {ev["page"] for ev in banned["evidence"]} == {5}, "evidence comes from the legible page only"
    cited = {ev["page"] for t in document["coverage"] for e in t["elements"] for ev in e["evidence"]}
    assert not cited & {3, 4}, "nothing is quoted from the undecodable pages"

    text = policylint("check", "mixed.pdf", "--pack", "8cantwait", cwd=tmp_path)
    assert "warning PL114 pp. 3-4" in text.stdout


@pytest.mark.parametrize("name", ["extracted.txt", "extracted.md"])
def test_a_text_file_of_cid_tokens_is_an_error_naming_the_file(tmp_path: Path, name: str) -> None:
    # what pdfminer writes for a PDF whose fonts have no Unicode map
    line = "".join(f"(cid:{ord(c) - 29})" if c != " " else "(cid:3)" for c in FORCE_PAGE[1])
    (tmp_path / name).write_text("\n".join([line] * 12) + "\n", encoding="utf-8")
    run = policylint("check", name, "--format", "json", cwd=tmp_path)
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith(f"policylint: {name}: PL114: ")]
    assert len(errors) == 1, run.stderr
    assert "the text cannot be decoded: it is (cid:N) glyph codes" in errors[0]
    assert "fonts have no Unicode map" in errors[0]
    document = json.loads(run.stdout)["documents"][0]
    assert document["coverage"] == []
    assert [d["code"] for d in document["diagnostics"]] == ["PL114"]


def test_the_bundled_manuals_have_no_undecodable_page(repo_root: Path, tmp_path: Path) -> None:
    from policylint.ingest.pdf import read_pdf

    for pdf in sorted((repo_root / "corpora").glob("*.pdf")):
        raw = read_pdf(pdf, sha256="x")
        assert not [d for d in raw.diagnostics if d.code == "PL114"], pdf.name
