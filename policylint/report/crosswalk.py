"""The statute crosswalk: one row per statutory requirement, beside the manual section that meets it.

What agencies publish by hand for SB 230 and what a city attorney reads before adoption:
for each requirement of a state-law pack (``ca``, ``il``), its citation and the date it
took effect, whether the manual satisfies it, and where (section and page, with the quoted
sentence). Built from the result records only (``ElementCoverage.law`` carries the
statute); nothing is re-matched.

Row statuses, in the words an attorney uses:

=================  ===========================================================
``contradicted``   the manual permits what the statute bans (listed first)
``missing``        no sentence states the requirement
``weak``           stated, but hedged, permissive or swallowed by an exception
``satisfied``      stated as a binding rule; section, page and quote given
``not in force``   the requirement took effect after the ``--as-of`` date
``waived``         an accepted gap, with its written reason
=================  ===========================================================

Formats: Markdown (``--format crosswalk``), printable HTML (``crosswalk-html``) and CSV
(``crosswalk-csv``: UTF-8 with a byte-order mark so spreadsheet programs read the section
signs and quotes correctly, formula-like cells neutralised). Rows keep the statute's order
(the pack's order); the per-document summary and the HTML callout put contradictions first.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ..results import DocumentResult, ElementCoverage, ElementStatus, LintResult, TopicCoverage
from . import RenderOptions
from .presentation import cite, document_name, is_unreadable, one_line, relative_path

__all__ = [
    "CrosswalkRow", "DocumentCrosswalk", "Crosswalk", "build_crosswalk", "ROW_STATUSES",
    "render_markdown", "render_html", "render_csv", "CSV_COLUMNS",
]

#: Engine element status -> crosswalk status.
_ROW_STATUS = {
    ElementStatus.PRESENT: "satisfied",
    ElementStatus.HEDGED: "weak",
    ElementStatus.ABSENT: "missing",
    ElementStatus.CONTRADICTED: "contradicted",
    ElementStatus.NOT_IN_FORCE: "not in force",
    ElementStatus.WAIVED: "waived",
}
#: Crosswalk statuses, worst first (the order of every summary).
ROW_STATUSES = ("contradicted", "missing", "weak", "satisfied", "waived", "not in force")

CSV_COLUMNS = (
    "document", "path", "pack", "state", "as_of", "topic", "requirement_id", "requirement", "citation", "effective",
    "amended_by", "status", "section", "page", "line", "paragraph", "evidence", "reason", "not_verified",
)


@dataclass(frozen=True)
class CrosswalkRow:
    """One statutory requirement and what the manual does with it."""

    pack: str
    topic: str
    topic_title: str
    requirement_id: str
    requirement: str
    citation: str
    effective: str
    amended_by: str | None
    status: str  # one of ROW_STATUSES
    section: str | None
    page: int | None
    line: int | None
    paragraph: int | None
    evidence: str | None
    reason: str
    note: str | None = None  # what about the statute's date or numbering was not verified

    @property
    def rule(self) -> str:
        return f"{self.pack}/{self.topic}/{self.requirement_id}"

    @property
    def where(self) -> str:
        """``p. 37, 300.4.2 CHOKEHOLDS`` (empty when no sentence was found)."""
        if self.evidence is None:
            return ""
        return cite(self.page, self.section, self.line, self.paragraph)


@dataclass(frozen=True)
class DocumentCrosswalk:
    name: str
    path: str
    readable: bool
    rows: tuple[CrosswalkRow, ...] = ()
    problems: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in ROW_STATUSES}
        for row in self.rows:
            out[row.status] += 1
        return out


@dataclass(frozen=True)
class Crosswalk:
    documents: tuple[DocumentCrosswalk, ...]
    packs: tuple[dict[str, Any], ...]  # the state-law packs: id, title, version, state
    as_of: str | None
    tool_version: str
    other_packs: tuple[str, ...] = field(default_factory=tuple)  # selected packs without statutes


def _row(topic: TopicCoverage, element: ElementCoverage) -> CrosswalkRow | None:
    law = element.law
    if law is None:
        return None
    shown = element.status is not ElementStatus.ABSENT and element.status is not ElementStatus.NOT_IN_FORCE
    best = element.evidence[0] if element.evidence and shown else None
    if element.status is ElementStatus.NOT_IN_FORCE and element.evidence:
        best = element.evidence[0]  # what the manual already says, for information
    return CrosswalkRow(
        pack=topic.pack, topic=topic.topic, topic_title=topic.title, requirement_id=element.id,
        requirement=element.title, citation=law.citation, effective=law.effective, amended_by=law.amended_by,
        status=_ROW_STATUS[element.status],
        section=best.section if best else None, page=best.page if best else None,
        line=best.line if best else None, paragraph=best.paragraph if best else None,
        evidence=one_line(best.text) if best else None,
        reason=element.waiver.reason if element.waiver is not None else element.reason,
        note=law.note,
    )


def _document(doc: DocumentResult, root: Any) -> DocumentCrosswalk:
    name, path = document_name(doc), relative_path(doc.path, root)
    if is_unreadable(doc):
        problems = tuple(f"{d.code}: {d.message}" for d in doc.diagnostics) or ("the document could not be read",)
        return DocumentCrosswalk(name, path, False, (), problems)
    rows = tuple(row for topic in doc.coverage for element in topic.elements if (row := _row(topic, element)))
    errors = tuple(f"{d.code}: {d.message}" for d in doc.diagnostics if d.severity == "error")
    return DocumentCrosswalk(name, path, True, rows, errors)


def build_crosswalk(result: LintResult, root: Any = None) -> Crosswalk:
    """The crosswalk of every document against every state-law pack in ``result``."""
    state = tuple(p.to_dict() for p in result.packs if p.state is not None)
    others = tuple(p.id for p in result.packs if p.state is None)
    return Crosswalk(
        documents=tuple(_document(d, root) for d in result.documents),
        packs=state, as_of=result.as_of, tool_version=result.tool_version, other_packs=others,
    )


# ------------------------------------------------------------------------------ renderers


def _no_statute_note(crosswalk: Crosswalk) -> str:
    picked = ", ".join(crosswalk.other_packs) or "none"
    return (f"No state-law pack was selected (packs: {picked}), so there is no statute to cross-walk. "
            "Run with --pack ca or --pack il, or set state: in the configuration.")


def _amended(row: CrosswalkRow) -> str:
    return f"in force {row.effective}" + (f", added by {row.amended_by}" if row.amended_by else "")


def render_markdown(result: LintResult, options: RenderOptions) -> str:
    """The crosswalk as GitHub-flavoured Markdown tables, one per document."""
    from .markdown import md_cell, md_text

    crosswalk = build_crosswalk(result, options.root)
    out = ["# Statute crosswalk", ""]
    if not crosswalk.packs:
        return "\n".join(out + [md_text(_no_statute_note(crosswalk))]) + "\n"
    packs = ", ".join(f"{md_text(p['title'])} `{p['id']}` v{md_text(p['version'])}" for p in crosswalk.packs)
    out += [f"Checked against {packs}, as the law stood on **{crosswalk.as_of}**, with policylint "
            f"{md_text(crosswalk.tool_version)}. Status: **contradicted** = the manual permits what the statute "
            "bans; **missing** = not stated; **weak** = stated but hedged or permissive; **satisfied** = stated as "
            "a binding rule (section, page and quote given).", ""]
    for doc in crosswalk.documents:
        out += [f"## {md_text(doc.name)}", "", f"`{doc.path.replace('`', '')}`", ""]
        if not doc.readable:
            out += ["Not checked: " + "; ".join(md_text(p) for p in doc.problems), ""]
            continue
        counts = doc.counts()
        out += [", ".join(f"{counts[s]} {s}" for s in ROW_STATUSES if counts[s] or s in ("contradicted", "missing", "weak", "satisfied")), ""]
        for problem in doc.problems:
            out += [f"> Reading problem: {md_text(problem)}", ""]
        out += ["| Requirement | Citation | Status | Section | Page | Evidence |", "| --- | --- | --- | --- | ---: | --- |"]
        for row in doc.rows:
            status = f"**{row.status.upper()}**" if row.status == "contradicted" else row.status
            requirement = f"{md_cell(row.requirement)}<br><sub>{md_text(_amended(row))}</sub>"
            evidence = f"\u201c{md_text(row.evidence)}\u201d" if row.evidence else md_cell(row.reason)
            out.append(f"| {requirement} | {md_cell(row.citation)} | {status} | {md_cell(row.section)} | "
                       f"{row.page if row.page is not None else ''} | {evidence} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_csv(result: LintResult, options: RenderOptions) -> str:
    """Every row of every document as CSV for spreadsheets (UTF-8 with BOM; formula cells neutralised)."""
    from .compare import _csv_safe

    crosswalk = build_crosswalk(result, options.root)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    states = {p["id"]: p.get("state", "") for p in crosswalk.packs}
    for doc in crosswalk.documents:
        for row in doc.rows:
            values = [
                doc.name, doc.path, row.pack, states.get(row.pack, ""), crosswalk.as_of or "", row.topic, row.requirement_id,
                row.requirement, row.citation, row.effective, row.amended_by or "", row.status, row.section or "",
                "" if row.page is None else str(row.page), "" if row.line is None else str(row.line),
                "" if row.paragraph is None else str(row.paragraph), row.evidence or "", row.reason, row.note or "",
            ]
            writer.writerow([_csv_safe(v) for v in values])
    return "\ufeff" + buffer.getvalue()


def render_html(result: LintResult, options: RenderOptions) -> str:
    """A printable HTML crosswalk: one table per document, contradictions called out first."""
    from .html import PRINT_SCRIPT, STATUS_SYMBOL, csp, environment

    crosswalk = build_crosswalk(result, options.root)
    env = environment()
    return env.get_template("crosswalk.html.j2").render(
        crosswalk=crosswalk, statuses=ROW_STATUSES, note=_no_statute_note(crosswalk) if not crosswalk.packs else "",
        script=PRINT_SCRIPT, csp=csp(PRINT_SCRIPT), amended=_amended, symbol=STATUS_SYMBOL,
    )
