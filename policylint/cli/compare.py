"""``policylint compare FILE_OR_DIR... [--pack ID] [--format html|markdown|csv|json] [-o [FORMAT:]FILE]``.

Documents become columns (named by agency when the document says so, else by file
name), topics become rows, each cell the topic's status; rows are sorted so gaps
shared by most documents come first, and each document gets a coverage score. All
documents are linted in one run with the config, waivers and packs ``check`` would use,
so the cells are exactly the statuses ``check`` reports.

Exit codes, as ``check``: 0 when nothing reaches ``--fail-on``; 1 when a document has a
finding at or above it (a missing core topic is an error); 2 when any document (or a page
of one) could not be read (its column says "unreadable", never "missing"), or on a usage,
config or rule error. Reading errors are printed before the matrix; when no document at
all could be read there is nothing to compare and no matrix is written.

For a whole state: ``--manifest FILE`` (CSV or YAML: agency, file, state; see
policylint/batch/manifest.py) adds documents with their agency and state, and
``--layout rows`` writes one row per document (csv, json, jsonl, markdown, html with
filters and pages) instead of one column per document. ``--jobs``/``--executor`` and the
cache work as for ``check``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .batch_options import BatchChoice, batch_options, lint_or_exit
from .check import collect_inputs, exit_code, load_run_config, make_plan, make_selection, report_root, _with_waivers
from .messages import echo_input_errors
from .options import discovery_options, fail_on_option, output_options, quiet_option, selection_options
from .output import OutputTarget, emit_outputs, parse_outputs

if TYPE_CHECKING:  # pragma: no cover
    from ..batch.manifest import ManifestEntry
    from ..results import LintResult

__all__ = ["compare", "MATRIX_FORMATS"]

MATRIX_FORMATS = ("html", "markdown", "csv", "json", "jsonl")
LAYOUTS = ("matrix", "rows")


@click.command("compare")
@click.argument("paths", nargs=-1, required=False, type=click.Path())
@click.option("--pack", "packs", multiple=True, metavar="ID",
              help="Rule pack to compare on (repeatable). Default: the config's packs.")
@output_options(MATRIX_FORMATS, "markdown")
@fail_on_option("the comparison")
@selection_options()
@discovery_options()
@quiet_option()
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Config file (default: discovered from the current folder upwards).")
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
              help="Extra rule-pack file or folder (repeatable).")
@click.option("--manifest", "manifests", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="CSV or YAML list of documents (agency, file, state) to compare (repeatable).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="matrix", show_default=True,
              help="matrix: one column per document; rows: one row per document (for hundreds of documents).")
@batch_options
def compare(paths: tuple[str, ...], packs: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...],
            fail_on: str | None, select: tuple[str, ...], ignore: tuple[str, ...], exclude: tuple[str, ...],
            force_exclude: bool, quiet: bool, config_path: str | None, rules: tuple[str, ...],
            manifests: tuple[Path, ...], layout: str, batch: BatchChoice) -> None:
    """Compare policy documents side by side: topics x documents, with a coverage score each."""
    from ..batch.manifest import read_manifest
    from ..config import ConfigError
    from ..report import RenderOptions
    from ..report.compare import FORMATS, build_matrix
    from ..report.compare_rows import ROW_FORMATS, build_rows
    from ..rulebook import RuleError
    from .progress import RunProgress, progress_wanted

    if not paths and not manifests:
        raise click.UsageError("give documents (files or folders) or --manifest FILE")
    targets = parse_outputs(outputs, formats=MATRIX_FORMATS, default="markdown", explicit_format=fmt)
    if layout != "rows" and any(t.format == "jsonl" for t in targets):
        raise click.BadParameter("jsonl is a rows format: add --layout rows", param_hint="--format")
    config = load_run_config(config_path, None)
    items = collect_inputs(paths, config, exclude=exclude, force_exclude=force_exclude) if paths else []
    try:
        entries = [entry for manifest in manifests for entry in read_manifest(manifest)]
    except (ConfigError, RuleError) as exc:
        for problem in exc.problems:
            click.echo(f"policylint: {problem}", err=True)
        raise SystemExit(2) from None
    labels: list["ManifestEntry | None"] = [None] * len(items) + list(entries)
    items = list(items) + [entry.path for entry in entries]
    config = _with_waivers(config, items, None)
    with RunProgress(enabled=progress_wanted(quiet=quiet)) as progress:
        progress.step("loading rule packs")
        options = batch.resolve(config, document_count=len(items))
        plan = make_plan(config, packs, rules, cache=options.cache)
        selection = make_selection(select, ignore, plan)
        result = lint_or_exit(items, plan, progress.for_documents(len(items)), batch=options)
    result = selection.apply(_with_agencies(result, labels))

    root = report_root()
    matrix = build_matrix(result, root)
    echo_input_errors((doc.path, d) for doc in result.documents for d in doc.diagnostics)
    if not any(column.readable for column in matrix.columns):
        click.echo("policylint: no document could be read; nothing to compare", err=True)
        sys.exit(2)

    def rendering(target: OutputTarget) -> str:
        options = RenderOptions(root=root)
        if layout == "rows":
            table = build_rows(result, [label.state if label else None for label in labels], root, matrix=matrix)
            return ROW_FORMATS[target.format](table, options)
        return FORMATS[target.format](matrix, options)

    emit_outputs(targets, rendering, quiet=quiet)
    sys.exit(exit_code(result, fail_on or config.fail_on))


def _with_agencies(result: "LintResult", labels: "list[ManifestEntry | None]") -> "LintResult":
    """A manifest's agency names its document (over the agency the document states)."""
    from dataclasses import replace

    documents = tuple(
        replace(doc, agency=label.agency) if label is not None and label.agency else doc
        for doc, label in zip(result.documents, labels)
    )
    return replace(result, documents=documents)
