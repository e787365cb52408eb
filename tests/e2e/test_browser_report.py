"""The HTML report and the comparison matrix in headless Chromium: renders, no console errors,
and fits a desktop (1400 px) and a phone (390 px) screen without sideways scrolling, clipped
text or boxes drawn over each other.

Screenshots are written to the test's tmp folder (and kept there for a person to look at).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import find_chromium, measure_layout, open_page, screenshot_at
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


WIDTHS = (1400, 390)
REPO = Path(__file__).resolve().parents[2]


def _assert_fits(page: Path, width: int):
    layout = measure_layout(page, width)
    assert layout.width == width
    assert not layout.overflows, (width, layout.scroll_width, layout.outside[:10])
    assert not layout.clipped, (width, layout.clipped[:10])
    assert not layout.overlaps, (width, layout.overlaps[:10])
    return layout


@pytest.mark.parametrize("width", WIDTHS)
def test_sample_report_fits_desktop_and_phone(tmp_path, width) -> None:
    page = tmp_path / "report.html"
    page.write_text(render("html", sample_result(), RenderOptions()), encoding="utf-8")
    _assert_fits(page, width)
    shot = screenshot_at(page, tmp_path / f"report-{width}.png", width=width)
    assert _png_size(shot)[0] == max(width, 500) and shot.stat().st_size > 20_000


@pytest.mark.parametrize("width", WIDTHS)
def test_sample_manual_report_fits_desktop_and_phone(tmp_path, width) -> None:
    import policylint

    draft = REPO / "corpora" / "riverton-draft.pdf"
    if not draft.is_file():
        pytest.skip("corpora/ samples not built")
    page = tmp_path / "riverton.html"
    result = policylint.lint(str(draft), packs=["core", "practices", "8cantwait"])
    page.write_text(render("html", result, RenderOptions(root=REPO)), encoding="utf-8")
    _assert_fits(page, width)
    screenshot_at(page, tmp_path / f"riverton-{width}.png", width=width)


@pytest.fixture(scope="module")
def long_report(corpus_docs, tmp_path_factory) -> Path:
    """The report of the 632-page Lisle manual against every shipped pack (skipped without ../shared)."""
    import policylint

    manual = corpus_docs / "lisle_il_policy_manual_full.pdf"
    if not manual.is_file():
        pytest.skip("the Lisle manual is not in ../shared/corpus")
    page = tmp_path_factory.mktemp("long") / "lisle.html"
    result = policylint.lint(str(manual), packs=["core", "practices", "8cantwait"])
    page.write_text(render("html", result, RenderOptions()), encoding="utf-8")
    return page


@pytest.mark.corpus
@pytest.mark.parametrize("width", WIDTHS)
def test_long_report_fits_and_stays_short_with_evidence_folded(long_report, width, tmp_path) -> None:
    opened = _assert_fits(long_report, width)  # measured with every folded block open
    folded = measure_layout(long_report, width, open_details=False)
    assert folded.height < opened.height  # present elements and covered topics start folded
    screenshot_at(long_report, tmp_path / f"lisle-{width}.png", width=width)


def test_layout_check_is_real(tmp_path) -> None:
    page = tmp_path / "wide.html"
    page.write_text('<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width"></head><body>'
                    '<div style="width:700px">wide</div>'
                    '<div style="display:flex"><div style="width:200px;margin-right:-100px">a</div><div>b</div></div>'
                    '<div style="width:50px;overflow:hidden;white-space:nowrap">clipped text that is long</div>'
                    '</body></html>', encoding="utf-8")
    layout = measure_layout(page, 390)
    assert layout.overflows and layout.clipped and layout.overlaps
