"""``policylint compare FILE_OR_DIR... [--pack ID] [--format html|markdown|csv|json] [--output FILE]``.

Documents become columns (named by agency when the document says so, else by file
name), topics become rows, each cell the topic's status; rows are sorted so gaps
shared by most documents come first, and each document gets a coverage score. All
documents are linted in one ``policylint.lint`` call, so the cells are exactly the
statuses ``check`` reports.

For a whole state: ``--manifest FILE`` (CSV or YAML: agency, file, state; see
policylint/batch/manifest.py) adds documents with their agency and state, and
``--layout rows`` writes one row per document (csv, json, jsonl, markdown, html with
filters and pages) instead of one column per document. ``--jobs``/``--executor`` and the
cache work as for ``check``.

Exit codes: 0 when every document was read; 2 when any document (or a page of one)
could not be read (its column says "unreadable", never "missing"), or on a usage,
config or rule error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .batch_options import BatchChoice, batch_options, lint_or_exit

if TYPE_CHECKING:  # pragma: no cover
    from ..batch.manifest import ManifestEntry
    from ..results import LintResult

__all__ = ["compare"]

MATRIX_FORMATS = ("html", "markdown", "csv", "json", "jsonl")
LAYOUTS = ("matrix", "rows")


@click.command("compare")
@click.argument("paths", nargs=-1, required=False, type=click.Path(path_type=Path))
@click.option("--pack", "packs", multiple=True, metavar="ID",
              help="Rule pack to compare on (repeatable). Default: the config's packs.")
@click.option("--format", "fmt", type=click.Choice(MATRIX_FORMATS), default=None,
              help="Output format. Default: html when --output ends in .html, csv for .csv, json for .json, "
                   "else markdown.")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the matrix to FILE instead of standard output.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Config file (default: discovered from the current folder upwards).")
@click.option("--rules", "rules", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="Extra rule-pack file or folder (repeatable).")
@click.option("--manifest", "manifests", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="CSV or YAML list of documents (agency, file, state) to compare (repeatable).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="matrix", show_default=True,
              help="matrix: one column per document; rows: one row per document (for hundreds of documents).")
@batch_options
def compare(paths: tuple[Path, ...], packs: tuple[str, ...], fmt: str | None, output: Path | None,
            config_path: Path | None, rules: tuple[Path, ...], manifests: tuple[Path, ...], layout: str,
            batch: BatchChoice) -> None:
    """Compare policy documents side by side: topics x documents, with a coverage score each."""
    from ..api import expand_paths, plan_run
    from ..batch.manifest import read_manifest
    from ..config import ConfigError, load_config
    from ..report import RenderOptions
    from ..report.compare import FORMATS, build_matrix
    from ..report.compare_rows import ROW_FORMATS, build_rows
    from ..rulebook import RuleError

    fmt = fmt or _format_from_suffix(output)
    if fmt == "jsonl" and layout != "rows":
        raise click.BadParameter("jsonl is a rows format: add --layout rows", param_hint="--format")
    if not paths and not manifests:
        raise click.UsageError("give documents (files or folders) or --manifest FILE")
    try:
        config = load_config(config_path)
        entries = [entry for manifest in manifests for entry in read_manifest(manifest)]
        plan = plan_run(packs=list(packs) or None, config=config, rules=list(rules))
    except (ConfigError, RuleError) as exc:
        for problem in exc.problems:
            click.echo(f"policylint: {problem}", err=True)
        raise SystemExit(2) from None
    items = expand_paths(list(paths))
    labels = [None] * len(items) + entries
    items += [entry.path for entry in entries]
    result = lint_or_exit(items, plan, batch=batch.resolve(config, document_count=len(items)))
    result = _with_agencies(result, labels)

    options = RenderOptions(root=Path.cwd())
    matrix = build_matrix(result, Path.cwd())
    if layout == "rows":
        table = build_rows(result, [label.state if label else None for label in labels], Path.cwd(), matrix=matrix)
        text = ROW_FORMATS[fmt](table, options)
    else:
        text = FORMATS[fmt](matrix, options)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"policylint: wrote {fmt} comparison of {len(matrix.columns)} document(s) to {output}", err=True)

    for column in matrix.columns:
        for problem in column.problems:
            click.echo(f"policylint: {column.path}: {problem}", err=True)
    raise SystemExit(2 if matrix.has_unreadable else 0)


def _format_from_suffix(output: Path | None) -> str:
    suffix = output.suffix.lower() if output is not None else ""
    return {".html": "html", ".htm": "html", ".csv": "csv", ".json": "json", ".jsonl": "jsonl"}.get(suffix, "markdown")


def _with_agencies(result: "LintResult", labels: "list[ManifestEntry | None]") -> "LintResult":
    """A manifest's agency names its document (over the agency the document states)."""
    from dataclasses import replace

    documents = tuple(
        replace(doc, agency=label.agency) if label is not None and label.agency else doc
        for doc, label in zip(result.documents, labels)
    )
    return replace(result, documents=documents)
