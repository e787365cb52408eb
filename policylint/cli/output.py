"""Where each rendering goes: ``--output [FORMAT:]FILE`` for check, compare and diff.

* ``FORMAT:FILE`` names the format; an unknown ``FORMAT:`` is a usage error (exit 2), never
  a file called ``xml:out.xml``. A prefix is one or more letters, digits, ``-`` or ``_``
  and at least two characters, so ``C:\\report.json`` is a path; write ``./a:b.json`` for a
  file whose name holds a colon.
* Without a prefix the format comes from the file's extension (``.json``, ``.sarif``,
  ``.html``, ``.md``, ``.xml`` for JUnit, ``.csv``, ``.txt``), else from ``--format`` (else
  the command's default). An extension naming a format the command cannot write is an error.
* ``-`` (and ``/dev/stdout``) is standard output: several outputs to it are written one
  after another, never truncating each other. Naming the same file twice is an error.
* Every file written is reported on stderr (``policylint: wrote sarif to out.sarif``) unless
  ``--quiet``.

Every output file of every command is written by :func:`write_output`, the one place that
decides how a file is written.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import click

__all__ = ["STDOUT", "EXTENSION_FORMATS", "OutputTarget", "parse_outputs", "write_output", "emit_outputs"]

STDOUT = "-"
_STDOUT_NAMES = (STDOUT, "/dev/stdout")

#: file extension -> format, when ``--output`` names no format
EXTENSION_FORMATS: dict[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".sarif": "sarif",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "junit",
    ".csv": "csv",
    ".txt": "text",
}

_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]+")


@dataclass(frozen=True)
class OutputTarget:
    format: str
    path: str | None  # None: standard output

    @property
    def label(self) -> str:
        return self.path if self.path is not None else "standard output"


def parse_outputs(
    values: Sequence[str], *, formats: Sequence[str], default: str, explicit_format: str | None = None,
    option: str = "--output",
) -> list[OutputTarget]:
    """``--output`` values -> targets; no values -> one target on stdout in the default format.

    ``explicit_format`` (``--format``) is the format of stdout and of files whose extension
    says nothing. Raises click.BadParameter (exit 2) for an unknown format or a repeated file.
    """
    fallback = explicit_format or default
    if not values:
        return [OutputTarget(fallback, None)]
    targets: list[OutputTarget] = []
    seen: set[str] = set()
    for value in values:
        fmt, sep, rest = value.partition(":")
        if sep and _PREFIX.fullmatch(fmt):
            if fmt not in formats:
                raise click.BadParameter(
                    f"unknown format '{fmt}' in '{value}' (formats: {', '.join(formats)}; "
                    f"write ./{value} for a file whose name holds a colon)", param_hint=option)
            if not rest:
                raise click.BadParameter(f"'{value}' names no file (use {fmt}:- for standard output)", param_hint=option)
            target = OutputTarget(fmt, None if rest in _STDOUT_NAMES else rest)
        elif value in _STDOUT_NAMES:
            target = OutputTarget(fallback, None)
        else:
            target = OutputTarget(_format_of(value, formats, fallback, option), value)
        if target.path is not None:
            key = str(Path(target.path).resolve())
            if key in seen:
                raise click.BadParameter(f"{target.path} is named twice", param_hint=option)
            seen.add(key)
        targets.append(target)
    return targets


def _format_of(path: str, formats: Sequence[str], fallback: str, option: str) -> str:
    """The format a bare file name asks for by its extension (``fallback`` when it says nothing)."""
    suffix = Path(path).suffix.lower()
    fmt = EXTENSION_FORMATS.get(suffix)
    if fmt is None:
        return fallback
    if fmt not in formats:
        raise click.BadParameter(
            f"{path}: this command cannot write {fmt} (formats: {', '.join(formats)}); "
            f"name one with FORMAT:{path}", param_hint=option)
    return fmt


def write_output(path: str | Path, text: str, *, append: bool = False) -> None:
    """Write (or append) one output file, creating its folder. Raises OSError.

    The single place every command writes an output file through. A new file is written
    atomically (a temporary file renamed into place, :func:`policylint.fsio.write_text_atomic`),
    so a killed or concurrent run never leaves half a report; appending (the GitHub step
    summary) adds to the file as it is.
    """
    from ..fsio import write_text_atomic

    target = Path(path)
    if target.parent != Path(""):
        target.parent.mkdir(parents=True, exist_ok=True)
    if append:
        with target.open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    write_text_atomic(target, text)


def emit_outputs(
    targets: Sequence[OutputTarget], render: Callable[[OutputTarget], str], *, quiet: bool = False, color: bool = False,
) -> None:
    """Render and deliver every target in order; exit 2 (one message) when a file cannot be written.

    ``color``: keep ANSI colours on standard output even when it is not a terminal
    (``--color always``); otherwise click strips them from anything that is not a terminal.
    """
    for target in targets:
        text = render(target)
        if target.path is None:
            click.echo(text, nl=False, color=True if color else None)
            sys.stdout.flush()
            continue
        try:
            write_output(target.path, text)
        except OSError as exc:
            click.echo(f"policylint: cannot write {target.path}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        if not quiet:
            click.echo(f"policylint: wrote {target.format} to {target.path}", err=True)
