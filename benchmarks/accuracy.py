"""Accuracy benchmark: the ``8cantwait`` pack against human coders, plus status tables.

Run from the repository root (the corpus is ``../shared/corpus`` by default)::

    python benchmarks/accuracy.py [--corpus DIR] [--json FILE] [--no-status]

Part 1 lints the labelled use-of-force policies with the ``8cantwait`` pack (one
``policylint.lint`` call, so the matchers are built once) and compares each topic's status
(``covered`` -> 1, anything else -> 0) with the labels:

* the **target set**: high- and medium-confidence cells of ``8cantwait_adjudicated.csv`` (20
  documents, Campaign Zero's coding re-read against the text) and of our own coding,
  ``benchmarks/labels/8cantwait_own.csv`` (17 more documents, coded before any tuning on them;
  see ``benchmarks/labels/README.md``);
* split by ``benchmarks/split.yaml`` into a **dev** half (rules may be tuned on it) and a
  **held-out** half (reported, never tuned on), with the held-out own-coded documents shown on
  their own as the closest thing to unseen policies;
* for reference, every adjudicated cell, and Campaign Zero's 2020 coding (``8cantwait.csv``).

For each set it prints per item n, agreement, precision, recall and F1, then overall agreement
and macro-F1 (the mean of the eight per-item F1 scores), and finally every disagreement on the
**dev** half with our quoted evidence and the label's evidence (``--show-heldout`` adds the
held-out half's: read them to report, never to tune).

Part 2 lints the full manuals, the single-topic Illinois orders and the ``_NEGATIVE``
documents with the ``core`` and ``practices`` packs (whichever exist) and prints a
topic-status table per group, with two sanity checks: a body-worn-camera order shows
``technology-privacy`` covered, and no negative document has anything covered.

The script exits non-zero only when it crashes (a missing corpus is a usage error, 2).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

PACK = "8cantwait"

#: The eight items, in the order of the Campaign Zero dataset's columns.
ITEMS: tuple[str, ...] = (
    "deescalation-required",
    "force-continuum",
    "chokehold-ban",
    "warning-before-shooting",
    "moving-vehicle-restriction",
    "exhaust-alternatives",
    "duty-to-intervene",
    "comprehensive-reporting",
)

#: Campaign Zero's column names (8cantwait.csv) -> our topic ids.
CZ_COLUMNS: Mapping[str, str] = {
    "RequiresDeEscalation": "deescalation-required",
    "HasUseOfForceContinuum": "force-continuum",
    "BansChokeholdsAndStrangleholds": "chokehold-ban",
    "RequiresWarningBeforeShooting": "warning-before-shooting",
    "RestrictsShootingatMovingVehicles": "moving-vehicle-restriction",
    "RequiresExhaustAllOtherMeansBeforeShooting": "exhaust-alternatives",
    "DutyToIntervene": "duty-to-intervene",
    "RequiresComprehensiveReporting": "comprehensive-reporting",
}

FULL_MANUALS: tuple[str, ...] = (
    "lisle_il_policy_manual_full.pdf",
    "northbrook_il_policy_manual_full.pdf",
    "austin_tx_policy_manual_2015_extract.txt",
    "spokane_wa_policy_manual_extract.txt",
)
STATUS_PACKS: tuple[str, ...] = ("core", "practices")
_SHORT = {"covered": "C", "weak": "w", "missing": ".", "waived": "W"}


# ----------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class Cell:
    """One labelled (document, item) pair."""

    document: str
    item: str
    value: int
    confidence: str = ""  # high | medium | low; "" for Campaign Zero's file
    evidence: str = ""
    page: str = ""


def load_adjudicated(path: Path) -> list[Cell]:
    """The adjudicated file: one row per cell, with evidence, page and confidence."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Cell(
                document=row["document"], item=row["item"], value=int(row["value"]),
                confidence=row["confidence"].strip().lower(), evidence=row["evidence"], page=row["page"],
            )
            for row in csv.DictReader(handle)
        ]


OWN_LABELS = Path(__file__).resolve().parent / "labels" / "8cantwait_own.csv"
SPLIT = Path(__file__).resolve().parent / "split.yaml"


def load_own(path: Path = OWN_LABELS) -> list[Cell]:
    """Our own coding: the adjudicated file's columns, ``location`` for the page."""
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Cell(
                document=row["document"], item=row["item"], value=int(row["value"]),
                confidence=row["confidence"].strip().lower(), evidence=row["evidence"], page=row["location"],
            )
            for row in csv.DictReader(handle)
        ]


def load_split(path: Path = SPLIT) -> dict[str, str]:
    """document -> "dev" | "heldout" (every label source's halves merged)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for source, halves in data.items():
        if source == "version":
            continue
        for half in ("dev", "heldout"):
            for name in halves.get(half) or ():
                if name in out:
                    raise ValueError(f"{path}: {name} is in two halves")
                out[name] = half
    return out


def load_campaign_zero(path: Path) -> list[Cell]:
    """Campaign Zero's 2020 coding: one row per document, one column per item."""
    cells: list[Cell] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column, item in CZ_COLUMNS.items():
                cells.append(Cell(document=row["document"], item=item, value=int(row[column])))
    return cells


# ----------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class Quote:
    """One piece of our evidence for a disagreement listing."""

    element: str
    status: str
    text: str
    page: int | None
    reason: str


@dataclass(frozen=True)
class Prediction:
    value: int
    status: str
    quotes: tuple[Quote, ...] = ()


def predictions(result: object, pack: str = PACK) -> dict[tuple[str, str], Prediction]:
    """(document file name, topic) -> our 0/1 with the evidence that decided it."""
    out: dict[tuple[str, str], Prediction] = {}
    for document in result.documents:  # type: ignore[attr-defined]
        name = Path(document.path).name
        for topic in document.coverage:
            if topic.pack != pack:
                continue
            quotes = []
            for element in topic.elements:
                if element.evidence:
                    best = element.evidence[0]
                    quotes.append(Quote(element.id, element.status.value, best.text, best.page, element.reason))
                else:
                    quotes.append(Quote(element.id, element.status.value, "", None, element.reason))
            value = 1 if topic.status.value == "covered" else 0
            out[(name, topic.topic)] = Prediction(value, topic.status.value, tuple(quotes))
    return out


# ----------------------------------------------------------------------------- scoring


@dataclass
class ItemScore:
    """Confusion counts for one item, with the usual ratios (positive class = 1)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def agreement(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        # No positive in the labels and none predicted: nothing to find and nothing
        # wrongly found, which is perfect agreement on that item.
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: int, ours: int) -> None:
        if gold and ours:
            self.tp += 1
        elif ours:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    def to_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n, "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "agreement": round(self.agreement, 4), "precision": round(self.precision, 4),
            "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass
class Scores:
    """Per-item scores for one label set, and the two headline figures."""

    name: str
    items: dict[str, ItemScore] = field(default_factory=dict)
    missing: list[tuple[str, str]] = field(default_factory=list)  # labelled cells we have no prediction for

    @property
    def agreement(self) -> float:
        n = sum(s.n for s in self.items.values())
        return sum(s.tp + s.tn for s in self.items.values()) / n if n else 0.0

    @property
    def macro_f1(self) -> float:
        scored = [s.f1 for s in self.items.values() if s.n]
        return sum(scored) / len(scored) if scored else 0.0

    @property
    def worst_item_agreement(self) -> float:
        return min((s.agreement for s in self.items.values() if s.n), default=0.0)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "agreement": round(self.agreement, 4),
            "macro_f1": round(self.macro_f1, 4),
            "items": {item: score.to_dict() for item, score in self.items.items()},
            "unscored_cells": [list(c) for c in self.missing],
        }


def score(name: str, cells: Iterable[Cell], preds: Mapping[tuple[str, str], Prediction]) -> Scores:
    """Compare labelled cells with predictions; cells without a prediction are listed, not scored."""
    result = Scores(name, {item: ItemScore() for item in ITEMS})
    for cell in cells:
        pred = preds.get((cell.document, cell.item))
        if pred is None:
            result.missing.append((cell.document, cell.item))
            continue
        result.items.setdefault(cell.item, ItemScore()).add(cell.value, pred.value)
    return result


def confident(cells: Iterable[Cell]) -> list[Cell]:
    """The target set: adjudicated cells of high or medium confidence."""
    return [c for c in cells if c.confidence in ("high", "medium")]


@dataclass
class Evaluation:
    """Everything part 1 computes."""

    target: Scores  # every labelled document, high+medium cells
    adjudicated_all: Scores
    campaign_zero: Scores
    disagreements: list[tuple[Cell, Prediction]]  # dev half only
    predictions: dict[tuple[str, str], Prediction]
    dev: Scores | None = None
    heldout: Scores | None = None
    heldout_own: Scores | None = None  # held-out documents of our own coding: never seen by the rules
    adjudicated_target: Scores | None = None
    heldout_disagreements: list[tuple[Cell, Prediction]] = field(default_factory=list)

    @property
    def gap(self) -> float:
        """How far the dev half's agreement exceeds the held-out half's (positive: overfit)."""
        if self.dev is None or self.heldout is None:
            return 0.0
        return self.dev.agreement - self.heldout.agreement

    def to_dict(self) -> dict[str, object]:
        return {
            "pack": PACK,
            "target_high_medium": self.target.to_dict(),
            "dev": self.dev.to_dict() if self.dev else None,
            "heldout": self.heldout.to_dict() if self.heldout else None,
            "heldout_own_coding": self.heldout_own.to_dict() if self.heldout_own else None,
            "adjudicated_high_medium": self.adjudicated_target.to_dict() if self.adjudicated_target else None,
            "adjudicated_all": self.adjudicated_all.to_dict(),
            "campaign_zero_2020": self.campaign_zero.to_dict(),
            "disagreements": [
                {
                    "item": cell.item, "document": cell.document, "label": cell.value,
                    "confidence": cell.confidence, "label_evidence": cell.evidence, "label_page": cell.page,
                    "ours": pred.status,
                    "our_evidence": [q.__dict__ for q in pred.quotes],
                }
                for cell, pred in self.disagreements
            ],
        }


# ----------------------------------------------------------------------------- running


def run_pack(items: Sequence[object], pack: str) -> object:
    """One ``policylint.lint`` call over ``items`` (paths or loaded Documents) with one pack.

    ``lint`` loads every shipped pack to resolve ids; while another pack in ``rules/`` is
    mid-edit and fails to load, judge with this pack alone rather than not at all.
    """
    import policylint
    from policylint.api import lint_documents, plan_run
    from policylint.rulebook import RuleError
    from policylint.rulebook import packs as packs_module
    from policylint.rulebook.loader import load_pack_file

    try:
        return policylint.lint(list(items), packs=[pack])
    except RuleError:
        folder = packs_module.shipped_dir()
        for path in packs_module.pack_files(folder) if folder else []:
            loaded, problems = load_pack_file(path)
            if loaded is not None and loaded.id == pack and not problems:
                return lint_documents(list(items), plan_run(pack_objects=[loaded]))  # type: ignore[arg-type]
        raise


def load_documents(paths: Sequence[Path]) -> list[object]:
    """Read each file once, so several packs can judge the same Document objects."""
    from policylint.loading import load_document

    return [load_document(p) for p in paths]


def _disagreements(cells: Sequence[Cell], preds: Mapping[tuple[str, str], Prediction]) -> list[tuple[Cell, Prediction]]:
    return [
        (cell, preds[(cell.document, cell.item)])
        for cell in sorted(cells, key=lambda c: (ITEMS.index(c.item) if c.item in ITEMS else 99, c.document))
        if (cell.document, cell.item) in preds and preds[(cell.document, cell.item)].value != cell.value
    ]


def evaluate(corpus: Path, documents: Mapping[str, object] | None = None) -> Evaluation:
    """Part 1: lint the labelled documents with the 8cantwait pack and score them."""
    labels = corpus / "labels"
    adjudicated = load_adjudicated(labels / "8cantwait_adjudicated.csv")
    campaign_zero = load_campaign_zero(labels / "8cantwait.csv")
    own = [c for c in load_own() if (corpus / "docs" / c.document).is_file()]
    split = load_split()
    names = sorted({c.document for c in adjudicated} | {c.document for c in campaign_zero} | {c.document for c in own})
    unsplit = sorted(n for n in {c.document for c in adjudicated} | {c.document for c in own} if n not in split)
    if unsplit:
        raise ValueError(f"labelled documents missing from {SPLIT.name}: {', '.join(unsplit)}")
    items = [documents[n] if documents and n in documents else corpus / "docs" / n for n in names]
    preds = predictions(run_pack(items, PACK))
    target_cells = confident(adjudicated) + confident(own)
    dev = [c for c in target_cells if split[c.document] == "dev"]
    heldout = [c for c in target_cells if split[c.document] == "heldout"]
    own_names = {c.document for c in own}
    return Evaluation(
        target=score("all labelled documents, high+medium confidence", target_cells, preds),
        adjudicated_all=score("adjudicated, all cells", adjudicated, preds),
        campaign_zero=score("Campaign Zero 2020 coding", campaign_zero, preds),
        disagreements=_disagreements(dev, preds),
        predictions=preds,
        dev=score("dev half (tuned on), high+medium", dev, preds),
        heldout=score("held-out half (never tuned on), high+medium", heldout, preds),
        heldout_own=score("held-out, our own coding only (unseen documents)", [c for c in heldout if c.document in own_names], preds),
        adjudicated_target=score("adjudicated, high+medium confidence", confident(adjudicated), preds),
        heldout_disagreements=_disagreements(heldout, preds),
    )


# ----------------------------------------------------------------------------- status tables


def status_groups(docs: Path) -> list[tuple[str, list[Path]]]:
    """The document groups of part 2, in print order (files that are absent are skipped)."""
    manuals = [docs / n for n in FULL_MANUALS if (docs / n).is_file()]
    orders = sorted(
        p for p in docs.glob("*_il_*")
        if p.is_file() and "_NEGATIVE" not in p.name and p.name not in FULL_MANUALS
        and not p.name.startswith("bartlett_")  # 64 scanned pages, no text layer
        and "_use_of_force_2020" not in p.name  # the city policies of part 1, not Illinois orders
    )
    negatives = sorted(p for p in docs.glob("*_NEGATIVE.*") if p.is_file())
    return [("full manuals", manuals), ("single-topic Illinois orders", orders), ("negative documents", negatives)]


def available_packs() -> list[str]:
    """Ids of the shipped packs that load, so a pack still being written is skipped with a note."""
    from policylint.rulebook import packs as packs_module
    from policylint.rulebook.loader import load_pack_file

    folder = packs_module.shipped_dir()
    out: list[str] = []
    if folder is None:
        return out
    for path in packs_module.pack_files(folder):
        pack, problems = load_pack_file(path)
        if pack is not None and not problems:
            out.append(pack.id)
    return out


def _label(path: str) -> str:
    return Path(path).stem.replace("_policy_manual", "").replace("_NEGATIVE", "-NEG")[:34]


def status_table(result: object, pack: str) -> list[str]:
    """Rows: topic ids; columns: documents; cells: C covered, w weak, . missing, W waived."""
    documents = [d for d in result.documents if d.coverage]  # type: ignore[attr-defined]
    unreadable = [d for d in result.documents if not d.coverage]  # type: ignore[attr-defined]
    if not documents:
        return ["  (no readable document)"]
    topics = [t.topic for t in documents[0].coverage if t.pack == pack]
    width = max(len(t) for t in topics) + 2
    lines = []
    for i, document in enumerate(documents):
        lines.append(f"  [{i + 1}] {_label(document.path)}")
    header = " " * (width + 2) + " ".join(f"{i + 1:>3}" for i in range(len(documents)))
    lines.append(header)
    for topic in topics:
        cells = []
        for document in documents:
            status = next((t.status.value for t in document.coverage if t.pack == pack and t.topic == topic), "?")
            cells.append(f"{_SHORT.get(status, '?'):>3}")
        lines.append(f"  {topic:<{width}}" + " ".join(cells))
    counts = [sum(1 for t in d.coverage if t.pack == pack and t.status.value == "covered") for d in documents]
    lines.append(f"  {'covered:':<{width}}" + " ".join(f"{c:>3}" for c in counts))
    for document in unreadable:
        codes = ", ".join(sorted({d.code for d in document.diagnostics})) or "no text"
        lines.append(f"  (not judged: {Path(document.path).name}: {codes})")
    return lines


def status_checks(group: str, result: object, pack: str) -> list[str]:
    """The two sanity checks the benchmark promises, as printable lines."""
    out = []
    for document in result.documents:  # type: ignore[attr-defined]
        statuses = {t.topic: t.status.value for t in document.coverage if t.pack == pack}
        if not statuses:
            continue
        name = Path(document.path).name
        covered = sorted(t for t, s in statuses.items() if s == "covered")
        if "body_worn_camera" in name and "technology-privacy" in statuses:
            ok = statuses["technology-privacy"] == "covered"
            missing = sum(1 for s in statuses.values() if s == "missing")
            out.append(
                f"  check {'OK  ' if ok else 'FAIL'} {name}: technology-privacy {statuses['technology-privacy']}; "
                f"{missing}/{len(statuses)} topics missing; covered: {', '.join(covered) or 'none'}"
            )
        if "_NEGATIVE" in name:
            ok = not covered
            out.append(f"  check {'OK  ' if ok else 'FAIL'} {name}: covered: {', '.join(covered) or 'none'}")
    return out


# ----------------------------------------------------------------------------- printing


def _fmt_scores(scores: Scores) -> list[str]:
    lines = [f"{scores.name}", f"  {'item':<28} {'n':>3} {'agree':>6} {'prec':>6} {'recall':>6} {'F1':>6}"]
    for item in ITEMS:
        s = scores.items.get(item, ItemScore())
        lines.append(
            f"  {item:<28} {s.n:>3} {s.agreement:>6.1%} {s.precision:>6.2f} {s.recall:>6.2f} {s.f1:>6.2f}"
        )
    lines.append(f"  {'overall':<28} {sum(s.n for s in scores.items.values()):>3} {scores.agreement:>6.1%}"
                 f" {'':>6} {'':>6} {scores.macro_f1:>6.2f}  (macro-F1)")
    if scores.missing:
        lines.append(f"  ({len(scores.missing)} labelled cells had no prediction)")
    return lines


def _fmt_disagreements(disagreements: Sequence[tuple[Cell, Prediction]], what: str = "the dev half") -> list[str]:
    lines = [f"Disagreements on {what} ({len(disagreements)}):"]
    for cell, pred in disagreements:
        page = f", p. {cell.page}" if cell.page else ""
        lines.append(f"- {cell.item} | {cell.document} | label {cell.value} ({cell.confidence}) | ours {pred.status}")
        lines.append(f"    label evidence{page}: {cell.evidence}")
        for quote in pred.quotes:
            where = f"p. {quote.page}" if quote.page is not None else "no page"
            if quote.text:
                lines.append(f"    ours [{quote.element}: {quote.status}] ({where}) \"{quote.text[:300]}\"")
            else:
                lines.append(f"    ours [{quote.element}: {quote.status}] {quote.reason}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
    parser.add_argument("--json", type=Path, help="save the figures (and disagreements) as JSON")
    parser.add_argument("--no-status", action="store_true", help="skip part 2 (core/practices status tables)")
    parser.add_argument(
        "--show-heldout", action="store_true",
        help="also list the held-out half's disagreements (to report them; never tune on them)",
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "labels").is_dir() or not (args.corpus / "docs").is_dir():
        print(f"corpus not found: {args.corpus} (expects docs/ and labels/)", file=sys.stderr)
        return 2

    evaluation = evaluate(args.corpus)
    out: list[str] = [f"policylint accuracy benchmark: pack '{PACK}' vs human coders", ""]
    for scores in (
        evaluation.dev, evaluation.heldout, evaluation.heldout_own, evaluation.target,
        evaluation.adjudicated_target, evaluation.adjudicated_all, evaluation.campaign_zero,
    ):
        if scores is not None:
            out += _fmt_scores(scores) + [""]
    out.append(f"dev - held-out agreement: {evaluation.gap:+.1%}")
    out.append("")
    out += _fmt_disagreements(evaluation.disagreements)
    if args.show_heldout:
        out += [""] + _fmt_disagreements(evaluation.heldout_disagreements, "the held-out half (report only)")
    print("\n".join(out), flush=True)

    figures: dict[str, object] = evaluation.to_dict()
    if not args.no_status:
        figures["status"] = run_status(args.corpus / "docs")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


def run_status(docs: Path) -> dict[str, object]:
    """Part 2: print status tables for core/practices; return them as plain data."""
    packs = available_packs()
    wanted = [p for p in STATUS_PACKS if p in packs]
    for pack in STATUS_PACKS:
        if pack not in packs:
            print(f"\n(pack '{pack}' is not available yet or does not load: skipped)")
    groups = status_groups(docs)
    loaded = {p: d for p, d in zip(
        [p for _, paths in groups for p in paths],
        load_documents([p for _, paths in groups for p in paths]) if wanted else [],
    )}
    data: dict[str, object] = {}
    for pack in wanted:
        for group, paths in groups:
            result = run_pack([loaded[p] for p in paths], pack)
            print(f"\nPack '{pack}' on {group}  (C covered, w weak, . missing)")
            print("\n".join(status_table(result, pack) + status_checks(group, result, pack)))
            data[f"{pack}/{group}"] = {
                Path(d.path).name: {t.topic: t.status.value for t in d.coverage if t.pack == pack}
                for d in result.documents  # type: ignore[attr-defined]
            }
    return data


if __name__ == "__main__":
    sys.exit(main())
