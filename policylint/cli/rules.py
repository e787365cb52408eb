"""``policylint rules``: list, show and test rule packs.

``rules test [PATH]`` runs every example of every element through the same code path
as ``check`` (one-block documents), lints every topic example passage as its own
Markdown document, and exits 1 on any mismatch, missing minimum examples or duplicate
ids; 2 when a pack does not load at all.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pragma: no cover
    from ..rulebook import PackSet


def _load(rules: tuple[str, ...] = (), *, shipped: bool = True) -> "PackSet":
    from ..rulebook import RuleError, load_packs

    try:
        return load_packs([Path(r) for r in rules], shipped=shipped)
    except RuleError as exc:
        click.echo("policylint: rule pack error:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(2)


@click.group()
def rules() -> None:
    """List, explain and test rule packs."""


@rules.command("list")
@click.option("--pack", "packs", multiple=True, metavar="ID", help="Only this pack (repeatable).")
@click.option("--rules", "extra", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder of rule packs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_rules(packs: tuple[str, ...], extra: tuple[str, ...], fmt: str) -> None:
    """List packs, topics and elements."""
    found = _load(extra)
    unknown = [p for p in packs if p not in found.packs]
    if unknown:
        click.echo(f"policylint: unknown pack {', '.join(unknown)} (available: {', '.join(sorted(found.packs))})", err=True)
        sys.exit(2)
    chosen = [found.packs[p] for p in (packs or sorted(found.packs))]
    if fmt == "json":
        data = [
            {
                "pack": p.id, "title": p.title, "version": p.version, "path": p.path,
                "topics": [
                    {
                        "id": t.id, "title": t.title, "severity": t.severity.value,
                        "elements": [{"id": e.id, "title": e.title, "kind": e.kind, "required": e.required} for e in t.elements],
                    }
                    for t in p.topics
                ],
            }
            for p in chosen
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for pack in chosen:
        click.echo(f"{pack.id} {pack.version}: {pack.title} ({len(pack.topics)} topics)")
        for topic in pack.topics:
            click.echo(f"  {pack.id}/{topic.id} [{topic.severity.value}] {topic.title} ({len(topic.elements)} elements)")
            for element in topic.elements:
                opt = "" if element.required else ", optional"
                click.echo(f"    {pack.id}/{topic.id}/{element.id} ({element.kind}{opt}) {element.title}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "extra", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder of rule packs.")
def show(rule_id: str, extra: tuple[str, ...]) -> None:
    """Explain a topic (TOPIC or PACK/TOPIC) or an element (PACK/TOPIC/ELEMENT)."""
    found = _load(extra)
    parts = rule_id.split("/")
    matches = []
    for pack in found.packs.values():
        for topic in pack.topics:
            if len(parts) == 1 and parts[0] == topic.id:
                matches.append((pack, topic, None))
            elif len(parts) >= 2 and parts[0] == pack.id and parts[1] == topic.id:
                if len(parts) == 2:
                    matches.append((pack, topic, None))
                else:
                    matches += [(pack, topic, e) for e in topic.elements if e.id == parts[2]]
    if not matches:
        click.echo(f"policylint: no rule '{rule_id}' (see `policylint rules list`)", err=True)
        sys.exit(2)
    for pack, topic, element in matches:
        click.echo(_describe(pack, topic, element))


def _describe(pack, topic, element) -> str:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    if element is None:
        lines.append(f"{pack.id}/{topic.id}: {topic.title}")
        lines.append(f"  severity when missing: {topic.severity.value}; when weak: {topic.weak_severity.value}")
        if topic.description:
            lines.append(f"  What it checks: {topic.description}")
        if topic.rationale:
            lines.append(f"  Why: {topic.rationale}")
        if topic.headings:
            lines.append(f"  Section headings: {', '.join(topic.headings)}")
        needed = topic.needed
        lines.append(f"  Covered when {needed} of {len(topic.required_elements)} required elements are present.")
        _sources(lines, pack, topic.sources)
        lines.append("  Elements:")
        for e in topic.elements:
            lines.append(f"    {e.id} ({e.kind}{'' if e.required else ', optional'}): {e.title}")
            for sentence in e.examples.get("present", ())[:1]:
                lines.append(f"      e.g. \u201c{sentence}\u201d")
        _topic_examples(lines, topic)
        return "\n".join(lines)
    lines.append(f"{pack.id}/{topic.id}/{element.id}: {element.title} ({element.kind})")
    if element.description:
        lines.append(f"  What it checks: {element.description}")
    if element.rationale:
        lines.append(f"  Why: {element.rationale}")
    groups = [" | ".join(p.text for p in group) for group in element.match]
    lines.append("  A sentence is a candidate when it contains: " + " AND ".join(f"({g})" for g in groups))
    if element.accept_hedges:
        lines.append(f"  Accepted hedges (the standard itself allows them): {', '.join(element.accept_hedges)}")
    if element.ok_exceptions:
        lines.append(f"  Exceptions that keep the rule: {', '.join(element.ok_exceptions)}")
    if element.citation:
        since = f"; in force since {element.effective.isoformat()}" if element.effective else ""
        amended = f" (added by {element.amended_by})" if element.amended_by else ""
        lines.append(f"  Statute: {element.citation}{since}{amended}")
        if element.effective_note:
            lines.append(f"  Not verified: {element.effective_note}")
    _sources(lines, pack, element.sources)
    for bucket, title in (
        ("present", "Compliant wording"), ("hedged", "Weak wording"), ("absent", "Does not address it"),
        ("contradicted", "Contradicts the statute"),
    ):
        sentences = element.examples.get(bucket, ())
        if sentences:
            lines.append(f"  {title}:")
            lines += [f"    \u201c{s}\u201d" for s in sentences]
    return "\n".join(lines)


_TOPIC_BUCKETS = (
    ("covered", "Passages that cover the topic"),
    ("weak", "Passages that are weak on it"),
    ("missing", "Passages that do not address it"),
    ("contradicted", "Passages that contradict the statute"),
)


def _topic_examples(lines: list[str], topic) -> None:  # type: ignore[no-untyped-def]
    """A topic's example passages, indented, each one a Markdown document in full."""
    if not topic.examples:
        return
    lines.append("  Example passages (each is linted as its own document by `policylint rules test`):")
    for bucket, title in _TOPIC_BUCKETS:
        passages = topic.examples.get(bucket, ())
        for n, passage in enumerate(passages, 1):
            lines.append(f"    {title} ({n} of {len(passages)}):")
            lines += [f"      | {line}".rstrip() for line in passage.splitlines()]


def _sources(lines: list[str], pack, citations) -> None:  # type: ignore[no-untyped-def]
    if not citations:
        return
    lines.append("  Sources:")
    for cite in citations:
        key = cite.split(" ", 1)[0]
        url = pack.sources.get(key, {}).get("url")
        lines.append(f"    - {pack.cite(cite)}" + (f" <{url}>" if url else ""))


@rules.command("test")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("-v", "--verbose", is_flag=True, help="Show passing examples too.")
def test(path: str | None, verbose: bool) -> None:
    """Run every rule example (shipped packs, or the pack file/folder PATH)."""
    from ..engine.examples import run_examples
    from ..rulebook import load_packs, RuleError

    try:
        found = load_packs([Path(path)], shipped=False) if path else load_packs()
    except RuleError as exc:
        duplicates = [p for p in exc.problems if "duplicate" in p.message]
        for problem in exc.problems:
            click.echo(f"{problem}", err=True)
        if duplicates and len(duplicates) == len(exc.problems):
            click.echo(f"0 passed, {len(duplicates)} failed")
            sys.exit(1)
        sys.exit(2)
    packs = list(found.packs.values())
    from ..rulebook.risk import pattern_risks

    risks = pattern_risks(packs)
    for risk in risks:
        click.echo(f"RISK {risk}")
    report = run_examples(packs)
    for result in report.results:
        if result.ok and not verbose:
            continue
        mark = "PASS" if result.ok else "FAIL"
        if result.kind == "topic":
            _echo_topic_result(mark, result)
            continue
        click.echo(f"{mark} {result.location}: {result.rule}: expected {result.expected}, got {result.actual}: \u201c{result.text}\u201d")
        if not result.ok and result.details:
            for detail in result.details:
                click.echo(f"     {detail}")
        elif not result.ok and result.reason:
            click.echo(f"     ({result.reason})")
    for problem in report.problems:
        click.echo(f"FAIL {problem}")
    e_pass, e_fail = report.count("element")
    t_pass, t_fail = report.count("topic")
    click.echo(
        f"{report.passed} passed, {report.failed} failed "
        f"(element examples: {e_pass} passed, {e_fail} failed; topic examples: {t_pass} passed, {t_fail} failed; "
        f"minimum-example problems: {len(report.problems)}; risky patterns: {len(risks)})"
    )
    sys.exit(1 if report.failed else 0)


@rules.command("concepts")
@click.argument("name", required=False)
@click.option("--rules", "extra", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder of rule packs and lexicons.")
@click.option("--forms", is_flag=True, help="Print every surface form a concept's terms compile to.")
def concepts(name: str | None, extra: tuple[str, ...], forms: bool) -> None:
    """List the shared concepts and hedge families, or show one concept (NAME)."""
    from ..rulebook.compiler import _Expander

    found = _load(extra)
    lexicon = found.lexicon
    if lexicon is None or not lexicon.concepts:
        click.echo("no lexicon loaded")
        sys.exit(1)
    if name is None:
        width = max(len(n) for n in lexicon.concepts)
        for concept_name, concept in sorted(lexicon.concepts.items()):
            click.echo(f"{concept_name:<{width}}  {concept.description}")
        click.echo("")
        for family in lexicon.hedges.values():
            click.echo(f"hedges/{family.name}: {len(family.phrases)} phrases: {family.description}")
        return
    concept = lexicon.concepts.get(name)
    family = lexicon.hedges.get(name.removeprefix("hedges/"))
    if concept is None and family is not None:
        click.echo(f"hedges/{family.name}: {family.description}")
        for phrase in family.phrases:
            click.echo(f"  {phrase}")
        return
    if concept is None:
        click.echo(f"policylint: unknown concept '{name}' (see `policylint rules concepts`)", err=True)
        sys.exit(2)
    click.echo(f"{concept.name}: {concept.description}")
    if concept.includes:
        click.echo(f"includes: {', '.join(concept.includes)}")
    expand = _Expander()
    for pattern in lexicon.patterns(name):
        click.echo(f"  {pattern.text}")
        if forms and pattern.form in ("term", "exact"):
            variants = [p.value if p.form == "phrase" else "(token pattern)" for p in expand.primitive(pattern, lexicon)]
            click.echo("      " + ", ".join(variants))


def _echo_topic_result(mark: str, result) -> None:  # type: ignore[no-untyped-def]
    """A topic passage: its first line names it; a mismatch lists every element's status."""
    first = next((line.strip() for line in result.text.splitlines() if line.strip()), "")
    click.echo(
        f"{mark} {result.location}: {result.rule} (topic example): expected {result.expected}, "
        f"got {result.actual}: passage \u201c{first}\u201d"
    )
    if result.ok:
        return
    if result.reason:
        click.echo(f"     ({result.reason})")
    for detail in result.details:
        click.echo(f"     - {detail}")
