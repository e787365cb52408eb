"""``policylint diff OLD NEW``: what changed between two drafts of a manual.

Both files (any formats: an old PDF against a new DOCX is fine) are linted with the same
packs, config and waivers; topics and elements whose status changed are listed with the
old and new evidence. Exit 1 when anything regressed (unwaived, required), 2 when either
version could not be read or the config/rules are wrong, else 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..fsio import write_text_atomic
from .messages import echo_input_errors

DIFF_FORMAT_NAMES = ("text", "markdown", "json")


@click.command()
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option("--pack", "packs", multiple=True, metavar="ID", help="Rule pack to run (repeatable; default: core, or config packs).")
@click.option("--rules", "rules", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder (or file) of rule packs.")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMAT_NAMES), default="text", show_default=True, help="Output format.")
@click.option("--output", "output", type=click.Path(dir_okay=False), default=None, help="Write the report to FILE instead of stdout.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Config file (skips discovery).")
@click.option("--waivers-file", type=click.Path(dir_okay=False), default=None, help="Waivers file (default: .policylint-waivers.yaml).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when something regressed (still 2 on errors).")
def diff(
    old: str,
    new: str,
    packs: tuple[str, ...],
    rules: tuple[str, ...],
    fmt: str,
    output: str | None,
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
    from ..api import lint_documents, plan_run
    from ..config import ConfigError
    from ..diff import diff_documents, render_diff
    from ..rulebook import RuleError
    from ..waivers import with_run_waivers
    from .check import _problems_exit, load_run_config

    config = load_run_config(config_path, None)
    try:
        config = with_run_waivers(config, [old, new], waivers_file=waivers_file)
        plan = plan_run(packs=list(packs) or None, config=config, rules=[Path(r) for r in rules])
    except RuleError as exc:
        _problems_exit(exc.problems, "rule pack error")
    except ConfigError as exc:
        _problems_exit(exc.problems, "configuration error")
    result = lint_documents([Path(old), Path(new)], plan)
    before, after = result.documents
    report = diff_documents(
        before, after, packs=tuple(p.id for p in result.packs), tool_version=__version__, problems=result.problems,
    )
    text = render_diff(fmt, report)
    if output:
        try:
            write_text_atomic(output, text)
        except OSError as exc:
            click.echo(f"policylint: cannot write {output}: {exc.strerror}", err=True)
            sys.exit(2)
    else:
        click.echo(text, nl=False)
    echo_input_errors((doc.path, d) for doc in (before, after) for d in doc.diagnostics)
    if not report.readable or any(p.severity == "error" for p in report.problems):
        sys.exit(2)
    sys.exit(1 if report.regressions and not exit_zero else 0)
