"""Why an element judged a sentence as it did: which pattern or concept matched which words.

Used by ``policylint rules test`` (and ``explain``) for a failing example: a rule author
sees, per match group, the concept and the words it matched (or that nothing did), any
exclude or context pattern that hit, and the reading that decided the status (the cue,
hedge or exception, from the engine's own reason). Each pattern is compiled on its own
here, so the run's single shared matcher stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .._spacy import import_spacy

import_spacy()

from spacy.matcher import Matcher, PhraseMatcher  # noqa: E402

from ..rulebook.compiler import _Expander  # noqa: E402
from ..rulebook.lexicon import EMPTY_LEXICON, Lexicon  # noqa: E402
from ..rulebook.model import Element, Pattern  # noqa: E402

__all__ = ["PatternHit", "explain_sentence", "format_explanation"]


@dataclass(frozen=True)
class PatternHit:
    """One pattern of an element (a concept, term, phrase or token pattern) and what it matched."""

    role: str  # "group 1" ... | "exclude" | "context require" | "context reject"
    pattern: str  # human form: "concept:warning", "phrase:shall not", "tokens"
    words: tuple[str, ...]  # the matched words, one entry per match


def _roles(element: Element) -> list[tuple[str, Pattern]]:
    out = [(f"group {g + 1}", p) for g, group in enumerate(element.match) for p in group]
    out += [("exclude", p) for p in element.exclude]
    out += [("must state", p) for p in element.must_state]
    out += [(f"must cover {name}", p) for name, patterns in element.must_cover for p in patterns]
    out += [("context require", p) for p in element.context_require]
    out += [("context reject", p) for p in element.context_reject]
    return out


def explain_sentence(nlp, element: Element, sentence: str, lexicon: Lexicon | None = None) -> list[PatternHit]:  # type: ignore[no-untyped-def]
    """Every pattern of ``element`` that matches ``sentence``, and every match group that none does.

    A group with no hit is listed with no words, so the author sees which part of the rule the
    sentence lacks.
    """
    lexicon = lexicon or EMPTY_LEXICON
    expand = _Expander()
    doc = nlp.make_doc(sentence)
    found: list[PatternHit] = []
    seen_groups: set[str] = set()
    for role, pattern in _roles(element):
        phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        matcher = Matcher(nlp.vocab, validate=False)
        phrases, tokens = [], []
        for primitive in expand.primitive(pattern, lexicon):
            if primitive.form == "phrase":
                phrases.append(nlp.make_doc(primitive.value))
            elif primitive.form == "lemma":
                tokens.append([{"LEMMA": w} for w in primitive.value.split()])
            else:
                tokens.append(primitive.value)
        if phrases:
            phrase_matcher.add("P", phrases)
        for k, pat in enumerate(tokens):
            matcher.add(f"T{k}", [pat])
        if any("LEMMA" in {str(key).upper() for key in t} for pat in tokens for t in pat if isinstance(t, dict)):
            _set_lemmas(doc)
        found_spans = (list(phrase_matcher(doc)) if phrases else []) + (list(matcher(doc)) if tokens else [])
        spans = [doc[s:e].text for _id, s, e in found_spans]
        if spans:
            found.append(PatternHit(role, pattern.text, tuple(dict.fromkeys(spans))))
            seen_groups.add(role)
    for g in range(len(element.match)):
        role = f"group {g + 1}"
        if role not in seen_groups:
            alternatives = ", ".join(p.text for p in element.match[g])
            found.append(PatternHit(role, alternatives, ()))
    return sorted(found, key=lambda h: (h.role.startswith("group") is False, h.role))


def _set_lemmas(doc) -> None:  # type: ignore[no-untyped-def]
    from ..nlp import _lemma_table

    table = _lemma_table()
    for token in doc:
        token.lemma_ = table.get(token.lower_, token.lower_)


def format_explanation(hits: Sequence[PatternHit], reason: str, lexicon: Lexicon | None = None) -> list[str]:
    """Lines for a terminal: one per pattern hit or missing group, then the deciding reading
    (with the hedge family of a hedge that weakened it, so the author knows what to accept)."""
    lines = []
    for hit in hits:
        if hit.words:
            shown = "; ".join(f"\u201c{w}\u201d" for w in hit.words[:4])
            lines.append(f"{hit.role}: {hit.pattern} matched {shown}")
        else:
            lines.append(f"{hit.role}: nothing matched (one of: {hit.pattern[:160]})")
    if reason:
        lines.append(f"decided by: {reason}")
        hedge = _quoted_after(reason, "qualified by ")
        family = lexicon.family_of(hedge) if lexicon is not None and hedge else None
        if family is not None:
            lines.append(f"hedge family: {family.name} (accept it with accept_hedges: [{{family: {family.name}}}])")
    return lines


def _quoted_after(text: str, marker: str) -> str | None:
    """The 'quoted' words after ``marker`` in an engine reason, if any."""
    at = text.find(marker + "'")
    if at < 0:
        return None
    start = at + len(marker) + 1
    end = text.find("'", start)
    return text[start:end] if end > start else None
