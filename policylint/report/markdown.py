"""GitHub-flavoured Markdown: for pull-request comments and CI job summaries.

Because GitHub shows only a handful of annotations per step, this report must carry
everything: a summary table per document, a topic table (status as emoji *and* word),
then the deciding elements and evidence for every weak or missing topic, the waivers
applied, the packs used and every problem met while reading.

Document text is untrusted: it is HTML-escaped (GitHub renders inline HTML) and
Markdown punctuation is backslash-escaped so a manual cannot add links, emphasis or
table columns. Table cells also escape ``|`` and never contain a newline.
"""

from __future__ import annotations

import re

from ..results import DocumentResult, LintResult, TopicCoverage
from . import RenderOptions
from .presentation import (
    ELEMENT_EMOJI,
    STATUS_EMOJI,
    STATUS_LABEL,
    cite,
    document_name,
    error_diagnostics,
    group_diagnostics,
    is_unreadable,
    law_statuses_in,
    one_line,
    ordered_topics,
    page_span,
    relative_path,
    totals,
)

__all__ = ["render", "md_text", "md_cell"]

#: Inline Markdown syntax a manual must not be able to trigger (links, emphasis, code, tables).
_MD_INLINE = "\\`*_[]|~"
_BLOCK_START = re.compile(r"^(#|[-+]\s|\d+[.)]\s)")


def md_text(text: str | None) -> str:
    """Untrusted text made inert: HTML entities for ``& < >``, backslashes for Markdown syntax.

    Block syntax (a heading ``#``, a list marker) only matters at the start of the text,
    so only a leading marker is escaped; inline syntax is escaped everywhere.
    """
    out = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = "".join("\\" + ch if ch in _MD_INLINE else ch for ch in out)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(0), out)


def md_cell(text: str | None) -> str:
    """A table cell: :func:`md_text` (which already escapes ``|``) or an em dash when empty."""
    value = md_text(text)
    return value or "\u2014"


def status_badge(status: str) -> str:
    return f"{STATUS_EMOJI.get(status, '')} {STATUS_LABEL.get(status, status)}".strip()


def render(result: LintResult, options: RenderOptions) -> str:
    out: list[str] = ["# policylint report", ""]
    t = totals(result)
    out.append(
        f"**{t['documents']} document(s)** checked against "
        + ", ".join(f"{md_text(p.title)} `{p.id}` v{md_text(p.version)}" for p in result.packs)
        + f" with policylint {md_text(result.tool_version)}."
    )
    if result.as_of is not None:
        out[-1] += f" State law is judged as in force on **{result.as_of}**."
    out.append("")
    out += _summary_table(result, options)
    if result.problems:
        out += ["", "**Run problems**", ""]
        out += [f"- `{p.code}` {md_text(p.message)} ({md_text(p.path)})" for p in result.problems]
    for doc in result.documents:
        out += [""] + _document(doc, options)
    out += ["", "## Packs", "", "| Pack | Title | Version |", "| --- | --- | --- |"]
    out += [f"| `{p.id}` | {md_cell(p.title)} | {md_cell(p.version)} |" for p in result.packs]
    out += ["", "## Waivers", ""]
    if result.waivers:
        out += ["| Waiver | Reason | Approved by | Expires | Declared in |", "| --- | --- | --- | --- | --- |"]
        for w in result.waivers:
            target = "/".join(x for x in (w.pack, w.topic, w.element) if x)
            if w.document:
                target += f" ({w.document})"
            out.append(f"| {md_cell(target)} | {md_cell(w.reason)} | {md_cell(w.approved_by)} | "
                       f"{md_cell(w.expires)} | {md_cell(w.source)} |")
    else:
        out.append("No waivers applied.")
    if result.baseline_suppressed:
        out += ["", f"{result.baseline_suppressed} finding(s) suppressed by the baseline."]
    return "\n".join(out).rstrip() + "\n"


def _summary_table(result: LintResult, options: RenderOptions) -> list[str]:
    # the state-law statuses get columns only when some document has them (best-practice runs unchanged)
    extra = law_statuses_in(result)
    rows = ["| Document | " + "".join(f"{STATUS_LABEL[s]} | " for s in extra) + "Covered | Weak | Missing | Waived | Reading problems |",
            "| --- | " + "---: | " * len(extra) + "---: | ---: | ---: | ---: | --- |"]
    for doc in result.documents:
        name = md_cell(document_name(doc))
        path = md_text(relative_path(doc.path, options.root))
        label = name if name == path else f"{name}<br>`{relative_path(doc.path, options.root).replace('`', '')}`"
        if is_unreadable(doc):
            rows.append(f"| {label} | " + "\u2014 | " * len(extra) + f"\u2014 | \u2014 | \u2014 | \u2014 | {status_badge('unreadable')} |")
            continue
        c = doc.counts()
        problems = f"{len(error_diagnostics(doc))} error(s)" if error_diagnostics(doc) else (
            f"{len(doc.diagnostics)} warning(s)" if doc.diagnostics else "none")
        law = "".join(f"{c.get(s, 0)} | " for s in extra)
        rows.append(f"| {label} | {law}{c['covered']} | {c['weak']} | {c['missing']} | {c['waived']} | {problems} |")
    return rows


def _document(doc: DocumentResult, options: RenderOptions) -> list[str]:
    path = relative_path(doc.path, options.root)
    out = [f"## {md_text(document_name(doc))}", ""]
    facts = [f"`{path.replace('`', '')}`"]
    if doc.format:
        facts.append(doc.format)
    if doc.pages:
        facts.append(f"{doc.pages} pages")
    out += [" \u00b7 ".join(facts), ""]
    for d in group_diagnostics(doc.diagnostics):  # one line per kind, pages as ranges
        where = f" ({d.pages})" if d.pages else ""
        icon = "\U0001f6ab" if d.severity == "error" else "\u2139\ufe0f"
        out.append(f"> {icon} **{d.severity.capitalize()} `{d.code}`**: {md_text(d.message)}{where}")
        out.append(">")
    if doc.diagnostics:
        out[-1] = ""
    if is_unreadable(doc):
        out.append(f"{status_badge('unreadable')}: nothing in this document could be checked, so no topic is "
                   "reported as missing.")
        return out
    out += ["| Topic | Status | Severity | Elements present | Where |", "| --- | --- | --- | --- | --- |"]
    for topic in ordered_topics(doc):
        required = [e for e in topic.elements if e.required]
        present = sum(1 for e in required if e.status.value == "present")
        where = "; ".join(topic.sections) if topic.sections else (
            cite(topic.first_page, None, topic.first_line) if topic.first_page or topic.first_line else "")
        severity = doc.topic_severity(topic.pack, topic.topic)
        out.append(f"| {md_cell(topic.title)} <sub>`{topic.pack}/{topic.topic}`</sub> | {status_badge(topic.status.value)} "
                   f"| {severity.value if severity else chr(0x2014)} | {present}/{len(required)} | {md_cell(where)} |")
    gaps = [t for t in ordered_topics(doc) if t.status.value in ("contradicted", "missing", "weak", "waived")]
    if gaps:
        out += ["", "<details open><summary>Why each gap was reported</summary>", ""]
        for topic in gaps:
            out += _topic_detail(doc, topic)
        out += ["</details>"]
    return out


def _topic_detail(doc: DocumentResult, topic: TopicCoverage) -> list[str]:
    out = [f"#### {status_badge(topic.status.value)}: {md_text(topic.title)} (`{topic.pack}/{topic.topic}`)", ""]
    if topic.status.value == "waived" and topic.waiver:
        out += [f"Waived: {md_text(topic.waiver.reason)}"
                + (f" (approved by {md_text(topic.waiver.approved_by)})" if topic.waiver.approved_by else ""), ""]
        return out
    out += [md_text(topic.reason), ""]
    for element in topic.elements:
        optional = " (optional)" if not element.required else ""
        finding = doc.element_finding(topic.pack, topic.topic, element.id)
        if finding is not None and finding.active:
            optional += f" `{finding.severity.value}`" + (" (essential)" if finding.essential else "")
        law = f" ({md_text(element.law.citation)})" if element.law is not None else ""
        out.append(f"- {ELEMENT_EMOJI.get(element.status.value, '')} **{STATUS_LABEL.get(element.status.value)}**: "
                   f"{md_text(element.title)}{law}{optional} \u2014 {md_text(element.reason)}")
        for evidence in element.evidence:
            where = cite(evidence.page, evidence.section, evidence.line, evidence.paragraph)
            out.append("")
            out.append(f"  > {md_text(evidence.text)}")
            hedge = f" \u00b7 weakened by \u201c{md_text(evidence.hedge)}\u201d" if evidence.hedge else ""
            out.append(f"  > \u2014 {md_text(where)}{hedge}")
            out.append("")
    out.append("")
    return out
