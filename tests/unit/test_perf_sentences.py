"""Sentence starts read from token arrays (what the engine and ``policylint_sentences`` use)
are exactly those of the straightforward Token-object reading of the rules, kept here as
the oracle."""

from __future__ import annotations

import random

import pytest
from spacy.attrs import LOWER, ORTH, SPACY

from policylint.nlp import ABBREVIATIONS, get_nlp, sentence_starts

PIECES = [
    "Officers", "shall", "intervene", ".", "Sec.", "5", "J.", "Smith", "said", "no.", "3", "?", "!",
    '"', "'", ")", "(a)", "[b]", "“Quoted”", "approx.", "10", "U.S.", "e.g.", "Next", "next", ":",
    ";", ",", "2.", "IV.", "\n", "  ", "Mr.", "Dr.", "ok...", "End.\"", "Yes!)", "why?'", "Dept.",
]


def _reference_starts(text: str) -> list[int]:
    """The splitting rules (policylint/nlp.py docstring) read token by token."""
    doc = get_nlp().make_doc(text)
    out = [0]
    for end, token in enumerate(doc):
        if token.text not in (".", "!", "?"):
            continue
        nxt = end + 1
        if nxt < len(doc) and doc[nxt].text in {'"', "'", "”", "’", ")", "]"} and not token.whitespace_:
            nxt += 1
        if nxt >= len(doc):
            continue
        first = doc[nxt].text[:1]
        if not (first.isupper() or first.isdigit() or (first and first in "\"'“‘([")):
            continue
        if token.text == "." and end >= 1:
            before = doc[end - 1]
            word = before.lower_.rstrip(".")
            if not before.whitespace_ and (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
                continue
        out.append(nxt)
    return out


def _marked_starts(text: str) -> list[int]:
    doc = get_nlp().make_doc(text)
    get_nlp().get_pipe("policylint_sentences")(doc)
    return [sent.start for sent in doc.sents] if len(doc) else [0]


def _array_starts(text: str) -> list[int]:
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    rows = doc.to_array([ORTH, SPACY, LOWER])
    return sentence_starts(rows[:, 0].tolist(), rows[:, 1].tolist(), rows[:, 2].tolist(), nlp.vocab.strings)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Officers shall intervene. They shall report it.",
        "See Sec. 5 and J. Smith. Then act.",
        'He said "stop." Then he left. (See below.) Next item.',
        "Why? Because! 3. Three",
    ],
)
def test_fixed_texts(text):
    assert _array_starts(text) == _reference_starts(text) == _marked_starts(text)


def test_random_texts():
    rng = random.Random(7)
    for _ in range(400):
        words = [rng.choice(PIECES) for _ in range(rng.randint(1, 40))]
        text = "".join(w + rng.choice([" ", "", " ", "  "]) for w in words)
        assert _array_starts(text) == _reference_starts(text) == _marked_starts(text), text
