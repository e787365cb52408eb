"""The shared lexicon: named concepts and hedge families that every rule pack can use.

Departments say the same thing in many words: force is also "response to resistance",
pointing a firearm is also drawing, displaying or aiming it, a chokehold is also an airway
restriction. A rule that lists its own phrases repeats (and forgets) that vocabulary, so
rules name **concepts** instead (``{concept: firearm-pointing}``) and the vocabulary is
written, reviewed and tested once, in a lexicon file (``rules/concepts.yaml`` ships with
policylint; a folder passed with ``--rules`` may add its own).

A lexicon file::

    lexicon: shared
    version: "1.0.0"
    description: ...
    concepts:
      deadly-force:
        description: Force likely to cause death or serious bodily injury.
        terms: [deadly force, lethal force]     # by lemma; hyphen, spacing and case insensitive
        exact: [dpf]                            # hyphen, spacing and case insensitive; no inflection
        tokens: [[{LOWER: deadly}, {OP: "?"}, {LOWER: force}]]   # spaCy Matcher token patterns
        include: [firearm-discharge]            # every pattern of another concept
    hedges:
      feasibility:
        description: The officer need act only when it can reasonably be done.
        phrases: [when feasible, if practicable, when safe to do so]

Terms: "de-escalation" also matches "de escalation" and "deescalation"; "use of force" also
matches "use-of-force"; every word but the function words matches every form of its word
family ("warn" matches warns, warned, warning, warnings). See :mod:`policylint.rulebook.terms`.

Hedge families: every hedge phrase belongs to a family of phrases that mean the same thing.
The global hedges (that weaken any mandate) are the union of the families; an element that
accepts one member of a family (``accept_hedges: [when feasible]``) accepts the whole family,
and may name one directly (``accept_hedges: [{family: feasibility}]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..safeload import LoadError, YamlProblem, YamlSource, load_yaml
from .model import Pattern

__all__ = [
    "Concept",
    "HedgeFamily",
    "Lexicon",
    "LEXICON_KEYS",
    "is_lexicon_data",
    "parse_lexicon",
    "load_lexicon_file",
    "merge_lexicons",
    "shipped_lexicon",
    "EMPTY_LEXICON",
    "token_pattern_errors",
]

LEXICON_KEYS = ("lexicon", "version", "description", "concepts", "hedges")
CONCEPT_KEYS = ("description", "terms", "exact", "tokens", "include")
FAMILY_KEYS = ("description", "phrases")
SHIPPED_FILE = "concepts.yaml"


@dataclass(frozen=True)
class Concept:
    """A named piece of vocabulary: its own patterns plus the concepts it includes."""

    name: str
    description: str
    patterns: tuple[Pattern, ...]
    includes: tuple[str, ...] = ()
    path: str = ""
    line: int | None = None


@dataclass(frozen=True)
class HedgeFamily:
    """Qualifiers that weaken a duty in the same way ("when feasible", "if practicable")."""

    name: str
    description: str
    phrases: tuple[str, ...]
    path: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Lexicon:
    """Concepts and hedge families by name."""

    concepts: Mapping[str, Concept] = field(default_factory=dict)
    hedges: Mapping[str, HedgeFamily] = field(default_factory=dict)
    paths: tuple[str, ...] = ()

    def __hash__(self) -> int:  # identity: lexicons are built once per run and shared
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def patterns(self, name: str) -> tuple[Pattern, ...]:
        """Every pattern of concept ``name``, its includes expanded (each pattern once)."""
        return _flatten(self, name)

    def family_of(self, phrase: str) -> HedgeFamily | None:
        """The hedge family holding ``phrase`` (lower-case, whitespace-normalised), if any."""
        return _member_index(self).get(" ".join(phrase.lower().split()))

    @property
    def global_hedges(self) -> tuple[str, ...]:
        """Every hedge phrase of every family, in file order (each once)."""
        seen: dict[str, None] = {}
        for family in self.hedges.values():
            for phrase in family.phrases:
                seen.setdefault(phrase, None)
        return tuple(seen)

    def expand_accepted(self, phrases: Iterable[str]) -> tuple[str, ...]:
        """``accept_hedges`` with every family a phrase belongs to added whole.

        ``family:NAME`` entries (how the loader stores ``{family: NAME}``) stand for the
        family itself.
        """
        out: dict[str, None] = {}
        for phrase in phrases:
            if phrase.startswith("family:"):
                family = self.hedges.get(phrase[len("family:") :])
                members = family.phrases if family is not None else ()
            else:
                out.setdefault(phrase, None)
                family = self.family_of(phrase)
                members = family.phrases if family is not None else ()
            for member in members:
                out.setdefault(member, None)
        return tuple(out)


EMPTY_LEXICON = Lexicon()


@lru_cache(maxsize=64)
def _member_index(lexicon: Lexicon) -> dict[str, HedgeFamily]:
    index: dict[str, HedgeFamily] = {}
    for family in lexicon.hedges.values():
        for phrase in family.phrases:
            index.setdefault(phrase, family)
    return index


def _flatten(lexicon: Lexicon, name: str) -> tuple[Pattern, ...]:
    out: dict[tuple[str, str], Pattern] = {}
    stack, seen = [name], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        concept = lexicon.concepts.get(current)
        if concept is None:
            continue
        for pattern in concept.patterns:
            out.setdefault(pattern.key(), pattern)
        stack.extend(reversed(concept.includes))
    return tuple(out.values())


_STRING_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "LEMMA", "NORM", "SHAPE", "PREFIX", "SUFFIX", "POS", "TAG", "DEP", "ENT_TYPE"})


def _yaml_booleans(pattern: list[Any]) -> list[bool]:
    """Booleans where a word belongs: YAML 1.1 reads a bare on/off/yes/no as true/false.

    (``IS_PUNCT: false`` and ``LIKE_NUM: true`` are real booleans and are left alone.)
    """
    found: list[bool] = []
    for token in pattern:
        if not isinstance(token, dict):
            continue
        for key, value in token.items():
            if str(key).upper() not in _STRING_ATTRS:
                continue
            values = [value] if not isinstance(value, dict) else [v for vs in value.values() for v in (vs if isinstance(vs, list) else [vs])]
            found += [v for v in values if isinstance(v, bool)]
    return found


#: Token attributes whose value spaCy's schema takes as a string or ``{IN|NOT_IN: [strings]}``,
#: and flags it takes as a bool: what :func:`_plainly_valid` accepts without asking spaCy.
_PLAIN_STRING_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "LEMMA", "NORM"})
_PLAIN_SET_KEYS = frozenset({"IN", "NOT_IN"})
_PLAIN_FLAGS = frozenset({
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
    "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "IS_STOP", "LIKE_NUM",
})
_PLAIN_OP = re.compile(r"[+*?!]|\{[0-9]+\}|\{[0-9]+,[0-9]*\}|\{[0-9]*,[0-9]+\}")


def _plainly_valid(pattern: list[Any]) -> bool:
    """Is every token of ``pattern`` of the few plain shapes spaCy's schema surely accepts?

    Validating with spaCy (``spacy.schemas``) imports all of spaCy: half a second of a run
    that, with every result cached, never matches a word. The shipped lexicons use only
    these shapes, so they load without it. This is a strict subset of the schema: anything
    else (another attribute, a lower-case key, an empty token, a number) goes to spaCy,
    which has the last word (``tests/unit/test_token_pattern_validation.py`` checks every shipped pattern
    and generated ones against it).
    """
    for token in pattern:
        if type(token) is not dict or not token:
            return False
        for key, value in token.items():
            if key in _PLAIN_STRING_ATTRS:
                if type(value) is str:
                    continue
                if type(value) is not dict or not value or not value.keys() <= _PLAIN_SET_KEYS:
                    return False
                if not all(type(v) is list and all(type(w) is str for w in v) for v in value.values()):
                    return False
            elif key in _PLAIN_FLAGS:
                if type(value) is not bool:
                    return False
            elif key == "OP":
                if type(value) is not str or not _PLAIN_OP.fullmatch(value):
                    return False
            else:
                return False
    return True


def token_pattern_errors(pattern: Any, *, refusals: bool = True) -> list[str]:
    """Problems with one spaCy Matcher token pattern, in words a rule author can act on.

    ``refusals=False`` leaves out policylint's own refusals (REGEX, unset attributes, too many
    optional slots), for a caller that reports those itself with the key of the token.
    """
    from .loader import token_pattern_problems

    if not isinstance(pattern, list) or not pattern:
        return ["must be a non-empty list"]
    if _yaml_booleans(pattern):
        return ["YAML read a bare on, off, yes or no as true/false: quote the word (\"on\")"]
    if _plainly_valid(pattern):
        errors: list[str] = []
    else:
        from .._spacy import import_spacy

        import_spacy()  # (without spaCy's CLI, as everywhere: policylint/_spacy.py)
        from spacy.schemas import validate_token_pattern

        errors = [str(e) for e in validate_token_pattern(pattern)]
    if errors or not refusals:
        return errors
    # the same refusals as a pack's patterns: no REGEX, no attribute a blank pipeline never
    # sets, bounded optional slots (policylint/rulebook/loader.py)
    return [message for _keys, message in token_pattern_problems(pattern)]


def is_lexicon_data(data: Any) -> bool:
    """Is parsed YAML a lexicon file (rather than a rule pack)?"""
    return isinstance(data, dict) and "lexicon" in data and "pack" not in data


def _phrases(value: Any, where: tuple[object, ...], source: YamlSource, problems: list[YamlProblem]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.split() for v in value):
        problems.append(source.problem(where, "must be a list of non-empty phrases"))
        return ()
    return tuple(" ".join(v.lower().split()) for v in value)


def parse_lexicon(source: YamlSource) -> tuple[Lexicon | None, list[YamlProblem]]:
    """Validate one lexicon file. Include names are checked by :func:`merge_lexicons`."""
    problems: list[YamlProblem] = []
    data = source.data
    if not isinstance(data, dict):
        return None, [source.problem((), "a lexicon must be a mapping with lexicon, version, concepts")]
    for key in data:
        if key not in LEXICON_KEYS:
            problems.append(source.problem((key,), f"unknown key (allowed: {', '.join(LEXICON_KEYS)})"))
    concepts: dict[str, Concept] = {}
    raw = data.get("concepts") or {}
    if not isinstance(raw, dict):
        problems.append(source.problem(("concepts",), "must map concept names to {terms, exact, tokens, include}"))
        raw = {}
    for name, body in raw.items():
        at: tuple[object, ...] = ("concepts", name)
        if not isinstance(name, str) or not name or not all(c.isalnum() or c == "-" for c in name) or name != name.lower():
            problems.append(source.problem(at, "a concept name is lower-case letters, digits and dashes"))
            continue
        if not isinstance(body, dict):
            problems.append(source.problem(at, "must be a mapping with terms, exact, tokens or include"))
            continue
        for key in body:
            if key not in CONCEPT_KEYS:
                problems.append(source.problem(at + (key,), f"unknown key (allowed: {', '.join(CONCEPT_KEYS)})"))
        patterns: list[Pattern] = []
        for form in ("terms", "exact"):
            for i, phrase in enumerate(_phrases(body.get(form), at + (form,), source, problems)):
                patterns.append(Pattern("term" if form == "terms" else "exact", phrase, source.line(*(at + (form, i)))))
        tokens = body.get("tokens") or []
        if not isinstance(tokens, list):
            problems.append(source.problem(at + ("tokens",), "must be a list of token patterns"))
            tokens = []
        for i, pattern in enumerate(tokens):
            errors = token_pattern_errors(pattern)
            for error in errors:
                problems.append(source.problem(at + ("tokens", i), f"bad token pattern: {error}"))
            if not errors:
                patterns.append(Pattern("tokens", pattern, source.line(*(at + ("tokens", i)))))
        includes = body.get("include") or []
        if not isinstance(includes, list) or not all(isinstance(x, str) for x in includes):
            problems.append(source.problem(at + ("include",), "must be a list of concept names"))
            includes = []
        if not patterns and not includes:
            problems.append(source.problem(at, "a concept needs at least one term, exact phrase, token pattern or include"))
        concepts[name] = Concept(
            name=name, description=str(body.get("description") or ""), patterns=tuple(patterns),
            includes=tuple(includes), path=source.path, line=source.line(*at),
        )
    hedges: dict[str, HedgeFamily] = {}
    raw_hedges = data.get("hedges") or {}
    if not isinstance(raw_hedges, dict):
        problems.append(source.problem(("hedges",), "must map family names to {description, phrases}"))
        raw_hedges = {}
    for name, body in raw_hedges.items():
        at = ("hedges", name)
        if not isinstance(body, dict):
            problems.append(source.problem(at, "must be a mapping with description and phrases"))
            continue
        for key in body:
            if key not in FAMILY_KEYS:
                problems.append(source.problem(at + (key,), f"unknown key (allowed: {', '.join(FAMILY_KEYS)})"))
        phrases = _phrases(body.get("phrases"), at + ("phrases",), source, problems)
        if not phrases:
            problems.append(source.problem(at + ("phrases",), "required: a non-empty list of phrases"))
        hedges[str(name)] = HedgeFamily(str(name), str(body.get("description") or ""), phrases, source.path, source.line(*at))
    if problems:
        return None, problems
    return Lexicon(concepts, hedges, (source.path,)), []


def load_lexicon_file(path: str | Path) -> tuple[Lexicon | None, list[YamlProblem]]:
    try:
        source = load_yaml(path, what="lexicon")
    except LoadError as exc:
        return None, [exc.problem]
    return parse_lexicon(source)


def merge_lexicons(lexicons: Iterable[Lexicon]) -> tuple[Lexicon, list[YamlProblem]]:
    """One lexicon from several; duplicate names, unknown includes and include cycles are problems."""
    concepts: dict[str, Concept] = {}
    hedges: dict[str, HedgeFamily] = {}
    paths: list[str] = []
    problems: list[YamlProblem] = []
    for lexicon in lexicons:
        paths.extend(lexicon.paths)
        for name, concept in lexicon.concepts.items():
            if name in concepts:
                problems.append(YamlProblem(concept.path, concept.line, f"concepts.{name}", f"duplicate concept (also in {concepts[name].path})"))
                continue
            concepts[name] = concept
        for name, family in lexicon.hedges.items():
            if name in hedges:
                problems.append(YamlProblem(family.path, family.line, f"hedges.{name}", f"duplicate hedge family (also in {hedges[name].path})"))
                continue
            hedges[name] = family
    for concept in concepts.values():
        for name in concept.includes:
            if name not in concepts:
                problems.append(YamlProblem(concept.path, concept.line, f"concepts.{concept.name}.include", f"unknown concept '{name}'"))
    problems += _cycles(concepts)
    return Lexicon(concepts, hedges, tuple(paths)), problems


def _cycles(concepts: Mapping[str, Concept]) -> list[YamlProblem]:
    """A concept that includes itself (directly or not) is a problem: it names nothing new."""
    problems = []
    for concept in concepts.values():
        stack, seen = list(concept.includes), set()
        while stack:
            name = stack.pop()
            if name == concept.name:
                problems.append(YamlProblem(concept.path, concept.line, f"concepts.{concept.name}.include", "includes itself (through its includes)"))
                break
            if name in seen or name not in concepts:
                continue
            seen.add(name)
            stack.extend(concepts[name].includes)
    return problems


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The lexicon shipped beside the packs (empty when there is none); raises RuleError if broken."""
    from .loader import RuleError
    from .packs import shipped_dir

    folder = shipped_dir()
    path = folder / SHIPPED_FILE if folder is not None else None
    if path is None or not path.is_file():
        return EMPTY_LEXICON
    lexicon, problems = load_lexicon_file(path)
    if lexicon is not None:
        lexicon, problems = merge_lexicons([lexicon])
    if problems or lexicon is None:
        raise RuleError(problems)
    return lexicon
