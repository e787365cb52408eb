"""The waivers file: accepted gaps kept beside the config, with a written justification.

A waivers file (default ``.policylint-waivers.yaml``) holds one top-level key, ``waivers``,
a list of the same mappings the config's ``waivers:`` key takes (validated by
:func:`policylint.config.parse_waiver`: ``topic``, ``reason``/``justification`` required;
``element``, ``document`` glob, ``approved_by``, ``expires`` optional). Keeping waivers in
their own file lets a city attorney review and approve them without touching the config.

Where the file is looked for (first that applies wins):

1. ``--waivers-file FILE`` on the command line (must exist);
2. ``waivers_file:`` in the config (must exist; relative to the config file);
3. ``.policylint-waivers.yaml`` beside the config file, when there is a config file;
4. ``.policylint-waivers.yaml`` in the current folder.

Only an explicitly named file is required to exist; the default locations are optional.
Every problem (unknown key, missing justification, bad date) raises
:class:`~policylint.config.ConfigError` with ``file:line``, all problems at once.
Applying waivers (matching, expiry, unused waivers) is the engine's job
(:mod:`policylint.engine.policy`); this module only finds and reads them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..config import DEFAULT_WAIVERS_FILE, Config, ConfigError, parse_waiver
from ..model import Diagnostic
from ..results import LintResult, Waiver
from ..safeload import LoadError, YamlProblem, load_yaml

__all__ = [
    "WAIVER_IDLE",
    "idle_waiver_problems",
    "with_idle_waiver_problems",
    "WaiversLocation",
    "locate_waivers_file",
    "load_waivers_file",
    "with_run_waivers",
]

#: Run-level problem code: a waiver that applied to documents but accepted no gap in any of them.
#: (PL201 expired and PL202 matched-no-document are raised by the engine, policylint.engine.policy.)
WAIVER_IDLE = "PL203"

#: Keys allowed at the top of a waivers file.
TOP_LEVEL_KEYS = ("waivers",)


@dataclass(frozen=True)
class WaiversLocation:
    """Where the waivers file is (or would be) and why that place was chosen."""

    path: Path
    origin: str  # "--waivers-file", "config waivers_file (file:line)", "beside the config", "current folder"
    required: bool  # an explicitly named file must exist

    @property
    def exists(self) -> bool:
        return self.path.is_file()


def locate_waivers_file(config: Config, *, override: str | Path | None = None, cwd: Path | None = None) -> WaiversLocation:
    """The waivers file a run uses, following the order in the module docstring."""
    if override is not None:
        return WaiversLocation(Path(override), "--waivers-file", required=True)
    if config.waivers_file is not None:
        origin = config.origins.get("waivers_file", str(config.path) if config.path else "config")
        return WaiversLocation(config.waivers_file, f"config waivers_file ({origin})", required=True)
    if config.path is not None:
        return WaiversLocation(config.path.parent / DEFAULT_WAIVERS_FILE, "beside the config file", required=False)
    return WaiversLocation((cwd or Path.cwd()) / DEFAULT_WAIVERS_FILE, "current folder", required=False)


def load_waivers_file(path: str | Path) -> tuple[Waiver, ...]:
    """Read and validate a waivers file; raise ConfigError listing every problem."""
    try:
        source = load_yaml(path, what="waivers file")
    except LoadError as exc:
        raise ConfigError([exc.problem]) from None
    data = source.data
    if data is None:
        return ()  # an empty file is a valid "no waivers yet"
    if not isinstance(data, dict):
        raise ConfigError([source.problem((), "a waivers file must be a mapping with a 'waivers:' list")])
    problems: list[YamlProblem] = []
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            problems.append(source.problem((key,), f"unknown key; allowed keys: {', '.join(TOP_LEVEL_KEYS)}"))
    raw = data.get("waivers", [])
    waivers: list[Waiver] = []
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        problems.append(source.problem(("waivers",), "must be a list of waivers"))
        raw = []
    for index, item in enumerate(raw):
        waiver = parse_waiver(source, ("waivers", index), item, problems)
        if waiver is not None:
            waivers.append(waiver)
    if problems:
        raise ConfigError(problems)
    return tuple(waivers)


def with_run_waivers(
    config: Config,
    paths: Sequence[str | Path],
    *,
    waivers_file: str | Path | None = None,
    cwd: Path | None = None,
) -> Config:
    """``config`` with the waivers file's waivers and the inputs' inline waivers added.

    Config waivers come first, then the waivers file, then inline waivers, so reports list
    them in that order. Raises ConfigError for a missing explicit file or any invalid waiver.
    """
    from ..discovery import SUPPORTED_SUFFIXES, expand  # (not the api: it imports spaCy)
    from .inline import inline_waivers

    location = locate_waivers_file(config, override=waivers_file, cwd=cwd)
    extra: list[Waiver] = []
    if location.exists:
        extra.extend(load_waivers_file(location.path))
    elif location.required:
        raise ConfigError([YamlProblem(str(location.path), None, "", f"waivers file not found (named by {location.origin})")])
    files = expand([p for p in paths if isinstance(p, (str, Path))], SUPPORTED_SUFFIXES)
    extra.extend(inline_waivers(files))
    if not extra:
        return config
    return dataclasses.replace(config, waivers=tuple(config.waivers) + tuple(extra))


def _waiver_name(waiver: Waiver) -> str:
    name = f"{waiver.pack}/{waiver.topic}" if waiver.pack else waiver.topic
    return name + (f"/{waiver.element}" if waiver.element else "")


def idle_waiver_problems(result: LintResult) -> list[Diagnostic]:
    """A warning for each waiver that applied somewhere but accepted no gap anywhere.

    Like ruff's RUF100 for unused ``noqa``: once the manual is fixed, the waiver should go, or it
    would silently accept the next regression. The judged status is kept in the waived record's
    reason ("waived (weak): ..."), which is how a gap is told from a covered topic.
    """
    from .diff import underlying_element_status, underlying_topic_status

    applied: dict[Waiver, bool] = {}
    for doc in result.documents:
        for topic in doc.coverage:
            if topic.waiver is not None:
                gap = underlying_topic_status(topic, unknown="") != "covered"  # unknown: never nag
                applied[topic.waiver] = applied.get(topic.waiver, False) or gap
            for element in topic.elements:
                if element.waiver is not None and element.waiver != topic.waiver:
                    gap = element.required and underlying_element_status(element, unknown="") != "present"
                    applied[element.waiver] = applied.get(element.waiver, False) or gap
    return [
        Diagnostic(
            code=WAIVER_IDLE, severity="warning", path=waiver.source or "",
            message=f"waiver for {_waiver_name(waiver)} accepts no gap: it is met in every document it applies to; remove the waiver",
        )
        for waiver, gap in applied.items()
        if not gap
    ]


def with_idle_waiver_problems(result: LintResult) -> LintResult:
    """``result`` with :func:`idle_waiver_problems` added to its run-level problems."""
    idle = idle_waiver_problems(result)
    return dataclasses.replace(result, problems=tuple(result.problems) + tuple(idle)) if idle else result
