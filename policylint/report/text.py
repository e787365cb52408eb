"""Plain-text report for terminals and logs.

Per document: a summary line (covered / weak / missing / waived counts), then every weak
or missing topic with the elements that decide it, each with its quoted sentence,
section and page; then, one line each, the hedged or absent required elements of covered
topics (reported as ``info`` findings). Reading problems are listed first: an unreadable
file says so and is never shown as "all topics missing". ``verbose`` adds covered topics
and present elements.
"""

from __future__ import annotations

import textwrap

from ..results import DocumentResult, ElementCoverage, Evidence, LintResult, TopicCoverage, TopicStatus
from . import RenderOptions

__all__ = ["render"]

_COLORS = {"missing": "31", "weak": "33", "covered": "32", "waived": "36", "error": "31", "warning": "33", "info": "36",
           "contradicted": "1;31", "not-in-force": "2"}
_ORDER = {"contradicted": -1, "missing": 0, "weak": 1, "waived": 2, "covered": 3, "not-in-force": 4}
#: Element marks: "!" the manual says the opposite of the statute, "o" not yet law on the as-of date.
_MARKS = {"present": "+", "hedged": "~", "absent": "-", "waived": "=", "contradicted": "!", "not-in-force": "o"}


def _c(text: str, key: str, options: RenderOptions) -> str:
    code = _COLORS.get(key)
    return f"\x1b[{code}m{text}\x1b[0m" if options.color and code else text


def _where(evidence: Evidence) -> str:
    parts = []
    if evidence.section:
        parts.append(evidence.section)
    if evidence.page is not None:
        parts.append(f"p. {evidence.page}")
    elif evidence.line is not None:
        parts.append(f"line {evidence.line}")
    return ", ".join(parts) or "document"


def _quote(text: str) -> list[str]:
    return textwrap.wrap(f"\u201c{text}\u201d", width=96, initial_indent="        ", subsequent_indent="         ")


def _element_lines(element: ElementCoverage, options: RenderOptions) -> list[str]:
    mark = _MARKS[element.status.value]
    req = "" if element.required else " (optional)"
    law = f" [{element.law.citation}]" if element.law is not None else ""
    lines = [f"    {mark} {element.title}{req}{law}: {_c(element.status.value, element.status.value if element.status.value != 'present' else 'covered', options)} - {element.reason}"]
    if element.waiver is not None:
        lines.append(f"        waived: {element.waiver.reason}")
    for evidence in element.evidence[:1] if not options.verbose else element.evidence:
        lines.extend(_quote(evidence.text))
        lines.append(f"        ({_where(evidence)})")
    return lines


def _topic_lines(
    topic: TopicCoverage, options: RenderOptions, reported: set[tuple[str, ...]] | None = None
) -> list[str]:
    status = topic.status.value
    head = f"  {_c(status.upper(), status, options)} {topic.pack}/{topic.topic} ({topic.title})"
    if topic.status is TopicStatus.MISSING:
        head += f" [{topic.severity.value}]"
    lines = [head, f"    {topic.reason}"]
    if topic.sections:
        more = f" (+{len(topic.sections) - 3} more)" if len(topic.sections) > 3 else ""
        lines.append(f"    sections: {'; '.join(topic.sections[:3])}{more}")
    if topic.waiver is not None:
        lines.append(f"    waived: {topic.waiver.reason}" + (f" (expires {topic.waiver.expires})" if topic.waiver.expires else ""))
    if topic.status is TopicStatus.MISSING:
        return lines
    for element in topic.elements:
        if element.status.value == "present" and not options.verbose:
            continue
        if reported is not None and (topic.pack, topic.topic, element.id) not in reported:
            continue  # accepted in the baseline
        lines.extend(_element_lines(element, options))
    return lines


def _document_lines(doc: DocumentResult, options: RenderOptions, baseline_active: bool = False) -> list[str]:
    counts = doc.counts()
    pages = f", {doc.pages} pages" if doc.pages else ""
    lines = []
    if not doc.coverage:
        lines.append(f"{doc.path}: not checked (could not be read{pages})")
    else:
        summary = ", ".join(
            _c(f"{counts.get(k, 0)} {k}", k, options)
            for k in ("contradicted", "covered", "weak", "missing", "waived", "not-in-force")
            if counts.get(k) or k in ("covered", "weak", "missing")
        )
        lines.append(f"{doc.path}: {summary}{pages}")
    for diag in doc.diagnostics:
        page = f" p. {diag.page}" + (f"-{diag.page_end}" if diag.page_end else "") if diag.page else ""
        lines.append(f"  {_c(diag.severity, diag.severity, options)} {diag.code}{page}: {diag.message}")
    topics = sorted(doc.coverage, key=lambda t: _ORDER[t.status.value])
    if any(t.status.value == "not-in-force" for t in doc.coverage) and not options.verbose:
        topics = [t for t in topics if t.status.value != "not-in-force"]  # not law yet: named in the summary only
    reported = _reported(doc) if baseline_active else None
    for topic in topics:
        if topic.status is TopicStatus.COVERED and not options.verbose:
            continue
        if reported is not None and (topic.pack, topic.topic) not in reported:
            continue  # every finding of this topic is accepted in the baseline
        lines.extend(_topic_lines(topic, options, reported))
    if not options.verbose:
        # Covered topics can still hedge or omit a required element: name each gap briefly
        # (verbose mode already lists every element of every topic above).
        for topic in topics:
            if topic.status is TopicStatus.COVERED:
                lines.extend(_covered_gap_lines(topic, options, reported))
    return lines


def _reported(doc: DocumentResult) -> set[tuple[str, ...]]:
    """Keys of what still has a finding after the baseline: (pack, topic) and (pack, topic, element)."""
    keys: set[tuple[str, ...]] = set()
    for finding in doc.findings:
        keys.add((finding.pack, finding.topic))
        if finding.element is not None:
            keys.add((finding.pack, finding.topic, finding.element))
    return keys


def _covered_gap_lines(
    topic: TopicCoverage, options: RenderOptions, reported: set[tuple[str, ...]] | None = None
) -> list[str]:
    """For a covered topic: one line per required element that is hedged or absent, with its quote."""
    gaps = [
        e for e in topic.elements
        if e.required and e.status.value in ("hedged", "absent")
        and (reported is None or (topic.pack, topic.topic, e.id) in reported)
    ]
    if not gaps:
        return []
    lines = [f"  {_c('COVERED', 'covered', options)} {topic.pack}/{topic.topic} ({topic.title}), with gaps:"]
    for element in gaps:
        mark = "~" if element.status.value == "hedged" else "-"
        line = f"    {mark} {element.title}: {_c(element.status.value, 'info', options)}"
        if element.evidence:
            best = element.evidence[0]
            quote = best.text if len(best.text) <= 160 else best.text[:157].rstrip() + "…"
            line += f" \u201c{quote}\u201d ({_where(best)})"
        else:
            line += f" - {element.reason}"
        lines.append(line)
    return lines


def render(result: LintResult, options: RenderOptions) -> str:
    lines: list[str] = []
    if result.as_of is not None:
        lines.append(f"state law judged as in force on {result.as_of}")
    for problem in result.problems:
        lines.append(f"{problem.severity}: {problem.code}: {problem.message}" + (f" ({problem.path})" if problem.path else ""))
    baseline_active = "baseline" in result.extra
    for doc in result.documents:
        if lines:
            lines.append("")
        lines.extend(_document_lines(doc, options, baseline_active))
    findings = [f for d in result.documents for f in d.findings]
    active = [f for f in findings if not f.waived]
    by_sev = {s: sum(1 for f in active if f.severity.value == s) for s in ("error", "warning", "info")}
    waived = len(findings) - len(active)
    unreadable = sum(1 for d in result.documents if not d.coverage)
    total = (
        f"{len(result.documents)} document(s), {len(active)} finding(s): "
        f"{by_sev['error']} error, {by_sev['warning']} warning, {by_sev['info']} info"
    )
    if waived:
        total += f"; {waived} waived"
    if unreadable:
        total += f"; {unreadable} unreadable"
    if result.baseline_suppressed:
        total += f"; {result.baseline_suppressed} in baseline (not shown)"
    lines.append("")
    lines.append(total)
    return "\n".join(lines) + "\n"
