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

__all__ = ["find_chromium", "BrowserRun", "open_page"]

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
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
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
