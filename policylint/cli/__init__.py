"""Command-line interface. Only this package prints and chooses exit codes.

Each command lives in its own module and is imported only when it runs, so
``policylint --help`` stays fast (spaCy and pdfplumber load lazily).

Exit codes, for every command: 0 nothing at or above the failing severity, 1 findings
(or regressions, for ``diff``), 2 usage, config, rule or unreadable-input errors.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

#: command name -> "module:attribute". One module per command.
COMMANDS: dict[str, str] = {
    "outline": "policylint.cli.outline:outline",
    "check": "policylint.cli.check:check",
    "rules": "policylint.cli.rules:rules",
    "compare": "policylint.cli.compare:compare",
    "crosswalk": "policylint.cli.crosswalk:crosswalk",
    "diff": "policylint.cli.diff:diff",
    "explain": "policylint.cli.explain:explain",
    "init": "policylint.cli.setup:init",
    "config": "policylint.cli.setup:config",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (pattern from click's docs)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


def version_text() -> str:
    """``policylint 0.1.0`` and the version of every shipped rule pack (a report cites both)."""
    lines = [f"policylint {__version__}"]
    try:
        from ..rulebook import load_packs

        found = load_packs()
        packs = ", ".join(f"{p.id} {p.version}" for p in sorted(found.packs.values(), key=lambda p: p.id))
        lines.append(f"rule packs: {packs or 'none found'}")
    except Exception as exc:  # a broken pack must not hide the version itself
        lines.append(f"rule packs: could not be read ({type(exc).__name__})")
    return "\n".join(lines)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(version_text())
        ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version of policylint and of its rule packs, and exit.")
def main() -> None:
    """Lint police policy manuals: which required topics are missing or weakly written.

    Exit codes: 0 clean at the failing threshold, 1 findings, 2 usage/config/rule or
    unreadable-input errors.
    """
