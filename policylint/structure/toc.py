"""Table of contents: recognised, recorded, and kept out of the body.

A TOC line is a title followed by a dotted leader (or a wide gap) and a page label.
For paged formats a page is a TOC page when such lines dominate it; for the other
formats a run of consecutive TOC lines is. Entries are parsed into TocEntry records
(number, title, printed page) and their units are dropped so a TOC entry never
becomes a section or a body mention.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..model import TocEntry
from .headings import split_number
from .units import Unit

__all__ = ["TOC_LINE", "mark_toc"]

TOC_LINE = re.compile(
    r"^(?P<title>\S.*?)\s*(?:(?:\.\s*){3,}|(?:\u2026\s*)+|_{3,}|\s{3,}|\t+)\s*(?P<page>\d{1,4}|[ivxlc]{1,6})$",
    re.IGNORECASE,
)
_TOC_TITLE = re.compile(r"^(?:(?:detailed|full)\s+)?(?:table\s+of\s+)?contents:?$|^index$", re.IGNORECASE)
#: A contents line whose page label was lost in extraction: a numbered title followed by
#: a dotted leader ("300 - Use of Force ......") or by a lone dot left of one ("200 - Title .").
_LEADER_ONLY = re.compile(
    r"^(?P<title>(?:\d{1,4}(?:\.\d{1,3})*\s*[-\u2013\u2014]?\s*|(?:chapter|part|article|section)\s+\S+\s*[-\u2013\u2014]?\s*)\S.*?)"
    r"(?:\s*(?:\.\s*){4,}|\s+\.)$",
    re.IGNORECASE,
)
#: What is left of a dotted leader on a line of its own.
_LEADER_REST = re.compile(r"^[.\s\u2026]+$")


def _toc_match(line: str) -> re.Match[str] | None:
    """A contents line, with its page label or with a leader and no label."""
    # Cheap tests first: most lines are prose, and both patterns backtrack on them. A
    # contents line has a leader or a wide gap before its label, or is a numbered title
    # ending in a dot.
    if not any(hint in line for hint in _SEPARATOR_HINTS):
        return None
    return TOC_LINE.match(line) or _LEADER_ONLY.match(line)


#: What every match of TOC_LINE or _LEADER_ONLY holds: a dotted leader (or ". ." / "…"),
#: a rule, a wide gap, a tab, or the " ." left of a lost leader.
_SEPARATOR_HINTS = ("..", ". .", "\u2026", "___", "   ", "\t", " .")


def _toc_lines(unit: Unit) -> int:
    return sum(1 for line in unit.lines if _toc_match(line) or _LEADER_REST.match(line))


def mark_toc(units: list[Unit], paged: bool) -> tuple[list[TocEntry], list[int]]:
    """Drop TOC units; return the entries and the physical TOC pages (paged formats)."""
    if paged:
        titled, kept = _titled_listing_pages(units)
        chosen = _toc_pages(units) | _listing_pages(units) | titled
        # A contents page can also hold prose (the end of the foreword, a policy's first
        # paragraph under a short contents list): only its contents lines are dropped.
        toc_units = [
            u for u in units
            if not u.dropped and u.page in chosen and id(u) not in kept and not _is_prose(u)
        ]
        pages = sorted(chosen)
    else:
        toc_units = _toc_runs(units)
        pages = []
    entries = _entries(toc_units)
    for unit in toc_units:
        unit.dropped = True
    for unit in _listing_runs(units):
        unit.dropped = True  # an order's own list of its parts: not sections, not a TOC with pages
    return entries, pages


def _is_prose(unit: Unit) -> bool:
    """A paragraph of running text: no contents line in it, eight words or more, and
    sentence punctuation. Such a unit on a contents page is kept as body text."""
    if _toc_lines(unit):
        return False
    text = unit.text
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(words) < 8:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower >= 0.5 * len(words) and any(mark in text for mark in (". ", "; ", ", ")) or text.rstrip().endswith((".", ";", ":"))


def _listing_runs(units: list[Unit]) -> list[Unit]:
    """Short lists of an order's parts printed before its text ("I. DEFINITIONS",
    "II. FORCE OPTIONS" ... with nothing between them), whose entries all come back
    later as headings. Left in, each entry would open an empty section and the real
    parts would appear twice."""
    from .headings import match_numbered

    live = [u for u in units if not u.dropped]
    keys: list[tuple[str, str] | None] = []
    for unit in live:
        match = match_numbered(unit.lines[0], emphasis=True) if len(unit.lines) == 1 else None
        keys.append((match.number, match.title.casefold()) if match and match.number else None)
    marked: list[Unit] = []
    i = 0
    while i < len(live):
        j = i
        while j < len(live) and keys[j] is not None and live[j].page == live[i].page:
            j += 1
        run = keys[i:j]
        if len(run) >= 3 and len(set(run)) == len(run):
            later = set(keys[j:])
            if all(key in later for key in run):
                marked.extend(live[i:j])
        i = max(j, i + 1)
    return marked


def _toc_pages(units: list[Unit]) -> set[int]:
    by_page: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.page is not None and not unit.dropped:
            by_page[unit.page].append(unit)
    chosen: set[int] = set()
    for page, page_units in by_page.items():
        total = sum(len(u.lines) for u in page_units)
        hits = sum(_toc_lines(u) for u in page_units)
        titled = any(_TOC_TITLE.match(u.text.strip()) for u in page_units[:4])
        if (hits >= 3 and hits >= 0.5 * total) or (titled and hits >= 3 and hits >= 0.3 * total):
            chosen.add(page)
    return chosen


def _listing_pages(units: list[Unit]) -> set[int]:
    """Contents pages printed without page numbers: a page made mostly of numbered
    headings with no text between them, whose numbers are headings again later."""
    from .headings import match_numbered

    by_page: dict[int, list[tuple[Unit, str | None]]] = defaultdict(list)
    for unit in units:
        if unit.page is not None and not unit.dropped:
            match = match_numbered(unit.lines[0], emphasis=True) if len(unit.lines) <= 2 else None
            by_page[unit.page].append((unit, match.number if match else None))
    chosen: set[int] = set()
    pages = sorted(by_page)
    for position, page in enumerate(pages[:5]):  # contents come first
        items = by_page[page]
        numbers = [n for _u, n in items if n]
        if len(numbers) < 5 or len(numbers) < 0.6 * len(items):
            continue
        later = {n for p in pages[position + 1 :] for _u, n in by_page[p] if n}
        if sum(1 for n in numbers if n in later) >= 0.6 * len(numbers):
            chosen.add(page)
    return chosen


def _titled_listing_pages(units: list[Unit]) -> tuple[set[int], set[int]]:
    """Contents pages without page numbers or section numbers: a page titled
    "Contents" (among its first units) and made only of short entries, and the pages
    after it while they hold nothing but short entries. One paragraph of prose ends
    the listing: that page is body text. Returns the pages and the ids of the units
    above the contents title (the document's own title), which stay."""
    by_page: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.page is not None and not unit.dropped:
            by_page[unit.page].append(unit)
    pages = sorted(by_page)
    chosen: set[int] = set()
    kept: set[int] = set()
    for position, page in enumerate(pages[:5]):
        items = by_page[page]
        title_at = next((k for k, u in enumerate(items[:6]) if _TOC_TITLE.match(u.text.strip())), None)
        if title_at is None:
            continue
        entries = items[title_at + 1 :]
        if len(entries) < 5 or not _only_entries(entries[1:]):  # the line under the title may introduce the list
            continue
        chosen.add(page)
        kept.update(id(u) for u in items[:title_at])
        for later in pages[position + 1 :]:
            if later != max(chosen) + 1 or not _only_entries(by_page[later]):
                break
            chosen.add(later)
        break
    return chosen, kept


def _only_entries(units: list[Unit]) -> bool:
    """Every unit is a short line (a contents entry), none a sentence of prose."""
    for unit in units:
        words = unit.text.split()
        if len(unit.lines) > 2 or len(words) > 14 or (len(words) > 6 and unit.text.rstrip().endswith(".")):
            return False
    return bool(units)


def _toc_runs(units: list[Unit]) -> list[Unit]:
    """Runs of at least three TOC-like units (one stray unit allowed inside a run)."""
    marked: list[Unit] = []
    run: list[Unit] = []
    misses = 0
    for unit in units:
        if unit.dropped:
            continue
        if _toc_lines(unit) >= max(1, len(unit.lines) // 2) or (not run and _TOC_TITLE.match(unit.text.strip())):
            run.append(unit)
            misses = 0
            continue
        if run and misses == 0 and len(unit.text) < 120:
            misses += 1
            run.append(unit)
            continue
        _close_run(run, marked)
        run, misses = [], 0
    _close_run(run, marked)
    return marked


def _close_run(run: list[Unit], marked: list[Unit]) -> None:
    while run and not _toc_lines(run[-1]):
        run.pop()  # a trailing stray unit belongs to the body
    if sum(_toc_lines(u) for u in run) >= 3:
        marked.extend(run)


def _entries(units: list[Unit]) -> list[TocEntry]:
    """Parse TOC lines; a title wrapped onto a second line is joined to its page label."""
    entries: list[TocEntry] = []
    pending = ""
    for unit in units:
        for line in unit.lines:
            if _LEADER_REST.match(line):
                continue
            m = _toc_match(line)
            if not m and _unnumbered_listing(unit):
                number, text = split_number(line)
                if number:
                    entries.append(TocEntry(number=number, title=text, page_label="", toc_page=unit.page))
                continue
            if not m:
                if _TOC_TITLE.match(line.strip()):
                    continue
                pending = line.strip() if not pending or _starts_entry(line) else f"{pending} {line.strip()}"
                continue
            title = m.group("title").strip()
            if pending and split_number(title)[0] is None:
                title = f"{pending} {title}"
            pending = ""
            number, text = split_number(title)
            page_label = m.groupdict().get("page") or ""
            entries.append(TocEntry(number=number, title=text, page_label=page_label, toc_page=unit.page))
    return entries


def _unnumbered_listing(unit: Unit) -> bool:
    return not any(_toc_match(line) for line in unit.lines) and len(unit.lines) <= 2


def _starts_entry(text: str) -> bool:
    number, _ = split_number(text.strip())
    return number is not None
