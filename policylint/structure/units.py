"""The structure stage's working record: a raw block split into its lines.

Readers hand over frozen RawBlocks; structure/ needs to drop, split and relabel
them while it works, so it copies each into a small mutable Unit first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import BlockKind, Location, RawBlock

__all__ = ["Unit", "units_from_raw"]


@dataclass(slots=True)
class Unit:
    """A paragraph-sized piece of text with its provenance, as structure/ sees it."""

    lines: list[str]
    location: Location
    kind: BlockKind = BlockKind.PARAGRAPH
    heading_level: int | None = None
    font_size: float | None = None
    bold: bool = False
    table_row: tuple[int, int] | None = None
    top_zone: bool = False  # among the first units of its page (running-header position)
    dropped: bool = False
    tags: set[str] = field(default_factory=set)

    @property
    def page(self) -> int | None:
        return self.location.page

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def units_from_raw(blocks: tuple[RawBlock, ...] | list[RawBlock]) -> list[Unit]:
    """Copy raw blocks into units; blank lines and empty blocks are skipped."""
    units: list[Unit] = []
    for block in blocks:
        lines = [" ".join(line.split()) for line in block.text.splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            continue
        units.append(
            Unit(
                lines=lines,
                location=block.location,
                kind=block.kind,
                heading_level=block.heading_level,
                font_size=block.font_size,
                bold=block.bold,
                table_row=block.table_row,
            )
        )
    return units
