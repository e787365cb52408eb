"""YAML loading that remembers where every key and item came from.

Rule packs, config and waiver files all promise errors of the form
``file:line: key: problem``. PyYAML's composer keeps node positions, so we build
plain Python data from the node tree and record the line of every path on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["YamlSource", "YamlProblem", "load_yaml", "parse_yaml"]

PathKey = tuple[object, ...]

# libyaml's composer is several times faster on the rule packs and keeps node marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlProblem:
    """One problem in a YAML file, located to a line."""

    path: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass
class YamlSource:
    """Parsed YAML data plus the line of each key path (1-based)."""

    path: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, *keys: object) -> int | None:
        """Line of the deepest known prefix of ``keys`` (so a missing key points at its parent)."""
        path: PathKey = tuple(keys)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, keys: tuple[object, ...], message: str) -> YamlProblem:
        return YamlProblem(self.path, self.line(*keys), dotted(keys), message)


def dotted(keys: tuple[object, ...]) -> str:
    """``('topics', 0, 'elements', 2, 'kind')`` -> ``topics[0].elements[2].kind``."""
    out = ""
    for key in keys:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + str(key)
    return out


def load_yaml(path: str | Path) -> YamlSource:
    """Read and parse ``path``. Raises :class:`YamlSyntaxError` with file:line on bad YAML."""
    text = Path(path).read_text(encoding="utf-8")
    return parse_yaml(text, str(path))


class YamlSyntaxError(ValueError):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def parse_yaml(text: str, path: str = "<string>") -> YamlSource:
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise YamlSyntaxError(YamlProblem(path, line, "", f"invalid YAML: {reason}")) from exc
    source = YamlSource(path=path, data=None)
    if node is None:
        return source
    constructor = yaml.SafeLoader("")
    source.data = _build(node, (), source.lines, constructor)
    return source


def _build(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], constructor: yaml.SafeLoader) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, path + (key,), lines, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, constructor) for i, item in enumerate(node.value)]
    try:
        return constructor.construct_object(node, deep=True)
    except ValueError:
        # An impossible date such as 2020-13-01 looks like a YAML timestamp but cannot be
        # built: keep the text, so the key's own validation reports it with file and line.
        return node.value
