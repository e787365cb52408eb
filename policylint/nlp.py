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

import numpy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["get_nlp", "lemmatize_phrase", "ABBREVIATIONS"]

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


def _candidate_starts(doc: Doc) -> list[int]:
    """Indexes of tokens that begin a sentence (never 0).

    The terminal marks are found with one vectorised pass over the ORTH ids; only the
    few tokens around them are looked at as Python objects.
    """
    text = doc.text
    if "." not in text and "!" not in text and "?" not in text:
        return []
    orth = doc.to_array(ORTH)
    strings = doc.vocab.strings
    marks = numpy.flatnonzero(numpy.isin(orth, [strings.add(t) for t in _TERMINAL]))
    out = []
    n = len(doc)
    for end in marks.tolist():
        token = doc[end]
        nxt = end + 1
        # `." Next` and `.) Next`: a closing quote or bracket glued to the mark belongs to it.
        if nxt < n and doc[nxt].text in _CLOSERS and not token.whitespace_:
            nxt += 1
        if nxt >= n or not _can_start_sentence(doc[nxt].text):
            continue
        if token.text == "." and end >= 1:
            before = doc[end - 1]
            word = before.lower_.rstrip(".")
            # "Sec. 5", "J. Smith": the stop is an abbreviation's when glued to the word.
            if not before.whitespace_ and (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
                continue
        out.append(nxt)
    return out


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


@lru_cache(maxsize=2)
def get_nlp(lemmas: bool = False) -> Language:
    """The shared pipeline; with ``lemmas=True`` the lookup lemmatizer is added."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("policylint_sentences")
    if lemmas:
        nlp.add_pipe("policylint_lemmatizer")
    return nlp


def lemmatize_phrase(words: Iterable[str]) -> tuple[str, ...]:
    """Lemmas of pattern words, exactly as the pipeline lemmatises document tokens."""
    table = _lemma_table()
    return tuple(table.get(w.lower(), w.lower()) for w in words)
