"""The HTML report and the comparison matrix in headless Chromium: renders, no console errors.

Screenshots are written to the test's tmp folder (and kept there for a person to look at).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import find_chromium, open_page
from policylint.report import RenderOptions, render
from policylint.report.compare import render_matrix
from report_samples import sample_result

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed (apt-get install -y chromium)"),
]


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def test_html_report_renders_summary_without_console_errors(tmp_path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render("html", sample_result(), RenderOptions()), encoding="utf-8")
    run = open_page(page, tmp_path / "report.png")
    assert run.console_errors == [], run.console_errors
    assert "Summary" in run.dom and "Riverton Police Department" in run.dom
    assert "Require a warning before shooting" in run.dom
    # the hostile text arrives as text, never as an element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in run.dom
    assert run.dom.count("<script>") == 1
    assert _png_size(run.screenshot) == (1280, 2000)
    assert run.screenshot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_compare_matrix_renders_without_console_errors(tmp_path) -> None:
    page = tmp_path / "compare.html"
    page.write_text(render_matrix("html", sample_result()), encoding="utf-8")
    run = open_page(page, tmp_path / "compare.png", height=1100)
    assert run.console_errors == [], run.console_errors
    assert "Coverage score" in run.dom and "Unreadable" in run.dom
    assert run.screenshot.stat().st_size > 10_000


def test_console_error_detection_is_real(tmp_path) -> None:
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>",
                    encoding="utf-8")
    run = open_page(page, tmp_path / "bad.png", height=200)
    assert any("Uncaught" in line for line in run.console_errors)
