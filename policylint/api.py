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
import functools
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence, Union

from . import __version__
from .config import Config, ConfigError, load_config
from .discovery import SUPPORTED_SUFFIXES
from .model import Diagnostic, Document
from .results import DocumentResult, LintResult, PackInfo, Waiver
from .links import pack_docs_url
from .rulebook import Pack, PackSet, RuleError, load_packs, select_packs
from .rulebook.packs import is_shipped
from .yamlsource import YamlProblem

if TYPE_CHECKING:  # pragma: no cover
    from .batch import BatchOptions, CacheSettings
    from .rulebook.compiler import CompiledRules
    from .discovery import IgnoreRules

__all__ = ["lint", "expand_paths", "resolve_packs", "SUPPORTED_SUFFIXES", "LintPlan", "plan_run", "lint_documents"]

#: Files a folder expands to (a legacy .doc is included so its reader can say it needs converting).

PathLike = Union[str, Path, Document]
#: progress(documents finished, document count, path, fraction of this document done); see
#: lint_documents. In a serial run a document's first call (fraction 0.0) comes before it is
#: read and the later calls report the matching stage, ending with 1.0.
ProgressCallback = Callable[[int, int, str, float], None]


def expand_paths(
    paths: PathLike | Sequence[PathLike], *, ignore: "IgnoreRules | None" = None, force_exclude: bool = False
) -> list[PathLike]:
    """Files as given; folders expanded (recursively) to supported files sorted by path.

    Hidden files, repository boilerplate (README, CHANGELOG, LICENSE...) and paths the
    ``ignore`` rules match are left out of folders (see :mod:`policylint.discovery`). A path
    that does not exist is kept: its reader reports it as a diagnostic (PL109) so the run
    goes on with the other files.
    """
    from .discovery import expand

    items: Iterable[PathLike] = [paths] if isinstance(paths, (str, Path, Document)) else paths
    out: list[PathLike] = []
    for item in items:
        if isinstance(item, Document):
            out.append(item)
        else:
            out.extend(expand([item], SUPPORTED_SUFFIXES, rules=ignore, force_exclude=force_exclude))
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
    """Everything resolved before any document is read: packs, overrides, waivers; and the
    matchers, built the first time :attr:`compiled` is asked for."""

    config: Config
    packs: tuple[Pack, ...]
    severity: dict[tuple[str, str], object]
    weak_severity: dict[tuple[str, str], object]
    needed: dict[tuple[str, str], int]
    waivers: tuple[Waiver, ...]  # active (not expired)
    all_waivers: tuple[Waiver, ...]
    problems: tuple[Diagnostic, ...]
    #: (pack, topic) -> ids of its essential elements (a waived one counts as present)
    essential: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    #: pack/topic ids not checked (config ``disable``): workers compile the same rules from it
    disabled: frozenset[str] = frozenset()
    #: pack id -> its reference page, for the shipped packs (findings link to it)
    docs: dict[str, str] = field(default_factory=dict)
    #: the day whose law the state-law packs are judged against (``--as-of``, config ``as_of``, else today)
    as_of: _dt.date | None = None
    #: where compiled phrase tokens are kept between runs (None: nowhere)
    cache: "CacheSettings | None" = None

    @property
    def has_state_law(self) -> bool:
        return any(p.state is not None for p in self.packs)

    @functools.cached_property
    def compiled(self) -> "CompiledRules":
        """The packs' matchers (spaCy imported, phrases tokenized), built on first use: a run
        whose every result comes from the cache never needs them, and a run that hands all
        its documents to workers builds them only there."""
        with _collector_paused():  # (tens of thousands of long-lived matcher objects)
            return _compiled(self.packs, self.disabled, self.cache)


_COMPILED: dict[tuple[object, ...], tuple[tuple[Pack, ...], CompiledRules]] = {}


def _compiled(packs: tuple[Pack, ...], disabled: frozenset[str], cache: "CacheSettings | None" = None) -> "CompiledRules":
    """Matchers are built once per pack set and reused (a long-lived API caller pays once);
    with ``cache``, the phrases' tokens come from (and go to) the plan cache."""
    key = (tuple(id(p) for p in packs), disabled)
    hit = _COMPILED.get(key)
    if hit is None:
        if cache is None:
            from .rulebook.compiler import compile_rules

            compiled = compile_rules(packs, disabled=disabled)
        else:
            from .batch.plan_cache import compile_cached

            compiled = compile_cached(packs, disabled, cache)
        hit = (packs, compiled)  # keep packs alive so ids stay unique
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
    cache: "CacheSettings | None" = None,
) -> LintPlan:
    """Resolve config, packs, overrides and waivers; raise ConfigError/RuleError on any problem.

    ``as_of``: the day whose law state-law packs are judged against (default: the config's
    ``as_of``, else ``today``, else the current date). ``cache``: where compiled phrase
    tokens are kept between runs (see :mod:`policylint.batch.plan_cache`; default: nowhere).
    """
    with _collector_paused():  # (pack files and matchers are tens of thousands of long-lived objects)
        return _plan_run(packs, config, waivers, today, rules, pack_objects, as_of, cache)


def _plan_run(
    packs: Sequence[str] | None,
    config: Config | str | Path | None,
    waivers: Sequence[Waiver],
    today: _dt.date | None,
    rules: Sequence[Path | str],
    pack_objects: Sequence[Pack] | None,
    as_of: _dt.date | None = None,
    cache: "CacheSettings | None" = None,
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
    needed = {(p.id, t.id): t.needed for p in chosen for t in p.topics}
    return LintPlan(
        config=config, packs=chosen, severity=severity,
        weak_severity=policy.weak_severity_map(severity, chosen), needed=needed,
        waivers=tuple(active), all_waivers=all_waivers, problems=tuple(expired),
        essential={(p.id, t.id): frozenset(e.id for e in t.essential_elements) for p in chosen for t in p.topics},
        disabled=disabled_ids,
        docs={p.id: pack_docs_url(p.id) for p in chosen if is_shipped(p)},
        as_of=as_of or config.as_of or today or _dt.date.today(), cache=cache,
    )


def lint_documents(
    items: Sequence[PathLike],
    plan: LintPlan,
    *,
    progress: ProgressCallback | None = None,
    batch: "BatchOptions | None" = None,
) -> LintResult:
    """Read (or take) each document, judge it with the plan, apply waivers, derive findings.

    ``batch`` says how the documents are spread out and cached (default: one after
    another in this process, no cache); the result is the same, in input order, whatever
    the executor (see :mod:`policylint.batch`). ``progress`` is called as
    ``progress(finished, total, path, fraction)``: serial runs report each document's
    progress as it is judged; parallel runs call it once per document as it finishes,
    with ``finished`` counting the documents done before it.

    Raises :class:`~policylint.batch.BatchError` when the executor cannot start (Dask
    not installed, scheduler unreachable).
    """
    from .batch import BatchOptions, judge_documents
    from .engine import policy

    used: set[int] = set()
    by_index: dict[int, DocumentResult] = {}
    for index, result in judge_documents(items, plan, batch or BatchOptions(), used=used, progress=progress):
        by_index[index] = result
    results = [by_index[i] for i in range(len(items))]
    problems = list(plan.problems)
    if results:
        problems += policy.unused_waiver_problems(plan.waivers, used)
    return LintResult(
        documents=tuple(results),
        packs=tuple(PackInfo(p.id, p.title, p.version, p.path, bundled=p.id in plan.docs, docs_url=plan.docs.get(p.id),
                             state=p.state) for p in plan.packs),
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


def lint(
    paths: PathLike | Sequence[PathLike],
    *,
    packs: Sequence[str] | None = None,
    config: Config | str | Path | None = None,
    waivers: Sequence[Waiver] = (),
    today: _dt.date | None = None,
    progress: ProgressCallback | None = None,
    rules: Sequence[Path | str] = (),
    jobs: int = 1,
    cache: bool | str | Path = False,
    as_of: _dt.date | None = None,
) -> LintResult:
    """Lint files and folders (or ready :class:`Document` objects) against rule packs.

    ``packs``: pack ids (default: the config's ``packs``, i.e. ``core``); ``config``: a
    Config, a config file path, or None for defaults (no discovery: the CLI discovers);
    ``waivers``: extra waivers besides the config's; ``today``: the date waiver expiry is
    judged against; ``rules``: extra pack folders or files; ``progress``: called as
    ``progress(doc_index, doc_count, path, fraction)``; ``jobs``: worker processes
    (1: this process); ``cache``: True for the default cache folder, or a folder path
    (default: no cache, so a library call leaves nothing behind); ``as_of``: the day whose law
    the state-law packs (``ca``, ``il``) are judged against (default: config ``as_of``, else today).
    """
    from .batch import BatchOptions, CacheSettings

    settings = None
    if cache is not False:
        settings = CacheSettings.default(None if cache is True else Path(cache))
    plan = plan_run(packs=packs, config=config, waivers=waivers, today=today, rules=rules, as_of=as_of, cache=settings)
    options = BatchOptions(jobs=jobs, cache=settings)
    return lint_documents(expand_paths(paths), plan, progress=progress, batch=options)


# Re-exported so API users can catch them from one place.
ConfigError = ConfigError
RuleError = RuleError
