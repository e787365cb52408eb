"""``check --statistics``: how often each rule fired, as ruff's ``--statistics`` does.

One row per rule id with a finding, most frequent first: the
count over every document, the severity, and the rule's title. Waived findings are counted
apart, so accepted gaps stay visible. Text and JSON renderings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..jsontext import indented_json
from ..results import LintResult
from . import RenderOptions
from .presentation import rule_titles

__all__ = ["RuleCount", "rule_counts", "render_text", "render_json", "STATISTICS_FORMATS"]

STATISTICS_FORMATS = ("text", "json")


@dataclass(frozen=True)
class RuleCount:
    rule: str
    severity: str
    count: int
    waived: int
    title: str
    help_url: str | None

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "severity": self.severity, "count": self.count, "waived": self.waived,
                "title": self.title, "help_url": self.help_url}


def rule_counts(result: LintResult) -> list[RuleCount]:
    """Counts per rule id, most frequent first (then by severity, then id)."""
    titles = rule_titles(result)
    counts: dict[str, list[object]] = {}
    for doc in result.documents:
        for finding in doc.findings:
            entry = counts.setdefault(finding.rule, [finding.severity, 0, 0, finding.help_url])
            if finding.severity.rank > entry[0].rank:  # type: ignore[attr-defined]
                entry[0] = finding.severity
            entry[2 if finding.waived else 1] += 1  # type: ignore[operator]
    rows = [RuleCount(rule, sev.value, active, waived, titles.get(rule, rule), url)  # type: ignore[attr-defined]
            for rule, (sev, active, waived, url) in counts.items()]
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(rows, key=lambda r: (-r.count, rank[r.severity], r.rule))


def render_text(result: LintResult, options: RenderOptions) -> str:
    rows = rule_counts(result)
    if not rows:
        return "no findings\n"
    width = max(len(r.rule) for r in rows)
    lines = [f"{r.count:>5}  {r.severity:<7}  {r.rule:<{width}}  {r.title}" + (f" ({r.waived} waived)" if r.waived else "")
             for r in rows]
    total = sum(r.count for r in rows)
    lines.append(f"{total:>5}  finding(s) in {len(result.documents)} document(s)")
    return "\n".join(lines) + "\n"


def render_json(result: LintResult, options: RenderOptions) -> str:
    return indented_json([r.to_dict() for r in rule_counts(result)])
