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
"""

from __future__ import annotations

import sys

import click

from .check import collect_inputs, exit_code, load_run_config, make_plan, make_selection, report_root, _with_waivers
from .messages import echo_input_errors
from .options import discovery_options, fail_on_option, output_options, quiet_option, selection_options
from .output import OutputTarget, emit_outputs, parse_outputs

__all__ = ["compare", "MATRIX_FORMATS"]

MATRIX_FORMATS = ("html", "markdown", "csv", "json")


@click.command("compare")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
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
def compare(paths: tuple[str, ...], packs: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...],
            fail_on: str | None, select: tuple[str, ...], ignore: tuple[str, ...], exclude: tuple[str, ...],
            force_exclude: bool, quiet: bool, config_path: str | None, rules: tuple[str, ...]) -> None:
    """Compare policy documents side by side: topics x documents, with a coverage score each."""
    from ..api import lint_documents
    from ..report import RenderOptions
    from ..report.compare import FORMATS, build_matrix
    from .progress import RunProgress, progress_wanted

    targets = parse_outputs(outputs, formats=MATRIX_FORMATS, default="markdown", explicit_format=fmt)
    config = load_run_config(config_path, None)
    items = collect_inputs(paths, config, exclude=exclude, force_exclude=force_exclude)
    config = _with_waivers(config, items, None)
    with RunProgress(enabled=progress_wanted(quiet=quiet)) as progress:
        progress.step("loading rule packs")
        plan = make_plan(config, packs, rules)
        selection = make_selection(select, ignore, plan)
        result = lint_documents(items, plan, progress=progress.for_documents(len(items)))
    result = selection.apply(result)

    root = report_root()
    matrix = build_matrix(result, root)
    echo_input_errors((doc.path, d) for doc in result.documents for d in doc.diagnostics)
    if not any(column.readable for column in matrix.columns):
        click.echo("policylint: no document could be read; nothing to compare", err=True)
        sys.exit(2)

    def rendering(target: OutputTarget) -> str:
        return FORMATS[target.format](matrix, RenderOptions(root=root))

    emit_outputs(targets, rendering, quiet=quiet)
    sys.exit(exit_code(result, fail_on or config.fail_on))
