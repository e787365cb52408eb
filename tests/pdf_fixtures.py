"""Build test PDFs with reportlab from text written for the tests (never corpus text).

``undecodable_pdf`` writes its bytes itself: every font reportlab writes can be decoded.

Each builder writes a file and returns its path. Pages are described as lists of
``(style, text)`` pairs; styles are ``title`` (20 pt bold), ``number`` (24 pt bold, a
policy number printed alone), ``heading`` (11 pt bold), ``body`` (11 pt, wrapped to
the text width) and ``small`` (7 pt).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

__all__ = [
    "STYLES",
    "write_pdf",
    "two_column_pdf",
    "image_only_pdf",
    "encrypted_pdf",
    "truncated_pdf",
    "manual_pages",
    "definitions_table_pdf",
    "spaced_bullets_pdf",
    "revision_mark_pdf",
    "undecodable_pdf",
]

PAGE_W, PAGE_H = letter
MARGIN = 72
STYLES: dict[str, tuple[str, float]] = {
    "title": ("Helvetica-Bold", 20),
    "number": ("Helvetica-Bold", 24),
    "heading": ("Helvetica-Bold", 11),
    "body": ("Helvetica", 11),
    "small": ("Helvetica", 7),
}
Page = Sequence[tuple[str, str]]


def _draw_page(
    c: canvas.Canvas,
    items: Page,
    *,
    header: Sequence[str] = (),
    footer: Sequence[str] = (),
    page_no: int = 1,
    footers_first: bool = True,
) -> None:
    """Draw one page. Footers go into the content stream first (as many generators do)."""

    def draw_footer() -> None:
        y = 40
        for text in footer:
            c.setFont("Helvetica", 8)
            c.drawString(MARGIN, y, text.replace("{page}", str(page_no)))
            y -= 10

    if footers_first:
        draw_footer()
    y = PAGE_H - 40
    for text in header:
        c.setFont("Helvetica", 9)
        c.drawString(MARGIN + 150, y, text.replace("{page}", str(page_no)))
        y -= 12
    y -= 20
    for style, text in items:
        font, size = STYLES[style]
        c.setFont(font, size)
        lines = simpleSplit(text, font, size, PAGE_W - 2 * MARGIN) if style == "body" else [text]
        if style in ("title", "number", "heading"):
            y -= size * 0.6
        for line in lines:
            c.drawString(MARGIN, y, line)
            y -= size * 1.3
        y -= size * 0.6 if style != "number" else 0
    if not footers_first:
        draw_footer()
    c.showPage()


def write_pdf(
    path: Path,
    pages: Sequence[Page],
    *,
    header: Sequence[str] = (),
    footer: Sequence[str] = (),
    encrypt: str | None = None,
) -> Path:
    """A PDF with the given pages; ``{page}`` in header/footer text is the page number."""
    c = canvas.Canvas(str(path), pagesize=letter, encrypt=encrypt)
    for number, items in enumerate(pages, start=1):
        _draw_page(c, items, header=header, footer=footer, page_no=number)
    c.save()
    return path


def two_column_pdf(path: Path, left: Sequence[str], right: Sequence[str], title: str) -> Path:
    """One page: a full-width title, then two columns drawn row by row (left, right,
    left, right ...), so content-stream order interleaves the columns."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(MARGIN, PAGE_H - 72, title)
    col_w = (PAGE_W - 2 * MARGIN - 24) / 2
    c.setFont("Helvetica", 10)


    def layout(paragraphs: Sequence[str]) -> list[str]:
        rows: list[str] = []
        for para in paragraphs:
            rows.extend(simpleSplit(para, "Helvetica", 10, col_w))
            rows.append("")  # a blank row between paragraphs
        return rows

    left_lines, right_lines = layout(left), layout(right)
    y = PAGE_H - 110
    for i in range(max(len(left_lines), len(right_lines))):
        if i < len(left_lines) and left_lines[i]:
            c.drawString(MARGIN, y, left_lines[i])
        if i < len(right_lines) and right_lines[i]:
            c.drawString(MARGIN + col_w + 24, y, right_lines[i])
        y -= 13
    c.showPage()
    c.save()
    return path


def image_only_pdf(path: Path, pages: int = 3, text_pages: Sequence[Page] = ()) -> Path:
    """Text pages first (if any), then ``pages`` pages holding only a raster image,
    like a scanned manual."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (200, 260), 255)
    draw = ImageDraw.Draw(image)
    for row in range(20, 240, 12):
        draw.line((20, row, 180, row), fill=40, width=3)  # strokes that look like lines of print
    c = canvas.Canvas(str(path), pagesize=letter)
    for number, items in enumerate(text_pages, start=1):
        _draw_page(c, items, page_no=number)
    for _ in range(pages):
        c.drawImage(ImageReader(image), MARGIN, MARGIN, PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN)
        c.showPage()
    c.save()
    return path


def encrypted_pdf(path: Path, password: str = "sesame") -> Path:
    """A PDF that needs a user password to open."""
    return write_pdf(path, [[("body", "This text is locked behind a password.")]], encrypt=password)


def truncated_pdf(path: Path, keep: float = 0.5) -> Path:
    """A valid multi-page PDF cut to ``keep`` of its bytes (a broken download)."""
    full = path.with_suffix(".full.pdf")
    write_pdf(full, manual_pages())
    data = full.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    full.unlink()
    return path


def manual_pages() -> list[list[tuple[str, str]]]:
    """A small invented manual in the Lexipol layout: number, title, numbered parts."""
    body = (
        "Members of the department are expected to treat every person with courtesy and to "
        "explain the reason for any contact whenever the situation allows it. Supervisors "
        "review each report for completeness before the end of the shift."
    )
    return [
        [("title", "Chapter 1 - Organization")],
        [
            ("number", "100"),
            ("title", "Department Purpose"),
            ("heading", "100.1 PURPOSE AND SCOPE"),
            ("body", body),
            ("heading", "100.2 POLICY"),
            ("body", "The department will publish its policies so that the public can read them. " * 3),
        ],
        [
            ("body", "Continued text about publication schedules and review of the manual. " * 4),
            ("heading", "100.2.1 ANNUAL REVIEW"),
            ("body", "Each policy is reviewed once a year by the assigned commander. " * 3),
        ],
        [
            ("number", "101"),
            ("title", "Vehicle Maintenance"),
            ("heading", "101.1 PURPOSE AND SCOPE"),
            ("body", "Officers inspect the assigned vehicle at the start of every shift and note defects. " * 3),
            ("body", "(a) Tires are checked for wear and pressure before the vehicle leaves the lot."),
            ("body", "(b) Lights and sirens are tested in the garage, never on a public street."),
        ],
    ]


def scaled_lines_pdf(path: Path, rows: Sequence[tuple[str, float, str, bool]], *, size: float = 10.8) -> Path:
    """One page of pre-broken lines drawn the way many generators do: font size 1 and
    the text scaled by the page matrix, so the true size is ``size``.

    ``rows`` are ``(text, indent, gap, bold)``: ``gap`` is ``"line"`` (the normal line
    spacing before the line) or ``"para"`` (an empty line's worth of space before it).
    """
    c = canvas.Canvas(str(path), pagesize=letter)
    c.saveState()
    c.scale(size, size)
    y = (PAGE_H - 72) / size
    for text, indent, gap, bold in rows:
        y -= 1.25 if gap == "line" else 2.5
        c.setFont("Helvetica-Bold" if bold else "Helvetica", 1)
        c.drawString((MARGIN + indent) / size, y, text)
    c.restoreState()
    c.showPage()
    c.save()
    return path


def form_header_pdf(path: Path, cells: Sequence[Sequence[str]], pages: Sequence[Page]) -> Path:
    """A general-order style first page: rows of bold form cells (label and value cells
    side by side), then the pages' items below; further pages follow as usual."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = PAGE_H - 60
    c.setFont("Helvetica-Bold", 14)
    c.drawString(MARGIN + 120, y, "EXAMPLE POLICE DEPARTMENT")
    y -= 34
    col_w = (PAGE_W - 2 * MARGIN) / 3
    for row in cells:
        c.setFont("Helvetica-Bold", 10)
        for col, text in enumerate(row):
            if text:
                c.drawString(MARGIN + col * col_w, y, text)
        y -= 14
    y -= 20
    for style, text in pages[0]:
        font, size = STYLES[style]
        c.setFont(font, size)
        lines = simpleSplit(text, font, size, PAGE_W - 2 * MARGIN) if style == "body" else [text]
        y -= size * 0.6 if style != "body" else 0
        for line in lines:
            c.drawString(MARGIN, y, line)
            y -= size * 1.3
        y -= size * 0.6
    c.showPage()
    for number, items in enumerate(pages[1:], start=2):
        _draw_page(c, items, page_no=number)
    c.save()
    return path


def definitions_table_pdf(path: Path, intro: str, rows: Sequence[tuple[str, str]], after: str) -> Path:
    """One page: a bold heading, an intro paragraph, then a two-column table drawn as
    many generators draw one (a bold term in the first column, its definition wrapped
    in the second, each cell its own text runs at fixed column edges), then a paragraph.
    The first row is the bold column-head row ``Term | Meaning``."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = PAGE_H - 72
    c.setFont("Helvetica-Bold", 14)
    c.drawString(MARGIN, y, "Words Used in This Order")
    y -= 24
    c.setFont("Helvetica", 10)
    c.drawString(MARGIN, y, intro)
    y -= 20
    second = MARGIN + 110
    for term, meaning in [("Term", "Meaning"), *rows]:
        head = term == "Term"
        lines = [meaning] if head else simpleSplit(meaning, "Helvetica", 10, PAGE_W - MARGIN - second)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(MARGIN, y, term)
        c.setFont("Helvetica-Bold" if head else "Helvetica", 10)
        for line in lines:
            c.drawString(second, y, line)
            y -= 12.5
        y -= 3
    y -= 16
    c.setFont("Helvetica", 10)
    for line in simpleSplit(after, "Helvetica", 10, PAGE_W - 2 * MARGIN):
        c.drawString(MARGIN, y, line)
        y -= 12.5
    c.showPage()
    c.save()
    return path


def spaced_bullets_pdf(path: Path, lead: str, items: Sequence[str]) -> Path:
    """A lead-in sentence and a numbered list whose numbers are drawn apart from the
    item text, in a larger size and with no dot, as reportlab's ListFlowable does."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = PAGE_H - 72
    c.setFont("Helvetica", 10.5)
    c.drawString(MARGIN, y, lead)
    y -= 16
    for number, item in enumerate(items, start=1):
        lines = simpleSplit(item, "Helvetica", 10.5, PAGE_W - 2 * MARGIN - 24)
        c.setFont("Helvetica", 12)
        c.drawString(MARGIN + 6, y, str(number))
        c.setFont("Helvetica", 10.5)
        for line in lines:
            c.drawString(MARGIN + 24, y, line)
            y -= 13
    c.showPage()
    c.save()
    return path


def revision_mark_pdf(path: Path, lead: str, item_lines: Sequence[str], mark: str = "Rev", side: str = "left") -> Path:
    """A lead-in and one list item wrapped over several lines, with a revision mark (``mark``)
    printed in the left or right margin beside the item's second line, as manuals mark
    changed text."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = PAGE_H - MARGIN
    c.setFont("Helvetica", 11)
    c.drawString(MARGIN, y, lead)
    y -= 14
    for k, line in enumerate(item_lines):
        c.setFont("Helvetica", 11)
        c.drawString(MARGIN if k == 0 else MARGIN + 18, y, line)
        if k == 1:
            c.setFont("Helvetica", 8)
            c.drawString(30 if side == "left" else PAGE_W - 50, y, mark)
        y -= 14
    c.drawString(MARGIN, y, "(b) Complete the report before the end of the shift.")
    c.save()
    return path


#: Glyph codes of the font without a Unicode map: each character's code is its ASCII value
#: less 29, as in a TrueType subset numbered by glyph index (space = 3, "a" = 68 = "D").
_GLYPH_OFFSET = 29


def _glyph_codes(line: str) -> bytes:
    return bytes(max(1, min(255, ord(c) - _GLYPH_OFFSET)) for c in line)


def _pdf_string(line: str) -> bytes:
    """A literal string of WinAnsi text (the legible font)."""
    raw = line.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _undecodable_font(kind: str, add: Callable[[bytes], int]) -> int:
    """A simple font whose /Encoding maps every code to a made-up glyph name (/g1 ... /g255)
    and that has no /ToUnicode: a reader cannot know which character a code stands for."""
    names = b" ".join(b"/g%d" % code for code in range(1, 256))
    encoding = b"<< /Type /Encoding /Differences [1 " + names + b"] >>"
    widths = b"[" + b" ".join([b"556"] * 255) + b"]"
    if kind == "type1":
        return add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 255 /Widths "
            + widths + b" /Encoding " + encoding + b" >>"
        )
    # Type3: every glyph a small filled box, drawn by the PDF itself
    box = add(b"<< /Length 24 >>\nstream\n556 0 d0 40 0 400 600 re f\nendstream")
    procs = add(b"<< " + b" ".join(b"/g%d %d 0 R" % (code, box) for code in range(1, 256)) + b" >>")
    return add(
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 556 700] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs %d 0 R /FirstChar 1 /LastChar 255 /Widths " % procs
        + widths + b" /Encoding " + encoding + b" /Resources << >> >>"
    )


def undecodable_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    garbled: Sequence[int] | None = None,
    kind: str = "type1",
) -> Path:
    """A PDF whose text layer cannot be decoded on some pages, written byte by byte.

    ``pages`` are lists of lines (text written for the tests). Pages whose 1-based number
    is in ``garbled`` (all pages when None) are set in a font with a custom encoding of
    made-up glyph names and no /ToUnicode (``kind``: ``type1`` or ``type3``), as PDFs from
    some generators are: the page shows text but extracts as glyph codes ("Policy" comes
    out as "3ROLF\\\\"). The other pages use Helvetica with WinAnsi, which extracts as written.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    plain = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    coded = _undecodable_font(kind, add)
    unreadable = set(range(1, len(pages) + 1) if garbled is None else garbled)
    contents: list[int] = []
    for number, lines in enumerate(pages, start=1):
        font = b"/F2" if number in unreadable else b"/F1"
        ops = [b"BT", font + b" 11 Tf", b"72 720 Td", b"14 TL"]
        for line in lines:
            text = b"<" + _glyph_codes(line).hex().encode() + b">" if number in unreadable else _pdf_string(line)
            ops.append(text + b" Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        contents.append(add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
    pages_id = len(objects) + len(contents) + 1
    kids = [
        add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>" % (pages_id, content, plain, coded)
        )
        for content in contents
    ]
    kids_array = b"[" + b" ".join(b"%d 0 R" % k for k in kids) + b"]"
    assert add(b"<< /Type /Pages /Kids " + kids_array + b" /Count %d >>" % len(kids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path
