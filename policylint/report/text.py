"""Plain-text report for terminals and logs.

Per document: a summary line (covered / weak / missing / waived counts), the reading
problems (one line per kind, page ranges merged), then every weak or missing topic with
its severity and the elements that decide it. Each reported element carries its severity,
its rule id, a ``file:line:`` location (``file (p. 41, line 3)`` for a PDF), the quoted
sentence and a link to the rule's reference page. Then, one line each, the hedged or
absent required elements of covered topics (``info`` findings). An unreadable file says so
and is never shown as "all topics missing". ``verbose`` adds covered topics and present
elements. When a baseline or ``--select``/``--ignore`` left findings out, only what is still
reported is listed.
"""

from __future__ import annotations

import textwrap

from ..results import DocumentResult, ElementCoverage, Evidence, Finding, LintResult, TopicCoverage, TopicStatus
from . import RenderOptions
from .presentation import file_location, group_diagnostics

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


def _severity_tag(severity: str | None, options: RenderOptions, waived: bool = False) -> str:
    if severity is None:
        return ""
    return " [" + ("waived " if waived else "") + _c(severity, severity, options) + "]"


def _location_line(doc: DocumentResult, finding: Finding, indent: str = "        ") -> str:
    """Where the finding sits: ``file:line: section`` (``file (p. 41, line 3): section`` for a PDF)."""
    if finding.page is None and finding.line is None and finding.section is None:
        return f"{indent}{doc.path}: document level (no section addresses it)"
    where = file_location(doc.path, doc.format, finding.page, finding.line)
    return f"{indent}{where}: {finding.section}" if finding.section else f"{indent}{where}"


def _rule_line(finding: Finding, indent: str = "        ") -> str:
    return f"{indent}rule {finding.rule}" + (f" \u00b7 {finding.help_url}" if finding.help_url else "")


def _element_lines(doc: DocumentResult, topic: TopicCoverage, element: ElementCoverage, options: RenderOptions) -> list[str]:
    mark = _MARKS[element.status.value]
    finding = doc.element_finding(topic.pack, topic.topic, element.id)
    req = "" if element.required else " (optional)"
    law = f" [{element.law.citation}]" if element.law is not None else ""
    if finding is not None and finding.essential:
        req = " (essential)"
    status = element.status.value
    tag = _severity_tag(finding.severity.value, options, finding.waived) if finding is not None else ""
    lines = [f"    {mark} {element.title}{req}{law}: {_c(status, status if status != 'present' else 'covered', options)}{tag} - {element.reason}"]
    if element.waiver is not None:
        lines.append(f"        waived: {element.waiver.reason}")
    if finding is not None:
        lines.append(_location_line(doc, finding))
    for index, evidence in enumerate(element.evidence[:1] if not options.verbose else element.evidence):
        lines.extend(_quote(evidence.text))
        if index or finding is None or finding.evidence != evidence.text:
            lines.append(f"        ({_where(evidence)})")  # the location line above already cites the first
    if finding is not None:
        lines.append(_rule_line(finding))
    return lines


def _topic_lines(
    doc: DocumentResult, topic: TopicCoverage, options: RenderOptions, reported: set[tuple[str, ...]] | None = None
) -> list[str]:
    status = topic.status.value
    severity = doc.topic_severity(topic.pack, topic.topic)
    head = f"  {_c(status.upper(), status, options)} {topic.pack}/{topic.topic} ({topic.title})"
    head += _severity_tag(severity.value if severity else None, options)
    lines = [head, f"    {topic.reason}"]
    if topic.sections:
        more = f" (+{len(topic.sections) - 3} more)" if len(topic.sections) > 3 else ""
        lines.append(f"    sections: {'; '.join(topic.sections[:3])}{more}")
    if topic.waiver is not None:
        lines.append(f"    waived: {topic.waiver.reason}" + (f" (expires {topic.waiver.expires})" if topic.waiver.expires else ""))
    topic_finding = next((f for f in doc.topic_findings(topic.pack, topic.topic) if f.element is None), None)
    if topic_finding is not None:
        lines += [_location_line(doc, topic_finding, "    "), _rule_line(topic_finding, "    ")]
    if topic.status is TopicStatus.MISSING:
        return lines
    for element in topic.elements:
        if element.status.value == "present" and not options.verbose:
            continue
        if reported is not None and (topic.pack, topic.topic, element.id) not in reported:
            continue  # accepted in the baseline, or not selected
        lines.extend(_element_lines(doc, topic, element, options))
    return lines


def _diagnostic_lines(doc: DocumentResult, options: RenderOptions) -> list[str]:
    out = []
    for group in group_diagnostics(doc.diagnostics):
        pages = f" {group.pages}" if group.pages else ""
        out.append(f"  {_c(group.severity, group.severity, options)} {group.code}{pages}: {group.message}")
    return out


def _document_lines(doc: DocumentResult, options: RenderOptions, filtered: bool = False) -> list[str]:
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
    lines.extend(_diagnostic_lines(doc, options))
    topics = sorted(doc.coverage, key=lambda t: _ORDER[t.status.value])
    if any(t.status.value == "not-in-force" for t in doc.coverage) and not options.verbose:
        topics = [t for t in topics if t.status.value != "not-in-force"]  # not law yet: named in the summary only
    reported = _reported(doc) if filtered else None
    for topic in topics:
        if topic.status is TopicStatus.COVERED and not options.verbose:
            continue
        if reported is not None and (topic.pack, topic.topic) not in reported:
            continue  # every finding of this topic is accepted in the baseline or not selected
        lines.extend(_topic_lines(doc, topic, options, reported))
    if not options.verbose:
        # Covered topics can still hedge or omit a required element: name each gap briefly
        # (verbose mode already lists every element of every topic above).
        for topic in topics:
            if topic.status is TopicStatus.COVERED:
                lines.extend(_covered_gap_lines(doc, topic, options, reported))
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
    doc: DocumentResult, topic: TopicCoverage, options: RenderOptions, reported: set[tuple[str, ...]] | None = None
) -> list[str]:
    """For a covered topic: one line per required element that is hedged or absent, with its location."""
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
        finding = doc.element_finding(topic.pack, topic.topic, element.id)
        line = f"    {mark} {element.title}: {_c(element.status.value, 'info', options)}"
        if element.evidence:
            best = element.evidence[0]
            quote = best.text if len(best.text) <= 160 else best.text[:157].rstrip() + "…"
            line += f" \u201c{quote}\u201d ({_where(best)})"
        else:
            line += f" - {element.reason}"
        lines.append(line)
        if finding is not None:
            where = file_location(doc.path, doc.format, finding.page, finding.line)
            lines.append(f"        {where}: rule {finding.rule} [{finding.severity.value}]")
    return lines


def render(result: LintResult, options: RenderOptions) -> str:
    lines: list[str] = []
    if result.as_of is not None:
        lines.append(f"state law judged as in force on {result.as_of}")
    for problem in result.problems:
        lines.append(f"{problem.severity}: {problem.code}: {problem.message}" + (f" ({problem.path})" if problem.path else ""))
    filtered = "baseline" in result.extra or "selection" in result.extra
    for doc in result.documents:
        if lines:
            lines.append("")
        lines.extend(_document_lines(doc, options, filtered))
    findings = [f for d in result.documents for f in d.findings]
    active = [f for f in findings if f.active]
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
