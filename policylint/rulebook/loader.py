"""Load and validate rule pack YAML files (schema: docs/rule-schema.md).

Validation is strict and exhaustive: every problem in every file is collected and
raised together as :class:`RuleError` (``file:line: key.path: problem``), so a rule
author fixes a file in one round. Unknown keys are errors because a misspelt key
(``exclued:``) would otherwise silently switch a check off.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from ..results import Severity
from ..yamlsource import YamlProblem, YamlSource, YamlSyntaxError, load_yaml
from .model import ELEMENT_EXAMPLE_STATUSES, ELEMENT_KINDS, SCOPES, TOPIC_EXAMPLE_STATUSES, Element, Pack, Pattern, Topic

__all__ = ["RuleError", "load_pack_file", "parse_pack", "PACK_KEYS", "TOPIC_KEYS", "ELEMENT_KEYS"]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: A state-law pack's ``state``: a two-letter postal code, lower case ("ca", "il").
STATE_RE = re.compile(r"^[a-z]{2}$")

PACK_KEYS = ("pack", "title", "version", "description", "sources", "defaults", "topics", "state", "contradictions")
DEFAULTS_KEYS = ("severity", "weak_severity")
SOURCE_KEYS = ("title", "publisher", "year", "url", "author", "note", "date")
TOPIC_KEYS = (
    "id", "title", "description", "rationale", "severity", "weak_severity", "sources",
    "headings", "mentions", "min_mentions", "covered_when", "elements", "examples", "requires_section",
)
COVERED_KEYS = ("min_elements",)
ELEMENT_KEYS = (
    "id", "title", "description", "rationale", "sources", "kind", "required", "essential", "scope", "match",
    "exclude", "accept_hedges", "weak_hedges", "ok_exceptions", "bad_exceptions", "examples",
    "citation", "effective", "amended_by", "effective_note",
)
#: Element keys that only a state-law pack (one with ``state``) needs; ``citation`` and
#: ``effective`` are required there.
LAW_KEYS = ("citation", "effective", "amended_by", "effective_note")
EXAMPLE_KEYS = ELEMENT_EXAMPLE_STATUSES
# Minimum counts are checked by ``rules test`` (engine/examples.py), not here, so a topic can be drafted.
TOPIC_EXAMPLE_KEYS = TOPIC_EXAMPLE_STATUSES
PATTERN_KEYS = ("lemma", "tokens")


class RuleError(Exception):
    """Every problem found while loading rule packs, reported at once."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Checker:
    """Collects problems for one file while walking its data."""

    def __init__(self, source: YamlSource) -> None:
        self.source = source
        self.problems: list[YamlProblem] = []

    def add(self, keys: tuple[object, ...], message: str) -> None:
        self.problems.append(self.source.problem(keys, message))

    def keys(self, data: dict[str, Any], allowed: tuple[str, ...], at: tuple[object, ...], what: str) -> None:
        for key in data:
            if key not in allowed:
                hint = _close_match(str(key), allowed)
                extra = f" (did you mean '{hint}'?)" if hint else ""
                self.add(at + (key,), f"unknown {what} key{extra}; allowed: {', '.join(allowed)}")

    def text(self, data: dict[str, Any], key: str, at: tuple[object, ...], *, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.add(at + (key,), "required")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "version":
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.add(at + (key,), "must be a non-empty string")
            return ""
        return value.strip()

    def ident(self, data: dict[str, Any], key: str, at: tuple[object, ...]) -> str:
        value = data.get(key)
        if value is None:
            self.add(at + (key,), "required: an id of lower-case letters, digits and dashes")
            return ""
        if not isinstance(value, str) or not ID_RE.match(value):
            self.add(at + (key,), f"invalid id {value!r}: use lower-case letters, digits and dashes")
            return ""
        return value

    def strings(self, data: dict[str, Any], key: str, at: tuple[object, ...]) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(at + (key,), "must be a list of strings")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(at + (key, i), "must be a non-empty string")
            else:
                out.append(" ".join(item.split()))
        return tuple(out)

    def date(self, data: dict[str, Any], key: str, at: tuple[object, ...]) -> _dt.date | None:
        """A YYYY-MM-DD date (YAML reads an unquoted one as a date already)."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(at + (key,), f"must be a date, YYYY-MM-DD (got {value!r})")
        return None

    def flag(self, data: dict[str, Any], key: str, at: tuple[object, ...], default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.add(at + (key,), "must be true or false")
            return default
        return value

    def severity(self, data: dict[str, Any], key: str, at: tuple[object, ...], default: Severity) -> Severity:
        value = data.get(key)
        if value is None:
            return default
        try:
            return Severity(value)
        except ValueError:
            self.add(at + (key,), "must be error, warning or info")
            return default

    def pattern(self, item: Any, at: tuple[object, ...]) -> Pattern | None:
        line = self.source.line(*at)
        if isinstance(item, str):
            words = item.split()
            if not words:
                self.add(at, "empty phrase")
                return None
            return Pattern("phrase", " ".join(words).lower(), line)
        if isinstance(item, dict) and len(item) == 1:
            (form, value), = item.items()
            if form == "regex":
                self.add(at + (form,), "regex patterns are not supported: use a {tokens: [...]} Matcher pattern")
                return None
            if form == "lemma":
                if not isinstance(value, str) or not value.split():
                    self.add(at + (form,), "a lemma pattern is a non-empty phrase")
                    return None
                return Pattern("lemma", " ".join(value.split()).lower(), line)
            if form == "tokens":
                from spacy.schemas import validate_token_pattern

                errors = validate_token_pattern(value) if isinstance(value, list) and value else ["must be a non-empty list"]
                for error in errors:
                    self.add(at + (form,), f"bad token pattern: {error}")
                return None if errors else Pattern("tokens", value, line)
            self.add(at + (form,), "unknown pattern form; use a phrase string, {lemma: ...} or {tokens: [...]}")
            return None
        self.add(at, "a pattern is a phrase string, {lemma: phrase} or {tokens: [token patterns]}")
        return None

    def patterns(self, data: dict[str, Any], key: str, at: tuple[object, ...]) -> tuple[Pattern, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            value = [value]
            items = [(at + (key,), value[0])]
        else:
            items = [(at + (key, i), item) for i, item in enumerate(value)]
        out = []
        for keys, item in items:
            pattern = self.pattern(item, keys)
            if pattern is not None:
                out.append(pattern)
        return tuple(out)


def _close_match(key: str, allowed: tuple[str, ...]) -> str | None:
    import difflib

    found = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
    return found[0] if found else None


def load_pack_file(path: str | Path) -> tuple[Pack | None, list[YamlProblem]]:
    """Parse and validate one pack file. Returns (pack or None, problems)."""
    try:
        source = load_yaml(path)
    except YamlSyntaxError as exc:
        return None, [exc.problem]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [YamlProblem(str(path), None, "", f"cannot read rule file: {exc}")]
    return parse_pack(source)


def parse_pack(source: YamlSource) -> tuple[Pack | None, list[YamlProblem]]:
    """Validate parsed YAML as a pack. The pack is None when any problem was found."""
    check = _Checker(source)
    data = source.data
    if not isinstance(data, dict):
        check.add((), "a rule pack must be a mapping with pack, title, version and topics")
        return None, check.problems
    check.keys(data, PACK_KEYS, (), "pack")
    pack_id = check.ident(data, "pack", ())
    title = check.text(data, "title", (), required=True)
    version = check.text(data, "version", (), required=True)
    description = check.text(data, "description", ())
    state = None
    if data.get("state") is not None:
        state = data["state"]
        if not isinstance(state, str) or not STATE_RE.match(state):
            check.add(("state",), f"must be a two-letter state code in lower case, e.g. ca (got {state!r})")
            state = None
    contradictions = check.flag(data, "contradictions", (), False)
    sources = _sources(check, data)
    defaults = data.get("defaults") or {}
    severity, weak = Severity.ERROR, Severity.WARNING
    if not isinstance(defaults, dict):
        check.add(("defaults",), "must be a mapping with severity and weak_severity")
    else:
        check.keys(defaults, DEFAULTS_KEYS, ("defaults",), "defaults")
        severity = check.severity(defaults, "severity", ("defaults",), severity)
        weak = check.severity(defaults, "weak_severity", ("defaults",), weak)
    topics_raw = data.get("topics")
    topics: list[Topic] = []
    if not isinstance(topics_raw, list) or not topics_raw:
        check.add(("topics",), "required: a non-empty list of topics")
    else:
        seen: dict[str, int] = {}
        for i, item in enumerate(topics_raw):
            topic = _topic(check, item, ("topics", i), sources, severity, weak, state=state, contradictions=contradictions)
            if topic is None:
                continue
            if topic.id in seen:
                check.add(("topics", i, "id"), f"duplicate topic id '{topic.id}' (first at topics[{seen[topic.id]}])")
            seen.setdefault(topic.id, i)
            topics.append(topic)
    if check.problems:
        return None, check.problems
    pack = Pack(
        id=pack_id, title=title, version=version, path=source.path, topics=tuple(topics),
        description=description, sources=sources, severity=severity, weak_severity=weak,
        line=source.line("pack"), state=state, contradictions=contradictions,
    )
    return pack, []


def _sources(check: _Checker, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    raw = data.get("sources")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.add(("sources",), "must map citation keys to {title, publisher, year, url}")
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, value in raw.items():
        if not isinstance(value, dict):
            check.add(("sources", key), "must be a mapping with at least a title")
            continue
        check.keys(value, SOURCE_KEYS, ("sources", key), "source")
        if not isinstance(value.get("title"), str):
            check.add(("sources", key, "title"), "required")
        out[str(key)] = dict(value)
    return out


def _citations(check: _Checker, data: dict[str, Any], at: tuple[object, ...], sources: dict[str, Any]) -> tuple[str, ...]:
    cites = check.strings(data, "sources", at)
    for i, cite in enumerate(cites):
        key = cite.split(" ", 1)[0]
        if key not in sources:
            known = ", ".join(sources) or "none defined"
            check.add(at + ("sources", i), f"unknown source key '{key}' (pack sources: {known})")
    return cites


def _topic(
    check: _Checker, item: Any, at: tuple[object, ...], sources: dict[str, Any], severity: Severity, weak: Severity,
    *, state: str | None = None, contradictions: bool = False,
) -> Topic | None:
    if not isinstance(item, dict):
        check.add(at, "a topic must be a mapping")
        return None
    check.keys(item, TOPIC_KEYS, at, "topic")
    topic_id = check.ident(item, "id", at)
    title = check.text(item, "title", at, required=True)
    min_mentions = item.get("min_mentions", 2)
    if isinstance(min_mentions, bool) or not isinstance(min_mentions, int) or min_mentions < 0:
        check.add(at + ("min_mentions",), "must be a whole number >= 0")
        min_mentions = 2
    elements: list[Element] = []
    raw_elements = item.get("elements", [])
    if not isinstance(raw_elements, list):
        check.add(at + ("elements",), "must be a list of elements")
        raw_elements = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_elements):
        element = _element(check, raw, at + ("elements", i), sources, state=state, contradictions=contradictions)
        if element is None:
            continue
        if element.id in seen:
            check.add(at + ("elements", i, "id"), f"duplicate element id '{element.id}' (first at elements[{seen[element.id]}])")
        seen.setdefault(element.id, i)
        elements.append(element)
    min_elements = None
    covered = item.get("covered_when")
    if covered is not None:
        if not isinstance(covered, dict):
            check.add(at + ("covered_when",), "must be a mapping with min_elements")
        else:
            check.keys(covered, COVERED_KEYS, at + ("covered_when",), "covered_when")
            value = covered.get("min_elements")
            required = sum(1 for e in elements if e.required)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                check.add(at + ("covered_when", "min_elements"), "must be a whole number >= 0")
            elif value > required and len(elements) == len(raw_elements):
                check.add(at + ("covered_when", "min_elements"), f"{value} is more than the {required} required elements")
            else:
                min_elements = value
    examples, example_lines = _topic_examples(check, item, at)
    if "contradicted" in examples and not contradictions:
        check.add(at + ("examples", "contradicted"), "'contradicted' passages need the pack to set contradictions: true")
    requires_section = check.flag(item, "requires_section", at, False)
    if requires_section and state is None:
        check.add(at + ("requires_section",), "belongs to state-law packs only (set the pack's 'state')")
        requires_section = False
    if requires_section and not item.get("headings"):
        check.add(at + ("requires_section",), "needs 'headings': the section it requires is found by its title")
    return Topic(
        id=topic_id,
        title=title,
        severity=check.severity(item, "severity", at, severity),
        weak_severity=check.severity(item, "weak_severity", at, weak),
        elements=tuple(elements),
        description=check.text(item, "description", at),
        rationale=check.text(item, "rationale", at),
        sources=_citations(check, item, at, sources),
        headings=tuple(h.lower() for h in check.strings(item, "headings", at)),
        mentions=check.patterns(item, "mentions", at),
        min_mentions=min_mentions,
        min_elements=min_elements,
        line=check.source.line(*at),
        examples=examples,
        example_lines=example_lines,
        requires_section=requires_section,
    )


def _topic_examples(
    check: _Checker, item: dict[str, Any], at: tuple[object, ...]
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[int | None, ...]]]:
    """A topic's ``examples``: covered/weak/missing -> lists of Markdown passages.

    Unlike element examples, passages keep their line breaks: they are read as Markdown
    documents, so a heading line and list items must survive. Only trailing whitespace
    of the block is trimmed.
    """
    examples: dict[str, tuple[str, ...]] = {}
    lines: dict[str, tuple[int | None, ...]] = {}
    raw = item.get("examples")
    if raw is None:
        return examples, lines
    where = at + ("examples",)
    if not isinstance(raw, dict):
        check.add(where, "must map covered/weak/missing to lists of Markdown passages")
        return examples, lines
    check.keys(raw, TOPIC_EXAMPLE_KEYS, where, "topic examples")
    for key in TOPIC_EXAMPLE_KEYS:
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            check.add(where + (key,), "must be a list of Markdown passages")
            continue
        passages: list[str] = []
        passage_lines: list[int | None] = []
        for i, passage in enumerate(value):
            if not isinstance(passage, str) or not passage.strip():
                check.add(where + (key, i), "must be a non-empty string (a Markdown passage)")
                continue
            passages.append(passage.strip("\n").rstrip())
            passage_lines.append(check.source.line(*(where + (key, i))))
        examples[key] = tuple(passages)
        lines[key] = tuple(passage_lines)
    return examples, lines


def _element(
    check: _Checker, item: Any, at: tuple[object, ...], sources: dict[str, Any],
    *, state: str | None = None, contradictions: bool = False,
) -> Element | None:
    if not isinstance(item, dict):
        check.add(at, "an element must be a mapping")
        return None
    check.keys(item, ELEMENT_KEYS, at, "element")
    element_id = check.ident(item, "id", at)
    title = check.text(item, "title", at, required=True)
    kind = item.get("kind")
    if kind not in ELEMENT_KINDS:
        check.add(at + ("kind",), f"required: one of {', '.join(ELEMENT_KINDS)}" if kind is None else f"must be one of {', '.join(ELEMENT_KINDS)}")
        kind = "presence"
    scope = item.get("scope", "topic")
    if scope not in SCOPES:
        check.add(at + ("scope",), f"must be one of {', '.join(SCOPES)}")
        scope = "topic"
    required = item.get("required", True)
    if not isinstance(required, bool):
        check.add(at + ("required",), "must be true or false")
        required = True
    essential = item.get("essential", False)
    if not isinstance(essential, bool):
        check.add(at + ("essential",), "must be true or false")
        essential = False
    elif essential and not required:
        # an optional element never decides coverage, so it cannot be essential to it
        check.add(at + ("essential",), "an essential element must be required (required: false contradicts it)")
        essential = False
    groups: list[tuple[Pattern, ...]] = []
    raw_match = item.get("match")
    if not isinstance(raw_match, list) or not raw_match:
        check.add(at + ("match",), "required: a list of pattern groups, e.g. [[intervene, intercede]]")
    else:
        for g, group in enumerate(raw_match):
            # A bare pattern is a group of one (refinement recorded in docs/rule-schema.md).
            items = group if isinstance(group, list) else [group]
            keys = [at + ("match", g, p) for p in range(len(items))] if isinstance(group, list) else [at + ("match", g)]
            if not items:
                check.add(at + ("match", g), "an empty pattern group can never match")
                continue
            parsed = [check.pattern(p, k) for p, k in zip(items, keys)]
            groups.append(tuple(p for p in parsed if p is not None))
    examples: dict[str, tuple[str, ...]] = {}
    example_lines: dict[str, tuple[int | None, ...]] = {}
    raw_examples = item.get("examples")
    if raw_examples is not None:
        if not isinstance(raw_examples, dict):
            check.add(at + ("examples",), "must map present/hedged/absent to lists of sentences")
        else:
            check.keys(raw_examples, EXAMPLE_KEYS, at + ("examples",), "examples")
            for key in EXAMPLE_KEYS:
                if key in raw_examples:
                    examples[key] = check.strings(raw_examples, key, at + ("examples",))
                    example_lines[key] = tuple(
                        check.source.line(*(at + ("examples", key, i))) for i in range(len(examples[key]))
                    )
            if "contradicted" in raw_examples and not contradictions:
                check.add(at + ("examples", "contradicted"), "'contradicted' examples need the pack to set contradictions: true")
            elif "contradicted" in raw_examples and kind != "prohibition":
                check.add(at + ("examples", "contradicted"), "only a prohibition element can be contradicted (a permission to do what it bans)")
    citation, effective, amended_by, effective_note = _law(check, item, at, state)
    return Element(
        id=element_id,
        title=title,
        kind=kind,
        match=tuple(groups),
        description=check.text(item, "description", at),
        rationale=check.text(item, "rationale", at),
        sources=_citations(check, item, at, sources),
        required=required,
        essential=essential,
        scope=scope,
        exclude=check.patterns(item, "exclude", at),
        accept_hedges=tuple(h.lower() for h in check.strings(item, "accept_hedges", at)),
        weak_hedges=tuple(h.lower() for h in check.strings(item, "weak_hedges", at)),
        ok_exceptions=tuple(h.lower() for h in check.strings(item, "ok_exceptions", at)),
        bad_exceptions=tuple(h.lower() for h in check.strings(item, "bad_exceptions", at)),
        examples=examples,
        line=check.source.line(*at),
        example_lines=example_lines,
        citation=citation,
        effective=effective,
        amended_by=amended_by,
        effective_note=effective_note,
    )


def _law(
    check: _Checker, item: dict[str, Any], at: tuple[object, ...], state: str | None
) -> tuple[str | None, _dt.date | None, str | None, str | None]:
    """An element's statute keys. A state-law pack (``state`` set) must give citation and effective;
    another pack may not use them at all (a best-practice element cites ``sources``)."""
    used = [key for key in LAW_KEYS if key in item]
    if state is None:
        for key in used:
            check.add(at + (key,), f"'{key}' belongs to state-law packs only: set the pack's 'state' (or cite 'sources')")
        return None, None, None, None
    for key in ("citation", "effective"):
        if key not in item:
            check.add(at + (key,), f"required in a state-law pack (state: {state}): the statute and the date it took effect")
    citation = check.text(item, "citation", at) or None
    amended_by = check.text(item, "amended_by", at) or None
    note = check.text(item, "effective_note", at) or None
    return citation, check.date(item, "effective", at), amended_by, note
