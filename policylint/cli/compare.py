"""``policylint compare FILE_OR_DIR... [--pack ID] [--format html|markdown|csv|json] [--output FILE]``.

Documents become columns (named by agency when the document says so, else by file
name), topics become rows, each cell the topic's status; rows are sorted so gaps
shared by most documents come first, and each document gets a coverage score. All
documents are linted in one ``policylint.lint`` call, so the cells are exactly the
statuses ``check`` reports.

Exit codes: 0 when every document was read; 2 when any document (or a page of one)
could not be read (its column says "unreadable", never "missing"), or on a usage,
config or rule error.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..fsio import write_text_atomic

__all__ = ["compare"]

MATRIX_FORMATS = ("html", "markdown", "csv", "json")


@click.command("compare")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--pack", "packs", multiple=True, metavar="ID",
              help="Rule pack to compare on (repeatable). Default: the config's packs.")
@click.option("--format", "fmt", type=click.Choice(MATRIX_FORMATS), default=None,
              help="Output format. Default: html when --output ends in .html, csv for .csv, json for .json, "
                   "else markdown.")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the matrix to FILE instead of standard output.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Config file (default: discovered from the current folder upwards).")
@click.option("--rules", "rules", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="Extra rule-pack file or folder (repeatable).")
def compare(paths: tuple[Path, ...], packs: tuple[str, ...], fmt: str | None, output: Path | None,
            config_path: Path | None, rules: tuple[Path, ...]) -> None:
    """Compare policy documents side by side: topics x documents, with a coverage score each."""
    import policylint
    from ..config import ConfigError, load_config
    from ..report import RenderOptions
    from ..report.compare import FORMATS, build_matrix
    from ..rulebook import RuleError

    fmt = fmt or _format_from_suffix(output)
    try:
        config = load_config(config_path)
        result = policylint.lint(list(paths), packs=list(packs) or None, config=config, rules=list(rules))
    except (ConfigError, RuleError) as exc:
        for problem in exc.problems:
            click.echo(f"policylint: {problem}", err=True)
        raise SystemExit(2) from None

    matrix = build_matrix(result, Path.cwd())
    text = FORMATS[fmt](matrix, RenderOptions(root=Path.cwd()))
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(output, text)
        except OSError as exc:
            click.echo(f"policylint: cannot write {output}: {exc.strerror or exc}", err=True)
            raise SystemExit(2) from None
        click.echo(f"policylint: wrote {fmt} comparison of {len(matrix.columns)} document(s) to {output}", err=True)

    for column in matrix.columns:
        for problem in column.problems:
            click.echo(f"policylint: {column.path}: {problem}", err=True)
    raise SystemExit(2 if matrix.has_unreadable else 0)


def _format_from_suffix(output: Path | None) -> str:
    suffix = output.suffix.lower() if output is not None else ""
    return {".html": "html", ".htm": "html", ".csv": "csv", ".json": "json"}.get(suffix, "markdown")
