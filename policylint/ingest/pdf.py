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
3. group consecutive lines into paragraphs by geometry (vertical gaps, font
   changes, short last lines, list/heading markers).

Each paragraph becomes one :class:`RawBlock` whose text keeps the original line
breaks (``\\n``) so the structure stage can repair hyphenation and split a heading
line off the paragraph it was typeset with. ``Location(page, line)`` is the
physical page and the 1-based line, in reading order, where the block starts.

Problems are results: an encrypted or corrupt file, and pages with no text layer,
become :class:`Diagnostic` records; this function never raises for bad input.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from ..model import BlockKind, Diagnostic, DiagnosticCode, Location, RawBlock, RawDocument

__all__ = ["read_pdf", "PdfLine", "extract_lines", "order_lines", "group_lines", "is_list_item"]

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
    for start, _end, line_text, x0, x1, y_bottom, y_top in spans:
        size = abs(pdfium_c.FPDFText_GetFontSize(textpage, start)) * boxes.scale(start)  # some fonts report -1
        bold = _font_is_bold(textpage, start, name_buffer)
        lines.append(PdfLine(" ".join(line_text.split()), x0, x1, y_top, y_bottom, round(size, 1), bold))
    return lines


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
                    kind=BlockKind.LIST_ITEM if is_list_item(text) else BlockKind.PARAGRAPH,
                    font_size=first.size,
                    bold=first.bold,
                )
            )
            current.clear()

    for ln in lines:
        if current and _starts_paragraph(current, ln, leading, right_edge, body_size):
            flush()
        current.append(ln)
    flush()
    return blocks


def is_list_item(text: str) -> bool:
    """A block that starts with a list marker and does not read like a numbered heading.

    ``(a)``, ``a)`` and bullets always mark items. ``1.``, ``a.``, ``iv.`` and ``A.``
    mark headings as often as items ("1. PURPOSE", "A. Definitions"), so those count
    as items only when the block is a sentence: several lines, or a first line that
    ends a clause or runs long, or a lower-case start after the marker.
    """
    if _LIST_MARKER.match(text):
        return True
    m = _ITEM_MARKER.match(text)
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


def _no_text_diagnostics(pages: list[int], page_count: int, name: str) -> list[Diagnostic]:
    """One diagnostic per run of consecutive pages without a text layer.

    When most of the file is image-only it could not be read: an error, so the
    manual is reported as unreadable rather than as a manual with no content. A few
    image-only pages in a file that otherwise has text (a rasterised table, a form)
    are a warning: the rest was read, and the report still names the pages.
    """
    result: list[Diagnostic] = []
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    unreadable = len(pages) * 2 > page_count
    for start, end in runs:
        where = _range_text(start, end)
        verb = "has" if start == end else "have"
        if len(pages) == page_count:
            cause = f"no page has a text layer ({where}: images only, probably scanned); run OCR first"
        elif unreadable:
            cause = f"{where} {verb} no text layer (images only, probably scanned); most of the file could not be read"
        else:
            cause = f"{where} {verb} no text layer (image only); the text on it was not read"
        result.append(
            Diagnostic(
                code=DiagnosticCode.NO_TEXT_LAYER.value,
                message=f"{name}: {cause}",
                path=name,
                page=start,
                page_end=end if end != start else None,
                severity="error" if unreadable else "warning",
            )
        )
    return result


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


def read_pdf(path: Path, *, sha256: str) -> RawDocument:
    """Read a PDF into paragraph blocks with page/line locations and diagnostics."""
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
        return _read_open_document(document, name, sha256)
    finally:
        document.close()


def _read_open_document(document: object, name: str, sha256: str) -> RawDocument:
    import pypdfium2 as pdfium

    page_count = len(document)  # type: ignore[arg-type]
    blocks: list[RawBlock] = []
    diagnostics: list[Diagnostic] = []
    no_text: list[int] = []
    failed: list[int] = []
    for index in range(page_count):
        page_no = index + 1
        try:
            page = document[index]  # type: ignore[index]
        except pdfium.PdfiumError:
            failed.append(page_no)
            continue
        try:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                if not text.strip():
                    if _page_has_objects(page.raw):
                        no_text.append(page_no)
                    continue
                width = page.get_width()
                lines = extract_lines(textpage.raw, text, width)
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            failed.append(page_no)
            continue
        finally:
            page.close()
        blocks.extend(group_lines(order_lines(lines, width), page_no))
    if no_text:
        diagnostics.extend(_no_text_diagnostics(no_text, page_count, name))
    if failed:
        pages = ", ".join(str(p) for p in failed[:10]) + (" ..." if len(failed) > 10 else "")
        diagnostics.append(
            Diagnostic(
                code=DiagnosticCode.PARTIAL.value,
                message=f"{name}: {len(failed)} page(s) could not be parsed (page {pages}); the rest was read",
                path=name,
                page=failed[0],
            )
        )
    if page_count == 0:
        diagnostics.append(
            Diagnostic(DiagnosticCode.CORRUPT.value, f"{name}: the PDF has no pages", name)
        )
    elif not blocks and not no_text and not failed:
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
