"""Join the lines of one paragraph into running text, repairing end-of-line hyphens.

A word broken across lines ("inter-" / "vene") is rejoined ("intervene"), while a
real hyphen stays: a compound already containing a hyphen ("use-of-" / "force"),
a prefix that keeps its hyphen ("self-" / "control"), or a continuation that does
not start with a lower-case letter ("Illinois-" / "Based") keeps the hyphen.
"""

from __future__ import annotations

import re

__all__ = ["join_lines", "join_pair", "join_lines_keeping_breaks"]

#: Prefixes that conventionally keep their hyphen in compounds.
_KEEP_PREFIXES = frozenset({"self", "ex", "all", "cross", "well", "half", "non", "full", "part", "co", "high", "low"})
_HYPHENS = ("-", "\u2010", "\u00ad")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z\-\u2010]*)[-\u2010\u00ad]$")


def join_pair(left: str, right: str) -> str:
    """Join two consecutive lines, deciding whether a trailing hyphen is a line break."""
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("\u00ad"):
        return left[:-1] + right  # soft hyphen: always a break, never part of the word
    if left.endswith(_HYPHENS) and len(left) >= 2 and left[-2].isalpha():
        match = _WORD_BEFORE.search(left)
        fragment = match.group(1) if match else ""
        continues_lower = right[:1].islower()
        if not continues_lower:
            return left + right  # "Illinois-" + "Based": a real hyphen, no space
        if "-" in fragment or "\u2010" in fragment or fragment.lower() in _KEEP_PREFIXES:
            return left + right  # "use-of-" + "force", "self-" + "control"
        return left[:-1] + right  # "inter-" + "vene"
    return f"{left} {right}"


def join_lines(lines: list[str] | tuple[str, ...]) -> str:
    """Join a paragraph's lines into one string with single spaces and repaired hyphens."""
    text = ""
    for line in lines:
        text = join_pair(text, line) if text else line.strip()
    return text


def join_lines_keeping_breaks(lines: list[str] | tuple[str, ...]) -> str:
    """Repair end-of-line hyphens like :func:`join_lines` but keep one line per source line.

    The continuation of a broken word moves up to the line where the word started
    ("inter-" / "vene when" -> "intervene" / "when"), so the number of line breaks,
    and with it every later sentence's line number, stays true to the source.
    """
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and out[-1].endswith(_HYPHENS):
            head, _, tail = line.partition(" ")
            joined = join_pair(out[-1], head)
            if " " not in joined[len(out[-1]) - 1 :]:  # the fragment was glued on: a repaired break
                out[-1] = joined
                if tail.strip():
                    out.append(tail.strip())
                continue
        out.append(line)
    return "\n".join(out)
