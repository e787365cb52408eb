"""Messages every command writes to stderr, in one voice."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import click

from ..model import Diagnostic

__all__ = ["echo_input_errors"]


def echo_input_errors(diagnostics: Iterable[tuple[str, Diagnostic]]) -> None:
    """One stderr line per reading error: ``policylint: FILE: PLxxx: cause``.

    Reports carry the diagnostics too, but a CI log or a terminal user reading stderr must
    see at once which file could not be read and why, whatever the output format.
    """
    for path, diagnostic in diagnostics:
        if diagnostic.severity != "error":
            continue
        message = diagnostic.message
        for prefix in (f"{path}: ", f"{Path(path).name}: "):
            if message.startswith(prefix):
                message = message[len(prefix) :]  # some readers already name the file
                break
        pages = ""
        if diagnostic.page is not None:
            pages = f" (p. {diagnostic.page}" + (f"-{diagnostic.page_end}" if diagnostic.page_end else "") + ")"
        click.echo(f"policylint: {path}: {diagnostic.code}{pages}: {message}", err=True)
