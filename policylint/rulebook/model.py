"""Typed records for loaded rule packs (see docs/rule-schema.md for the YAML form).

The loader turns validated YAML into these frozen records; the compiler and engine
read only these. ``line`` fields point back into the YAML so later checks (rules test,
config cross-references) can cite file:line too.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from ..results import Severity

__all__ = [
    "Pattern", "Element", "Topic", "Pack", "ELEMENT_KINDS", "SCOPES", "TOPIC_EXAMPLE_STATUSES",
    "ELEMENT_EXAMPLE_STATUSES",
]

ELEMENT_KINDS = ("mandate", "prohibition", "presence")
SCOPES = ("topic", "document")
#: Buckets of a topic's ``examples``: the topic status each passage must come out with.
#: ``contradicted`` only in packs with ``contradictions: true``.
TOPIC_EXAMPLE_STATUSES = ("covered", "weak", "missing", "contradicted")
#: Buckets of an element's ``examples``; ``contradicted`` only in packs with ``contradictions: true``.
ELEMENT_EXAMPLE_STATUSES = ("present", "hedged", "absent", "contradicted")


@dataclass(frozen=True)
class Pattern:
    """One pattern: ``phrase`` (LOWER), ``lemma`` (LEMMA words), ``tokens`` (Matcher pattern),
    ``term`` (every inflection, hyphenation and spacing of a phrase; ``exact``: no inflection)
    or ``concept`` (a named concept of the shared lexicon)."""

    form: str  # "phrase" | "lemma" | "tokens" | "term" | "exact" | "concept"
    value: Any  # str for phrase/lemma/term/exact/concept, list[dict] for tokens
    line: int | None = None

    @property
    def text(self) -> str:
        """Human form, used in docs and reasons."""
        if self.form == "phrase":
            return str(self.value)
        if self.form in ("lemma", "term", "exact", "concept"):
            return f"{self.form}:{self.value}"
        return f"tokens:{self.value}"

    def key(self) -> tuple[str, str]:
        """Identity for de-duplication across rules."""
        return (self.form, repr(self.value))


@dataclass(frozen=True)
class Element:
    id: str
    title: str
    kind: str
    match: tuple[tuple[Pattern, ...], ...]
    description: str = ""
    rationale: str = ""
    sources: tuple[str, ...] = ()
    required: bool = True
    essential: bool = False  # the topic is never COVERED while this element is not present
    scope: str = "topic"
    exclude: tuple[Pattern, ...] = ()
    accept_hedges: tuple[str, ...] = ()
    weak_hedges: tuple[str, ...] = ()
    ok_exceptions: tuple[str, ...] = ()
    bad_exceptions: tuple[str, ...] = ()
    #: Where the rule must stand (see docs/rule-schema.md, "Context"): a candidate needs a
    #: ``context_require`` hit in its sentence, its lead-in or its section titles, and is
    #: rejected by a ``context_reject`` hit there unless its own sentence holds a required one.
    context_require: tuple[Pattern, ...] = ()
    context_reject: tuple[Pattern, ...] = ()
    #: Words the rule must state to be present (its sentence or lead-in): without any of them a
    #: candidate that would be present is hedged ("does not state ..."): "record the driver's
    #: race" is weak on a rule that asks for the officer's *perception* of race.
    must_state: tuple[Pattern, ...] = ()
    #: Parts the rule must cover, by name ("airway holds", "vascular restraints"): each part
    #: needs a binding sentence that names it; binding sentences that name only some parts
    #: make the element hedged ("covers airway holds, not vascular restraints"). One sentence
    #: may name several parts, or a word that names all of them ("neck restraints").
    must_cover: tuple[tuple[str, tuple[Pattern, ...]], ...] = ()
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    line: int | None = None
    example_lines: dict[str, tuple[int | None, ...]] = field(default_factory=dict)
    #: State-law packs: the statute the element encodes ("Cal. Gov. Code 7286(b)"), the date
    #: the requirement took effect, the amending act that added it, and what was not verified.
    citation: str | None = None
    effective: _dt.date | None = None
    amended_by: str | None = None
    effective_note: str | None = None

    def in_force(self, on: _dt.date) -> bool:
        """Was this requirement law on ``on``? (Always, for an element without a date.)"""
        return self.effective is None or self.effective <= on


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    severity: Severity
    weak_severity: Severity
    elements: tuple[Element, ...] = ()
    description: str = ""
    rationale: str = ""
    sources: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    mentions: tuple[Pattern, ...] = ()
    min_mentions: int = 2
    min_elements: int | None = None  # None: every required element
    line: int | None = None
    #: covered/weak/missing -> Markdown passages that must come out with that topic status
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    example_lines: dict[str, tuple[int | None, ...]] = field(default_factory=dict)
    #: State-law packs: the statute governs a policy of its own (a body-worn-camera policy), so
    #: without a section dedicated to the topic it is MISSING, whatever other chapters say.
    requires_section: bool = False

    @property
    def required_elements(self) -> tuple[Element, ...]:
        return tuple(e for e in self.elements if e.required)

    @property
    def essential_elements(self) -> tuple[Element, ...]:
        """Required elements without which the topic is never COVERED."""
        return tuple(e for e in self.elements if e.required and e.essential)

    @property
    def needed(self) -> int:
        """How many required elements must be present for COVERED."""
        required = len(self.required_elements)
        return required if self.min_elements is None else min(self.min_elements, required)


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    version: str
    path: str
    topics: tuple[Topic, ...] = ()
    description: str = ""
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity: Severity = Severity.ERROR
    weak_severity: Severity = Severity.WARNING
    line: int | None = None
    #: The lexicon its ``{concept: ...}`` patterns were resolved against (None: none used).
    lexicon: Any = field(default=None, compare=False, repr=False)
    #: A state-law pack names its state (two-letter code, "ca"): config ``state: ca`` selects
    #: it, and every element must carry ``citation`` and ``effective``.
    state: str | None = None
    #: Opt-in to the CONTRADICTED status (a permission to do what a prohibition element bans).
    #: The best-practice packs leave it off and keep their present/hedged/absent contract.
    contradictions: bool = False

    def topic(self, topic_id: str) -> Topic | None:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        return None

    def cite(self, citation: str) -> str:
        """``"TF 2.2"`` -> ``"Final Report ... (COPS Office, 2015), 2.2"`` using the pack's sources."""
        key, _, pinpoint = citation.partition(" ")
        source = self.sources.get(key)
        if not source:
            return citation
        title = str(source.get("title", key))
        extra = ", ".join(str(source[k]) for k in ("publisher", "year") if source.get(k))
        out = f"{title} ({extra})" if extra else title
        if pinpoint:
            out += f", {pinpoint}"
        return out
