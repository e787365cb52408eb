"""Token patterns that could make the Matcher slow on a hostile or unusual paragraph.

The loader refuses what can never be run safely (``REGEX``, counts over 32, more than 24
optional slots: :func:`policylint.rulebook.loader.token_pattern_problems`). What remains can
still cost far more than it should on a paragraph that repeats the pattern's words, and
``policylint rules test`` lists it as a RISK (a warning, not a failure) so a rule author can
tighten it:

* **many optional slots** (``?`` counts 1, ``{n,m}`` counts m - n): spaCy's Matcher follows
  every way of filling them, so the work per start word doubles with each slot; from
  :data:`~policylint.rulebook.loader.RISKY_OPTIONAL_SLOTS` on, a paragraph dense with the
  pattern's words costs seconds;
* an **unbounded run of any word** (``*``, ``+`` or ``{n,}`` on a token that names no words):
  the Matcher returns every (start, end) pair, so a paragraph of n words that repeats the
  words around the run gives up to n² matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .loader import RISKY_OPTIONAL_SLOTS, optional_slots
from .model import Pack, Pattern

__all__ = ["PatternRisk", "pattern_risks"]

_WORD_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "LEMMA"})


@dataclass(frozen=True)
class PatternRisk:
    location: str  # file:line of the pattern
    rule: str  # pack/topic or pack/topic/element
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.rule}: {self.message}"


def _names_words(token: dict[str, object]) -> bool:
    """Does this pattern token accept only listed words (an exact word or an ``IN`` list)?"""
    for key, value in token.items():
        if str(key).upper() not in _WORD_ATTRS:
            continue
        if isinstance(value, str):
            return True
        if isinstance(value, dict) and any(str(op).upper() in ("IN", "==") for op in value):
            return True
    return False


def _unbounded(op: object) -> bool:
    return op in ("*", "+") or (isinstance(op, str) and op.startswith("{") and op.rstrip("}").endswith(","))


def risks_of(pattern: Pattern) -> list[str]:
    """Why ``pattern`` could be slow (empty when it cannot)."""
    if pattern.form != "tokens":
        return []
    out = []
    slots = optional_slots(pattern.value)
    if slots >= RISKY_OPTIONAL_SLOTS:
        out.append(
            f"{slots} optional word slots: up to 2^{slots} = {2 ** slots:,} Matcher steps for each word that can start a "
            "match; narrow the {n,m} ranges or split the pattern"
        )
    for i, token in enumerate(pattern.value):
        if isinstance(token, dict) and _unbounded(token.get("OP")) and not _names_words(token):
            out.append(
                f"token {i} is an unbounded run of any word (OP {token.get('OP')!r}): a paragraph that repeats the words "
                "around it gives a match for every pair of them; use {0,N} or an IN list"
            )
    return out


def _patterns(pack: Pack) -> Iterator[tuple[str, Pattern]]:
    for topic in pack.topics:
        for pattern in topic.mentions:
            yield f"{pack.id}/{topic.id}", pattern
        for element in topic.elements:
            rule = f"{pack.id}/{topic.id}/{element.id}"
            for group in element.match:
                for pattern in group:
                    yield rule, pattern
            for pattern in element.exclude:
                yield rule, pattern


def pattern_risks(packs: list[Pack]) -> list[PatternRisk]:
    """Every risky token pattern of ``packs``, once per place it is written."""
    out: list[PatternRisk] = []
    seen: set[tuple[str, int | None, str]] = set()
    for pack in packs:
        for rule, pattern in _patterns(pack):
            for message in risks_of(pattern):
                key = (pack.path, pattern.line, message)
                if key in seen:
                    continue  # an aliased pattern used by several elements: reported where it is written
                seen.add(key)
                where = f"{pack.path}:{pattern.line}" if pattern.line else pack.path
                out.append(PatternRisk(where, rule, message))
    return out
