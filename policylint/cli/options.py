"""Options several commands share, declared once so check, compare and diff spell them alike.

Each function returns a decorator adding one group of options; a command lists them one per
line. The meaning of each option is documented in the README's command table.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Sequence, TypeVar

import click

__all__ = [
    "FAIL_ON",
    "COLOR_CHOICES",
    "output_options",
    "fail_on_option",
    "selection_options",
    "discovery_options",
    "reporting_options",
    "quiet_option",
    "color_option",
    "use_color",
]

F = TypeVar("F", bound=Callable[..., object])

FAIL_ON = ("error", "warning", "info", "never")
COLOR_CHOICES = ("auto", "always", "never")


def _stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def output_options(formats: Sequence[str], default: str) -> Callable[[F], F]:
    """``--format`` and the repeatable ``-o/--output [FORMAT:]FILE`` (see policylint.cli.output)."""
    return _stack(
        click.option("--format", "fmt", type=click.Choice(list(formats)), default=None,
                     help=f"Format of standard output, and of output files whose extension names none (default: {default})."),
        click.option("-o", "--output", "outputs", multiple=True, metavar="[FORMAT:]FILE",
                     help="Write a report to FILE (repeatable); the format comes from FORMAT: or the extension; - is stdout."),
    )


def fail_on_option(what: str = "the run") -> Callable[[F], F]:
    return click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
                        help=f"Lowest severity that fails {what} (default: the config's fail_on, else error).")


def selection_options() -> Callable[[F], F]:
    """``--select`` / ``--ignore`` by pack, topic or element id (policylint.selection)."""
    return _stack(
        click.option("--select", "select", multiple=True, metavar="ID",
                     help="Report only these packs, topics or elements (repeatable or comma-separated)."),
        click.option("--ignore", "ignore", multiple=True, metavar="ID",
                     help="Do not report these packs, topics or elements (wins over --select)."),
    )


def discovery_options() -> Callable[[F], F]:
    """``--exclude`` and ``--force-exclude`` (policylint.discovery)."""
    return _stack(
        click.option("--exclude", "exclude", multiple=True, metavar="PATTERN",
                     help="Leave matching paths out of folder scans (.gitignore syntax; adds to the config's exclude)."),
        click.option("--force-exclude", is_flag=True,
                     help="Apply exclusions (and README/LICENSE skipping) to files named on the command line too."),
    )


def quiet_option() -> Callable[[F], F]:
    return click.option("-q", "--quiet", is_flag=True,
                        help="No progress display and no notes on stderr (errors are still shown).")


def color_option() -> Callable[[F], F]:
    return click.option("--color", "color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
                        help="Colour in terminal output: auto (stdout is a terminal and NO_COLOR is unset), always, never.")


def reporting_options() -> Callable[[F], F]:
    """``-q/--quiet`` and ``--color``."""
    return _stack(quiet_option(), color_option())


def use_color(choice: str, stream: object = None) -> bool:
    """Resolve ``--color`` for a stream (default stdout)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ
