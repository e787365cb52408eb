"""Property: every reader, on any bytes, gives a Document (diagnostics for what it could not
read), never an exception; and an unreadable file is never judged.

Inputs: random bytes under each supported extension, and mutations of the sample manuals
(PDF, DOCX, Markdown) and of generated HTML and plain text, including the tokens that matter
to each format (PDF objects, XML, Markdown fences, HTML tags, form feeds).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fuzzing import mutated, sample
from policylint.api import lint_documents
from policylint.loading import load_document

PDF = sample("corpora/riverton-draft.pdf")
DOCX = sample("corpora/riverton-draft.docx")
MARKDOWN = sample("corpora/src/riverton-draft.md")[:8000]
HTML = b"<!doctype html><html><head><title>T</title></head><body><h1>300 Use of Force</h1><p>Officers shall intervene.<ul><li>one<li>two</ul><table><tr><td>a<td>b</table></body></html>"
TEXT = b"300.1 USE OF FORCE\nOfficers shall intervene when force is excessive.\n\n(a) Report it.\n\f2\nPage two text.\n"

TOKENS = {
    ".pdf": ["obj", "endobj", "stream", "endstream", "xref", "trailer", "%%EOF", "/Encrypt", "<<", ">>", "\x00"],
    ".docx": ["PK\x03\x04", "word/document.xml", "<w:p>", "<!ENTITY a 'x'>", "\x00"],
    ".md": ["```", "~~~", "<!--", "-->", "# ", "- ", "| a | b |\n|---|---|", "\n\n", "[x]: y", "---\n"],
    ".html": ["<p>", "<div>", "</div>", "<script>", "<!--", "<svg>", "&amp;", "&#xFFFFFF;", "<h1>", "<li>"],
    ".txt": ["\f", "\r", "\n\n", "300.2 ", "(a) ", ". . . . 4", "\x00", "\ufeff"],
}
SAMPLES = {".pdf": PDF, ".docx": DOCX, ".md": MARKDOWN, ".html": HTML, ".txt": TEXT}
EXTENSIONS = list(SAMPLES) + [".doc", ".htm", ""]


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"manual{suffix}"
        path.write_bytes(data)
        document = load_document(path, max_bytes=50 * 1024 * 1024)
    assert document.path == str(path)
    for diagnostic in document.diagnostics:
        assert diagnostic.code.startswith("PL") and "\n" not in diagnostic.message
    result = lint_documents([document], _plan()).documents[0]  # judging what was read never raises either
    if document.has_errors and not any(True for _ in document.blocks()):
        assert not result.coverage  # an unreadable file is never judged (no false "missing")


_PLANS: list[object] = []


def _plan():  # type: ignore[no-untyped-def]
    from policylint.api import plan_run

    if not _PLANS:
        _PLANS.append(plan_run(packs=["core", "practices", "8cantwait"]))
    return _PLANS[0]


@given(st.binary(max_size=4000), st.sampled_from(EXTENSIONS))
def test_random_bytes_give_a_document(data: bytes, suffix: str) -> None:
    _read(data, suffix)


@given(st.sampled_from(list(SAMPLES)).flatmap(lambda ext: st.tuples(st.just(ext), mutated(SAMPLES[ext], TOKENS[ext]))),
       st.sampled_from([None, ".txt", ".pdf", ".md"]))
def test_mutated_documents_give_a_document(case: tuple[str, bytes], rename: str | None) -> None:
    suffix, data = case
    _read(data, rename or suffix)
