"""Applying a configuration to judged coverage: severity overrides and waivers.

Config keys name topics as ``topic`` (any pack holding it) or ``pack/topic``; waivers may
add an element. Every name must resolve to a loaded topic (or element) or it is an
error: a typo must never silently drop a check. A waiver whose ``expires`` date is
before ``today`` no longer applies and is reported as a run-level problem.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
from dataclasses import replace
from pathlib import PurePath
from typing import Iterable, Sequence

from ..model import Diagnostic
from ..results import ElementCoverage, ElementStatus, Severity, TopicCoverage, TopicStatus, Waiver
from ..rulebook.model import Pack

__all__ = [
    "resolve_topic_keys",
    "severity_map",
    "weak_severity_map",
    "active_waivers",
    "apply_waivers",
    "WAIVER_EXPIRED",
    "WAIVER_UNUSED",
]

#: Run-level problem codes (Diagnostic.code) raised here.
WAIVER_EXPIRED = "PL201"
WAIVER_UNUSED = "PL202"


def _index(packs: Sequence[Pack]) -> dict[str, list[tuple[str, str]]]:
    """key ("topic" and "pack/topic") -> [(pack, topic)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for pack in packs:
        for topic in pack.topics:
            out.setdefault(topic.id, []).append((pack.id, topic.id))
            out.setdefault(f"{pack.id}/{topic.id}", []).append((pack.id, topic.id))
    return out


def resolve_topic_keys(keys: Iterable[str], packs: Sequence[Pack], what: str) -> tuple[set[tuple[str, str]], list[str]]:
    """The (pack, topic) pairs named by ``keys``; and a problem message per unknown key."""
    index = _index(packs)
    found: set[tuple[str, str]] = set()
    problems: list[str] = []
    for key in keys:
        hits = index.get(key)
        if not hits:
            problems.append(f"{what}: unknown topic '{key}' (not in packs {', '.join(p.id for p in packs)})")
        else:
            found.update(hits)
    return found, problems


def severity_map(overrides: dict[str, Severity], packs: Sequence[Pack]) -> tuple[dict[tuple[str, str], Severity], list[str]]:
    """(pack, topic) -> severity of a missing topic, after overrides (pack/topic beats topic)."""
    out = {(p.id, t.id): t.severity for p in packs for t in p.topics}
    problems: list[str] = []
    index = _index(packs)
    for key in sorted(overrides, key=lambda k: "/" in k):  # bare topic first, pack/topic wins
        hits = index.get(key)
        if not hits:
            problems.append(f"severity: unknown topic '{key}' (not in packs {', '.join(p.id for p in packs)})")
            continue
        for pair in hits:
            out[pair] = overrides[key]
    return out, problems


def weak_severity_map(missing: dict[tuple[str, str], Severity], packs: Sequence[Pack]) -> dict[tuple[str, str], Severity]:
    """A weak topic's severity: its own, lowered to the override when the override is lower."""
    out = {}
    for pack in packs:
        for topic in pack.topics:
            weak = topic.weak_severity
            cap = missing[(pack.id, topic.id)]
            out[(pack.id, topic.id)] = cap if cap.rank < weak.rank else weak
    return out


def validate_waivers(waivers: Sequence[Waiver], packs: Sequence[Pack]) -> list[str]:
    """A problem per waiver naming a topic or element that is not loaded."""
    problems = []
    for waiver in waivers:
        key = f"{waiver.pack}/{waiver.topic}" if waiver.pack else waiver.topic
        hits = _index(packs).get(key)
        where = f" ({waiver.source})" if waiver.source else ""
        if not hits:
            problems.append(f"waiver{where}: unknown topic '{key}'")
            continue
        if waiver.element:
            ok = any(
                any(e.id == waiver.element for e in t.elements)
                for p in packs if any(p.id == h[0] for h in hits)
                for t in p.topics if (p.id, t.id) in hits
            )
            if not ok:
                problems.append(f"waiver{where}: topic '{key}' has no element '{waiver.element}'")
    return problems


def active_waivers(waivers: Sequence[Waiver], today: _dt.date) -> tuple[list[Waiver], list[Diagnostic]]:
    """Waivers still in force, and a warning for each expired one."""
    active: list[Waiver] = []
    problems: list[Diagnostic] = []
    for waiver in waivers:
        if waiver.expires and _dt.date.fromisoformat(waiver.expires) < today:
            name = f"{waiver.pack}/{waiver.topic}" if waiver.pack else waiver.topic
            if waiver.element:
                name += f"/{waiver.element}"
            problems.append(
                Diagnostic(
                    code=WAIVER_EXPIRED, message=f"waiver for {name} expired on {waiver.expires}; it no longer applies",
                    path=waiver.source or "", severity="warning",
                )
            )
        else:
            active.append(waiver)
    return active, problems


def _applies(waiver: Waiver, document: str, pack: str, topic: str) -> bool:
    if waiver.topic != topic or (waiver.pack and waiver.pack != pack):
        return False
    if waiver.document:
        name = PurePath(document).name
        return fnmatch.fnmatch(document, waiver.document) or fnmatch.fnmatch(name, waiver.document)
    return True


def apply_waivers(
    document: str,
    coverage: Sequence[TopicCoverage],
    waivers: Sequence[Waiver],
    used: set[int],
    needed: dict[tuple[str, str], int],
    essential: dict[tuple[str, str], frozenset[str]] | None = None,
) -> list[TopicCoverage]:
    """Mark waived topics and elements (status ``waived``, reason kept); ``used`` collects waiver indexes.

    ``needed`` and ``essential`` map (pack, topic) to its ``covered_when`` count and its
    essential element ids, for re-judging a weak topic whose gaps were waived.
    """
    out: list[TopicCoverage] = []
    for topic in coverage:
        topic_waiver = None
        element_waivers: dict[str, Waiver] = {}
        for i, waiver in enumerate(waivers):
            if not _applies(waiver, document, topic.pack, topic.topic):
                continue
            used.add(i)
            if waiver.element:
                element_waivers.setdefault(waiver.element, waiver)
            elif topic_waiver is None:
                topic_waiver = waiver
        if topic_waiver is None and not element_waivers:
            out.append(topic)
            continue
        elements = tuple(_waive_element(e, element_waivers.get(e.id)) for e in topic.elements)
        if topic_waiver is not None:
            out.append(
                replace(
                    topic, status=TopicStatus.WAIVED, elements=elements, waiver=topic_waiver,
                    reason=f"waived ({topic.status.value}): {topic_waiver.reason}",
                )
            )
        else:
            out.append(replace(topic, elements=elements, status=_rejudge(
                topic, elements, needed.get((topic.pack, topic.topic), 0),
                (essential or {}).get((topic.pack, topic.topic), frozenset()),
            )))
    return out


def _waive_element(element: ElementCoverage, waiver: Waiver | None) -> ElementCoverage:
    if waiver is None:
        return element
    return replace(
        element, status=ElementStatus.WAIVED, waiver=waiver,
        reason=f"waived ({element.status.value}): {waiver.reason}",
    )


def _rejudge(topic: TopicCoverage, elements: tuple[ElementCoverage, ...], needed: int, essential: frozenset[str] = frozenset()) -> TopicStatus:
    """A weak topic counts waived elements as present: it may become covered.

    An essential element (see docs/rule-schema.md) must be present or waived too. A
    contradicted topic stays contradicted while any contradicted element is not waived.
    """
    if topic.status is TopicStatus.CONTRADICTED:
        if any(e.required and e.status is ElementStatus.CONTRADICTED for e in elements):
            return topic.status
    elif topic.status is not TopicStatus.WEAK:
        return topic.status
    ok_status = (ElementStatus.PRESENT, ElementStatus.WAIVED)
    ok = sum(1 for e in elements if e.required and e.status in ok_status)
    lacking = any(e.id in essential and e.status not in ok_status for e in elements)
    return TopicStatus.COVERED if ok >= needed and not lacking else TopicStatus.WEAK


def unused_waiver_problems(waivers: Sequence[Waiver], used: set[int]) -> list[Diagnostic]:
    """A warning for each active waiver that matched no document (a stale or misdirected waiver)."""
    out = []
    for i, waiver in enumerate(waivers):
        if i in used:
            continue
        name = f"{waiver.pack}/{waiver.topic}" if waiver.pack else waiver.topic
        out.append(
            Diagnostic(code=WAIVER_UNUSED, message=f"waiver for {name} matched no document", path=waiver.source or "", severity="warning")
        )
    return out
