"""Draft-to-draft diff: which topics and elements changed status between two versions of a manual.

Both versions are linted with the same plan (packs, config, waivers); topics are paired by
``pack/topic`` and elements by id. Statuses are ordered

* topics: covered > weak > missing > contradicted (state-law packs)
* elements: present > hedged > absent > contradicted; not-in-force is never compared

and every change is a **regression** (down the order) or an **improvement** (up). A waiver
does not hide a change: the comparison uses the status a topic or element had before its
waiver was applied, and a regression whose new status is waived is shown as waived and
does not fail the run. Optional elements (``required: false``) are listed but never count
as regressions, because they never make a topic weak either.

Every change carries the severity its new status weighs in the severity model
(docs/severity.md): a regression that removes or weakens an essential element is an error
in the core packs, as in ``check``. Every required regression fails ``diff`` whatever its
severity, so a draft can never slip back unnoticed.

Renderers (text, Markdown, JSON) live here rather than in the shared reporter registry,
because a diff is a different record from a :class:`~policylint.results.LintResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..jsontext import indented_json
from ..model import Diagnostic
from ..results import DocumentResult, ElementCoverage, ElementStatus, Evidence, TopicCoverage, TopicStatus

__all__ = [
    "DIFF_SCHEMA_VERSION",
    "TOPIC_RANK",
    "ELEMENT_RANK",
    "Change",
    "DiffResult",
    "diff_documents",
    "underlying_topic_status",
    "underlying_element_status",
    "DIFF_FORMATS",
    "render_diff",
]

DIFF_SCHEMA_VERSION = "1"
TOPIC_RANK = {"covered": 2, "weak": 1, "missing": 0, "contradicted": -1}
ELEMENT_RANK = {"present": 2, "hedged": 1, "absent": 0, "contradicted": -1}
#: A requirement not yet law on the as-of date is not compared: neither side is a gap.
NOT_COMPARED = "not-in-force"


@dataclass(frozen=True)
class Change:
    """One topic or element whose status differs between the old and the new version."""

    pack: str
    topic: str
    topic_title: str
    element: str | None
    title: str
    old: str
    new: str
    required: bool = True
    old_reason: str = ""
    new_reason: str = ""
    old_evidence: Evidence | None = None
    new_evidence: Evidence | None = None
    waived: bool = False  # the new status is covered by a waiver
    severity: str | None = None  # what the new status weighs (docs/severity.md); None when nothing is reported
    essential: bool = False  # the element is essential to its topic

    @property
    def rule(self) -> str:
        return f"{self.pack}/{self.topic}" + (f"/{self.element}" if self.element else "")

    @property
    def kind(self) -> str:
        ranks = ELEMENT_RANK if self.element else TOPIC_RANK
        return "regression" if ranks[self.new] < ranks[self.old] else "improvement"

    @property
    def counts_as_regression(self) -> bool:
        """A regression that fails the run: required, and not accepted by a waiver."""
        return self.kind == "regression" and self.required and not self.waived

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "pack": self.pack,
            "topic": self.topic,
            "element": self.element,
            "title": self.title,
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "required": self.required,
            "waived": self.waived,
            "severity": self.severity,
            "essential": self.essential,
            "old_reason": self.old_reason,
            "new_reason": self.new_reason,
            "old_evidence": self.old_evidence.to_dict() if self.old_evidence else None,
            "new_evidence": self.new_evidence.to_dict() if self.new_evidence else None,
        }


@dataclass(frozen=True)
class DiffResult:
    old: DocumentResult
    new: DocumentResult
    changes: tuple[Change, ...]
    packs: tuple[str, ...] = ()
    tool_version: str = ""
    problems: tuple[Diagnostic, ...] = ()
    unpaired: tuple[str, ...] = field(default=())  # rules judged in only one version

    @property
    def readable(self) -> bool:
        return bool(self.old.coverage) and bool(self.new.coverage)

    @property
    def regressions(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.counts_as_regression)

    @property
    def improvements(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "improvement")

    def to_dict(self) -> dict[str, object]:
        def side(doc: DocumentResult) -> dict[str, object]:
            return {
                "path": doc.path, "format": doc.format, "pages": doc.pages, "sha256": doc.sha256,
                "summary": doc.counts(), "diagnostics": [d.to_dict() for d in doc.diagnostics],
            }

        return {
            "schema_version": DIFF_SCHEMA_VERSION,
            "tool": {"name": "policylint", "version": self.tool_version},
            "packs": list(self.packs),
            "old": side(self.old),
            "new": side(self.new),
            "summary": {
                "regressions": len(self.regressions),
                "improvements": len(self.improvements),
                "changes": len(self.changes),
            },
            "problems": [p.to_dict() | {"path": p.path} for p in self.problems],
            "unpaired": list(self.unpaired),
            "changes": [c.to_dict() for c in self.changes],
        }


# ----------------------------------------------------------------------------- comparison


def underlying_topic_status(topic: TopicCoverage, unknown: str = "covered") -> str:
    """The judged status, looking through a topic waiver (the engine keeps it as "waived (weak): ...").

    ``unknown`` is returned for a waived record that does not say: the diff uses "covered" so an
    unknown status is never a false regression.
    """
    if topic.status is not TopicStatus.WAIVED:
        return topic.status.value
    for status in TOPIC_RANK:
        if topic.reason.startswith(f"waived ({status})"):
            return status
    return unknown


def underlying_element_status(element: ElementCoverage, unknown: str = "present") -> str:
    if element.status is not ElementStatus.WAIVED:
        return element.status.value
    for status in ELEMENT_RANK:
        if element.reason.startswith(f"waived ({status})"):
            return status
    return unknown


def _evidence(element: ElementCoverage) -> Evidence | None:
    return element.evidence[0] if element.evidence else None


def _topic_evidence(topic: TopicCoverage) -> Evidence | None:
    """A topic has no sentence of its own; its first dedicated section stands in as the location."""
    if not topic.sections:
        return None
    return Evidence(text="", page=topic.first_page, section=topic.sections[0], line=topic.first_line)


def diff_documents(
    old: DocumentResult,
    new: DocumentResult,
    *,
    packs: tuple[str, ...] = (),
    tool_version: str = "",
    problems: tuple[Diagnostic, ...] = (),
) -> DiffResult:
    """Every status change from ``old`` to ``new``, in the new version's topic order."""
    old_topics = {(t.pack, t.topic): t for t in old.coverage}
    new_topics = {(t.pack, t.topic): t for t in new.coverage}
    changes: list[Change] = []
    for key, after in new_topics.items():
        before = old_topics.get(key)
        if before is None:
            continue
        changes.extend(_topic_changes(before, after, new))
    unpaired = sorted(f"{p}/{t}" for p, t in old_topics.keys() ^ new_topics.keys()) if old.coverage and new.coverage else []
    return DiffResult(
        old=old, new=new, changes=tuple(changes), packs=packs, tool_version=tool_version,
        problems=problems, unpaired=tuple(unpaired),
    )


def _topic_changes(before: TopicCoverage, after: TopicCoverage, new: DocumentResult) -> list[Change]:
    out: list[Change] = []
    was, now = underlying_topic_status(before), underlying_topic_status(after)
    topic_severity = new.topic_severity(after.pack, after.topic)
    if was != now and NOT_COMPARED not in (was, now):
        out.append(
            Change(
                pack=after.pack, topic=after.topic, topic_title=after.title, element=None, title=after.title,
                old=was, new=now, old_reason=before.reason, new_reason=after.reason,
                old_evidence=_topic_evidence(before), new_evidence=_topic_evidence(after),
                waived=after.waiver is not None, severity=topic_severity.value if topic_severity else None,
            )
        )
    old_elements = {e.id: e for e in before.elements}
    for element in after.elements:
        previous = old_elements.get(element.id)
        if previous is None:
            continue
        was_e, now_e = underlying_element_status(previous), underlying_element_status(element)
        if was_e == now_e or NOT_COMPARED in (was_e, now_e):
            continue
        finding = new.element_finding(after.pack, after.topic, element.id)
        if finding is None and now == "missing":
            finding = next((f for f in new.topic_findings(after.pack, after.topic) if f.element is None), None)
        out.append(
            Change(
                pack=after.pack, topic=after.topic, topic_title=after.title, element=element.id, title=element.title,
                old=was_e, new=now_e, required=element.required, old_reason=previous.reason, new_reason=element.reason,
                old_evidence=_evidence(previous), new_evidence=_evidence(element),
                waived=element.waiver is not None or after.waiver is not None,
                severity=finding.severity.value if finding is not None and finding.active else None,
                essential=finding.essential if finding is not None else False,
            )
        )
    return out


# ----------------------------------------------------------------------------- renderers


def _cite(evidence: Evidence | None) -> str:
    from ..report.presentation import cite_evidence

    return cite_evidence(evidence) if evidence is not None else ""


def _groups(diff: DiffResult) -> list[tuple[str, list[Change]]]:
    """Changes grouped by topic, keeping the order they were found in."""
    groups: dict[str, list[Change]] = {}
    for change in diff.changes:
        groups.setdefault(f"{change.pack}/{change.topic}", []).append(change)
    return list(groups.items())


def _label(change: Change) -> str:
    tags = []
    if not change.required:
        tags.append("optional")
    if change.essential:
        tags.append("essential")
    if change.waived:
        tags.append("waived")
    suffix = f" ({', '.join(tags)})" if tags else ""
    severity = f" [{change.severity}]" if change.severity and change.kind == "regression" else ""
    return f"{change.kind.upper()}{suffix}{severity}"


def _summary_line(diff: DiffResult) -> str:
    regressions, improvements = len(diff.regressions), len(diff.improvements)
    other = len(diff.changes) - regressions - improvements
    line = f"{regressions} regression(s), {improvements} improvement(s)"
    if other:
        line += f", {other} other change(s) (optional or waived)"
    return line


def render_text(diff: DiffResult) -> str:
    """Plain text: changes grouped by topic, old and new evidence one above the other."""
    from ..report.presentation import one_line

    lines = [f"policylint diff: {diff.old.path} -> {diff.new.path}"]
    for problem in diff.problems:
        lines.append(f"{problem.severity}: {problem.code}: {problem.message}" + (f" ({problem.path})" if problem.path else ""))
    for doc in (diff.old, diff.new):
        for diag in doc.diagnostics:
            lines.append(f"{doc.path}: {diag.severity} {diag.code}: {diag.message}")
        if not doc.coverage:
            lines.append(f"{doc.path}: could not be read; nothing to compare")
    if not diff.readable:
        return "\n".join(lines) + "\n"
    for rule, changes in _groups(diff):
        topic_change = next((c for c in changes if c.element is None), None)
        head = f"{rule} ({changes[0].topic_title})"
        if topic_change is not None:
            head = f"{_label(topic_change)} {head}: {topic_change.old} -> {topic_change.new}"
        lines += ["", head]
        for change in changes:
            if change.element is None:
                if change.new_reason:
                    lines.append(f"    now: {one_line(change.new_reason)}")
                continue
            lines.append(f"  {_label(change)} {change.element} ({change.title}): {change.old} -> {change.new}")
            for side, evidence, reason in (("old", change.old_evidence, change.old_reason), ("new", change.new_evidence, change.new_reason)):
                if evidence is not None and evidence.text:
                    lines.append(f"    {side}: \u201c{one_line(evidence.text)}\u201d ({_cite(evidence)})")
                else:
                    lines.append(f"    {side}: {one_line(reason) or 'no evidence'}")
    if diff.unpaired:
        lines += ["", "judged in only one version (not compared): " + ", ".join(diff.unpaired)]
    lines += ["", _summary_line(diff)]
    return "\n".join(lines) + "\n"


def render_markdown(diff: DiffResult) -> str:
    """A Markdown table per run: old and new evidence side by side (for PR comments and job summaries)."""
    from ..report.markdown import md_cell, md_text

    out = [
        "# policylint diff", "",
        f"`{md_text(diff.old.path)}` \u2192 `{md_text(diff.new.path)}`: **{_summary_line(diff)}**",
    ]
    problems = [f"- `{p.code}` {md_text(p.message)}" for p in diff.problems]
    problems += [f"- `{d.code}` {md_text(doc.path)}: {md_text(d.message)}" for doc in (diff.old, diff.new) for d in doc.diagnostics]
    if problems:
        out += ["", "**Problems**", "", *problems]
    if not diff.readable:
        out += ["", "One of the versions could not be read; nothing was compared."]
        return "\n".join(out) + "\n"
    if diff.changes:
        out += [
            "", "| Change | Rule | Old | New | Old evidence | New evidence |",
            "|---|---|---|---|---|---|",
        ]
        for change in diff.changes:
            cells = [
                md_cell(_label(change).lower()), f"`{md_text(change.rule)}`", md_cell(change.old), md_cell(change.new),
                _md_evidence(change.old_evidence, change.old_reason, md_cell),
                _md_evidence(change.new_evidence, change.new_reason, md_cell),
            ]
            out.append("| " + " | ".join(cells) + " |")
    else:
        out += ["", "No topic or element changed status."]
    if diff.unpaired:
        out += ["", "Judged in only one version (not compared): " + ", ".join(f"`{md_text(u)}`" for u in diff.unpaired)]
    return "\n".join(out) + "\n"


def _md_evidence(evidence: Evidence | None, reason: str, md_cell: Callable[[str | None], str]) -> str:
    if evidence is not None and evidence.text:
        return f"\u201c{md_cell(evidence.text)}\u201d ({md_cell(_cite(evidence))})"
    return md_cell(reason)


def render_json(diff: DiffResult) -> str:
    return indented_json(diff.to_dict())


DIFF_FORMATS: dict[str, Callable[[DiffResult], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


def render_diff(fmt: str, diff: DiffResult) -> str:
    """Render ``diff`` as ``text``, ``markdown`` or ``json`` (KeyError for anything else)."""
    return DIFF_FORMATS[fmt](diff)
