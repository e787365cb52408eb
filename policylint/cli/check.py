"""``policylint check PATH...``: lint manuals against rule packs and report.

The command has three steps, each in its own function: run (config, packs, documents
-> LintResult), post-process the LintResult (the one place that changes a result after
the run: waiver problems, ``--select``/``--ignore`` and baselines hook in here), then emit
(every requested output) and choose the exit code. Heavy imports happen inside the
functions so ``--help`` is fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ContextManager, Sequence

import click
import datetime

from .batch_options import batch_options, lint_or_exit
from .params import MEGABYTES

from ..report import FORMATS
from .messages import echo_input_errors
from .options import (
    FAIL_ON,
    discovery_options,
    fail_on_option,
    output_options,
    reporting_options,
    selection_options,
    use_color,
)
from .output import OutputTarget, emit_outputs, parse_outputs, write_output

if TYPE_CHECKING:  # pragma: no cover
    from .batch_options import BatchChoice
    from ..api import LintPlan, PathLike
    from ..batch import BatchOptions, CacheSettings
    from ..config import Config
    from ..model import Document
    from ..results import LintResult
    from ..selection import Selection

__all__ = ["check", "exit_code", "load_run_config", "make_plan", "collect_inputs", "report_root", "FAIL_ON"]

STDIN = "-"
STDIN_NAME = "stdin"


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


def report_root(start: Path | None = None) -> Path:
    """The folder report paths are relative to: the repository root (the nearest folder up from
    here holding ``.git``), else the current folder. SARIF, annotations and JUnit then name a
    file the same way whichever subfolder policylint ran from."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def load_run_config(config_path: str | None, max_file_mb: float | None) -> "Config":
    from ..config import ConfigError, load_config

    try:
        config = load_config(Path(config_path) if config_path else None, start=Path.cwd())
    except ConfigError as exc:
        _problems_exit(exc.problems, "configuration error")
    if max_file_mb is not None:
        config = dataclasses.replace(config, max_file_mb=max_file_mb)
    return config


def make_plan(
    config: "Config", packs: Sequence[str], rules: Sequence[str], as_of: "datetime.date | None" = None,
    cache: "CacheSettings | None" = None,
) -> "LintPlan":
    """Resolve packs, overrides and waivers (exit 2 on any config or rule problem).

    ``as_of``: the day whose law the state-law packs are judged against (``--as-of``);
    ``cache``: the run's cache (compiled phrase tokens are kept there; None: ``--no-cache``).
    """
    from ..api import plan_run
    from ..config import ConfigError
    from ..rulebook import RuleError

    try:
        return plan_run(packs=list(packs) or None, config=config, rules=[Path(r) for r in rules], as_of=as_of,
                        cache=cache)
    except RuleError as exc:
        _problems_exit(exc.problems, "rule pack error")
    except ConfigError as exc:
        _problems_exit(exc.problems, "configuration error")
    raise AssertionError("unreachable")  # pragma: no cover


def _read_ahead(items: Sequence["PathLike"], options: "BatchOptions", config: "Config") -> None:
    """One file read in this process (serial), not yet in the document cache: start reading it
    in a child meanwhile the rules compile (see policylint/batch/readahead.py)."""
    from ..model import Document

    if len(items) != 1 or isinstance(items[0], Document) or options.kind != "serial":
        return
    from ..batch import readahead

    path = os.path.abspath(str(Path(items[0])))  # (as the run's Job names it: policylint/batch/run.py)
    if options.cache is not None:
        cache = options.cache.open()
        digest = cache.file_digest(Path(path))
        if digest is None or cache.has_document(cache.document_key(digest)):
            return
    readahead.start(path, config.max_file_bytes)


def _split_engine(items: Sequence["PathLike"], options: "BatchOptions") -> "ContextManager[None]":
    """One document judged in this process (serial): while the run lasts, let the engine judge
    a long one in two halves, one in a forked child, on a second core (policylint/engine/split.py)."""
    from ..engine import split

    return split.enabled() if len(items) == 1 and options.kind == "serial" else contextlib.nullcontext()


def make_selection(select: Sequence[str], ignore: Sequence[str], plan: "LintPlan") -> "Selection":
    from ..selection import Selection, SelectionError

    try:
        return Selection.parse(select, ignore, plan.packs)
    except SelectionError as exc:
        _problems_exit(exc.problems, "unknown rule id")
    raise AssertionError("unreachable")  # pragma: no cover


def _ignore_rules(config: "Config", exclude: Sequence[str]) -> object:
    from ..discovery import IgnoreRules

    project = config.path.parent if config.path is not None else Path.cwd()
    return IgnoreRules.build(
        patterns=[(project, config.exclude, "config exclude"), (Path.cwd(), exclude, "--exclude")],
        project=project,
    )


def collect_inputs(
    paths: Sequence[str], config: "Config", *, exclude: Sequence[str] = (), force_exclude: bool = False,
    stdin_filename: str | None = None,
) -> list["PathLike"]:
    """The documents a run checks, in order: files, expanded folders, and ``-`` read from stdin.

    Exits 2 when nothing at all can be checked; exits 0 (with a note) when every file named was
    excluded, as happens to a pre-commit run that staged only a README.
    """
    # discovery, not policylint.api: the api imports spaCy, and a one-file check starts
    # reading its file before that import (see _read_ahead)
    from ..discovery import SUPPORTED_SUFFIXES, expand

    rules = _ignore_rules(config, exclude)
    items: list[PathLike] = []
    for path in paths:
        if path == STDIN:
            items.append(read_stdin_document(stdin_filename, config.max_file_bytes))
        else:
            items.extend(expand([path], SUPPORTED_SUFFIXES, rules=rules, force_exclude=force_exclude))  # type: ignore[arg-type]
    if not items:
        if force_exclude and paths and all(Path(p).is_file() for p in paths):
            click.echo("policylint: every file given is excluded (README, LICENSE, exclude patterns); nothing to check",
                       err=True)
            sys.exit(0)
        click.echo("policylint: no supported files (.pdf .docx .md .html .txt) under the given paths", err=True)
        sys.exit(2)
    return items


def read_stdin_document(stdin_filename: str | None, max_bytes: int) -> "Document":
    """Standard input read as one document, named ``--stdin-filename`` (its suffix hints the format).

    The bytes go through the same readers as a file (via a private temporary copy), and the
    document and its diagnostics are then named as the user named it.
    """
    from ..loading import load_document

    display = stdin_filename or STDIN_NAME
    data = sys.stdin.buffer.read(max_bytes + 1)
    with tempfile.TemporaryDirectory(prefix="policylint-stdin-") as folder:
        temporary = Path(folder) / (Path(display).name or STDIN_NAME)
        temporary.write_bytes(data)
        document = load_document(temporary, max_bytes=max_bytes)
    diagnostics = tuple(
        dataclasses.replace(d, path=display, message=d.message.replace(str(temporary), display).replace(temporary.name, display))
        for d in document.diagnostics
    )
    return dataclasses.replace(document, path=display, diagnostics=diagnostics)


def default_format() -> str:
    """``github`` annotations when running in GitHub Actions, else ``text``."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in FORMATS else "text"


def emit(
    result: "LintResult", targets: Sequence[OutputTarget], *, verbose: bool = False, color: str = "auto",
    fail_on: str = "error", statistics: bool = False, sarif_category: str | None = None, quiet: bool = False,
) -> None:
    """Write every requested rendering; GitHub Actions extras when running there."""
    from ..report import RenderOptions, render
    from ..report.statistics import render_json as statistics_json
    from ..report.statistics import render_text as statistics_text

    root = report_root()

    def rendering(target: OutputTarget) -> str:
        options = RenderOptions(
            color=target.path is None and target.format == "text" and use_color(color),
            root=root, verbose=verbose, fail_on=fail_on, sarif_category=sarif_category,
        )
        if statistics and target.path is None:
            return (statistics_json if target.format == "json" else statistics_text)(result, options)
        try:
            return render(target.format, result, options)
        except ImportError as exc:
            click.echo(f"policylint: the {target.format} reporter is not available: {exc}", err=True)
            sys.exit(2)

    if statistics and all(t.path is not None for t in targets):
        targets = [*targets, OutputTarget("text", None)]
    emit_outputs(targets, rendering, quiet=quiet, color=use_color(color))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and "markdown" in FORMATS:
        try:
            write_output(summary, render("markdown", result, RenderOptions(root=root, fail_on=fail_on)), append=True)
        except (ImportError, OSError) as exc:
            click.echo(f"policylint: could not write the step summary: {exc}", err=True)


def exit_code(result: "LintResult", fail_on: str) -> int:
    """The exit code of a run, from the severity model (docs/severity.md).

    2: a document (or part of one) could not be read, or a run-level error; 1: an active
    finding, a reading warning or a run warning at or above ``fail_on``; 0 otherwise.
    """
    from ..results import Severity

    unreadable = any(not d.coverage or any(x.severity == "error" for x in d.diagnostics) for d in result.documents)
    if unreadable or any(p.severity == "error" for p in result.problems):
        return 2
    for doc in result.documents:
        if any(f.active and f.severity.reaches(fail_on) for f in doc.findings):
            return 1
    notes = [d.severity for doc in result.documents for d in doc.diagnostics] + [p.severity for p in result.problems]
    if any(Severity(s).reaches(fail_on) for s in notes if s in ("warning", "info")):
        return 1
    return 0


def _with_waivers(config: "Config", paths: Sequence[object], waivers_file: str | None) -> "Config":
    """Add the waivers file's and the inputs' inline waivers to ``config`` (exit 2 on a bad waiver)."""
    from ..config import ConfigError
    from ..workflow.waivers import with_run_waivers

    files = [p for p in paths if isinstance(p, (str, Path))]
    try:
        return with_run_waivers(config, files, waivers_file=waivers_file)
    except ConfigError as exc:
        _problems_exit(exc.problems, "waiver error")
    raise AssertionError("unreachable")  # pragma: no cover


def _apply_baselines(
    result: "LintResult", baseline_path: str | None, write_path: str | None, *, quiet: bool = False
) -> "LintResult":
    """--write-baseline records the run (then suppresses it); --baseline removes recorded findings."""
    from ..workflow.baseline import apply_baseline, baseline_from_result, baseline_text, load_baseline
    from ..config import ConfigError

    try:
        old = load_baseline(baseline_path) if baseline_path else None
    except ConfigError as exc:
        _problems_exit(exc.problems, "baseline error")
    if write_path:
        written = dataclasses.replace(baseline_from_result(result), path=write_path)
        try:
            write_output(write_path, baseline_text(written))
        except OSError as exc:
            click.echo(f"policylint: cannot write {write_path}: {exc.strerror}", err=True)
            sys.exit(2)
        if not quiet:
            click.echo(f"policylint: wrote {len(written.entries)} finding(s) to baseline {write_path}", err=True)
        old = written
    if old is None:
        return result
    result = apply_baseline(result, old)
    stale = result.extra.get("baseline", {}).get("stale", 0)  # type: ignore[union-attr]
    note = f"; {stale} baseline entries no longer found (fixed?)" if stale else ""
    if not quiet:
        click.echo(f"policylint: {result.baseline_suppressed} findings suppressed by baseline ({old.path}){note}", err=True)
    return result


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--pack", "packs", multiple=True, metavar="ID", help="Rule pack to run (repeatable; default: core, or config packs).")
@click.option("--rules", "rules", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder (or file) of rule packs.")
@output_options(sorted(FORMATS), "text")
@fail_on_option()
@selection_options()
@discovery_options()
@reporting_options()
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Config file (skips discovery).")
@click.option("--max-file-mb", type=MEGABYTES, default=None, help="Refuse input files larger than this (default: 200).")
@click.option("-v", "--verbose", is_flag=True, help="Also show covered topics and present elements.")
@click.option("--statistics", is_flag=True, help="Print how often each rule fired instead of the report on stdout.")
@click.option("--stdin-filename", default=None, metavar="NAME", help="Name for the document read from - (standard input).")
@click.option("--sarif-category", default=None, metavar="ID", help="Set the SARIF runAutomationDetails id (code-scanning category).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None, help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False), default=None, help="Record this run's findings as the baseline FILE (they are then suppressed).")
@click.option("--waivers-file", type=click.Path(dir_okay=False), default=None, help="Waivers file (default: .policylint-waivers.yaml beside the config or here).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None, callback=parse_as_of, help="Judge state-law packs (ca, il) against the law in force on this date (default: config as_of, else today).")
@batch_options
def check(
    paths: tuple[str, ...],
    packs: tuple[str, ...],
    rules: tuple[str, ...],
    fmt: str | None,
    outputs: tuple[str, ...],
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    force_exclude: bool,
    quiet: bool,
    color: str,
    config_path: str | None,
    max_file_mb: float | None,
    verbose: bool,
    statistics: bool,
    stdin_filename: str | None,
    sarif_category: str | None,
    baseline_path: str | None,
    write_baseline_path: str | None,
    waivers_file: str | None,
    batch: "BatchChoice",
    as_of: "datetime.date | None",
) -> None:
    """Check policy manuals (files, folders, or - for standard input) for missing and weakly written topics.

    Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, config, rule or
    unreadable-input errors (an unreadable file is reported, the others still run).
    """
    from ..report.statistics import STATISTICS_FORMATS
    from .progress import RunProgress, progress_wanted

    if max_file_mb is not None and max_file_mb <= 0:
        raise click.BadParameter("must be a positive number", param_hint="--max-file-mb")
    if list(paths).count(STDIN) > 1:
        raise click.BadParameter("standard input (-) can be read only once", param_hint="PATHS")
    targets = parse_outputs(outputs, formats=sorted(FORMATS), default=default_format(), explicit_format=fmt)
    if statistics and any(t.path is None and t.format not in STATISTICS_FORMATS for t in targets):
        raise click.BadParameter("--statistics prints text or json on standard output", param_hint="--format")
    config = load_run_config(config_path, max_file_mb)
    items = collect_inputs(paths, config, exclude=exclude, force_exclude=force_exclude, stdin_filename=stdin_filename)
    config = _with_waivers(config, items, waivers_file)
    threshold = fail_on or config.fail_on

    # --jobs/--executor/cache (policylint/cli/batch_options.py)
    options = batch.resolve(config, document_count=len(items))
    _read_ahead(items, options, config)
    with _split_engine(items, options), RunProgress(enabled=progress_wanted(quiet=quiet), color=None if color == "auto" else color == "always") as progress:
        progress.step("loading rule packs")
        plan = make_plan(config, packs, rules, as_of, cache=options.cache)
        selection = make_selection(select, ignore, plan)
        result = lint_or_exit(items, plan, progress.for_documents(len(items)), batch=options)

    # ---- post-processing of the LintResult: everything that changes a finished result
    # (waiver problems, selection, baselines) belongs in this block, before anything is emitted.
    from ..workflow.waivers import with_idle_waiver_problems

    result = with_idle_waiver_problems(result)
    result = selection.apply(result)
    result = _apply_baselines(result, baseline_path, write_baseline_path, quiet=quiet)

    emit(result, targets, verbose=verbose, color=color, fail_on=threshold, statistics=statistics,
         sarif_category=sarif_category, quiet=quiet)
    echo_input_errors((doc.path, d) for doc in result.documents for d in doc.diagnostics)
    sys.exit(exit_code(result, threshold))
