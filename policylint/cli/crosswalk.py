"""``policylint crosswalk PATH... (--pack ca | --state il) [--as-of DATE] [--format html|markdown|csv] [--output FILE]``.

The statute crosswalk a city attorney reads: one row per requirement of a state-law pack,
with its citation, whether the manual satisfies it (satisfied, weak, missing, contradicted,
not in force), the section and page that does, and the quoted sentence. The same table is
``policylint check --pack ca --format crosswalk`` (``crosswalk-html``, ``crosswalk-csv``);
this command picks the state-law packs by itself and the format from the output file name.

Packs: the ``--pack`` ids (at least one must be a state-law pack), else the packs of
``--state XX``, else those of the config's ``state``. Only state-law packs are run.

Exit codes, as for ``check``: 0 nothing at or above ``--fail-on``; 1 findings (a missing,
weak or contradicted requirement at that severity); 2 usage, config, rule or
unreadable-input errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import click

from .batch_options import BatchChoice, batch_options, lint_or_exit
from .check import _problems_exit, _with_waivers, collect_inputs, exit_code, load_run_config, make_plan, parse_as_of
from .messages import echo_input_errors
from .options import FAIL_ON, quiet_option

if TYPE_CHECKING:  # pragma: no cover
    import datetime

    from ..config import Config

__all__ = ["crosswalk", "CROSSWALK_FORMATS", "state_pack_ids"]

#: --format value -> registered report format
CROSSWALK_FORMATS = {"markdown": "crosswalk", "html": "crosswalk-html", "csv": "crosswalk-csv"}


def _format_from_suffix(output: str | None) -> str:
    suffix = Path(output).suffix.lower() if output else ""
    return {".html": "html", ".htm": "html", ".csv": "csv"}.get(suffix, "markdown")


def state_pack_ids(config: "Config", packs: Sequence[str], state: str | None, rules: Sequence[str]) -> list[str]:
    """The packs a crosswalk runs; a usage error (exit 2) when none of them cites statutes."""
    from ..rulebook import RuleError, load_packs

    try:
        found = load_packs(list(config.rules) + [Path(r) for r in rules])
    except RuleError as exc:
        _problems_exit(exc.problems, "rule pack error")
    states = sorted({p.state for p in found.packs.values() if p.state}) or ["none"]
    if packs:
        unknown = [p for p in packs if p not in found.packs]
        if unknown:
            raise click.BadParameter(f"unknown pack {', '.join(unknown)} (available: {', '.join(sorted(found.packs))})",
                                     param_hint="--pack")
        chosen = [p for p in packs if found.packs[p].state is not None]
        if not chosen:
            raise click.BadParameter(f"none of {', '.join(packs)} is a state-law pack (state-law packs: "
                                     f"{', '.join(p.id for p in found.packs.values() if p.state)})", param_hint="--pack")
        return chosen
    wanted = (state or config.state or "").lower()
    if not wanted:
        raise click.UsageError(f"name the state: --state ({', '.join(states)}), --pack, or state: in the configuration")
    chosen = [pid for pid, pack in found.packs.items() if pack.state == wanted]
    if not chosen:
        raise click.BadParameter(f"no state-law pack for '{wanted}' (available: {', '.join(states)})", param_hint="--state")
    return chosen


@click.command("crosswalk")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--pack", "packs", multiple=True, metavar="ID", help="State-law pack to cross-walk (repeatable): ca, il.")
@click.option("--state", "state", metavar="XX", default=None, help="Two-letter state whose pack to use (default: config state).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None, callback=parse_as_of,
              help="Judge against the law in force on this date (default: config as_of, else today).")
@click.option("--format", "fmt", type=click.Choice(sorted(CROSSWALK_FORMATS)), default=None,
              help="Output format. Default: html when --output ends in .html, csv for .csv, else markdown.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None, help="Write to FILE instead of standard output.")
@click.option("--rules", "rules", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder (or file) of rule packs.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Config file (skips discovery).")
@click.option("--waivers-file", type=click.Path(dir_okay=False), default=None, help="Waivers file (default: .policylint-waivers.yaml).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None, help="Lowest severity that fails the run (default: config fail_on).")
@quiet_option()
@batch_options
def crosswalk(
    paths: tuple[str, ...], packs: tuple[str, ...], state: str | None, as_of: "datetime.date | None", fmt: str | None,
    output: str | None, rules: tuple[str, ...], config_path: str | None, waivers_file: str | None, fail_on: str | None,
    quiet: bool, batch: BatchChoice,
) -> None:
    """Cross-walk manuals against a state's statutes: each requirement, its status, section, page and quote."""
    from ..report import RenderOptions, render
    from .output import write_output
    from .progress import RunProgress, progress_wanted

    config = load_run_config(config_path, None)
    chosen = state_pack_ids(config, packs, state, rules)
    items = collect_inputs(paths, config, exclude=(), force_exclude=False)
    config = _with_waivers(config, items, waivers_file)
    with RunProgress(enabled=progress_wanted(quiet=quiet)) as progress:
        progress.step("loading rule packs")
        plan = make_plan(config, chosen, rules, as_of)
        result = lint_or_exit(
            items, plan, progress.for_documents(len(items)), batch=batch.resolve(config, document_count=len(items))
        )
    fmt = fmt or _format_from_suffix(output)
    text = render(CROSSWALK_FORMATS[fmt], result, RenderOptions(root=Path.cwd()))
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_output(output, text)
        except OSError as exc:
            click.echo(f"policylint: cannot write {output}: {exc.strerror}", err=True)
            sys.exit(2)
        click.echo(f"policylint: wrote the {fmt} crosswalk of {len(result.documents)} document(s) to {output}", err=True)
    echo_input_errors((doc.path, d) for doc in result.documents for d in doc.diagnostics)
    sys.exit(exit_code(result, fail_on or config.fail_on))
