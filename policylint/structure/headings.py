"""Heading recognition: numbering patterns, format heading levels, font size and weight.

A heading gets a *rank*: a smaller rank sits higher in the tree. Ranks only need to
be consistent within one document, so each kind of numbering has a fixed rank:

    Chapter / Part            10
    Article                   20
    Section N, General Order,
    D-52, bare policy number  30   (+10 per extra dotted level: 300.5 -> 40, 300.5.1 -> 50)
    Roman "II."               32
    Letter "A."               45
    font-size heading         30 + 2 x (size order, largest first)
    bold body-size heading    35 + 2 x size order
    format heading level n    10 x n   (DOCX style, Markdown #, HTML <hn>)

``(a)``-style items are list items, never headings.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "HeadingMatch",
    "match_numbered",
    "is_title_like",
    "split_number",
    "NUMBER_ONLY",
    "numeric_key",
    "number_depth",
]

_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or per the to vs via with without upon under over its".split()
)
_DASH = r"[-\u2013\u2014:.]?"


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A recognised heading: its printed number (or None), title and rank."""

    number: str | None
    title: str
    rank: int
    kind: str  # "chapter", "article", "section", "dotted", "bare", "roman", "letter", "font", "bold", "tag"


_CHAPTER = re.compile(rf"^(chapter|part)\s+(\d{{1,3}}|[IVXLC]{{1,6}})\b\s*{_DASH}\s*(.*)$", re.IGNORECASE)
_ARTICLE = re.compile(rf"^(article)\s+(\d{{1,3}}|[IVXLC]{{1,6}})\b\s*{_DASH}\s*(.*)$", re.IGNORECASE)
_SECTION = re.compile(rf"^(section|sec\.|§)\s*(\d{{1,4}}(?:\.\d{{1,3}})*)\b\s*{_DASH}\s*(.*)$", re.IGNORECASE)
_ORDER = re.compile(
    rf"^((?:general|special)\s+order|directive|policy)\s+(?:no\.?\s*|number\s*|#\s*)?(\d{{1,4}}(?:[.-]\d{{1,4}})*)\b\s*{_DASH}\s*(.*)$",
    re.IGNORECASE,
)
_CODE = re.compile(r"^([A-Z]{1,3}-\d{1,4}(?:\.\d{1,3})*)\s+[-\u2013\u2014:]?\s*(\S.*)$")
_DOTTED = re.compile(r"^(\d{1,4}(?:\.\d{1,3})+)\.?\s+[-\u2013\u2014:]?\s*(\S.*)$")
_BARE = re.compile(r"^(\d{1,4})\.?\s+[-\u2013\u2014:]?\s*(\S.*)$")
_ROMAN = re.compile(r"^([IVXL]{1,6})\.\s+(\S.*)$")
_LETTER = re.compile(r"^([A-Z])\.\s+(\S.*)$")

#: A line that is only a number (Lexipol prints the policy number alone above its title).
NUMBER_ONLY = re.compile(r"^\d{1,4}(?:\.\d{1,3})*$")
_ROMAN_VALID = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def _words(title: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'\u2019\-/&]*", title)


def is_title_like(title: str, *, max_words: int = 14, strict: bool = False, relaxed: bool = False) -> bool:
    """Whether text reads like a heading title rather than a sentence (cached)."""
    return _is_title_like(title, max_words, strict, relaxed)


@functools.lru_cache(maxsize=65536)
def _is_title_like(title: str, max_words: int, strict: bool, relaxed: bool) -> bool:
    """The uncached :func:`is_title_like`.

    Titles are short, start with a capital, do not end like a sentence or a clause,
    and most of their significant words are capitalised (Title Case or ALL CAPS).
    ``strict`` (for letter/bold headings) also requires at most 8 words. ``relaxed``
    (when layout already marks the line as a title) skips the capitalisation checks.
    """
    title = title.strip()
    if not title or len(title) > 120:
        return False
    if not relaxed and not (title[0].isupper() or title[0].isdigit() or title[0] in "\"'\u201c"):
        return False
    words = _words(title)
    if not words or len(words) > (8 if strict else max_words):
        return False
    if title.endswith((",", ";")) or (title.endswith(".") and len(words) > 6):
        return False
    if title.endswith(":") and len(words) > 6:
        return False
    if title.count("(") != title.count(")") or title.count("[") != title.count("]"):
        return False  # a clause cut mid-citation ("ILCS 5/3-6010)") is not a title
    letters = sum(1 for c in title if c.isalpha())
    if letters < 0.6 * len(title.replace(" ", "")):
        return False  # mostly digits and punctuation: a citation or a code, not a title
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    if relaxed:
        return True
    capitalised = sum(1 for w in significant if w[0].isupper())
    if capitalised / len(significant) < (0.75 if strict or len(significant) > 2 else 0.5):
        return False
    return True


def _clean_title(title: str) -> str:
    return title.strip().rstrip(".:").strip()


def numeric_key(number: str | None) -> str | None:
    """The dotted numeric part of a printed number (``Section 5.01`` -> ``5.01``).

    Trailing zero parts go: ``901.00`` and ``2.0`` name the whole of 901 and of 2,
    the parents of ``901.01`` and ``2.1``.
    """
    if not number:
        return None
    match = re.search(r"\d{1,4}(?:\.\d{1,3})*$", number)
    if not match:
        return None
    key = match.group()
    while re.search(r"\.0+$", key):
        key = re.sub(r"\.0+$", "", key)
    return key


def number_depth(number: str) -> int:
    """Nesting depth of a dotted number: ``300`` 0, ``300.5`` 1, ``901.00`` 0."""
    return (numeric_key(number) or number).count(".")


def split_number(text: str) -> tuple[str | None, str]:
    """Split a leading number from a heading text given by the format (``3.2 Scope``)."""
    for pattern in (_CHAPTER, _ARTICLE, _SECTION, _ORDER):
        m = pattern.match(text)
        if m:
            return f"{_cap(m.group(1))} {m.group(2)}", _clean_title(m.group(3)) or text
    for pattern in (_CODE, _DOTTED, _BARE, _ROMAN):
        m = pattern.match(text)
        if m and (pattern is not _ROMAN or _is_roman(m.group(1))):
            return m.group(1), _clean_title(m.group(2))
    return None, text.strip()


def _cap(word: str) -> str:
    return " ".join(part.capitalize() for part in word.split())


def match_numbered(line: str, *, emphasis: bool = False) -> HeadingMatch | None:
    """Recognise a numbered heading on one line (cached: headers, footers and the
    structure passes ask about the same lines many times over)."""
    return _match_numbered(line, emphasis)


@functools.lru_cache(maxsize=65536)
def _match_numbered(line: str, emphasis: bool) -> HeadingMatch | None:
    """The uncached :func:`match_numbered`.

    ``emphasis`` is True when the line is set larger or bolder than body text; bare
    numbers (``300 Title``, ``4. Title``) and letters (``A. Title``) are accepted only
    with emphasis or an ALL-CAPS title, because plain numbered lines are usually
    list items.
    """
    line = line.strip()
    m = _CHAPTER.match(line)
    if m and (not m.group(3) or is_title_like(m.group(3))):
        return HeadingMatch(f"{_cap(m.group(1))} {m.group(2)}", _clean_title(m.group(3)), 10, "chapter")
    m = _ARTICLE.match(line)
    if m and (not m.group(3) or is_title_like(m.group(3))):
        return HeadingMatch(f"Article {m.group(2)}", _clean_title(m.group(3)), 20, "article")
    m = _SECTION.match(line)
    if m and m.group(3) and is_title_like(m.group(3)):
        depth = number_depth(m.group(2))
        return HeadingMatch(f"Section {m.group(2)}", _clean_title(m.group(3)), 30 + 10 * depth, "section")
    m = _ORDER.match(line)
    if m and (emphasis or (m.group(3) and is_title_like(m.group(3)))) and (m.group(3) or emphasis):
        return HeadingMatch(f"{_cap(m.group(1))} {m.group(2)}", _clean_title(m.group(3)), 30, "order")
    m = _CODE.match(line)
    if m and is_title_like(m.group(2)) and (emphasis or _is_caps(m.group(2))):
        return HeadingMatch(m.group(1), _clean_title(m.group(2)), 30, "code")
    m = _DOTTED.match(line)
    if m and is_title_like(m.group(2)):
        depth = number_depth(m.group(1))
        return HeadingMatch(m.group(1), _clean_title(m.group(2)), 30 + 10 * depth, "dotted")
    m = _BARE.match(line)
    if m and is_title_like(m.group(2)) and (emphasis or _is_caps(m.group(2))):
        return HeadingMatch(m.group(1), _clean_title(m.group(2)), 30, "bare")
    m = _ROMAN.match(line)
    if m and _is_roman(m.group(1)) and is_title_like(m.group(2)):
        return HeadingMatch(m.group(1), _clean_title(m.group(2)), 32, "roman")
    m = _LETTER.match(line)
    if m and is_title_like(m.group(2), strict=True) and (emphasis or _is_caps(m.group(2))):
        return HeadingMatch(m.group(1), _clean_title(m.group(2)), 45, "letter")
    return None


def _is_roman(numeral: str) -> bool:
    """A valid Roman numeral; of single letters only I, V and X (C., D., L. are list letters)."""
    if len(numeral) == 1:
        return numeral in "IVX"
    return bool(_ROMAN_VALID.match(numeral))


def _is_caps(text: str) -> bool:
    if text.isascii() and not text.isupper():
        return False  # (the common case, answered without a list: ASCII letters are all cased)
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def is_caps(text: str) -> bool:
    """True for ALL-CAPS text with at least three letters."""
    return _is_caps(text)
