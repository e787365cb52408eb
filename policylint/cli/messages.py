"""Messages every command writes to stderr, in one voice."""

from __future__ import annotations

from itertools import groupby
from typing import Iterable

import click

from ..model import Diagnostic
from ..report.presentation import group_diagnostics

__all__ = ["echo_input_errors"]


def echo_input_errors(diagnostics: Iterable[tuple[str, Diagnostic]]) -> None:
    """One stderr line per file and kind of reading error: ``policylint: FILE: PLxxx (pp. ...): cause``.

    Reports carry the diagnostics too, but a CI log or a terminal user reading stderr must
    see at once which file could not be read and why, whatever the output format. Problems
    of one kind in one file (unreadable pages) share a line that names the page ranges.
    """
    errors = [(path, d) for path, d in diagnostics if d.severity == "error"]
    for path, items in groupby(errors, key=lambda pair: pair[0]):
        for group in group_diagnostics(d for _, d in items):
            message = group.message
            for prefix in (f"{path}: ", f"{path.rsplit('/', 1)[-1]}: "):
                if message.startswith(prefix):
                    message = message[len(prefix):]  # some readers already name the file
                    break
            pages = f" ({group.pages})" if group.pages else ""
            click.echo(f"policylint: {path}: {group.code}{pages}: {message}", err=True)
