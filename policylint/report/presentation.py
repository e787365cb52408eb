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
from pathlib import Path, PurePosixPath

from ..model import Diagnostic, DiagnosticCode
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
]

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
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(base.resolve())
        except ValueError:
            try:
                candidate = candidate.relative_to(base)
            except ValueError:
                pass
    text = str(candidate).replace(os.sep, "/").replace("\\", "/")
    return str(PurePosixPath(text)) if text else text


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


def totals(result: LintResult) -> dict[str, int]:
    """Topic counts over every readable document, plus document counts."""
    out = {s.value: 0 for s in TopicStatus}
    for doc in result.documents:
        for key, value in doc.counts().items():
            out[key] += value
    out["documents"] = len(result.documents)
    out["unreadable"] = sum(1 for doc in result.documents if is_unreadable(doc))
    return out
