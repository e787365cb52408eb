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
from ..safeload import LoadError, YamlProblem, YamlSource, load_yaml, short
from .lexicon import EMPTY_LEXICON, Lexicon, is_lexicon_data, token_pattern_errors
from .model import ELEMENT_EXAMPLE_STATUSES, ELEMENT_KINDS, SCOPES, TOPIC_EXAMPLE_STATUSES, Element, Pack, Pattern, Topic

__all__ = [
    "RuleError", "load_pack_file", "parse_pack", "PACK_KEYS", "TOPIC_KEYS", "ELEMENT_KEYS",
    "token_pattern_problems", "optional_slots", "RISKY_OPTIONAL_SLOTS",
]

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
    "exclude", "accept_hedges", "weak_hedges", "ok_exceptions", "bad_exceptions", "context", "must_state", "must_cover",
    "examples", "citation", "effective", "amended_by", "effective_note",
)
CONTEXT_KEYS = ("require", "reject")
#: Element keys that only a state-law pack (one with ``state``) needs; ``citation`` and
#: ``effective`` are required there.
LAW_KEYS = ("citation", "effective", "amended_by", "effective_note")
EXAMPLE_KEYS = ELEMENT_EXAMPLE_STATUSES
# Minimum counts are checked by ``rules test`` (engine/examples.py), not here, so a topic can be drafted.
TOPIC_EXAMPLE_KEYS = TOPIC_EXAMPLE_STATUSES
PATTERN_KEYS = ("lemma", "tokens", "term", "exact", "concept")

#: Token attributes a pattern may test: those a blank (tokenizer-only) pipeline sets. POS, TAG,
#: DEP, MORPH, ENT_* and sentence starts need a statistical model policylint never loads: a
#: pattern on them would silently never match.
TOKEN_ATTRS = frozenset({
    "ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "SHAPE", "PREFIX", "SUFFIX", "LENGTH", "SPACY",
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
    "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
    "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "OP",
})
#: Most words one ``{n}``/``{n,m}`` operator may repeat (the shipped packs use at most 14).
MAX_REPEAT = 32
#: Most optional word slots in one token pattern (``?`` counts 1, ``{n,m}`` counts m - n).
#: spaCy's Matcher tries every way of filling them, so the work per candidate start word
#: doubles with each slot: 24 slots is 2**24 (~17 million) steps per start word. The shipped
#: packs use at most 19; `policylint rules test` warns from RISKY_OPTIONAL_SLOTS on.
MAX_OPTIONAL_SLOTS = 24
RISKY_OPTIONAL_SLOTS = 12
#: Most tokens in one token pattern, and most words in one phrase (the shipped packs: 8 and 7).
MAX_PATTERN_TOKENS = 64
_COUNT_OP = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


def optional_slots(pattern: list[Any]) -> int:
    """Optional word slots of a token pattern: ``?`` is 1, ``{n,m}`` is m - n, ``{,m}`` is m."""
    slots = 0
    for token in pattern:
        op = token.get("OP") if isinstance(token, dict) else None
        if op == "?":
            slots += 1
        elif isinstance(op, str) and (m := _COUNT_OP.match(op)) and m.group(2):
            low = int(m.group(1) or 0)
            high = int(m.group(3)) if m.group(3) else low
            slots += max(0, high - low)
    return slots


def _regex_keys(value: object, depth: int = 0) -> list[tuple[object, ...]]:
    """Key paths of every ``REGEX`` predicate in a token's attribute value (``FUZZY`` may nest one)."""
    if not isinstance(value, dict) or depth > 3:
        return []
    found: list[tuple[object, ...]] = []
    for key, inner in value.items():
        if str(key).upper() == "REGEX":
            found.append((key,))
        found += [(key,) + rest for rest in _regex_keys(inner, depth + 1)]
    return found


def token_pattern_problems(pattern: list[Any]) -> list[tuple[tuple[object, ...], str]]:
    """(key path inside the pattern, problem) for what spaCy accepts but a linter must not run.

    * ``REGEX``: a regular expression can backtrack catastrophically (``(a+)+$`` on a long
      word runs for hours) and Python's ``re`` has no time limit; use ``IN`` lists, which
      are exact and fast.
    * attributes a blank pipeline never sets (see :data:`TOKEN_ATTRS`), and custom ``_``
      extensions (none are registered).
    * ``{n,m}`` counts over :data:`MAX_REPEAT`, more than :data:`MAX_OPTIONAL_SLOTS` optional
      slots, or more than :data:`MAX_PATTERN_TOKENS` tokens: the Matcher's work or memory
      grows exponentially with them (``{0,5000}`` exhausts memory on a short paragraph).
    """
    out: list[tuple[tuple[object, ...], str]] = []
    if len(pattern) > MAX_PATTERN_TOKENS:
        out.append(((), f"{len(pattern)} tokens; a token pattern may have at most {MAX_PATTERN_TOKENS}"))
    for i, token in enumerate(pattern):
        if not isinstance(token, dict):
            continue
        for attr, value in token.items():
            name = str(attr).upper()
            if name not in TOKEN_ATTRS:
                why = "custom extension attributes are not available" if name == "_" else (
                    "needs a statistical model policylint does not load, so it would never match"
                )
                out.append(((i, attr), f"token attribute {short(attr, 40, quote=False)}: {why}"))
                continue
            for keys in _regex_keys(value):
                out.append((
                    (i, attr) + keys,
                    "REGEX is not allowed: a regular expression can backtrack catastrophically on a "
                    "long word (there is no time limit); list the words with IN (or use a {lemma: ...} pattern)",
                ))
            if name == "OP" and isinstance(value, str) and (m := _COUNT_OP.match(value)):
                counts = [int(g) for g in (m.group(1), m.group(3)) if g]
                if any(c > MAX_REPEAT for c in counts):
                    out.append(((i, attr), f"{value}: a count may be at most {MAX_REPEAT} words"))
    slots = optional_slots(pattern)
    if slots > MAX_OPTIONAL_SLOTS:
        out.append((
            (),
            f"{slots} optional word slots ('?' and {{n,m}} operators); at most {MAX_OPTIONAL_SLOTS}: the Matcher's "
            f"work per start word doubles with each one",
        ))
    return out


class RuleError(Exception):
    """Every problem found while loading rule packs, reported at once."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Checker:
    """Collects problems for one file while walking its data."""

    def __init__(self, source: YamlSource, lexicon: Lexicon | None = None) -> None:
        self.source = source
        self.lexicon = lexicon if lexicon is not None else EMPTY_LEXICON
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
            self.add(at + (key,), f"invalid id {short(value)}: use lower-case letters, digits and dashes")
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
            if len(words) > MAX_PATTERN_TOKENS:
                self.add(at, f"a phrase of {len(words)} words; at most {MAX_PATTERN_TOKENS}")
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
                if len(value.split()) > MAX_PATTERN_TOKENS:
                    self.add(at + (form,), f"a phrase of {len(value.split())} words; at most {MAX_PATTERN_TOKENS}")
                    return None
                return Pattern("lemma", " ".join(value.split()).lower(), line)
            if form in ("term", "exact"):
                if not isinstance(value, str) or not value.split():
                    self.add(at + (form,), f"{'a term' if form == 'term' else 'an exact phrase'} is a non-empty phrase")
                    return None
                return Pattern(form, " ".join(value.split()).lower(), line)
            if form == "concept":
                if not isinstance(value, str) or value not in self.lexicon.concepts:
                    known = sorted(self.lexicon.concepts)
                    close = _close_match(str(value), tuple(known))
                    hint = f" (did you mean '{close}'?)" if close else f" ({len(known)} concepts in {', '.join(self.lexicon.paths) or 'no lexicon'})"
                    self.add(at + (form,), f"unknown concept '{value}'{hint}")
                    return None
                return Pattern("concept", value, line)
            if form == "tokens":
                errors = token_pattern_errors(value, refusals=False)
                for error in errors:
                    self.add(at + (form,), f"bad token pattern: {error}")
                if errors:
                    return None
                refused = token_pattern_problems(value)
                for keys, message in refused:
                    self.add(at + (form,) + keys, message)
                return None if refused else Pattern("tokens", value, line)
            self.add(at + (form,), "unknown pattern form; use a phrase string, {concept: ...}, {term: ...}, {exact: ...}, {lemma: ...} or {tokens: [...]}")
            return None
        self.add(at, "a pattern is a phrase string, {concept: name}, {term: phrase}, {lemma: phrase} or {tokens: [token patterns]}")
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


def load_pack_file(path: str | Path, lexicon: Lexicon | None = None) -> tuple[Pack | None, list[YamlProblem]]:
    """Parse and validate one pack file. Returns (pack or None, problems).

    ``lexicon`` resolves ``{concept: ...}`` patterns; by default the shipped lexicon.
    """
    try:
        source = load_yaml(path, what="rule pack")
    except LoadError as exc:
        return None, [exc.problem]
    return parse_pack(source, lexicon)


def parse_pack(source: YamlSource, lexicon: Lexicon | None = None) -> tuple[Pack | None, list[YamlProblem]]:
    """Validate parsed YAML as a pack. The pack is None when any problem was found."""
    if lexicon is None:
        from .lexicon import shipped_lexicon

        try:
            lexicon = shipped_lexicon()
        except RuleError as exc:
            return None, list(exc.problems)
    if is_lexicon_data(source.data):
        return None, [source.problem(("lexicon",), "this is a lexicon file, not a rule pack (load it with the packs' folder)")]
    check = _Checker(source, lexicon)
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
        line=source.line("pack"), lexicon=lexicon, state=state, contradictions=contradictions,
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


def _must_cover(check: _Checker, item: dict[str, Any], at: tuple[object, ...]) -> tuple[tuple[str, tuple[Pattern, ...]], ...]:
    """``must_cover``: a mapping of part names to pattern lists; two parts at least (one part
    is ``must_state``)."""
    raw = item.get("must_cover")
    if raw is None:
        return ()
    if not isinstance(raw, dict) or len(raw) < 2:
        check.add(at + ("must_cover",), "must map two or more part names to pattern lists, e.g. {airway holds: [...], vascular restraints: [...]}")
        return ()
    parts: list[tuple[str, tuple[Pattern, ...]]] = []
    for name in raw:
        if not isinstance(name, str) or not name.strip():
            check.add(at + ("must_cover",), f"a part name must be a non-empty string, not {name!r}")
            continue
        patterns = check.patterns(raw, name, at + ("must_cover",))
        if not patterns:
            check.add(at + ("must_cover", name), "a part needs at least one pattern")
            continue
        parts.append((name.strip(), patterns))
    return tuple(parts)


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
    context = _context(check, item, at)
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
        accept_hedges=_accept_hedges(check, item, at),
        weak_hedges=tuple(h.lower() for h in check.strings(item, "weak_hedges", at)),
        ok_exceptions=tuple(h.lower() for h in check.strings(item, "ok_exceptions", at)),
        bad_exceptions=tuple(h.lower() for h in check.strings(item, "bad_exceptions", at)),
        context_require=context[0],
        context_reject=context[1],
        must_state=check.patterns(item, "must_state", at),
        must_cover=_must_cover(check, item, at),
        examples=examples,
        line=check.source.line(*at),
        example_lines=example_lines,
        citation=citation,
        effective=effective,
        amended_by=amended_by,
        effective_note=effective_note,
    )


def _accept_hedges(check: _Checker, item: dict[str, Any], at: tuple[object, ...]) -> tuple[str, ...]:
    """``accept_hedges``: phrases, or ``{family: NAME}`` for a whole hedge family of the lexicon.

    Families are kept as ``family:NAME`` strings; the compiler expands them (and adds the
    family of every accepted phrase, see :meth:`Lexicon.expand_accepted`).
    """
    raw = item.get("accept_hedges")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raw = [raw]
    out: list[str] = []
    for i, value in enumerate(raw):
        where = at + ("accept_hedges", i)
        if isinstance(value, str) and value.split():
            out.append(" ".join(value.lower().split()))
        elif isinstance(value, dict) and set(value) == {"family"}:
            name = value["family"]
            if not isinstance(name, str) or name not in check.lexicon.hedges:
                known = ", ".join(sorted(check.lexicon.hedges)) or "none"
                check.add(where + ("family",), f"unknown hedge family '{name}' (known: {known})")
            else:
                out.append(f"family:{name}")
        else:
            check.add(where, "must be a phrase or {family: NAME}")
    return tuple(out)


def _context(check: _Checker, item: dict[str, Any], at: tuple[object, ...]) -> tuple[tuple[Pattern, ...], tuple[Pattern, ...]]:
    """``context: {require: [patterns], reject: [patterns]}`` (both optional)."""
    raw = item.get("context")
    if raw is None:
        return (), ()
    if not isinstance(raw, dict) or not raw:
        check.add(at + ("context",), "must be a mapping with require and/or reject pattern lists")
        return (), ()
    check.keys(raw, CONTEXT_KEYS, at + ("context",), "context")
    return check.patterns(raw, "require", at + ("context",)), check.patterns(raw, "reject", at + ("context",))


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
