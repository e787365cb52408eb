"""Self-contained HTML report for people (chiefs, attorneys, policy staff).

One file, inline CSS and SVG only, no external resources: it opens offline and prints
well. A Content-Security-Policy meta tag forbids every network fetch and allows only
the one inline script (pinned by its hash), so even if escaping ever failed, text from
a manual could not run code. jinja2 autoescaping does the escaping itself.

The template receives a view model built here (numbers, labels, chart geometry), so it
holds layout only, no arithmetic.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from ..results import DocumentResult, LintResult, TopicCoverage
from . import RenderOptions
from .presentation import (
    STATUS_LABEL,
    cite,
    document_name,
    error_diagnostics,
    is_unreadable,
    law_statuses_in,
    one_line,
    ordered_topics,
    page_span,
    relative_path,
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


def _topic_view(topic: TopicCoverage) -> dict[str, Any]:
    required = [e for e in topic.elements if e.required]
    return {
        "record": topic,
        "status": topic.status.value,
        "rule": f"{topic.pack}/{topic.topic}",
        "present": sum(1 for e in required if e.status.value == "present"),
        "required": len(required),
        "open": topic.status.value in ("contradicted", "missing", "weak"),
        "elements": [
            {
                "record": e,
                "status": e.status.value,
                "law": e.law,
                "evidence": [{"text": one_line(ev.text), "cite": cite(ev.page, ev.section, ev.line, ev.paragraph),
                              "hedge": ev.hedge, "outside": not ev.in_topic_section} for ev in e.evidence],
            }
            for e in topic.elements
        ],
    }


def _document_view(index: int, doc: DocumentResult, options: RenderOptions, statuses: tuple[str, ...] = SEGMENTS) -> dict[str, Any]:
    counts = doc.counts()
    topics = ordered_topics(doc)
    return {
        "anchor": f"doc-{index + 1}",
        "name": document_name(doc),
        "path": relative_path(doc.path, options.root),
        "record": doc,
        "unreadable": is_unreadable(doc),
        "errors": len(error_diagnostics(doc)),
        "diagnostics": [{"record": d, "pages": page_span(d)} for d in doc.diagnostics],
        "counts": counts,
        "total": sum(counts.values()),
        "segments": stacked_bar(counts, statuses=statuses),
        "gaps": [_topic_view(t) for t in topics if t.status.value in ("contradicted", "missing", "weak")],
        "waived": [_topic_view(t) for t in topics if t.status.value == "waived"],
        "covered": [_topic_view(t) for t in topics if t.status.value == "covered"],
        "not_in_force": [_topic_view(t) for t in topics if t.status.value == "not-in-force"],
    }


def render(result: LintResult, options: RenderOptions) -> str:
    env = environment()
    t = totals(result)
    statuses = segments_for(result)
    context = {
        "result": result,
        "totals": t,
        "overall": stacked_bar(t, statuses=statuses),
        "documents": [_document_view(i, d, options, statuses) for i, d in enumerate(result.documents)],
        "script": PRINT_SCRIPT,
        "csp": csp(PRINT_SCRIPT),
        "segments": statuses,
        "law": law_statuses_in(result),
    }
    return env.get_template("report.html.j2").render(**context)
