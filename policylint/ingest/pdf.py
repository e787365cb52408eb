"""PDF reader: pypdfium2's text API as the fast path, with per-line geometry.

Why pypdfium2 and not pdfplumber's char-level extraction: measured on a 632-page
manual, pdfplumber's ``extract_text`` reads about 13 pages/s and holds gigabytes
unless every page is closed, while pdfium's text page API reads close to 1,000
pages/s (see ``benchmarks/ingest.py``). Font size, weight and position are read
from pdfium's raw ``FPDFText_*`` functions for the first and last character of each
line only, which is all the structure stage needs.

What this reader does per page:

1. split pdfium's text into lines and measure each line (box, font size, bold);
2. put the lines in reading order: top to bottom, and for two-column stretches the
   left column before the right one (content streams often draw footers first);
3. find table rows (several cells side by side, row after row, at the same column
   edges) and mark their lines as cells of a row and column;
4. group consecutive lines into paragraphs by geometry (vertical gaps, font
   changes, short last lines, list/heading markers), and table lines into one
   TABLE_CELL block per cell. A bare item number drawn apart from its text (how
   list generators draw bullets) marks a list item, and the line's type is read
   from its text, not from the number.

Each paragraph becomes one :class:`RawBlock` whose text keeps the original line
breaks (``\\n``) so the structure stage can repair hyphenation and split a heading
line off the paragraph it was typeset with. ``Location(page, line)`` is the
physical page and the 1-based line, in reading order, where the block starts.

Problems are results: an encrypted or corrupt file, pages with no text layer, and
pages whose text layer cannot be decoded (glyph codes from fonts without a Unicode
map, see :mod:`.legibility`; their text is dropped, not judged) become
:class:`Diagnostic` records; this function never raises for bad input.
"""

from __future__ import annotations

import ctypes
import dataclasses
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import BlockKind, Diagnostic, DiagnosticCode, Location, RawBlock, RawDocument, page_runs
from .legibility import is_legible

__all__ = ["read_pdf", "PdfLine", "extract_lines", "order_lines", "find_table_cells", "group_lines", "is_list_item"]

#: Lines that start a new paragraph whatever the geometry says: list markers and
#: numbered headings. Kept deliberately broad; the structure stage decides headings.
_MARKER = re.compile(
    r"""^(?:
        \((?:[a-zA-Z]{1,2}|\d{1,3}|[ivxlc]{1,6})\)   # (a) (12) (iv)
      | (?:[a-zA-Z]|\d{1,3})\)\s                      # a) 3)
      | [\u2022\u25cf\u25aa\u25e6\u2013\u2014\-\*\uf0b7\uf0a7o]\s  # bullets
      | \d{1,4}(?:\.\d{1,3})+\.?\s          # 300.5 / 300.5.1 / 5.01.
      | \d{1,4}\.?\s                        # 300 Title / 1. item
      | [A-Z]{1,3}-\d{1,4}                  # D-52
      | [IVXLC]{1,6}\.\s                    # II.
      | [A-Z]\.\s                           # A.
      | (?:chapter|article|section|part|policy|general\ order)\s+[\dIVXLC]
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_LIST_MARKER = re.compile(
    r"^(?:\((?:[a-zA-Z]{1,2}|\d{1,3}|[ivxlc]{1,6})\)|(?:[a-zA-Z]|\d{1,3})\)\s|[\u2022\u25cf\u25aa\u25e6\uf0b7\uf0a7\*]\s)"
)
_LEADER = re.compile(r"(?:\.\s?){4,}|_{4,}|\u2026")  # dotted leaders of a contents line
_CLAUSE_END = frozenset('.:;!?)"\'\u201d')
_FONT_BOLD_WORDS = ("bold", "black", "heavy", "semibold", "demi")
_FORCE_BOLD_FLAG = 1 << 18


@dataclass(slots=True)
class PdfLine:
    """One visual line of a page with the geometry paragraph grouping needs.

    Coordinates are PDF points with the origin at the bottom left, as pdfium
    reports them: a larger ``top`` is higher on the page.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    line_no: int = 0  # 1-based in reading order, filled by order_lines()
    start: int = -1  # pdfium char index of the first char (-1 when not known)
    end: int = -1  # pdfium char index of the last char
    marker_gap: bool = False  # a leading marker ("1", "a") set apart by a wide gap: a list bullet
    cell: int | None = None  # column of a table row this line is a cell of, set by find_table_cells()
    row: int = 0  # table row id (unique on the page) when ``cell`` is set


def _font_is_bold(textpage: object, index: int, buffer: ctypes.Array[ctypes.c_char]) -> bool:
    """Bold from the font weight when set, else from the font's name or flags."""
    import pypdfium2.raw as pdfium_c

    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    if weight >= 600:
        return True
    flags = ctypes.c_int(0)
    n = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), ctypes.byref(flags))
    if flags.value & _FORCE_BOLD_FLAG:
        return True
    if n <= 0:
        return False
    name = buffer.value.decode("latin-1", "replace").lower()
    return any(word in name for word in _FONT_BOLD_WORDS)


class _CharBoxes:
    """Reads character boxes from a raw text page, reusing one set of ctypes values."""

    def __init__(self, textpage: object) -> None:
        import pypdfium2.raw as pdfium_c

        self._get = pdfium_c.FPDFText_GetCharBox
        self._get_loose = pdfium_c.FPDFText_GetLooseCharBox
        self._get_matrix = pdfium_c.FPDFText_GetMatrix
        self.textpage = textpage
        self.left, self.right, self.bottom, self.top = (ctypes.c_double() for _ in range(4))
        self._refs = tuple(ctypes.byref(v) for v in (self.left, self.right, self.bottom, self.top))
        self._rect = pdfium_c.FS_RECTF()
        self._rect_ref = ctypes.byref(self._rect)
        self._matrix = pdfium_c.FS_MATRIX()
        self._matrix_ref = ctypes.byref(self._matrix)

    def box(self, index: int) -> tuple[float, float, float, float] | None:
        """(left, right, bottom, top) of char ``index`` (tight glyph box), or None."""
        if not self._get(self.textpage, index, *self._refs):
            return None
        return self.left.value, self.right.value, self.bottom.value, self.top.value

    def loose(self, index: int) -> tuple[float, float, float, float] | None:
        """(left, right, bottom, top) of char ``index`` from the font's ascent and descent.

        Unlike the tight glyph box, its top does not depend on the letter ("a" vs
        "T"), so the distance between two lines of one paragraph is the same for
        every pair: the line spacing that paragraph grouping compares gaps with.
        """
        if not self._get_loose(self.textpage, index, self._rect_ref):
            return self.box(index)
        r = self._rect
        return r.left, r.right, min(r.bottom, r.top), max(r.bottom, r.top)

    def scale(self, index: int) -> float:
        """Vertical scale of char ``index``'s text and page matrices.

        Many generators set the font size to 1 and scale the text matrix instead;
        ``FPDFText_GetFontSize`` reports the 1, so the printed size is that size
        times this scale.
        """
        if not self._get_matrix(self.textpage, index, self._matrix_ref):
            return 1.0
        m = self._matrix
        scale = (m.c * m.c + m.d * m.d) ** 0.5
        return scale if scale > 0 else 1.0


def extract_lines(textpage: object, text: str, page_width: float | None = None) -> list[PdfLine]:
    """Split pdfium's page text into measured lines (content-stream order).

    ``textpage`` is the raw ``FPDF_TEXTPAGE`` handle; ``text`` its full text. pdfium
    counts one char index per UTF-16 code unit, so offsets are converted when the
    page holds characters outside the Basic Multilingual Plane. pdfium puts text of
    two columns that share a baseline on one line; on pages where a sample of lines
    shows a gutter at the middle, such lines are split there.

    pdfium marks a word hyphenated at a line end with U+FFFE and does not break the
    line there, so two printed lines come out as one; the text is split at that mark
    (the hyphen is kept, and repaired later by structure/hyphenation.py).
    """
    import pypdfium2.raw as pdfium_c

    wide = len(text.encode("utf-16-le")) != 2 * len(text)
    boxes = _CharBoxes(textpage)
    spans: list[tuple[int, int, str, float, float, float, float]] = []
    for match in re.finditer(r"[^\r\n\ufffe]+\ufffe?", text):
        raw = match.group()
        hyphen = raw.endswith("\ufffe")
        raw = raw.rstrip("\ufffe")
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        end = match.start() + len(raw.rstrip()) - 1
        if wide:
            start = len(text[:start].encode("utf-16-le")) // 2
            end = len(text[:end].encode("utf-16-le")) // 2
        first = boxes.loose(start)
        if first is None:
            continue
        x0, x1, y_bottom, y_top = first
        last = boxes.loose(end)
        if last is not None:
            x1 = max(x1, last[1])
            y_top = max(y_top, last[3])
            y_bottom = min(y_bottom, last[2])
        spans.append((start, end, stripped + ("-" if hyphen else ""), x0, x1, y_bottom, y_top))
    if page_width and not wide:
        spans = _split_two_column_spans(boxes, text, spans, page_width / 2)
    name_buffer = ctypes.create_string_buffer(128)
    lines: list[PdfLine] = []
    for start, end, line_text, x0, x1, y_bottom, y_top in spans:
        probe, gap = _after_marker(boxes, text, start, end, line_text) if not wide else (start, False)
        # Size and weight of the text, not of a bullet drawn apart from it: list generators
        # often draw the bullet or number in another font and size than the item it marks.
        # Without a gap the marker's own type counts ("A. Lead-in." items set the lead-in
        # in bold; a heading number may be set larger than a running title).
        probe = probe if gap and _BARE_TOKEN.match(line_text) else start
        size = abs(pdfium_c.FPDFText_GetFontSize(textpage, probe)) * boxes.scale(probe)  # some fonts report -1
        bold = _font_is_bold(textpage, probe, name_buffer)
        line = PdfLine(" ".join(line_text.split()), x0, x1, y_top, y_bottom, round(size, 1), bold, 0, start, end, gap)
        lines.append(line)
    return lines


#: A bare item number or letter, a list marker only when drawn apart from its text.
_BARE_TOKEN = re.compile(r"^(?:\d{1,2}|[a-z])\s+(?=\S)")
#: A short token that may be a bullet or an item number drawn apart from its text.
_LEAD_TOKEN = re.compile(
    r"^(?:\(?(?:\d{1,2}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)]?|[\u2022\u25cf\u25aa\u25e6\u2013\uf0b7\uf0a7*-])\s+(?=\S)"
)


def _after_marker(boxes: _CharBoxes, text: str, start: int, end: int, line_text: str) -> tuple[int, bool]:
    """Index of the first char after a leading marker, and whether a wide gap sets it apart.

    A bare number followed by a gap of about a character width or more is how list
    generators draw an item number apart from its text ("1   Given in ..."): that
    gap, not a dot, says the number is a list marker. Lines with no leading token
    cost nothing here.
    """
    m = _LEAD_TOKEN.match(line_text)
    if not m:
        return start, False
    k = start + len(line_text[: m.end()].rstrip())  # one past the token in the page text
    j = k
    while j <= end and text[j].isspace():
        j += 1
    if j > end or k == start:
        return start, False
    left, right = boxes.box(k - 1), boxes.loose(j)
    if left is None or right is None:
        return j, False
    gap = right[0] - left[1]
    return j, gap >= max(6.0, 0.9 * (right[3] - right[2]))  # loose box height: about the font size


_Span = tuple[int, int, str, float, float, float, float]


def _split_two_column_spans(boxes: _CharBoxes, text: str, spans: list[_Span], mid: float) -> list[_Span]:
    """Split lines that run across a gutter at the page middle, on two-column pages only.

    Deciding per page from a sample of up to ten crossing lines keeps single-column
    pages (the common case) to a handful of extra calls.
    """
    crossing = [
        i for i, sp in enumerate(spans) if sp[3] < mid - 6 and sp[4] > mid + 6 and not _LEADER.search(sp[2])
    ]
    if len(crossing) < 3:
        return spans
    step = max(1, len(crossing) // 10)
    sample = crossing[::step][:10]
    hits = sum(1 for i in sample if _gutter_index(boxes, text, spans[i], mid) is not None)
    if hits < 3 or hits < 0.4 * len(sample):
        return spans
    result: list[_Span] = []
    for i, span in enumerate(spans):
        split = _gutter_index(boxes, text, span, mid) if i in crossing else None
        if split is None:
            result.append(span)
            continue
        start, end, _t, x0, x1, y_bottom, y_top = span
        left_end = split - 1
        while left_end > start and text[left_end].isspace():
            left_end -= 1
        left_box = boxes.box(left_end)
        right_box = boxes.box(split)
        left_text = text[start : left_end + 1].strip()
        right_text = text[split : end + 1].strip()
        if not left_text or not right_text or left_box is None or right_box is None:
            result.append(span)
            continue
        result.append((start, left_end, left_text, x0, left_box[1], y_bottom, y_top))
        result.append((split, end, right_text, right_box[0], x1, y_bottom, y_top))
    return result


def _gutter_index(boxes: _CharBoxes, text: str, span: _Span, mid: float) -> int | None:
    """Index of the first char right of a >= 12 pt gap spanning the middle, else None."""
    start, end = span[0], span[1]
    lo, hi = start, end
    while lo < hi:  # last char whose left edge is left of the middle
        probe = (lo + hi + 1) // 2
        box = boxes.box(probe)
        if box is not None and box[0] < mid:
            lo = probe
        else:
            hi = probe - 1
    k = lo
    while k > start and text[k].isspace():
        k -= 1
    j = lo + 1
    while j <= end and text[j].isspace():
        j += 1
    if j > end:
        return None
    left_box, right_box = boxes.box(k), boxes.box(j)
    if left_box is None or right_box is None:
        return None
    gap = right_box[0] - left_box[1]
    if gap >= 12 and left_box[1] <= mid + 2 and right_box[0] >= mid - 2:
        return j
    return None


def _same_row(a: PdfLine, b: PdfLine) -> bool:
    return abs(a.top - b.top) <= max(2.0, 0.3 * min(a.size, b.size))


#: A revision mark printed in the margin beside changed text ("Rev", "NEW", "Amended").
_REVISION_MARK = re.compile(r"^(?:rev(?:ised)?\.?|new|amended|updated|changed|added)$", re.IGNORECASE)
#: How far outside the body text's edge a word must sit to be a margin mark (points).
_MARGIN_SLACK = 12.0


def strip_revision_marks(lines: list[PdfLine]) -> list[PdfLine]:
    """Lines without the revision marks printed in the margins beside them.

    A manual marks changed text with "Rev" or "NEW" in the left or right margin; pdfium reads
    the mark into the line beside it ("Rev clearly beyond what is reasonable"), which would
    start a new paragraph in the middle of a list item. A mark counts only outside the body
    text's usual left and right edges, so a sentence that begins with "New" is left alone.
    """
    if len(lines) < 3:
        return lines
    lefts = sorted(round(ln.x0) for ln in lines)
    rights = sorted(round(ln.x1) for ln in lines)
    left_edge = lefts[len(lefts) // 4]  # most lines start at or right of it
    right_edge = rights[(3 * len(rights)) // 4]
    out: list[PdfLine] = []
    for ln in lines:
        words = ln.text.split()
        if not words:
            out.append(ln)
            continue
        if ln.x0 < left_edge - _MARGIN_SLACK and _REVISION_MARK.match(words[0]):
            if len(words) == 1:
                continue  # the mark alone on its line
            rest = ln.text.split(None, 1)[1]
            # the text itself starts where the body does (its exact x is not known here)
            out.append(dataclasses.replace(ln, text=rest, x0=float(left_edge)))
            continue
        if ln.x1 > right_edge + _MARGIN_SLACK and _REVISION_MARK.match(words[-1]):
            if len(words) == 1:
                continue
            out.append(dataclasses.replace(ln, text=ln.text.rsplit(None, 1)[0]))
            continue
        out.append(ln)
    return out


def order_lines(lines: list[PdfLine], page_width: float) -> list[PdfLine]:
    """Reading order: top to bottom; in two-column stretches, left column first.

    A page is read as bands: a line that crosses the middle of the page (a title,
    a full-width paragraph) closes the current two-column band, whose left lines
    are read before its right lines. Lines on one row are read left to right.
    """
    if not lines:
        return []
    mid = page_width / 2.0
    by_top = sorted(lines, key=lambda ln: (-ln.top, ln.x0))
    left_lines = [ln for ln in lines if ln.x1 <= mid + 4]
    right_lines = [ln for ln in lines if ln.x0 >= mid - 4]
    two_columns = len(left_lines) >= 3 and len(right_lines) >= 3 and _columns_overlap(left_lines, right_lines)
    ordered: list[PdfLine] = []
    if not two_columns:
        ordered = _rows_left_to_right(by_top)
    else:
        band_left: list[PdfLine] = []
        band_right: list[PdfLine] = []

        def flush() -> None:
            ordered.extend(_rows_left_to_right(band_left))
            ordered.extend(_rows_left_to_right(band_right))
            band_left.clear()
            band_right.clear()

        for ln in by_top:
            if ln.x1 <= mid + 4:
                band_left.append(ln)
            elif ln.x0 >= mid - 4:
                band_right.append(ln)
            else:
                flush()
                ordered.append(ln)
        flush()
    for number, ln in enumerate(ordered, start=1):
        ln.line_no = number
    return ordered


def _columns_overlap(left: list[PdfLine], right: list[PdfLine]) -> bool:
    """True when left-half and right-half lines share vertical extent (real columns).

    A page whose right-half lines are only a few short items (a date, a page
    number) beside left-half text is not two-column: at least a third of the
    right-half lines must sit level with some stretch of left-half text.
    """
    left_top = max(ln.top for ln in left)
    left_bottom = min(ln.bottom for ln in left)
    level = sum(1 for ln in right if left_bottom <= ln.top <= left_top)
    return level >= max(3, len(right) // 3) and len(right) >= 0.2 * (len(left) + len(right))


def _rows_left_to_right(lines: list[PdfLine]) -> list[PdfLine]:
    """Sort top to bottom, and lines on the same row left to right."""
    result: list[PdfLine] = []
    row: list[PdfLine] = []
    for ln in sorted(lines, key=lambda item: -item.top):
        if row and not _same_row(row[0], ln):
            result.extend(sorted(row, key=lambda item: item.x0))
            row = []
        row.append(ln)
    result.extend(sorted(row, key=lambda item: item.x0))
    return result


_MIN_ROWS = 2  # a table is several rows: one row of two phrases may be a header or a heading


def find_table_cells(
    lines: list[PdfLine], boxes: _CharBoxes, text: str, carried: tuple[float, ...] = ()
) -> tuple[list[PdfLine], tuple[float, ...]]:
    """Find table rows among ordered lines and mark their cells; return the lines.

    A table row is a visual row of two or more cells: separate lines side by side, or
    one pdfium line with a wide gap at a column edge (pdfium joins cells that share a
    baseline into one line). Column edges come from the layout itself: the left edge
    of lines that hang right of the line above them (a cell's wrapped text) or that
    sit beside another line on the same row. A cell is checked for a gap only at such
    edges, so prose pages cost a few box reads. A page needs two rows whose second
    column starts at the same place; then every line from the first row to the end of
    the table gets a ``cell`` (column) and a ``row``. A bare marker left of a gap is a
    list bullet, not a cell, and a page label right of one is a contents line.

    ``carried`` are the column edges of a table on the previous page (a table that
    runs on keeps its columns); the edges of this page's table are returned with the
    lines, for the next page.
    """
    if len(lines) < 2:
        return lines, ()
    edges = _confirmed_edges(lines, boxes, text)
    edges += [e for e in carried if not any(abs(e - x) <= 3 for x in edges)]
    if not edges:
        return lines, ()
    pieces = [_split_at_edges(ln, edges, boxes, text) for ln in lines]
    split = [part for parts in pieces for part in parts]
    # A number left of a gap is a heading's or an item's number; a label ending in a
    # colon ("PURPOSE:") is a side head or a form field with its value, not a cell.
    rows = [
        r for r in _rows(split) if len(r) >= 2 and not _MARKER_CELL.match(r[0].text) and not r[0].text.endswith(":")
    ]
    starts = [round(r[1].x0) for r in rows]
    aligned = {x for x in starts if sum(1 for y in starts if abs(x - y) <= 4) >= _MIN_ROWS}
    # Rows of short bold column heads ("Act | Description", "Step | Action") head a
    # table, even when the rows under them read as list items or are set differently.
    heads = [r for r in rows if all(ln.bold and len(ln.text.split()) <= 4 for ln in r)]
    table = [r for r in rows if round(r[1].x0) in aligned or r in heads]
    if not table:
        return lines, ()  # no table: lines cut at a gap stay whole
    # Lines cut at a gap stay whole unless the cut made a row of the table.
    in_table = {id(ln) for r in table for ln in r}
    result = [
        part
        for original, parts in zip(lines, pieces)
        for part in (parts if len(parts) > 1 and id(parts[0]) in in_table else [original])
    ]
    if not aligned:
        for i, row in enumerate(table, start=1):
            for ln in row:
                ln.cell, ln.row = round(ln.x0), -i
        return result, ()
    columns = _mark_cells(result, table)
    return result, tuple(float(x) for x in columns[1:])


#: A first "cell" that is a number, letter or bullet: a numbered heading or list item
#: drawn apart from its text ("300.1   PURPOSE"), not a table row.
_MARKER_CELL = re.compile(
    r"^(?:\(?(?:[A-Za-z]{0,6}[.-]?\d{1,4}(?:[./-]\d{1,3})*|[A-Za-z]|[ivxlcIVXLC]{1,6})[.):]?|[\u2022\u25cf\u25aa\u25e6\u2013\uf0b7\uf0a7*-])$"
)


def _confirmed_edges(lines: list[PdfLine], boxes: _CharBoxes, text: str) -> list[float]:
    """Left edges where a table's second column starts on this page.

    A candidate is the left edge of a line that hangs right of the line above it (a
    cell's wrapped text) or sits beside another line on its row. It is confirmed by
    the line it came from: a line beside another is a row already; a line above a
    hanging one must itself be cut by a wide gap at that edge, with a phrase, not a
    list marker, left of the gap. Only those lines are probed here, so pages of
    prose and hanging list items cost a few box reads.
    """
    edges: list[float] = []
    beside = [b.x0 for a, b in zip(lines, lines[1:]) if b.x0 > a.x1 + 8 and _same_row(a, b)]
    for a, b in zip(lines, lines[1:]):
        beside_pair = b.x0 > a.x1 + 8 and _same_row(a, b)
        hanging = b.x0 > a.x0 + 30 and b.x0 < a.x1 and 0 < a.top - b.top < 2.5 * max(a.size, b.size)
        if not (beside_pair or hanging):
            continue  # geometry first: most pairs of lines are neither
        if any(abs(b.x0 - e) <= 3 for e in edges) or _starts_with_marker(a.text):
            continue
        if beside_pair:
            # Two rows side by side at this edge, or one row of short bold column heads;
            # a page header beside a page header alone is no table.
            heads = a.bold and b.bold and len(a.text.split()) <= 4 and len(b.text.split()) <= 4
            if heads or sum(1 for x in beside if abs(x - b.x0) <= 4) >= _MIN_ROWS:
                edges.append(b.x0)
        elif len(_split_at_edges(a, [b.x0], boxes, text)) > 1:
            edges.append(b.x0)
        if len(edges) >= 6:
            break
    return edges


def _starts_with_marker(text: str) -> bool:
    """The line opens with a list marker or a number: what hangs under it is its item."""
    first = text.split(" ", 1)[0]
    return bool(_MARKER_CELL.match(first) or _LIST_MARKER.match(text) or _ITEM_MARKER.match(text))


def _split_at_edges(ln: PdfLine, edges: list[float], boxes: _CharBoxes, text: str) -> list[PdfLine]:
    """The line cut at column edges where a wide gap lies (cells of one row), else itself."""
    if ln.start < 0:
        return [ln]
    for edge in edges:
        if not ln.x0 + 10 < edge < ln.x1 - 4:
            continue
        j = _gap_at(boxes, text, ln.start, ln.end, edge, max(10.0, 1.5 * ln.size))
        if j is None:
            continue
        k = j - 1
        while k > ln.start and text[k].isspace():
            k -= 1
        left_text = " ".join(text[ln.start : k + 1].split())
        right_text = " ".join(text[j : ln.end + 1].split())
        if not left_text or not right_text or _MARKER_CELL.match(left_text) or _ITEM_MARKER.match(left_text + " "):
            continue  # a bullet or item number apart from its text: a list item, not a row
        if re.fullmatch(r"\d{1,4}|[ivxlc]{1,6}", right_text, re.IGNORECASE) or _LEADER.search(left_text):
            continue  # "Title      12": a contents line
        left_box, right_box = boxes.box(k), boxes.box(j)
        if left_box is None or right_box is None:
            continue
        import pypdfium2.raw as pdfium_c

        right_size = abs(pdfium_c.FPDFText_GetFontSize(boxes.textpage, j)) * boxes.scale(j)
        right_bold = _font_is_bold(boxes.textpage, j, ctypes.create_string_buffer(128))
        left = PdfLine(left_text, ln.x0, left_box[1], ln.top, ln.bottom, ln.size, ln.bold, ln.line_no, ln.start, k)
        right = PdfLine(right_text, right_box[0], ln.x1, ln.top, ln.bottom, round(right_size, 1), right_bold, ln.line_no, j, ln.end)
        return [left] + _split_at_edges(right, [e for e in edges if e > edge], boxes, text)
    return [ln]


def _gap_at(boxes: _CharBoxes, text: str, start: int, end: int, x: float, min_gap: float) -> int | None:
    """Index of the first char at or right of ``x`` when a gap of ``min_gap`` precedes it."""
    lo, hi = start, end
    while lo < hi:  # first char whose left edge reaches x (chars of a line run left to right)
        probe = (lo + hi) // 2
        box = boxes.box(probe)
        if box is not None and box[0] < x - 3:
            lo = probe + 1
        else:
            hi = probe
    j = lo
    while j <= end and text[j].isspace():
        j += 1
    k = lo - 1
    while k > start and text[k].isspace():
        k -= 1
    if j > end or k < start:
        return None
    left_box, right_box = boxes.box(k), boxes.box(j)
    if left_box is None or right_box is None:
        return None
    return j if right_box[0] - left_box[1] >= min_gap and abs(right_box[0] - x) <= 6 else None


def _rows(lines: list[PdfLine]) -> list[list[PdfLine]]:
    """Lines grouped into visual rows (same top), each row left to right."""
    rows: list[list[PdfLine]] = []
    for ln in lines:
        if rows and _same_row(rows[-1][0], ln):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    for row in rows:
        row.sort(key=lambda item: item.x0)
    return rows


def _mark_cells(lines: list[PdfLine], table_rows: list[list[PdfLine]]) -> list[int]:
    """Give each line of the table regions its column and row; return the column edges.

    A table starts at a multi-cell row and goes on over the lines that wrap its
    cells. It ends at a line that starts in the first column and runs across the
    second one (prose at the margin), at a wide vertical space, at a change of type
    size, and, after its last row, when a line is back in the first column. A
    multi-cell row whose right cell carries on an unfinished sentence from the line
    above is a wrapped continuation of the row before, not a new row.
    """
    firsts = {id(r[0]): r for r in table_rows}
    columns = sorted({round(ln.x0) for r in table_rows for ln in r})
    second = columns[min(1, len(columns) - 1)]
    size = statistics.median(ln.size for r in table_rows for ln in r)
    last = max(i for i, ln in enumerate(lines) if id(ln) in firsts)
    row_id = 0
    in_table = False
    prev: PdfLine | None = None
    prev_right: PdfLine | None = None
    for i, ln in enumerate(lines):
        row = firsts.get(id(ln))
        if in_table and row is None and prev is not None:
            spans = ln.x0 < second - 4 and ln.x1 > second + 4
            spaced = prev.bottom - ln.top > 2.5 * size
            if spans or spaced or abs(ln.size - size) >= 1.5 or (i > last and ln.x0 < second - 4):
                in_table = False
        if row is not None:
            continues = (
                in_table
                and prev_right is not None
                and prev_right.text[-1:] not in _CLAUSE_END
                and not row[1].text[:1].isupper()
            )
            if not continues:
                row_id += 1
            in_table = True
        if in_table:
            column = max((c for c, x in enumerate(columns) if x <= ln.x0 + 4), default=0)
            ln.cell, ln.row = column, row_id
            if column > 0:
                prev_right = ln
        if _same_row(ln, prev) if prev is not None else False:
            continue  # the row's other cells: measure spacing from its first line
        prev = ln
    return columns


def group_lines(lines: list[PdfLine], page: int) -> list[RawBlock]:
    """Group ordered lines into paragraph blocks by geometry and markers."""
    if not lines:
        return []
    weights: dict[float, int] = {}
    for ln in lines:
        weights[round(ln.size)] = weights.get(round(ln.size), 0) + len(ln.text)
    body_size = max(weights, key=weights.__getitem__)  # size of most of the page's text
    gaps = [
        prev.top - cur.top
        for prev, cur in zip(lines, lines[1:])
        if abs(prev.size - cur.size) < 0.5 and 0 < prev.top - cur.top < 3 * cur.size
    ]
    leading = statistics.median(gaps) if gaps else lines[0].size * 1.2
    right_edge = sorted(ln.x1 for ln in lines)[int(0.9 * (len(lines) - 1))]
    blocks: list[RawBlock] = []
    current: list[PdfLine] = []

    def flush() -> None:
        if current:
            first = current[0]
            text = "\n".join(ln.text for ln in current)
            blocks.append(
                RawBlock(
                    text=text,
                    location=Location(page=page, line=first.line_no),
                    kind=BlockKind.LIST_ITEM if is_list_item(text, marker_gap=first.marker_gap) else BlockKind.PARAGRAPH,
                    font_size=first.size,
                    bold=first.bold,
                )
            )
            current.clear()

    cells: dict[int, list[PdfLine]] = {}
    cells_row = -1
    # (table, row) for each cell block: a table is a run of rows on this page with no other
    # line between them; numbered page * 100 + k so numbers are unique in the document
    table = [page * 100 - 1, -1, False]  # [table number, row in table, last line was a cell]

    def flush_cells() -> None:
        for column in sorted(cells):
            cell = cells[column]
            blocks.append(
                RawBlock(
                    text="\n".join(ln.text for ln in cell),
                    location=Location(page=page, line=cell[0].line_no),
                    kind=BlockKind.TABLE_CELL,
                    font_size=cell[0].size,
                    bold=cell[0].bold,
                    table_row=(table[0], table[1]),
                )
            )
        cells.clear()

    for ln in lines:
        if ln.cell is not None:
            flush()
            if ln.row != cells_row:
                flush_cells()
                cells_row = ln.row
                if not table[2]:
                    table[0], table[1] = table[0] + 1, -1
                table[1] += 1
            table[2] = True
            cells.setdefault(ln.cell, []).append(ln)
            continue
        flush_cells()
        table[2] = False
        if current and _starts_paragraph(current, ln, leading, right_edge, body_size):
            flush()
        current.append(ln)
    flush()
    flush_cells()
    return blocks


def is_list_item(text: str, *, marker_gap: bool = False) -> bool:
    """A block that starts with a list marker and does not read like a numbered heading.

    ``(a)``, ``a)`` and bullets always mark items. ``1.``, ``a.``, ``iv.`` and ``A.``
    mark headings as often as items ("1. PURPOSE", "A. Definitions"), so those count
    as items only when the block is a sentence: several lines, or a first line that
    ends a clause or runs long, or a lower-case start after the marker. With
    ``marker_gap`` (the reader saw a bare number or letter set apart from its text by
    a wide gap, as list generators draw bullets) that bare token is a marker too.
    """
    if _LIST_MARKER.match(text):
        return True
    m = _ITEM_MARKER.match(text) or (_BARE_TOKEN.match(text) if marker_gap else None)
    if not m:
        return False
    first, _, rest = text.partition("\n")
    after = first[m.end() :].strip()
    if not after:
        return bool(rest)
    if after[:1].islower() or rest:
        return True
    words = after.split()
    return len(words) > 10 or after[-1:] in ".;,"


#: A numbered or lettered list item: "1." "12.Word" "a." "iv." "A." "(a)" "a)" or a bullet.
_ITEM_MARKER = re.compile(
    r"""^(?:
        \((?:[a-zA-Z]{1,2}|\d{1,3}|[ivxlc]{1,6})\)\s?
      | (?:[a-zA-Z]|\d{1,3}|[ivxlc]{1,6})[.)]\s
      | \d{1,3}\.(?=[A-Z][a-z])
      | [\u2022\u25cf\u25aa\u25e6\uf0b7\uf0a7\*]\s
    )""",
    re.VERBOSE,
)
#: Words after which a line-initial number continues the sentence ("see Section" / "5. ...").
#: Conjunctions are not among them: "...; and" / "3. ..." is the next item of a list.
_REFERENCE_END = re.compile(
    r"(?:section|sections|chapter|article|paragraph|subsection|part|title|page|item|step|no\.|number|§)$",
    re.IGNORECASE,
)


def _starts_paragraph(block: list[PdfLine], cur: PdfLine, leading: float, right_edge: float, body_size: float) -> bool:
    """Whether ``cur`` begins a new paragraph after the lines in ``block``."""
    prev = block[-1]
    gap = prev.top - cur.top
    if prev.size > body_size + 1 and abs(prev.size - cur.size) < 0.6 and 0 < gap < 1.6 * prev.size:
        return False  # a large title wrapped onto a second line
    if gap <= 0 or gap > max(1.45 * leading, 1.9 * max(prev.size, cur.size)):
        return True  # column jump, same row, or blank space between them
    if abs(prev.size - cur.size) >= 1.5:
        return True
    ends_clause = prev.text[-1:] in _CLAUSE_END
    if cur.marker_gap:
        return True  # a bullet or number drawn apart from its text starts an item
    if _ITEM_MARKER.match(cur.text) or (_MARKER.match(cur.text) and (ends_clause or _MARKER.match(prev.text))):
        # A list item starts its own block, unless the previous line is a reference cut
        # before its number ("... under Section" / "5 of the Act"); other markers
        # ("300 Title", "II.") only after a finished clause ("55 ILCS" wraps are not markers).
        if _ITEM_MARKER.match(cur.text) and not ends_clause and _REFERENCE_END.search(prev.text):
            return False
        return True
    if not ends_clause and _continues(prev, cur, right_edge):
        return False  # the sentence goes on: a wrap, whatever the font or line length says
    if abs(prev.size - cur.size) >= 0.6 or prev.bold != cur.bold:
        return True
    width = max(right_edge - min(prev.x0, cur.x0), 1.0)
    if prev.x1 < right_edge - 0.2 * width:
        return True  # the previous line stopped well short of the margin
    return False


def _continues(prev: PdfLine, cur: PdfLine, right_edge: float) -> bool:
    """An unfinished line followed by its continuation.

    The next line starts in lower case, or the previous line ran to the right margin
    and ends in a word (a bold lead-in sentence wrapping into regular type), or it
    ends with a hyphenated word break.
    """
    first = cur.text[:1]
    if first.islower():
        return True
    if prev.text.endswith("-") and prev.text[-2:-1].isalpha():
        return True
    width = max(right_edge - prev.x0, 1.0)
    return prev.x1 >= right_edge - 0.08 * width and prev.text[-1:].isalnum() and len(prev.text.split()) >= 6


def _page_has_objects(page_handle: object) -> bool:
    import pypdfium2.raw as pdfium_c

    return pdfium_c.FPDFPage_CountObjects(page_handle) > 0


def _range_text(start: int, end: int) -> str:
    return f"page {start}" if start == end else f"pages {start}-{end}"


#: How much of the file a kind of unread page leaves unread: every page, most, or some.
_ALL, _MOST, _SOME = "all", "most", "some"


def _unread_page_diagnostics(
    pages: list[int], page_count: int, name: str, code: DiagnosticCode,
    describe: Callable[[str, str, str, str], str], *, unread: int | None = None,
) -> list[Diagnostic]:
    """One diagnostic per run of consecutive unread pages (no text layer, or one that cannot
    be decoded): their text was not judged, so no topic is "missing" because of them.

    More than half of the file unread (``unread`` counts every unread page, of either kind;
    default these pages) is an error, so the manual is reported as unreadable rather than as
    a manual with no content; a few such pages (a rasterised table, a form) are a warning
    naming them, and the rest was read. ``describe(where, verb, them, extent)`` words the
    message for a run: "pages 3-40", "have", "them", and ``_ALL``/``_MOST``/``_SOME``.
    """
    unreadable = (len(pages) if unread is None else unread) * 2 > page_count
    extent = _ALL if len(pages) == page_count else _MOST if unreadable else _SOME
    result: list[Diagnostic] = []
    for start, end in page_runs(pages):
        verb, them = ("has", "it") if start == end else ("have", "them")
        result.append(
            Diagnostic(
                code=code.value,
                message=f"{name}: {describe(_range_text(start, end), verb, them, extent)}",
                path=name,
                page=start,
                page_end=end if end != start else None,
                severity="error" if unreadable else "warning",
            )
        )
    return result


def _no_text_message(where: str, verb: str, them: str, extent: str) -> str:
    if extent == _ALL:
        return f"no page has a text layer ({where}: images only, probably scanned); run OCR first"
    if extent == _MOST:
        return f"{where} {verb} no text layer (images only, probably scanned); most of the file could not be read"
    return f"{where} {verb} no text layer (image only); the text on it was not read"


#: What a chief can do about undecodable pages: the fix is in the file, not in policylint.
_REMEDY = "re-export the PDF with embedded Unicode fonts, or run OCR"
_GLYPH_CODES = "fonts without a Unicode map: glyph codes, not letters"
_UNDECODABLE = f"a text layer that cannot be decoded ({_GLYPH_CODES})"


def _undecodable_message(where: str, verb: str, them: str, extent: str) -> str:
    if extent == _ALL:
        return f"no page has a text layer that can be decoded ({where}, {_GLYPH_CODES}); nothing was read; {_REMEDY}"
    if extent == _MOST:
        return f"{where} {verb} {_UNDECODABLE}; most of the file could not be read; {_REMEDY}"
    return f"{where} {verb} {_UNDECODABLE}; the text on {them} was not read; {_REMEDY}"


def _no_text_diagnostics(pages: list[int], page_count: int, name: str, *, unread: int | None = None) -> list[Diagnostic]:
    """One diagnostic per run of consecutive pages without a text layer (PL101)."""
    return _unread_page_diagnostics(pages, page_count, name, DiagnosticCode.NO_TEXT_LAYER, _no_text_message, unread=unread)


def _undecodable_diagnostics(pages: list[int], page_count: int, name: str, *, unread: int | None = None) -> list[Diagnostic]:
    """One diagnostic per run of consecutive pages whose text layer cannot be decoded (PL114)."""
    return _unread_page_diagnostics(pages, page_count, name, DiagnosticCode.UNDECODABLE_TEXT, _undecodable_message, unread=unread)


def _open_error(exc: Exception, name: str) -> Diagnostic:
    """Turn pdfium's load failure into ENCRYPTED or CORRUPT with a one-line cause."""
    import pypdfium2.raw as pdfium_c

    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return Diagnostic(
            code=DiagnosticCode.ENCRYPTED.value,
            message=f"{name}: the PDF is encrypted and needs a password to open; save an unencrypted copy",
            path=name,
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return Diagnostic(
            code=DiagnosticCode.ENCRYPTED.value,
            message=f"{name}: the PDF uses an unsupported security handler and cannot be decrypted",
            path=name,
        )
    detail = str(exc).strip() or type(exc).__name__
    return Diagnostic(
        code=DiagnosticCode.CORRUPT.value,
        message=f"{name}: the PDF is damaged or truncated and could not be parsed ({detail})",
        path=name,
    )


#: Reading in two processes (``workers=2``) splits the pages in halves, one per
#: process. Measured on the 632-page Lisle manual on a shared two-core machine it did
#: not win (whole ``policylint outline``: 1.33 s with one process, 2.03 s with two, best
#: of five, the machine busy with other work), so one process is the default; callers
#: on an idle multi-core machine may ask for two.
DEFAULT_WORKERS = 1


def read_pdf(path: Path, *, sha256: str, workers: int | None = None) -> RawDocument:
    """Read a PDF into paragraph blocks with page/line locations and diagnostics.

    ``workers`` is 1 or 2 processes (None: :data:`DEFAULT_WORKERS`); the result is
    the same either way.
    """
    import pypdfium2 as pdfium

    name = str(path)
    if not Path(path).is_file():
        diag = Diagnostic(DiagnosticCode.NOT_FOUND.value, f"{name}: no such file", name)
        return RawDocument(name, "pdf", sha256, None, (), (diag,))
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        return RawDocument(name, "pdf", sha256, None, (), (_open_error(exc, name),))
    except OSError as exc:
        diag = Diagnostic(DiagnosticCode.NOT_FOUND.value, f"{name}: cannot be read ({exc.strerror or exc})", name)
        return RawDocument(name, "pdf", sha256, None, (), (diag,))
    try:
        return _read_open_document(document, name, sha256, _worker_count(workers, len(document)))
    finally:
        document.close()


def _worker_count(requested: int | None, page_count: int) -> int:
    """Processes to read with: two only when asked for, the file has pages for both,
    and the platform can fork (a spawned worker would re-import everything)."""
    import multiprocessing

    wanted = max(1, min(2, DEFAULT_WORKERS if requested is None else requested))
    if wanted > 1 and (page_count < 2 or "fork" not in multiprocessing.get_all_start_methods()):
        return 1
    return wanted


@dataclass
class _Pages:
    """What reading a range of pages gave."""

    blocks: list[RawBlock]
    no_text: list[int]
    failed: list[int]
    garbled: list[int] = dataclasses.field(default_factory=list)  # text layer that cannot be decoded


def _read_pages(document: object, first: int, stop: int) -> _Pages:
    """Read pages ``first``..``stop - 1`` (0-based) of an open document."""
    import pypdfium2 as pdfium

    result = _Pages([], [], [])
    table_edges: tuple[float, ...] = ()  # columns of a table that may run on to the next page
    for index in range(first, stop):
        page_no = index + 1
        try:
            page = document[index]  # type: ignore[index]
        except pdfium.PdfiumError:
            result.failed.append(page_no)
            continue
        try:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                if not text.strip():
                    if _page_has_objects(page.raw):
                        result.no_text.append(page_no)
                    continue
                if not is_legible(text):
                    # Glyph codes, not characters: judged, they would make every topic "missing".
                    result.garbled.append(page_no)
                    continue
                width = page.get_width()
                lines = strip_revision_marks(order_lines(extract_lines(textpage.raw, text, width), width))
                if len(text.encode("utf-16-le")) == 2 * len(text):  # char indices are text offsets
                    lines, table_edges = find_table_cells(lines, _CharBoxes(textpage.raw), text, table_edges)
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            result.failed.append(page_no)
            continue
        finally:
            page.close()
        result.blocks.extend(group_lines(lines, page_no))
    return result


def _read_in_child(path: str, first: int, stop: int, conn: object) -> None:
    """Worker process body: read a page range of its own copy of the file, send it back."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
        try:
            pages = _read_pages(document, first, stop)
        finally:
            document.close()
        conn.send(pages)  # type: ignore[attr-defined]
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which reads the pages itself
        conn.send(exc)  # type: ignore[attr-defined]
    finally:
        conn.close()  # type: ignore[attr-defined]


def _read_all_pages(document: object, name: str, page_count: int, workers: int) -> _Pages:
    """All pages, the second half in a forked worker when ``workers`` is 2.

    Any failure of the worker (it could not start, died, or raised) falls back to
    reading its half here: parallel reading is an optimisation, never a new way to fail.
    """
    if workers < 2 or page_count < 2:
        return _read_pages(document, 0, page_count)
    import multiprocessing

    middle = page_count // 2
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    try:
        worker = context.Process(target=_read_in_child, args=(name, middle, page_count, send), daemon=True)
        worker.start()
    except OSError:
        return _read_pages(document, 0, page_count)
    send.close()
    head = _read_pages(document, 0, middle)
    tail: object = None
    try:
        tail = receive.recv()
    except (EOFError, OSError):
        tail = None
    finally:
        receive.close()
        worker.join()
    if not isinstance(tail, _Pages):
        tail = _read_pages(document, middle, page_count)
    return _Pages(
        head.blocks + tail.blocks, head.no_text + tail.no_text, head.failed + tail.failed, head.garbled + tail.garbled
    )


def _read_open_document(document: object, name: str, sha256: str, workers: int = 1) -> RawDocument:
    page_count = len(document)  # type: ignore[arg-type]
    pages = _read_all_pages(document, name, page_count, workers)
    blocks, no_text, failed, garbled = pages.blocks, pages.no_text, pages.failed, pages.garbled
    diagnostics: list[Diagnostic] = []
    # Scanned and undecodable pages together decide whether most of the file was unread.
    unread = len(no_text) + len(garbled)
    if no_text:
        diagnostics.extend(_no_text_diagnostics(no_text, page_count, name, unread=unread))
    if garbled:
        diagnostics.extend(_undecodable_diagnostics(garbled, page_count, name, unread=unread))
    if failed:
        listed = ", ".join(str(p) for p in failed[:10]) + (" ..." if len(failed) > 10 else "")
        diagnostics.append(
            Diagnostic(
                code=DiagnosticCode.PARTIAL.value,
                message=f"{name}: {len(failed)} page(s) could not be parsed (page {listed}); the rest was read",
                path=name,
                page=failed[0],
            )
        )
    if page_count == 0:
        diagnostics.append(
            Diagnostic(DiagnosticCode.CORRUPT.value, f"{name}: the PDF has no pages", name)
        )
    elif not blocks and not no_text and not failed and not garbled:
        diagnostics.append(
            Diagnostic(DiagnosticCode.EMPTY.value, f"{name}: the PDF has pages but no text on any of them", name)
        )
    metadata = _metadata(document)
    return RawDocument(name, "pdf", sha256, page_count, tuple(blocks), tuple(diagnostics), metadata)


def _metadata(document: object) -> dict[str, str]:
    """Title/author/subject from the PDF info dictionary, when present."""
    try:
        info = document.get_metadata_dict(skip_empty=True)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - metadata is optional; a bad info dict must not stop reading
        return {}
    keys = {"Title": "title", "Author": "author", "Subject": "subject"}
    # Placeholders some generators write when the author gave no value.
    junk = {"untitled", "anonymous", "unspecified", "unknown", "none"}
    return {
        keys[k]: str(v).strip() for k, v in info.items() if k in keys and str(v).strip().lower() not in junk | {""}
    }
