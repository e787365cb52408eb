"""Findings: the reportable gaps, derived from coverage (never by re-running matching).

* a MISSING topic -> one finding (status ``missing``, topic severity, located at the document);
* a WEAK topic -> one finding per required element that is ``hedged`` or ``absent``
  (weak severity), located at its best evidence or at the topic's first section;
* a COVERED topic -> the same per-element findings at severity ``info`` (the topic is
  covered, but the element is hedged/absent), so no gap goes unnamed while
  ``--fail-on warning``/``error`` is unaffected;
* a WAIVED topic or element -> the same findings it would have produced, marked
  ``waived`` with the reason (kept, never dropped; they never fail a run);
* a CONTRADICTED element (state-law packs only: the manual permits what the statute bans)
  -> one finding at the topic's full severity (that of a missing topic), whatever the
  topic's status: it ranks above weak and missing; the topic's other gaps are reported
  as for a weak topic;
* a NOT-IN-FORCE element or topic (its law took effect after ``--as-of``) -> no finding.

Fingerprints identify a finding across runs and page renumbering: sha256 of the rule id,
the document's file name, the normalised section title and the normalised evidence.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from ..results import ElementCoverage, ElementStatus, Finding, Severity, TopicCoverage, TopicStatus, Waiver

__all__ = ["derive_findings", "fingerprint", "normalise_section", "normalise_text"]

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


def derive_findings(document_path: str, coverage: tuple[TopicCoverage, ...], *, weak_severity: dict[tuple[str, str], Severity]) -> tuple[Finding, ...]:
    """Findings for one document. ``weak_severity`` maps (pack, topic) to its weak severity."""
    out: list[Finding] = []
    for topic in coverage:
        underlying = _underlying_status(topic)
        waiver = topic.waiver
        if underlying is TopicStatus.NOT_IN_FORCE:
            continue  # not law on the as-of day: nothing to report
        if underlying is TopicStatus.MISSING:
            rule = f"{topic.pack}/{topic.topic}"
            message = f"Missing topic: {topic.title} ({topic.reason})" if topic.reason else f"Missing topic: {topic.title}"
            out.append(
                Finding(
                    rule=rule, pack=topic.pack, topic=topic.topic, element=None, status="missing",
                    severity=topic.severity, message=message, page=None, section=None,
                    fingerprint=fingerprint(rule, document_path, None, None),
                    waived=waiver is not None, waiver_reason=waiver.reason if waiver else None,
                )
            )
            continue
        severity = weak_severity.get((topic.pack, topic.topic), Severity.WARNING)
        for element in topic.elements:
            status = _element_gap(element)
            if status is None:
                continue
            element_waiver = element.waiver or waiver
            # A gap in a weak topic has the weak severity. A gap in a covered topic is still
            # named (so every planted or real gap shows in every format) but at `info`, so
            # `--fail-on warning/error` is unaffected. A waived element's gap always shows
            # (marked waived), so a waiver never hides what it accepts.
            covered = underlying is TopicStatus.COVERED
            level = Severity.INFO if covered else severity
            if status == "contradicted":
                covered, level = False, topic.severity  # the law's ban is contradicted: never just info
            out.append(_element_finding(document_path, topic, element, status, level, element_waiver, covered=covered))
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
    *, covered: bool = False,
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
    )
