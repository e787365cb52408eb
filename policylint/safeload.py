"""The one loader for every YAML, JSON and TOML file policylint reads.

Config files, waivers files, rule packs (YAML), baselines (JSON) and ``pyproject.toml``
come from users, and some come from strangers (a rule pack from another agency, a
baseline in a pull request). Each goes through this module, which promises: a result, or
one :class:`LoadError` whose :class:`YamlProblem` names the file (and the line when known)
and the cause. Never a traceback, never a hang, never unbounded memory. How:

* **Size cap before reading.** A file over its limit (:data:`MAX_YAML_BYTES`,
  :data:`MAX_JSON_BYTES`) is refused from its size alone, and at most limit + 1 bytes are
  ever read (so ``/dev/zero`` or a growing file is refused too).
* **Text only.** Bytes that are not UTF-8, or hold NUL bytes, are refused as binary.
* **YAML is built from the event stream**, without PyYAML's composer or constructor
  objects: an explicit stack instead of recursion, so nesting deeper than
  :data:`MAX_DEPTH` is a problem, not a RecursionError;

  - **aliases** are counted (at most :data:`MAX_ALIASES`) and every alias adds the size of
    the value it repeats to a running total of values (at most :data:`MAX_VALUES`): a
    "billion laughs" file stops after a few thousand steps, not at 7 GB;
  - an alias to a collection that is still open (``&a [*a]``) is a recursive alias;
  - **tags** are refused (``!!python/name:...``, ``!include``, ``!!binary``...), except the
    plain YAML types (``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``,
    ``!!timestamp``, ``!!seq``, ``!!map``), which only say what the value already is;
  - **keys** must be plain values (a list or mapping as a key is refused), and a key
    given twice in one mapping is a problem (the first would be silently ignored);
  - merge keys (``<<``) are refused: they hide where a value came from;
  - a value the YAML type cannot hold (``2026-02-30``, an integer of 5,000 digits) is a
    problem at its line.

* **JSON** is checked for nesting depth before it is parsed, and ``NaN``/``Infinity``
  (which Python's json accepts but JSON does not) are refused.
* **TOML** (``pyproject.toml``) is size-capped and decoded the same way; its (pure-Python)
  parser's RecursionError on deep nesting and its value errors become problems.

Every value a caller gets is plain data: ``str``, ``int``, ``float`` (possibly ``inf`` or
``nan``: range checks are the caller's), ``bool``, ``None``, ``datetime.date``/``datetime``,
``list`` and ``dict`` with plain-value keys. A repeated (aliased) value is shared, not copied.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

__all__ = [
    "YamlSource",
    "YamlProblem",
    "LoadError",
    "YamlSyntaxError",
    "load_yaml",
    "parse_yaml",
    "load_json",
    "parse_json",
    "load_toml",
    "read_limited",
    "dotted",
    "short",
    "MAX_YAML_BYTES",
    "MAX_JSON_BYTES",
    "MAX_TOML_BYTES",
    "MAX_DEPTH",
    "MAX_ALIASES",
    "MAX_VALUES",
]

PathKey = tuple[object, ...]

#: Largest YAML file read (config, waivers, rule packs). The shipped core pack is 0.2 MiB.
MAX_YAML_BYTES = 4 * 1024 * 1024
#: Largest JSON file read (baselines). A baseline entry is ~250 bytes: 16 MiB is ~60,000 findings.
MAX_JSON_BYTES = 16 * 1024 * 1024
#: Largest TOML file read (``pyproject.toml``).
MAX_TOML_BYTES = 4 * 1024 * 1024
#: Deepest nesting of lists and mappings (a rule pack needs about 10).
MAX_DEPTH = 64
#: Most alias uses (``*name``) in one YAML file (the shipped packs use a handful).
MAX_ALIASES = 1000
#: Most values (scalars, lists, mappings) one YAML file may expand to, aliases counted at the
#: size of what they repeat. The shipped core pack holds ~8,000.
MAX_VALUES = 250_000

# libyaml's parser is several times faster than the pure-Python one and yields the same events.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_COLLECTION_TAGS = {"seq": _CORE + "seq", "map": _CORE + "map"}


@dataclass(frozen=True)
class YamlProblem:
    """One problem in an input file, located to a line when the line is known."""

    path: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass
class YamlSource:
    """Parsed data plus the line of each key path (1-based)."""

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


class LoadError(ValueError):
    """A file that cannot be loaded safely, with the one problem that says why."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


#: The name callers already catch (every load problem, not only syntax).
YamlSyntaxError = LoadError


def dotted(keys: tuple[object, ...]) -> str:
    """``('topics', 0, 'elements', 2, 'kind')`` -> ``topics[0].elements[2].kind``."""
    out = ""
    for key in keys:
        if isinstance(key, int) and not isinstance(key, bool):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + short(key, 60, quote=False)
    return out


def short(value: object, limit: int = 60, *, quote: bool = True) -> str:
    """``repr`` (or ``str``) of ``value`` cut to ``limit`` characters: an error message must
    never echo a megabyte of hostile input back at the user."""
    text = repr(value) if quote else str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size} bytes"


def read_limited(path: str | Path, max_bytes: int, what: str) -> bytes:
    """The bytes of ``path``, refusing a file over ``max_bytes`` before reading it.

    ``what`` names the file in messages ("config file", "baseline"...). At most
    ``max_bytes + 1`` bytes are read, so a device or a file that grows is refused too.
    """
    name = str(path)
    try:
        with open(path, "rb") as handle:
            try:
                import os

                size = os.fstat(handle.fileno()).st_size
            except OSError:
                size = 0
            if size > max_bytes:
                raise LoadError(YamlProblem(
                    name, None, "", f"the {what} is {_size_text(size)}, over the {_size_text(max_bytes)} limit for a {what}"
                ))
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise LoadError(YamlProblem(name, None, "", f"cannot read the {what}: it is a directory")) from None
    except OSError as exc:
        raise LoadError(YamlProblem(name, None, "", f"cannot read the {what}: {exc.strerror or exc}")) from None
    if len(data) > max_bytes:
        raise LoadError(YamlProblem(name, None, "", f"the {what} is over the {_size_text(max_bytes)} limit for a {what}"))
    return data


def _decode(data: bytes, name: str, what: str, kind: str) -> str:
    """UTF-8 text (a BOM is allowed), or a problem saying the file is binary or mis-encoded."""
    if b"\x00" in data:
        raise LoadError(YamlProblem(name, None, "", f"the {what} is binary data (NUL bytes), not {kind} text"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(YamlProblem(
            name, line, "", f"the {what} is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            f"{kind} files must be saved as UTF-8"
        )) from None


# ------------------------------------------------------------------------------ YAML


def load_yaml(path: str | Path, *, what: str = "YAML file", max_bytes: int = MAX_YAML_BYTES) -> YamlSource:
    """Read and parse ``path`` safely; :class:`LoadError` with file:line on any problem."""
    data = read_limited(path, max_bytes, what)
    return parse_yaml(_decode(data, str(path), what, "YAML"), str(path))


def parse_yaml(text: str, path: str = "<string>") -> YamlSource:
    """Parse YAML ``text`` under the limits in the module docstring."""
    builder = _YamlBuilder(path)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise LoadError(YamlProblem(path, line, "", f"invalid YAML: {short(reason, 200, quote=False)}")) from None
    return builder.source


@dataclass
class _Frame:
    """An open list or mapping while its events arrive."""

    container: list[Any] | dict[Any, Any]
    path: PathKey
    anchor: str | None
    values_at_start: int  # the running value count when it opened (its size is the difference)
    log_at_start: int  # len(builder.line_log) when it opened: the lines recorded inside it follow
    line: int = 1  # where it starts
    key: Any = None
    has_key: bool = False  # a mapping alternates key, value: True while waiting for the value


_HASHABLE = (str, int, float, bool, type(None), _dt.date, _dt.datetime)
_NOTHING = object()


class _YamlBuilder:
    """Builds plain data from PyYAML events, enforcing every limit as it goes."""

    def __init__(self, path: str) -> None:
        self.source = YamlSource(path=path, data=None)
        self.path = path
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, values it expands to)
        # name -> lines recorded inside the anchored value, relative to it: an alias copies them,
        # so a problem inside a repeated value points where that value is written (as the
        # composer did). Their total is bounded by MAX_VALUES like the values themselves.
        self.anchor_lines: dict[str, list[tuple[PathKey, int]]] = {}
        self.line_log: list[tuple[PathKey, int]] = []  # every line recorded, in order
        self.open_anchors: set[str] = set()
        self.values = 0
        self.aliases = 0
        self.documents = 0
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, line: int | None, message: str, keys: PathKey | None = None) -> None:
        raise LoadError(YamlProblem(self.path, line, dotted(keys) if keys else "", message))

    # -- events
    def feed(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(line, "holds more than one YAML document ('---'); policylint reads one")
        elif isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event, line)
            self._count(1, line)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
                self.anchor_lines[event.anchor] = [((), line or 1)]
            self._deliver(value, line, collection=False)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._open(event, line)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = self.stack.pop()
            if frame.has_key:  # cannot happen with a well-formed event stream; kept as a guard
                self.fail(line, "a mapping key has no value", frame.path)
            if frame.anchor is not None:
                self.open_anchors.discard(frame.anchor)
                self.anchors[frame.anchor] = (frame.container, self.values - frame.values_at_start)
                depth = len(frame.path)
                inside = [(p[depth:], n) for p, n in self.line_log[frame.log_at_start:]]
                self.anchor_lines[frame.anchor] = [((), frame.line)] + inside
            self._deliver(frame.container, None, collection=True, opened=True)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event, line)

    def _scalar(self, event: yaml.ScalarEvent, line: int | None) -> Any:
        tag = event.tag
        if tag == "!":
            return event.value  # the non-specific tag: a string
        if tag is None:
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag == _CORE + "merge":
                self.fail(line, "merge keys ('<<') are not supported: write the keys out")
            if tag not in _PLAIN_TAGS:
                return event.value  # YAML 1.1's '=' value key and the like: read as the string it is
        elif tag not in _PLAIN_TAGS:
            self._refuse_tag(tag, line)
        if tag == _CORE + "str":
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ValueError, OverflowError, TypeError, KeyError, yaml.YAMLError) as exc:
            kind = tag[len(_CORE):]
            why = short(str(exc), 120, quote=False)
            # name the key as the schema checks do ("as_of: ..."), so the user knows which value
            keys = self._child_path(line, collection=False)
            if kind == "timestamp":
                self.fail(line, f"must be a date, YYYY-MM-DD: cannot read {short(event.value)} as a YAML timestamp ({why})", keys)
            self.fail(line, f"cannot read {short(event.value)} as a YAML {kind}: {why}", keys)
        return None  # unreachable: fail raises

    def _refuse_tag(self, tag: str, line: int | None) -> None:
        shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
        self.fail(line, f"YAML tags are not accepted ({short(shown, 80, quote=False)}): write a plain value")

    def _open(self, event: yaml.CollectionStartEvent, line: int | None) -> None:
        is_seq = isinstance(event, yaml.SequenceStartEvent)
        tag = event.tag
        if tag not in (None, "!", _COLLECTION_TAGS["seq" if is_seq else "map"]):
            self._refuse_tag(tag, line)
        path = self._child_path(line, collection=True)
        if len(self.stack) >= MAX_DEPTH:
            self.fail(line, f"nested more than {MAX_DEPTH} levels deep")
        self._count(1, line)
        self._set_line(path, line or 1)
        container: list[Any] | dict[Any, Any] = [] if is_seq else {}
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, path, event.anchor, self.values - 1, len(self.line_log), line or 1))

    def _alias(self, event: yaml.AliasEvent, line: int | None) -> None:
        name = event.anchor
        if name in self.open_anchors:
            self.fail(line, f"recursive alias *{short(name, 40, quote=False)}: a value cannot contain itself")
        if name not in self.anchors:
            self.fail(line, f"alias *{short(name, 40, quote=False)} names no anchor defined before it")
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            self.fail(line, f"more than {MAX_ALIASES} aliases (*name); write the values out")
        value, size = self.anchors[name]
        collection = isinstance(value, (list, dict))
        target = self._child_path(line, collection=collection)  # a list or mapping as a key is refused here
        self._count(size, line)
        if self.stack and isinstance(self.stack[-1].container, dict) and not self.stack[-1].has_key:
            pass  # an aliased scalar used as a key: its line is the key's line, set on delivery
        else:
            for relative, at in self.anchor_lines[name]:
                self._set_line(target + relative, at)
        self._deliver(value, line, collection=collection)

    # -- bookkeeping
    def _count(self, n: int, line: int | None) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            self.fail(
                line,
                f"expands to more than {MAX_VALUES:,} values (aliases counted at the size of what they repeat); "
                "a YAML alias bomb or a file far larger than any rule pack",
            )

    def _set_line(self, path: PathKey, line: int, *, overwrite: bool = False) -> None:
        lines = self.source.lines
        if path in lines and not overwrite:
            return
        if path not in lines:
            self.line_log.append((path, line))
        lines[path] = line

    def _child_path(self, line: int | None, *, collection: bool) -> PathKey:
        """The key path of the next value delivered to the open collection."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return frame.path + (len(frame.container),)
        if not frame.has_key:
            if collection:
                self.fail(line, "a mapping key must be a plain value, not a list or mapping", frame.path)
            return frame.path
        return frame.path + (frame.key,)

    def _deliver(self, value: Any, line: int | None, *, collection: bool, opened: bool = False) -> None:
        """Hand a finished value to the open collection (or make it the document)."""
        if not self.stack:
            if not opened:
                self._set_line((), line or 1)
            self.source.data = value
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            if not opened and line is not None:
                self._set_line(frame.path + (len(container),), line)
            container.append(value)
            return
        if not frame.has_key:
            if collection or not isinstance(value, _HASHABLE):
                self.fail(line, "a mapping key must be a plain value, not a list or mapping", frame.path)
            if value in container:
                first = self.source.lines.get(frame.path + (value,))
                where = f" (first at line {first})" if first else ""
                self.fail(line, f"duplicate key {short(value)}{where}", frame.path + (value,))
            frame.key, frame.has_key = value, True
            if line is not None:
                self._set_line(frame.path + (value,), line, overwrite=True)
            return
        container[frame.key] = value
        frame.key, frame.has_key = None, False


# ------------------------------------------------------------------------------ JSON

# A JSON string (escapes included) or one bracket: enough to measure nesting without parsing.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def _json_depth_problem(text: str, name: str) -> YamlProblem | None:
    """A problem when lists/objects nest deeper than :data:`MAX_DEPTH` (checked before parsing,
    because Python's json parser recurses and would raise RecursionError)."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                return YamlProblem(name, line, "", f"nested more than {MAX_DEPTH} levels deep")
        elif token in "]}":
            depth -= 1
    return None


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str, name: str = "<string>", *, what: str = "JSON file") -> Any:
    """Parse JSON ``text`` with the depth check and without NaN/Infinity."""
    problem = _json_depth_problem(text, name)
    if problem is not None:
        raise LoadError(problem)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise LoadError(YamlProblem(name, exc.lineno, "", f"not a JSON {what}: {exc.msg}")) from None
    except (ValueError, RecursionError) as exc:  # NaN/Infinity, an integer past Python's digit limit
        raise LoadError(YamlProblem(name, None, "", f"not a JSON {what}: {short(str(exc), 120, quote=False)}")) from None


def load_json(path: str | Path, *, what: str = "JSON file", max_bytes: int = MAX_JSON_BYTES) -> Any:
    """Read and parse a JSON file safely; :class:`LoadError` naming the file on any problem."""
    data = read_limited(path, max_bytes, what)
    return parse_json(_decode(data, str(path), what, "JSON"), str(path), what=what)


# ------------------------------------------------------------------------------ TOML


def load_toml(path: str | Path, *, what: str = "TOML file", max_bytes: int = MAX_TOML_BYTES) -> dict[str, Any]:
    """Read and parse a TOML file safely; :class:`LoadError` naming the file on any problem."""
    name = str(path)
    text = _decode(read_limited(path, max_bytes, what), name, what, "TOML")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LoadError(YamlProblem(name, None, "", f"invalid TOML: {short(str(exc), 200, quote=False)}")) from None
    except (ValueError, RecursionError) as exc:  # tomllib recurses on nested arrays and tables
        raise LoadError(YamlProblem(name, None, "", f"invalid TOML: {short(str(exc), 200, quote=False)}")) from None
