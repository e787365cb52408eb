"""Compile every loaded rule into one PhraseMatcher and a few gated Matchers for the whole run.

Each pattern *use* is a slot: (element, group) for ``match``, element for ``exclude``,
topic for ``mentions``. Matches map back to slots:

* literal phrases -> one PhraseMatcher on ``LOWER``, one key per distinct set of slots;
* ``{lemma: ...}`` phrases -> merged: every lemma phrase of length n becomes part of ONE
  Matcher pattern ``[{LEMMA: {IN: [...]}}] * n`` (300 separate token patterns cost ~30x
  more than a few merged ones); a hit is mapped back by the lemmas of the span's words;
* ``{tokens: [...]}`` patterns -> one Matcher key each (these are few by nature).

Matcher patterns are grouped by a word each must contain (its *gate*); a block runs only
through the groups whose gate word it holds and whose other required words it holds too,
and only over *windows* around the gate words (see :func:`_run_windowed`): spaCy's Matcher
builds a Python Token per word per call, so a long block would cost in proportion to its
length, not to its hits. Hits, order included, are those of whole-block runs.

``LEMMA`` constraints are rewritten at compile time into ``LOWER`` sets: our lemma is
``table.get(lower, lower)``, so "lemma in S" is exactly "lower-case form in the words the
table maps into S (plus members of S the table does not list)". Documents then never need
lemmas at match time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .._spacy import import_spacy

import_spacy()  # spaCy without its CLI (see policylint/_spacy.py): before any spaCy import

import numpy  # noqa: E402  (after: spaCy imports it with the collector paused)

from spacy.attrs import LEMMA, LOWER  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.matcher import Matcher, PhraseMatcher  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from ..engine.modality import GLOBAL_HEDGES, HedgeRules, compile_hedges
from .lexicon import EMPTY_LEXICON, Lexicon
from .model import Element, Pack, Pattern, Topic
from .terms import term_token_pattern, term_variants

__all__ = ["CompiledRules", "PhraseTokens", "TopicRef", "ElementRef", "Slot", "compile_rules"]

#: A literal phrase -> the LOWER ids of its tokens (string hashes: the same in every process).
PhraseTokens = dict[str, tuple[int, ...]]


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
    role: str  # "match" | "exclude" | "mention" | "require" | "reject" (element context) | "must" (must_state) | "cover" (must_cover; group = part)
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
    # through the Matchers whose gate it hits: most blocks of a manual need none. A gate of
    # None means "always run".
    matchers: list[tuple[frozenset[int] | None, Matcher]] = field(default_factory=list)
    #: id(Matcher) -> (tokens before, tokens after) its gate word a match can reach; a gated
    #: Matcher listed here runs only on windows around its gate words (absent: whole block)
    reach: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: id(Matcher) -> per pattern, the word sets (LOWER ids) of its mandatory word tokens: a
    #: gated Matcher runs only when some pattern finds a word of every set in the block
    requires: dict[int, tuple[tuple[frozenset[int], ...], ...]] = field(default_factory=dict)
    #: ids of the Matchers whose patterns still read LEMMA (a constraint that could not be
    #: rewritten to LOWER); only they make the engine set lemmas on a Doc
    lemma_matchers: set[int] = field(default_factory=set)
    _lemma_ids: dict[int, int] = field(default_factory=dict)  # LOWER id -> LEMMA id, filled lazily
    _lemma_of: dict[int, str] = field(default_factory=dict)  # LOWER id -> lemma text, filled lazily
    _index: "_GateIndex | None" = None
    #: every topic's headings in one regex: a title it does not match matches no topic
    #: (a cheap exact pre-check before the per-topic regexes)
    any_heading_re: re.Pattern[str] | None = None
    #: phrase -> its LOWER ids, for every literal phrase compiled (what a plan cache stores)
    phrase_tokens: "PhraseTokens" = field(default_factory=dict)

    def set_lemmas(self, doc: Doc) -> None:
        """Lemmas exactly as the ``policylint_lemmatizer`` sets them, in one array write.

        Needed only by a Matcher whose LEMMA constraints could not be compiled to LOWER
        (see ``lemma_matchers``); done without building Token objects.
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
        """Tokenize only: the engine reads sentence starts from token arrays, and the rules
        need no lemmas (LEMMA constraints are compiled to LOWER)."""
        return self.nlp.make_doc(text)

    def hits(self, doc: Doc, lower: list[int] | None = None) -> list[tuple[int, int, int]]:
        """(slot, start, end) for every pattern hit in ``doc``, in a fixed order: phrase hits,
        then each Matcher's hits (in list order) as spaCy finds them over the whole block.

        ``lower``: the Doc's LOWER ids, when the caller already read them.
        """
        out: list[tuple[int, int, int]] = []
        append = out.append
        phrase_slots = self.phrase_slots
        for match_id, start, end in self.phrase_matcher(doc):
            for slot in phrase_slots.get(match_id, ()):
                append((slot, start, end))
        if not self.matchers:
            return out
        if lower is None:
            lower = doc.to_array(LOWER).tolist()
        index = self._gate_index()
        present = index.words.intersection(lower)
        todo = set(index.always)
        for word in present:
            todo.update(index.by_word[word])
        if not todo:
            return out
        positions: dict[int, list[int]] | None = None
        words: set[int] | None = None
        need_lemmas = bool(self.lemma_matchers)
        for k in sorted(todo):
            gate, matcher = self.matchers[k]
            required = self.requires.get(id(matcher)) if gate is not None else None
            if required is not None:
                if words is None:
                    words = set(lower)
                if not any(all(not need.isdisjoint(words) for need in sets) for sets in required):
                    continue  # every pattern lacks one of its words: no match is possible
            if need_lemmas and id(matcher) in self.lemma_matchers:
                self.set_lemmas(doc)
                need_lemmas = False
            reach = self.reach.get(id(matcher)) if gate is not None else None
            if reach is None:
                found = matcher(doc, allow_missing=True)
            else:
                if positions is None:
                    positions = _positions(lower, present)
                found = _run_windowed(matcher, doc, _gate_positions(positions, gate), reach)
            for match_id, start, end in found:
                if match_id in self.lemma_keys:
                    for slot in self.lemma_slots.get(self._lemmas(lower[start:end]), ()):
                        append((slot, start, end))
                else:
                    for slot in self.token_slots.get(match_id, ()):
                        append((slot, start, end))
        return out

    def _gate_index(self) -> "_GateIndex":
        """The gate-word index of ``self.matchers``, rebuilt whenever that list is replaced."""
        index = self._index
        if index is None or index.source is not self.matchers:
            index = self._index = _GateIndex.build(self.matchers)
        return index

    def _lemmas(self, lower_ids: list[int]) -> tuple[str, ...]:
        """Lemmas of a run of words (by LOWER id), exactly as ``policylint_lemmatizer`` sets them."""
        from ..nlp import _lemma_table

        cache = self._lemma_of
        out = []
        for h in lower_ids:
            lemma = cache.get(h)
            if lemma is None:
                text = self.nlp.vocab.strings[h]
                lemma = cache[h] = _lemma_table().get(text, text)
            out.append(lemma)
        return tuple(out)


@dataclass
class _GateIndex:
    """Which Matchers (by position in ``CompiledRules.matchers``) a word wakes up."""

    source: list  # the matchers list this was built from
    words: frozenset[int]  # every gate word
    by_word: dict[int, list[int]]
    always: tuple[int, ...]  # ungated Matchers

    @classmethod
    def build(cls, matchers: list[tuple[frozenset[int] | None, Matcher]]) -> "_GateIndex":
        by_word: dict[int, list[int]] = {}
        always = []
        for k, (gate, _matcher) in enumerate(matchers):
            if gate is None:
                always.append(k)
                continue
            for word in gate:
                by_word.setdefault(word, []).append(k)
        return cls(matchers, frozenset(by_word), by_word, tuple(always))


def _positions(lower: list[int], words: set[int]) -> dict[int, list[int]]:
    """Token indexes of each of ``words`` in a block (``list.index`` scans in C: gate words
    are rare, a Python loop over every token is not)."""
    out: dict[int, list[int]] = {}
    for word in words:
        found = []
        i = -1
        try:
            while True:
                i = lower.index(word, i + 1)
                found.append(i)
        except ValueError:
            pass
        out[word] = found
    return out


def _gate_positions(positions: dict[int, list[int]], gate: frozenset[int]) -> list[int]:
    """Sorted token indexes of the gate's words (``positions`` holds every present gate word)."""
    lists = [positions[w] for w in gate.intersection(positions)]
    if len(lists) == 1:
        return lists[0]
    return sorted(i for found in lists for i in found)


def _run_windowed(matcher: Matcher, doc: Doc, gates: list[int], reach: tuple[int, int]) -> list[tuple[int, int, int]]:
    """``matcher(doc)``, run only over windows around the gate words at ``gates``.

    Every match holds a gate word and spans at most ``before`` words before it and ``after``
    after it (``reach``), so it lies inside the window [gate - before - 1, gate + after + 2);
    windows that touch are merged. The spare word on each side keeps spaCy's end-of-input
    handling (which flushes pending optional tokens) from ever firing at a window edge, and
    the matches of an earlier window all end before a later window starts, so the list -
    order included - is the one a whole-block run returns (tests/unit/test_rulebook_compiler.py
    checks this against whole-block runs).
    """
    n = len(doc)
    before, after = reach[0] + 1, reach[1] + 2
    windows: list[list[int]] = []
    for i in gates:
        lo, hi = max(0, i - before), min(n, i + after)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    if sum(hi - lo for lo, hi in windows) * 4 >= n * 3:
        # the windows cover most of the block anyway: one call is cheaper than several
        return matcher(doc, allow_missing=True)
    out: list[tuple[int, int, int]] = []
    for lo, hi in windows:
        for match_id, start, end in matcher(doc[lo:hi], allow_missing=True):
            out.append((match_id, start + lo, end + lo))
    return out


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


def compile_rules(
    packs: Sequence[Pack], *, disabled: frozenset[str] = frozenset(), phrase_tokens: PhraseTokens | None = None
) -> CompiledRules:
    """Build the run's matchers for ``packs`` (topics in ``disabled``, as pack/topic, skipped).

    ``phrase_tokens``: LOWER ids of phrases tokenized before (a plan cache entry, see
    :mod:`policylint.batch.plan_cache`); a phrase it lacks is tokenized here. Tokenizing the
    ~28k phrases of the shipped packs is the largest part of compiling them.
    """
    from ..nlp import get_nlp, lemmatize_phrase

    uses: list[tuple[Pattern, Slot]] = []
    expand = _Expander()
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
            lexicon = pack.lexicon if pack.lexicon is not None else EMPTY_LEXICON
            for pattern in topic.mentions:
                uses += expand(pattern, lexicon, Slot("mention", t_index))
            for element in topic.elements:
                e_index = len(elements)
                hedges = compile_hedges(
                    element.weak_hedges, lexicon.expand_accepted(element.accept_hedges), element.ok_exceptions,
                    element.bad_exceptions, lexicon.global_hedges or GLOBAL_HEDGES,
                )
                elements.append(ElementRef(e_index, t_index, element, hedges))
                topic_elements[t_index].append(e_index)
                for g, group in enumerate(element.match):
                    for pattern in group:
                        uses += expand(pattern, lexicon, Slot("match", e_index, g))
                for pattern in element.exclude:
                    uses += expand(pattern, lexicon, Slot("exclude", e_index))
                for pattern in element.context_require:
                    uses += expand(pattern, lexicon, Slot("require", e_index))
                for pattern in element.context_reject:
                    uses += expand(pattern, lexicon, Slot("reject", e_index))
                for pattern in element.must_state:
                    uses += expand(pattern, lexicon, Slot("must", e_index))
                for part, (_name, part_patterns) in enumerate(element.must_cover):
                    for pattern in part_patterns:
                        uses += expand(pattern, lexicon, Slot("cover", e_index, part))
    uses_lemmas = any(_uses_lemma(p) for p, _ in uses)
    nlp = get_nlp(uses_lemmas)
    strings = nlp.vocab.strings
    phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    compiled = CompiledRules(
        nlp=nlp, packs=tuple(packs), topics=topics, elements=elements, slots=[], phrase_matcher=phrase_matcher,
        uses_lemmas=uses_lemmas, topic_elements=topic_elements,
        any_heading_re=_heading_regex([h for t in topics if t.heading_re is not None for h in t.topic.headings]),
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
    _add_phrases(compiled, phrases, phrase_tokens or {})
    # (gate words as (attr, words) or None) -> [(key, pattern)]; one Matcher per distinct gate
    groups: dict[tuple[str, frozenset[str]] | None, list[tuple[str, list[dict[str, object]]]]] = {}
    forms = _FormsOf() if uses_lemmas else None
    for length, sets in lemma_by_len.items():
        key = f"PL_LEMMA:{length}"
        pattern = _lemmas_to_lower([{"LEMMA": {"IN": sorted(s)}} for s in sets], forms)
        gate = _gate_words(pattern)
        groups.setdefault(None if gate is None else (gate[0], frozenset(gate[1])), []).append((key, pattern))
        compiled.lemma_keys.add(strings.add(key))
    for n, (value, ids) in enumerate(tokens.values()):
        key = f"PL_TOKENS:{n}"
        pattern = _lower_lemmas(value)
        if forms is not None:
            pattern = _lemmas_to_lower(pattern, forms)
        compiled.token_slots[strings.add(key)] = sorted(set(ids))
        gate = _gate_words(pattern)
        groups.setdefault(None if gate is None else (gate[0], frozenset(gate[1])), []).append((key, pattern))
    for gate, patterns in groups.items():
        matcher = Matcher(nlp.vocab, validate=False)  # validated at load
        for key, pattern in patterns:
            matcher.add(key, [pattern])
        if any(_reads_lemma(pattern) for _, pattern in patterns):
            compiled.lemma_matchers.add(id(matcher))
        if gate is None:
            gate_ids = None
        else:
            words = _forms_of(set(gate[1])) if gate[0] == "LEMMA" else gate[1]
            gate_ids = frozenset(strings.add(w) for w in words)
            reach = _group_reach(gate, [pattern for _, pattern in patterns])
            if reach is not None:
                compiled.reach[id(matcher)] = reach
            compiled.requires[id(matcher)] = tuple(
                tuple(frozenset(strings.add(w) for w in words) for words in _required_words(pattern))
                for _, pattern in patterns
            )
        compiled.matchers.append((gate_ids, matcher))
    return compiled


def _add_phrases(compiled: CompiledRules, phrases: dict[str, list[int]], known: PhraseTokens) -> None:
    """Add the literal phrases (phrase -> slot ids) to the PhraseMatcher, one key per slot set.

    Phrases serving the same slots share a key (27.6k phrases, under a thousand keys: spaCy
    makes a vocabulary entry of every key, a third of the compile time when each phrase had
    its own). A hit reports the same slots as before, in the same order: each token sequence
    still ends at exactly one key, except where two phrases tokenize alike ("40mm", "40 mm"),
    which keep a key of their own, named and added in order as before.
    """
    nlp = compiled.nlp
    words_of = compiled.phrase_tokens
    tokenize = PhraseTokenizer(nlp)
    for phrase in phrases:
        words = known.get(phrase)
        if words is None:
            words = tokenize(phrase)
        words_of[phrase] = words
    shared = Counter(words_of.values())
    keys: dict[object, tuple[str, list[int], list[list[int]]]] = {}
    for phrase, ids in phrases.items():
        slots = sorted(set(ids))
        words = words_of[phrase]
        group = tuple(slots) if shared[words] == 1 else ("own", phrase)
        # (a list of LOWER ids is what the PhraseMatcher makes of a Doc on ``attr="LOWER"``)
        keys.setdefault(group, (f"PL_PHRASE:{phrase}", slots, []))[2].append(list(words))
    strings = nlp.vocab.strings
    for key, slots, patterns in keys.values():
        compiled.phrase_matcher.add(key, patterns)
        compiled.phrase_slots[strings.add(key)] = slots


class PhraseTokenizer:
    """The LOWER ids of phrases as ``nlp``'s tokenizer would split them, without running it on
    most of them.

    spaCy's tokenizer splits text at single spaces first and then each space-free chunk on its
    own, so a phrase with single spaces is the concatenation of its chunks' tokens; and a chunk
    of ASCII letters, or of letter runs joined by hyphens, that is no special case (as "cannot"
    is) is its letter runs with a "-" token between each two (the hyphen infix rule). The packs'
    29k phrases are 16k distinct chunks, nearly all of that kind: the tokenizer runs on the rest
    only. ``tests/unit/test_compiler_phrases.py`` checks every shipped phrase against spaCy.
    """

    _SIMPLE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._strings = nlp.vocab.strings
        self._specials = frozenset(nlp.tokenizer.rules or ())
        self._hyphen = self._strings.add("-")
        self._chunks: dict[str, tuple[int, ...]] = {}

    def __call__(self, phrase: str) -> tuple[int, ...]:
        parts = phrase.split(" ")
        if any(not part or part != part.strip() for part in parts):
            return self._spacy(phrase)  # other spacing: spaCy keeps the extra whitespace as tokens
        words: list[int] = []
        for part in parts:
            found = self._chunks.get(part)
            if found is None:
                found = self._chunks[part] = self._chunk(part)
            words.extend(found)
        return tuple(words)

    def _chunk(self, chunk: str) -> tuple[int, ...]:
        if not self._SIMPLE.fullmatch(chunk):
            return self._spacy(chunk)
        runs = chunk.split("-")
        if chunk in self._specials or any(run in self._specials for run in runs):
            return self._spacy(chunk)
        ids: list[int] = []
        for run in runs:
            if ids:
                ids.append(self._hyphen)
            ids.append(self._strings.add(run.lower()))
        return tuple(ids)

    def _spacy(self, text: str) -> tuple[int, ...]:
        return tuple(self._nlp.make_doc(text).to_array(LOWER).tolist())


class _Expander:
    """Pattern uses in the three forms the matchers take (phrase, lemma, tokens).

    ``{concept: ...}`` becomes its lexicon patterns; a term becomes its surface forms (see
    :mod:`policylint.rulebook.terms`), or one token pattern when it has too many. Expansions
    are cached: a concept used by forty elements is expanded once.
    """

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str, str], tuple[Pattern, ...]] = {}

    def __call__(self, pattern: Pattern, lexicon: Lexicon, slot: Slot) -> list[tuple[Pattern, Slot]]:
        return [(p, slot) for p in self.primitive(pattern, lexicon)]

    def primitive(self, pattern: Pattern, lexicon: Lexicon) -> tuple[Pattern, ...]:
        if pattern.form in ("phrase", "lemma", "tokens"):
            return (pattern,)
        key = (id(lexicon), pattern.form, repr(pattern.value))
        found = self._cache.get(key)
        if found is None:
            if pattern.form == "concept":
                out: dict[tuple[str, str], Pattern] = {}
                for inner in lexicon.patterns(pattern.value):
                    for p in self.primitive(inner, lexicon):
                        out.setdefault(p.key(), p)
                found = tuple(out.values())
            else:  # term | exact
                inflect = pattern.form == "term"
                variants = term_variants(pattern.value, inflect=inflect)
                if variants is None:
                    found = (Pattern("tokens", term_token_pattern(pattern.value, inflect=inflect), pattern.line),)
                else:
                    found = tuple(Pattern("phrase", v, pattern.line) for v in variants)
            self._cache[key] = found
        return found


class _FormsOf:
    """Lemma set -> the lower-case words whose lemma (``table.get(lower, lower)``) is in it."""

    def __init__(self) -> None:
        from ..nlp import _lemma_table

        self.table = _lemma_table()
        self._by_lemma: dict[str, list[str]] | None = None

    def __call__(self, lemmas: Iterable[str]) -> list[str]:
        if self._by_lemma is None:
            by_lemma: dict[str, list[str]] = {}
            for word, lemma in self.table.items():
                by_lemma.setdefault(lemma, []).append(word)
            self._by_lemma = by_lemma
        out: set[str] = set()
        for lemma in lemmas:
            out.update(self._by_lemma.get(lemma, ()))
            if lemma not in self.table:
                out.add(lemma)  # a word the table does not list is its own lemma
        return sorted(out)


def _lemmas_to_lower(pattern: list[dict[str, object]], forms: _FormsOf | None) -> list[dict[str, object]]:
    """Rewrite each token's ``LEMMA`` (a string, ``IN`` or ``NOT_IN``; already lower-cased) into
    the equivalent ``LOWER`` constraint. Tokens that also constrain LOWER, or use another
    operator on LEMMA, keep their LEMMA (and the engine then sets lemmas for their Matcher)."""
    if forms is None:
        return pattern
    out = []
    for token in pattern:
        keys = {k.upper(): k for k in token}
        lemma_key = keys.get("LEMMA")
        if lemma_key is None or "LOWER" in keys:
            out.append(token)
            continue
        value = token[lemma_key]
        if isinstance(value, str):
            rewritten: object = {"IN": forms([value])}
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN") and isinstance(next(iter(value.values())), list):
            op, words = next(iter(value.items()))
            rewritten = {op: forms(str(w) for w in words)}
        else:
            out.append(token)
            continue
        token = {k: v for k, v in token.items() if k != lemma_key}
        token["LOWER"] = rewritten
        out.append(token)
    return out


def _reads_lemma(pattern: list[dict[str, object]]) -> bool:
    return any("LEMMA" in {str(k).upper() for k in token} for token in pattern if isinstance(token, dict))


_COUNT_OP = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


def _max_width(op: object) -> int | None:
    """Most words one pattern token can consume under ``op`` (None: unbounded or '!')."""
    if op is None or op in ("1", "?"):
        return 1
    if not isinstance(op, str):
        return None
    m = _COUNT_OP.match(op)
    if m is None:
        return None  # "*", "+", "!" and anything unknown
    low, comma, high = m.groups()
    if not comma:
        return int(low) if low else None  # "{n}"
    return int(high) if high else None  # "{n,m}" / "{,m}"; "{n,}" is unbounded


def _group_reach(gate: tuple[str, frozenset[str]], patterns: list[list[dict[str, object]]]) -> tuple[int, int] | None:
    """(before, after): how many words a match of any of ``patterns`` can span before and
    after the gate word it holds. None when some pattern is unbounded (then the Matcher
    reads whole blocks)."""
    before = after = 0
    for pattern in patterns:
        widths = [_max_width(token.get("OP")) for token in pattern]
        if any(w is None for w in widths):
            return None
        gates = [k for k, token in enumerate(pattern) if token.get("OP") is None and _token_words(token) == (gate[0], set(gate[1]))]
        if not gates:
            return None
        for k in gates:
            before = max(before, sum(widths[:k]))  # type: ignore[arg-type]
            after = max(after, sum(widths[k + 1 :]))  # type: ignore[arg-type]
    return before, after


def _forms_of(lemmas: set[str]) -> set[str]:
    """Every lower-case word the lookup table maps to one of ``lemmas``, plus the lemmas themselves
    (a word missing from the table is its own lemma)."""
    from ..nlp import _lemma_table

    return set(lemmas) | {word for word, lemma in _lemma_table().items() if lemma in lemmas}


#: Words too common to make a useful pre-filter.
_COMMON = frozenset({"of", "the", "a", "an", "or", "and", "to", "in", "at", "into", "on", "by", "for", "its", "their", "any", "-", "is", "be"})


def _token_words(token: dict[str, object]) -> tuple[str, set[str]] | None:
    """(attr, words) a pattern token requires: its one LOWER/LEMMA/ORTH/TEXT word or ``IN`` set
    (ORTH/TEXT words lower-cased: a gate on their lower-case form lets through a superset)."""
    found = None
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
            attr = "LOWER"
            words = {w.lower() for w in words}
        found = ("LEMMA" if attr == "LEMMA" else "LOWER", words)
    return found


def _required_words(pattern: list[dict[str, object]]) -> list[set[str]]:
    """For each token a match must consume (OP absent, "1", "+" or "{n,...}" with n >= 1) and
    that names its words: the lower-case words it accepts (a superset for ORTH/TEXT and for
    LEMMA, which stands for every form of the lemma)."""
    out = []
    for token in pattern:
        op = token.get("OP")
        if op not in (None, "1", "+"):
            m = _COUNT_OP.match(op) if isinstance(op, str) else None
            if m is None or not m.group(1) or int(m.group(1)) < 1:
                continue
        words = _token_words(token)
        if words is None:
            continue
        out.append(_forms_of(words[1]) if words[0] == "LEMMA" else words[1])
    return out


def _gate_words(pattern: list[dict[str, object]]) -> tuple[str, set[str]] | None:
    """(attr, words): a mandatory token of ``pattern`` whose value must occur for a match.

    Picks the mandatory LOWER/LEMMA token with the fewest, least common values. None when
    no token qualifies (then the Matcher always runs: correctness over speed).
    """
    best: tuple[str, set[str]] | None = None
    for token in pattern:
        if token.get("OP") not in (None, "+"):
            continue
        words = _token_words(token)
        if words is None or words[1] & _COMMON:
            continue
        if best is None or len(words[1]) < len(best[1]):
            best = words
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
