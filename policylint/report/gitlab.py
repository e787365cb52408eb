"""GitLab Code Quality report (``artifacts: reports: codequality:``) for merge-request widgets.

A JSON array of issues, each with ``description``, ``check_name`` (the rule id),
``fingerprint`` (unique per issue, stable across runs: the engine's line-free fingerprint
plus the file's path), ``severity`` and ``location`` (``path`` relative to the repository
root, ``lines.begin``). Severities map as eslint-formatter-gitlab does: error -> ``major``,
warning -> ``minor``, info -> ``info``; an unreadable file is ``major``. Waived findings are
left out (Code Quality has no notion of an accepted issue; the other reports keep them).
A PDF or DOCX has no text lines GitLab could show, so its issues sit on line 1 and the
description names the page or paragraph.
"""

from __future__ import annotations

import hashlib

from ..jsontext import indented_json
from ..model import Diagnostic
from ..results import Finding, LintResult
from . import RenderOptions
from .presentation import finding_location, fingerprint_of, one_line, page_span, relative_path, text_line

__all__ = ["render", "GITLAB_SEVERITY"]

GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(result: LintResult, options: RenderOptions) -> str:
    issues: list[dict[str, object]] = []
    for doc in result.documents:
        path = relative_path(doc.path, options.root)
        for diagnostic in doc.diagnostics:
            issues.append(_diagnostic_issue(diagnostic, path))
        for finding in doc.findings:
            if not finding.waived:
                issues.append(_finding_issue(finding, path, text_line(doc.format, finding.line)))
    return indented_json(issues)


def _unique(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _finding_issue(finding: Finding, path: str, line: int | None) -> dict[str, object]:
    where = finding_location(finding)
    description = one_line(finding.message) + (f" ({where})" if where != "document level" else "")
    return {
        "type": "issue",
        "description": description,
        "check_name": finding.rule,
        "categories": ["Compliance"],
        "severity": GITLAB_SEVERITY[finding.severity.value],
        "fingerprint": _unique(fingerprint_of(finding, path), path),
        "location": {"path": path, "lines": {"begin": line or 1}},
    }


def _diagnostic_issue(diagnostic: Diagnostic, path: str) -> dict[str, object]:
    where = page_span(diagnostic)
    return {
        "type": "issue",
        "description": one_line(diagnostic.message) + (f" ({where})" if where else ""),
        "check_name": f"policylint/input/{diagnostic.code}",
        "categories": ["Bug Risk"],
        "severity": "major" if diagnostic.severity == "error" else "minor",
        "fingerprint": _unique(diagnostic.code, path, str(diagnostic.page or 0)),
        "location": {"path": path, "lines": {"begin": 1}},
    }
