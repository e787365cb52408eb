"""Configuration: found once, validated strictly, then passed down as a frozen record.

Discovery (first found wins, ruff-style, no implicit merging): walking up from the
start folder, in each folder ``.policylint.yaml`` (or ``.policylint.yml``), then a
``pyproject.toml`` that has a ``[tool.policylint]`` table. An explicit ``--config``
path skips discovery. Unknown keys are errors that list the allowed keys.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .results import Severity, Waiver
from .safeload import LoadError, YamlProblem, YamlSource, load_toml, load_yaml, short

__all__ = [
    "Config",
    "ConfigError",
    "CONFIG_KEYS",
    "WAIVER_KEYS",
    "DEFAULT_WAIVERS_FILE",
    "find_config",
    "load_config",
    "parse_waiver",
    "parse_date",
]

CONFIG_FILENAMES = (".policylint.yaml", ".policylint.yml")
DEFAULT_WAIVERS_FILE = ".policylint-waivers.yaml"
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
#: Largest accepted ``max_file_mb`` (config key and ``--max-file-mb``): 10 GiB. Past that the
#: "limit" would be no limit at all, and ``inf``/``nan`` are never a size.
MAX_FILE_MB_CEILING = 10240.0

#: Every key the config accepts, with a one-line meaning (used in errors and `policylint init`).
CONFIG_KEYS: dict[str, str] = {
    "packs": "rule pack ids to run (default: [core])",
    "rules": "extra folders holding rule pack YAML files",
    "fail_on": "lowest severity that makes the run fail: error, warning, info or never",
    "severity": "per-topic severity overrides, {topic-or-pack/topic: error|warning|info}",
    "disable": "topics (or pack/topic) not to check",
    "waivers": "accepted gaps: list of {topic, reason, element?, document?, approved_by?, expires?}",
    "waivers_file": f"path of a waivers file (default: {DEFAULT_WAIVERS_FILE} beside the config)",
    "max_file_mb": "refuse input files larger than this many megabytes (default: 200)",
    "cache_dir": "folder of the cache of read documents and results (default: the user cache folder)",
    "cache_max_mb": "size limit of that cache in megabytes; least recently used entries go first (default: 2048)",
    "exclude": "paths left out when folders are scanned (.gitignore syntax, relative to this file)",
    "state": "two-letter state code whose state-law pack is added to the run (ca, il)",
    "as_of": "date (YYYY-MM-DD) whose law the state-law packs are judged against (default: today)",
}

WAIVER_KEYS: dict[str, str] = {
    "topic": "topic id (or pack/topic) the waiver applies to (required)",
    "element": "element id, to waive one element instead of the whole topic",
    "reason": "the justification (required)",
    "justification": "synonym of reason",
    "document": "glob of the documents it applies to (default: all)",
    "approved_by": "who approved the waiver",
    "expires": "ISO date after which the waiver no longer applies and is reported",
}


class ConfigError(Exception):
    """Every problem found in a config (or waivers) file, reported at once."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Config:
    """The resolved configuration. ``origins`` says where each set value came from."""

    packs: tuple[str, ...] = ("core",)
    rules: tuple[Path, ...] = ()
    fail_on: str = "error"
    severity: dict[str, Severity] = field(default_factory=dict)
    disable: tuple[str, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    waivers_file: Path | None = None
    max_file_mb: float = 200.0
    cache_dir: Path | None = None
    cache_max_mb: float | None = None
    exclude: tuple[str, ...] = ()  # .gitignore-style patterns, relative to the config file's folder
    state: str | None = None  # "ca": add the state-law pack for California
    as_of: _dt.date | None = None  # judge state law as in force on this day (None: today)
    path: Path | None = None  # the file it was read from, None for defaults
    origins: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The API builds Configs directly; a size limit of inf or nan must fail here, with the
        # config's own message, not as an OverflowError deep inside a run.
        reason = check_max_file_mb(self.max_file_mb)
        if reason is not None:
            where = self.origins.get("max_file_mb", str(self.path) if self.path else "config")
            raise ConfigError([YamlProblem(where, None, "max_file_mb", reason)])

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def find_config(start: Path | None = None) -> Path | None:
    """Walk up from ``start`` (default: cwd) to the first folder with a policylint config."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILENAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return pyproject
    return None


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    """The ``[tool.policylint]`` table, or None when there is none or the file cannot be read
    (discovery passes over another tool's broken pyproject.toml; ``--config`` reports it)."""
    try:
        data = load_toml(path, what="pyproject.toml")
    except LoadError:
        return None
    tool = data.get("tool")
    table = tool.get("policylint") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def check_max_file_mb(value: object) -> str | None:
    """Why ``value`` is not a usable ``max_file_mb`` (None when it is): a finite number of
    megabytes above 0 and at most :data:`MAX_FILE_MB_CEILING`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "must be a number of megabytes"
    if not math.isfinite(value):
        return f"must be a finite number of megabytes, not {value}"
    if value <= 0:
        return "must be a positive number"
    if value > MAX_FILE_MB_CEILING:
        return f"must be at most {MAX_FILE_MB_CEILING:g} (10 GiB)"
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Load ``path`` (or the discovered config; defaults when there is none)."""
    if path is None:
        path = find_config(start)
    if path is None:
        return Config(origins={})
    try:
        if path.name == "pyproject.toml":
            data = load_toml(path, what="pyproject.toml")
            tool = data.get("tool")
            table = tool.get("policylint") if isinstance(tool, dict) else None
            if not isinstance(table, dict):
                raise ConfigError([YamlProblem(str(path), None, "tool.policylint", "no [tool.policylint] table")])
            source = YamlSource(path=str(path), data=table, lines={})
        else:
            source = load_yaml(path, what="config file")
    except LoadError as exc:
        raise ConfigError([exc.problem]) from None
    return config_from_source(source, base=path.parent)


def config_from_source(source: YamlSource, *, base: Path) -> Config:
    """Validate parsed config data; raise ConfigError listing every problem."""
    data = source.data if source.data is not None else {}
    problems: list[YamlProblem] = []
    if not isinstance(data, dict):
        raise ConfigError([source.problem((), "the config must be a mapping of keys to values")])
    for key in data:
        if key not in CONFIG_KEYS:
            problems.append(source.problem((key,), f"unknown key; allowed keys: {', '.join(CONFIG_KEYS)}"))
    values: dict[str, Any] = {}
    origins = {key: f"{source.path}:{source.line(key) or 1}" for key in data if key in CONFIG_KEYS}

    def str_list(key: str) -> tuple[str, ...]:
        raw = data.get(key, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(x, str) and x and "\x00" not in x for x in raw):
            problems.append(source.problem((key,), "must be a list of non-empty strings"))
            return ()
        return tuple(raw)

    if "packs" in data:
        values["packs"] = str_list("packs")
        if not values["packs"]:
            problems.append(source.problem(("packs",), "name at least one pack"))
    if "rules" in data:
        values["rules"] = tuple((base / p).resolve() for p in str_list("rules"))
    if "disable" in data:
        values["disable"] = str_list("disable")
    if "exclude" in data:
        values["exclude"] = str_list("exclude")
    if "fail_on" in data:
        if not isinstance(data["fail_on"], str) or data["fail_on"] not in FAIL_ON_CHOICES:
            problems.append(source.problem(("fail_on",), f"must be one of {', '.join(FAIL_ON_CHOICES)}"))
        else:
            values["fail_on"] = data["fail_on"]
    if "severity" in data:
        raw = data["severity"]
        if not isinstance(raw, dict):
            problems.append(source.problem(("severity",), "must map topic ids to error|warning|info"))
        else:
            overrides: dict[str, Severity] = {}
            for topic, level in raw.items():
                try:
                    if not isinstance(topic, str) or not isinstance(level, str):
                        raise ValueError(level)
                    overrides[topic] = Severity(level)
                except ValueError:
                    problems.append(source.problem(("severity", topic), "must map a topic id to error, warning or info"))
            values["severity"] = overrides
    if "max_file_mb" in data:
        raw = data["max_file_mb"]
        reason = check_max_file_mb(raw)
        if reason is not None:
            problems.append(source.problem(("max_file_mb",), reason))
        else:
            values["max_file_mb"] = float(raw)
    if "cache_max_mb" in data:
        raw = data["cache_max_mb"]
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw <= 0:
            problems.append(source.problem(("cache_max_mb",), "must be a positive number"))
        else:
            values["cache_max_mb"] = float(raw)
    if "cache_dir" in data:
        if not isinstance(data["cache_dir"], str) or not data["cache_dir"]:
            problems.append(source.problem(("cache_dir",), "must be a path"))
        else:
            values["cache_dir"] = (base / data["cache_dir"]).resolve()
    if "state" in data:
        raw = data["state"]
        if not isinstance(raw, str) or len(raw.strip()) != 2 or not raw.strip().isalpha():
            problems.append(source.problem(("state",), "must be a two-letter state code, e.g. ca or il"))
        else:
            values["state"] = raw.strip().lower()
    if "as_of" in data:
        parsed = parse_date(data["as_of"])
        if parsed is None:
            problems.append(source.problem(("as_of",), "must be a date, YYYY-MM-DD"))
        else:
            values["as_of"] = parsed
    if "waivers_file" in data:
        if not isinstance(data["waivers_file"], str) or not data["waivers_file"].strip() or "\x00" in data["waivers_file"]:
            problems.append(source.problem(("waivers_file",), "must be a path"))
        else:
            values["waivers_file"] = (base / data["waivers_file"]).resolve()
    if "waivers" in data:
        raw = data["waivers"]
        if not isinstance(raw, list):
            problems.append(source.problem(("waivers",), "must be a list of waivers"))
        else:
            waivers = []
            for i, item in enumerate(raw):
                waiver = parse_waiver(source, ("waivers", i), item, problems)
                if waiver is not None:
                    waivers.append(waiver)
            values["waivers"] = tuple(waivers)
    if problems:
        raise ConfigError(problems)
    return Config(path=Path(source.path), origins=origins, **values)


def parse_date(value: Any) -> _dt.date | None:
    """A YYYY-MM-DD date from YAML (already a date), TOML or a command line; None if it is not one."""
    if isinstance(value, _dt.datetime):
        return None  # a timestamp is not a day
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_waiver(
    source: YamlSource, keys: tuple[object, ...], item: Any, problems: list[YamlProblem]
) -> Waiver | None:
    """Validate one waiver mapping (shared by config and the waivers file)."""
    if not isinstance(item, dict):
        problems.append(source.problem(keys, "a waiver must be a mapping with topic and reason"))
        return None
    ok = True
    for key in item:
        if key not in WAIVER_KEYS:
            problems.append(source.problem(keys + (key,), f"unknown key; allowed keys: {', '.join(WAIVER_KEYS)}"))
            ok = False
    topic = item.get("topic")
    reason = item.get("reason", item.get("justification"))
    if not isinstance(topic, str) or not topic.strip():
        problems.append(source.problem(keys + ("topic",), "required: the topic id the waiver applies to"))
        ok = False
    if not isinstance(reason, str) or not reason.strip():
        problems.append(source.problem(keys + ("reason",), "required: a written justification for the waiver"))
        ok = False
    for key in ("element", "document", "approved_by"):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(source.problem(keys + (key,), f"must be a non-empty string, not {short(value)}"))
            ok = False
    expires = item.get("expires")
    if expires is not None:
        if isinstance(expires, _dt.datetime):
            expires = expires.date().isoformat()
        elif isinstance(expires, _dt.date):
            expires = expires.isoformat()
        else:
            try:
                if not isinstance(expires, str):
                    raise ValueError(expires)
                expires = _dt.date.fromisoformat(expires).isoformat()
            except ValueError:
                problems.append(source.problem(keys + ("expires",), "must be a date, YYYY-MM-DD"))
                ok = False
    if not ok:
        return None
    pack = None
    assert isinstance(topic, str) and isinstance(reason, str)
    if "/" in topic:
        pack, topic = topic.split("/", 1)
    return Waiver(
        topic=topic.strip(),
        pack=pack,
        element=item.get("element"),
        reason=reason.strip(),
        document=item.get("document"),
        approved_by=item.get("approved_by"),
        expires=expires,
        source=f"{source.path}:{source.line(*keys) or 1}",
    )
