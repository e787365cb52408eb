"""Structure stage parts: hyphenation, heading patterns, TOC lines."""

from __future__ import annotations

import pytest

from policylint.structure.headings import is_title_like, match_numbered, split_number
from policylint.structure.hyphenation import join_lines
from policylint.structure.toc import TOC_LINE


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["officers must inter-", "vene at once"], "officers must intervene at once"),
        (["the use-of-", "force report"], "the use-of-force report"),
        (["a self-", "control test"], "a self-control test"),
        (["the Illinois-", "Based group"], "the Illinois-Based group"),
        (["ends with a dash -", "next"], "ends with a dash - next"),
        (["soft\u00ad", "ware"], "software"),
        (["plain", "join"], "plain join"),
        (["fifty-", "5 items"], "fifty-5 items"),
    ],
)
def test_join_lines_repairs_hyphenation(lines: list[str], expected: str) -> None:
    assert join_lines(lines) == expected


@pytest.mark.parametrize(
    ("line", "number", "title", "rank"),
    [
        ("300.5 REPORTING THE USE OF FORCE", "300.5", "REPORTING THE USE OF FORCE", 40),
        ("300.5.1 Notification to Supervisors", "300.5.1", "Notification to Supervisors", 50),
        ("Chapter 4 - Patrol Operations", "Chapter 4", "Patrol Operations", 10),
        ("Article II Duties of Members", "Article II", "Duties of Members", 20),
        ("Section 5.01 Scope of Authority", "Section 5.01", "Scope of Authority", 40),
        ("General Order 2-14 Vehicle Stops", "General Order 2-14", "Vehicle Stops", 30),
        ("D-52 USE OF FORCE REVIEW", "D-52", "USE OF FORCE REVIEW", 30),
        ("IV. PROCEDURES", "IV", "PROCEDURES", 32),
        ("300 USE OF FORCE", "300", "USE OF FORCE", 30),
    ],
)
def test_numbered_headings(line: str, number: str, title: str, rank: int) -> None:
    match = match_numbered(line)
    assert match is not None
    assert (match.number, match.title, match.rank) == (number, title, rank)


@pytest.mark.parametrize(
    "line",
    [
        "(a) Officers shall render aid when it is safe to do so.",
        "1. Officers shall document every contact in the report.",
        "55 ILCS 5/3-6010).",
        "300 officers attended the annual training last year",
        "A. Officers will carry the issued radio at all times while on duty.",
        "I will keep my private life free of reproach",
        "2.5 million dollars were allocated to the program in the year",
    ],
)
def test_sentences_and_list_items_are_not_headings(line: str) -> None:
    assert match_numbered(line) is None


def test_bare_number_needs_emphasis_unless_caps() -> None:
    assert match_numbered("4. Reporting Requirements") is None
    assert match_numbered("4. Reporting Requirements", emphasis=True) is not None


def test_title_like() -> None:
    assert is_title_like("Use of Force Review Boards")
    assert not is_title_like("the officer shall report the incident to a supervisor.")
    assert is_title_like("the Communications Center", relaxed=True)


def test_split_number_for_tagged_headings() -> None:
    assert split_number("3.2 Scope") == ("3.2", "Scope")
    assert split_number("Chapter 2: Patrol") == ("Chapter 2", "Patrol")
    assert split_number("Purpose") == (None, "Purpose")


@pytest.mark.parametrize(
    ("line", "title", "page"),
    [
        ("300 - Use of Force . . . . . . . . . . 34", "300 - Use of Force", "34"),
        ("Introduction .......... ii", "Introduction", "ii"),
        ("Vehicle Stops\t12", "Vehicle Stops", "12"),
    ],
)
def test_toc_lines(line: str, title: str, page: str) -> None:
    m = TOC_LINE.match(line)
    assert m is not None and (m.group("title"), m.group("page")) == (title, page)


def test_body_line_is_not_toc_line() -> None:
    assert TOC_LINE.match("Officers completed the course in 2019.") is None
