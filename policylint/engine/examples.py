"""Rule examples are tests: run each through the engine exactly as a document would go.

Each example sentence becomes a one-block :class:`Document` and is judged by
:func:`~policylint.engine.analyse.analyse_document` with ``scope_document=True``; the
element's status must equal the example's bucket. Elements also need the minimum
examples (present >= 2; hedged + absent >= 2; hedged >= 1 for mandate/prohibition).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..model import Block, Document, Location, Section
from ..rulebook.compiler import CompiledRules, compile_rules
from ..rulebook.model import Pack
from .analyse import analyse_document

__all__ = ["ExampleResult", "ExampleReport", "run_examples", "document_from_text", "example_count_problems"]


@dataclass(frozen=True)
class ExampleResult:
    rule: str  # pack/topic/element
    expected: str
    actual: str
    text: str
    location: str  # file:line of the example
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass(frozen=True)
class ExampleReport:
    results: tuple[ExampleResult, ...]
    problems: tuple[str, ...]  # minimum-example and duplicate-id failures, "file:line: rule: message"

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.ok)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if not r.ok) + len(self.problems)


def document_from_text(text: str, path: str = "<example>", *, blocks: Sequence[str] | None = None) -> Document:
    """A Document with the given text as its only block (or ``blocks`` as consecutive blocks)."""
    items = tuple(
        Block(text=t, location=Location(line=i + 1), index=i) for i, t in enumerate(blocks if blocks is not None else [text])
    )
    root = Section(number=None, title="", level=0, blocks=items)
    return Document(path=path, format="text", sha256="", page_count=None, root=root)


def example_count_problems(pack: Pack) -> list[str]:
    """An element without the minimum examples is a failure of the pack's test suite."""
    out = []
    for topic in pack.topics:
        for element in topic.elements:
            ex = element.examples
            present = len(ex.get("present", ()))
            hedged = len(ex.get("hedged", ()))
            absent = len(ex.get("absent", ()))
            rule = f"{pack.id}/{topic.id}/{element.id}"
            where = f"{pack.path}:{element.line}" if element.line else pack.path
            if present < 2:
                out.append(f"{where}: {rule}: needs at least 2 'present' examples (has {present})")
            if hedged + absent < 2:
                out.append(f"{where}: {rule}: needs at least 2 'hedged' + 'absent' examples (has {hedged + absent})")
            if element.kind in ("mandate", "prohibition") and hedged < 1:
                out.append(f"{where}: {rule}: a {element.kind} needs at least 1 'hedged' example")
    return out


def run_examples(packs: Sequence[Pack], compiled: CompiledRules | None = None) -> ExampleReport:
    """Judge every example of every element of ``packs``."""
    compiled = compiled or compile_rules(packs)
    index = {(ref.pack.id, ref.topic.id): ref.index for ref in compiled.topics}
    results: list[ExampleResult] = []
    problems: list[str] = []
    for pack in packs:
        problems += example_count_problems(pack)
        for topic in pack.topics:
            t_index = index[(pack.id, topic.id)]
            for e_pos, element in enumerate(topic.elements):
                rule = f"{pack.id}/{topic.id}/{element.id}"
                for expected, sentences in element.examples.items():
                    lines = element.example_lines.get(expected, ())
                    for i, sentence in enumerate(sentences):
                        coverage = analyse_document(document_from_text(sentence), compiled, scope_document=True)
                        got = coverage[t_index].elements[e_pos]
                        line = lines[i] if i < len(lines) else element.line
                        results.append(
                            ExampleResult(
                                rule=rule, expected=expected, actual=got.status.value, text=sentence,
                                location=f"{pack.path}:{line}" if line else pack.path, reason=got.reason,
                            )
                        )
    return ExampleReport(tuple(results), tuple(problems))
