"""HTML reader: headings by tag, block text, page furniture skipped, lines from the parser."""

from __future__ import annotations

from pathlib import Path

from policylint.ingest import read_raw
from policylint.ingest.html import html_blocks

LIMIT = 1024 * 1024

PAGE = """\
<!DOCTYPE html>
<html>
<head>
<title>Harbour City &amp; County Policy</title>
<style>p { color: red }</style>
</head>
<body>
<nav><p>Home | Search</p></nav>
<h1>Use of Force</h1>
<p>
  Members act with restraint &mdash; always.</p>
<h3>Warnings</h3>
<ul>
<li>Warn first
<li>Give time to comply</li>
</ul>
<table>
<tr><th>Level</th><td>Response</td></tr>
</table>
<blockquote>Quoted guidance.</blockquote>
<dl><dt>Chokehold</dt><dd>Pressure on the neck.</dd></dl>
<div>Text in a div<br>after a break</div>
<p><strong>Reporting</strong></p>
<script>document.write("<p>never</p>")</script>
<footer><p>Site footer</p></footer>
</body>
</html>
"""


def _rows(text: str) -> list[tuple[str, int | None, str, int | None]]:
    return [(b.kind.value, b.location.line, b.text, b.heading_level) for b in html_blocks(text).blocks]


def test_html_blocks_have_kinds_levels_and_file_lines() -> None:
    assert _rows(PAGE) == [
        ("heading", 9, "Use of Force", 1),
        ("paragraph", 11, "Members act with restraint \u2014 always.", None),
        ("heading", 12, "Warnings", 3),
        ("list_item", 14, "Warn first", None),
        ("list_item", 15, "Give time to comply", None),
        ("table_cell", 18, "Level", None),
        ("table_cell", 18, "Response", None),
        ("paragraph", 20, "Quoted guidance.", None),
        ("paragraph", 21, "Chokehold", None),
        ("paragraph", 21, "Pressure on the neck.", None),
        ("paragraph", 22, "Text in a div after a break", None),
        ("paragraph", 23, "Reporting", None),
    ]


def test_html_skips_navigation_scripts_styles_and_footers() -> None:
    body = " ".join(b.text for b in html_blocks(PAGE).blocks)
    for hidden in ("Home | Search", "never", "color", "Site footer", "Harbour City"):
        assert hidden not in body


def test_html_title_goes_to_metadata_with_entities_decoded(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.format == "html"
    assert raw.diagnostics == ()
    assert raw.metadata["title"] == "Harbour City & County Policy"


def test_html_bold_only_block_is_flagged() -> None:
    blocks = {b.text: b for b in html_blocks(PAGE).blocks}
    assert blocks["Reporting"].bold is True
    assert blocks["Use of Force"].bold is False


def test_html_omitted_head_end_tag_does_not_swallow_the_body() -> None:
    text = "<html><head><title>T</title>\n<body>\n<h2>Scope</h2>\n<p>Body words.</p>\n"
    assert _rows(text) == [("heading", 3, "Scope", 2), ("paragraph", 4, "Body words.", None)]


def test_html_fragment_without_html_tag_reads_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "fragment.htm"
    path.write_text('<div class="page">\n\t<h2>Arrests</h2>\n\t<p>Members explain the reason.</p>\n</div>\n')
    raw = read_raw(path, max_bytes=LIMIT)
    assert raw.format == "html"
    assert [(b.location.line, b.text) for b in raw.blocks] == [(2, "Arrests"), (3, "Members explain the reason.")]
