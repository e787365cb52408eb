"""Rule examples are tests: run each through the engine exactly as a document would go.

Element examples: each sentence becomes a one-block :class:`Document` and is judged by
:func:`~policylint.engine.analyse.analyse_document` with ``scope_document=True``; the
element's status must equal the example's bucket. Elements also need the minimum
examples (present >= 2; hedged + absent >= 2; hedged >= 1 for mandate/prohibition; and
contradicted >= 1 for a prohibition in a pack with ``contradictions: true``).

Topic examples: each passage is read as its own Markdown document (the Markdown reader
and ``structure.build_document``, as ``policylint check`` reads a ``.md`` file) and linted
with :func:`policylint.api.lint_documents` under a plan for the packs being tested, so
headings, dedicated sections, ``scope: topic`` and the essential-element rule all apply.
The topic's status must equal the passage's bucket (covered/weak/missing). Topics need
covered >= 2, weak >= 1 and weak + missing >= 2 passages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..model import Block, Document, Location, Section
from ..rulebook.compiler import CompiledRules
from ..rulebook.model import Pack, Topic
from .analyse import analyse_document
from .explain import explain_sentence, format_explanation

if TYPE_CHECKING:  # pragma: no cover
    from ..api import LintPlan
    from ..results import TopicCoverage

__all__ = [
    "ExampleResult", "ExampleReport", "run_examples", "document_from_text", "document_from_markdown",
    "example_count_problems", "topic_example_count_problems",
]


@dataclass(frozen=True)
class ExampleResult:
    rule: str  # pack/topic/element, or pack/topic for a topic example
    expected: str
    actual: str
    text: str
    location: str  # file:line of the example
    reason: str = ""
    kind: str = "element"  # "element" (a sentence) | "topic" (a Markdown passage)
    #: for a topic example: "element-id: status" per element, so a mismatch shows why
    details: tuple[str, ...] = ()

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

    def count(self, kind: str) -> tuple[int, int]:
        """(passed, failed) results of one kind ("element" or "topic"); problems not included."""
        mine = [r for r in self.results if r.kind == kind]
        return sum(1 for r in mine if r.ok), sum(1 for r in mine if not r.ok)


def document_from_text(text: str, path: str = "<example>", *, blocks: Sequence[str] | None = None) -> Document:
    """A Document with the given text as its only block (or ``blocks`` as consecutive blocks)."""
    items = tuple(
        Block(text=t, location=Location(line=i + 1), index=i) for i, t in enumerate(blocks if blocks is not None else [text])
    )
    root = Section(number=None, title="", level=0, blocks=items)
    return Document(path=path, format="text", sha256="", page_count=None, root=root)


def document_from_markdown(text: str, path: str = "<topic example>.md") -> Document:
    """Read Markdown text exactly as ``policylint check`` reads a ``.md`` file (no file needed)."""
    from ..ingest.markdown import read_markdown
    from ..structure import build_document

    return build_document(read_markdown(Path(path), text, sha256=""))


def topic_example_count_problems(pack: Pack) -> list[str]:
    """A topic without the minimum passages (covered >= 2, weak >= 1, weak + missing >= 2) fails."""
    out = []
    for topic in pack.topics:
        covered, weak, missing = (len(topic.examples.get(k, ())) for k in ("covered", "weak", "missing"))
        rule = f"{pack.id}/{topic.id}"
        where = f"{pack.path}:{topic.line}" if topic.line else pack.path
        if covered < 2:
            out.append(f"{where}: {rule}: topic needs at least 2 'covered' example passages (has {covered})")
        if weak < 1:
            out.append(f"{where}: {rule}: topic needs at least 1 'weak' example passage (has {weak})")
        if weak + missing < 2:
            out.append(f"{where}: {rule}: topic needs at least 2 'weak' + 'missing' example passages (has {weak + missing})")
    return out


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
            if pack.contradictions and element.kind == "prohibition" and not ex.get("contradicted"):
                # a pack that reports contradictions must show, per ban, what contradicts it
                out.append(f"{where}: {rule}: a prohibition in a pack with contradictions needs at least 1 'contradicted' example")
    return out


def _plan(packs: Sequence[Pack]) -> "LintPlan":
    """A lint plan for exactly these packs with default config (no waivers, no overrides).

    ``plan_run`` caches the compiled matchers per pack set, so element sentences and
    topic passages share one compile.
    """
    from ..api import plan_run
    from ..config import Config

    return plan_run(config=Config(), pack_objects=tuple(packs))


def _element_details(coverage: "TopicCoverage", topic: Topic) -> tuple[str, ...]:
    """"id: status (essential, reason)" for each element: what a failing topic example needs."""
    essential = {e.id for e in topic.essential_elements}
    out = []
    for element in coverage.elements:
        tags = [t for t, on in (("essential", element.id in essential), ("optional", not element.required)) if on]
        label = f"{element.id}: {element.status.value}" + (f" [{', '.join(tags)}]" if tags else "")
        if element.reason and element.status.value != "present":
            label += f" ({element.reason})"
        out.append(label)
    return tuple(out)


def _run_topic_examples(pack: Pack, plan: "LintPlan") -> list[ExampleResult]:
    """Lint each topic passage as its own Markdown document; compare the topic's status."""
    from ..api import lint_documents

    results: list[ExampleResult] = []
    for topic in pack.topics:
        rule = f"{pack.id}/{topic.id}"
        for expected, passages in topic.examples.items():
            lines = topic.example_lines.get(expected, ())
            for i, passage in enumerate(passages):
                line = lines[i] if i < len(lines) else topic.line
                document = document_from_markdown(passage, path=f"{pack.path}:{line}" if line else pack.path)
                linted = lint_documents([document], plan).documents[0]
                coverage = next((c for c in linted.coverage if c.pack == pack.id and c.topic == topic.id), None)
                if coverage is None:  # unreadable passage: nothing was judged
                    actual, reason, details = "unreadable", "the passage has no text the reader kept", ()
                else:
                    actual, reason = coverage.status.value, coverage.reason
                    details = _element_details(coverage, topic)
                results.append(
                    ExampleResult(
                        rule=rule, expected=expected, actual=actual, text=passage,
                        location=f"{pack.path}:{line}" if line else pack.path, reason=reason,
                        kind="topic", details=details,
                    )
                )
    return results


def run_examples(packs: Sequence[Pack], compiled: CompiledRules | None = None) -> ExampleReport:
    """Judge every example of every element and every example passage of every topic of ``packs``."""
    plan = _plan(packs)
    compiled = compiled or plan.compiled
    index = {(ref.pack.id, ref.topic.id): ref.index for ref in compiled.topics}
    results: list[ExampleResult] = []
    problems: list[str] = []
    for pack in packs:
        problems += example_count_problems(pack)
        problems += topic_example_count_problems(pack)
        results += _run_topic_examples(pack, plan)
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
                        details: tuple[str, ...] = ()
                        if got.status.value != expected:
                            # which concept matched which words, and what decided the status
                            hits = explain_sentence(compiled.nlp, element, sentence, pack.lexicon)
                            details = tuple(format_explanation(hits, got.reason, pack.lexicon))
                        results.append(
                            ExampleResult(
                                rule=rule, expected=expected, actual=got.status.value, text=sentence,
                                location=f"{pack.path}:{line}" if line else pack.path, reason=got.reason,
                                details=details,
                            )
                        )
    return ExampleReport(tuple(results), tuple(problems))
