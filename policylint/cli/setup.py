"""``policylint init`` (write a commented config) and ``policylint config show`` (the resolved config).

``init`` writes ``.policylint.yaml`` whose comments come from :data:`policylint.config.CONFIG_KEYS`
(so the template cannot drift from what the loader accepts) and whose examples name real
topics from the shipped packs. ``--waivers`` also writes an empty, commented waivers file.

``config show`` prints every config key with its resolved value and where that value came
from (``file:line`` or ``default``), the waivers file in use and why, and the packs a plain
``policylint check`` would run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..fsio import write_text_atomic

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config
    from ..rulebook import PackSet

INIT_FILENAME = ".policylint.yaml"


def _example_topics(found: "PackSet", packs: list[str] | None = None) -> tuple[str, str]:
    """Two real topic ids from the selected packs, so uncommenting an example gives a valid config."""
    chosen = [found.packs[p] for p in packs or [] if p in found.packs] or list(found.packs.values())
    ids = [f"{p.id}/{t.id}" for p in chosen for t in p.topics]
    if not ids:
        return ("core/use-of-force", "core/use-of-force")
    return ids[-1], ids[len(ids) // 2]


def config_template(found: "PackSet", packs: list[str]) -> str:
    """The commented ``.policylint.yaml`` that ``init`` writes."""
    from ..config import CONFIG_KEYS, DEFAULT_WAIVERS_FILE, FAIL_ON_CHOICES

    first, second = _example_topics(found, packs)
    available = [f"{p.id} ({p.title}, {len(p.topics)} topics)" for p in found.packs.values()]
    examples: dict[str, list[str]] = {
        "packs": ["packs:"] + [f"  - {pack}" for pack in packs],
        "rules": ["# rules:", "#   - policy-rules/"],
        "fail_on": ["fail_on: error"],
        "severity": ["# severity:", f"#   {first}: warning"],
        "disable": ["# disable:", f"#   - {second}"],
        "waivers": [
            f"# (prefer the separate {DEFAULT_WAIVERS_FILE}; `policylint init --waivers` writes one)",
            "# waivers:",
            f"#   - topic: {first}",
            "#     reason: Covered by state statute, adopted by reference in General Order 1.",
            "#     approved_by: City Attorney",
            "#     expires: 2030-12-31",
        ],
        "waivers_file": [f"# waivers_file: {DEFAULT_WAIVERS_FILE}"],
        "max_file_mb": ["# max_file_mb: 200"],
        "exclude": ["# exclude:", "#   - drafts/", "#   - \"*.old.md\""],
        "state": ["# state: ca"],
        "as_of": ["# as_of: 2024-01-01"],
    }
    lines = [
        "# policylint configuration, written by `policylint init`.",
        "# Every key is optional. `policylint config show` prints the resolved values and where each",
        "# came from; an unknown key is an error that lists the allowed ones.",
    ]
    for key, meaning in CONFIG_KEYS.items():
        lines += ["", f"# {key}: {meaning}"]
        if key == "packs" and available:
            lines.append(f"# available: {', '.join(available)}")
        if key == "fail_on":
            lines.append(f"# choices: {', '.join(FAIL_ON_CHOICES)}")
        lines += examples.get(key, [f"# {key}:"])
    return "\n".join(lines) + "\n"


def waivers_template(found: "PackSet", packs: list[str]) -> str:
    """An empty, commented waivers file."""
    from ..config import WAIVER_KEYS

    first, _ = _example_topics(found, packs)
    lines = [
        "# policylint waivers: accepted gaps, each with a written justification.",
        "# Waived topics and elements still appear in every report, marked `waived` with the reason.",
        "# A waiver that matches nothing, or has expired, is reported (PL201/PL202).",
        "#",
        "# Keys:",
    ]
    lines += [f"#   {key}: {meaning}" for key, meaning in WAIVER_KEYS.items()]
    lines += [
        "#",
        "# Example:",
        f"#   - topic: {first}",
        "#     document: \"manuals/*.pdf\"",
        "#     reason: Covered by state statute, adopted by reference in General Order 1.",
        "#     approved_by: City Attorney",
        "#     expires: 2030-12-31",
        "waivers: []",
    ]
    return "\n".join(lines) + "\n"


@click.command()
@click.option("--path", "folder", type=click.Path(file_okay=False), default=".", show_default=True, help="Folder to write into.")
@click.option("--pack", "packs", multiple=True, metavar="ID", help="Pack to enable (repeatable; default: core).")
@click.option("--waivers", "with_waivers", is_flag=True, help="Also write an empty .policylint-waivers.yaml.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
def init(folder: str, packs: tuple[str, ...], with_waivers: bool, force: bool) -> None:
    """Write a commented .policylint.yaml (and, with --waivers, a waivers file)."""
    from ..config import DEFAULT_WAIVERS_FILE
    from ..rulebook import RuleError, load_packs
    from .check import _problems_exit

    try:
        found = load_packs()
    except RuleError as exc:
        _problems_exit(exc.problems, "rule pack error")
    unknown = [p for p in packs if p not in found.packs]
    if unknown:
        click.echo(f"policylint: unknown pack {', '.join(unknown)} (available: {', '.join(sorted(found.packs))})", err=True)
        sys.exit(2)
    target = Path(folder)
    chosen = list(packs) or ["core"]
    files = {target / INIT_FILENAME: config_template(found, chosen)}
    if with_waivers:
        files[target / DEFAULT_WAIVERS_FILE] = waivers_template(found, chosen)
    existing = [str(p) for p in files if p.exists()]
    if existing and not force:
        click.echo(f"policylint: {', '.join(existing)} already exists; use --force to overwrite", err=True)
        sys.exit(2)
    from .output import write_output

    target.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        write_output(path, text)  # every file a command writes goes through the one writer
        click.echo(f"wrote {path}")


# ----------------------------------------------------------------------------- config show


def _plain(value: Any) -> Any:
    """Config values as JSON-friendly data."""
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()  # a date (as_of)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "value"):
        return value.value
    return value


def resolved_config(config: "Config", *, waivers_file: str | None = None) -> dict[str, Any]:
    """Every key's value and origin, the waivers file, and the packs a check would run."""
    from ..api import resolve_packs
    from ..config import CONFIG_KEYS
    from ..workflow.waivers import load_waivers_file, locate_waivers_file

    keys = {
        key: {"value": _plain(getattr(config, key)), "origin": config.origins.get(key, "default")}
        for key in CONFIG_KEYS
    }
    location = locate_waivers_file(config, override=waivers_file)
    file_waivers = load_waivers_file(location.path) if location.exists else ()
    packs = resolve_packs(config)
    return {
        "config_file": str(config.path) if config.path else None,
        "keys": keys,
        "waivers_file": {
            "path": str(location.path), "origin": location.origin, "exists": location.exists,
            "waivers": [w.to_dict() for w in file_waivers],
        },
        "packs": [{"id": p.id, "version": p.version, "path": p.path} for p in packs],
    }


def render_resolved(data: dict[str, Any]) -> str:
    lines = [f"config file: {data['config_file'] or 'none found (built-in defaults)'}", ""]
    width = max(len(k) for k in data["keys"])
    for key, item in data["keys"].items():
        value = item["value"]
        if key == "waivers":
            shown = f"{len(value)} waiver(s)" + "".join(f"\n{'':{width + 4}}- {_waiver_line(w)}" for w in value)
        else:
            shown = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key:<{width}}  {shown}    [{item['origin']}]")
    wf = data["waivers_file"]
    state = f"{len(wf['waivers'])} waiver(s)" if wf["exists"] else "not present"
    lines += ["", f"waivers file: {wf['path']} ({wf['origin']}; {state})"]
    lines += [f"  - {_waiver_line(w)}" for w in wf["waivers"]]
    lines += ["", "packs a check would run:"] + [f"  {p['id']} {p['version']} ({p['path']})" for p in data["packs"]]
    return "\n".join(lines) + "\n"


def _waiver_line(waiver: dict[str, Any]) -> str:
    name = f"{waiver['pack']}/{waiver['topic']}" if waiver["pack"] else waiver["topic"]
    if waiver["element"]:
        name += f"/{waiver['element']}"
    extra = [f"document {waiver['document']}"] if waiver["document"] else []
    extra += [f"expires {waiver['expires']}"] if waiver["expires"] else []
    return f"{name}: {waiver['reason']}" + (f" ({'; '.join(extra)})" if extra else "") + f" [{waiver['source']}]"


@click.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("show")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Config file (skips discovery).")
@click.option("--waivers-file", type=click.Path(dir_okay=False), default=None, help="Waivers file to show instead of the default.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(config_path: str | None, waivers_file: str | None, fmt: str) -> None:
    """The resolved configuration and where each value came from."""
    from ..config import ConfigError
    from ..rulebook import RuleError
    from .check import _problems_exit, load_run_config

    loaded = load_run_config(config_path, None)
    try:
        data = resolved_config(loaded, waivers_file=waivers_file)
    except ConfigError as exc:
        _problems_exit(exc.problems, "configuration error")
    except RuleError as exc:
        _problems_exit(exc.problems, "rule pack error")
    click.echo(json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json" else render_resolved(data), nl=fmt == "json")
