"""Markdown reader: exact source lines, heading levels, lists, tables, comments kept out."""

from __future__ import annotations

from pathlib import Path

from policylint.ingest import read_raw
from policylint.ingest.markdown import markdown_blocks
from policylint.model import BlockKind

LIMIT = 1024 * 1024

SAMPLE = """\
# Lakeside Policy Manual

Members treat every person
with dignity. <!-- policylint: waive core.example reason="covered elsewhere" -->

Duty to Step In
---------------

- Speak up when force goes too far.
- Report it the same shift
  in writing.

1. First numbered duty.
   1. A nested duty.

| Term | Meaning |
|------|---------|
| Hold | A grip on the arm |

<!-- a comment block that is not body text -->

```
fenced words
```

**Short bold line**
"""


def _rows(text: str) -> list[tuple[str, int | None, str, int | None]]:
    return [(b.kind.value, b.location.line, b.text, b.heading_level) for b in markdown_blocks(text)]


def test_markdown_blocks_have_exact_lines_kinds_and_levels() -> None:
    assert _rows(SAMPLE) == [
        ("heading", 1, "Lakeside Policy Manual", 1),
        ("paragraph", 3, "Members treat every person\nwith dignity.", None),  # source line breaks kept
        ("heading", 6, "Duty to Step In", 2),
        ("list_item", 9, "Speak up when force goes too far.", None),
        ("list_item", 10, "Report it the same shift\nin writing.", None),
        ("list_item", 13, "First numbered duty.", None),
        ("list_item", 14, "A nested duty.", None),
        ("table_cell", 16, "Term", None),
        ("table_cell", 16, "Meaning", None),
        ("table_cell", 18, "Hold", None),
        ("table_cell", 18, "A grip on the arm", None),
        ("paragraph", 23, "fenced words", None),
        ("paragraph", 26, "Short bold line", None),
    ]


def test_markdown_html_comments_never_reach_body_text() -> None:
    body = " ".join(b.text for b in markdown_blocks(SAMPLE))
    assert "policylint" not in body
    assert "comment block" not in body


def test_markdown_bold_only_paragraph_is_flagged() -> None:
    blocks = {b.text: b for b in markdown_blocks(SAMPLE)}
    assert blocks["Short bold line"].bold is True
    assert blocks["Members treat every person\nwith dignity."].bold is False


def test_markdown_front_matter_is_skipped_and_lines_stay_true() -> None:
    text = "---\ntitle: Sample\nowner: Records Unit\n---\n\n## Scope\n\nApplies to all staff.\n"
    assert _rows(text) == [("heading", 6, "Scope", 2), ("paragraph", 8, "Applies to all staff.", None)]


def test_markdown_html_block_text_keeps_its_file_line() -> None:
    text = "Intro line.\n\n<div>\n<p>Inside a div.</p>\n</div>\n"
    rows = _rows(text)
    assert rows == [("paragraph", 1, "Intro line.", None), ("paragraph", 4, "Inside a div.", None)]


def test_markdown_file_through_dispatcher_records_title_and_format(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text(SAMPLE, encoding="utf-8")
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.format == "markdown"
    assert raw.diagnostics == ()
    assert raw.metadata["title"] == "Lakeside Policy Manual"
    assert raw.blocks[0].kind is BlockKind.HEADING


def test_markdown_with_crlf_line_endings_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"# One\r\n\r\nBody text.\r\n\r\n## Two\r\n")
    rows = [(b.location.line, b.text) for b in read_raw(path, max_bytes=LIMIT).blocks]
    assert rows == [(1, "One"), (3, "Body text."), (5, "Two")]


def test_a_heading_line_glued_to_a_paragraph_is_a_block_of_its_own() -> None:
    """Written without "#", "POLICY" or "IV. PROCEDURE" heads the lines under it (as in a .txt
    file), so the sentence after it starts where the text does: "It is the policy ..."."""
    text = "POLICY\nIt is the policy of the Department that every use of force is documented.\n\nIV. PROCEDURE\nA. Officers shall\nreport force.\n"
    assert _rows(text) == [
        ("paragraph", 1, "POLICY", None),
        ("paragraph", 2, "It is the policy of the Department that every use of force is documented.", None),
        ("paragraph", 4, "IV. PROCEDURE", None),
        ("paragraph", 5, "A. Officers shall\nreport force.", None),
    ]


def test_a_wrapped_sentence_is_not_split_at_its_first_line() -> None:
    """An ALL-CAPS sentence over two lines, or ordinary wrapped prose, stays one paragraph."""
    caps = "OFFICERS SHALL NOT USE\nCHOKEHOLDS OR NECK RESTRAINTS.\n"
    prose = "Officers shall intervene\nto stop excessive force.\n"
    assert [r[2] for r in _rows(caps)] == ["OFFICERS SHALL NOT USE\nCHOKEHOLDS OR NECK RESTRAINTS."]
    assert [r[2] for r in _rows(prose)] == ["Officers shall intervene\nto stop excessive force."]
