"""Run compiled rules over one Document: sentences -> hits -> per-element judgements -> coverage.

The document is processed once: every block goes through ``nlp.pipe`` and both
matchers; only sentences with hits are read for modality. Topic sections come from
heading patterns on section titles (a section under a dedicated section is dedicated).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable, Iterable

from spacy.attrs import IS_SPACE, LOWER, SENT_START

from ..model import BlockKind, Document, Section
from ..results import ElementCoverage, ElementStatus, Evidence, TopicCoverage, TopicStatus
from ..rulebook.compiler import CompiledRules
from .modality import Judgement, Reading, judge_sentence, lead_in_reading
from .sentences import is_item_text, prepare

__all__ = ["Candidate", "analyse_document", "MAX_EVIDENCE", "MAX_QUOTE"]

MAX_EVIDENCE = 3
MAX_QUOTE = 400

Progress = Callable[[float], None]


@dataclass
class Candidate:
    """One sentence that matched every group of an element, with its judgement."""

    judgement: Judgement
    evidence: Evidence
    order: int  # position in the document, for stable tie-breaks


@dataclass
class _TopicState:
    sections: list[Section] = field(default_factory=list)
    mentions: int = 0
    first_mention: tuple[int | None, int | None] | None = None


def _dedicated_sections(document: Document, compiled: CompiledRules) -> dict[int, set[int]]:
    """id(section) -> indexes of topics the section (or an ancestor) is dedicated to."""
    out: dict[int, set[int]] = {}
    for section, ancestors in document.walk():
        inherited = out.get(id(ancestors[-1]), set()) if ancestors else set()
        own = {t.index for t in compiled.topics if t.heading_re is not None and t.heading_re.search(section.title or "")}
        out[id(section)] = inherited | own
    return out


def _quote(text: str, around: int) -> str:
    """The sentence, whitespace collapsed, trimmed to MAX_QUOTE characters around the hit."""
    text = " ".join(text.split())
    if len(text) <= MAX_QUOTE:
        return text
    start = max(0, min(around - MAX_QUOTE // 3, len(text) - MAX_QUOTE))
    piece = text[start : start + MAX_QUOTE - 2]
    return ("…" if start else "") + piece.strip() + "…"


def analyse_document(
    document: Document,
    compiled: CompiledRules,
    *,
    scope_document: bool = False,
    progress: Progress | None = None,
) -> list[TopicCoverage]:
    """Coverage for every compiled topic, before waivers and severity overrides.

    ``scope_document`` treats every element as ``scope: document`` (used by rule examples).
    """
    dedicated = _dedicated_sections(document, compiled)
    states = [_TopicState() for _ in compiled.topics]
    for section, _ancestors in document.walk():
        for t_index in dedicated.get(id(section), ()):
            states[t_index].sections.append(section)
    candidates: dict[int, list[Candidate]] = {}
    blocks = list(document.blocks())
    prepared = [prepare(block.text) for block, _, _ in blocks]
    total = len(blocks) or 1
    lead_in: Reading | None = None
    step = max(1, total // 200)
    strings = compiled.nlp.vocab.strings
    colon_id = strings.add(":")
    docs = compiled.nlp.pipe((p.text for p in prepared), batch_size=256)
    for order, ((block, section, _ancestors), text, doc) in enumerate(zip(blocks, prepared, docs)):
        if progress is not None and order % step == 0:
            progress(order / total)
        is_item = block.kind == BlockKind.LIST_ITEM or is_item_text(text.text)
        if not is_item:
            lead_in = None
        hits = list(compiled.hits(doc))
        ends_with_colon = text.text.rstrip().endswith(":")
        if not hits and not ends_with_colon:
            continue
        # Sentence starts, lower-case ids and spaces in one array read: building Token
        # objects for every word of a 600-page manual is what would make this slow.
        attrs = doc.to_array([SENT_START, LOWER, IS_SPACE]).tolist()
        starts = [i for i, row in enumerate(attrs) if row[0] == 1] or [0]
        ends = starts[1:] + [len(attrs)]
        by_sentence: dict[int, list[tuple[int, int, int]]] = {}
        for slot, start, end in hits:
            by_sentence.setdefault(bisect.bisect_right(starts, start) - 1, []).append((slot, start, end))
        topics_here = dedicated.get(id(section), set())
        for s_index, (s_start, s_end) in enumerate(zip(starts, ends)):
            sentence_hits = by_sentence.get(s_index)
            ends_colon = _ends_with(attrs, s_start, s_end, colon_id)
            if sentence_hits is None and not ends_colon:
                # nothing to judge here: only the lead-in state may change
                if lead_in is not None and not (s_index == 0 and is_item) and not is_item_text(doc[s_start:s_end].text):
                    lead_in = None
                continue
            sent = doc[s_start:s_end]
            # A list item (its block is one, or the sentence starts "(a)") borrows the lead-in.
            sentence_is_item = (s_index == 0 and is_item) or is_item_text(sent.text)
            words: list[str] = []
            index_map: dict[int, int] = {}
            for i in range(s_start, s_end):
                if not attrs[i][2]:
                    index_map[i] = len(words)
                    words.append(strings[attrs[i][1]])
            if sentence_hits is not None:
                _judge_sentence_hits(
                    sentence_hits, sent, words, index_map, lead_in if sentence_is_item else None,
                    compiled, states, candidates, block, section, topics_here, text, order, scope_document,
                )
            if ends_colon:
                lead_in = lead_in_reading(words)
            elif not sentence_is_item:
                lead_in = None
    if progress is not None:
        progress(1.0)
    return _coverage(compiled, states, candidates, scope_document)


def _ends_with(attrs: list[list[int]], start: int, end: int, target: int) -> bool:
    """Does the sentence [start, end) end (ignoring spaces) with the token ``target``?"""
    for i in range(end - 1, start - 1, -1):
        if not attrs[i][2]:
            return attrs[i][1] == target
    return False


def _judge_sentence_hits(
    hits: list[tuple[int, int, int]],
    sent,  # spacy Span
    words: list[str],
    index_map: dict[int, int],
    lead_in: Reading | None,
    compiled: CompiledRules,
    states: list[_TopicState],
    candidates: dict[int, list[Candidate]],
    block,
    section: Section,
    topics_here: set[int],
    text,
    order: int,
    scope_document: bool,
) -> None:
    groups: dict[int, set[int]] = {}
    anchors: dict[int, list[int]] = {}
    first_char: dict[int, int] = {}
    excluded: set[int] = set()
    mentioned: set[int] = set()
    doc = sent.doc
    for slot_id, start, _end in hits:
        slot = compiled.slots[slot_id]
        if slot.role == "mention":
            mentioned.add(slot.target)
        elif slot.role == "exclude":
            excluded.add(slot.target)
        else:
            groups.setdefault(slot.target, set()).add(slot.group)
            if slot.group == 0:
                anchors.setdefault(slot.target, []).append(index_map.get(start, 0))
                first_char.setdefault(slot.target, doc[start].idx - sent.start_char)
    for t_index in mentioned:
        state = states[t_index]
        state.mentions += 1
        if state.first_mention is None:
            state.first_mention = (block.location.page, block.location.line)
    for e_index, hit_groups in groups.items():
        ref = compiled.elements[e_index]
        if e_index in excluded or len(hit_groups) < ref.groups:
            continue
        judgement = judge_sentence(words, sorted(set(anchors[e_index])), ref.element.kind, ref.hedges, lead_in)
        if judgement.status == "absent":
            continue  # the sentence matched but says nothing for or against the element
        line = block.location.line
        if line is not None:
            line += text.line_offset(sent.start_char)
        in_section = ref.topic_index in topics_here
        evidence = Evidence(
            text=_quote(sent.text, first_char.get(e_index, 0)),
            page=block.location.page,
            section=section.label or None if section.level > 0 else None,
            line=line,
            paragraph=block.location.paragraph,
            modality=judgement.modality,
            hedge=judgement.hedge,
            in_topic_section=in_section,
        )
        candidates.setdefault(e_index, []).append(Candidate(judgement, evidence, order))


def _rank(candidate: Candidate) -> tuple[int, int, int]:
    present = candidate.judgement.status == "present"
    inside = candidate.evidence.in_topic_section
    # in-section binding > out-of-section binding > in-section hedged > out-of-section hedged
    return (0 if present else 1, 0 if inside else 1, candidate.order)


def _element_coverage(ref, cands: list[Candidate], topic_has_sections: bool, scope_document: bool) -> ElementCoverage:
    element = ref.element
    if not cands:
        return ElementCoverage(
            id=element.id, title=element.title, status=ElementStatus.ABSENT, required=element.required,
            reason="no sentence matches its patterns",
        )
    ranked = sorted(cands, key=_rank)
    best = ranked[0]
    restrict = topic_has_sections and element.scope == "topic" and not scope_document
    if best.judgement.status == "present":
        if restrict and not best.evidence.in_topic_section:
            status = ElementStatus.HEDGED
            reason = "binding language only outside the topic's own sections"
        else:
            status = ElementStatus.PRESENT
            reason = best.judgement.reason
    else:
        status = ElementStatus.HEDGED
        reason = best.judgement.reason
    where = best.evidence.section or (f"p. {best.evidence.page}" if best.evidence.page else "")
    if where:
        reason = f"{reason} ({where})"
    return ElementCoverage(
        id=element.id, title=element.title, status=status, required=element.required,
        evidence=tuple(c.evidence for c in ranked[:MAX_EVIDENCE]), reason=reason,
    )


def _coverage(
    compiled: CompiledRules, states: list[_TopicState], candidates: dict[int, list[Candidate]], scope_document: bool
) -> list[TopicCoverage]:
    out: list[TopicCoverage] = []
    for ref in compiled.topics:
        state = states[ref.index]
        topic = ref.topic
        top_sections = _top_level(state.sections)
        elements = [
            _element_coverage(compiled.elements[e], candidates.get(e, []), bool(top_sections), scope_document)
            for e in compiled.topic_elements[ref.index]
        ]
        evidence_found = any(e.status is not ElementStatus.ABSENT for e in elements)
        present = sum(1 for e in elements if e.required and e.status is ElementStatus.PRESENT)
        needed = topic.needed
        if not top_sections and not evidence_found and state.mentions < topic.min_mentions:
            status = TopicStatus.MISSING
            reason = f"no section on it, no element found, {state.mentions} mention(s) (needs {topic.min_mentions})"
        elif present >= needed:
            status = TopicStatus.COVERED
            reason = f"{present} of {len(topic.required_elements)} required elements present (needs {needed})"
        else:
            status = TopicStatus.WEAK
            reason = f"{present} of {len(topic.required_elements)} required elements present (needs {needed})"
        first_page = first_line = None
        if top_sections:
            first_page = top_sections[0].page_start or top_sections[0].location.page
            first_line = top_sections[0].line_start or top_sections[0].location.line
        elif state.first_mention is not None:
            first_page, first_line = state.first_mention
        out.append(
            TopicCoverage(
                pack=ref.pack.id, topic=topic.id, title=topic.title, status=status, severity=topic.severity,
                elements=tuple(elements), sections=tuple(s.label for s in top_sections), first_page=first_page,
                first_line=first_line, mentions=state.mentions, reason=reason,
            )
        )
    return out


def _top_level(sections: Iterable[Section]) -> list[Section]:
    """Dedicated sections without their dedicated descendants (those are implied)."""
    out: list[Section] = []
    covered: set[int] = set()
    for section in sections:
        if id(section) in covered:
            continue
        out.append(section)
        for child, _ in section.walk():
            covered.add(id(child))
    return out
