"""Open a local HTML file in headless Chromium: screenshot, rendered DOM, console errors.

Uses Debian's ``chromium`` with a fresh profile and every background network feature
off. Console errors are collected from Chromium's own log (``--enable-logging=stderr``),
where uncaught exceptions and ``console.error`` calls appear as ``CONSOLE`` lines, and
CSP violations (a blocked fetch or script) appear as well. Tests skip, not fail, when
no Chromium is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["find_chromium", "BrowserRun", "open_page", "Layout", "measure_layout", "screenshot_at"]

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Log lines that mean the page itself misbehaved (not Chromium's own start-up chatter).
#: Chromium logs every console message at INFO level, so any CONSOLE line counts: our
#: reports never write to the console, so anything there is an error or a CSP violation.
_PAGE_ERROR = re.compile(
    r"(Uncaught|:CONSOLE[:(]|Refused to (load|execute|apply|connect)|"
    r"Content Security Policy|net::ERR_|Failed to load resource)"
)


def find_chromium() -> str | None:
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass(frozen=True)
class BrowserRun:
    dom: str
    screenshot: Path
    console_errors: list[str]
    log: str


def _flags(profile: Path) -> list[str]:
    return [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--metrics-recording-only", "--hide-scrollbars", "--mute-audio",
        f"--user-data-dir={profile}",
    ]


def open_page(html_file: Path, screenshot: Path, *, width: int = 1280, height: int = 2000,
              timeout: float = 90.0) -> BrowserRun:
    """Render ``html_file`` twice (DOM dump with logging; screenshot) and collect page errors."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("chromium is not installed")
    url = html_file.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="policylint-chromium-") as tmp:
        dom_run = subprocess.run(
            [chromium, *_flags(Path(tmp) / "dom"), "--enable-logging=stderr", "--v=0",
             "--virtual-time-budget=2000", "--dump-dom", url],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        shot_run = subprocess.run(
            [chromium, *_flags(Path(tmp) / "shot"), f"--window-size={width},{height}",
             f"--screenshot={screenshot}", url],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    log = dom_run.stderr + "\n" + shot_run.stderr
    errors = [line for line in dom_run.stderr.splitlines() if _PAGE_ERROR.search(line)]
    if dom_run.returncode != 0 or not screenshot.exists():
        raise RuntimeError(f"chromium failed (rc {dom_run.returncode}/{shot_run.returncode}):\n{log[-3000:]}")
    return BrowserRun(dom=dom_run.stdout, screenshot=screenshot, console_errors=errors, log=log)


#: Measures the rendered page: how wide it is against the viewport, which elements stick out
#: of it, which clip their text, and which sibling boxes overprint each other. The result is
#: written into the DOM as JSON, so ``--dump-dom`` carries it out of the browser.
_LAYOUT_SCRIPT = r"""
(function () {
  function name(el) {
    var cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).join('.');
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (cls ? '.' + cls : '');
  }
  function visible(r) { return r.width > 0 && r.height > 0; }
  var vw = document.documentElement.clientWidth;
  var out = {viewport: vw, scrollWidth: document.documentElement.scrollWidth,
             height: document.documentElement.scrollHeight, outside: [], clipped: [], overlaps: []};
  var all = document.querySelectorAll('body *');
  for (var i = 0; i < all.length; i++) {
    var el = all[i];
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    var r = el.getBoundingClientRect();
    if (!visible(r)) continue;
    if (r.right > vw + 1 || r.left < -1) out.outside.push(name(el) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
    var cs = getComputedStyle(el);
    if ((cs.overflowX === 'hidden' || cs.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1)
      out.clipped.push(name(el));
    var kids = [];
    for (var k = 0; k < el.children.length && el.children.length < 40; k++) {
      var c = el.children[k], cr = c.getBoundingClientRect(), ccs = getComputedStyle(c);
      // a wrapped inline box reports the union of its lines, so only boxes are compared
      if (visible(cr) && ccs.display !== 'inline' && ccs.position !== 'absolute' && ccs.position !== 'fixed'
          && c.tagName.toLowerCase() !== 'title')
        kids.push([c, cr]);
    }
    for (var a = 0; a < kids.length; a++) for (var b = a + 1; b < kids.length; b++) {
      var p = kids[a][1], q = kids[b][1];
      var w = Math.min(p.right, q.right) - Math.max(p.left, q.left), h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 2 && h > 2) out.overlaps.push(name(kids[a][0]) + ' x ' + name(kids[b][0]));
    }
  }
  var host = window.parent.document;  // the page is measured inside a frame of the wanted width
  var pre = host.createElement('pre');
  pre.id = 'layout-report';
  pre.textContent = JSON.stringify(out);
  host.body.appendChild(pre);
})();
"""


def _framed(html: str, width: int, height: int) -> str:
    """A page holding ``html`` in a frame exactly ``width`` CSS pixels wide.

    Headless Chromium will not make its window narrower than 500 px, but a frame's media
    queries and layout follow the frame's own width, so a phone screen (390 px) is measured
    and photographed faithfully inside one. ``srcdoc`` keeps the frame same-origin.
    """
    import html as html_module

    return ("<!DOCTYPE html><html><head><style>html,body{margin:0;background:#888}"
            "iframe{border:0;display:block;background:#fff}</style></head><body>"
            f'<iframe width="{width}" height="{height}" srcdoc="{html_module.escape(html, quote=True)}"></iframe>'
            "</body></html>")


def screenshot_at(html_file: Path, screenshot: Path, *, width: int, height: int = 2400, timeout: float = 90.0) -> Path:
    """A screenshot of ``html_file`` laid out ``width`` CSS pixels wide (the first ``height`` pixels)."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="policylint-shot-") as tmp:
        page = Path(tmp) / "framed.html"
        page.write_text(_framed(html_file.read_text(encoding="utf-8"), width, height), encoding="utf-8")
        run = subprocess.run(
            [chromium, *_flags(Path(tmp) / "profile"), f"--window-size={max(width, 500)},{height}",
             "--virtual-time-budget=2000", f"--screenshot={screenshot}", page.as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    if not screenshot.exists():
        raise RuntimeError(f"chromium failed (rc {run.returncode}):\n{run.stderr[-3000:]}")
    return screenshot


@dataclass(frozen=True)
class Layout:
    width: int  # the viewport's CSS width
    scroll_width: int  # the page's: wider than the viewport means sideways scrolling
    height: int
    outside: list[str]  # elements reaching past either edge of the viewport
    clipped: list[str]  # elements that cut their own text off
    overlaps: list[str]  # sibling boxes drawn over each other

    @property
    def overflows(self) -> bool:
        return self.scroll_width > self.width or bool(self.outside)


def measure_layout(html_file: Path, width: int, *, height: int = 900, open_details: bool = True,
                   timeout: float = 90.0) -> Layout:
    """Render a copy of ``html_file`` at ``width`` CSS pixels and measure it (see _LAYOUT_SCRIPT).

    The copy drops the report's Content-Security-Policy (which rightly forbids any script but
    its own) and, with ``open_details``, opens every folded block, so hidden evidence is
    measured too.
    """
    import json

    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("chromium is not installed")
    html = html_file.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    if open_details:
        html = html.replace("<details", "<details open")
    html = html.replace("</body>", f"<script>{_LAYOUT_SCRIPT}</script></body>")
    with tempfile.TemporaryDirectory(prefix="policylint-layout-") as tmp:
        page = Path(tmp) / "framed.html"
        page.write_text(_framed(html, width, height), encoding="utf-8")
        run = subprocess.run(
            [chromium, *_flags(Path(tmp) / "profile"), f"--window-size={max(width, 500)},{height}",
             "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    match = re.search(r'<pre id="layout-report">(.*?)</pre>', run.stdout, re.S)
    if run.returncode != 0 or match is None:
        raise RuntimeError(f"chromium failed (rc {run.returncode}):\n{run.stderr[-3000:]}")
    import html as html_module

    data = json.loads(html_module.unescape(match[1]))
    return Layout(width=data["viewport"], scroll_width=data["scrollWidth"], height=data["height"],
                  outside=data["outside"], clipped=data["clipped"], overlaps=data["overlaps"])
