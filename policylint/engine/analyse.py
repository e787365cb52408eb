"""Run compiled rules over one Document: sentences -> hits -> per-element judgements -> coverage.

The document is processed once: every block is tokenized and goes through the matchers;
only sentences with hits are read for modality. Token data is read as arrays
(``Doc.to_array``), never as spaCy Token objects, which would cost a Python object per word
of a 600-page manual. Topic sections come from heading patterns on section titles (a
section under a dedicated section is dedicated).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from .._spacy import import_spacy

import_spacy()  # spaCy without its CLI (see policylint/_spacy.py): before any spaCy import

from spacy.attrs import IDX, IS_SPACE, LOWER, ORTH, SPACY  # noqa: E402

from ..model import Block, BlockKind, Document, Section
from ..results import ElementCoverage, ElementStatus, Evidence, TopicCoverage, TopicStatus
from ..nlp import sentence_starts
from ..rulebook.compiler import CompiledRules
from .contradiction import grants_banned_act
from .modality import (
    Judgement, Reading, exception_follows, judge_sentence, lead_in_reading, narrows_exception, requirement_header,
)
from .sentences import PreparedText, is_item_text, prepare
from .verdict import judge_topic
from . import split as _split

__all__ = ["Candidate", "analyse_document", "judge_topic", "MAX_EVIDENCE", "MAX_QUOTE"]

MAX_EVIDENCE = 3
MAX_QUOTE = 400

Progress = Callable[[float], None]

#: Token columns the engine reads per block (one ``Doc.to_array`` call).
_COLUMNS = [ORTH, SPACY, LOWER, IS_SPACE, IDX]


@dataclass
class Candidate:
    """One sentence that matched every group of an element, with its judgement."""

    judgement: Judgement
    evidence: Evidence
    order: int  # position in the document, for stable tie-breaks
    #: the sentence permits or requires what the (prohibition) element bans; only computed
    #: for packs with ``contradictions: true`` (see engine/contradiction.py)
    contradicts: bool = False
    #: bit mask of the element's ``must_cover`` parts its sentence (or lead-in) names
    parts: int = 0


@dataclass
class _LeadIn:
    """A sentence ending in ":" and what it lends to the list items after it.

    ``reading`` is its modality (None when plain); ``groups``/``anchors``/``excluded`` are
    its own pattern hits per element, so an item that holds only the remaining match
    groups ("(a) the routes available to leave" after "the dispersal order shall state:")
    is judged on the lead-in's words plus its own.
    """

    reading: Reading | None
    words: list[str]
    text: str
    groups: dict[int, int]  # element -> bit mask of its match groups hit (bit g: group g)
    anchors: dict[int, list[int]]
    excluded: set[int]
    required: set[int] = field(default_factory=set)  # elements whose context_require it names
    rejected: set[int] = field(default_factory=set)  # elements whose context_reject it names
    stated: set[int] = field(default_factory=set)  # elements whose must_state it names
    covers: dict[int, int] = field(default_factory=dict)  # element -> bit mask of must_cover parts it names
    #: lent by the sentence before an anaphoric one ("... excessive force. You are required to
    #: stop it."): it only completes an element the sentence holds in part, and never governs
    #: a sentence that states the element on its own
    completes_only: bool = False
    #: its reading comes from a section title ("Prohibited Techniques"), not from its words:
    #: it still governs an item judged with the lead-in's words in front
    lends_reading: bool = False


@dataclass
class _Hits:
    """One sentence's pattern hits, sorted by rule."""

    #: element -> bit mask of the match groups hit (bit g: group g); ints, not sets: a long
    #: manual has ~100k hits, most of them for elements that never get judged
    groups: dict[int, int] = field(default_factory=dict)
    anchors: dict[int, list[int]] = field(default_factory=dict)  # element -> word indexes of group-0 hits
    first_char: dict[int, int] = field(default_factory=dict)
    excluded: set[int] = field(default_factory=set)
    mentioned: set[int] = field(default_factory=set)
    required: set[int] = field(default_factory=set)  # elements whose context_require hit here
    rejected: set[int] = field(default_factory=set)  # elements whose context_reject hit here
    stated: set[int] = field(default_factory=set)  # elements whose must_state hit here
    covers: dict[int, int] = field(default_factory=dict)  # element -> bit mask of must_cover parts hit here
    #: element -> (start, end) word ranges of its match hits (any group): their own modal and
    #: negation words are content, not the sentence's modality
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


#: Section titles whose sentences introduce a policy rather than state its rules (W-PREAMBLE).
#: "Definitions" is deliberately not one: agencies state operative bans there ("Neck holds are
#: prohibited unless deadly force is justified") and the 8cantwait coders credit them; with it
#: the target-set agreement fell from 95.0% to 94.3%.
_PREAMBLE_TITLE = re.compile(
    r"^\W*(?:(?:statement\s+of\s+)?purpose(?:\s*(?:and|&|/)\s*scope)?|scope(?:\s*(?:and|&|/)\s*purpose)?)\W*$",
    re.IGNORECASE,
)
_SELF_NOUNS = frozenset({"policy", "order", "directive", "procedure", "procedures", "chapter", "section", "manual", "guideline", "guidelines", "sop", "article", "standard"})
_SELF_VERBS = frozenset(
    {"requires", "establishes", "describes", "provides", "sets", "outlines", "defines", "explains", "covers",
     "addresses", "governs", "applies", "contains", "identifies", "prescribes", "details", "serves", "is",
     "intends", "seeks", "aims", "recognizes", "recognises", "summarizes", "summarises", "creates"}
)
_BARE_NUMBER = re.compile(r"^\s*\d{1,2}\s+[A-Z]")
#: A sentence that is nothing but a list marker ("2.", "IV.", "(c)").
#: A sentence that extends the rule of the sentence before it ("Officers shall report every
#: use of force. This includes pointing a firearm at a person."): judged with that sentence in
#: front, as if joined by a comma, the way a list item is judged with its lead-in.
_EXTENDS_PREVIOUS = re.compile(
    r"^\W*(?:this|that|these|such|the\s+(?:same\s+)?(?:requirement|rule|duty|obligation|report)s?|"
    r"this\s+(?:requirement|rule|duty|obligation|report)s?)\s+(?:also\s+)?"
    r"(?:includes?|applies|apply|covers?|extends?)\b"
    r"|^\W*(?:also\s+)?included\s+(?:are|is)\b",
    re.IGNORECASE,
)


#: A pronoun or "such/that/this force" pointing back at what the sentence before named:
#: "Your partner is about to use excessive force. You are required to intervene and stop it."
#: ("it is", "it's", "it was" are left out: "It is the policy ..." points at nothing.)
_POINTS_BACK = re.compile(
    r"\b(?:it(?!\s+(?:is|was|'s|has\s+been)\b)|them|(?:such|that|this|these|those)\s+(?:force|conduct|act|action|"
    r"actions|acts|hold|holds|technique|techniques|restraint|restraints|stops?|detentions?|vehicle|warning|"
    r"practice|practices|quotas?|data|record|records|report|reports))\b",
    re.IGNORECASE,
)


def _anaphora_lead(found: _Hits, words: list[str], text: str) -> _LeadIn:
    """The sentence before one that points back at it, lent only to complete an element."""
    lead = _extension_lead(found, words, text)
    lead.completes_only = True
    return lead


def _extension_lead(found: _Hits, words: list[str], text: str) -> _LeadIn:
    """The sentence before an extending one, as its lead-in: its words without the full stop
    and a comma, so the pair reads as one sentence ("... every use of force, this includes ...")."""
    lead_words = list(words[:-1] if words and words[-1] in (".", "!", ";") else words) + [","]
    return _LeadIn(
        None, lead_words, " ".join(text.split()), found.groups, found.anchors, found.excluded,
        found.required, found.rejected, found.stated, found.covers,
    )


#: Anchors (first-group hits) of one element judged per sentence: the first ones decide.
MAX_ANCHORS = 32

_MARKER_ONLY = re.compile(r"^\s*\(?[A-Za-z0-9]{1,4}[.)]\s*$")
#: W-PREAMBLE on/off. Measured on the 8cantwait target set: off 95.0% / macro-F1 0.88; on with
#: Purpose/Scope titles and self-descriptions 95.0% / 0.88 (and the planted purpose-statement gap
#: in the sample is found); adding Definitions or inheriting from a parent "Purpose and Scope"
#: cost two cells.
PREAMBLE_RULE = True


#: Sections that report the law, research or history behind a policy rather than state it:
#: "State law now prohibits chokeholds" under "Legal Update" tells the reader what changed;
#: the agency's rule is elsewhere (or missing).
_BACKGROUND_TITLE = re.compile(
    r"^(?:.*[:\u2013\u2014]\s*|.*\s-\s)?"  # "Use of Force: Background", "Crowd Control - History"
    r"\W*(?:(?:legal|legislative|historical|policy)\s+)?(?:background|history|update|updates|context|commentary|"
    r"discussion|research|case\s+law(?:\s+update)?|notes?)\W*$"
    # a text the agency has not adopted: "Appendix B - Model Policy (Not Adopted)",
    # "Revisions Under Review", "Recommendations of the Task Force"
    r"|^.*\b(?:not\s+adopted|under\s+review|under\s+consideration|recommendations)\b.*$",
    re.IGNORECASE,
)


def is_background_title(title: str | None) -> bool:
    """Is a section titled Background / History / Legal Update / Discussion (numbers ignored)?"""
    if not title:
        return False
    return _BACKGROUND_TITLE.match(re.sub(r"^[\s\d.\-–:]+", "", title)) is not None


def is_preamble_title(title: str | None) -> bool:
    """Is a section titled Purpose / Scope / Purpose and Scope (numbers ignored)?"""
    if not title:
        return False
    return _PREAMBLE_TITLE.match(re.sub(r"^[\s\d.\-–:]+", "", title)) is not None


def is_self_description(words: Sequence[str]) -> bool:
    """ "This policy requires / establishes / describes ...": the document talking about itself."""
    i = 0
    while i < len(words) and not any(ch.isalpha() for ch in words[i]):
        i += 1  # list markers, brackets
    head = list(words[i : i + 5])
    if len(head) < 3 or head[0] not in ("this", "the", "these"):
        return False
    k = 2 if head[1] == "general" else 1
    return k + 1 < len(head) and head[k] in _SELF_NOUNS and head[k + 1] in _SELF_VERBS


#: Section titles that announce the conditions something requires ("Elements of Deadly Force",
#: "Prerequisites for a Search"): like a lead-in "... only when all of the following are met:",
#: they make an unmodalled list item under them a requirement. "Conditions" alone is not one
#: (it also titles lists of triggers), nor are "Criteria" or "Factors" (things to weigh).
_CONDITIONS_TITLE = re.compile(r"^(?:elements|prerequisites|preconditions|requirements)\s+(?:of|for)\b", re.IGNORECASE)


#: Section titles that ban what they list ("Prohibited Techniques", "Unauthorized Holds"):
#: like a lead-in "Members shall not use:", they make an unmodalled item or table row under
#: them a ban ("- Chokeholds", "Carotid restraint | Restricts blood flow").
_BAN_TITLE = re.compile(
    r"^(?:prohibited|unauthori[sz]ed|banned|forbidden|disallowed|impermissible)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:techniques?|holds?|practices?|acts?|actions?|uses?|conduct|tactics?|methods?|restraints?|"
    r"activities|weapons?|force|options?|maneuvers?|manoeuvres?)\b",
    re.IGNORECASE,
)


def conditions_title_lead(title: str | None) -> _LeadIn | None:
    """The reading a conditions or a ban section title lends to its list items and table
    rows (None for other titles)."""
    if not title:
        return None
    bare = re.sub(r"^[\s\d.\-–:]+", "", title)
    bare = re.sub(r"^(?:appendix|annex|attachment|exhibit)\s+\w+\s*[-–—:.]\s*", "", bare, flags=re.IGNORECASE)
    if _CONDITIONS_TITLE.match(bare) is not None:
        return _LeadIn(Reading("binding", "required conditions (section title)"), [], "", {}, {}, set(), lends_reading=True)
    if _BAN_TITLE.match(bare) is not None:
        return _LeadIn(Reading("prohibition", "prohibited (section title)"), [], "", {}, {}, set(), lends_reading=True)
    return None


class _TitleScopes:
    """What section titles say about an element's context (``context: require/reject``).

    For a section, the innermost title of its chain (its own, then its ancestors') that
    names a required or a rejected context decides: "Conducted Energy Devices > Warnings"
    rejects a warning rule that needs deadly force; "Deadly Force > Warnings" admits it.
    Titles are tokenized and matched once each.
    """

    def __init__(self, compiled: CompiledRules, slot_info: list[tuple[int, int, int]]) -> None:
        self.compiled = compiled
        self.slot_info = slot_info
        self.contextual = any(ref.element.context_require or ref.element.context_reject for ref in compiled.elements)
        self._by_title: dict[str, tuple[set[int], set[int]]] = {}
        self._by_section: dict[int, dict[int, str]] = {}

    def _title(self, title: str) -> tuple[set[int], set[int]]:
        found = self._by_title.get(title)
        if found is None:
            required: set[int] = set()
            rejected: set[int] = set()
            doc = self.compiled.make_doc(title)
            for slot, _start, _end in self.compiled.hits(doc):
                role, target, _bit = self.slot_info[slot]
                if role == _REQUIRE:
                    required.add(target)
                elif role == _REJECT:
                    rejected.add(target)
            found = self._by_title[title] = (required, rejected)
        return found

    def for_section(self, section: Section, ancestors: Sequence[Section]) -> dict[int, str]:
        """element index -> "require" | "reject", decided by the innermost title naming either."""
        if not self.contextual:
            return {}
        found = self._by_section.get(id(section))
        if found is None:
            found = {}
            for titled in [section, *reversed(ancestors)]:
                required, rejected = self._title(titled.title or "")
                for e in required:
                    found.setdefault(e, "require")
                for e in rejected - required:
                    found.setdefault(e, "reject")
            self._by_section[id(section)] = found
        return found


def context_verdict(
    element, e_index: int, sentence_required: set[int], sentence_rejected: set[int], lead: "_LeadIn | None", titles: dict[int, str]
) -> str | None:
    """Why a candidate is out of its element's context, or None when it is in it.

    A rejected context (another tool, another population) named by the sentence, its
    lead-in or the innermost section title that names a context puts it out; otherwise it
    needs a required context in one of the three (when the element has ``require``).
    """
    if not element.context_require and not element.context_reject:
        return None
    if e_index in sentence_rejected:
        return "the sentence is about another tool or situation"
    if lead is not None and e_index in lead.rejected:
        return "its lead-in is about another tool or situation"
    verdict = titles.get(e_index)
    if verdict == "reject":
        return "its section is about another tool or situation"
    if not element.context_require:
        return None
    if e_index in sentence_required or (lead is not None and e_index in lead.required) or verdict == "require":
        return None
    return "nothing in the sentence, its lead-in or its section titles places it in the required context"


def _colon_title_lead(compiled: CompiledRules, slot_info: list[tuple[int, int, int]], title: str | None) -> _LeadIn | None:
    """A section title ending in ":" ("Level 1 Use of Force - Includes:") is the lead-in of
    the list items under it: the structure stage read the lead-in line as a heading, but its
    words still complete every item ("Pointing a firearm at a person")."""
    if not title:
        return None
    last = title.rstrip().rsplit(None, 1)[-1].lower() if title.split() else ""
    if not title.rstrip().endswith(":") and last not in ("includes", "include", "including", "following"):
        return None
    doc = compiled.make_doc(title.strip())
    columns = doc.to_array(_COLUMNS)
    lower, is_space, idx = columns[:, 2].tolist(), columns[:, 3].tolist(), columns[:, 4].tolist()
    strings = compiled.nlp.vocab.strings
    index_map = {i: k for k, i in enumerate(i for i in range(len(lower)) if not is_space[i])}
    words = [strings[lower[i]] for i in range(len(lower)) if not is_space[i]]
    return _lead_in(words, title, _collect(compiled.hits(doc, lower), slot_info, index_map, 0, idx, 0))


@dataclass
class _TopicState:
    sections: list[Section] = field(default_factory=list)
    mentions: int = 0
    first_mention: tuple[int | None, int | None] | None = None


def _dedicated_sections(document: Document, compiled: CompiledRules) -> dict[int, set[int]]:
    """id(section) -> indexes of topics the section (or an ancestor) is dedicated to."""
    out: dict[int, set[int]] = {}
    any_heading = compiled.any_heading_re
    for section, ancestors in document.walk():
        inherited = out.get(id(ancestors[-1]), set()) if ancestors else set()
        title = section.title or ""
        if any_heading is not None and any_heading.search(title) is None:
            own: set[int] = set()  # no topic's heading occurs in it (most titles)
        else:
            own = {t.index for t in compiled.topics if t.heading_re is not None and t.heading_re.search(title)}
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
    A long document may be analysed in two halves at once, the first in a forked child
    (:func:`_analyse_in_halves`); the result is the one a single pass gives.
    """
    global LAST_SPLIT
    dedicated = _dedicated_sections(document, compiled)
    states = [_TopicState() for _ in compiled.topics]
    for section, _ancestors in document.walk():
        for t_index in dedicated.get(id(section), ()):
            states[t_index].sections.append(section)
    blocks = table_rows_as_blocks(list(document.blocks()))
    prepared = [prepare(block.text) for block, _, _ in blocks]
    slot_info = _slot_info(compiled)
    run = _Pass(
        compiled, blocks, prepared, dedicated, slot_info, [ref.groups for ref in compiled.elements],
        _TitleScopes(compiled, slot_info), scope_document,
    )
    LAST_SPLIT = None
    cut = split_point(blocks, prepared) if _split.allowed() else None
    if cut is None:
        parts = [_analyse_blocks(run, 0, len(blocks), progress)]
    else:
        parts = _analyse_in_halves(run, cut, progress)
    candidates: dict[int, list[Candidate]] = {}
    for part in parts:  # in block order: a candidate's place in its list breaks ties (see _rank)
        for t_index, state in enumerate(states):
            state.mentions += part.mentions[t_index]
            if state.first_mention is None:
                state.first_mention = part.first_mention[t_index]
        for e_index, found in part.candidates.items():
            candidates.setdefault(e_index, []).extend(found)
    if progress is not None:
        progress(1.0)
    return _coverage(compiled, states, candidates, scope_document)


@dataclass
class _Pass:
    """What every block of one document is judged with; read, never changed, by the loop
    (``title_scopes`` only caches what each title says)."""

    compiled: CompiledRules
    blocks: list[tuple[Block, Section, tuple[Section, ...]]]  # table rows merged (table_rows_as_blocks)
    prepared: list[PreparedText]  # each block's text, prepared (sentences.prepare)
    dedicated: dict[int, set[int]]  # id(section) -> topics it is dedicated to
    slot_info: list[tuple[int, int, int]]
    need_groups: list[int]  # element -> match groups a sentence needs on its own
    title_scopes: _TitleScopes
    scope_document: bool


@dataclass
class _Found:
    """What judging a range of blocks found: per topic, mentions and the first one's (page,
    line); per element, its candidates in block order. Two ranges' are merged in order."""

    mentions: list[int]
    first_mention: list[tuple[int | None, int | None] | None]
    candidates: dict[int, list[Candidate]]


#: Documents with less prepared text than this are analysed in one pass. The engine judges
#: some 0.6 MB of text a second (a 632-page manual has 1.2 MB, about 1.9k characters a
#: page): below ~100 pages half the engine's time is a tenth of a second or less, hardly
#: worth a second process (forking and pickling cost only milliseconds).
MIN_SPLIT_CHARS = 200_000

#: The share of the text the child is given, and how far from it a boundary may lie. The
#: child gets a little less: its half must be pickled and loaded, and it copies the pages it
#: writes to (on the Lisle manual its 48% took ~10% longer than the parent's 52%). A document
#: whose only suitable boundaries lie outside the window is not worth splitting.
CHILD_SHARE = 0.46
SPLIT_WINDOW = 0.12

#: How the last analyse_document call ran, for tests and benchmarks: None for one pass, else
#: (the first block of the second half, True when the child's half was used).
LAST_SPLIT: tuple[int, bool] | None = None


def starts_fresh(blocks: Sequence[tuple[Block, Section, tuple[Section, ...]]], prepared: Sequence[PreparedText], k: int) -> bool:
    """Can block ``k`` begin a range judged on its own, with a result identical to one pass?

    The loop carries two things from block to block: the lead-in (``lead``, lent to the list
    items, item texts ("(a) ..."), table rows and bare-number items after it, and to a table's
    header row as ``carried``, whatever their section) and the last judged sentence
    (``previous``, lent to a sentence of the next block only in the same section). Block ``k``
    drops both when it opens a new section and is none of those (a bare number counts even
    without a lead-in before it): the loop then reaches it in the state a fresh range starts
    from. Its per-section caches (preamble, title leads, title scopes) are computed from the
    section alone, so a range computes them again alike.
    """
    if k <= 0 or k >= len(blocks):
        return False
    block, section, _ancestors = blocks[k]
    text = prepared[k].text
    return (
        section is not blocks[k - 1][1]
        and block.kind != BlockKind.LIST_ITEM
        and block.table_row is None
        and not is_item_text(text)
        and _BARE_NUMBER.match(text) is None
    )


def split_point(blocks: Sequence[tuple[Block, Section, tuple[Section, ...]]], prepared: Sequence[PreparedText]) -> int | None:
    """The block where a long document's second half starts, or None (judge it in one pass).

    The boundary nearest ``CHILD_SHARE`` of the text (text length is what the loop's time
    follows: tokenizing and matching) among the blocks that :func:`starts_fresh`, within
    ``SPLIT_WINDOW`` of it.
    """
    lengths = [len(p.text) for p in prepared]
    total = sum(lengths)
    if total < MIN_SPLIT_CHARS:
        return None
    low, target, high = (total * (CHILD_SHARE + d) for d in (-SPLIT_WINDOW, 0.0, SPLIT_WINDOW))
    best: int | None = None
    best_distance = 0.0
    before = 0  # text before block k
    for k, length in enumerate(lengths):
        if before > high:
            break
        if before >= low and (best is None or abs(before - target) < best_distance) and starts_fresh(blocks, prepared, k):
            best, best_distance = k, abs(before - target)
        before += length
    return best


def _analyse_in_halves(run: _Pass, cut: int, progress: Progress | None) -> list[_Found]:
    """Blocks [0, cut) judged in a forked child while this process judges [cut, end).

    This process reports the progress of its own half (its share done, from 0 to 1: the
    child's half takes about as long). A child that fails or dies costs only time: its half
    is judged here afterwards (with no progress reported: the display waits near the end).
    """
    global LAST_SPLIT
    halves = _split.run_halves(
        lambda: _analyse_blocks(run, 0, cut, None),  # (the child reports nothing)
        lambda: _analyse_blocks(run, cut, len(run.blocks), progress),
        valid=lambda found: isinstance(found, _Found),
    )
    LAST_SPLIT = (cut, halves.from_child)
    return [halves.first, halves.second]


def _analyse_blocks(run: _Pass, begin: int, stop: int, progress: Progress | None) -> _Found:
    """Judge blocks [begin, stop) of ``run.blocks``, from the state before a block that
    :func:`starts_fresh` (or the first); ``progress`` gets the share of the range done.

    Indexes (``order``) are the document's and the whole ``blocks`` list is read, so a
    candidate's order and the next block's first sentence (``following``) are as in one pass.
    """
    compiled, blocks, prepared, dedicated = run.compiled, run.blocks, run.prepared, run.dedicated
    slot_info, need_groups, title_scopes, scope_document = run.slot_info, run.need_groups, run.title_scopes, run.scope_document
    # (mentions are counted per range; its states hold no sections)
    states = [_TopicState() for _ in compiled.topics]
    candidates: dict[int, list[Candidate]] = {}
    total = (stop - begin) or 1
    lead: _LeadIn | None = None
    #: the last sentence judged (its hits, words, text, block order, section), for a next
    #: sentence that extends its rule ("This includes ...")
    previous: tuple[_Hits, _Words, str, int, int] | None = None
    preamble: dict[int, bool] = {}
    title_leads: dict[int, _LeadIn | None] = {}
    step = max(1, total // 200)
    strings = compiled.nlp.vocab.strings
    colon_id = strings.add(":")
    # Tokenize only: sentence starts are computed from token arrays (sentence_starts) for
    # the blocks with hits, and the rules need no lemmas (the compiler turns LEMMA into LOWER).
    docs = (compiled.make_doc(p.text) for p in prepared[begin:stop])
    for order, ((block, section, ancestors), text, doc) in enumerate(zip(blocks[begin:stop], prepared[begin:stop], docs), begin):
        if progress is not None and (order - begin) % step == 0:
            progress((order - begin) / total)
        is_item = (
            block.kind == BlockKind.LIST_ITEM or is_item_text(text.text)
            # a table row under its header row (see table_rows_as_blocks)
            or (block.table_row is not None and block.table_row[1] > 0 and lead is not None)
            # right after a lead-in, "2 Repeated at least ..." is an item whose marker lost its
            # dot in extraction (some PDFs draw list numbers apart from the text)
            or (lead is not None and _BARE_NUMBER.match(text.text) is not None)
        )
        # a table's header row, after a sentence that points to it ("Each condition below must
        # be met before deadly force is used." | "Condition | Requirement"), keeps its duty
        carried = lead if block.table_row is not None and block.table_row[1] == 0 else None
        if not is_item:
            lead = None
        # Every token column in one array read, and sentence starts computed from it (as
        # ``policylint_sentences`` would mark them): building Token objects for every word
        # of a 600-page manual is what would make this slow.
        columns = doc.to_array(_COLUMNS)
        orth, spaces, lower, is_space, idx = (columns[:, k].tolist() for k in range(len(_COLUMNS)))
        hits = compiled.hits(doc, lower)
        ends_with_colon = text.text.rstrip().endswith(":")
        if not hits and not ends_with_colon:
            continue
        block_text = text.text
        # (blocks are whitespace-normalised, so space tokens are rare: then a sentence's
        # word index is its token index, and no index map is needed)
        has_spaces = 1 in is_space
        starts = sentence_starts(orth, spaces, lower, strings)
        ends = starts[1:] + [len(lower)]
        by_sentence: dict[int, list[tuple[int, int, int]]] = {}
        if len(starts) == 1:
            if hits:
                by_sentence[0] = hits  # one sentence (most blocks): no per-hit search
        else:
            for slot, start, end in hits:
                by_sentence.setdefault(bisect.bisect_right(starts, start) - 1, []).append((slot, start, end))
        topics_here = dedicated.get(id(section), set())
        titles_here = title_scopes.for_section(section, ancestors)
        in_preamble = preamble.get(id(section))
        if in_preamble is None:
            # the section's own title only: "Duty to Intercede" filed under "Purpose and Scope"
            # (a common Lexipol numbering) is an operative section of its own
            in_preamble = preamble[id(section)] = PREAMBLE_RULE and (
                is_preamble_title(section.title) or is_background_title(section.title)
            )
        if id(section) not in title_leads:
            title_leads[id(section)] = conditions_title_lead(section.title) or _colon_title_lead(compiled, slot_info, section.title)
        title_lead = title_leads[id(section)]
        # The splitter ends a sentence after a numeric marker ("2." | "Every lesser ..."):
        # the sentence after a marker-only first sentence still opens the list item.
        item_sentence = 0
        #: contexts named by this paragraph's earlier sentences: "Force options are authorized
        #: by level of resistance. Verbal direction is authorized for passive resistance; ..."
        block_required: set[int] = set()
        # a sentence before the last that introduces the list or table after the block
        # ("Members shall document force as set out below. Each report shall ...")
        introduces_next = order + 1 < len(blocks) and _introduces_next(blocks[order + 1][0], section, blocks[order + 1][1])
        pointer: _LeadIn | None = None
        for s_index, (s_start, s_end) in enumerate(zip(starts, ends)):
            sentence_hits = by_sentence.get(s_index)
            ends_colon = _ends_with(lower, is_space, s_start, s_end, colon_id)
            if s_index == item_sentence and is_item and _MARKER_ONLY.match(_span_text(block_text, idx, s_start, s_end)):
                item_sentence += 1
                continue
            if sentence_hits is None:
                previous = None
            if sentence_hits is None and not ends_colon:
                # nothing to judge here: only the lead-in state may change
                if lead is not None and not (s_index == item_sentence and is_item) and not is_item_text(_span_text(block_text, idx, s_start, s_end)):
                    lead = None
                continue
            # Sentence text sliced from the block by token offsets: Span.text would build a
            # Token object per word, which is most of the engine's time on a long manual.
            sent = _Sentence(_span_text(block_text, idx, s_start, s_end), idx[s_start])
            # A list item (its block is one, or the sentence starts "(a)") borrows the lead-in.
            sentence_is_item = (s_index == item_sentence and is_item) or is_item_text(sent.text)
            # The sentence's lower-case words (spaces left out) are read only when a rule is
            # judged on it or it is a lead-in: most sentences only hold partial hits.
            index_map: dict[int, int] | None = None
            if has_spaces:
                listed: list[str] = []
                index_map = {}
                for i in range(s_start, s_end):
                    if not is_space[i]:
                        index_map[i] = len(listed)
                        listed.append(strings[lower[i]])
                words = _Words(listed)
            else:
                words = _Words(None, strings, lower, s_start, s_end)
            found = _collect(sentence_hits or [], slot_info, index_map, s_start, idx, sent.start_char)
            if block_required:
                found.required = found.required | block_required
            block_required = found.required
            if sentence_hits is not None:
                # the next sentence (of this block, else the next block's first), which may
                # narrow an exception of this one or state an exception to it
                following = None
                nxt = s_index + 1
                if nxt + 1 < len(starts) and _MARKER_ONLY.match(_span_text(block_text, idx, starts[nxt], ends[nxt])):
                    nxt += 1  # "... a chokehold. b. Exception: ...": the item after its marker
                if nxt < len(starts):
                    following = _Following(block_text, strings, lower, is_space, idx, starts[nxt], ends[nxt])
                elif order + 1 < len(prepared):
                    following = _NextBlock(compiled, prepared[order + 1].text)
                borrowed = (lead or title_lead) if sentence_is_item else None
                if (
                    borrowed is None and previous is not None and previous[4] == id(section)
                    and previous[3] >= order - 1 and _EXTENDS_PREVIOUS.match(sent.text)
                ):
                    borrowed = _extension_lead(previous[0], previous[1].get(), previous[2])
                elif (
                    borrowed is None and previous is not None and previous[4] == id(section)
                    and previous[3] >= order - 1 and previous[0].groups and _POINTS_BACK.search(sent.text)
                ):
                    borrowed = _anaphora_lead(previous[0], previous[1].get(), previous[2])
                previous = (found, words, sent.text, order, id(section))
                _judge_sentence_hits(
                    found, sent, words, borrowed,
                    compiled, states, candidates, block, section, topics_here, text, order, scope_document,
                    in_preamble, following, need_groups, titles_here,
                )
                if introduces_next and s_index < len(starts) - 1 and not ends_colon and points_to_what_follows(words.get()):
                    pointer = _lead_in(list(words.get()[:-1]) + [":"], sent.text, found)
            points_below = (
                not ends_colon and s_index == len(starts) - 1 and introduces_next and points_to_what_follows(words.get())
            )
            if ends_colon or points_below:
                lead_words = words.get() if ends_colon else list(words.get()[:-1]) + [":"]
                lead = _lead_in(lead_words, sent.text, found)
                if lead.reading is None and block.table_row is not None and block.table_row[1] == 0 and (
                    named := requirement_header(lead_words)
                ) is not None:
                    # "Principle | Requirement": a column named as the rules makes each row one
                    lead.reading, lead.lends_reading = named, True
                elif lead.reading is None and block.table_row is not None and title_lead is not None and title_lead.lends_reading:
                    # a table's header row under "Prohibited Techniques" ("Technique | Reason"):
                    # the title's ban governs the rows
                    lead.reading, lead.lends_reading = title_lead.reading, True
                if carried is not None:
                    lead = _merge_leads(carried, lead)
            elif not sentence_is_item:
                lead = None
        if pointer is not None and lead is None:
            # the block's last sentence introduced nothing: the earlier one that points below
            # is the lead-in of the list or table that follows
            lead = pointer
    return _Found([state.mentions for state in states], [state.first_mention for state in states], candidates)


def _lead_in(lead_words: list[str], text: str, found: _Hits) -> _LeadIn:
    """A sentence ending in ":" (or pointing below), as the lead-in of the items after it."""
    return _LeadIn(
        lead_in_reading(lead_words), lead_words, " ".join(text.split()),
        found.groups, found.anchors, found.excluded, found.required, found.rejected, found.stated, found.covers,
    )


#: Words by which a sentence ending in "." introduces the list or table after it.
_POINTING_WORDS = frozenset({"below", "following", "follows", "listed", "table", "chart"})


def points_to_what_follows(words: Sequence[str]) -> bool:
    """ "Each condition below must be met before ...", "The table sets out the steps.": a
    sentence ending in "." that introduces what comes next, as a lead-in ending in ":" does."""
    return bool(words) and words[-1] == "." and any(w in _POINTING_WORDS for w in words)


def _introduces_next(block: Block, section: Section, next_section: Section) -> bool:
    """Is ``block`` (the next one) a list item or table row of the same section?"""
    return next_section is section and (block.kind == BlockKind.LIST_ITEM or block.table_row is not None)


def _merge_leads(before: _LeadIn, header: _LeadIn) -> _LeadIn:
    """A table's header row read after the sentence that introduced it: the sentence's duty,
    situation and hits, then the header's (anchors shifted past the sentence's words)."""
    offset = len(before.words)
    groups = dict(before.groups)
    for e, bits in header.groups.items():
        groups[e] = groups.get(e, 0) | bits
    anchors = {e: list(a) for e, a in before.anchors.items()}
    for e, a in header.anchors.items():
        anchors.setdefault(e, []).extend(x + offset for x in a)
    return _LeadIn(
        header.reading or before.reading, before.words + header.words, f"{before.text} {header.text}",
        groups, anchors, before.excluded | header.excluded, before.required | header.required,
        before.rejected | header.rejected, before.stated | header.stated,
        {e: before.covers.get(e, 0) | header.covers.get(e, 0) for e in before.covers.keys() | header.covers.keys()},
    )


#: Between the cells of a table row read as one block: not a clause break, so "Chokehold |
#: Prohibited" reads as one statement.
CELL_SEPARATOR = " | "


def table_rows_as_blocks(
    blocks: list[tuple[Block, Section, tuple[Section, ...]]]
) -> list[tuple[Block, Section, tuple[Section, ...]]]:
    """Each table row's cells as one block, and a header row as the lead-in of the rows.

    A requirement written as a table lives in a row ("Passive resistance | Verbal commands,
    escort holds") read with its header ("Subject resistance | Officer response"), never in
    one cell. The first row of a table of two or more rows gets a closing ":" so the engine
    reads it as a lead-in (its words complete every row, as a list's lead-in completes its
    items); the row's location is its first cell's. Cells without row information (a reader
    that cannot tell rows) stay as they are.
    """
    rows: dict[tuple[int, int], list[int]] = {}
    tables: dict[int, set[int]] = {}
    for k, (block, _section, _ancestors) in enumerate(blocks):
        if block.kind == BlockKind.TABLE_CELL and block.table_row is not None:
            rows.setdefault(block.table_row, []).append(k)
            tables.setdefault(block.table_row[0], set()).add(block.table_row[1])
    if not rows:
        return blocks
    out: list[tuple[Block, Section, tuple[Section, ...]]] = []
    done: set[tuple[int, int]] = set()
    for k, item in enumerate(blocks):
        block, section, ancestors = item
        key = block.table_row if block.kind == BlockKind.TABLE_CELL else None
        if key is None or key not in rows:
            out.append(item)
            continue
        if key in done:
            continue
        done.add(key)
        members = [blocks[j][0] for j in rows[key]]
        text = CELL_SEPARATOR.join(" ".join(m.text.split()) for m in members)
        if key[1] == min(tables[key[0]]) and len(tables[key[0]]) > 1 and not text.rstrip().endswith(":"):
            text = text.rstrip(" .") + ":"
        out.append((Block(text, block.location, BlockKind.TABLE_CELL, block.index, key), section, ancestors))
    return out


def _ends_with(lower: list[int], is_space: list[int], start: int, end: int, target: int) -> bool:
    """Does the sentence [start, end) end (ignoring spaces) with the token ``target`` (a LOWER id)?"""
    for i in range(end - 1, start - 1, -1):
        if not is_space[i]:
            return lower[i] == target
    return False


class _Words:
    """A sentence's lower-case words (space tokens left out), built on first use."""

    __slots__ = ("_words", "_strings", "_lower", "_start", "_end")

    def __init__(self, words: list[str] | None, strings=None, lower: list[int] | None = None, start: int = 0, end: int = 0) -> None:
        self._words = words
        self._strings, self._lower, self._start, self._end = strings, lower, start, end

    def get(self) -> list[str]:
        if self._words is None:
            strings = self._strings
            self._words = [strings[h] for h in self._lower[self._start : self._end]]  # type: ignore[index]
        return self._words


class _Following:
    """The next sentence of a block: lower-case words for judging, text for quoting. Both are
    read from the block's token columns on first use (rarely: only a judged exception asks)."""

    __slots__ = ("_block_text", "_strings", "_lower", "_is_space", "_idx", "_start", "_end", "_words", "_text")

    def __init__(self, block_text: str, strings, lower: list[int], is_space: list[int], idx: list[int], start: int, end: int) -> None:
        self._block_text, self._strings, self._lower, self._is_space, self._idx = block_text, strings, lower, is_space, idx
        self._start, self._end = start, end
        self._words: list[str] | None = None
        self._text: str | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            strings, lower, is_space = self._strings, self._lower, self._is_space
            self._words = [strings[lower[i]] for i in range(self._start, self._end) if not is_space[i]]
        return self._words

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = _span_text(self._block_text, self._idx, self._start, self._end)
        return self._text


class _NextBlock:
    """The first sentence of the next block, tokenized only when a judgement asks for it."""

    __slots__ = ("_compiled", "_text", "_words", "_sentence")

    def __init__(self, compiled: CompiledRules, text: str) -> None:
        self._compiled, self._text = compiled, text
        self._words: list[str] | None = None
        self._sentence: str | None = None

    def _read(self) -> None:
        doc = self._compiled.make_doc(self._text)
        columns = doc.to_array(_COLUMNS)
        orth, spaces, lower, is_space, idx = (columns[:, k].tolist() for k in range(len(_COLUMNS)))
        strings = self._compiled.nlp.vocab.strings
        starts = sentence_starts(orth, spaces, lower, strings) if lower else [0]
        end = starts[1] if len(starts) > 1 else len(lower)
        if len(starts) > 1 and _MARKER_ONLY.match(_span_text(self._text, idx, 0, end)):
            # "2. Pointing a firearm need not ...": the item's marker alone is no sentence
            end = starts[2] if len(starts) > 2 else len(lower)
        self._words = [strings[lower[i]] for i in range(end) if not is_space[i]]
        self._sentence = _span_text(self._text, idx, 0, end) if lower else ""

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._read()
        return self._words  # type: ignore[return-value]

    @property
    def text(self) -> str:
        if self._sentence is None:
            self._read()
        return self._sentence  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    start_char: int  # offset in the prepared block text


def _span_text(block_text: str, idx: list[int], start: int, end: int) -> str:
    """Text of tokens [start, end) of a block (``idx``: each token's character offset)."""
    stop = idx[end] if end < len(idx) else len(block_text)
    return block_text[idx[start] : stop].rstrip()


_MENTION, _EXCLUDE, _MATCH, _REQUIRE, _REJECT, _MUST, _COVER = 0, 1, 2, 3, 4, 5, 6


def _slot_info(compiled: CompiledRules) -> list[tuple[int, int, int]]:
    """(role code, target, group bit) per slot id: plain tuples, read once per hit."""
    codes = {"mention": _MENTION, "exclude": _EXCLUDE, "match": _MATCH, "require": _REQUIRE, "reject": _REJECT, "must": _MUST, "cover": _COVER}
    return [(codes[slot.role], slot.target, 1 << slot.group) for slot in compiled.slots]


def _collect(
    hits: list[tuple[int, int, int]],
    slot_info: list[tuple[int, int, int]],
    index_map: dict[int, int] | None,
    s_start: int,
    idx: list[int],
    start_char: int,
) -> _Hits:
    """Sort one sentence's hits by rule: match groups and anchors per element, excludes, mentions.

    ``index_map``: token index -> word index in the sentence, or None when the block has no
    space tokens (then the word index is ``token - s_start``).
    """
    out = _Hits()
    groups, anchors, first_char = out.groups, out.anchors, out.first_char
    for slot_id, start, end in hits:
        role, target, bit = slot_info[slot_id]
        if role == _MENTION:
            out.mentioned.add(target)
        elif role == _EXCLUDE:
            out.excluded.add(target)
        elif role == _REQUIRE:
            out.required.add(target)
        elif role == _REJECT:
            out.rejected.add(target)
        elif role == _MUST:
            out.stated.add(target)
        elif role == _COVER:
            out.covers[target] = out.covers.get(target, 0) | bit
        else:
            groups[target] = groups.get(target, 0) | bit
            word = start - s_start if index_map is None else index_map.get(start, 0)
            last = word if end - start == 1 else (end - 1 - s_start if index_map is None else index_map.get(end - 1, word))
            out.spans.setdefault(target, []).append((word, last + 1))
            if bit == 1:  # group 0
                anchors.setdefault(target, []).append(word)
                first_char.setdefault(target, idx[start] - start_char)
    return out


def _judge_sentence_hits(
    found: _Hits,
    sent: _Sentence,
    sentence_words: _Words,
    given_lead: _LeadIn | None,
    compiled: CompiledRules,
    states: list[_TopicState],
    candidates: dict[int, list[Candidate]],
    block,
    section: Section,
    topics_here: set[int],
    text,
    order: int,
    scope_document: bool,
    in_preamble: bool = False,
    following: _Following | None = None,
    need_groups: list[int] | None = None,
    titles: dict[int, str] | None = None,
) -> None:
    for t_index in found.mentioned:
        state = states[t_index]
        state.mentions += 1
        if state.first_mention is None:
            state.first_mention = (block.location.page, block.location.line)
    quote_text = sent.text
    excluded = found.excluded
    for e_index, hit_groups in found.groups.items():
        if e_index in excluded:
            continue
        if given_lead is None and hit_groups.bit_count() < (need_groups[e_index] if need_groups is not None else compiled.elements[e_index].groups):
            continue  # (the common case, decided before any other work: a partial hit, no lead-in)
        ref = compiled.elements[e_index]
        lead = given_lead
        if lead is not None and lead.completes_only and hit_groups.bit_count() >= ref.groups:
            lead = None  # the sentence states the element itself: the one before lends nothing
        if lead is not None and e_index in lead.excluded:
            continue  # an item under an excluded lead-in ("Training shall cover:")
        if context_verdict(ref.element, e_index, found.required, found.rejected, lead, titles or {}) is not None:
            continue  # out of its context (another tool, another situation): not evidence
        words = sentence_words.get()
        lead_reading = lead.reading if lead is not None else None
        judged_words, anchors, first_char = words, found.anchors.get(e_index, []), found.first_char.get(e_index, 0)
        swallowing: str | None = None
        spans = found.spans.get(e_index, [])
        quote_text = sent.text
        if hit_groups.bit_count() < ref.groups:
            # A list item holding only some groups: judge it with its lead-in's words too.
            if lead is None or e_index in lead.excluded or (hit_groups | lead.groups.get(e_index, 0)).bit_count() < ref.groups:
                continue
            if lead.completes_only:
                # "... proportionate to the threat. An officer may, however, use more force
                # whenever the officer believes it ...": an exception to the sentence before,
                # not a second statement of its rule. Read together, the pair states the rule
                # and swallows it (as the sentence before, when complete, is judged there).
                swallowing = exception_follows(words, ref.hedges, mandate=ref.element.kind == "mandate", rule_words=lead.words)
            offset = len(lead.words)
            judged_words = lead.words + words
            # (a pointing sentence is judged at its own anchors when it has some: its clause
            # states the rule; "Step in. If you see ..., stop it." has its anchor before)
            own = [a + offset for a in anchors]
            anchors = own if lead.completes_only and own else lead.anchors.get(e_index, []) + own
            spans = [(s + offset, e + offset) for s, e in spans]
            quote_text = f"{lead.text} {' '.join(sent.text.split())}"
            first_char = 0 if lead.anchors.get(e_index) else first_char + len(lead.text) + 1
            # the lead-in's own words now carry its modality (unless a title or a header lent it)
            lead_reading = lead.reading if lead.lends_reading else None
        elif lead is not None and lead.words and not lead.completes_only:
            # The item holds every group: judge it with the lead-in's words in front too, so
            # the lead-in's hedges and exceptions govern it as they would in one sentence
            # ("When practicable, officers shall:" | "(b) intervene ..."); the quote stays the item's.
            offset = len(lead.words)
            judged_words = lead.words + words
            anchors = [a + offset for a in anchors]
            spans = [(s + offset, e + offset) for s, e in spans]
            lead_reading = lead.reading if lead.lends_reading else None
        if not anchors:
            continue
        # A real sentence has a handful of anchors; thousands mean a run of repeated words
        # ("race basis race basis ..."), where judging each would be quadratic in its length.
        anchors = sorted(set(anchors))[:MAX_ANCHORS]
        judgement = judge_sentence(judged_words, anchors, ref.element.kind, ref.hedges, lead_reading, spans)
        if swallowing is not None and judgement.status != "absent":
            judgement = Judgement("hedged", "exception", swallowing[:120], f"the exception in the next sentence ('{swallowing[:80]}') swallows the rule")
        if (
            judgement.modality == "exception" and ref.element.kind == "prohibition" and judgement.hedge
            and following is not None and narrows_exception(judgement.hedge, following.words, ref.hedges)
        ):
            # "... unless necessary to stop an imminent threat. The threat must come by means
            # other than the vehicle.": the exception, as narrowed, is an accepted one
            judgement = Judgement("present", "prohibition", None, "binding language; its exception is narrowed by the next sentence")
            quote_text = f"{' '.join(quote_text.split())} {' '.join(following.text.split())}"
        elif (
            # (a presence element, "the Department facilitates peaceful demonstrations", is lifted
            # as a duty is: by a carve-out or an exception left to discretion)
            judgement.status == "present" and following is not None
            and (exception := exception_follows(
                following.words, ref.hedges, mandate=ref.element.kind != "prohibition", rule_words=judged_words
            )) is not None
        ):
            # "Officers shall not fire at a moving vehicle." | "Exception: when the vehicle is
            # driven at an officer.": the next sentence or item swallows the ban
            judgement = Judgement("hedged", "exception", exception[:120], f"the exception in the next sentence ('{exception[:80]}') swallows the rule")
            quote_text = f"{' '.join(quote_text.split())} {' '.join(following.text.split())}"
        # (a purpose statement or the policy describing itself introduces rules: it is not
        # read as granting anything, as W-PREAMBLE keeps it from stating a ban)
        contradicts = (
            ref.element.kind == "prohibition" and compiled.topics[ref.topic_index].pack.contradictions
            and not in_preamble and not is_self_description(judged_words)
            and grants_banned_act(judged_words, anchors, judgement, ref.hedges.ok_regex)
        )
        if contradicts and judgement.status == "absent":
            # "Officers shall issue at least 20 citations a month": the engine reads a duty
            # about the subject (no evidence either way); here the duty is the banned practice.
            judgement = Judgement("hedged", judgement.modality, judgement.hedge, _REQUIRES_BANNED)
        if judgement.status == "absent":
            continue  # the sentence matched but says nothing for or against the element
        if (
            judgement.status == "present" and ref.element.must_state and e_index not in found.stated
            and (lead is None or e_index not in lead.stated)
        ):
            named = ", ".join(p.value if isinstance(p.value, str) else "a token pattern" for p in ref.element.must_state)
            judgement = Judgement("hedged", judgement.modality, None, f"does not state {named}")
        if judgement.status == "hedged" and is_background_title(section.title):
            # a weak or permissive sentence under "Legal Background" reports, it does not rule
            judgement = Judgement("mentioned", "plain", None, "reported as background, not stated as this agency's rule")
        if judgement.status == "present" and ref.element.kind != "presence" and (in_preamble or is_self_description(judged_words)):
            if is_background_title(section.title):
                # "State law now prohibits chokeholds" under "Legal Update": what the law says,
                # reported to the reader; this agency's rule is elsewhere, or missing
                judgement = Judgement("mentioned", judgement.modality, None, "reported as background, not stated as this agency's rule")
            else:
                # W-PREAMBLE: a purpose or scope passage introduces the rule; it is not the
                # operative clause that states it.
                judgement = Judgement("hedged", judgement.modality, None, "stated only in the policy's purpose/definitions")
        line = block.location.line
        if line is not None:
            line += text.line_offset(sent.start_char)
        in_section = ref.topic_index in topics_here
        evidence = Evidence(
            text=_quote(quote_text, first_char),
            page=block.location.page,
            section=section.label or None if section.level > 0 else None,
            line=line,
            paragraph=block.location.paragraph,
            modality=judgement.modality,
            hedge=judgement.hedge,
            in_topic_section=in_section,
        )
        parts = found.covers.get(e_index, 0) | (lead.covers.get(e_index, 0) if lead is not None else 0)
        candidates.setdefault(e_index, []).append(Candidate(judgement, evidence, order, contradicts, parts))


#: How strongly a candidate speaks for its element: a rule, a weak rule, the words mentioned.
_CANDIDATE_RANK = {"present": 0, "hedged": 1, "mentioned": 2}


def _rank(candidate: Candidate) -> tuple[int, int, int]:
    inside = candidate.evidence.in_topic_section
    # in-section binding > out-of-section binding > in-section hedged > out-of-section hedged
    # > mentions (a definition, another body's rule, a remark)
    return (_CANDIDATE_RANK[candidate.judgement.status], 0 if inside else 1, candidate.order)


def _element_coverage(ref, cands: list[Candidate], topic_has_sections: bool, scope_document: bool) -> ElementCoverage:
    element = ref.element
    if not cands:
        return ElementCoverage(
            id=element.id, title=element.title, status=ElementStatus.ABSENT, required=element.required,
            reason="no sentence matches its patterns",
        )
    ranked = sorted(cands, key=_rank)
    restrict = topic_has_sections and element.scope == "topic" and not scope_document
    contradiction = _contradicted(element, ranked, restrict)
    if contradiction is not None:
        return contradiction
    best = ranked[0]
    defeater = next((c for c in ranked if c.judgement.defeats and (not restrict or c.evidence.in_topic_section)), None)
    if best.judgement.status == "present" and defeater is not None:
        # The ban is stated, but elsewhere the document grants the very exception that
        # swallows it: report both sentences, the permission first.
        status = ElementStatus.HEDGED
        reason = f"the ban is undone by a permission elsewhere: {defeater.judgement.reason}"
        where = defeater.evidence.section or (f"p. {defeater.evidence.page}" if defeater.evidence.page else "")
        if where:
            reason = f"{reason} ({where})"
        shown = [defeater] + [c for c in ranked if c is not defeater]
        return ElementCoverage(
            id=element.id, title=element.title, status=status, required=element.required,
            evidence=tuple(c.evidence for c in shown[:MAX_EVIDENCE]), reason=reason,
        )
    if best.judgement.status == "present":
        if restrict and not best.evidence.in_topic_section:
            status = ElementStatus.HEDGED
            inside = next((c for c in ranked if c.evidence.in_topic_section), None)
            if inside is not None:
                # What the topic's own section says decides the reading a person needs first:
                # "should consider" in 300.4 explains the gap better than a binding sentence in
                # an unrelated chapter, so the in-section sentence leads the evidence.
                reason = f"{inside.judgement.reason} in the topic's own sections; binding language only elsewhere"
                best = inside
                ranked = [inside] + [c for c in ranked if c is not inside]
            else:
                reason = "binding language only outside the topic's own sections"
        elif (uncovered := _uncovered_parts(element, ranked, restrict)) is not None:
            status = ElementStatus.HEDGED
            reason = uncovered
        else:
            status = ElementStatus.PRESENT
            reason = best.judgement.reason
    elif best.judgement.status == "mentioned":
        # no rule anywhere, but the words are there: say where, so the reader sees why
        status = ElementStatus.ABSENT
        reason = f"no rule stated; mentioned only ({best.judgement.reason})"
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


def _uncovered_parts(element, ranked: list[Candidate], restrict: bool) -> str | None:
    """Why a binding rule falls short of ``must_cover`` (None when every part is covered).

    The parts may be covered by different binding sentences in the element's scope
    ("Chokeholds are prohibited." and, later, "Carotid restraints are prohibited."): a rule is
    judged over the document, not sentence by sentence.
    """
    if not element.must_cover:
        return None
    covered = 0
    for candidate in ranked:
        if candidate.judgement.status == "present" and (not restrict or candidate.evidence.in_topic_section):
            covered |= candidate.parts
    names = [name for name, _ in element.must_cover]
    missing = [name for k, name in enumerate(names) if not covered & (1 << k)]
    if not missing:
        return None
    stated = [name for k, name in enumerate(names) if covered & (1 << k)]
    said = f"a binding rule for {', '.join(stated)} only" if stated else "a binding rule that names none of its parts"
    return f"{said}; it does not cover {', '.join(missing)}"


#: The reason of a duty to do what a prohibition bans ("shall issue 20 citations a month").
_REQUIRES_BANNED = "requires what the statute bans"


def _contradicted(element, ranked: list[Candidate], restrict: bool) -> ElementCoverage | None:
    """CONTRADICTED when any sentence in the element's scope permits (or requires) what it bans.

    The one step that makes a state-law pack's element CONTRADICTED (only those packs mark
    candidates, see ``Candidate.contradicts``). It outranks everything else: a ban stated
    elsewhere does not cure a permission, because the manual then says both, and the
    permission is what the law forbids. The scope is the element's own (``restrict``: only
    the topic's sections, for ``scope: topic`` when the topic has them); the state-law packs
    use ``scope: document`` for most elements, so a carotid hold permitted in "Control
    Devices" contradicts the statute as much as one permitted under "Use of Force". The
    permission is quoted first.
    """
    grant = next((c for c in ranked if c.contradicts and (not restrict or c.evidence.in_topic_section)), None)
    if grant is None:
        return None
    why = grant.judgement.reason
    reason = why if why == _REQUIRES_BANNED else f"permits what the statute bans: {why}"
    where = grant.evidence.section or (f"p. {grant.evidence.page}" if grant.evidence.page else "")
    if where:
        reason = f"{reason} ({where})"
    shown = [grant] + [c for c in ranked if c is not grant]
    return ElementCoverage(
        id=element.id, title=element.title, status=ElementStatus.CONTRADICTED, required=element.required,
        evidence=tuple(c.evidence for c in shown[:MAX_EVIDENCE]), reason=reason,
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
        if not top_sections and not evidence_found and state.mentions < topic.min_mentions:
            status = TopicStatus.MISSING
            reason = f"no section on it, no element found, {state.mentions} mention(s) (needs {topic.min_mentions})"
        else:
            status, reason = judge_topic(topic, elements)
        contradicted = [e.id for e in elements if e.required and e.status is ElementStatus.CONTRADICTED]
        if contradicted:
            # ranked above weak and missing: the manual permits what the statute bans
            status, reason = TopicStatus.CONTRADICTED, f"contradicts the statute: {', '.join(contradicted)}; {reason}"
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
