"""The comparison matrix: documents as columns, topics as rows, each cell a status.

Built from one :class:`~policylint.results.LintResult` (one ``policylint.lint`` call over
all documents), so the matrix says exactly what ``check`` says for each document; it
reads coverage records and never re-runs matching.

- Columns are named by agency when the document states it, else by file name (made
  unique by adding the file name when two documents name the same agency).
- A document that could not be read shows ``unreadable`` in every cell, never
  ``missing``: a gap must not be invented from a file nobody could read.
- Rows are sorted so gaps shared by most documents come first: by the number of
  documents where the topic is missing or weak, then by missing alone, then pack order.
- The coverage score of a document is ``100 * (covered + 0.5 * weak) / judged`` where
  ``judged`` excludes waived topics: a weak topic is half-way there, a waived one is a
  documented decision that neither earns nor loses points. With state-law packs a
  contradicted topic is judged and earns nothing (it counts as a gap, like missing and
  weak); a topic whose law was not in force on the as-of date is not judged.

Renderers: JSON (for machines and the corpus test), CSV (for spreadsheets), Markdown
and HTML (jinja2, self-contained like the HTML report).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..jsontext import indented_json
from ..results import ElementCoverage, LintResult, TopicCoverage
from . import RenderOptions
from .presentation import cite, document_name, error_diagnostics, is_unreadable, relative_path

__all__ = ["Column", "Cell", "Row", "Matrix", "build_matrix", "score", "FORMATS", "render_matrix"]

COMPARE_SCHEMA_VERSION = "1"
UNREADABLE = "unreadable"
NOT_JUDGED = "n/a"  # the topic was not part of this document's run (a pack not applied to it)


@dataclass(frozen=True)
class Column:
    name: str
    path: str
    agency: str | None
    readable: bool
    counts: dict[str, int]
    score: float | None  # None when nothing could be judged
    problems: tuple[str, ...] = ()  # "PL101: message" for every error met while reading

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "path": self.path, "agency": self.agency, "readable": self.readable,
                "counts": self.counts, "score": self.score, "problems": list(self.problems)}


@dataclass(frozen=True)
class Cell:
    status: str  # covered | weak | missing | waived | unreadable | n/a
    reason: str = ""
    elements: tuple[ElementCoverage, ...] = ()
    sections: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "reason": self.reason,
            "sections": list(self.sections),
            "elements": [{"id": e.id, "title": e.title, "status": e.status.value, "required": e.required,
                          "evidence": [{"text": ev.text, "page": ev.page, "section": ev.section, "line": ev.line}
                                       for ev in e.evidence[:1]]}
                         for e in self.elements],
        }


@dataclass(frozen=True)
class Row:
    pack: str
    topic: str
    title: str
    cells: tuple[Cell, ...]
    gaps: int  # documents where the topic is missing or weak
    missing: int

    @property
    def rule(self) -> str:
        return f"{self.pack}/{self.topic}"

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "pack": self.pack, "topic": self.topic, "title": self.title,
                "gaps": self.gaps, "missing": self.missing, "cells": [c.to_dict() for c in self.cells]}


@dataclass(frozen=True)
class Matrix:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    packs: tuple[dict[str, object], ...]
    tool_version: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_unreadable(self) -> bool:
        return any(not c.readable or c.problems for c in self.columns)

    def to_dict(self) -> dict[str, object]:
        return {
            "schema_version": COMPARE_SCHEMA_VERSION,
            "tool": {"name": "policylint", "version": self.tool_version},
            "packs": list(self.packs),
            "columns": [c.to_dict() for c in self.columns],
            "rows": [r.to_dict() for r in self.rows],
        }


def score(counts: dict[str, int]) -> float | None:
    """Coverage score in percent (see the module docstring), one decimal; None if nothing was judged."""
    # (a contradicted topic is judged and scores nothing; a topic not yet in force is not judged)
    judged = counts.get("covered", 0) + counts.get("weak", 0) + counts.get("missing", 0) + counts.get("contradicted", 0)
    if not judged:
        return None
    return round(100.0 * (counts.get("covered", 0) + 0.5 * counts.get("weak", 0)) / judged, 1)


def _names(result: LintResult) -> list[str]:
    """Column names: agency or file name; an agency named twice gets its file name added."""
    names = [document_name(d) for d in result.documents]
    clashes = {n for n in names if names.count(n) > 1}
    return [
        f"{name} ({PurePosixPath(doc.path.replace(chr(92), '/')).name})" if name in clashes and doc.agency else name
        for name, doc in zip(names, result.documents)
    ]


def build_matrix(result: LintResult, root: Any = None) -> Matrix:
    """The matrix for every document and every topic any document was judged on."""
    topics: dict[tuple[str, str], str] = {}
    for doc in result.documents:
        for t in doc.coverage:
            topics.setdefault((t.pack, t.topic), t.title)
    columns: list[Column] = []
    lookup: list[dict[tuple[str, str], TopicCoverage]] = []
    for name, doc in zip(_names(result), result.documents):
        unreadable = is_unreadable(doc)
        counts = doc.counts()
        columns.append(Column(
            name=name, path=relative_path(doc.path, root), agency=doc.agency, readable=not unreadable,
            counts=counts, score=None if unreadable else score(counts),
            problems=tuple(f"{d.code}: {d.message}" for d in (error_diagnostics(doc) or
                                                            (doc.diagnostics if unreadable else ()))),
        ))
        lookup.append({(t.pack, t.topic): t for t in doc.coverage})
    pack_order = {p.id: i for i, p in enumerate(result.packs)}
    rows: list[Row] = []
    for (pack, topic), title in topics.items():
        cells: list[Cell] = []
        for column, coverage in zip(columns, lookup):
            record = coverage.get((pack, topic))
            if not column.readable:
                cells.append(Cell(UNREADABLE, "the document could not be read"))
            elif record is None:
                cells.append(Cell(NOT_JUDGED, "not judged for this document"))
            else:
                reason = record.waiver.reason if record.waiver else record.reason
                cells.append(Cell(record.status.value, reason, record.elements, record.sections))
        gaps = sum(1 for c in cells if c.status in ("contradicted", "missing", "weak"))
        missing = sum(1 for c in cells if c.status == "missing")
        rows.append(Row(pack, topic, title, tuple(cells), gaps, missing))
    first_seen = {(r.pack, r.topic): i for i, r in enumerate(rows)}
    rows.sort(key=lambda r: (-r.gaps, -r.missing, pack_order.get(r.pack, len(pack_order)), first_seen[(r.pack, r.topic)]))
    return Matrix(tuple(columns), tuple(rows), tuple(p.to_dict() for p in result.packs), result.tool_version)


# ---------------------------------------------------------------- renderers


def render_json(matrix: Matrix, options: RenderOptions) -> str:
    return indented_json(matrix.to_dict())


def render_csv(matrix: Matrix, options: RenderOptions) -> str:
    """One row per topic, one column per document; a final row holds the coverage scores."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rule", "topic", *[_csv_safe(c.name) for c in matrix.columns]])
    for row in matrix.rows:
        writer.writerow([row.rule, _csv_safe(row.title), *[cell.status for cell in row.cells]])
    writer.writerow(["score", "coverage score (%)", *["" if c.score is None else f"{c.score:.1f}" for c in matrix.columns]])
    return buffer.getvalue()


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formula injection (a cell starting with = + - @)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_markdown(matrix: Matrix, options: RenderOptions) -> str:
    from .markdown import md_cell, status_badge

    out = ["# policylint comparison", ""]
    out.append(f"{len(matrix.columns)} document(s), {len(matrix.rows)} topic(s); packs: "
               + ", ".join(f"`{p['id']}` v{md_cell(str(p['version']))}" for p in matrix.packs) + ".")
    out.append("Rows are sorted so gaps shared by most documents come first. Score = (covered + \u00bd weak) / "
               "judged topics.")
    out.append("")
    out.append("| Topic | Gaps | " + " | ".join(md_cell(c.name) for c in matrix.columns) + " |")
    out.append("| --- | ---: | " + " | ".join("---" for _ in matrix.columns) + " |")
    for row in matrix.rows:
        cells = " | ".join(status_badge(c.status) if c.status != NOT_JUDGED else "n/a" for c in row.cells)
        out.append(f"| {md_cell(row.title)} <sub>`{row.rule}`</sub> | {row.gaps} | {cells} |")
    scores = " | ".join(f"**{c.score:.0f}%**" if c.score is not None else status_badge(UNREADABLE)
                        for c in matrix.columns)
    out.append(f"| **Coverage score** | | {scores} |")
    problems = [(c, p) for c in matrix.columns for p in c.problems]
    if problems:
        out += ["", "**Reading problems**", ""]
        out += [f"- {md_cell(c.name)} (`{c.path.replace('`', '')}`): {md_cell(p)}" for c, p in problems]
    return "\n".join(out) + "\n"


def render_html(matrix: Matrix, options: RenderOptions) -> str:
    from .html import PRINT_SCRIPT, csp, environment

    from .presentation import LAW_STATUSES

    env = environment()
    seen = {c.status for r in matrix.rows for c in r.cells} | {
        e.status.value for r in matrix.rows for c in r.cells for e in c.elements
    }
    return env.get_template("compare.html.j2").render(
        matrix=matrix, script=PRINT_SCRIPT, csp=csp(PRINT_SCRIPT), NOT_JUDGED=NOT_JUDGED,
        first_cite=_first_cite, law=tuple(s for s in LAW_STATUSES if s in seen),
    )


def _first_cite(element: ElementCoverage) -> str:
    if not element.evidence:
        return ""
    ev = element.evidence[0]
    return cite(ev.page, ev.section, ev.line, ev.paragraph)


FORMATS = {"json": render_json, "csv": render_csv, "markdown": render_markdown, "html": render_html}


def render_matrix(fmt: str, result: LintResult, options: RenderOptions | None = None) -> str:
    """Build the matrix from ``result`` and render it as ``fmt`` (json, csv, markdown, html)."""
    options = options or RenderOptions()
    return FORMATS[fmt](build_matrix(result, options.root), options)

