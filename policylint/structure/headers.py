"""Running headers and footers: found by repetition across pages and removed.

Three signals, all measured per page on the units nearest the top and bottom:

* repetition: a unit whose text, with digits normalised ("Use of Force - 41" ->
  "use of force - #"), recurs on many pages is a running header or footer;
* page numbers: a short unit ending with the page's number (allowing a constant
  offset between printed and physical numbering, found from the document itself);
* the running title (handled in tree.py): a top-of-page unit repeating the title of
  the section that is open at that point.

Bare numbers are never removed by repetition alone: Lexipol prints each policy's
number alone at the top of its first page, and that number is a heading signal.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .headings import NUMBER_ONLY, match_numbered
from ..model import Location
from .units import Unit

__all__ = ["RunningLines", "remove_running_lines", "normalise", "find_agency"]

ZONE = 6  # how many units at each end of a page count as header/footer candidates
_PAGE_NUMBER = re.compile(
    r"(?:^|[\s\-\u2013\u2014|:,])(?:page\s*)?(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?\s*\.?$", re.IGNORECASE
)
_AGENCY = re.compile(
    r"((?:(?:[A-Z][\w'\u2019.&-]*|of|the)\s+)*"
    r"(?:Police|Sheriff'?s?|Public Safety)\s+(?:Department|Office|Service|Bureau|Agency))"
)


@dataclass(frozen=True)
class RunningLines:
    """What was removed: one example text per repeated line, and the page offset."""

    removed: tuple[str, ...]
    page_offset: int | None  # printed page number minus physical page, when found
    repeated: tuple[tuple[str, int], ...]  # (example text, pages it appears on), most frequent first


@functools.lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Key for comparing header/footer lines across pages.

    Digits are normalised so "Use of Force - 41" matches "Use of Force - 42", except
    in lines that read as numbered headings ("300.1 PURPOSE AND SCOPE" recurs on
    every policy's first page but is a heading): those must repeat verbatim.
    """
    if match_numbered(text.split("\n")[0]) is not None:
        return " ".join(text.lower().split())
    text = re.sub(r"\d+", "#", text.lower())
    return " ".join(text.split()).strip(" .-|")


def _key(unit: Unit, text: str | None = None) -> str:
    """Normalised text plus font size: a title set large on its first page is not the
    small running header repeating the same words on the following pages."""
    size = f"@{round(unit.font_size)}" if unit.font_size else ""
    return normalise(unit.text if text is None else text) + size


def _candidate_keys(unit: Unit) -> list[tuple[str, str]]:
    """Keys a zone unit contributes: the whole unit, and each line when it has several
    (two header lines are sometimes grouped into one paragraph on sparse pages)."""
    texts = [unit.text] + (unit.lines if len(unit.lines) > 1 else [])
    return [(_key(unit, text), text) for text in texts if normalise(text).strip("#. ")]


def _pages(units: list[Unit]) -> dict[int, list[Unit]]:
    by_page: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.page is not None and not unit.dropped:
            by_page[unit.page].append(unit)
    return by_page


def _zone(page_units: list[Unit]) -> list[Unit]:
    if len(page_units) <= 2 * ZONE:
        return page_units
    return page_units[:ZONE] + page_units[-ZONE:]


def _page_number_offset(by_page: dict[int, list[Unit]]) -> int | None:
    """The offset printed - physical most pages agree on, from short edge units."""
    votes: Counter[int] = Counter()
    for page, page_units in by_page.items():
        seen: set[int] = set()
        for unit in page_units[:3] + page_units[-3:]:
            text = unit.text
            if len(text) > 90:
                continue
            m = _PAGE_NUMBER.search(text)
            if m:
                seen.add(int(m.group(1)) - page)
        votes.update(seen)
    if not votes:
        return None
    offset, count = votes.most_common(1)[0]
    return offset if count >= max(2, 0.5 * len(by_page)) else None


def remove_running_lines(units: list[Unit], page_count: int | None) -> RunningLines:
    """Mark running headers/footers and page-number lines as dropped; say what went."""
    by_page = _pages(units)
    if len(by_page) < 2:
        return RunningLines((), None, ())
    pages_with_text = len(by_page)
    threshold = 2 if pages_with_text <= 5 else max(3, math.ceil(0.15 * pages_with_text))
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for page_units in by_page.values():
        keys = set()
        for unit in _zone(page_units):
            if len(unit.lines) <= 3 and len(unit.text) <= 160:
                for key, text in _candidate_keys(unit):
                    if key not in keys:
                        keys.add(key)
                        examples.setdefault(key, text)
        counts.update(keys)
    # A line that reads as a numbered heading ("I. PURPOSE") recurs on the first page of
    # every order in a compilation; only a true running header recurs on most pages.
    heading_threshold = max(threshold, math.ceil(0.5 * pages_with_text))
    repeated = {
        key
        for key, n in counts.items()
        if n >= (heading_threshold if match_numbered(examples[key]) is not None else threshold)
    }
    offset = _page_number_offset(by_page)
    removed: dict[str, str] = {}
    for page, page_units in by_page.items():
        edge = set(map(id, page_units[:3] + page_units[-3:]))
        zone = _zone(page_units)
        for position, unit in enumerate(zone):
            if _titles_a_number(zone, position):
                continue
            key = _key(unit)
            lines_repeated = len(unit.lines) > 1 and all(_key(unit, line) in repeated for line in unit.lines)
            if key in repeated or lines_repeated or (id(unit) in edge and _is_page_number(unit, page, offset)):
                unit.dropped = True
                removed.setdefault(normalise(unit.text), unit.text)
            elif len(unit.lines) > 1:
                _strip_repeated_lines(unit, repeated, removed)
        for unit in page_units[:ZONE]:
            unit.top_zone = True
    ranked = sorted(((examples[k], counts[k]) for k in repeated), key=lambda item: -item[1])
    return RunningLines(tuple(removed.values()), offset, tuple(ranked))


def _strip_repeated_lines(unit: Unit, repeated: set[str], removed: dict[str, str]) -> None:
    """Drop running-header lines from the start or end of a unit that also holds other text.

    A header set in the same type as the title under it ("Agency General Order" over
    "901.00 Response Continuum") is read as one paragraph; the header line repeats on
    every page, the title only on its order's pages, so only the header line goes.
    """
    lines = unit.lines
    while len(lines) > 1 and _key(unit, lines[0]) in repeated:
        removed.setdefault(normalise(lines[0]), lines[0])
        lines = lines[1:]
    while len(lines) > 1 and _key(unit, lines[-1]) in repeated:
        removed.setdefault(normalise(lines[-1]), lines[-1])
        lines = lines[:-1]
    if len(lines) != len(unit.lines):
        offset = unit.lines.index(lines[0])
        if offset and unit.location.line is not None:
            unit.location = Location(page=unit.location.page, line=unit.location.line + offset)
        unit.lines = lines


def _titles_a_number(zone: list[Unit], position: int) -> bool:
    """``PURPOSE AND SCOPE`` followed by ``300.1``: a section title whose number text
    extraction printed on the next line. Such titles recur on every policy's first
    page, but they are headings, not running headers."""
    if position + 1 >= len(zone):
        return False
    nxt = zone[position + 1].text
    return "." in nxt and NUMBER_ONLY.match(nxt) is not None and zone[position].text.upper() == zone[position].text


def _is_page_number(unit: Unit, page: int, offset: int | None) -> bool:
    text = unit.text
    if offset is None or len(text) > 90 or len(text.split()) > 12:
        return False
    m = _PAGE_NUMBER.search(text)
    return bool(m) and int(m.group(1)) == page + offset


def find_agency(running: RunningLines, first_texts: list[str]) -> str | None:
    """The agency name from a repeated header ("X Police Department"), else early text."""
    for text, _count in running.repeated:
        m = _AGENCY.search(text) if len(text) <= 100 else None
        if m:
            return _strip_article(m.group(1))
    for text in first_texts:
        m = _AGENCY.search(text) if len(text) <= 100 else None
        if m and not text.rstrip().endswith("."):
            return _strip_article(m.group(1))
    return None


def _strip_article(name: str) -> str:
    name = " ".join(name.split())
    return name[4:] if name.lower().startswith("the ") else name
