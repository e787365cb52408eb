"""Reporters: each output format is its own small module behind one protocol.

A reporter is a function ``render(result: LintResult, options: RenderOptions) -> str``.
Reporters read the coverage and finding records only; none re-runs matching. The
registry maps a format name to ``module:function`` so a format's dependencies (jinja2
for HTML) load only when that format is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..results import LintResult

__all__ = ["FORMATS", "RenderOptions", "render", "get_reporter"]

#: format name -> "module:function"
FORMATS: dict[str, str] = {
    "text": "policylint.report.text:render",
    "json": "policylint.report.json:render",
    "markdown": "policylint.report.markdown:render",
    "html": "policylint.report.html:render",
    "sarif": "policylint.report.sarif:render",
    "github": "policylint.report.github:render",
    "junit": "policylint.report.junit:render",
    "gitlab": "policylint.report.gitlab:render",
    # the statute crosswalk of the state-law packs (see report/crosswalk.py)
    "crosswalk": "policylint.report.crosswalk:render_markdown",
    "crosswalk-html": "policylint.report.crosswalk:render_html",
    "crosswalk-csv": "policylint.report.crosswalk:render_csv",
}


@dataclass(frozen=True)
class RenderOptions:
    """What a reporter may need beyond the records."""

    color: bool = False  # ANSI colours (text reporter, only when writing to a terminal)
    root: Path | None = None  # base for repo-relative paths (SARIF, GitHub annotations, JUnit, GitLab)
    verbose: bool = False  # include covered topics and present elements in text output
    fail_on: str = "error"  # the run's failing threshold: JUnit marks failures by it
    sarif_category: str | None = None  # SARIF runAutomationDetails id, only when asked for


Reporter = Callable[[LintResult, RenderOptions], str]


def get_reporter(fmt: str) -> Reporter:
    """The render function for ``fmt``; KeyError for an unknown format."""
    module_name, attr = FORMATS[fmt].split(":")
    return getattr(importlib.import_module(module_name), attr)


def render(fmt: str, result: LintResult, options: RenderOptions | None = None) -> str:
    return get_reporter(fmt)(result, options or RenderOptions())
