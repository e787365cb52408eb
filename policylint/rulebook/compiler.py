"""Compile every loaded rule into one PhraseMatcher and a few gated Matchers for the whole run.

Each pattern *use* is a slot: (element, group) for ``match``, element for ``exclude``,
topic for ``mentions``. Matches map back to slots:

* literal phrases -> one PhraseMatcher on ``LOWER``, one key per distinct phrase;
* ``{lemma: ...}`` phrases -> merged: every lemma phrase of length n becomes part of ONE
  Matcher pattern ``[{LEMMA: {IN: [...]}}] * n`` (300 separate token patterns cost ~30x
  more than a few merged ones); a hit is mapped back by looking up the span's lemmas;
* ``{tokens: [...]}`` patterns -> one Matcher key each (these are few by nature).

Matcher patterns are grouped by a word each must contain (its *gate*); a block runs only
through the groups whose gate word it holds, and lemmas are computed only for such blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import numpy

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from ..engine.modality import HedgeRules, compile_hedges
from .model import Element, Pack, Pattern, Topic

__all__ = ["CompiledRules", "TopicRef", "ElementRef", "Slot", "compile_rules"]


@dataclass(frozen=True)
class TopicRef:
    index: int
    pack: Pack
    topic: Topic
    heading_re: re.Pattern[str] | None

    @property
    def rule_id(self) -> str:
        return f"{self.pack.id}/{self.topic.id}"


@dataclass(frozen=True)
class ElementRef:
    index: int
    topic_index: int
    element: Element
    hedges: HedgeRules

    @property
    def groups(self) -> int:
        return len(self.element.match)


@dataclass(frozen=True, slots=True)
class Slot:
    role: str  # "match" | "exclude" | "mention"
    target: int  # element index (match, exclude) or topic index (mention)
    group: int = 0


@dataclass
class CompiledRules:
    """Matchers plus the tables that map a hit back to the rules it serves."""

    nlp: Language
    packs: tuple[Pack, ...]
    topics: list[TopicRef]
    elements: list[ElementRef]
    slots: list[Slot]
    phrase_matcher: PhraseMatcher
    phrase_slots: dict[int, list[int]] = field(default_factory=dict)  # match_id -> slots
    lemma_slots: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    lemma_keys: set[int] = field(default_factory=set)
    token_slots: dict[int, list[int]] = field(default_factory=dict)
    uses_lemmas: bool = False
    topic_elements: dict[int, list[int]] = field(default_factory=dict)
    # Token patterns, split into small Matchers by a word each must contain (as LOWER ids;
    # a LEMMA gate is widened to every word form with that lemma). A block is run only
    # through the Matchers whose gate it hits, and lemmas are computed only then: most
    # blocks of a manual need neither. A gate of None means "always run".
    matchers: list[tuple[frozenset[int] | None, Matcher]] = field(default_factory=list)
    _lemma_ids: dict[int, int] = field(default_factory=dict)  # LOWER id -> LEMMA id, filled lazily

    def set_lemmas(self, doc: Doc) -> None:
        """Lemmas exactly as the ``policylint_lemmatizer`` sets them, in one array write.

        The engine tokenizes with ``nlp.make_doc`` and lemmatises only the blocks the
        Matcher must read; this does it without building Token objects.
        """
        from ..nlp import _lemma_table

        if not self.uses_lemmas or len(doc) == 0:
            return
        table = _lemma_table()
        strings = self.nlp.vocab.strings
        cache = self._lemma_ids
        lower = doc.to_array(LOWER).tolist()
        out = []
        for h in lower:
            lemma = cache.get(h)
            if lemma is None:
                text = strings[h]
                lemma = cache[h] = strings.add(table.get(text, text))
            out.append(lemma)
        doc.from_array([LEMMA], numpy.asarray(out, dtype="uint64").reshape(len(out), 1))

    def make_doc(self, text: str) -> Doc:
        """Tokenize only: sentence starts and lemmas are added by the engine when needed."""
        return self.nlp.make_doc(text)

    def hits(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        """(slot, start, end) for every pattern hit in ``doc`` (lemmas are set when needed)."""
        for match_id, start, end in self.phrase_matcher(doc):
            for slot in self.phrase_slots.get(match_id, ()):
                yield slot, start, end
        if not self.matchers:
            return
        present = set(doc.to_array(LOWER).tolist())
        need_lemmas = self.uses_lemmas  # (Doc.has_annotation would walk every token)
        for gate, matcher in self.matchers:
            if gate is not None and gate.isdisjoint(present):
                continue
            if need_lemmas:
                self.set_lemmas(doc)
                need_lemmas = False
            for match_id, start, end in matcher(doc):
                if match_id in self.lemma_keys:
                    lemmas = tuple(t.lemma_ for t in doc[start:end])
                    for slot in self.lemma_slots.get(lemmas, ()):
                        yield slot, start, end
                else:
                    for slot in self.token_slots.get(match_id, ()):
                        yield slot, start, end


def _heading_regex(headings: Sequence[str]) -> re.Pattern[str] | None:
    if not headings:
        return None
    body = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(set(headings), key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


def _uses_lemma(pattern: Pattern) -> bool:
    if pattern.form == "lemma":
        return True
    if pattern.form == "tokens":
        return any("LEMMA" in {k.upper() for k in token} for token in pattern.value if isinstance(token, dict))
    return False


def compile_rules(packs: Sequence[Pack], *, disabled: frozenset[str] = frozenset()) -> CompiledRules:
    """Build the run's matchers for ``packs`` (topics in ``disabled``, as pack/topic, skipped)."""
    from ..nlp import get_nlp, lemmatize_phrase

    uses: list[tuple[Pattern, Slot]] = []
    topics: list[TopicRef] = []
    elements: list[ElementRef] = []
    topic_elements: dict[int, list[int]] = {}
    for pack in packs:
        for topic in pack.topics:
            if f"{pack.id}/{topic.id}" in disabled:
                continue
            t_index = len(topics)
            topics.append(TopicRef(t_index, pack, topic, _heading_regex(topic.headings)))
            topic_elements[t_index] = []
            for pattern in topic.mentions:
                uses.append((pattern, Slot("mention", t_index)))
            for element in topic.elements:
                e_index = len(elements)
                hedges = compile_hedges(element.weak_hedges, element.accept_hedges, element.ok_exceptions, element.bad_exceptions)
                elements.append(ElementRef(e_index, t_index, element, hedges))
                topic_elements[t_index].append(e_index)
                for g, group in enumerate(element.match):
                    for pattern in group:
                        uses.append((pattern, Slot("match", e_index, g)))
                for pattern in element.exclude:
                    uses.append((pattern, Slot("exclude", e_index)))
    uses_lemmas = any(_uses_lemma(p) for p, _ in uses)
    nlp = get_nlp(uses_lemmas)
    strings = nlp.vocab.strings
    phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    compiled = CompiledRules(
        nlp=nlp, packs=tuple(packs), topics=topics, elements=elements, slots=[], phrase_matcher=phrase_matcher,
        uses_lemmas=uses_lemmas, topic_elements=topic_elements,
    )
    slot_ids: dict[Slot, int] = {}
    phrases: dict[str, list[int]] = {}
    lemma_by_len: dict[int, list[set[str]]] = {}
    tokens: dict[str, tuple[list[dict[str, object]], list[int]]] = {}
    for pattern, slot in uses:
        slot_id = slot_ids.setdefault(slot, len(slot_ids))
        if pattern.form == "phrase":
            phrases.setdefault(pattern.value, []).append(slot_id)
        elif pattern.form == "lemma":
            lemmas = lemmatize_phrase(w.text for w in nlp.make_doc(pattern.value) if not w.is_space)
            compiled.lemma_slots.setdefault(lemmas, []).append(slot_id)
            sets = lemma_by_len.setdefault(len(lemmas), [set() for _ in lemmas])
            for position, lemma in enumerate(lemmas):
                sets[position].add(lemma)
        else:
            key = repr(pattern.value)
            tokens.setdefault(key, (pattern.value, []))[1].append(slot_id)
    compiled.slots = [None] * len(slot_ids)  # type: ignore[list-item]
    for slot, slot_id in slot_ids.items():
        compiled.slots[slot_id] = slot
    for phrase, ids in phrases.items():
        key = f"PL_PHRASE:{phrase}"
        phrase_matcher.add(key, [nlp.make_doc(phrase)])
        compiled.phrase_slots[strings.add(key)] = sorted(set(ids))
    # (gate words as (attr, words) or None) -> [(key, pattern)]; one Matcher per distinct gate
    groups: dict[tuple[str, frozenset[str]] | None, list[tuple[str, list[dict[str, object]]]]] = {}
    for length, sets in lemma_by_len.items():
        key = f"PL_LEMMA:{length}"
        groups.setdefault(("LEMMA", frozenset(sets[0])), []).append((key, [{"LEMMA": {"IN": sorted(s)}} for s in sets]))
        compiled.lemma_keys.add(strings.add(key))
    for n, (value, ids) in enumerate(tokens.values()):
        key = f"PL_TOKENS:{n}"
        pattern = _lower_lemmas(value)
        compiled.token_slots[strings.add(key)] = sorted(set(ids))
        gate = _gate_words(pattern)
        groups.setdefault(None if gate is None else (gate[0], frozenset(gate[1])), []).append((key, pattern))
    for gate, patterns in groups.items():
        matcher = Matcher(nlp.vocab, validate=False)  # validated at load
        for key, pattern in patterns:
            matcher.add(key, [pattern])
        if gate is None:
            gate_ids = None
        else:
            words = _forms_of(set(gate[1])) if gate[0] == "LEMMA" else gate[1]
            gate_ids = frozenset(strings.add(w) for w in words)
        compiled.matchers.append((gate_ids, matcher))
    return compiled


def _forms_of(lemmas: set[str]) -> set[str]:
    """Every lower-case word the lookup table maps to one of ``lemmas``, plus the lemmas themselves
    (a word missing from the table is its own lemma)."""
    from ..nlp import _lemma_table

    return set(lemmas) | {word for word, lemma in _lemma_table().items() if lemma in lemmas}


#: Words too common to make a useful pre-filter.
_COMMON = frozenset({"of", "the", "a", "an", "or", "and", "to", "in", "at", "into", "on", "by", "for", "its", "their", "any", "-", "is", "be"})


def _gate_words(pattern: list[dict[str, object]]) -> tuple[str, set[str]] | None:
    """(attr, words): a mandatory token of ``pattern`` whose value must occur for a match.

    Picks the mandatory LOWER/LEMMA token with the fewest, least common values. None when
    no token qualifies (then the Matcher always runs: correctness over speed).
    """
    best: tuple[str, set[str]] | None = None
    for token in pattern:
        if token.get("OP") not in (None, "+"):
            continue
        for key, value in token.items():
            attr = key.upper()
            if attr not in ("LOWER", "LEMMA", "ORTH", "TEXT"):
                continue
            if isinstance(value, str):
                words = {value}
            elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
                words = {str(v) for v in value["IN"]}
            else:
                continue
            if attr in ("ORTH", "TEXT"):
                # exact-case words: gating on their lower-case form lets through a superset
                attr = "LOWER"
                words = {w.lower() for w in words}
            if words & _COMMON:
                continue
            if best is None or len(words) < len(best[1]):
                best = ("LEMMA" if attr == "LEMMA" else "LOWER", words)
    return best


def _lower_lemmas(pattern: list[dict[str, object]]) -> list[dict[str, object]]:
    """Our lemmas are lower-case: lower-case any LEMMA values an author wrote capitalised."""
    out = []
    for token in pattern:
        token = dict(token)
        for key in list(token):
            if key.upper() == "LEMMA":
                value = token[key]
                if isinstance(value, str):
                    token[key] = value.lower()
                elif isinstance(value, dict):
                    token[key] = {op: ([v.lower() for v in vals] if isinstance(vals, list) else vals) for op, vals in value.items()}
        out.append(token)
    return out
