"""Findings: the reportable gaps, derived from coverage (never by re-running matching).

* a MISSING topic -> one finding (status ``missing``, located at the document);
* a WEAK topic -> one finding per required element that is ``hedged`` or ``absent``,
  located at its best evidence or at the topic's first section;
* a COVERED topic -> the same per-element findings, at severity ``info``, so no gap goes
  unnamed while ``--fail-on warning``/``error`` is unaffected;
* a WAIVED topic or element -> the same findings it would have produced, marked
  ``waived`` with the reason (kept, never dropped; they never fail a run);
* a CONTRADICTED element (state-law packs only: the manual permits what the statute bans)
  -> one finding at the topic's full severity (that of a missing topic), whatever the
  topic's status: it ranks above weak and missing; the topic's other gaps are reported
  as for a weak topic;
* a NOT-IN-FORCE element or topic (its law took effect after ``--as-of``) -> no finding.

Each finding's severity comes from :data:`SEVERITY_TABLE`, the one severity model every
output format and the exit code read (``docs/severity.md`` shows the same table; a test
keeps the two equal). Essential elements weigh as much as the topic itself: a missing
duty to intervene is as serious as a missing use-of-force policy.

Fingerprints identify a finding across runs and page renumbering: sha256 of the rule id,
the document's file name, the normalised section title and the normalised evidence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Mapping

from ..links import rule_url
from ..results import ElementCoverage, ElementStatus, Finding, Severity, TopicCoverage, TopicStatus, Waiver

__all__ = [
    "SeverityRule",
    "SEVERITY_TABLE",
    "gap_severity",
    "severity_table_markdown",
    "derive_findings",
    "fingerprint",
    "normalise_section",
    "normalise_text",
]


@dataclass(frozen=True)
class SeverityRule:
    """One row of the severity model: what happened, and where its severity comes from."""

    case: str  # key used by the code below
    finding: str  # what is reported, for people
    source: str  # "severity" (the topic's severity when missing), "weak_severity" or "info"
    note: str  # what the source means in the shipped packs

    def resolve(self, missing: Severity, weak: Severity) -> Severity:
        return {"severity": missing, "weak_severity": weak, "info": Severity.INFO}[self.source]


#: The severity model. A city attorney signs off on this table (docs/severity.md shows it).
SEVERITY_TABLE: tuple[SeverityRule, ...] = (
    SeverityRule("missing-topic", "a topic is missing", "severity",
                 "error for `core` and `8cantwait` topics, warning for `practices`"),
    SeverityRule("essential-gap", "an essential element of a weak topic is hedged or absent", "severity",
                 "the same as the topic missing: error in `core`, warning in `practices`"),
    SeverityRule("element-gap", "any other required element of a weak topic is hedged or absent", "weak_severity",
                 "warning in every shipped pack"),
    SeverityRule("covered-gap", "a required element of a covered topic is hedged or absent", "info",
                 "always info: named, but never fails `--fail-on warning`"),
    SeverityRule("contradicted", "an element is contradicted: the manual permits what a statute bans", "severity",
                 "error in the state-law packs (`ca`, `il`), the only packs that judge contradictions"),
)
_RULES = {rule.case: rule for rule in SEVERITY_TABLE}


def gap_severity(case: str, *, missing: Severity, weak: Severity) -> Severity:
    """The severity :data:`SEVERITY_TABLE` gives ``case``, for a topic whose severity when
    missing is ``missing`` and whose weak severity is ``weak`` (both after config overrides)."""
    return _RULES[case].resolve(missing, weak)


def severity_table_markdown() -> str:
    """:data:`SEVERITY_TABLE` as the Markdown table docs/severity.md carries (kept equal by a test)."""
    source = {"severity": "the topic's `severity`", "weak_severity": "the topic's `weak_severity`", "info": "`info`"}
    rows = ["| finding | severity | in the shipped packs |", "|---|---|---|"]
    rows += [f"| {rule.finding} | {source[rule.source]} | {rule.note} |" for rule in SEVERITY_TABLE]
    return "\n".join(rows) + "\n"

_DIGITS = re.compile(r"[0-9]+(?:[.\-][0-9]+)*")


def normalise_section(section: str | None) -> str:
    """Lower-case, numbers stripped, whitespace collapsed: "300.3 DUTY TO INTERCEDE" -> "duty to intercede"."""
    if not section:
        return ""
    return " ".join(_DIGITS.sub(" ", section.lower()).split())


def normalise_text(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def fingerprint(rule: str, document: str, section: str | None, evidence: str | None) -> str:
    name = PurePath(document).name if document else ""
    parts = (rule, name, normalise_section(section), normalise_text(evidence))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def derive_findings(
    document_path: str,
    coverage: tuple[TopicCoverage, ...],
    *,
    weak_severity: dict[tuple[str, str], Severity],
    essential: Mapping[tuple[str, str], frozenset[str]] | None = None,
    docs: Mapping[str, str] | None = None,
) -> tuple[Finding, ...]:
    """Findings for one document, each with the severity :data:`SEVERITY_TABLE` gives it.

    ``weak_severity`` maps (pack, topic) to its weak severity; ``essential`` to the ids of its
    essential elements; ``docs`` maps a pack id to its reference page (shipped packs), from
    which each finding's ``help_url`` is made.
    """
    essential = essential or {}
    docs = docs or {}
    out: list[Finding] = []
    for topic in coverage:
        underlying = _underlying_status(topic)
        waiver = topic.waiver
        if underlying is TopicStatus.NOT_IN_FORCE:
            continue  # not law on the as-of day: nothing to report
        missing = topic.severity
        weak = weak_severity.get((topic.pack, topic.topic), Severity.WARNING)
        page = docs.get(topic.pack)
        if underlying is TopicStatus.MISSING:
            rule = f"{topic.pack}/{topic.topic}"
            message = f"Missing topic: {topic.title} ({topic.reason})" if topic.reason else f"Missing topic: {topic.title}"
            out.append(
                Finding(
                    rule=rule, pack=topic.pack, topic=topic.topic, element=None, status="missing",
                    severity=gap_severity("missing-topic", missing=missing, weak=weak), message=message,
                    page=None, section=None, fingerprint=fingerprint(rule, document_path, None, None),
                    waived=waiver is not None, waiver_reason=waiver.reason if waiver else None,
                    help_url=rule_url(page, topic.pack, topic.topic),
                )
            )
            continue
        core = essential.get((topic.pack, topic.topic), frozenset())
        covered = underlying is TopicStatus.COVERED
        for element in topic.elements:
            status = _element_gap(element)
            if status is None:
                continue
            # A waived element's gap always shows (marked waived), so a waiver never hides
            # what it accepts; it keeps the severity it would have had. A contradicted element
            # (a state-law pack: the manual permits what the statute bans) is never just info.
            is_essential = element.id in core
            if status == "contradicted":
                case, gap_covered = "contradicted", False
            else:
                case = "covered-gap" if covered else ("essential-gap" if is_essential else "element-gap")
                gap_covered = covered
            out.append(
                _element_finding(
                    document_path, topic, element, status, gap_severity(case, missing=missing, weak=weak),
                    element.waiver or waiver, covered=gap_covered, essential=is_essential,
                    help_url=rule_url(page, topic.pack, topic.topic, element.id),
                )
            )
    return tuple(out)


def _underlying_status(topic: TopicCoverage) -> TopicStatus:
    """The status before a topic waiver was applied (kept in the reason's prefix)."""
    if topic.status is not TopicStatus.WAIVED:
        return topic.status
    for status in (TopicStatus.CONTRADICTED, TopicStatus.NOT_IN_FORCE, TopicStatus.MISSING, TopicStatus.WEAK, TopicStatus.COVERED):
        if f"({status.value})" in topic.reason:
            return status
    return TopicStatus.COVERED


def _element_gap(element: ElementCoverage) -> str | None:
    if not element.required:
        return None
    if element.status is ElementStatus.WAIVED:
        # the waived element's own underlying status is recorded in its reason
        for status in ("hedged", "absent", "contradicted"):
            if element.reason.startswith(f"waived ({status})"):
                return status
        return None
    if element.status in (ElementStatus.HEDGED, ElementStatus.ABSENT, ElementStatus.CONTRADICTED):
        return element.status.value
    return None


def _element_finding(
    document_path: str, topic: TopicCoverage, element: ElementCoverage, status: str, severity: Severity, waiver: Waiver | None,
    *, covered: bool = False, essential: bool = False, help_url: str | None = None,
) -> Finding:
    rule = f"{topic.pack}/{topic.topic}/{element.id}"
    best = element.evidence[0] if element.evidence else None
    if best is not None:
        page, section, line, quote = best.page, best.section, best.line, best.text
    else:
        page, section, line, quote = topic.first_page, (topic.sections[0] if topic.sections else None), topic.first_line, None
    if status == "absent":
        message = f"{topic.title}: {element.title} not found"
    elif status == "contradicted":
        cite = f" ({element.law.citation})" if element.law is not None else ""
        message = f"{topic.title}: {element.title}{cite} is contradicted: the manual permits what the statute bans ({element.reason})"
    else:
        message = f"{topic.title}: {element.title} is only weakly worded ({element.reason})"
    if covered:
        gap = "absent" if status == "absent" else "hedged"
        message = f"{topic.title} is covered, but {element.title} is {gap}" + (
            f" ({element.reason})" if status != "absent" else ""
        )
    return Finding(
        rule=rule, pack=topic.pack, topic=topic.topic, element=element.id, status=status, severity=severity,
        message=message, page=page, section=section, line=line, evidence=quote,
        fingerprint=fingerprint(rule, document_path, section, quote),
        waived=waiver is not None, waiver_reason=waiver.reason if waiver else None,
        essential=essential, help_url=help_url,
    )
