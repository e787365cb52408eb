"""read_raw: format by content, and every kind of bad input as a diagnostic, never a raise."""

from __future__ import annotations

import hashlib
import random
import sys
import types
import zipfile
from pathlib import Path

import pytest

from docx_fixtures import build_plain_docx
from policylint.ingest import read_raw
from policylint.ingest.sniff import ContentKind, decode_text, sniff
from policylint.model import Diagnostic, DiagnosticCode, Location, RawBlock, RawDocument

LIMIT = 10 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HTML_PAGE = "<!DOCTYPE html>\n<html><body>\n<h1>Scope</h1>\n<p>Staff follow this order.</p>\n</body></html>\n"


def _only_error(raw: RawDocument) -> Diagnostic:
    """The single error diagnostic of an unreadable file (and check it is unreadable)."""
    assert raw.blocks == ()
    assert not raw.readable
    errors = [d for d in raw.diagnostics if d.severity == "error"]
    assert len(errors) == 1, raw.diagnostics
    assert errors[0].path == raw.path
    assert "\n" not in errors[0].message and errors[0].message
    return errors[0]


def _codes(raw: RawDocument) -> list[tuple[str, str]]:
    return [(d.code, d.severity) for d in raw.diagnostics]


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    raw = read_raw(tmp_path / "nowhere.pdf", max_bytes=LIMIT)
    assert _only_error(raw).code == DiagnosticCode.NOT_FOUND.value
    assert raw.path.endswith("nowhere.pdf")


def test_directory_is_not_found(tmp_path: Path) -> None:
    assert _only_error(read_raw(tmp_path, max_bytes=LIMIT)).code == DiagnosticCode.NOT_FOUND.value


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.md"])
def test_zero_byte_files_are_empty(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert _only_error(read_raw(path, max_bytes=LIMIT)).code == DiagnosticCode.EMPTY.value


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n   \n\t\n")
    assert _only_error(read_raw(path, max_bytes=LIMIT)).code == DiagnosticCode.EMPTY.value


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    error = _only_error(read_raw(path, max_bytes=64))
    assert error.code == DiagnosticCode.TOO_LARGE.value
    assert "limit" in error.message
    assert read_raw(path, max_bytes=len(path.read_bytes())).blocks  # exactly at the limit is fine


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    good = build_plain_docx(tmp_path / "good.docx", ["A paragraph of policy text."] * 20)
    data = good.read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    error = _only_error(read_raw(cut, max_bytes=LIMIT))
    assert error.code == DiagnosticCode.CORRUPT.value
    assert "truncated" in error.message


def test_docx_that_is_plain_text_is_refused_as_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "renamed.docx"
    path.write_text("Officers report every use of force.\n")
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.blocks == ()
    assert _codes(raw) == [(DiagnosticCode.NOT_A_ZIP.value, "error")]
    assert "zip" in raw.diagnostics[0].message and "plain text" in raw.diagnostics[0].message


def test_docx_of_binary_junk_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "junk.docx"
    path.write_bytes(bytes(range(256)) * 8)
    assert _only_error(read_raw(path, max_bytes=LIMIT)).code == DiagnosticCode.NOT_A_ZIP.value


def test_pdf_that_is_really_html_is_read_as_html_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "download.pdf"
    path.write_text(HTML_PAGE)
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.format == "html"
    assert [(b.text, b.location.line) for b in raw.blocks] == [("Scope", 3), ("Staff follow this order.", 4)]
    assert _codes(raw) == [(DiagnosticCode.FORMAT_MISMATCH.value, "warning")]
    assert "HTML" in raw.diagnostics[0].message


def test_random_binary_bytes_are_an_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(1234).randbytes(8192))
    assert _only_error(read_raw(path, max_bytes=LIMIT)).code == DiagnosticCode.UNSUPPORTED_FORMAT.value


def test_legacy_doc_header_and_junk_is_legacy_format(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(OLE_MAGIC + random.Random(5).randbytes(4096))
    error = _only_error(read_raw(path, max_bytes=LIMIT))
    assert error.code == DiagnosticCode.LEGACY_FORMAT.value
    assert ".docx" in error.message


def test_ole_word_stream_gives_the_convert_to_docx_message(tmp_path: Path) -> None:
    path = tmp_path / "word97.doc"
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512)
    raw = read_raw(path, max_bytes=LIMIT)
    error = _only_error(raw)
    assert error.code == DiagnosticCode.LEGACY_FORMAT.value
    assert "Word 97-2003" in error.message and "convert it to .docx" in error.message
    assert raw.format == "doc"


def test_password_protected_office_file_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    assert _only_error(read_raw(path, max_bytes=LIMIT)).code == DiagnosticCode.ENCRYPTED.value


def test_zip_that_is_not_a_word_document_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = _only_error(read_raw(path, max_bytes=LIMIT))
    assert error.code == DiagnosticCode.UNSUPPORTED_FORMAT.value
    assert "Excel" in error.message


def test_rtf_is_unsupported_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "manual.txt"
    path.write_text("{\\rtf1\\ansi Some text}")
    error = _only_error(read_raw(path, max_bytes=LIMIT))
    assert error.code == DiagnosticCode.UNSUPPORTED_FORMAT.value
    assert "RTF" in error.message


def test_docx_named_doc_is_read_with_a_mismatch_warning(tmp_path: Path) -> None:
    path = build_plain_docx(tmp_path / "modern.doc", ["Modern content."])
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.format == "docx"
    assert [b.text for b in raw.blocks] == ["Modern content."]
    assert _codes(raw) == [(DiagnosticCode.FORMAT_MISMATCH.value, "warning")]


def test_sha256_is_the_hash_of_the_file_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Hash me.\n" * 1000)
    assert read_raw(path, max_bytes=LIMIT).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_pdf_magic_after_leading_junk_is_sniffed_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "junk-prefixed.bin"
    head = b"\r\n\x00garbage" + b"%PDF-1.7\n"
    path.write_bytes(head)
    assert sniff(path, head).kind is ContentKind.PDF


def test_markdown_detected_by_heading_lines_when_extension_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "POLICY"
    path.write_text("# Scope\n\nText.\n\n## Duties\n\nMore text.\n")
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.format == "markdown"
    assert raw.diagnostics == ()
    assert [b.location.line for b in raw.blocks] == [1, 3, 5, 7]


def test_txt_extension_stays_plain_text_even_with_hash_lines(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# not a heading here\n\n# nor here\n")
    assert read_raw(path, max_bytes=LIMIT).format == "text"


def test_md_starting_with_a_div_stays_markdown_but_doctype_is_html(tmp_path: Path) -> None:
    div = tmp_path / "div.md"
    div.write_text("<div>\nInside.\n</div>\n\n# Heading\n")
    assert read_raw(div, max_bytes=LIMIT).format == "markdown"
    page = tmp_path / "page.md"
    page.write_text(HTML_PAGE)
    raw = read_raw(page, max_bytes=LIMIT)
    assert raw.format == "html"
    assert _codes(raw) == [(DiagnosticCode.FORMAT_MISMATCH.value, "warning")]


def test_decode_text_handles_boms_and_fallbacks() -> None:
    assert decode_text("\ufeffBOM text".encode("utf-8")).text == "BOM text"
    assert decode_text("wide text".encode("utf-16")).text == "wide text"
    assert decode_text("na\u00efve \u2013 dash".encode("cp1252")).encoding == "cp1252"
    assert decode_text("r\u00e9sum\u00e9 \u00e9t\u00e9 caf\u00e9".encode("utf-8") + b"\xff").encoding == "utf-8"
    assert decode_text(b"text\x00with nul") is None


def _install_fake_pdf_module(monkeypatch: pytest.MonkeyPatch, reader) -> None:
    module = types.ModuleType("policylint.ingest.pdf")
    module.read_pdf = reader  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "policylint.ingest.pdf", module)


def test_pdf_content_goes_to_the_pdf_reader_with_the_hash_and_a_mismatch_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Path, str]] = []

    def fake_read_pdf(path: Path, *, sha256: str) -> RawDocument:
        calls.append((path, sha256))
        block = RawBlock(text="From the PDF reader.", location=Location(page=1, line=1))
        return RawDocument(path=str(path), format="pdf", sha256=sha256, page_count=1, blocks=(block,))

    _install_fake_pdf_module(monkeypatch, fake_read_pdf)
    path = tmp_path / "really-a-pdf.docx"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    raw = read_raw(path, max_bytes=LIMIT)
    assert calls == [(path, hashlib.sha256(path.read_bytes()).hexdigest())]
    assert raw.format == "pdf"
    assert _codes(raw) == [(DiagnosticCode.FORMAT_MISMATCH.value, "warning")]


def test_a_crashing_pdf_reader_becomes_a_corrupt_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_read_pdf(path: Path, *, sha256: str) -> RawDocument:
        raise RuntimeError("xref table missing")

    _install_fake_pdf_module(monkeypatch, broken_read_pdf)
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnothing else\n")
    error = _only_error(read_raw(path, max_bytes=LIMIT))
    assert error.code == DiagnosticCode.CORRUPT.value
    assert "xref table missing" in error.message
