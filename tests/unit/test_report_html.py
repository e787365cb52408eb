"""HTML report: self-contained, escaped, and carrying every part of the result."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from policylint.report import RenderOptions, render
from policylint.report.html import PRINT_SCRIPT, stacked_bar
from report_samples import sample_result


def _html() -> str:
    return render("html", sample_result(), RenderOptions())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script = True
            assert "src" not in attrs
        for key in ("src", "href"):
            if key in attrs and tag != "a":
                self.urls.append(attrs[key])
        if tag == "a":
            assert attrs["href"].startswith("#"), attrs["href"]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_document_text_is_escaped_and_only_our_script_runs() -> None:
    html = _html()
    collector = _Collector()
    collector.feed(html)
    assert collector.scripts == [PRINT_SCRIPT]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_self_contained_no_external_resources_and_csp() -> None:
    html = _html()
    collector = _Collector()
    collector.feed(html)
    assert collector.urls == []
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assert "url(http" not in html and "@import" not in html
    assert "Content-Security-Policy" in html and "default-src &#39;none&#39;" in html


def test_summary_chart_topics_evidence_diagnostics_packs_waivers() -> None:
    html = _html()
    assert "<h2 id=\"summary-h\"" in html and "<svg class=\"bar\"" in html
    for word in ("Covered", "Weak", "Missing", "Waived", "Unreadable"):
        assert word in html
    assert "<cite>p. 43, 300.4 Neck Restraints</cite>" in html
    assert "<cite>p. 41, 300.3 Duty to Intercede</cite>" in html
    assert "pages 17-18 have no text layer" in html and "Could not read pp. 17-18" in html
    assert "the PDF is encrypted" in html and "no topic is reported as missing" in html
    assert ('<td data-label="Pack"><code>8cantwait</code></td><td data-label="Title">8 Can&#39;t Wait</td>'
            '<td data-label="Version">1.2.0</td><td data-label="Source"><code>rules/8cantwait.yaml</code></td>') in html
    # a shipped pack says so: its install path means nothing to a reader
    assert '<td data-label="Source">bundled with policylint</td>' in html and "site-packages" not in html
    assert "State statute 12-4" in html and "Chief A. Moreno" in html
    assert "@media print" in html and "break-inside: avoid" in html


def test_stacked_bar_segments_fill_the_bar_in_status_order() -> None:
    segments = stacked_bar({"covered": 2, "weak": 1, "missing": 1, "waived": 0})
    assert [s.status for s in segments] == ["covered", "weak", "missing"]
    assert segments[0].x == 0 and abs(sum(s.width for s in segments) - 100) < 0.01
    assert stacked_bar({"covered": 0}) == []


def _document_section(html: str, anchor: str) -> str:
    start = html.index(f'<section class="document" id="{anchor}"')
    return html[start:html.index("</section>", start)]


def test_each_document_opens_with_a_topic_table_linking_to_every_card() -> None:
    html = _html()
    riverton = _document_section(html, "doc-1")
    table = riverton[riverton.index('<table class="topics"'):riverton.index("</table>")]
    rows = re.findall(r'<tr class="(\w+)">.*?<a href="#([^"]+)">(.*?)</a>', table, re.S)
    assert [(status, title) for status, _, title in rows] == [
        ("missing", "Require a warning before shooting"), ("weak", "Ban chokeholds and strangleholds"),
        ("weak", "De-escalation"), ("waived", "Exhaust alternatives before deadly force"),
        ("covered", "Duty to intervene"), ("covered", "Body-worn cameras")]
    for _, anchor, _ in rows:  # every link lands on a card, and anchors are unique across documents
        assert html.count(f'id="{anchor}"') == 1
    assert "<th>Severity</th>" in table and "<th>Section</th>" in table and "<th>Page</th>" in table
    assert 'data-label="Page">p. 43</td>' in table and "300.4 Neck Restraints" in table
    # the weak de-escalation topic carries the error of its essential element
    deescalation = table[table.index("De-escalation</a>"):]
    assert '<span class="sev error small">error</span>' in deescalation[:800]
    lakeside = _document_section(html, "doc-2")
    assert 'data-label="Page">line 88</td>' in lakeside


def test_a_card_shows_problems_first_and_folds_the_present_elements() -> None:
    html = _html()
    card = html[html.index('<article class="topic weak" id="doc-1-core-de-escalation"'):]
    card = card[:card.index("</article>")]
    assert card.index("Training in de-escalation") < card.index("De-escalation is required when safe")
    folded = card[card.index('<details class="present">'):]
    assert "De-escalation is required when safe" in folded and "Training in de-escalation" not in folded
    assert '<span class="tag">essential</span>' in card and "1 element to fix" in card
    assert "required elements</span>" not in html  # no "COVERED · 2/5 required elements" next to a badge


def test_layout_is_responsive_down_to_a_phone() -> None:
    html = _html()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media (max-width: 640px)" in html and "content: attr(data-label)" in html
