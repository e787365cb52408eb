"""Legibility: glyph codes from fonts without a Unicode map are told apart from real text.

Every string here is written for the tests. The garbled forms are made from legible prose
the way such fonts come out of a PDF text layer: ``(cid:N)`` tokens (pdfminer), letters
shifted by a glyph offset, glyph ids read as control or private-use characters, and glyph
ids numbered in order of first use, which land on punctuation and digits (pdfium).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_fixtures import undecodable_pdf  # noqa: E402

from policylint.ingest.legibility import (  # noqa: E402
    CID_CODES,
    LONE_GLYPHS,
    MIN_GLYPHS,
    NO_WORDS,
    NOT_WORDS,
    UNDECODED_CHARACTERS,
    is_legible,
    measure,
    without_undecodable_text,
)
from policylint.ingest.pdf import read_pdf  # noqa: E402
from policylint.model import DiagnosticCode, Location, RawBlock, RawDocument  # noqa: E402

PROSE = (
    "Members of the department treat every person with dignity. An officer who sees another member "
    "use force beyond what the situation calls for shall step in to stop it, and shall tell a "
    "supervisor before the end of the shift. Supervisors review each report within three days and "
    "send it to the training unit when it shows a need for more instruction."
)


def shifted(text: str, offset: int = 29) -> str:
    """Each character's code less ``offset``, as a TrueType subset numbers its glyphs."""
    return "".join(ch if ch.isspace() else chr(max(1, ord(ch) - offset)) for ch in text)


def by_first_use(text: str, base: int, *, spaced: bool = False) -> str:
    """Glyph ids handed out in order of first use from ``base``, read as characters."""
    ids: dict[str, str] = {}
    out = "".join(ch if ch.isspace() else ids.setdefault(ch, chr(base + len(ids))) for ch in text)
    return " ".join(ch for ch in out if not ch.isspace()) if spaced else out


def cid_tokens(text: str) -> str:
    return "".join("(cid:3)" if ch == " " else f"(cid:{ord(ch) - 29})" for ch in text)


# ---------------------------------------------------------------- garbled text


def test_a_run_of_cid_tokens_is_illegible() -> None:
    verdict = measure(cid_tokens(PROSE))
    assert not verdict.legible and verdict.cause == CID_CODES
    assert verdict.cid_tokens > 300 and verdict.undecoded == 1.0


def test_cid_tokens_between_words_are_illegible_too() -> None:
    text = " ".join(f"(cid:{40 + k % 30})(cid:{50 + k % 7})" for k in range(80))
    assert measure(text).cause == CID_CODES


@pytest.mark.parametrize("spaces", [True, False], ids=["with-spaces", "run-together"])
def test_letters_shifted_by_a_glyph_offset_are_illegible(spaces: bool) -> None:
    text = shifted(PROSE)  # "Members" -> "0HPEHUV", "the" -> "WKH"
    if not spaces:
        text = text.replace(" ", "")
    verdict = measure(text)
    assert "WKH" in text and not verdict.legible
    assert verdict.cause in (NO_WORDS, NOT_WORDS)


def test_shifted_letters_alone_fail_on_their_vowels() -> None:
    # only the lower-case words, so every token is letters: the vowel share decides
    words = " ".join(w for w in PROSE.replace(",", "").replace(".", "").split() if w.islower())
    verdict = measure(shifted(words))
    assert verdict.cause == NOT_WORDS and verdict.vowels < 0.28


def test_control_characters_are_illegible() -> None:
    verdict = measure(by_first_use(PROSE, 1))
    assert verdict.cause == UNDECODED_CHARACTERS and verdict.undecoded > 0.5


def test_private_use_characters_are_illegible() -> None:
    text = "".join(ch if ch.isspace() else chr(0xE000 + ord(ch)) for ch in PROSE)
    assert measure(text).cause == UNDECODED_CHARACTERS


def test_replacement_characters_are_illegible() -> None:
    text = "".join(ch if ch.isspace() or k % 3 else "\ufffd" for k, ch in enumerate(PROSE))
    assert not is_legible(text)


def test_digits_and_punctuation_soup_is_illegible() -> None:
    soup = by_first_use(PROSE, 43)  # "+,-./0 12 3 4..." as pdfium reads such a font
    assert not is_legible(soup)
    assert measure(soup).cause == NO_WORDS


def test_glyph_codes_spaced_one_by_one_are_illegible() -> None:
    soup = by_first_use(PROSE, 43, spaced=True)  # "Members of" -> "+ , - . , / 0 1 2"
    assert soup.startswith("+ , - . , / 0 1 2")
    verdict = measure(soup)
    assert not verdict.legible and verdict.cause in (NO_WORDS, LONE_GLYPHS)


def test_a_page_of_lone_glyphs_fails_even_when_they_look_like_words() -> None:
    text = " ".join("a I & - 7 b c d e f".split() * 12)
    verdict = measure(text)
    assert verdict.cause in (NO_WORDS, LONE_GLYPHS) and verdict.lone > 0.7


# ---------------------------------------------------------------- legible text


def test_policy_prose_is_legible() -> None:
    verdict = measure(PROSE)
    assert verdict.judged and verdict.legible
    assert verdict.recognised > 0.95 and 0.33 < verdict.vowels < 0.45 and verdict.undecoded == 0


def test_prose_in_capitals_is_legible() -> None:
    assert is_legible(PROSE.upper())


def test_a_short_title_page_is_not_judged() -> None:
    for title in ("Riverton Police Department Policy Manual", shifted("Riverton Police Department Policy Manual")):
        verdict = measure(title)
        assert not verdict.judged and verdict.legible  # five words: too little to judge
    assert measure("x" * (MIN_GLYPHS - 1)).legible


def test_a_table_of_numbers_is_legible() -> None:
    rows = [f"{2015 + k} {120 + 7 * k} {31.5 + k:.1f} {k * 3}% ${1000 + 55 * k:,}" for k in range(12)]
    table = "Year Stops Hours Share Cost\n" + "\n".join(rows)
    verdict = measure(table)
    assert verdict.judged and verdict.legible


def test_a_grid_of_single_digits_is_a_table_not_garbage() -> None:
    grid = "Rating\n" + "\n".join(" ".join(str((r + c) % 6) for c in range(10)) for r in range(14))
    verdict = measure(grid)
    assert verdict.judged and verdict.lone > 0.7 and verdict.legible


def test_a_page_of_numbered_headings_is_legible() -> None:
    headings = "\n".join(
        f"{300 + k}.{j} {title}"
        for k, title in enumerate(["PURPOSE AND SCOPE", "POLICY", "DEFINITIONS", "PROCEDURE", "REPORTING"])
        for j in range(1, 4)
    )
    assert measure(headings).judged and is_legible(headings)


def test_a_contents_page_with_dotted_leaders_is_legible() -> None:
    lines = [f"{300 + 2 * k} - {name} " + "." * 60 + f" {10 + 4 * k}" for k, name in enumerate(
        ["Use of Force", "Handcuffing and Restraints", "Control Devices", "Conducted Energy Device",
         "Officer-Involved Shootings", "Firearms", "Vehicle Pursuits", "Foot Pursuits"])]
    spaced = "\n".join(". " * 30 for _ in range(10))
    assert is_legible("\n".join(lines)) and is_legible("\n".join(lines) + "\n" + spaced)


def test_prose_with_many_abbreviations_and_citations_is_legible() -> None:
    text = (
        "Per 725 ILCS 5/7-5 and Sec. 2.1(b)(3), the Ofc. notes the DOB, SSN (last 4), the CAD no. "
        "24-018833 and the UCR code 0460 on PD Form 12-B; cf. 50 ILCS 706/10-20 and Gen. Order "
        "G.O. 300.5.1. The Sgt. or Lt. on duty (Mon.-Fri., 0700-1500 hrs.) signs; e.g. NCIC/LEADS "
        "hits go to the CPD liaison at ext. 4471 within 24 hrs. See also §§ 5/103-2.1, 5/107-2."
    )
    verdict = measure(text)
    assert verdict.judged and verdict.legible, verdict


def test_a_signature_page_and_a_form_are_legible() -> None:
    signature = "Approved by: ____________________  Date: __________\nChief of Police\n" * 3
    form = "Case Number ____ Sex M F Race W B A H O Date of Birth ____ Released To ____\n" * 4
    assert is_legible(signature) and is_legible(form)


def test_private_use_bullets_and_soft_hyphen_marks_in_prose_are_legible() -> None:
    text = "\n".join(f"\uf0b7 {sentence}." for sentence in PROSE.split(". ")) + " exami\ufffe"
    assert is_legible(text)


def test_another_script_is_not_judged_by_latin_vowels() -> None:
    greek = "Οι αστυνομικοί αναφέρουν κάθε χρήση βίας στον προϊστάμενο πριν από το τέλος της βάρδιας. " * 3
    assert is_legible(greek)


# ---------------------------------------------------------------- whole text documents


def _raw(texts: list[str], fmt: str = "text") -> RawDocument:
    blocks = tuple(RawBlock(text, Location(line=k + 1)) for k, text in enumerate(texts))
    return RawDocument("notes.txt", fmt, "sha", None, blocks)


def test_a_text_document_of_cid_tokens_loses_its_blocks_to_one_error() -> None:
    raw = without_undecodable_text(_raw([cid_tokens(PROSE)] * 3))
    assert raw.blocks == ()
    (error,) = raw.diagnostics
    assert error.code == DiagnosticCode.UNDECODABLE_TEXT.value == "PL114"
    assert error.severity == "error" and error.path == "notes.txt"
    assert error.message.startswith("notes.txt: the text cannot be decoded: it is (cid:N) glyph codes")
    assert "Unicode map" in error.message and "OCR" in error.message


def test_a_legible_text_document_and_a_pdf_pass_through_unchanged() -> None:
    legible = _raw([PROSE] * 3)
    assert without_undecodable_text(legible) is legible
    pdf = _raw([cid_tokens(PROSE)], fmt="pdf")  # PDF pages are judged by the PDF reader
    assert without_undecodable_text(pdf) is pdf


def test_a_large_text_document_is_judged_from_a_sample() -> None:
    raw = _raw([shifted(PROSE)] * 20_000)  # about 7 MB of glyph codes
    assert without_undecodable_text(raw).blocks == ()


# ---------------------------------------------------------------- the PDF reader


def test_pdf_pages_with_glyph_codes_are_dropped_and_named_in_both_reading_modes(tmp_path: Path) -> None:
    lines = [PROSE[k : k + 70] for k in range(0, len(PROSE), 70)]
    pdf = undecodable_pdf(tmp_path / "mixed.pdf", [lines] * 5, garbled=[2, 3])
    for workers in (1, 2):
        raw = read_pdf(pdf, sha256="x", workers=workers)
        assert {b.location.page for b in raw.blocks} == {1, 4, 5}
        (diag,) = raw.diagnostics
        assert (diag.code, diag.page, diag.page_end, diag.severity) == ("PL114", 2, 3, "warning")


def test_pdf_pages_without_text_and_with_glyph_codes_count_together(tmp_path: Path) -> None:
    from policylint.ingest.pdf import _no_text_diagnostics, _undecodable_diagnostics

    # two scanned and two undecodable pages of five: most of the file was not read
    scanned = _no_text_diagnostics([1, 2], 5, "m.pdf", unread=4)
    garbled = _undecodable_diagnostics([4, 5], 5, "m.pdf", unread=4)
    assert [d.severity for d in scanned + garbled] == ["error", "error"]
    assert _undecodable_diagnostics([4, 5], 5, "m.pdf")[0].severity == "warning"


def test_one_word_repeated_is_not_judged_by_its_vowels() -> None:
    # "word" has one vowel in four letters; the vowel share only means something over varied text
    assert is_legible("word " * 100)


@pytest.mark.parametrize("glyphs", [
    "", "Officersshallrendermedicalaid.", "“Quoted”—dash•bullet", "ÜnïcodenaïvecaféÀÉÎ", "ÿŸ€ÆæŒœ",
    "abc\x01def", "ΑΒΓαβγ", "300.5.1(b)", "YyYy",
])
def test_letter_and_vowel_counts_match_the_regex_counts(glyphs):
    from policylint.ingest.legibility import _LATIN_LETTER, _VOWELS, _letters_and_vowels

    assert _letters_and_vowels(glyphs) == (len(_LATIN_LETTER.findall(glyphs)), sum(map(glyphs.count, _VOWELS)))
