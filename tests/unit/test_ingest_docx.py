"""DOCX reader: body order, heading styles and outline levels, lists, tables, headers kept out."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docx_fixtures import FOOTER_TEXT, HEADER_TEXT, build_plain_docx, build_policy_docx
from policylint.ingest import read_raw
from policylint.model import BlockKind, DiagnosticCode

LIMIT = 10 * 1024 * 1024


def test_docx_blocks_follow_body_order_with_kinds_levels_and_paragraph_indices(tmp_path: Path) -> None:
    path, expected = build_policy_docx(tmp_path / "manual.docx")
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.format == "docx"
    assert raw.diagnostics == ()
    got = [(b.kind.value, b.text, b.location.paragraph, b.heading_level) for b in raw.blocks]
    want = [(e.kind, e.text, e.paragraph, e.level) for e in expected]
    assert got == want


def test_docx_headers_and_footers_never_reach_body_text(tmp_path: Path) -> None:
    path, _ = build_policy_docx(tmp_path / "manual.docx")
    raw = read_raw(path, max_bytes=LIMIT)
    body = " ".join(b.text for b in raw.blocks)
    assert HEADER_TEXT not in body
    assert FOOTER_TEXT not in body


def test_docx_table_cells_follow_the_paragraph_before_the_table(tmp_path: Path) -> None:
    path, _ = build_policy_docx(tmp_path / "manual.docx")
    texts = [b.text for b in read_raw(path, max_bytes=LIMIT).blocks]
    assert texts.index("Annex of local terms") < texts.index("Tool") < texts.index(
        "Text after the table keeps its place in reading order."
    )
    # Merged cells are read once: the vertical merge's text appears a single time.
    assert texts.count("Sworn members") == 1
    assert texts.count("Carry and training") == 1


def test_docx_bold_short_paragraph_is_flagged_and_plain_text_is_not(tmp_path: Path) -> None:
    path, _ = build_policy_docx(tmp_path / "manual.docx")
    by_text = {b.text: b for b in read_raw(path, max_bytes=LIMIT).blocks}
    assert by_text["Reporting Rules"].bold is True
    assert by_text["Reporting Rules"].kind is BlockKind.PARAGRAPH
    assert by_text["Members apply only the force that the situation in front of them makes necessary."].bold is False


def test_docx_tracked_insertions_are_read_and_deletions_are_not(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Members will ")
    inserted = OxmlElement("w:ins")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "always "
    run.append(text)
    inserted.append(run)
    deleted = OxmlElement("w:del")
    del_run = OxmlElement("w:r")
    del_text = OxmlElement("w:delText")
    del_text.text = "sometimes "
    del_run.append(del_text)
    deleted.append(del_run)
    paragraph._p.append(inserted)
    paragraph._p.append(deleted)
    tail = OxmlElement("w:r")
    tail_text = OxmlElement("w:t")
    tail_text.text = "report."
    tail.append(tail_text)
    paragraph._p.append(tail)
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    raw = read_raw(path, max_bytes=LIMIT)
    assert [b.text for b in raw.blocks] == ["Members will always report."]


def test_docx_numbering_switched_off_is_not_a_list_item(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Not part of any list.")
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "0")
    num_pr.append(num_id)
    paragraph._p.get_or_add_pPr().append(num_pr)
    path = tmp_path / "nolist.docx"
    document.save(str(path))
    (block,) = read_raw(path, max_bytes=LIMIT).blocks
    assert block.kind is BlockKind.PARAGRAPH


def test_docx_without_text_is_an_empty_error(tmp_path: Path) -> None:
    path = build_plain_docx(tmp_path / "blank.docx", ["", "   ", ""])
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.blocks == ()
    assert [d.code for d in raw.diagnostics] == [DiagnosticCode.EMPTY.value]
    assert raw.diagnostics[0].severity == "error"


def _rewrite_member(source: Path, target: Path, member: str, data: bytes | None) -> Path:
    """Copy a zip, replacing (or, with None, dropping) one member."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            if item.filename == member:
                if data is not None:
                    dst.writestr(item, data)
            else:
                dst.writestr(item, src.read(item.filename))
    return target


def test_docx_with_invalid_document_xml_is_corrupt_not_a_traceback(tmp_path: Path) -> None:
    good = build_plain_docx(tmp_path / "good.docx", ["Some words."])
    bad = _rewrite_member(good, tmp_path / "bad.docx", "word/document.xml", b"<w:document><w:body><w:p>")
    raw = read_raw(bad, max_bytes=LIMIT)
    assert raw.blocks == ()
    assert [d.code for d in raw.diagnostics] == [DiagnosticCode.CORRUPT.value]
    assert raw.diagnostics[0].path == str(bad)


def test_docx_missing_content_types_part_is_corrupt(tmp_path: Path) -> None:
    good = build_plain_docx(tmp_path / "good.docx", ["Some words."])
    bad = _rewrite_member(good, tmp_path / "parts.docx", "[Content_Types].xml", None)
    raw = read_raw(bad, max_bytes=LIMIT)
    assert raw.blocks == ()
    assert [d.code for d in raw.diagnostics] == [DiagnosticCode.CORRUPT.value]


def test_docx_custom_style_based_on_a_heading_style_is_a_heading(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    custom = document.styles.add_style("Agency Section Title", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("Vehicle Pursuits", style="Agency Section Title")
    path = tmp_path / "custom.docx"
    document.save(str(path))
    (block,) = read_raw(path, max_bytes=LIMIT).blocks
    assert (block.kind, block.heading_level) == (BlockKind.HEADING, 2)


def test_docx_content_controls_and_nested_tables_are_read_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Before the control.")
    wrapped = document.add_paragraph("Inside a content control.")
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    wrapped._p.addprevious(sdt)
    sdt.append(content)
    content.append(wrapped._p)
    outer = document.add_table(rows=1, cols=1)
    outer.cell(0, 0).text = "Outer cell."
    inner = outer.cell(0, 0).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Inner cell."
    document.add_paragraph("After the tables.")
    path = tmp_path / "controls.docx"
    document.save(str(path))
    blocks = read_raw(path, max_bytes=LIMIT).blocks
    assert [(b.text, b.kind.value) for b in blocks] == [
        ("Before the control.", "paragraph"),
        ("Inside a content control.", "paragraph"),
        ("Outer cell.", "table_cell"),
        ("Inner cell.", "table_cell"),
        ("After the tables.", "paragraph"),
    ]
    indices = [b.location.paragraph for b in blocks]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)
