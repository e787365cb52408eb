"""The one spaCy pipeline policylint uses.

``spacy.blank("en")`` (tokenizer only) plus two small components of our own:

* ``policylint_sentences``: a rule-based sentence splitter. spaCy's ``sentencizer``
  splits after every full stop, which breaks policy text such as "Sec. 5", "No. 3",
  "J. Smith" or "approx. 10"; ours splits only where a sentence-ending mark is followed
  by something that can start a sentence and the word before the mark is not a known
  abbreviation or an initial.
* ``policylint_lemmatizer`` (only when a rule uses lemma patterns): the English lookup
  table from ``spacy-lookups-data``, applied to the *lower-cased* token so that a
  sentence-initial "Intervened" lemmatises like "intervened" (spaCy's own lookup mode
  looks the text up as written).

No statistical model and nothing downloaded at run time. Pipelines are cached per
process, so every document and every rule in a run share one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ._spacy import import_spacy

import_spacy()  # spaCy without its CLI (see policylint/_spacy.py): before any spaCy import

import numpy  # noqa: E402  (after: spaCy imports it with the collector paused)

from spacy.attrs import LOWER, ORTH, SENT_START, SPACY  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.strings import StringStore, get_string_id  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

__all__ = ["get_nlp", "lemmatize_phrase", "sentence_starts", "ABBREVIATIONS"]

#: Words that end in a full stop without ending a sentence (compared lower-case, no dot).
ABBREVIATIONS = frozenset(
    """
    sec secs no nos art arts ch chap para paras pp p pg fig figs vol vols ed eds
    dept dep div ofc off sgt lt capt cpl cmdr det insp supt chf sheriff dep
    mr mrs ms dr st ave blvd rd hwy mt ft jr sr inc co corp ltd llc
    approx est etc vs v viz cf al ibid seq et
    jan feb mar apr jun jul aug sep sept oct nov dec
    min max hr hrs sq yr yrs
    ill cal calif colo fla ga mich minn nev wash wis tenn tex
    stat ann rev gen ord reg regs cir supp
    """.split()
)

#: Chunks the tokenizer caches (spaCy's default is 10,000): enough for the rules' phrases and
#: the vocabulary of several long manuals, a few tens of MB at most in a long-lived process.
TOKENIZER_CACHE_SIZE = 500_000

_TERMINAL = {".", "!", "?"}
_CLOSERS = {'"', "'", "”", "’", ")", "]"}


def _can_start_sentence(text: str) -> bool:
    first = text[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in "\"'“‘([")


@Language.component("policylint_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Mark sentence starts (see module docstring for the rules).

    Only tokens right after a terminal mark are examined in Python; every other token
    is set "not a start" in one array write, which keeps this cheap on 600-page manuals.
    """
    n = len(doc)
    if n == 0:
        return doc
    starts = numpy.full(n, -1, dtype="int64")
    starts[0] = 1
    for i in _candidate_starts(doc):
        starts[i] = 1
    # spaCy stores -1 ("not a start") in a uint64 array: reinterpret, don't convert.
    doc.from_array([SENT_START], starts.view("uint64").reshape(n, 1))
    return doc


def sentence_starts(orth: list[int], spaces: list[int], lower: list[int], strings: StringStore) -> list[int]:
    """Indexes of the tokens that begin a sentence, 0 included (``[0]`` for no tokens), from a
    Doc's ORTH, SPACY and LOWER columns: exactly where ``policylint_sentences`` marks starts.

    For callers that already hold the arrays (the engine): no Doc write, no Token objects.
    """
    return [0] + _starts_after_marks(orth, spaces, lower, strings)


def _candidate_starts(doc: Doc) -> list[int]:
    """Indexes of tokens that begin a sentence (never 0)."""
    rows = doc.to_array([ORTH, SPACY, LOWER])
    return _starts_after_marks(rows[:, 0].tolist(), rows[:, 1].tolist(), rows[:, 2].tolist(), doc.vocab.strings)


def _starts_after_marks(orth: list[int], spaces: list[int], lower: list[int], strings: StringStore) -> list[int]:
    """Sentence starts after terminal marks (never 0), read from token columns.

    ``spaces[i]`` is the SPACY flag (token i is followed by whitespace). Texts come from
    the StringStore, never from Token objects: ``Doc.text`` or ``doc[i]`` would build one
    per word, which was most of the splitter's time on a long manual.
    """
    terminal = _terminal_ids()
    marks = [i for i, o in enumerate(orth) if o in terminal]
    if not marks:
        return []
    out = []
    n = len(orth)
    stop = _STOP_ID
    for end in marks:
        nxt = end + 1
        # `." Next` and `.) Next`: a closing quote or bracket glued to the mark belongs to it.
        if nxt < n and strings[orth[nxt]] in _CLOSERS and not spaces[end]:
            nxt += 1
        if nxt >= n or not _can_start_sentence(strings[orth[nxt]]):
            continue
        if orth[end] == stop and end >= 1:
            word = strings[lower[end - 1]].rstrip(".")
            # "Sec. 5", "J. Smith": the stop is an abbreviation's when glued to the word.
            if not spaces[end - 1] and (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
                continue
        out.append(nxt)
    return out


#: String ids are hashes of the text, the same in every StringStore.
_STOP_ID = get_string_id(".")


@lru_cache(maxsize=1)
def _terminal_ids() -> frozenset[int]:
    return frozenset(get_string_id(t) for t in _TERMINAL)


class _LowerLookup:
    """Callable component: lemma = lookup(lower-case text), falling back to the lower-case text."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        for token in doc:
            lower = token.lower_
            token.lemma_ = table.get(lower, lower)
        return doc


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    """The English lookup lemma table from spacy-lookups-data, as a plain str -> str dict.

    Read from the package's data file (spaCy's ``Table`` keeps only hashed keys); keys
    are lower-cased so look-ups on lower-case tokens find them.
    """
    import spacy_lookups_data
    import srsly

    data = srsly.read_gzip_json(spacy_lookups_data.get_file("en_lemma_lookup.json.gz"))
    table: dict[str, str] = {}
    for word, lemma in data.items():
        # Keep the entry of the lower-case form when "US" and "us" both exist.
        key = str(word).lower()
        if key not in table or str(word) == key:
            table[key] = str(lemma).lower()
    return table


@Language.factory("policylint_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> _LowerLookup:
    return _LowerLookup(_lemma_table())


def _bracket_emoticon(text: str) -> bool:
    """Is ``text`` one of spaCy's emoticons made of brackets and ":", ";" or "=" ("):", ":-)")?

    In a policy these are punctuation: "After any reportable force (beyond handcuffing):"
    ends a lead-in, and one token "):" would hide the colon that ends it. The emoticons with
    a letter or digit ("8)", an item marker) are left as spaCy has them.
    """
    return (any(c in "()[]{}" for c in text) and any(c in ":;=" for c in text)
            and not any(c.isalnum() for c in text))


@lru_cache(maxsize=2)
def get_nlp(lemmas: bool = False) -> Language:
    """The shared pipeline; with ``lemmas=True`` the lookup lemmatizer is added."""
    import spacy

    nlp = spacy.blank("en")
    # spaCy caches the tokens of each whitespace-delimited chunk, but only its first 10,000
    # chunks; the run's ~28k rule phrases fill that before a document is read, so every word
    # of a manual was split afresh (prefix, suffix and infix regexes): ~1 s of a Lisle run.
    # The cache is transparent (a chunk's tokens do not depend on where it occurs).
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE_SIZE
    nlp.tokenizer.rules = {text: pieces for text, pieces in nlp.tokenizer.rules.items() if not _bracket_emoticon(text)}
    nlp.add_pipe("policylint_sentences")
    if lemmas:
        nlp.add_pipe("policylint_lemmatizer")
    return nlp


def lemmatize_phrase(words: Iterable[str]) -> tuple[str, ...]:
    """Lemmas of pattern words, exactly as the pipeline lemmatises document tokens."""
    table = _lemma_table()
    return tuple(table.get(w.lower(), w.lower()) for w in words)
