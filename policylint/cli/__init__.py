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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policylint")
def main() -> None:
    """Lint police policy manuals: which required topics are missing or weakly written.

    Exit codes: 0 clean at the failing threshold, 1 findings, 2 usage/config/rule or
    unreadable-input errors.
    """
