"""Build the section tree from units: headings open sections, everything else is body.

Nesting is decided by rank (see headings.py): a new heading closes every open section
whose rank is the same or lower-placed (>=), then opens under what remains. Dotted
numbers also nest by prefix: ``301.2`` does not stay under ``300`` even if the
heading ``301`` itself was missed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Block, BlockKind, Location, Section
from .headings import NUMBER_ONLY, HeadingMatch, is_caps, is_title_like, match_numbered, number_depth, numeric_key, split_number
from ..ingest.limits import MAX_BLOCK_CHARS
from .hyphenation import join_lines, join_lines_keeping_breaks, join_pair
from .units import Unit

__all__ = ["TreeResult", "build_tree", "body_font_size"]

_LABEL_VALUE = re.compile(r"^[A-Z][A-Za-z /&]{1,40}:\s+\S")
#: An item number glued to its text ("12.Restrictions"): numbering patterns reject it,
#: and unnumbered heading detection must not take it as a title either.
_GLUED_ITEM = re.compile(r"^\(?(?:\d{1,3}|[a-zA-Z])[.)]\S")

#: Words printed alone above a bare policy number ("Policy" / "302"): part of the marker.
_MARKER_WORDS = frozenset({"policy", "procedure", "directive", "order", "general order", "chapter"})


@dataclass
class _Open:
    """A section being filled."""

    number: str | None
    title: str
    rank: int
    location: Location
    blocks: list[Block] = field(default_factory=list)
    children: list["_Open"] = field(default_factory=list)


@dataclass
class TreeResult:
    root: Section
    running_titles: list[str]


def body_font_size(units: list[Unit]) -> float | None:
    """The font size most body text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for unit in units:
        if unit.font_size and not unit.dropped:
            sizes[round(unit.font_size)] += len(unit.text)
    return float(sizes.most_common(1)[0][0]) if sizes else None


class _Builder:
    def __init__(self, units: list[Unit], fmt: str) -> None:
        self.units = [u for u in units if not u.dropped]
        self.fmt = fmt
        self.paged = fmt == "pdf"
        self.body = body_font_size(self.units)
        self.heading_sizes = self._heading_sizes()
        self.root = _Open(None, "", 0, Location())
        self.stack: list[_Open] = [self.root]
        self.block_index = 0
        self.running_titles: list[str] = []
        self.prose_seen = False  # a body paragraph has been read (the front-matter form is over)

    # -- font-based headings -------------------------------------------------
    def _big(self, unit: Unit) -> bool:
        return bool(self.body and unit.font_size and unit.font_size >= self.body * 1.18)

    def _emphasis(self, unit: Unit) -> bool:
        return self._big(unit) or unit.bold or unit.heading_level is not None

    def _heading_sizes(self) -> list[float]:
        sizes = {round(u.font_size) for u in self.units if self._big(u) and u.font_size}
        return sorted(sizes, reverse=True)

    def _font_heading(self, unit: Unit) -> HeadingMatch | None:
        """An unnumbered heading from size or weight, for PDFs (and bold DOCX lines)."""
        if len(unit.lines) > 3 or unit.kind == BlockKind.LIST_ITEM:
            return None
        title = join_lines(unit.lines)
        # Type set well apart from body text (large, or bold and a little larger) marks a
        # title whatever its case: sentence-case headings ("Purpose of the policy") count.
        set_apart = self._big(unit) or (unit.bold and self._larger(unit))
        if NUMBER_ONLY.match(title) or not (is_title_like(title, max_words=16) or (set_apart and _sentence_title(title))):
            return None
        bare = title.rstrip("\"'\u201d\u2019")
        if bare.endswith((".", ",", ";")) or title.count('"') % 2 or (title.count("\u201c") != title.count("\u201d")):
            return None  # the end of a quoted sentence, not a title
        if _LABEL_VALUE.match(title) or max((len(w) for w in title.split()), default=0) < 3:
            return None  # a form field ("TITLE: Response ...") or a stray cell ("A,B")
        if _GLUED_ITEM.match(title):
            return None  # "12.Restrictions on ...": a list item set in bold, not a heading
        # In one size and weight, ALL CAPS ranks above Title Case: "PROCEDURES" then
        # "Use of Deadly Force" under it is how typewritten orders mark two levels.
        caps_step = 0 if is_caps(title) else 1
        if self._big(unit):
            order = self.heading_sizes.index(round(unit.font_size or 0)) if self.heading_sizes else 0
            return HeadingMatch(None, title.rstrip(":"), 30 + 2 * order + caps_step, "font")
        if unit.bold and len(unit.lines) == 1 and self._bold_title(unit, title):
            if self.body and unit.font_size and unit.font_size < self.body - 0.6:
                return None  # small bold print (captions, footnotes) is not a heading
            return HeadingMatch(None, title.rstrip(":"), 35 + 2 * len(self.heading_sizes) + caps_step, "bold")
        return None

    def _bold_title(self, unit: Unit, title: str) -> bool:
        """A bold line reads as a title: Title Case, or any case when it is also set a
        little larger than body text (sentence-case headings: "Purpose of the policy")."""
        if is_title_like(title, strict=True):
            return True
        return self._larger(unit) and _sentence_title(title)

    def _larger(self, unit: Unit) -> bool:
        """Set a little larger than body text (a point or so)."""
        return bool(self.body and unit.font_size and unit.font_size >= self.body + 0.8)

    # -- main loop -------------------------------------------------------------
    def run(self) -> Section:
        units = self.units
        i = 0
        while i < len(units):
            unit = units[i]
            if self.paged and unit.top_zone and self._is_running_title(unit):
                self.running_titles.append(unit.text)
                i += 1
                continue
            consumed = self._try_heading(i)
            if consumed:
                i += consumed
                continue
            self._add_body(unit, unit.lines, unit.location)
            i += 1
        return self._freeze(self.root, 0)

    def _is_running_title(self, unit: Unit) -> bool:
        """A top-of-page unit repeating the title of an open section (Lexipol's page header)."""
        text = join_lines(unit.lines).casefold().strip()
        if len(text) > 120:
            return False
        for open_section in self.stack[1:]:
            if open_section.title.casefold() == text or (
                open_section.number and f"{open_section.number} {open_section.title}".casefold() == text
            ):
                return open_section.location.page != unit.page
        return False

    def _try_heading(self, i: int) -> int:
        """Open a section if units[i] starts one; return how many units were consumed."""
        unit = self.units[i]
        first = unit.lines[0]
        if unit.heading_level is not None:
            number, title = split_number(join_lines(unit.lines))
            self._open(HeadingMatch(number, title, 10 * unit.heading_level, "tag"), unit.location)
            return 1
        if unit.kind in (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL):
            return 0  # list items and table cells ("Policy", "Title" column heads) are never headings
        marker = self._number_marker(i) or self._number_after_title(i)
        if marker:
            return marker
        match = match_numbered(first, emphasis=self._emphasis(unit))
        if match is not None:
            rest = unit.lines[1:]
            title = match.title
            # An ALL-CAPS title that wrapped onto the next line(s) continues the heading.
            while rest and is_caps(title) and is_caps(rest[0]) and len(rest[0].split()) <= 8:
                title = f"{title} {rest[0]}"
                rest = rest[1:]
            # A mixed-case title set in heading type (large or bold) that wrapped: the whole
            # unit shares the heading's type, so its continuation lines are title, not body.
            if rest and len(rest) <= 2 and self._emphasis(unit) and unit.heading_level is None:
                wrapped = f"{title} {join_lines(rest)}"
                if is_title_like(wrapped, max_words=16) and not wrapped.rstrip().endswith((".", ";", ",")):
                    title, rest = wrapped, []
            consumed = 1
            nxt = self.units[i + 1] if i + 1 < len(self.units) else None
            if (
                title
                and not rest
                and nxt is not None
                and is_caps(title)
                and len(nxt.lines) == 1
                and is_caps(nxt.lines[0])
                and len(nxt.lines[0].split()) <= 4
                and nxt.page == unit.page
                and nxt.bold == unit.bold
                and nxt.font_size == unit.font_size
                and match_numbered(nxt.lines[0]) is None
            ):
                title = f"{title} {nxt.lines[0]}"  # an ALL-CAPS title wrapped into its own line
                consumed = 2
            if not title and not rest and i + 1 < len(self.units):
                nxt = self.units[i + 1]
                if len(nxt.lines) <= 2 and is_title_like(join_lines(nxt.lines)) and self._emphasis(nxt):
                    match = HeadingMatch(match.number, join_lines(nxt.lines), match.rank, match.kind)
                    self._open(match, unit.location)
                    return 2
            self._open(HeadingMatch(match.number, title, match.rank, match.kind), unit.location)
            if rest:
                self._add_body(unit, rest, _next_line(unit.location, len(unit.lines) - len(rest)))
            return consumed
        font = self._font_heading(unit) if (self.paged or unit.bold) else None
        if font is not None and not self._form_field(i):
            self._open(font, unit.location)
            return 1
        return 0

    def _form_field(self, i: int) -> bool:
        """A label or value of the form printed above a general order's text.

        Orders open with a grid of short bold cells ("SUBJECT", "EFFECTIVE DATE",
        "DISTRIBUTION", a date, a number). Set large or bold they read like headings,
        but a heading is followed by its text or by another numbered heading, while a
        form cell is followed by more short cells. So on the first pages, before any
        prose has been read, an unnumbered heading candidate followed by a short unit
        that is neither prose nor a numbered heading is kept as front matter.
        """
        unit = self.units[i]
        if self.prose_seen or (unit.page is not None and unit.page > 2) or i + 1 >= len(self.units):
            return False
        nxt = self.units[i + 1]
        if not _is_cell(nxt) or nxt.heading_level is not None:
            return False
        if match_numbered(nxt.lines[0], emphasis=self._emphasis(nxt)) is not None:
            return False
        return not (NUMBER_ONLY.match(nxt.text) and (self._big(nxt) or nxt.bold))

    def _number_marker(self, i: int) -> int:
        """``[Policy] / 302 / Title``: a number printed alone, large or bold, above its title."""
        units = self.units
        start = i
        if units[i].text.casefold() in _MARKER_WORDS and i + 1 < len(units):
            i += 1
        unit = units[i]
        if not (NUMBER_ONLY.match(unit.text) and len(unit.lines) == 1) or i + 1 >= len(units):
            return 0
        # Without type information (text formats) a lone number is a heading marker when
        # the word "Policy" precedes it, it is dotted ("300.1"), or it opens its page (a
        # policy number; page numbers at page edges were removed with the footers).
        plain = self.body is None and (i > start or "." in unit.text or unit.top_zone)
        if not (self._big(unit) or unit.bold or plain):
            return 0
        title_unit = units[i + 1]
        title = join_lines(title_unit.lines)
        if len(title_unit.lines) > (2 if plain else 3) or not (self._emphasis(title_unit) or plain):
            return 0
        if not is_title_like(title, max_words=16 if not plain else 10, relaxed=self._big(title_unit)):
            return 0
        if plain and title.rstrip()[-1:] in ".:;,":
            return 0
        depth = number_depth(unit.text)
        self._open(HeadingMatch(unit.text, title, 30 + 10 * depth, "bare"), units[start].location)
        return i + 2 - start

    def _number_after_title(self, i: int) -> int:
        """``PURPOSE AND SCOPE`` / ``300.1``: text extraction that put a dotted section
        number on the line after its ALL-CAPS title (the number was set in the margin)."""
        units = self.units
        if i + 1 >= len(units) or len(units[i].lines) != 1:
            return 0
        title, nxt = units[i].text, units[i + 1]
        if not (is_caps(title) and is_title_like(title) and len(nxt.lines) == 1):
            return 0
        if not (NUMBER_ONLY.match(nxt.text) and "." in nxt.text) or nxt.page != units[i].page:
            return 0
        self._open(HeadingMatch(nxt.text, title, 30 + 10 * number_depth(nxt.text), "dotted"), units[i].location)
        return 2

    # -- tree operations -------------------------------------------------------
    def _open(self, match: HeadingMatch, location: Location) -> None:
        top = self.stack[-1]
        if (
            len(self.stack) > 1
            and not top.children
            and match.number is not None
            and top.number is not None
            and (numeric_key(top.number) or top.number) == (numeric_key(match.number) or match.number)
            and _same_title(top.title, match.title, same_page=top.location.page == location.page)
        ):
            # The heading again in another type on the same page (the order's cover title,
            # then the heading of its text, sometimes worded longer): one section.
            return
        key = numeric_key(match.number) if match.kind in ("dotted", "bare", "section") else None
        while len(self.stack) > 1:
            top = self.stack[-1]
            top_key = numeric_key(top.number) if top.number else None
            # "460.00 PURPOSE" opens the text of "460 USE OF FORCE": same number, under it.
            opens_text = bool(key and key == top_key and "." in (match.number or "") and "." not in (top.number or ""))
            if opens_text:
                # ranked one level down, so "460.05" after it is its sibling, not its child
                match = HeadingMatch(match.number, match.title, top.rank + 10, match.kind)
                break
            if top.rank >= match.rank:
                self.stack.pop()
                continue
            if key and top_key and "." in key and not key.startswith(top_key + "."):
                self.stack.pop()  # 301.2 does not belong under 300
                continue
            break
        section = _Open(match.number, match.title, match.rank, location)
        self.stack[-1].children.append(section)
        self.stack.append(section)

    def _add_body(self, unit: Unit, lines: list[str], location: Location) -> None:
        # Text formats keep their line breaks so evidence can point at the exact source line
        # (the engine joins hyphenated breaks and maps sentences back to lines); PDF lines are
        # joined here, where the reader's layout knowledge is.
        text = join_lines(lines) if self.paged else join_lines_keeping_breaks(lines)
        if not text:
            return
        blocks = self.stack[-1].blocks
        if not self.prose_seen and _is_prose(unit):
            self.prose_seen = True
        if blocks and unit.kind == BlockKind.PARAGRAPH and _continues_sentence(blocks[-1], text, location):
            last = blocks[-1]
            blocks[-1] = Block(join_pair(last.text, text), last.location, last.kind, 0, last.table_row)
            return
        blocks.append(Block(text=text, location=location, kind=unit.kind, index=0, table_row=unit.table_row))

    def _freeze(self, node: _Open, level: int) -> Section:
        """Turn the mutable tree into frozen Sections with spans and document-order indices."""
        blocks = []
        for block in node.blocks:
            blocks.append(Block(block.text, block.location, block.kind, self.block_index, block.table_row))
            self.block_index += 1
        children = tuple(self._freeze(child, level + 1) for child in node.children)
        locations = [node.location] if level else []
        locations += [b.location for b in blocks]
        pages = [loc.page for loc in locations if loc.page is not None]
        pages += [c.page_end for c in children if c.page_end is not None]
        lines = [loc.line for loc in locations if loc.line is not None]
        lines += [c.line_end for c in children if c.line_end is not None]
        paras = [loc.paragraph for loc in locations if loc.paragraph is not None]
        paras += [c.paragraph_end for c in children if c.paragraph_end is not None]
        page_start = node.location.page if level else (min(pages) if pages else None)
        return Section(
            number=node.number,
            title=node.title,
            level=level,
            blocks=tuple(blocks),
            children=children,
            location=node.location,
            page_start=page_start if page_start is not None else (min(pages) if pages else None),
            page_end=max(pages) if pages else None,
            line_start=None if self.paged else (node.location.line if level else (min(lines) if lines else None)),
            line_end=None if self.paged else (max(lines) if lines else None),
            paragraph_start=node.location.paragraph if level else (min(paras) if paras else None),
            paragraph_end=max(paras) if paras else None,
        )


def _sentence_title(title: str) -> bool:
    """A sentence-case title: a capitalised first word of two letters or more, up to
    ten words, not ending in a page number (a contents line) or like a sentence."""
    first = title.split(" ", 1)[0]
    if not (first[:1].isupper() and sum(1 for c in first if c.isalpha()) >= 2) or title[-1:].isdigit():
        return False
    return is_title_like(title, max_words=10, relaxed=True)


def _same_title(a: str, b: str, *, same_page: bool) -> bool:
    """Two titles of one numbered heading: equal but for case and punctuation, or, on
    one page, the shorter one's words nearly all found in the longer one (a cover
    title and the longer wording of the text's own heading)."""
    words_a = re.findall(r"[a-z0-9]+", a.casefold())
    words_b = re.findall(r"[a-z0-9]+", b.casefold())
    if words_a == words_b:
        return True
    short, long = sorted((set(words_a), set(words_b)), key=len)
    return same_page and bool(short) and len(short & long) >= 0.6 * len(short)


def _is_prose(unit: Unit) -> bool:
    """Running text rather than a label or a form cell: six words or more, mostly
    lower-case ones (form cells are short, capitalised, or dates and numbers)."""
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", unit.text)
    return len(words) >= 6 and sum(1 for w in words if w[0].islower()) >= 0.4 * len(words)


def _is_cell(unit: Unit) -> bool:
    """A form cell: a label ("REVISION DATES"), a label with its value ("SUBJECT: Camera
    Program"), or a value made of capitalised words, dates and numbers, never prose."""
    if _LABEL_VALUE.match(unit.text):
        return True
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", unit.text)
    return len(words) <= 30 and all(w[0].isupper() for w in words)


_FINAL = tuple(".:;!?)\"'\u201d\u2019")
_LOWER_ITEM = re.compile(r"^\(?[a-z]{1,4}[.)]\s")


def _continues_sentence(last: Block, text: str, location: Location) -> bool:
    """A block that carries on the sentence the previous block left unfinished.

    A paragraph broken by a page turn (the running footer and header between the two
    halves have been removed by now) or by a figure: the previous block ends without
    final punctuation and this one starts in lower case, on the same or the next page.
    A lower-case list marker ("a. ...") starts an item, not a continuation. Never past the
    block length limit: the reader split an overlong paragraph on purpose.
    """
    if last.kind == BlockKind.TABLE_CELL or not text[:1].islower() or _LOWER_ITEM.match(text):
        return False
    if len(last.text) + len(text) > MAX_BLOCK_CHARS:
        return False
    if last.text.rstrip().endswith(_FINAL):
        return False
    if last.location.page is not None and location.page is not None:
        return 0 <= location.page - last.location.page <= 1
    return True


def _next_line(location: Location, offset: int) -> Location:
    """The location ``offset`` lines further on (same page or paragraph)."""
    if location.line is None:
        return location
    return Location(page=location.page, line=location.line + offset, paragraph=location.paragraph)


def build_tree(units: list[Unit], fmt: str) -> TreeResult:
    """Detect headings among ``units`` and nest them into a tree under a level-0 root."""
    builder = _Builder(units, fmt)
    root = builder.run()
    return TreeResult(root, builder.running_titles)
