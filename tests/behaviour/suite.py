"""The behavioural suite of short policy passages: loading, linting and scoring.

Shared by ``tests/behaviour/test_behaviour.py`` (the tuning suite in ``tests/behaviour/cases/``)
and ``benchmarks/passages.py`` (which runs any case file, by default the held-out sets
``benchmarks/passages_holdout*.yaml``), so both print the same tables from the same code.

A case file is a YAML list of cases::

    - id: dti-imperative-1          # unique across the files loaded together
      pack: 8cantwait               # or core
      target: duty-to-intervene     # 8cantwait: topic id; core: topic/element
      form: imperative              # one of FORMS
      expect: covered               # 8cantwait: covered | not-covered
                                    # core: present | hedged | absent | not-present
      note: list item with no modal # optional
      text: |
        ## 5.2 Duty to Intervene
        1. Intervene to stop any officer who uses force beyond what is reasonable.

Each passage is linted as its own Markdown document, all passages of a pack in one
``policylint.api.lint_documents`` call with one plan. An 8cantwait case agrees when the
topic's status is ``covered`` (expect ``covered``) or anything else (expect ``not-covered``);
a core case agrees when the element's status equals the expectation, ``not-present``
accepting ``hedged`` or ``absent``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import yaml

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
REPO = HERE.parents[1]
#: Passages never tuned on (``benchmarks/passages.py`` runs them; the tests only check their form).
HOLDOUT_FILES: tuple[Path, ...] = (
    REPO / "benchmarks" / "passages_holdout.yaml",
    REPO / "benchmarks" / "passages_holdout_d.yaml",
    REPO / "benchmarks" / "passages_holdout_f.yaml",
    REPO / "benchmarks" / "passages_holdout_g.yaml",
    REPO / "benchmarks" / "passages_holdout_j.yaml",
)

#: Forms in which the requirement IS there, binding.
POSITIVE_FORMS: tuple[str, ...] = (
    "modal", "imperative", "passive", "policy-statement", "second-person", "lead-in-list",
    "table", "synonym", "accepted-hedge", "caps", "hyphen",
)
#: Forms in which the requirement is NOT there (near misses).
NEGATIVE_FORMS: tuple[str, ...] = (
    "mention", "definition", "training-only", "permission", "partial",
    "swallowing-exception", "other-tool", "other-agency", "negated-modal",
)
#: Weak language where the target expects a binding rule.
HEDGE_FORM = "hedge"
FORMS: tuple[str, ...] = POSITIVE_FORMS + NEGATIVE_FORMS + (HEDGE_FORM,)

PACKS: tuple[str, ...] = ("8cantwait", "core")
EXPECTS: Mapping[str, tuple[str, ...]] = {
    "8cantwait": ("covered", "not-covered"),
    "core": ("present", "hedged", "absent", "not-present"),
}
POSITIVE_EXPECTS = frozenset({"covered", "present"})

REQUIRED_KEYS = ("id", "pack", "target", "form", "expect", "text")
OPTIONAL_KEYS = ("note",)

#: Thresholds the test asserts (the benchmark prints them for reference).
PACK_THRESHOLDS: Mapping[str, float] = {"8cantwait": 0.95, "core": 0.90}
FORM_THRESHOLD = 0.80
MIN_CASES = 400


class CaseFileError(ValueError):
    """A case file that cannot be read as a list of cases (every problem, one per line)."""


@dataclass(frozen=True)
class Case:
    id: str
    pack: str
    target: str
    form: str
    expect: str
    text: str
    note: str = ""
    source: str = ""  # file the case came from

    @property
    def positive(self) -> bool:
        return self.expect in POSITIVE_EXPECTS


@dataclass(frozen=True)
class Outcome:
    case: Case
    got: str  # topic status (8cantwait) or element status (core); "no-such-target" / "unreadable"
    ok: bool
    reason: str = ""  # the element's (core) or topic's (8cantwait) reason
    evidence: str = ""  # first quoted evidence sentence, if any


# ----------------------------------------------------------------------------- loading


def case_files(paths: Iterable[Path | str] | None = None) -> list[Path]:
    """The given files (folders expand to their *.yaml files), or every file in cases/."""
    if paths is None:
        paths = [CASES_DIR]
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        out.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return out


def load_cases(paths: Iterable[Path | str] | None = None) -> list[Case]:
    """Every case in the files, in file order; raises CaseFileError listing every problem."""
    cases: list[Case] = []
    problems: list[str] = []
    for path in case_files(paths):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{path}: cannot read: {exc}")
            continue
        if not isinstance(data, list):
            problems.append(f"{path}: expected a YAML list of cases")
            continue
        for index, item in enumerate(data):
            where = f"{path}[{index}]"
            if not isinstance(item, dict):
                problems.append(f"{where}: a case must be a mapping")
                continue
            where = f"{path}: {item.get('id', f'[{index}]')}"
            missing = [k for k in REQUIRED_KEYS if k not in item]
            unknown = sorted(set(item) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
            if missing:
                problems.append(f"{where}: missing {', '.join(missing)}")
            if unknown:
                problems.append(f"{where}: unknown keys {', '.join(unknown)}")
            if missing:
                continue
            bad = [k for k in REQUIRED_KEYS + OPTIONAL_KEYS if k in item and not isinstance(item[k], str)]
            if bad:
                problems.append(f"{where}: {', '.join(bad)} must be strings")
                continue
            if not item["text"].strip():
                problems.append(f"{where}: empty text")
                continue
            cases.append(Case(
                id=item["id"], pack=item["pack"], target=item["target"], form=item["form"],
                expect=item["expect"], text=item["text"], note=item.get("note", ""), source=str(path),
            ))
    if problems:
        raise CaseFileError("\n".join(problems))
    return cases


def known_targets(packs: Sequence[object]) -> dict[str, frozenset[str]]:
    """pack id -> valid targets: topic ids for 8cantwait, topic/element ids for core."""
    out: dict[str, frozenset[str]] = {}
    for pack in packs:
        if pack.id == "8cantwait":
            out[pack.id] = frozenset(t.id for t in pack.topics)
        else:
            out[pack.id] = frozenset(f"{t.id}/{e.id}" for t in pack.topics for e in t.elements)
    return out


def check_well_formed(
    cases: Sequence[Case], packs: Sequence[object], *, min_cases: int = MIN_CASES
) -> list[str]:
    """Problems with the suite itself (an empty list when it is well formed).

    Unique ids; known packs, targets (read from the loaded packs), forms and expectations;
    at least ``min_cases`` cases; every target used has a positive and a negative case.
    """
    problems: list[str] = []
    targets = known_targets(packs)
    for case_id, n in Counter(c.id for c in cases).items():
        if n > 1:
            problems.append(f"duplicate id {case_id!r} ({n} cases)")
    for c in cases:
        if c.pack not in EXPECTS:
            problems.append(f"{c.id}: unknown pack {c.pack!r}")
            continue
        if c.pack not in targets:
            problems.append(f"{c.id}: pack {c.pack!r} is not loaded")
        elif c.target not in targets[c.pack]:
            problems.append(f"{c.id}: unknown target {c.target!r} for pack {c.pack}")
        if c.form not in FORMS:
            problems.append(f"{c.id}: unknown form {c.form!r}")
        if c.expect not in EXPECTS[c.pack]:
            problems.append(f"{c.id}: expect {c.expect!r} is not one of {', '.join(EXPECTS[c.pack])}")
        if c.form in POSITIVE_FORMS and c.form != "accepted-hedge" and not c.positive:
            problems.append(f"{c.id}: positive form {c.form!r} with a negative expectation {c.expect!r}")
        if c.form in NEGATIVE_FORMS and c.positive:
            problems.append(f"{c.id}: negative form {c.form!r} with a positive expectation {c.expect!r}")
    if len(cases) < min_cases:
        problems.append(f"only {len(cases)} cases (at least {min_cases} expected)")
    polarity: dict[tuple[str, str], set[bool]] = defaultdict(set)
    for c in cases:
        polarity[(c.pack, c.target)].add(c.positive)
    for (pack, target), seen in sorted(polarity.items()):
        if True not in seen:
            problems.append(f"{pack}/{target}: no positive case")
        if False not in seen:
            problems.append(f"{pack}/{target}: no negative case")
    return problems


# ----------------------------------------------------------------------------- running


def agrees(pack: str, expect: str, got: str) -> bool:
    if pack == "8cantwait":
        return (got == "covered") == (expect == "covered")
    if expect == "not-present":
        return got in ("hedged", "absent")
    return got == expect


def _file_name(index: int, case: Case) -> str:
    return f"{index:04d}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', case.id)}.md"


def _first_evidence(elements: Iterable[object]) -> str:
    for element in elements:
        if element.evidence:
            return element.evidence[0].text
    return ""


def _judge(case: Case, document: object) -> Outcome:
    if not document.coverage:
        reasons = "; ".join(d.message for d in getattr(document, "diagnostics", ()) if getattr(d, "message", ""))
        return Outcome(case, "unreadable", False, reasons)
    topic_id, _, element_id = case.target.partition("/")
    topic = next((t for t in document.coverage if t.pack == case.pack and t.topic == topic_id), None)
    if topic is None:
        return Outcome(case, "no-such-target", False, f"topic {topic_id!r} not in the result")
    if case.pack == "8cantwait":
        got = topic.status.value
        parts = [topic.reason] + [f"{e.id}={e.status.value}: {e.reason}" for e in topic.elements]
        return Outcome(case, got, agrees(case.pack, case.expect, got), " | ".join(p for p in parts if p),
                       _first_evidence(topic.elements))
    element = next((e for e in topic.elements if e.id == element_id), None)
    if element is None:
        return Outcome(case, "no-such-target", False, f"element {element_id!r} not in topic {topic_id!r}")
    got = element.status.value
    return Outcome(case, got, agrees(case.pack, case.expect, got), element.reason, _first_evidence([element]))


def plan_for(pack: str) -> object:
    """The lint plan for one pack (default configuration: no waivers, no overrides)."""
    from policylint.api import plan_run

    return plan_run(packs=[pack])


def run_cases(
    cases: Sequence[Case], workdir: Path, *, plans: Mapping[str, object] | None = None
) -> list[Outcome]:
    """Lint every passage, one ``lint_documents`` call per pack; outcomes in case order."""
    from policylint.api import lint_documents

    outcomes: dict[str, Outcome] = {}
    by_pack: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_pack[case.pack].append(case)
    for pack, group in by_pack.items():
        folder = Path(workdir) / pack
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for index, case in enumerate(group):
            path = folder / _file_name(index, case)
            path.write_text(case.text, encoding="utf-8")
            paths.append(path)
        plan = (plans or {}).get(pack) or plan_for(pack)
        result = lint_documents(paths, plan)
        if len(result.documents) != len(group):
            raise RuntimeError(f"{pack}: {len(group)} passages linted, {len(result.documents)} results")
        for case, path, document in zip(group, paths, result.documents):
            if Path(document.path).name != path.name:
                raise RuntimeError(f"{pack}: result for {document.path} where {path} was expected")
            outcomes[case.id] = _judge(case, document)
    return [outcomes[c.id] for c in cases]


# ----------------------------------------------------------------------------- scoring


@dataclass
class Score:
    n: int = 0
    agree: int = 0

    @property
    def rate(self) -> float:
        return self.agree / self.n if self.n else 1.0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.agree += int(ok)


@dataclass
class Scores:
    pack: dict[str, Score]
    form: dict[tuple[str, str], Score]
    target: dict[tuple[str, str], Score]
    polarity: dict[tuple[str, str], Score]  # (pack, "positive" | "negative")


def score(outcomes: Sequence[Outcome]) -> Scores:
    scores = Scores(defaultdict(Score), defaultdict(Score), defaultdict(Score), defaultdict(Score))
    for o in outcomes:
        c = o.case
        scores.pack[c.pack].add(o.ok)
        scores.form[(c.pack, c.form)].add(o.ok)
        scores.target[(c.pack, c.target)].add(o.ok)
        scores.polarity[(c.pack, "positive" if c.positive else "negative")].add(o.ok)
    return scores


def threshold_failures(scores: Scores) -> list[str]:
    """The suite's thresholds that are not met (the test asserts there are none)."""
    out = []
    for pack, s in sorted(scores.pack.items()):
        need = PACK_THRESHOLDS.get(pack)
        if need is not None and s.rate < need:
            out.append(f"{pack}: agreement {s.rate:.3f} < {need:.2f}")
    for (pack, form), s in sorted(scores.form.items()):
        if s.rate < FORM_THRESHOLD:
            out.append(f"{pack} form {form}: agreement {s.rate:.3f} < {FORM_THRESHOLD:.2f}")
    return out


def _row(label: str, s: Score, width: int) -> str:
    return f"  {label:<{width}} {s.agree:>4}/{s.n:<4} {s.rate:6.1%}"


def _form_order(form: str) -> int:
    return FORMS.index(form) if form in FORMS else len(FORMS)


def _clip(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def format_report(outcomes: Sequence[Outcome], *, title: str = "Behavioural passages", failures: bool = True) -> str:
    """Agreement per pack, per form and per target, then every failing case."""
    scores = score(outcomes)
    lines = [f"== {title}: {len(outcomes)} cases =="]
    packs = sorted(scores.pack)
    lines.append("Agreement per pack:")
    for pack in packs:
        s = scores.pack[pack]
        pos, neg = scores.polarity.get((pack, "positive"), Score()), scores.polarity.get((pack, "negative"), Score())
        lines.append(_row(pack, s, 12) + f"   (positive {pos.agree}/{pos.n}, negative {neg.agree}/{neg.n})")
    for pack in packs:
        lines.append(f"Agreement per form ({pack}):")
        forms = sorted((f for p, f in scores.form if p == pack), key=_form_order)
        for form in forms:
            s = scores.form[(pack, form)]
            flag = "  <-- below %.2f" % FORM_THRESHOLD if s.rate < FORM_THRESHOLD else ""
            lines.append(_row(form, s, 22) + flag)
        lines.append(f"Agreement per target ({pack}):")
        targets = sorted(t for p, t in scores.target if p == pack)
        width = max((len(t) for t in targets), default=10)
        for target in targets:
            lines.append(_row(target, scores.target[(pack, target)], width))
    if failures:
        failed = [o for o in outcomes if not o.ok]
        lines.append(f"Failing cases ({len(failed)}):")
        for o in failed:
            c = o.case
            lines.append(f"  {c.id} [{c.pack} {c.target}, {c.form}] expected {c.expect}, got {o.got}")
            if o.reason:
                lines.append(f"      reason: {_clip(o.reason, 400)}")
            if o.evidence:
                lines.append(f"      evidence: {_clip(o.evidence)}")
    return "\n".join(lines)


def count_table(cases: Sequence[Case]) -> str:
    """Case counts per pack, target and form (for reports on the suite itself)."""
    lines = []
    for pack in sorted({c.pack for c in cases}):
        group = [c for c in cases if c.pack == pack]
        lines.append(f"{pack}: {len(group)} cases "
                     f"({sum(c.positive for c in group)} positive, {sum(not c.positive for c in group)} negative)")
        for target, n in sorted(Counter(c.target for c in group).items()):
            lines.append(f"  {target:<48} {n}")
        forms = Counter(c.form for c in group)
        lines.append("  forms: " + ", ".join(f"{f} {forms[f]}" for f in sorted(forms, key=_form_order)))
    return "\n".join(lines)
