"""``policylint check PATH...``: lint manuals against rule packs and report.

The command has three steps, each in its own function: run (config, packs, documents
-> LintResult), post-process the LintResult (the one place that changes a result after
the run: baselines and waiver files hook in here), then emit (every requested output)
and choose the exit code. Heavy imports happen inside the functions so ``--help`` is fast.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import click
import datetime

from .messages import echo_input_errors

from ..report import FORMATS

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config
    from ..results import LintResult

FAIL_ON = ("error", "warning", "info", "never")


def parse_as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> "datetime.date | None":
    """``--as-of YYYY-MM-DD``: a calendar date, or a usage error (exit 2) naming the option."""
    if value is None:
        return None
    from ..config import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2022-01-01", ctx=ctx, param=param)
    return parsed


def _problems_exit(problems: Sequence[object], heading: str) -> None:
    """Print every config/rule problem and exit 2 (never a traceback)."""
    click.echo(f"policylint: {heading}:", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    sys.exit(2)


def parse_outputs(outputs: Sequence[str], default_format: str) -> list[tuple[str, str | None]]:
    """``--output`` values -> (format, file or None for stdout). ``FORMAT:FILE`` picks a format."""
    if not outputs:
        return [(default_format, None)]
    out = []
    for value in outputs:
        fmt, sep, rest = value.partition(":")
        if sep and fmt in FORMATS and rest:
            out.append((fmt, rest))
        else:
            out.append((default_format, value))
    return out


def load_run_config(config_path: str | None, max_file_mb: float | None) -> "Config":
    from ..config import ConfigError, load_config

    try:
        config = load_config(Path(config_path) if config_path else None, start=Path.cwd())
    except ConfigError as exc:
        _problems_exit(exc.problems, "configuration error")
    if max_file_mb is not None:
        config = dataclasses.replace(config, max_file_mb=max_file_mb)
    return config


def run(
    paths: Sequence[str], config: "Config", packs: Sequence[str], rules: Sequence[str], show_progress: bool,
    as_of: "datetime.date | None" = None,
) -> "LintResult":
    """Resolve the plan and lint every document (exits 2 on config or rule errors).

    ``as_of``: the day whose law the state-law packs are judged against (``--as-of``).
    """
    from ..api import expand_paths, lint_documents, plan_run
    from ..config import ConfigError
    from ..rulebook import RuleError

    try:
        plan = plan_run(packs=list(packs) or None, config=config, rules=[Path(r) for r in rules], as_of=as_of)
    except RuleError as exc:
        _problems_exit(exc.problems, "rule pack error")
    except ConfigError as exc:
        _problems_exit(exc.problems, "configuration error")
    items = expand_paths(list(paths))
    if not items:
        click.echo("policylint: no supported files (.pdf .docx .md .html .txt) under the given paths", err=True)
        sys.exit(2)
    if not show_progress:
        return lint_documents(items, plan)
    steps = 1000
    with click.progressbar(length=len(items) * steps, label="Checking", file=sys.stderr, show_pos=False) as bar:
        state = {"done": 0}

        def progress(index: int, total: int, path: str, fraction: float) -> None:
            target = index * steps + int(fraction * steps)
            if target > state["done"]:
                bar.update(target - state["done"])
                state["done"] = target

        return lint_documents(items, plan, progress=progress)


def emit(result: "LintResult", fmt: str | None, outputs: Sequence[str], verbose: bool) -> None:
    """Write every requested rendering; GitHub Actions extras when running there."""
    from ..report import RenderOptions, render

    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    default = fmt or ("github" if on_github and "github" in FORMATS else "text")
    for out_format, target in parse_outputs(outputs, default):
        color = target is None and out_format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        options = RenderOptions(color=color, root=Path.cwd(), verbose=verbose)
        try:
            text = render(out_format, result, options)
        except ImportError as exc:
            click.echo(f"policylint: the {out_format} reporter is not available: {exc}", err=True)
            sys.exit(2)
        if target is None:
            click.echo(text, nl=False)
        else:
            try:
                Path(target).write_text(text, encoding="utf-8")
            except OSError as exc:
                click.echo(f"policylint: cannot write {target}: {exc.strerror}", err=True)
                sys.exit(2)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and "markdown" in FORMATS:
        try:
            markdown = render("markdown", result, RenderOptions(root=Path.cwd()))
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(markdown)
        except (ImportError, OSError) as exc:
            click.echo(f"policylint: could not write the step summary: {exc}", err=True)


def exit_code(result: "LintResult", fail_on: str) -> int:
    """2 unreadable input or run errors; 1 an unwaived finding at/above ``fail_on``; else 0."""
    from ..results import Severity

    if any(not d.coverage for d in result.documents) or any(p.severity == "error" for p in result.problems):
        return 2
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    for doc in result.documents:
        if any(not f.waived and f.severity.rank >= threshold for f in doc.findings):
            return 1
    return 0


def _with_waivers(config: "Config", paths: Sequence[str], waivers_file: str | None) -> "Config":
    """Add the waivers file's and the inputs' inline waivers to ``config`` (exit 2 on a bad waiver)."""
    from ..config import ConfigError
    from ..waivers import with_run_waivers

    try:
        return with_run_waivers(config, paths, waivers_file=waivers_file)
    except ConfigError as exc:
        _problems_exit(exc.problems, "waiver error")


def _apply_baselines(result: "LintResult", baseline_path: str | None, write_path: str | None) -> "LintResult":
    """--write-baseline records the run (then suppresses it); --baseline removes recorded findings."""
    from ..baseline import apply_baseline, load_baseline, write_baseline
    from ..config import ConfigError

    try:
        old = load_baseline(baseline_path) if baseline_path else None
    except ConfigError as exc:
        _problems_exit(exc.problems, "baseline error")
    if write_path:
        try:
            written = write_baseline(result, write_path)
        except OSError as exc:
            click.echo(f"policylint: cannot write {write_path}: {exc.strerror}", err=True)
            sys.exit(2)
        click.echo(f"policylint: wrote {len(written.entries)} finding(s) to baseline {write_path}", err=True)
        old = written
    if old is None:
        return result
    result = apply_baseline(result, old)
    stale = result.extra.get("baseline", {}).get("stale", 0)  # type: ignore[union-attr]
    note = f"; {stale} baseline entries no longer found (fixed?)" if stale else ""
    click.echo(f"policylint: {result.baseline_suppressed} findings suppressed by baseline ({old.path}){note}", err=True)
    return result


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--pack", "packs", multiple=True, metavar="ID", help="Rule pack to run (repeatable; default: core, or config packs).")
@click.option("--rules", "rules", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder (or file) of rule packs.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None, help="Output format (default: text).")
@click.option("--output", "outputs", multiple=True, metavar="[FORMAT:]FILE", help="Write to FILE (repeatable); FORMAT:FILE picks its format.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None, help="Lowest severity that fails the run (default: error).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Config file (skips discovery).")
@click.option("--max-file-mb", type=float, default=None, help="Refuse input files larger than this (default: 200).")
@click.option("-v", "--verbose", is_flag=True, help="Also show covered topics and present elements.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None, help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False), default=None, help="Record this run's findings as the baseline FILE (they are then suppressed).")
@click.option("--waivers-file", type=click.Path(dir_okay=False), default=None, help="Waivers file (default: .policylint-waivers.yaml beside the config or here).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None, callback=parse_as_of, help="Judge state-law packs (ca, il) against the law in force on this date (default: config as_of, else today).")
def check(
    paths: tuple[str, ...],
    packs: tuple[str, ...],
    rules: tuple[str, ...],
    fmt: str | None,
    outputs: tuple[str, ...],
    fail_on: str | None,
    config_path: str | None,
    max_file_mb: float | None,
    verbose: bool,
    baseline_path: str | None,
    write_baseline_path: str | None,
    waivers_file: str | None,
    as_of: "datetime.date | None",
) -> None:
    """Check policy manuals (files or folders) for missing and weakly written topics.

    Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, config, rule or
    unreadable-input errors (an unreadable file is reported, the others still run).
    """
    if max_file_mb is not None and max_file_mb <= 0:
        raise click.BadParameter("must be a positive number", param_hint="--max-file-mb")
    config = load_run_config(config_path, max_file_mb)
    config = _with_waivers(config, paths, waivers_file)
    result = run(paths, config, packs, rules, show_progress=sys.stderr.isatty(), as_of=as_of)

    # ---- post-processing of the LintResult: everything that changes a finished result
    # (baselines, waiver files) belongs in this block, before anything is emitted.
    from ..waivers import with_idle_waiver_problems

    result = with_idle_waiver_problems(result)
    result = _apply_baselines(result, baseline_path, write_baseline_path)

    emit(result, fmt, outputs, verbose)
    echo_input_errors((doc.path, d) for doc in result.documents for d in doc.diagnostics)
    sys.exit(exit_code(result, fail_on or config.fail_on))
