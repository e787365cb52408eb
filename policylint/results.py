"""Result records: what the engine decides and every reporter reads.

Coverage is the primary result (document -> topic -> element -> status, with
evidence). Findings (the weak and missing items a linter reports) are derived from
coverage by :func:`policylint.engine.findings.derive_findings`. Reporters read these
records only; none re-runs matching.

All records are frozen and convert to plain dicts with ``to_dict()``; the JSON
reporter's output is exactly those dicts (see docs/json-output.md, schema "1").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .model import Diagnostic

__all__ = [
    "ElementStatus",
    "TopicStatus",
    "LawRef",
    "Severity",
    "Evidence",
    "ElementCoverage",
    "Waiver",
    "TopicCoverage",
    "Finding",
    "PackInfo",
    "DocumentResult",
    "LintResult",
    "SCHEMA_VERSION",
    "CLASSIC_TOPIC_STATUSES",
]

SCHEMA_VERSION = "1"


class ElementStatus(str, Enum):
    PRESENT = "present"  # written as a binding mandate / prohibition (or, for kind presence, there)
    HEDGED = "hedged"  # there, but only in permissive, hedged or swallowed-by-exception language
    ABSENT = "absent"  # not found
    WAIVED = "waived"  # a waiver names this element
    #: Only in packs that opt in (``contradictions: true``, the state-law packs): the manual
    #: permits or requires what the statute bans ("a carotid restraint may be used"). Ranked
    #: above hedged and absent: the manual is not just silent, it says the opposite.
    CONTRADICTED = "contradicted"
    #: Only for elements with an ``effective`` date after the run's ``--as-of`` date: the
    #: requirement was not yet law that day, so it is reported as such, never as a gap.
    NOT_IN_FORCE = "not-in-force"


class TopicStatus(str, Enum):
    COVERED = "covered"
    WEAK = "weak"
    MISSING = "missing"
    WAIVED = "waived"
    #: A required element of the topic is CONTRADICTED (state-law packs only); ranked above
    #: weak and missing.
    CONTRADICTED = "contradicted"
    #: Every required element of the topic is NOT_IN_FORCE on the run's ``--as-of`` date.
    NOT_IN_FORCE = "not-in-force"


#: Statuses every document summary lists; the others appear only when a document has them
#: (only state-law packs produce them), so best-practice runs keep their output unchanged.
CLASSIC_TOPIC_STATUSES = (TopicStatus.COVERED, TopicStatus.WEAK, TopicStatus.MISSING, TopicStatus.WAIVED)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def reaches(self, fail_on: str) -> bool:
        """Is this severity at or above the ``--fail-on`` threshold (``never`` is never reached)?"""
        return fail_on != "never" and self.rank >= Severity(fail_on).rank


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quoted sentence that decided (or informed) an element's status."""

    text: str
    page: int | None
    section: str | None  # section label, e.g. "300.3 DUTY TO INTERCEDE"
    line: int | None
    paragraph: int | None = None
    modality: str = ""  # "binding" | "prohibition" | "hedged" | "permissive" | "plain" | "exception"
    hedge: str | None = None  # the hedge or exception text that weakened it, if any
    in_topic_section: bool = False  # found inside one of the topic's own sections

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "page": self.page,
            "section": self.section,
            "line": self.line,
            "paragraph": self.paragraph,
            "modality": self.modality,
            "hedge": self.hedge,
            "in_topic_section": self.in_topic_section,
        }


@dataclass(frozen=True, slots=True)
class LawRef:
    """The statute an element of a state-law pack encodes, and since when it is law."""

    citation: str  # "Cal. Gov. Code 7286(b)"
    effective: str  # ISO date the requirement took effect
    amended_by: str | None = None  # the amending act that added this requirement ("AB 26")
    note: str | None = None  # what about the date or numbering was not verified
    in_force: bool = True  # in force on the run's as-of date

    def to_dict(self) -> dict[str, object]:
        return {
            "citation": self.citation,
            "effective": self.effective,
            "amended_by": self.amended_by,
            "note": self.note,
            "in_force": self.in_force,
        }


@dataclass(frozen=True)
class ElementCoverage:
    id: str
    title: str
    status: ElementStatus
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # one sentence: why this status
    required: bool = True
    waiver: "Waiver | None" = None
    law: LawRef | None = None  # set for elements of state-law packs only

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "required": self.required,
            "reason": self.reason,
            "evidence": [e.to_dict() for e in self.evidence],
            "waiver": self.waiver.to_dict() if self.waiver else None,
        }
        if self.law is not None:  # (added key: only state-law packs carry it)
            out["law"] = self.law.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Waiver:
    """A documented decision to accept a gap. Always shown, never silent."""

    topic: str
    reason: str
    element: str | None = None
    pack: str | None = None
    document: str | None = None  # glob
    approved_by: str | None = None
    expires: str | None = None  # ISO date
    source: str | None = None  # where it was declared: file:line or "inline"

    def to_dict(self) -> dict[str, object]:
        return {
            "topic": self.topic,
            "element": self.element,
            "pack": self.pack,
            "reason": self.reason,
            "document": self.document,
            "approved_by": self.approved_by,
            "expires": self.expires,
            "source": self.source,
        }


@dataclass(frozen=True)
class TopicCoverage:
    pack: str
    topic: str
    title: str
    status: TopicStatus
    severity: Severity  # severity if missing (after config overrides)
    elements: tuple[ElementCoverage, ...] = ()
    sections: tuple[str, ...] = ()  # labels of sections dedicated to the topic
    first_page: int | None = None  # first page of its first dedicated section (or first mention)
    first_line: int | None = None
    mentions: int = 0
    reason: str = ""
    waiver: Waiver | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "pack": self.pack,
            "topic": self.topic,
            "title": self.title,
            "status": self.status.value,
            "severity": self.severity.value,
            "reason": self.reason,
            "sections": list(self.sections),
            "first_page": self.first_page,
            "first_line": self.first_line,
            "mentions": self.mentions,
            "waiver": self.waiver.to_dict() if self.waiver else None,
            "elements": [e.to_dict() for e in self.elements],
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One reportable problem: a missing or weak topic, or a hedged/absent element of a weak topic.

    ``rule`` is ``pack/topic`` for topic-level findings and ``pack/topic/element`` for
    element-level ones. ``fingerprint`` does not depend on page or line numbers.
    """

    rule: str
    pack: str
    topic: str
    element: str | None
    status: str  # "missing" | "weak" | "hedged" | "absent" | "contradicted"
    severity: Severity
    message: str
    page: int | None
    section: str | None
    line: int | None = None
    evidence: str | None = None  # the quoted sentence, when there is one
    fingerprint: str = ""
    waived: bool = False
    waiver_reason: str | None = None
    essential: bool = False  # the element is essential to its topic (docs/severity.md)
    help_url: str | None = None  # the rule's reference page, for shipped packs

    @property
    def active(self) -> bool:
        """Counts towards ``--fail-on`` (a waived finding is shown but never fails a run)."""
        return not self.waived

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "pack": self.pack,
            "topic": self.topic,
            "element": self.element,
            "status": self.status,
            "severity": self.severity.value,
            "message": self.message,
            "page": self.page,
            "section": self.section,
            "line": self.line,
            "evidence": self.evidence,
            "fingerprint": self.fingerprint,
            "waived": self.waived,
            "waiver_reason": self.waiver_reason,
            "essential": self.essential,
            "help_url": self.help_url,
        }


@dataclass(frozen=True, slots=True)
class PackInfo:
    id: str
    title: str
    version: str
    path: str
    bundled: bool = False  # shipped with policylint (its path is an install location, not the user's)
    docs_url: str | None = None  # the pack's reference page (shipped packs only)
    state: str | None = None  # two-letter code of a state-law pack ("ca"), None otherwise

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "title": self.title, "version": self.version, "path": self.path,
                                  "bundled": self.bundled, "docs_url": self.docs_url}
        if self.state is not None:
            out["state"] = self.state
        return out


@dataclass(frozen=True)
class DocumentResult:
    path: str
    format: str | None
    pages: int | None
    sha256: str | None
    diagnostics: tuple[Diagnostic, ...] = ()
    coverage: tuple[TopicCoverage, ...] = ()
    findings: tuple[Finding, ...] = ()
    agency: str | None = None

    @property
    def readable(self) -> bool:
        """False when nothing could be judged (every topic would be a false 'missing')."""
        return self.format is not None and bool(self.coverage)

    def counts(self) -> dict[str, int]:
        """Topics per status: the four classic statuses always, the others when present."""
        out = {s.value: 0 for s in CLASSIC_TOPIC_STATUSES}
        for topic in self.coverage:
            out[topic.status.value] = out.get(topic.status.value, 0) + 1
        return out

    def topic_findings(self, pack: str, topic: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.pack == pack and f.topic == topic)

    def element_finding(self, pack: str, topic: str, element: str) -> Finding | None:
        return next((f for f in self.findings if f.pack == pack and f.topic == topic and f.element == element), None)

    def topic_severity(self, pack: str, topic: str) -> Severity | None:
        """The severity a topic's status carries: the highest of its active findings (docs/severity.md).

        None when nothing about the topic is reported (covered with no gap, waived, or every
        finding accepted by a baseline or left out by ``--select``/``--ignore``).
        """
        active = [f.severity for f in self.topic_findings(pack, topic) if f.active]
        return max(active, key=lambda s: s.rank) if active else None

    def to_dict(self) -> dict[str, object]:
        coverage = []
        for c in self.coverage:
            severity = self.topic_severity(c.pack, c.topic)
            coverage.append(c.to_dict() | {"status_severity": severity.value if severity else None})
        return {
            "path": self.path,
            "format": self.format,
            "pages": self.pages,
            "sha256": self.sha256,
            "agency": self.agency,
            "summary": self.counts(),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "coverage": coverage,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class LintResult:
    """Everything one run decided: the documents, and the packs and waivers it used."""

    documents: tuple[DocumentResult, ...]
    packs: tuple[PackInfo, ...]
    tool_version: str
    waivers: tuple[Waiver, ...] = ()
    problems: tuple[Diagnostic, ...] = ()  # run-level: unused/expired waivers, config warnings
    baseline_suppressed: int = 0
    extra: dict[str, object] = field(default_factory=dict)
    #: ISO date the state-law packs were judged against (None when the run has none)
    as_of: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "policylint", "version": self.tool_version},
            "packs": [p.to_dict() for p in self.packs],
            "waivers": [w.to_dict() for w in self.waivers],
            "problems": [p.to_dict() | {"path": p.path} for p in self.problems],
            "baseline_suppressed": self.baseline_suppressed,
            **({"as_of": self.as_of} if self.as_of is not None else {}),
            "documents": [d.to_dict() for d in self.documents],
        }
