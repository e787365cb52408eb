"""Manifests: the list of agencies and manuals an analyst compares, as CSV or YAML.

CSV (a header row, then one row per manual; column names are case-insensitive)::

    agency,file,state
    Riverton Police Department,manuals/riverton.pdf,IL

YAML (a list, or a mapping whose ``documents`` key holds the list)::

    documents:
      - agency: Riverton Police Department
        file: manuals/riverton.pdf
        state: IL

``file`` (synonym ``path``) is required: a local path, relative to the manifest's own
folder; URLs are refused (policylint reads files, it never downloads). ``agency`` and
``state`` are optional: the agency names the document's column or row (else the agency
the document states, else its file name). Unknown columns or keys are errors that list
the allowed ones, as in the config. A file that does not exist is *not* a manifest
error: the run reports it (PL109) and judges every other manual.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import ConfigError
from ..yamlsource import YamlProblem, YamlSyntaxError, load_yaml

__all__ = ["ManifestEntry", "read_manifest", "MANIFEST_KEYS"]

#: Every column a manifest may have, with its meaning (used in error messages and docs).
MANIFEST_KEYS: dict[str, str] = {
    "agency": "the agency's name, shown as the document's column or row (optional)",
    "file": "path of the manual, relative to the manifest's folder (required; synonym: path)",
    "state": "the agency's state, e.g. IL (optional)",
}
_SYNONYMS = {"path": "file"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One manual of a manifest: where it is and whose it is."""

    path: Path
    agency: str | None = None
    state: str | None = None
    source: str = ""  # manifest:line, for messages


def read_manifest(path: str | Path) -> list[ManifestEntry]:
    """The entries of a CSV or YAML manifest; :class:`ConfigError` listing every problem at once."""
    path = Path(path)
    if path.suffix.lower() in _YAML_SUFFIXES:
        rows = _yaml_rows(path)
    else:
        rows = _csv_rows(path)
    problems: list[YamlProblem] = []
    entries = [entry for entry in (_entry(path, line, row, problems) for line, row in rows) if entry is not None]
    if not rows and not problems:
        problems.append(YamlProblem(str(path), None, "", "the manifest lists no documents"))
    if problems:
        raise ConfigError(problems)
    return entries


def _csv_rows(path: Path) -> list[tuple[int | None, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # spreadsheets often write a byte-order mark
    except OSError as exc:
        raise ConfigError([YamlProblem(str(path), None, "", f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError([YamlProblem(str(path), None, "", f"not UTF-8 text ({exc.reason})")]) from exc
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise ConfigError([YamlProblem(str(path), None, "", "the manifest is empty")]) from None
    except csv.Error as exc:
        raise ConfigError([YamlProblem(str(path), 1, "", f"not valid CSV: {exc}")]) from exc
    names = [name.strip().lower() for name in header]
    problems = [
        YamlProblem(str(path), 1, name, f"unknown column; allowed columns: {', '.join(MANIFEST_KEYS)}")
        for name in names if name and _SYNONYMS.get(name, name) not in MANIFEST_KEYS
    ]
    if "file" not in names and "path" not in names:
        problems.append(YamlProblem(str(path), 1, "file", "required column missing: file (the manual's path)"))
    if problems:
        raise ConfigError(problems)
    rows: list[tuple[int | None, dict[str, Any]]] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue  # blank lines and trailing empty rows
            rows.append((reader.line_num, {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i]}))
    except csv.Error as exc:
        raise ConfigError([YamlProblem(str(path), reader.line_num, "", f"not valid CSV: {exc}")]) from exc
    return rows


def _yaml_rows(path: Path) -> list[tuple[int | None, dict[str, Any]]]:
    try:
        source = load_yaml(path)
    except YamlSyntaxError as exc:
        raise ConfigError([exc.problem]) from exc
    except OSError as exc:
        raise ConfigError([YamlProblem(str(path), None, "", f"cannot read: {exc.strerror}")]) from exc
    data = source.data
    keys: tuple[object, ...] = ()
    if isinstance(data, dict) and set(data) == {"documents"}:
        data, keys = data["documents"], ("documents",)
    if not isinstance(data, list):
        raise ConfigError([source.problem(keys, "a manifest is a list of {agency, file, state} entries "
                                                "(or a mapping whose only key is documents)")])
    rows: list[tuple[int | None, dict[str, Any]]] = []
    problems = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            problems.append(source.problem(keys + (i,), "each entry must be a mapping with at least file"))
            continue
        rows.append((source.line(*keys, i), {str(k).lower(): v for k, v in item.items()}))
    if problems:
        raise ConfigError(problems)
    return rows


def _entry(manifest: Path, line: int | None, row: dict[str, Any], problems: list[YamlProblem]) -> ManifestEntry | None:
    where = str(manifest)
    values: dict[str, str | None] = {}
    ok = True
    for key, value in row.items():
        canonical = _SYNONYMS.get(key, key)
        if canonical not in MANIFEST_KEYS:
            problems.append(YamlProblem(where, line, key, f"unknown key; allowed keys: {', '.join(MANIFEST_KEYS)}"))
            ok = False
            continue
        if value is not None and not isinstance(value, (str, int, float)):
            problems.append(YamlProblem(where, line, key, "must be text"))
            ok = False
            continue
        text = str(value).strip() if value is not None else ""
        values[canonical] = text or None
    file = values.get("file")
    if not file:
        problems.append(YamlProblem(where, line, "file", "required: the manual's path"))
        return None
    if _URL.match(file):
        problems.append(YamlProblem(where, line, "file", "a URL; policylint reads local files only: download the "
                                                        "manual and give its path"))
        return None
    if not ok:
        return None
    target = Path(file)
    if not target.is_absolute():
        target = manifest.parent / target
    return ManifestEntry(path=target, agency=values.get("agency"), state=values.get("state"),
                         source=f"{where}:{line}" if line else where)
