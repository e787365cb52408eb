"""Is a text layer legible prose, or glyph codes that were never mapped to characters?

A PDF whose fonts carry no Unicode map (no ``ToUnicode`` CMap, a custom ``/Encoding``
with made-up glyph names, Type3 fonts) has a text layer that extracts as garbage:
pdfminer writes ``(cid:49)(cid:56)`` for every glyph, pdfium hands back the raw glyph
codes as unrelated characters (``3ROLF\\`` for "Policy", runs of punctuation and
digits, control or private-use characters, U+FFFD). Read as text, such a page holds
nothing a rule can match, and every topic would come out "missing". This module says
when that is the case, so that readers report the text as unreadable instead.

The measures say nothing about policing and hold for any English-like text; they are
counted by builtins and one pass over the distinct tokens, because this runs on every
page of 500-page manuals (about 0.3 ms a page):

``undecoded``
    share of glyphs that are ``(cid:N)`` tokens, control characters, private-use
    characters or U+FFFD. Real pages have a private-use bullet here and there.
``recognised``
    share of the characters (dotted leaders aside) in recognisable tokens: words
    (letters, with a vowel unless short like an acronym, no five consonants in a row,
    a plausible length), numbers and references (``300.5.1``, ``5/7-5``, ``(a)(1)``),
    and the marks that stand alone in prose (dashes, bullets, ``&``, ``§``). Raw glyph
    codes mix letters, digits and punctuation in one token.
``vowels``
    share of vowels among Latin letters: about 0.38-0.42 in English whatever the
    subject, the case or the abbreviations; letters shifted by a fixed glyph offset
    (``WKH`` for "the") have far fewer.
``lone``
    share of tokens that are one glyph: glyph codes set apart one by one
    (``! " # $ % &``) when pdfium puts a space between every glyph.

Only text with enough glyphs is judged (:data:`MIN_GLYPHS`): a title page of five words,
a signature page or a short table is legible by definition. The thresholds and the
measurements behind them are in ``docs/reading.md`` ("Text that cannot be decoded").
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..model import Diagnostic, DiagnosticCode, RawDocument

__all__ = [
    "Legibility",
    "measure",
    "is_legible",
    "without_undecodable_text",
    "MIN_GLYPHS",
    "MAX_UNDECODED",
    "MIN_RECOGNISED",
    "MIN_VOWELS",
    "MIN_LETTERS_FOR_VOWELS",
    "MIN_DISTINCT_FOR_VOWELS",
    "MAX_LONE",
    "MAX_LONE_DIGITS",
    "CID_CODES",
    "UNDECODED_CHARACTERS",
    "NO_WORDS",
    "NOT_WORDS",
    "LONE_GLYPHS",
]

# Thresholds, chosen from ~3,100 real pages and text chunks (no page crosses any of them;
# the closest are named in docs/reading.md) and from garbled forms of those pages.

#: Glyphs (non-space characters, a ``(cid:N)`` token counting as one) below which text is
#: not judged: too little for a share to mean anything.
MIN_GLYPHS = 80
#: Above this share of undecoded glyphs the text is illegible (real pages: at most 0.011).
MAX_UNDECODED = 0.2
#: Below this share of characters in recognisable tokens it is illegible (real: 0.57 and up).
MIN_RECOGNISED = 0.45
#: Below this share of vowels among Latin letters it is illegible (real: 0.34 and up).
MIN_VOWELS = 0.28
#: Latin letters needed before the vowel share is judged.
MIN_LETTERS_FOR_VOWELS = 60
#: ...and distinct tokens: one word repeated ("word word word", vowel share 0.25) is not
#: English-like text whose vowel share means anything.
MIN_DISTINCT_FOR_VOWELS = 20
#: Above this share of one-glyph tokens it is glyphs set apart one by one (real: 0.41 at most)...
MAX_LONE = 0.7
#: ...unless nearly all of them are digits: a grid of figures is a table, not garbage.
MAX_LONE_DIGITS = 0.9

#: What :attr:`Legibility.cause` says, one cause per measure.
CID_CODES = "(cid:N) codes"
UNDECODED_CHARACTERS = "control, private-use or replacement characters"
NO_WORDS = "no recognisable words"
NOT_WORDS = "letters that do not form words"
LONE_GLYPHS = "glyphs set apart one by one"

_CID = re.compile(r"\(cid:\d+\)")
#: Dotted, dashed and underlined leaders ("Title ........ 12", "Signature ______", ". . . ."):
#: they carry no letters and are neither legible nor garbled.
_LEADER = re.compile(r"(?:[.\u00b7\u2026_\-=~*]\s*){4,}")
#: Punctuation that opens or closes a word ("(a)", "said,", "self-" at a line break).
_EDGE_PUNCTUATION = "\"'()[]{},.;:!?\u201c\u201d\u2018\u2019\u00ab\u00bb-\u2013\u2014"
#: Punctuation that may close a reference ("5/7-5,", "2.1(b).") or open one.
_REFERENCE_END = ".,;:!?\"'\u201d\u2019"
_REFERENCE_START = "\"'\u201c\u2018"
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019.\-/&][^\W\d_]+)*\.?")
#: A number: 12, 1,200, 31.5, 5/7-5, 2015/05/04, $1,055, 15%, 1990s, 2nd (one separator between digits).
_NUMBER = re.compile(r"[\u00a7$#\u20ac\u00a3]*[+\-\u2212]?\d+(?:[.,:/\-\u2013]\d+)*%?(?:st|nd|rd|th|s)?")
#: A reference: 300.5.1(b)(3), D-52, GO-2014-03, 12-B, I-94, (a)(1).
_REFERENCE = re.compile(
    r"(?:[A-Za-z]{1,4}[.\-]?)?\d+[A-Za-z]{0,2}(?:[.\-/\u2013](?:\d+[A-Za-z]{0,2}|[A-Za-z]{1,3}))*"
    r"(?:\([A-Za-z0-9]{1,4}\))*"
    r"|(?:\([A-Za-z0-9]{1,4}\))+"
)
#: Marks that stand alone between words: dashes, &, section and paragraph signs, bullets, boxes.
_STANDALONE = frozenset(
    ["-", "\u2013", "\u2014", "&", "\u00a7", "\u00a7\u00a7", "\u00b6", "\u00b7", "\u2022", "\u25aa", "\u25cf",
     "\u25e6", "\u25a0", "\u25a1", "\u2610", "\u2611", "\u2612", "\u2713", "\u2714"]
)
#: Characters that stand for a glyph no Unicode value was found for: control codes (glyph ids
#: read as characters; those Python counts as spaces never get here), private use (the BMP
#: area and planes 15-16), lone surrogates, U+FFFD.
_UNDECODED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff\ufffd]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_LOWER_VOWELS = (
    "aeiouy\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef"
    "\u00f2\u00f3\u00f4\u00f5\u00f6\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd"
)
_VOWELS = _LOWER_VOWELS + _LOWER_VOWELS.upper()
_CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]{5}")
#: Letters a word without a vowel may have and still be an acronym or abbreviation (CPD, HTTPS, Mr).
_MAX_VOWELLESS = 5
_MAX_WORD_LETTERS = 24
#: Distinct tokens whose verdict is remembered: words repeat across the pages of a manual.
_TOKEN_CACHE = 1 << 16
#: pdfium's mark for a word hyphenated at a line end: text, not garbage.
_SOFT_HYPHEN_MARK = "\ufffe"


@dataclass(frozen=True, slots=True)
class Legibility:
    """What the measures found on one text; :attr:`legible` is the verdict."""

    glyphs: int  # non-space characters, each (cid:N) token counted as one glyph
    cid_tokens: int
    undecoded: float  # share of glyphs that are (cid:N), control, private-use or U+FFFD
    recognised: float  # share of characters (leaders aside) in recognisable tokens
    letters: int  # Latin letters
    vowels: float  # share of vowels among Latin letters (0 when there are none)
    lone: float  # share of tokens (leaders aside) that are one glyph
    lone_digits: float  # share of those one-glyph tokens that are digits
    distinct: int = 0  # distinct tokens (leaders aside)

    @property
    def judged(self) -> bool:
        """Enough text for the shares to mean something."""
        return self.glyphs >= MIN_GLYPHS

    @property
    def cause(self) -> str | None:
        """Why the text is illegible (one of the cause constants); None when legible or too short."""
        if not self.judged:
            return None
        if self.undecoded > MAX_UNDECODED:
            return CID_CODES if self.cid_tokens * 2 > self.glyphs * self.undecoded else UNDECODED_CHARACTERS
        if self.recognised < MIN_RECOGNISED:
            return NO_WORDS
        if self.letters >= MIN_LETTERS_FOR_VOWELS and self.distinct >= MIN_DISTINCT_FOR_VOWELS and self.vowels < MIN_VOWELS:
            return NOT_WORDS
        if self.lone > MAX_LONE and self.lone_digits < MAX_LONE_DIGITS:
            return LONE_GLYPHS
        return None

    @property
    def legible(self) -> bool:
        return self.cause is None


def _is_word(token: str) -> bool:
    """Letters that could be a word: a vowel unless short, no five consonants in a row."""
    if not _WORD.fullmatch(token):
        return False
    letters = sum(map(str.isalpha, token))
    if letters > _MAX_WORD_LETTERS:
        return False
    if not _LATIN_LETTER.search(token):
        return True  # another script: vowels and consonants as counted here do not apply
    if not any(c in _VOWELS for c in token):
        return letters <= _MAX_VOWELLESS
    if letters == 1:
        return token in ("a", "A", "I")  # other lone letters are list markers at best
    return not _CONSONANT_RUN.search(token)


@lru_cache(maxsize=_TOKEN_CACHE)
def _recognised(token: str) -> bool:
    """A word, a number or reference, or a mark that stands alone in prose."""
    if token in _STANDALONE:
        return True
    # References first: their brackets are part of them ("(a)(1)", "300.5.1(b)").
    if _REFERENCE.fullmatch(token.rstrip(_REFERENCE_END).lstrip(_REFERENCE_START)):
        return True
    stripped = token.strip(_EDGE_PUNCTUATION)
    if not stripped:
        return False  # punctuation alone: a comma or a bracket does not stand by itself
    return _is_word(stripped) or bool(_NUMBER.fullmatch(stripped))


_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_VOWELS = bytes(c for c in _VOWELS.encode("latin-1") if c < 128)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _letters_and_vowels(glyphs: str) -> tuple[int, int]:
    """Latin letters and vowels in ``glyphs``, the costliest counts of a page: the ASCII ones by
    deleting bytes, the few others (curly quotes, accented letters) one by one."""
    raw = glyphs.encode("ascii", "ignore")
    letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    vowels = len(raw) - len(raw.translate(None, _ASCII_VOWELS))
    if len(raw) != len(glyphs):
        others = "".join(_NON_ASCII.findall(glyphs))
        letters += len(_LATIN_LETTER.findall(others))
        vowels += sum(map(others.count, _VOWELS))
    return letters, vowels


def measure(text: str) -> Legibility:
    """Measure ``text``: a page, a block or a whole document."""
    cid_tokens = len(_CID.findall(text))
    if cid_tokens:
        text = _CID.sub(" \x00 ", text)  # one undecoded glyph each, a token of its own
    text = text.replace(_SOFT_HYPHEN_MARK, "-")
    glyph_text = "".join(text.split())
    glyphs = len(glyph_text)
    letters, vowels = _letters_and_vowels(glyph_text)
    undecoded = len(_UNDECODED.findall(glyph_text))
    total = good = tokens = lone = lone_digits = 0
    counts = Counter(_LEADER.sub(" ", text).split())
    # Each distinct token is classified once: a page repeats its words.
    for token, count in counts.items():
        size = len(token) * count
        tokens += count
        total += size
        if _recognised(token):
            good += size
        if len(token) == 1:
            lone += count
            lone_digits += count if token.isdigit() else 0
    return Legibility(
        glyphs=glyphs,
        cid_tokens=cid_tokens,
        undecoded=undecoded / glyphs if glyphs else 0.0,
        recognised=good / total if total else 1.0,
        letters=letters,
        vowels=vowels / letters if letters else 0.0,
        lone=lone / tokens if tokens else 0.0,
        lone_digits=lone_digits / lone if lone else 0.0,
        distinct=len(counts),
    )


def is_legible(text: str) -> bool:
    """True unless ``text`` is long enough to judge and reads as undecoded glyph codes."""
    return measure(text).legible


#: About how many characters of a text document are measured: undecodable text is
#: undecodable throughout, so a sample from every part decides as well as the whole file.
_SAMPLE_CHARS = 1 << 16


def _sample(texts: Sequence[str]) -> str:
    """About :data:`_SAMPLE_CHARS` of the texts, every n-th one, from every part of the document."""
    stride = max(1, sum(map(len, texts)) // _SAMPLE_CHARS)
    return "\n".join(texts[::stride])


def without_undecodable_text(raw: RawDocument) -> RawDocument:
    """``raw`` as it is, or with no blocks and a PL114 error when its text cannot be decoded.

    For the text formats (plain text, Markdown, HTML, DOCX), judged as one text: a file that
    is mostly ``(cid:N)`` tokens or glyph codes was copied out of a PDF whose fonts have no
    Unicode map, and reading it would report every topic "missing". PDFs are judged page by
    page by their reader and pass through unchanged.
    """
    if raw.format == "pdf" or not raw.blocks:
        return raw
    verdict = measure(_sample([block.text for block in raw.blocks]))
    if verdict.legible:
        return raw
    detail = "it is (cid:N) glyph codes" if verdict.cause == CID_CODES else "it reads as glyph codes, not words"
    error = Diagnostic(
        code=DiagnosticCode.UNDECODABLE_TEXT.value,
        message=(
            f"{raw.path}: the text cannot be decoded: {detail} (text taken from a PDF whose fonts have no "
            "Unicode map); nothing was read; extract it again from a PDF with embedded Unicode fonts, "
            "or run OCR on the original"
        ),
        path=raw.path,
    )
    return dataclasses.replace(raw, blocks=(), diagnostics=raw.diagnostics + (error,))
