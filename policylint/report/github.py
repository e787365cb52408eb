"""GitHub Actions workflow-command annotations.

One ``::group::<path>`` per document and one annotation per finding, errors first.
GitHub shows at most 10 error and 10 warning annotations per step (extra ones are
dropped silently), so the ``check`` command also appends the Markdown report to
``$GITHUB_STEP_SUMMARY``; this output ends by saying so. Waived findings get no
annotation (they are accepted gaps, listed in the summary).

Escaping follows ``@actions/core`` (command.ts): in the message ``%``, ``\\r``, ``\\n``;
in property values also ``:`` and ``,``. File paths are relative to the repository root, as
GitHub needs them. ``line`` is given only when it is a line of the file (Markdown, text,
HTML); a finding in a PDF or DOCX is annotated on the file, with the page in the message.
"""

from __future__ import annotations

from ..model import Diagnostic
from ..results import Finding, LintResult
from . import RenderOptions
from .presentation import finding_location, one_line, page_span, relative_path, split_source, text_line

__all__ = ["render", "escape_data", "escape_property", "annotation"]

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
_RANK = {"error": 0, "warning": 1, "notice": 2}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, *, file: str, line: int | None, title: str, message: str) -> str:
    """One ``::command file=..,line=..,title=..::message`` line, escaped (no ``line`` when unknown)."""
    props = [f"file={escape_property(file)}"] + ([f"line={line}"] if line else []) + [f"title={escape_property(title)}"]
    return f"::{command} {','.join(props)}::{escape_data(message)}"


def render(result: LintResult, options: RenderOptions) -> str:
    lines: list[str] = []
    shown = 0
    waived = 0
    for doc in result.documents:
        path = relative_path(doc.path, options.root)
        entries: list[tuple[int, int, str]] = []  # (rank, order, line) so errors come first, stably
        for order, diagnostic in enumerate(doc.diagnostics):
            command = "error" if diagnostic.severity == "error" else "warning"
            entries.append((_RANK[command], order, _diagnostic_line(diagnostic, path, command)))
        for order, finding in enumerate(doc.findings, start=len(doc.diagnostics)):
            if finding.waived:
                waived += 1
                continue
            command = _COMMAND[finding.severity.value]
            entries.append((_RANK[command], order, _finding_line(finding, path, command, text_line(doc.format, finding.line))))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        lines.append(f"::group::{escape_data(path)}")
        lines.extend(entry[2] for entry in entries)
        if not entries:
            lines.append(f"{path}: no findings")
        lines.append("::endgroup::")
        shown += len(entries)
    for problem in result.problems:
        command = "error" if problem.severity == "error" else "warning"
        source, line = split_source(problem.path)  # a waiver's "file:line"
        lines.append(_diagnostic_line(problem, relative_path(source, options.root), command, "policylint/run", line))
        shown += 1
    note = f"policylint: {shown} annotation(s)"
    if waived:
        note += f", {waived} waived finding(s) not annotated"
    lines.append(note + "; GitHub shows at most 10 errors and 10 warnings per step, "
                 "the job summary lists everything.")
    return "\n".join(lines) + "\n"


def _finding_line(finding: Finding, path: str, command: str, line: int | None) -> str:
    title = f"{finding.rule} ({finding.status})"
    message = one_line(finding.message)
    where = finding_location(finding)
    message += f" [{where}]"
    if finding.evidence:
        message += f"\nEvidence: \"{one_line(finding.evidence)}\""
    if finding.help_url:
        message += f"\nRule: {finding.help_url}"
    return annotation(command, file=path, line=line, title=title, message=message)


def _diagnostic_line(diagnostic: Diagnostic, path: str, command: str, prefix: str = "policylint/input",
                     line: int | None = None) -> str:
    where = f" [{page_span(diagnostic)}]" if diagnostic.page is not None else ""
    return annotation(command, file=path, line=line, title=f"{prefix}/{diagnostic.code}",
                      message=one_line(diagnostic.message) + where)
