"""Markdown report: tables, status words, details and safe handling of document text."""

from __future__ import annotations

import re

from policylint.report import RenderOptions, render
from policylint.report.markdown import md_cell, md_text
from report_samples import sample_result


def _md() -> str:
    return render("markdown", sample_result(), RenderOptions())


def test_document_text_cannot_inject_html_or_markdown() -> None:
    assert md_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_text("[x](http://evil) `code` *b* a|b") == r"\[x\](http://evil) \`code\` \*b\* a\|b"
    assert md_text("# heading") == r"\# heading" and md_text("- item") == r"\- item"
    assert md_cell("two\nlines") == "two lines" and md_cell("") == "\u2014"
    text = _md()
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_tables_have_consistent_column_counts() -> None:
    rows = [l for l in _md().splitlines() if l.startswith("| ")]
    assert rows
    # count unescaped pipes: every row of a table must match its header
    table: list[int] = []
    for line in _md().splitlines() + [""]:
        if line.startswith("|"):
            table.append(len(re.findall(r"(?<!\\)\|", line)))
        elif table:
            assert len(set(table)) == 1, table
            table = []


def test_summary_topic_table_and_details() -> None:
    text = _md()
    assert "| Riverton Police Department<br>`manuals/riverton_pd_manual.pdf` | 2 | 2 | 1 | 1 | 1 error(s) |" in text
    assert "\u274c Missing" in text and "\u26a0\ufe0f Weak" in text and "\u2705 Covered" in text
    assert "\U0001f6ab Unreadable" in text
    assert "#### \u26a0\ufe0f Weak: Ban chokeholds and strangleholds (`8cantwait/ban-chokeholds`)" in text
    assert "  > \u2014 p. 43, 300.4 Neck Restraints \u00b7 weakened by" in text
    assert "| 8cantwait/exhaust-alternatives (manuals/riverton\\_\\*) | State statute 12-4" in text
    assert "pages 17-18 have no text layer" in text
