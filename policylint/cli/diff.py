"""``policylint diff OLD NEW``: what changed between two drafts of a manual.

Both files (any formats: an old PDF against a new DOCX is fine) are linted with the same
packs, config and waivers; topics and elements whose status changed are listed with the
old and new evidence and the severity the new status weighs. Exit 1 when anything
regressed (unwaived, required; an essential element that is removed or weakened always
does), 2 when either version could not be read or the config/rules are wrong, else 0.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from ..fsio import write_text_atomic
from .messages import echo_input_errors
from .options import output_options, quiet_option, selection_options
from .output import OutputTarget, emit_outputs, parse_outputs

DIFF_FORMAT_NAMES = ("text", "markdown", "json")


@click.command()
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option("--pack", "packs", multiple=True, metavar="ID", help="Rule pack to run (repeatable; default: core, or config packs).")
@click.option("--rules", "rules", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder (or file) of rule packs.")
@output_options(DIFF_FORMAT_NAMES, "text")
@selection_options()
@quiet_option()
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Config file (skips discovery).")
@click.option("--waivers-file", type=click.Path(dir_okay=False), default=None, help="Waivers file (default: .policylint-waivers.yaml).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when something regressed (still 2 on errors).")
def diff(
    old: str,
    new: str,
    packs: tuple[str, ...],
    rules: tuple[str, ...],
    fmt: str | None,
    outputs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    quiet: bool,
    config_path: str | None,
    waivers_file: str | None,
    exit_zero: bool,
) -> None:
    """Compare two versions of a manual: topics and elements whose status changed.

    Statuses are ordered covered > weak > missing (topics) and present > hedged > absent
    (elements); a step down is a regression. Exit codes: 0 no regression; 1 a regression;
    2 usage, config, rule or unreadable-input errors.
    """
    from .. import __version__
    from ..api import lint_documents
    from ..workflow.diff import diff_documents, render_diff
    from .check import _with_waivers, load_run_config, make_plan, make_selection
    from .progress import RunProgress, progress_wanted

    targets = parse_outputs(outputs, formats=DIFF_FORMAT_NAMES, default="text", explicit_format=fmt)
    config = load_run_config(config_path, None)
    config = _with_waivers(config, [old, new], waivers_file)
    with RunProgress(enabled=progress_wanted(quiet=quiet)) as progress:
        progress.step("loading rule packs")
        plan = make_plan(config, packs, rules)
        selection = make_selection(select, ignore, plan)
        result = lint_documents([Path(old), Path(new)], plan, progress=progress.for_documents(2))
    before, after = result.documents
    report = diff_documents(
        before, after, packs=tuple(p.id for p in result.packs), tool_version=__version__, problems=result.problems,
    )
    if selection.active:
        report = dataclasses.replace(report, changes=tuple(
            c for c in report.changes if selection.reports(c.pack, c.topic, c.element)))

    def rendering(target: OutputTarget) -> str:
        return render_diff(target.format, report)

    emit_outputs(targets, rendering, quiet=quiet)
    echo_input_errors((doc.path, d) for doc in (before, after) for d in doc.diagnostics)
    if not report.readable or any(p.severity == "error" for p in report.problems):
        sys.exit(2)
    sys.exit(1 if report.regressions and not exit_zero else 0)
