"""Presentation helpers shared by the human- and CI-facing reporters.

Every reporter beyond text/json needs the same few things: a repo-relative path with
POSIX separators, a person-readable citation of a piece of evidence ("p. 41, 300.3 Duty
to Intercede"), a label for each status that does not rely on colour, and a stable
ordering of topics. Keeping them here means the Markdown summary, the HTML report,
the SARIF log and the annotations always say the same thing the same way.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from ..model import Diagnostic, DiagnosticCode, page_runs
from ..results import DocumentResult, Evidence, Finding, LintResult, TopicCoverage, TopicStatus

__all__ = [
    "STATUS_ORDER",
    "LAW_STATUSES",
    "law_statuses_in",
    "STATUS_LABEL",
    "STATUS_EMOJI",
    "ELEMENT_EMOJI",
    "relative_path",
    "cite",
    "finding_location",
    "document_name",
    "fingerprint_of",
    "diagnostic_rule_id",
    "diagnostic_name",
    "error_diagnostics",
    "page_span",
    "is_unreadable",
    "ordered_topics",
    "one_line",
    "totals",
    "LINE_FORMATS",
    "text_line",
    "file_location",
    "split_source",
    "DiagnosticGroup",
    "group_diagnostics",
    "rule_titles",
]

#: Formats whose ``line`` is a line of the file itself (for PDF it is the line on a page).
LINE_FORMATS = frozenset({"markdown", "text", "html"})

#: Gaps first: the order a reader wants to meet topics in. A contradiction (state-law packs:
#: the manual permits what a statute bans) comes before every gap; a topic whose law was not
#: yet in force on the as-of date comes last.
STATUS_ORDER: dict[str, int] = {"contradicted": -1, "missing": 0, "weak": 1, "waived": 2, "covered": 3, "not-in-force": 4}

#: Statuses only state-law packs produce; reporters show them only when a result has them,
#: so the output of best-practice runs is unchanged.
LAW_STATUSES: tuple[str, ...] = ("contradicted", "not-in-force")

STATUS_LABEL: dict[str, str] = {
    "covered": "Covered",
    "weak": "Weak",
    "missing": "Missing",
    "waived": "Waived",
    "unreadable": "Unreadable",
    "present": "Present",
    "hedged": "Hedged",
    "absent": "Absent",
    "contradicted": "Contradicted",
    "not-in-force": "Not in force",
}

#: Emoji always travel with the word (status is never carried by colour or symbol alone).
STATUS_EMOJI: dict[str, str] = {
    "covered": "\u2705",  # check mark button
    "weak": "\u26a0\ufe0f",  # warning sign
    "missing": "\u274c",  # cross mark
    "waived": "\u23f8\ufe0f",  # pause: accepted, not fixed
    "unreadable": "\U0001f6ab",  # prohibited
    "contradicted": "\u26d4",  # no entry: the manual permits what the law bans
    "not-in-force": "\u23f3",  # hourglass: not yet law on the as-of date
}

ELEMENT_EMOJI: dict[str, str] = {
    "present": "\u2705",
    "hedged": "\u26a0\ufe0f",
    "absent": "\u274c",
    "waived": "\u23f8\ufe0f",
    "contradicted": "\u26d4",
    "not-in-force": "\u23f3",
}

_WS = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """Collapse every run of whitespace (newlines included) to one space."""
    return _WS.sub(" ", text or "").strip()


def relative_path(path: str, root: Path | None = None) -> str:
    """``path`` relative to ``root`` (default: the current directory), with ``/`` separators.

    Paths outside the root stay as given (still with POSIX separators): a made-up
    ``../../`` chain would not be stable across checkouts either.
    """
    base = Path(root) if root is not None else Path.cwd()
    candidate = Path(path)
    # a path relative to the current folder is re-expressed from the root (a run from a
    # subfolder still names files from the repository root)
    absolute = candidate if candidate.is_absolute() else Path.cwd() / candidate
    try:
        candidate = absolute.resolve().relative_to(base.resolve())
    except ValueError:
        try:
            candidate = absolute.relative_to(base)
        except ValueError:
            pass
    text = str(candidate).replace(os.sep, "/").replace("\\", "/")
    return str(PurePosixPath(text)) if text else text


def text_line(fmt: str | None, line: int | None) -> int | None:
    """``line`` when it is a line of the file (Markdown, text, HTML); None for PDF and DOCX."""
    return line if fmt in LINE_FORMATS else None


def file_location(path: str, fmt: str | None, page: int | None, line: int | None, paragraph: int | None = None) -> str:
    """``manual.md:88`` (a line of the file, clickable in terminals and editors); for formats
    without file lines ``manual.pdf (p. 41, line 3)`` or ``manual.docx (paragraph 120)``;
    the bare path at document level."""
    file_line = text_line(fmt, line)
    if file_line is not None:
        return f"{path}:{file_line}"
    parts = []
    if page is not None:
        parts.append(f"p. {page}" + (f", line {line}" if line is not None else ""))
    elif paragraph is not None:
        parts.append(f"paragraph {paragraph}")
    return f"{path} ({parts[0]})" if parts else path


def split_source(source: str) -> tuple[str, int | None]:
    """``".policylint.yaml:12"`` -> (".policylint.yaml", 12); a path without a line -> (path, None)."""
    head, sep, tail = source.rpartition(":")
    if sep and head and tail.isdigit():
        return head, int(tail)
    return source, None


@dataclass(frozen=True)
class DiagnosticGroup:
    """Diagnostics of one code and severity in one file, pages merged into ranges."""

    code: str
    severity: str
    message: str  # the single message, or a summary naming the pages
    pages: str  # "p. 3", "pp. 3, 17-18, 40" or ""
    count: int


#: How a grouped per-page problem reads ("19 pages: pp. 3, 7-9 ... have no text layer ...").
_GROUP_PHRASE = {
    DiagnosticCode.NO_TEXT_LAYER.value: "have no text layer (images only); their text was not read",
    DiagnosticCode.PARTIAL.value: "could be read only in part",
}


def group_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[DiagnosticGroup]:
    """One entry per (code, severity), in first-seen order: a manual with 19 scanned pages
    gets one line naming the page ranges, not 19 lines."""
    groups: dict[tuple[str, str], list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        groups.setdefault((diagnostic.code, diagnostic.severity), []).append(diagnostic)
    out: list[DiagnosticGroup] = []
    for (code, severity), items in groups.items():
        pages: list[int] = []
        for d in items:
            if d.page is not None:
                pages.extend(range(d.page, (d.page_end or d.page) + 1))
        spans = sorted(set(pages))
        runs = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in page_runs(spans))
        label = "" if not spans else (f"p. {runs}" if len(spans) == 1 else f"pp. {runs}")
        if len(items) == 1:
            out.append(DiagnosticGroup(code, severity, items[0].message, label, 1))
            continue
        phrase = _GROUP_PHRASE.get(code)
        name = _file_prefix(items[0])
        if phrase and spans:
            message = f"{name}{len(spans)} pages ({label}) {phrase}"
        else:
            message = f"{name}{len(items)} problems; the first: {_strip_file(items[0])}"
        out.append(DiagnosticGroup(code, severity, message, label, len(items)))
    return out


def _file_prefix(diagnostic: Diagnostic) -> str:
    """Readers start many messages with the file's name; a grouped message keeps that habit."""
    for prefix in (f"{diagnostic.path}: ", f"{Path(diagnostic.path).name}: "):
        if diagnostic.path and diagnostic.message.startswith(prefix):
            return prefix
    return ""


def _strip_file(diagnostic: Diagnostic) -> str:
    prefix = _file_prefix(diagnostic)
    return diagnostic.message[len(prefix):] if prefix else diagnostic.message


def document_name(doc: DocumentResult) -> str:
    """The agency when the document names it, else the file name."""
    return doc.agency or PurePosixPath(doc.path.replace("\\", "/")).name


def cite(page: int | None, section: str | None, line: int | None = None, paragraph: int | None = None) -> str:
    """``p. 41, 300.3 Duty to Intercede``; ``line 88, 4.2 Reporting``; ``document`` when nothing is known."""
    parts: list[str] = []
    if page is not None:
        parts.append(f"p. {page}")
    elif paragraph is not None:
        parts.append(f"paragraph {paragraph}")
    elif line is not None:
        parts.append(f"line {line}")
    if section:
        parts.append(one_line(section))
    return ", ".join(parts) or "document"


def cite_evidence(evidence: Evidence) -> str:
    return cite(evidence.page, evidence.section, evidence.line, evidence.paragraph)


def finding_location(finding: Finding) -> str:
    """Where a finding sits, for messages: a citation, or "document level" for a missing topic."""
    if finding.page is None and finding.section is None and finding.line is None:
        return "document level"
    return cite(finding.page, finding.section, finding.line)


def fingerprint_of(finding: Finding, path: str) -> str:
    """The engine's fingerprint; a line-independent stand-in when a record carries none.

    The stand-in hashes what the engine's own fingerprint is built from (rule, document,
    section) and never a page or line number, so it survives edits above the finding.
    """
    if finding.fingerprint:
        return finding.fingerprint
    basis = "|".join([finding.rule, path, one_line(finding.section).lower(), finding.status])
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def diagnostic_name(code: str) -> str:
    """``PL101`` -> ``no-text-layer`` (from the DiagnosticCode enum); the code itself if unknown."""
    for member in DiagnosticCode:
        if member.value == code:
            return member.name.lower().replace("_", "-")
    return code.lower()


def diagnostic_rule_id(diagnostic: Diagnostic) -> str:
    """Rule id under which a reading problem is reported: ``policylint/input/PL101``."""
    return f"policylint/input/{diagnostic.code}"


def page_span(diagnostic: Diagnostic) -> str:
    """``p. 17``, ``pp. 17-18``, or an empty string for a document-wide problem."""
    if diagnostic.page is None:
        return ""
    if diagnostic.page_end not in (None, diagnostic.page):
        return f"pp. {diagnostic.page}-{diagnostic.page_end}"
    return f"p. {diagnostic.page}"


def error_diagnostics(doc: DocumentResult) -> tuple[Diagnostic, ...]:
    return tuple(d for d in doc.diagnostics if d.severity == "error")


def is_unreadable(doc: DocumentResult) -> bool:
    """Nothing could be judged: every topic would otherwise read as a false 'missing'."""
    return not doc.readable


def law_statuses_in(result: LintResult) -> tuple[str, ...]:
    """The state-law statuses (contradicted, not-in-force) that some topic of ``result`` has."""
    found = {t.status.value for d in result.documents for t in d.coverage} | {
        e.status.value for d in result.documents for t in d.coverage for e in t.elements
    }
    return tuple(s for s in LAW_STATUSES if s in found)


def ordered_topics(doc: DocumentResult) -> list[TopicCoverage]:
    """Contradicted, missing, weak, waived, covered, not in force; pack order inside each status."""
    indexed = list(enumerate(doc.coverage))
    indexed.sort(key=lambda pair: (STATUS_ORDER.get(pair[1].status.value, 9), pair[0]))
    return [topic for _, topic in indexed]


def rule_titles(result: LintResult) -> dict[str, str]:
    """rule id -> human title, read from the coverage records (topic and element titles)."""
    titles: dict[str, str] = {}
    for doc in result.documents:
        for topic in doc.coverage:
            titles.setdefault(f"{topic.pack}/{topic.topic}", topic.title)
            for element in topic.elements:
                titles.setdefault(f"{topic.pack}/{topic.topic}/{element.id}", f"{topic.title}: {element.title}")
    return titles


def totals(result: LintResult) -> dict[str, int]:
    """Topic counts over every readable document, plus document counts."""
    out = {s.value: 0 for s in TopicStatus}
    for doc in result.documents:
        for key, value in doc.counts().items():
            out[key] += value
    out["documents"] = len(result.documents)
    out["unreadable"] = sum(1 for doc in result.documents if is_unreadable(doc))
    return out
