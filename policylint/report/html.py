"""Self-contained HTML report for people (chiefs, attorneys, policy staff).

One file, inline CSS and SVG only, no external resources: it opens offline and prints
well. A Content-Security-Policy meta tag forbids every network fetch and allows only
the one inline script (pinned by its hash), so even if escaping ever failed, text from
a manual could not run code. jinja2 autoescaping does the escaping itself.

The template receives a view model built here (numbers, labels, chart geometry), so it
holds layout only, no arithmetic. Each document opens with a table of its topics (status,
severity, section, page) linking to the topic's card; in a card the problems come first
(hedged, absent and waived elements with their severity and evidence) and the elements
already written as binding rules are folded away. The layout is responsive down to a
390 px phone screen (tests/e2e/test_browser_report.py checks for overflow at 1400 and 390 px).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from ..results import DocumentResult, ElementCoverage, LintResult, PackInfo, TopicCoverage
from . import RenderOptions
from .presentation import (
    STATUS_LABEL,
    cite,
    document_name,
    error_diagnostics,
    group_diagnostics,
    is_unreadable,
    law_statuses_in,
    one_line,
    ordered_topics,
    relative_path,
    text_line,
    totals,
)

__all__ = ["render", "PRINT_SCRIPT", "environment", "stacked_bar"]

#: Expands every collapsed block before printing, so paper carries all the evidence.
PRINT_SCRIPT = ('window.addEventListener("beforeprint",function(){'
                'document.querySelectorAll("details").forEach(function(d){d.open=true;});});')

STATUS_SYMBOL = {"covered": "\u2714", "weak": "\u25b2", "missing": "\u2716", "waived": "\u2016",
                 "unreadable": "\u2300", "present": "\u2714", "hedged": "\u25b2", "absent": "\u2716",
                 "contradicted": "\u2260", "not-in-force": "\u25cb"}
SEGMENTS = ("covered", "weak", "missing", "waived")


def segments_for(result: LintResult) -> tuple[str, ...]:
    """The statuses a report shows: SEGMENTS, plus the state-law ones the result has
    (contradicted first, not-in-force last), so best-practice reports are unchanged."""
    law = law_statuses_in(result)
    return tuple(s for s in law if s == "contradicted") + SEGMENTS + tuple(s for s in law if s == "not-in-force")


def environment() -> Any:
    """The jinja2 environment for policylint's templates (autoescape always on)."""
    import jinja2  # imported here: only HTML output needs it

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("policylint.report", "templates"),
        autoescape=True,  # every template, whatever its extension: document text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(label=STATUS_LABEL, symbol=STATUS_SYMBOL, cite=cite, one_line=one_line)
    return env


def csp(script: str) -> str:
    """No fetches of any kind; inline styles; only the given inline script, by hash."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class Segment:
    status: str
    count: int
    x: float
    width: float


def stacked_bar(counts: dict[str, int], width: float = 100.0, statuses: tuple[str, ...] = SEGMENTS) -> list[Segment]:
    """Segments of a 0..width bar, one per non-zero status, in ``statuses`` order."""
    total = sum(counts.get(s, 0) for s in statuses)
    out: list[Segment] = []
    x = 0.0
    for status in statuses:
        n = counts.get(status, 0)
        if not n or not total:
            continue
        w = width * n / total
        out.append(Segment(status, n, round(x, 3), round(w, 3)))
        x += w
    return out


def _element_view(doc: DocumentResult, topic: TopicCoverage, element: ElementCoverage) -> dict[str, Any]:
    finding = doc.element_finding(topic.pack, topic.topic, element.id)
    return {
        "record": element,
        "status": element.status.value,
        "severity": finding.severity.value if finding is not None and finding.active else None,
        "essential": finding.essential if finding is not None else False,
        "rule": f"{topic.pack}/{topic.topic}/{element.id}",
        "help_url": finding.help_url if finding is not None else None,
        "law": element.law,
        "evidence": [{"text": one_line(ev.text), "cite": cite(ev.page, ev.section, ev.line, ev.paragraph),
                      "hedge": ev.hedge, "outside": not ev.in_topic_section} for ev in element.evidence],
    }


def _is_problem(element: ElementCoverage) -> bool:
    """Shown first in a card: a required element that is not written as a binding rule."""
    return element.required and element.status.value in ("contradicted", "hedged", "absent")


def _topic_view(index: int, doc: DocumentResult, topic: TopicCoverage) -> dict[str, Any]:
    elements = [_element_view(doc, topic, e) for e in topic.elements]
    problems = [v for v, e in zip(elements, topic.elements) if _is_problem(e)]
    severity = doc.topic_severity(topic.pack, topic.topic)
    return {
        "record": topic,
        "anchor": f"doc-{index + 1}-{topic.pack}-{topic.topic}",
        "status": topic.status.value,
        "severity": severity.value if severity else None,
        "rule": f"{topic.pack}/{topic.topic}",
        "open": topic.status.value in ("contradicted", "missing", "weak"),
        "problems": problems,
        "accepted": [v for v, e in zip(elements, topic.elements) if e.status.value == "waived"],
        "rest": [v for v, e in zip(elements, topic.elements) if not _is_problem(e) and e.status.value != "waived"],
        "section": topic.sections[0] if topic.sections else None,
        "more_sections": max(0, len(topic.sections) - 1),
        "where": _topic_where(doc, topic),
    }


def _topic_where(doc: DocumentResult, topic: TopicCoverage) -> str:
    """The page (PDF) or line (text formats) where the topic's section starts; empty when unknown."""
    if topic.first_page is not None:
        return f"p. {topic.first_page}"
    if text_line(doc.format, topic.first_line) is not None:
        return f"line {topic.first_line}"
    return ""


def _document_view(index: int, doc: DocumentResult, options: RenderOptions, statuses: tuple[str, ...] = SEGMENTS) -> dict[str, Any]:
    counts = doc.counts()
    topics = [_topic_view(index, doc, t) for t in ordered_topics(doc)]
    return {
        "anchor": f"doc-{index + 1}",
        "name": document_name(doc),
        "path": relative_path(doc.path, options.root),
        "record": doc,
        "unreadable": is_unreadable(doc),
        "errors": len(error_diagnostics(doc)),
        "diagnostics": group_diagnostics(doc.diagnostics),
        "counts": counts,
        "total": sum(counts.values()),
        "segments": stacked_bar(counts, statuses=statuses),
        "topics": topics,
        "gaps": [t for t in topics if t["status"] in ("contradicted", "missing", "weak")],
        "waived": [t for t in topics if t["status"] == "waived"],
        "covered": [t for t in topics if t["status"] == "covered"],
        "not_in_force": [t for t in topics if t["status"] == "not-in-force"],
    }


def _pack_source(pack: PackInfo, options: RenderOptions) -> str:
    """A shipped pack says so (its install path means nothing to a reader); a user's pack is named
    by its path from the repository root."""
    return "bundled with policylint" if pack.bundled else relative_path(pack.path, options.root)


def render(result: LintResult, options: RenderOptions) -> str:
    env = environment()
    t = totals(result)
    statuses = segments_for(result)
    context = {
        "result": result,
        "totals": t,
        "overall": stacked_bar(t, statuses=statuses),
        "documents": [_document_view(i, d, options, statuses) for i, d in enumerate(result.documents)],
        "packs": [{"record": p, "source": _pack_source(p, options)} for p in result.packs],
        "fail_on": options.fail_on,
        "script": PRINT_SCRIPT,
        "csp": csp(PRINT_SCRIPT),
        "segments": statuses,
        "law": law_statuses_in(result),
    }
    return env.get_template("report.html.j2").render(**context)
