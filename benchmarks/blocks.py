"""Paragraph-splitting quality over a folder of documents: one row per file.

For every document it prints the number of body blocks, the mean words per block,
the share of blocks that end mid-sentence (no final punctuation and the next block
in the same section starts lower-case and is not a list item: a sentence cut in two), the share of
one-line blocks for PDFs and the number of sections.

Usage::

    python benchmarks/blocks.py [FILE_OR_DIR ...] [--skip-large]

Without arguments it measures ``../shared/corpus/docs``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DOCS = REPO.parent / "shared" / "corpus" / "docs"
_FINAL = tuple('.:;!?)"\'\u201d')
#: A lower-case list marker ("a." "(iv)") starts an item, not the rest of a sentence.
_ITEM = re.compile(r"^\(?[a-z]{1,4}[.)]\s")


def measure(path: Path) -> dict[str, float] | None:
    """Figures for one file, or None when it has no body blocks."""
    from policylint.loading import load_document
    from policylint.model import BlockKind

    doc = load_document(path)
    items = list(doc.blocks())
    if not items:
        return None
    cut = 0
    for (block, section, _), (nxt, nxt_section, _) in zip(items, items[1:]):
        text = block.text.rstrip()
        # A list item the reader marked (a DOCX numbered paragraph, an HTML <li>, a PDF
        # line with a bullet) starts an item even in lower case, without a marker in its
        # text: "you must: / seek help / call a supervisor" is a list, not a cut sentence.
        # Table cells are units of layout, not of sentences ("Yes if for a felony and" /
        # "warrant note a" are two cells of one row).
        starts_item = nxt.kind is BlockKind.LIST_ITEM or _ITEM.match(nxt.text)
        cells = BlockKind.TABLE_CELL in (block.kind, nxt.kind)
        if section is nxt_section and not text.endswith(_FINAL) and nxt.text[:1].islower() and not (starts_item or cells):
            cut += 1
    words = [len(b.text.split()) for b, _, _ in items]
    return {
        "blocks": len(items),
        "words": sum(words) / len(words),
        "cut": cut / len(items),
        "sections": sum(1 for _ in doc.walk()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--skip-large", action="store_true", help="skip files over 5 MB")
    args = parser.parse_args(argv)
    files: list[Path] = []
    for item in args.paths or [DEFAULT_DOCS]:
        files.extend(sorted(p for p in item.iterdir() if p.is_file()) if item.is_dir() else [item])
    totals = {"blocks": 0.0, "cut": 0.0}
    shares: list[float] = []
    print(f"{'file':52} {'blocks':>7} {'words':>6} {'cut%':>6} {'sects':>6}")
    for path in files:
        if args.skip_large and path.stat().st_size > 5_000_000:
            continue
        row = measure(path)
        if row is None:
            print(f"{path.name:52} {'-':>7}")
            continue
        totals["blocks"] += row["blocks"]
        totals["cut"] += row["cut"] * row["blocks"]
        shares.append(row["cut"])
        print(
            f"{path.name:52} {row['blocks']:7.0f} {row['words']:6.1f} {100 * row['cut']:6.1f} {row['sections']:6.0f}"
        )
    if totals["blocks"]:
        print(f"{'TOTAL (all blocks)':52} {totals['blocks']:7.0f} {'':>6} {100 * totals['cut'] / totals['blocks']:6.1f}")
        print(f"{'MEAN over files':52} {'':>7} {'':>6} {100 * sum(shares) / len(shares):6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
