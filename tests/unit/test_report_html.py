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
    assert "<td><code>8cantwait</code></td><td>8 Can&#39;t Wait</td><td>1.2.0</td>" in html
    assert "State statute 12-4" in html and "Chief A. Moreno" in html
    assert "@media print" in html and "break-inside: avoid" in html


def test_stacked_bar_segments_fill_the_bar_in_status_order() -> None:
    segments = stacked_bar({"covered": 2, "weak": 1, "missing": 1, "waived": 0})
    assert [s.status for s in segments] == ["covered", "weak", "missing"]
    assert segments[0].x == 0 and abs(sum(s.width for s in segments) - 100) < 0.01
    assert stacked_bar({"covered": 0}) == []
