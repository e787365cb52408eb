"""``--select`` / ``--ignore``: which rules a run reports, by pack, topic or element (as in ruff).

A selector names a rule id or a prefix of one, with or without its pack:

* ``core`` (a whole pack), ``core/use-of-force`` or ``use-of-force`` (a topic, with all its
  elements), ``core/use-of-force/duty-to-intervene`` or ``use-of-force/duty-to-intervene`` (one
  element).

A finding is reported when it is selected (no ``--select`` selects everything) and not
ignored; ``--ignore`` wins over ``--select``. A missing topic's finding belongs to every
element of the topic, so selecting one element still reports the topic when it is missing.
Topics with nothing selected leave the result entirely (no table row, no JUnit case, no
matrix row); for a topic that stays, only the findings change, never the judged status.
To stop checking a topic at all, use the config's ``disable``. An unknown selector is an
error, never silently ignored (a misspelt id must not switch a check off), and so is a
selection that leaves nothing to report.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

from .results import DocumentResult, LintResult, TopicCoverage

__all__ = ["Selection", "SelectionError"]


class SelectionError(ValueError):
    """Selectors that name no loaded pack, topic or element (with close matches)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def _rule_ids(packs: Iterable[object]) -> list[tuple[str, str, str | None]]:
    """(pack, topic, element) for every topic (element None) and element of ``packs``."""
    out: list[tuple[str, str, str | None]] = []
    for pack in packs:
        for topic in pack.topics:  # type: ignore[attr-defined]
            out.append((pack.id, topic.id, None))  # type: ignore[attr-defined]
            out += [(pack.id, topic.id, e.id) for e in topic.elements]  # type: ignore[attr-defined]
    return out


def _matches(selector: tuple[str, ...], pack: str, topic: str, element: str | None) -> bool:
    """Does ``selector`` (split on '/') name this rule or a prefix of it, with or without the pack?"""
    full = (pack, topic) + ((element,) if element else ())
    if full[: len(selector)] == selector:
        return True
    return full[1 : 1 + len(selector)] == selector


def _names_element_of(selector: tuple[str, ...], pack: str, topic: str) -> bool:
    """``pack/topic/ELEMENT`` or ``topic/ELEMENT``: the selector is one element of this topic."""
    return (len(selector) == 3 and selector[:2] == (pack, topic)) or (len(selector) == 2 and selector[0] == topic)


@dataclass(frozen=True)
class Selection:
    select: tuple[tuple[str, ...], ...] = ()
    ignore: tuple[tuple[str, ...], ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.select or self.ignore)

    @classmethod
    def parse(cls, select: Sequence[str], ignore: Sequence[str], packs: Iterable[object]) -> "Selection":
        """Validate selectors against the loaded packs; SelectionError lists every unknown one."""
        ids = _rule_ids(list(packs))
        known = ["/".join(p for p in rule if p) for rule in ids]
        problems: list[str] = []
        parsed: dict[str, list[tuple[str, ...]]] = {"--select": [], "--ignore": []}
        for option, values in (("--select", select), ("--ignore", ignore)):
            for raw in values:
                for value in (v.strip() for v in raw.split(",")):
                    if not value:
                        continue
                    selector = tuple(value.strip("/").split("/"))
                    if any(_matches(selector, *rule) for rule in ids):
                        parsed[option].append(selector)
                        continue
                    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
                    hint = f"; did you mean {', '.join(close)}?" if close else " (see `policylint rules list`)"
                    problems.append(f"{option} {value}: no pack, topic or element has this id{hint}")
        if problems:
            raise SelectionError(problems)
        selection = cls(tuple(parsed["--select"]), tuple(parsed["--ignore"]))
        if not any(selection.reports(pack, topic, element) for pack, topic, element in ids):
            # every document would be left with no topic, which reads as "could not be read"
            raise SelectionError(["--select/--ignore leave no pack, topic or element to report"])
        return selection

    def reports(self, pack: str, topic: str, element: str | None) -> bool:
        """Is a finding on this rule reported? (``element`` None: the topic's own finding.)"""
        if any(_matches(s, pack, topic, element) for s in self.ignore):
            return False
        if not self.select:
            return True
        if element is None:  # a missing topic stands for each of its elements
            return any(_matches(s, pack, topic, None) or _names_element_of(s, pack, topic) for s in self.select)
        return any(_matches(s, pack, topic, element) for s in self.select)

    def keeps_topic(self, topic: TopicCoverage) -> bool:
        """Does any rule of this topic stay selected?"""
        rules = [None] + [e.id for e in topic.elements]
        return any(self.reports(topic.pack, topic.topic, element) for element in rules)

    def apply(self, result: LintResult) -> LintResult:
        """``result`` with unselected findings and topics left out (the run records it in ``extra``)."""
        if not self.active:
            return result
        documents = tuple(self._document(doc) for doc in result.documents)
        extra = dict(result.extra)
        extra["selection"] = {"select": ["/".join(s) for s in self.select], "ignore": ["/".join(s) for s in self.ignore]}
        return dataclasses.replace(result, documents=documents, extra=extra)

    def _document(self, doc: DocumentResult) -> DocumentResult:
        coverage = tuple(t for t in doc.coverage if self.keeps_topic(t))
        findings = tuple(f for f in doc.findings if self.reports(f.pack, f.topic, f.element))
        return dataclasses.replace(doc, coverage=coverage, findings=findings)
