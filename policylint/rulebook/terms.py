"""Terms: phrases matched whatever the inflection, hyphenation, spacing or case.

A *term* is written once ("de-escalate", "point a firearm", "use of force") and compiled
into every surface form a manual may print:

* **hyphen and spacing**: a hyphen written in the term may be printed as a hyphen, a space
  or nothing ("de-escalate", "de escalate", "deescalate"); a space between words may also be
  printed as a hyphen ("use of force", "use-of-force");
* **inflection**: each content word matches every member of its word family in the lookup
  lemmatizer's table (warn, warns, warned, warning, warnings), plus a regular plural for a
  word the table does not know ("chokehold" -> "chokeholds"). Function words (of, the, a,
  to ...) are matched as written. In a hyphenated word only the last part is inflected
  ("de-escalated", "deescalating").

``exact`` phrases get the hyphen and spacing variants but no inflection.

The variants are plain lower-case strings; the compiler hands them to one PhraseMatcher,
so a term costs nothing at match time however many forms it has. A term whose forms
multiply past :data:`MAX_VARIANTS` is compiled into one token pattern instead.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

__all__ = ["word_family", "term_variants", "term_token_pattern", "MAX_VARIANTS", "FUNCTION_WORDS"]

MAX_VARIANTS = 400

#: Matched as written, never inflected: inflecting them adds nothing a manual prints.
FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for from with without into onto upon as than that this these those
    and or nor but not no any all each every other another such his her their its our your my
    is are be been being was were shall will must may can should would could might has have had
    who whom whose which what when where while if unless until before after during
    it they them he she him we us you i themselves himself herself yourself oneself themself ourselves itself""".split()
)


@lru_cache(maxsize=1)
def _families() -> dict[str, frozenset[str]]:
    """Canonical lemma -> every lower-case word that reduces to it.

    The lookup table is applied twice ("warnings" -> "warning" -> "warn") so a noun and its
    verb land in one family, as a person reading the rule would expect.
    """
    from ..nlp import _lemma_table

    table = _lemma_table()
    groups: dict[str, set[str]] = {}
    for word, lemma in table.items():
        canon = table.get(lemma, lemma)
        groups.setdefault(canon, set()).update((word, lemma))
    return {canon: frozenset(words | {canon}) for canon, words in groups.items()}


def _canon(word: str) -> str:
    from ..nlp import _lemma_table

    table = _lemma_table()
    lemma = table.get(word, word)
    return table.get(lemma, lemma)


@lru_cache(maxsize=16384)
def word_family(word: str) -> frozenset[str]:
    """Every form of ``word`` (lower-case) a term should match; the word itself included."""
    word = word.lower()
    if word in FUNCTION_WORDS or not word.isalpha():
        return frozenset({word})
    family = set(_families().get(_canon(word), ()))
    family.add(word)
    if len(family) == 1:
        # unknown to the table: a regular plural (chokehold -> chokeholds, lvnr -> lvnrs)
        family.add(word + "es" if word.endswith(("s", "x", "z", "ch", "sh")) else word + "s")
    return frozenset(family)


def _split(term: str) -> list[list[str]]:
    """Words of a term, each as its hyphen-separated parts: "de-escalate the x" -> [[de, escalate], [the], [x]]."""
    return [[part for part in word.split("-") if part] for word in term.lower().split()]


def _word_surfaces(parts: list[str], inflect: bool) -> list[str]:
    """Every printed form of one (possibly hyphenated) word: its joints as "-", " " or nothing."""
    last = sorted(word_family(parts[-1])) if inflect else [parts[-1]]
    head = parts[:-1]
    if not head:
        return last
    joints = list(product(("-", " ", ""), repeat=len(head)))
    out = []
    for joint in joints:
        prefix = "".join(p + j for p, j in zip(head, joint))
        out.extend(prefix + form for form in last)
    return out


def term_variants(term: str, *, inflect: bool = True) -> list[str] | None:
    """Every surface form of ``term`` (see module docstring), or None past MAX_VARIANTS."""
    words = _split(term)
    if not words or not all(words):
        return []
    per_word = [_word_surfaces(parts, inflect) for parts in words]
    total = 1
    for forms in per_word:
        total *= len(forms)
    separators = 2 if len(words) > 1 else 1  # words joined by spaces, or all by hyphens
    if total * separators > MAX_VARIANTS:
        return None
    out: dict[str, None] = {}
    for combo in product(*per_word):
        out.setdefault(" ".join(combo), None)
        if len(combo) > 1 and all(" " not in c for c in combo):
            out.setdefault("-".join(combo), None)
    return list(out)


def term_token_pattern(term: str, *, inflect: bool = True) -> list[dict[str, object]]:
    """The one Matcher pattern for a term with too many forms: each word by its family,
    an optional hyphen between words; hyphenated words as their parts."""
    pattern: list[dict[str, object]] = []
    for w, parts in enumerate(_split(term)):
        if w:
            pattern.append({"ORTH": "-", "OP": "?"})
        for k, part in enumerate(parts):
            if k:
                pattern.append({"ORTH": "-", "OP": "?"})
            forms = sorted(word_family(part)) if inflect and k == len(parts) - 1 else [part]
            pattern.append({"LOWER": {"IN": forms}} if len(forms) > 1 else {"LOWER": forms[0]})
    return pattern
