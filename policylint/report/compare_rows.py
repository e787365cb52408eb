"""The comparison as one row per document: the layout that scales to a whole state.

The matrix (:mod:`policylint.report.compare`) puts documents in columns, which reads
well for a handful of neighbouring agencies and not at all for 800. ``compare --layout
rows`` turns it round: one row per document (agency, state, file, score, counts, then
one status per topic), built from the same :class:`~policylint.report.compare.Matrix`,
so every cell and score is exactly the matrix's.

Renderers: CSV (a spreadsheet with one row per agency), JSON (one object), JSON Lines
(one document per line: streams into pandas or ``jq`` at any size), Markdown, and HTML
(self-contained; a text filter, a state filter and pages of 100 rows; printing shows
every row).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Sequence

from ..jsontext import indented_json
from ..results import LintResult
from . import RenderOptions
from .compare import NOT_JUDGED, UNREADABLE, Matrix, _csv_safe, build_matrix

__all__ = ["DocumentRow", "RowTable", "build_rows", "ROW_FORMATS", "render_rows", "FILTER_SCRIPT"]

ROWS_SCHEMA_VERSION = "1"
#: Rows per page in the HTML table.
PAGE_SIZE = 100


@dataclass(frozen=True)
class DocumentRow:
    name: str
    agency: str | None
    state: str | None
    path: str
    readable: bool
    score: float | None
    counts: dict[str, int]
    statuses: tuple[str, ...]  # aligned with RowTable.topics
    problems: tuple[str, ...]

    def to_dict(self, topics: Sequence[tuple[str, str]]) -> dict[str, object]:
        return {
            "name": self.name, "agency": self.agency, "state": self.state, "path": self.path,
            "readable": self.readable, "score": self.score, "counts": self.counts,
            "statuses": {rule: status for (rule, _), status in zip(topics, self.statuses)},
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class RowTable:
    topics: tuple[tuple[str, str], ...]  # (rule, title), in pack order
    rows: tuple[DocumentRow, ...]
    packs: tuple[dict[str, object], ...]
    tool_version: str

    @property
    def states(self) -> list[str]:
        return sorted({r.state for r in self.rows if r.state})

    @property
    def has_unreadable(self) -> bool:
        return any(not r.readable or r.problems for r in self.rows)

    def to_dict(self) -> dict[str, object]:
        return {
            "schema_version": ROWS_SCHEMA_VERSION,
            "tool": {"name": "policylint", "version": self.tool_version},
            "packs": list(self.packs),
            "topics": [{"rule": rule, "title": title} for rule, title in self.topics],
            "documents": [r.to_dict(self.topics) for r in self.rows],
        }


def build_rows(result: LintResult, states: Sequence[str | None] = (), root: object = None,
               matrix: Matrix | None = None) -> RowTable:
    """One row per document of ``result``; ``states[i]`` is document i's state (from a manifest)."""
    matrix = matrix or build_matrix(result, root)
    order: dict[str, int] = {}
    for doc in result.documents:
        for t in doc.coverage:
            order.setdefault(f"{t.pack}/{t.topic}", len(order))
    matrix_rows = sorted(matrix.rows, key=lambda r: order.get(r.rule, len(order)))
    topics = tuple((r.rule, r.title) for r in matrix_rows)
    rows = []
    for i, column in enumerate(matrix.columns):
        rows.append(DocumentRow(
            name=column.name, agency=column.agency, state=states[i] if i < len(states) else None,
            path=column.path, readable=column.readable, score=column.score, counts=column.counts,
            statuses=tuple(r.cells[i].status for r in matrix_rows), problems=column.problems,
        ))
    return RowTable(topics, tuple(rows), matrix.packs, matrix.tool_version)


def render_csv(table: RowTable, options: RenderOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "agency", "state", "path", "score", "covered", "weak", "missing", "waived", "problems",
                     *[rule for rule, _ in table.topics]])
    for row in table.rows:
        writer.writerow([
            _csv_safe(row.name), _csv_safe(row.agency or ""), _csv_safe(row.state or ""), _csv_safe(row.path),
            "" if row.score is None else f"{row.score:.1f}",
            *[row.counts.get(s, 0) for s in ("covered", "weak", "missing", "waived")],
            _csv_safe("; ".join(row.problems)), *row.statuses,
        ])
    return buffer.getvalue()


def render_json(table: RowTable, options: RenderOptions) -> str:
    return indented_json(table.to_dict())


def render_jsonl(table: RowTable, options: RenderOptions) -> str:
    """One compact JSON object per document and line (no envelope: every line stands alone)."""
    return "".join(json.dumps(r.to_dict(table.topics), ensure_ascii=False) + "\n" for r in table.rows)


def render_markdown(table: RowTable, options: RenderOptions) -> str:
    from .markdown import md_cell, status_badge

    out = ["# policylint comparison", "",
           f"{len(table.rows)} document(s), {len(table.topics)} topic(s). Score = (covered + \u00bd weak) / judged topics.",
           "", "| Document | State | Score | " + " | ".join(f"`{md_cell(rule)}`" for rule, _ in table.topics) + " |",
           "| --- | --- | ---: | " + " | ".join("---" for _ in table.topics) + " |"]
    for row in table.rows:
        score = f"{row.score:.0f}%" if row.score is not None else status_badge(UNREADABLE)
        cells = " | ".join("n/a" if s == NOT_JUDGED else status_badge(s) for s in row.statuses)
        out.append(f"| {md_cell(row.name)} | {md_cell(row.state or '')} | {score} | {cells} |")
    return "\n".join(out) + "\n"


#: Filters and pages the rows table; the only script in the page (pinned by hash in its CSP).
FILTER_SCRIPT = """(function(){
var rows=[].slice.call(document.querySelectorAll("tbody#rows tr"));
var q=document.getElementById("q"),st=document.getElementById("state"),info=document.getElementById("info");
var prev=document.getElementById("prev"),next=document.getElementById("next");
var size=parseInt(document.getElementById("rows").getAttribute("data-page-size"),10),page=0,shown=rows;
function apply(){var text=q.value.toLowerCase(),state=st.value;
shown=rows.filter(function(r){return (!state||r.getAttribute("data-state")===state)&&
(!text||r.getAttribute("data-text").indexOf(text)>=0);});
var pages=Math.max(1,Math.ceil(shown.length/size));if(page>=pages){page=pages-1;}
rows.forEach(function(r){r.hidden=true;});
shown.slice(page*size,(page+1)*size).forEach(function(r){r.hidden=false;});
info.textContent=shown.length+" of "+rows.length+" documents; page "+(page+1)+" of "+pages;
prev.disabled=page===0;next.disabled=page>=pages-1;}
q.addEventListener("input",function(){page=0;apply();});
st.addEventListener("change",function(){page=0;apply();});
prev.addEventListener("click",function(){page-=1;apply();});
next.addEventListener("click",function(){page+=1;apply();});
window.addEventListener("beforeprint",function(){rows.forEach(function(r){r.hidden=false;});});
window.addEventListener("afterprint",apply);
apply();})();"""


def render_html(table: RowTable, options: RenderOptions) -> str:
    from .html import csp, environment

    return environment().get_template("compare_rows.html.j2").render(
        table=table, script=FILTER_SCRIPT, csp=csp(FILTER_SCRIPT), page_size=PAGE_SIZE, NOT_JUDGED=NOT_JUDGED, zip=zip,
    )


ROW_FORMATS = {"csv": render_csv, "json": render_json, "jsonl": render_jsonl, "markdown": render_markdown,
               "html": render_html}


def render_rows(fmt: str, result: LintResult, states: Sequence[str | None] = (),
                options: RenderOptions | None = None) -> str:
    """Build the row table from ``result`` and render it as ``fmt``."""
    options = options or RenderOptions()
    return ROW_FORMATS[fmt](build_rows(result, states, options.root), options)
