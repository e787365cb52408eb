"""Block text preparation: what the matchers see, and how positions map back to lines.

Readers hand us blocks whose line breaks are mostly joined already; a block may still
hold newlines (text files, DOCX soft breaks) and words hyphenated across a line end.
We join ``esca-\\nlation`` -> ``escalation`` (but keep ``de-\\nescalation`` ->
``de-escalation``), turn other newlines into spaces, and remember where characters
were removed so a sentence's line number can still be computed from the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["PreparedText", "prepare", "ITEM_MARKER", "is_item_text"]

#: Prefixes that keep their hyphen when broken at a line end (de-escalation, non-lethal).
_KEEP_HYPHEN = frozenset({"de", "non", "re", "co", "pre", "post", "self", "semi", "anti", "multi", "well", "less", "off", "on", "in", "cross", "sub", "mid", "ex", "x"})
_HYPHEN_BREAK = re.compile(r"([A-Za-z]+)-[ \t]*\n[ \t]*([a-z])")

#: "(a)", "a.", "1.", "1)", "(iv)", "•", "-", "*" at the start of a list item.
ITEM_MARKER = re.compile(r"^\s*(?:\(?[a-zA-Z0-9]{1,3}[.)]|\([a-zA-Z0-9]{1,4}\)|[•·▪◦●○■□\-–*])\s+")


def is_item_text(text: str) -> bool:
    return ITEM_MARKER.match(text) is not None


@dataclass(frozen=True)
class PreparedText:
    text: str  # what the matchers see
    original: str
    removed: tuple[int, ...]  # positions (in ``text``) after which characters were removed, cumulative
    removed_counts: tuple[int, ...]

    def line_offset(self, position: int) -> int:
        """How many original newlines come before ``position`` of the prepared text."""
        k = bisect.bisect_right(self.removed, position)
        original_position = position + (self.removed_counts[k - 1] if k else 0)
        return self.original.count("\n", 0, original_position)


def prepare(text: str) -> PreparedText:
    """Join hyphenated line breaks and flatten the rest (see module docstring)."""
    if "\n" not in text and "\t" not in text and "\r" not in text:
        return PreparedText(text, text, (), ())
    pieces: list[str] = []
    removed: list[int] = []
    counts: list[int] = []
    total = 0
    last = 0
    out_len = 0
    for match in _HYPHEN_BREAK.finditer(text):
        word = match.group(1)
        if word.lower() in _KEEP_HYPHEN:
            continue
        # keep "word" + drop "-\n  " up to the next letter
        cut_start = match.start(1) + len(word)
        cut_end = match.start(2)
        pieces.append(text[last:cut_start])
        out_len += cut_start - last
        total += cut_end - cut_start
        removed.append(out_len)
        counts.append(total)
        last = cut_end
    pieces.append(text[last:])
    flat = "".join(pieces).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return PreparedText(flat, text, tuple(removed), tuple(counts))
