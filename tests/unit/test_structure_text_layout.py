"""Text extracts of paged manuals: dot-leader contents and numbers on their own line."""

from __future__ import annotations

from policylint.ingest.text import text_blocks
from policylint.model import RawDocument
from policylint.structure import build_document

HEADER = "Example County Police\nProcedures Manual\n\n"


def _page(body: str, footer: str) -> str:
    return f"{HEADER}{body}\n\n{footer}\n"


def _document() -> str:
    contents = _page(
        "Table of Contents\n\n"
        "Chapter 4 - Field Work ....................................................... 2\n"
        "400 - Vehicle Stops ............................................................\n"
        "402 - Restraints .......................................................... 3\n"
        "404 - Crowd Events ........................................................\n"
        "406 - Radio Use .\n"
        ".\n",
        "Contents - 1",
    )
    pages = [contents]
    pages.append(
        _page(
            "Chapter 4 - Field Work\n\nPolicy\n400\n\nVehicle Stops\n\nPURPOSE AND SCOPE\n\n400.1\n"
            "Officers explain the reason for a stop to the driver as soon as it is safe to do so\n"
            "and record the stop in the dispatch log.\n\nCONDUCT OF THE STOP\n\n400.2\n"
            "Officers stay clear of passing traffic while they speak with the occupants.\n",
            "Vehicle Stops - 2",
        )
    )
    pages.append(
        _page(
            "Policy\n402\n\nRestraints\n\nPURPOSE AND SCOPE\n\n402.1\n"
            "Handcuffs are double locked once applied, and the fit is checked at every transfer.\n",
            "Restraints - 3",
        )
    )
    pages.append(
        _page(
            "Policy\n404\n\nCrowd Events\n\nPURPOSE AND SCOPE\n\n404.1\n"
            "Commanders plan staffing for announced events with the organisers in advance.\n",
            "Crowd Events - 4",
        )
    )
    return "\f".join(pages)


def test_dot_leader_contents_are_not_sections() -> None:
    blocks, pages = text_blocks(_document())
    doc = build_document(RawDocument("manual.txt", "text", "x", pages, tuple(blocks)))
    assert [e.number for e in doc.toc][:3] == ["Chapter 4", "400", "402"]
    assert doc.toc_pages == (1,)
    labels = [s.label for s, _ in doc.walk()]
    assert labels.count("Chapter 4 Field Work") == 1


def test_numbers_on_their_own_line_open_sections() -> None:
    blocks, pages = text_blocks(_document())
    doc = build_document(RawDocument("manual.txt", "text", "x", pages, tuple(blocks)))
    tree = {s.label: [a.label for a in ancestors] for s, ancestors in doc.walk()}
    assert tree["400 Vehicle Stops"] == ["Chapter 4 Field Work"]
    assert tree["400.1 PURPOSE AND SCOPE"] == ["Chapter 4 Field Work", "400 Vehicle Stops"]
    assert tree["400.2 CONDUCT OF THE STOP"] == ["Chapter 4 Field Work", "400 Vehicle Stops"]
    assert tree["402.1 PURPOSE AND SCOPE"] == ["Chapter 4 Field Work", "402 Restraints"]
    stop = next(s for s, _ in doc.walk() if s.number == "400.1")
    assert stop.blocks[0].text.startswith("Officers explain the reason for a stop")
    assert stop.blocks[0].text.endswith("dispatch log.")


def test_number_alone_is_its_own_block() -> None:
    blocks, _ = text_blocks("300.4\nOfficers carry the issued radio on every shift.\n")
    assert [b.text for b in blocks] == ["300.4", "Officers carry the issued radio on every shift."]
