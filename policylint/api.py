"""The Python API: :func:`lint` returns the same records the JSON output is made from.

    >>> import policylint
    >>> result = policylint.lint("manual.pdf", packs=["core"])      # doctest: +SKIP
    >>> [t.status.value for t in result.documents[0].coverage]       # doctest: +SKIP

The core never prints and never exits: problems in the input are diagnostics in the
result; problems in the configuration or rules raise :class:`~policylint.config.ConfigError`
or :class:`~policylint.rulebook.RuleError` listing every problem at once.
"""

from __future__ import annotations

import datetime as _dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, Union

from . import __version__
from .config import Config, ConfigError, load_config
from .model import Diagnostic, Document
from .results import DocumentResult, LintResult, PackInfo, Waiver
from .rulebook import Pack, PackSet, RuleError, load_packs, select_packs
from .rulebook.compiler import CompiledRules, compile_rules
from .yamlsource import YamlProblem

__all__ = ["lint", "expand_paths", "resolve_packs", "SUPPORTED_SUFFIXES", "LintPlan", "plan_run", "lint_documents"]

#: Files a folder expands to (a legacy .doc is included so its reader can say it needs converting).
SUPPORTED_SUFFIXES = (".pdf", ".docx", ".doc", ".md", ".markdown", ".html", ".htm", ".txt", ".text")

PathLike = Union[str, Path, Document]
#: progress(document index, document count, path, fraction of this document done)
ProgressCallback = Callable[[int, int, str, float], None]


def expand_paths(paths: PathLike | Sequence[PathLike]) -> list[PathLike]:
    """Files as given; folders expanded (recursively) to supported files sorted by path.

    Hidden files and folders are skipped. A path that does not exist is kept: its reader
    reports it as a diagnostic (PL109) so the run goes on with the other files.
    """
    items: Iterable[PathLike] = [paths] if isinstance(paths, (str, Path, Document)) else paths
    out: list[PathLike] = []
    for item in items:
        if isinstance(item, Document):
            out.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            found = [
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            out.extend(sorted(found, key=lambda p: str(p.relative_to(path)).lower()))
        else:
            out.append(path)
    return out


def resolve_packs(
    config: Config, packs: Sequence[str] | None = None, rules: Sequence[Path] = ()
) -> tuple[Pack, ...]:
    """The packs a run uses.

    Explicit ``packs`` ids win. Otherwise the config's ``packs`` when it sets them, else
    ``core`` plus every pack found in the extra rule folders (``--rules`` / config ``rules``).
    """
    extra = list(config.rules) + [Path(r) for r in rules]
    found = load_packs(extra)
    if packs:
        return select_packs(found, packs, origin="--pack")
    state = _state_pack_ids(found, config)
    if "packs" in config.origins:
        return select_packs(found, list(config.packs) + [s for s in state if s not in config.packs], origin=config.origins["packs"])
    ids = list(config.packs) + [pid for pid in found.user_ids if pid not in config.packs]
    if "core" not in found.packs and found.user_ids and ids[0] == "core":
        ids = ids[1:]  # a user running only their own packs before core ships
    return select_packs(found, ids + [s for s in state if s not in ids], origin="default packs")


def _state_pack_ids(found: "PackSet", config: Config) -> list[str]:
    """The pack(s) of the config's ``state`` (added to the packs a run would use otherwise)."""
    if config.state is None:
        return []
    ids = [pid for pid, pack in found.packs.items() if pack.state == config.state]
    if not ids:
        states = sorted({p.state for p in found.packs.values() if p.state}) or ["none"]
        raise ConfigError([_config_problem(config, "state", f"no rule pack for state '{config.state}' (state-law packs: {', '.join(states)})")])
    return ids


@dataclass(frozen=True)
class LintPlan:
    """Everything resolved before any document is read: packs, matchers, overrides, waivers."""

    config: Config
    packs: tuple[Pack, ...]
    compiled: CompiledRules
    severity: dict[tuple[str, str], object]
    weak_severity: dict[tuple[str, str], object]
    needed: dict[tuple[str, str], int]
    waivers: tuple[Waiver, ...]  # active (not expired)
    all_waivers: tuple[Waiver, ...]
    problems: tuple[Diagnostic, ...]
    #: (pack, topic) -> ids of its essential elements (a waived one counts as present)
    essential: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    #: the day whose law the state-law packs are judged against (``--as-of``, config ``as_of``, else today)
    as_of: _dt.date | None = None

    @property
    def has_state_law(self) -> bool:
        return any(p.state is not None for p in self.packs)


_COMPILED: dict[tuple[object, ...], tuple[tuple[Pack, ...], CompiledRules]] = {}


def _compiled(packs: tuple[Pack, ...], disabled: frozenset[str]) -> CompiledRules:
    """Matchers are built once per pack set and reused (a long-lived API caller pays once)."""
    key = (tuple(id(p) for p in packs), disabled)
    hit = _COMPILED.get(key)
    if hit is None:
        hit = (packs, compile_rules(packs, disabled=disabled))  # keep packs alive so ids stay unique
        if len(_COMPILED) > 8:
            _COMPILED.clear()
        _COMPILED[key] = hit
    return hit[1]


def _config_problem(config: Config, key: str, message: str) -> YamlProblem:
    origin = config.origins.get(key, str(config.path) if config.path else "config")
    path, _, line = origin.rpartition(":")
    if path and line.isdigit():
        return YamlProblem(path, int(line), key, message)
    return YamlProblem(origin, None, key, message)


def plan_run(
    *,
    packs: Sequence[str] | None = None,
    config: Config | str | Path | None = None,
    waivers: Sequence[Waiver] = (),
    today: _dt.date | None = None,
    rules: Sequence[Path | str] = (),
    pack_objects: Sequence[Pack] | None = None,
    as_of: _dt.date | None = None,
) -> LintPlan:
    """Resolve config, packs, overrides and waivers; raise ConfigError/RuleError on any problem.

    ``as_of``: the day whose law state-law packs are judged against (default: the config's
    ``as_of``, else ``today``, else the current date).
    """
    with _collector_paused():  # (pack files and matchers are tens of thousands of long-lived objects)
        return _plan_run(packs, config, waivers, today, rules, pack_objects, as_of)


def _plan_run(
    packs: Sequence[str] | None,
    config: Config | str | Path | None,
    waivers: Sequence[Waiver],
    today: _dt.date | None,
    rules: Sequence[Path | str],
    pack_objects: Sequence[Pack] | None,
    as_of: _dt.date | None = None,
) -> LintPlan:
    from .engine import policy

    if config is None:
        config = Config()
    elif not isinstance(config, Config):
        config = load_config(Path(config))
    chosen = tuple(pack_objects) if pack_objects is not None else resolve_packs(config, packs, [Path(r) for r in rules])
    problems: list[YamlProblem] = []
    disabled, messages = policy.resolve_topic_keys(config.disable, chosen, "disable")
    problems += [_config_problem(config, "disable", m) for m in messages]
    severity, messages = policy.severity_map(config.severity, chosen)
    problems += [_config_problem(config, "severity", m) for m in messages]
    all_waivers = tuple(config.waivers) + tuple(waivers)
    problems += [_config_problem(config, "waivers", m) for m in policy.validate_waivers(all_waivers, chosen)]
    if problems:
        raise ConfigError(problems)
    active, expired = policy.active_waivers(all_waivers, today or _dt.date.today())
    disabled_ids = frozenset(f"{p}/{t}" for p, t in disabled)
    compiled = _compiled(chosen, disabled_ids)
    needed = {(p.id, t.id): t.needed for p in chosen for t in p.topics}
    return LintPlan(
        config=config, packs=chosen, compiled=compiled, severity=severity,
        weak_severity=policy.weak_severity_map(severity, chosen), needed=needed,
        waivers=tuple(active), all_waivers=all_waivers, problems=tuple(expired),
        essential={(p.id, t.id): frozenset(e.id for e in t.essential_elements) for p in chosen for t in p.topics},
        as_of=as_of or config.as_of or today or _dt.date.today(),
    )


def lint_documents(
    items: Sequence[PathLike], plan: LintPlan, *, progress: ProgressCallback | None = None
) -> LintResult:
    """Read (or take) each document, judge it with the plan, apply waivers, derive findings."""
    from .engine import policy

    results: list[DocumentResult] = []
    used: set[int] = set()
    total = len(items)
    for index, item in enumerate(items):
        with _collector_paused():  # one document at a time: its cycles, if any, are collected after it
            results.append(_lint_one(index, total, item, plan, used, progress))
    problems = list(plan.problems)
    if results:
        problems += policy.unused_waiver_problems(plan.waivers, used)
    return LintResult(
        documents=tuple(results),
        packs=tuple(PackInfo(p.id, p.title, p.version, p.path, p.state) for p in plan.packs),
        tool_version=__version__,
        waivers=plan.all_waivers,
        problems=tuple(problems),
        as_of=plan.as_of.isoformat() if plan.has_state_law and plan.as_of else None,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a burst of allocation.

    Reading a 600-page manual builds some 100k long-lived objects and judging it allocates
    millions of short-lived tuples; every full collection meanwhile walks all of them and
    finds next to nothing (a whole Lisle run leaves a few dozen objects in cycles): ~0.3 s
    of a run. Reference counting still frees everything as usual; the collector is
    restored on the way out (never switched on if the caller had it off), so any cycles
    are collected right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _lint_one(
    index: int, total: int, item: PathLike, plan: LintPlan, used: set[int], progress: ProgressCallback | None
) -> DocumentResult:
    """Read (or take) one document and judge it (``used`` collects the waivers that applied)."""
    from dataclasses import replace

    from .engine import policy
    from .engine.analyse import analyse_document
    from .engine.findings import derive_findings

    name = item.path if isinstance(item, Document) else str(item)
    if progress is not None:
        progress(index, total, name, 0.0)
    document = item if isinstance(item, Document) else _load(Path(item), plan.config.max_file_bytes)
    if not _readable(document):
        # Never judge an unreadable file: every topic would be a false "missing".
        return DocumentResult(
            path=document.path, format=document.format, pages=document.page_count,
            sha256=document.sha256, diagnostics=document.diagnostics, agency=document.agency,
        )
    report = None
    if progress is not None:
        report = lambda fraction: progress(index, total, name, fraction)  # noqa: E731
    coverage = analyse_document(document, plan.compiled, progress=report)
    coverage = [replace(c, severity=plan.severity.get((c.pack, c.topic), c.severity)) for c in coverage]
    if plan.has_state_law and plan.as_of is not None:
        from .engine.statute import apply_law

        coverage = apply_law(coverage, plan.packs, plan.as_of, document)
    coverage = policy.apply_waivers(document.path, coverage, plan.waivers, used, plan.needed, plan.essential)
    findings = derive_findings(document.path, tuple(coverage), weak_severity=plan.weak_severity)  # type: ignore[arg-type]
    return DocumentResult(
        path=document.path, format=document.format, pages=document.page_count, sha256=document.sha256,
        diagnostics=document.diagnostics, coverage=tuple(coverage), findings=findings, agency=document.agency,
    )


def _readable(document: Document) -> bool:
    return any(True for _ in document.blocks()) or any(True for _ in document.walk())


def _load(path: Path, max_bytes: int) -> Document:
    from .loading import load_document

    return load_document(path, max_bytes=max_bytes)


def lint(
    paths: PathLike | Sequence[PathLike],
    *,
    packs: Sequence[str] | None = None,
    config: Config | str | Path | None = None,
    waivers: Sequence[Waiver] = (),
    today: _dt.date | None = None,
    progress: ProgressCallback | None = None,
    rules: Sequence[Path | str] = (),
    as_of: _dt.date | None = None,
) -> LintResult:
    """Lint files and folders (or ready :class:`Document` objects) against rule packs.

    ``packs``: pack ids (default: the config's ``packs``, i.e. ``core``); ``config``: a
    Config, a config file path, or None for defaults (no discovery: the CLI discovers);
    ``waivers``: extra waivers besides the config's; ``today``: the date waiver expiry is
    judged against; ``rules``: extra pack folders or files; ``progress``: called as
    ``progress(doc_index, doc_count, path, fraction)``; ``as_of``: the day whose law the
    state-law packs (``ca``, ``il``) are judged against (default: config ``as_of``, else today).
    """
    plan = plan_run(packs=packs, config=config, waivers=waivers, today=today, rules=rules, as_of=as_of)
    return lint_documents(expand_paths(paths), plan, progress=progress)


# Re-exported so API users can catch them from one place.
ConfigError = ConfigError
RuleError = RuleError
