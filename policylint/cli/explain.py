"""``policylint explain ID [--document FILE]``: what a topic or element checks, and why a document got its status.

``ID`` is ``TOPIC``, ``PACK/TOPIC``, ``PACK/TOPIC/ELEMENT`` (the rule id printed with every
finding) or ``TOPIC/ELEMENT``. The explanation has four parts: what it checks and why (from
the rule YAML), its sources, compliant and weak example wording, and how the current
configuration treats it (pack selected, disabled, severity override, waivers naming it).
With ``--document FILE`` the file is linted with the configured packs (plus the rule's own
pack) and the status it got is explained with the sentences that decided it.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..jsontext import indented_json
from .options import quiet_option

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config
    from ..results import DocumentResult, Waiver
    from ..rulebook import Element, Pack, PackSet, Topic

Match = tuple["Pack", "Topic", "Element | None"]


def find_rules(found: "PackSet", rule_id: str) -> list[Match]:
    """Every (pack, topic, element) that ``rule_id`` names; several when a topic id is in several packs."""
    parts = rule_id.strip().split("/")
    matches: list[Match] = []
    for pack in found.packs.values():
        for topic in pack.topics:
            if len(parts) == 1 and parts[0] == topic.id:
                matches.append((pack, topic, None))
            elif len(parts) == 2 and parts == [pack.id, topic.id]:
                matches.append((pack, topic, None))
            elif len(parts) == 2 and parts[0] == topic.id and parts[0] not in found.packs:
                matches += [(pack, topic, e) for e in topic.elements if e.id == parts[1]]
            elif len(parts) == 3 and parts[:2] == [pack.id, topic.id]:
                matches += [(pack, topic, e) for e in topic.elements if e.id == parts[2]]
    return matches


def all_rule_ids(found: "PackSet") -> list[str]:
    ids = []
    for pack in found.packs.values():
        for topic in pack.topics:
            ids.append(f"{pack.id}/{topic.id}")
            ids += [f"{pack.id}/{topic.id}/{e.id}" for e in topic.elements]
    return ids


def _names(waiver: "Waiver", pack: "Pack", topic: "Topic", element: "Element | None") -> bool:
    """Does ``waiver`` name this topic (or this element, or the element's whole topic)?"""
    if waiver.topic != topic.id or (waiver.pack and waiver.pack != pack.id):
        return False
    return waiver.element is None or (element is not None and waiver.element == element.id)


def config_state(config: "Config", configured_packs: list[str], pack: "Pack", topic: "Topic", element: "Element | None") -> dict[str, Any]:
    """How the configuration treats this rule: selected, disabled, severity, waivers."""
    keys = {topic.id, f"{pack.id}/{topic.id}"}
    severity = topic.severity.value
    origin = f"{pack.path}" + (f":{topic.line}" if topic.line else "")
    for key in sorted(config.severity, key=lambda k: "/" in k):  # pack/topic beats topic, as in the engine
        if key in keys:
            severity = config.severity[key].value
            origin = config.origins.get("severity", "config")
    return {
        "config_file": str(config.path) if config.path else None,
        "pack_selected": pack.id in configured_packs,
        "disabled": bool(keys & set(config.disable)),
        "severity_when_missing": severity,
        "severity_origin": origin,
        "waivers": [w.to_dict() for w in config.waivers if _names(w, pack, topic, element)],
    }


def rule_data(pack: "Pack", topic: "Topic", element: "Element | None") -> dict[str, Any]:
    """The rule's own explanation, from its YAML."""
    def sources(citations: tuple[str, ...]) -> list[dict[str, str | None]]:
        return [
            {"citation": c, "text": pack.cite(c), "url": pack.sources.get(c.split(" ", 1)[0], {}).get("url")}
            for c in citations
        ]

    if element is None:
        return {
            "id": f"{pack.id}/{topic.id}", "kind": "topic", "title": topic.title, "pack": pack.id,
            "description": topic.description, "rationale": topic.rationale, "sources": sources(topic.sources),
            "severity": topic.severity.value, "weak_severity": topic.weak_severity.value,
            "headings": list(topic.headings), "mentions": [p.text for p in topic.mentions],
            "min_mentions": topic.min_mentions, "needed": topic.needed, "required": len(topic.required_elements),
            "elements": [
                {"id": e.id, "title": e.title, "kind": e.kind, "required": e.required,
                 "compliant_example": (e.examples.get("present") or [None])[0]}
                for e in topic.elements
            ],
            "defined_at": f"{pack.path}:{topic.line}" if topic.line else pack.path,
        }
    return {
        "id": f"{pack.id}/{topic.id}/{element.id}", "kind": f"element ({element.kind})", "title": element.title,
        "pack": pack.id, "topic": topic.id, "topic_title": topic.title, "required": element.required,
        "scope": element.scope, "description": element.description, "rationale": element.rationale,
        "sources": sources(element.sources),
        "match": [[p.text for p in group] for group in element.match],
        "exclude": [p.text for p in element.exclude],
        "accept_hedges": list(element.accept_hedges), "weak_hedges": list(element.weak_hedges),
        "ok_exceptions": list(element.ok_exceptions), "bad_exceptions": list(element.bad_exceptions),
        "examples": {k: list(v) for k, v in element.examples.items()},
        "defined_at": f"{pack.path}:{element.line}" if element.line else pack.path,
        **({"statute": {
            "citation": element.citation, "effective": element.effective.isoformat() if element.effective else None,
            "amended_by": element.amended_by, "not_verified": element.effective_note,
        }} if element.citation else {}),
    }


def document_data(doc: "DocumentResult", pack: "Pack", topic: "Topic", element: "Element | None") -> dict[str, Any]:
    """Why ``doc`` got its status for this rule: the status, the reason and the deciding sentences."""
    out: dict[str, Any] = {"path": doc.path, "readable": bool(doc.coverage)}
    if not doc.coverage:
        out["diagnostics"] = [d.to_dict() for d in doc.diagnostics]
        return out
    coverage = next((c for c in doc.coverage if c.pack == pack.id and c.topic == topic.id), None)
    if coverage is None:
        out["status"] = "not checked (disabled by the configuration)"
        return out
    rule = f"{pack.id}/{topic.id}" + (f"/{element.id}" if element else "")
    findings = [f.to_dict() for f in doc.findings if f.rule == rule or (element is None and f.rule.startswith(rule + "/"))]
    if element is None:
        out.update(
            status=coverage.status.value, reason=coverage.reason, sections=list(coverage.sections),
            mentions=coverage.mentions, first_page=coverage.first_page, first_line=coverage.first_line,
            waiver=coverage.waiver.to_dict() if coverage.waiver else None,
            elements=[
                {"id": e.id, "status": e.status.value, "reason": e.reason,
                 "evidence": [ev.to_dict() for ev in e.evidence[:1]]}
                for e in coverage.elements
            ],
        )
    else:
        judged = next((e for e in coverage.elements if e.id == element.id), None)
        out.update(
            topic_status=coverage.status.value, topic_reason=coverage.reason,
            status=judged.status.value if judged else "not judged",
            reason=judged.reason if judged else "",
            evidence=[ev.to_dict() for ev in judged.evidence] if judged else [],
            waiver=(judged.waiver or coverage.waiver).to_dict() if judged and (judged.waiver or coverage.waiver) else None,
        )
    out["findings"] = findings
    return out


# ----------------------------------------------------------------------------- text rendering


def _where(ev: dict[str, Any]) -> str:
    from ..report.presentation import cite

    return cite(ev.get("page"), ev.get("section"), ev.get("line"), ev.get("paragraph"))


def render_text(entry: dict[str, Any]) -> str:
    rule, state, doc = entry["rule"], entry["config"], entry.get("document")
    lines = [f"{rule['id']}: {rule['title']} [{rule['kind']}]", f"  defined in {rule['defined_at']}"]
    if rule.get("description"):
        lines += ["", "What it checks", f"  {rule['description']}"]
    if rule.get("rationale"):
        lines += ["", "Why it matters", f"  {rule['rationale']}"]
    lines += ["", "How it is judged"]
    if rule["kind"] == "topic":
        lines.append(f"  covered when {rule['needed']} of {rule['required']} required elements are written as binding rules;")
        lines.append(f"  missing when there is no section on it, no element and fewer than {rule['min_mentions']} mentions;")
        lines.append("  otherwise weak.")
        if rule["headings"]:
            lines.append(f"  sections recognised by headings like: {', '.join(rule['headings'])}")
        lines.append(f"  severity: {rule['severity']} when missing, {rule['weak_severity']} when weak")
        lines.append("  elements:")
        for e in rule["elements"]:
            opt = "" if e["required"] else ", optional"
            lines.append(f"    {rule['id']}/{e['id']} ({e['kind']}{opt}): {e['title']}")
    else:
        groups = " AND ".join("(" + " | ".join(g) + ")" for g in rule["match"])
        lines.append(f"  a sentence is a candidate when it contains: {groups}")
        lines.append(f"  scope: {rule['scope']}; {'required' if rule['required'] else 'optional (never makes the topic weak)'}")
        for key, label in (("accept_hedges", "hedges the standard allows"), ("weak_hedges", "extra hedges that weaken it"),
                           ("ok_exceptions", "exceptions that keep the rule"), ("bad_exceptions", "exceptions that swallow it"),
                           ("exclude", "sentences never counted when they contain")):
            if rule[key]:
                lines.append(f"  {label}: {', '.join(rule[key])}")
        if rule.get("statute"):
            law = rule["statute"]
            lines.append(f"  statute: {law['citation']}, in force since {law['effective']}" + (f" (added by {law['amended_by']})" if law["amended_by"] else ""))
            if law["not_verified"]:
                lines.append(f"  not verified: {law['not_verified']}")
    if rule["sources"]:
        lines += ["", "Sources"]
        lines += [f"  - {s['text']}" + (f" <{s['url']}>" if s["url"] else "") for s in rule["sources"]]
    examples = rule.get("examples") or {}
    if rule["kind"] == "topic":
        examples = {"present": [e["compliant_example"] for e in rule["elements"] if e["compliant_example"]]}
    for bucket, title in (("present", "Compliant wording"), ("hedged", "Weak wording"), ("absent", "Does not satisfy it"),
                          ("contradicted", "Contradicts the statute")):
        if examples.get(bucket):
            lines += ["", title] + [f"  \u201c{s}\u201d" for s in examples[bucket]]
    lines += ["", "In this configuration"]
    lines.append(f"  config: {state['config_file'] or 'none found (defaults)'}")
    lines.append(f"  pack {rule['pack']}: {'selected' if state['pack_selected'] else 'not selected (add it with --pack or packs:)'}")
    if state["disabled"]:
        lines.append("  disabled by the config's disable: list")
    lines.append(f"  severity when missing: {state['severity_when_missing']} (from {state['severity_origin']})")
    for waiver in state["waivers"]:
        lines.append(f"  waived: {waiver['reason']} ({waiver['source']}" + (f", expires {waiver['expires']}" if waiver["expires"] else "") + ")")
    if doc is not None:
        lines += ["", f"In {doc['path']}"]
        lines += _document_lines(doc)
    return "\n".join(lines) + "\n"


def _document_lines(doc: dict[str, Any]) -> list[str]:
    if not doc["readable"]:
        return ["  could not be read:"] + [f"    {d['code']}: {d['message']}" for d in doc.get("diagnostics", [])]
    lines = [f"  status: {doc['status']}" + (f" - {doc['reason']}" if doc.get("reason") else "")]
    if "topic_status" in doc:
        lines.append(f"  topic: {doc['topic_status']} - {doc['topic_reason']}")
        for ev in doc["evidence"]:
            lines.append(f"  \u201c{ev['text']}\u201d ({_where(ev)}; {ev['modality'] or 'plain'}" + (f", hedge: {ev['hedge']}" if ev.get("hedge") else "") + ")")
        if not doc["evidence"]:
            lines.append("  no sentence in the document matches its patterns")
    elif "elements" in doc:
        if doc["sections"]:
            lines.append(f"  sections: {'; '.join(doc['sections'])}")
        lines.append(f"  mentions: {doc['mentions']}")
        for e in doc["elements"]:
            lines.append(f"  {e['id']}: {e['status']} - {e['reason']}")
            for ev in e["evidence"]:
                lines.append(f"      \u201c{ev['text']}\u201d ({_where(ev)})")
    if doc.get("waiver"):
        lines.append(f"  waived: {doc['waiver']['reason']} ({doc['waiver']['source']})")
    for finding in doc.get("findings", []):
        state = "waived" if finding["waived"] else finding["severity"]
        lines.append(f"  finding [{state}] {finding['rule']}: {finding['message']} (fingerprint {finding['fingerprint'][:12]})")
    return lines


# ----------------------------------------------------------------------------- command


@click.command()
@click.argument("rule_id", metavar="ID")
@click.option("--document", "document", type=click.Path(), default=None, help="Also explain the status FILE got for this rule.")
@click.option("--rules", "rules", multiple=True, metavar="DIR", type=click.Path(), help="Extra folder (or file) of rule packs.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Config file (skips discovery).")
@click.option("--waivers-file", type=click.Path(dir_okay=False), default=None, help="Waivers file (default: .policylint-waivers.yaml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@quiet_option()
def explain(
    rule_id: str, document: str | None, rules: tuple[str, ...], config_path: str | None, waivers_file: str | None, fmt: str,
    quiet: bool,
) -> None:
    """Explain a topic or element: what it checks, why, its sources and example wording.

    ID is TOPIC, PACK/TOPIC, PACK/TOPIC/ELEMENT (the rule id on every finding) or
    TOPIC/ELEMENT. With --document FILE, also why FILE got its status. Exit 2 for an
    unknown ID, config or rule errors, or an unreadable document.
    """
    from ..api import lint_documents, plan_run, resolve_packs
    from ..config import ConfigError
    from ..rulebook import RuleError, load_packs
    from ..workflow.waivers import with_run_waivers
    from .check import _problems_exit, load_run_config
    from .progress import RunProgress, progress_wanted

    config = load_run_config(config_path, None)
    extra = list(config.rules) + [Path(r) for r in rules]
    try:
        found = load_packs(extra)
        config = with_run_waivers(config, [document] if document else [], waivers_file=waivers_file)
        configured = [p.id for p in resolve_packs(config, None, [Path(r) for r in rules])]
    except RuleError as exc:
        _problems_exit(exc.problems, "rule pack error")
    except ConfigError as exc:
        _problems_exit(exc.problems, "configuration error")
    matches = find_rules(found, rule_id)
    if not matches:
        close = difflib.get_close_matches(rule_id, all_rule_ids(found), n=5, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}" if close else " (see `policylint rules list`)"
        click.echo(f"policylint: no topic or element '{rule_id}'{hint}", err=True)
        sys.exit(2)
    entries = [
        {"rule": rule_data(p, t, e), "config": config_state(config, configured, p, t, e)} for p, t, e in matches
    ]
    code = 0
    if document:
        wanted = configured + [p.id for p, _, _ in matches if p.id not in configured]
        with RunProgress(enabled=progress_wanted(quiet=quiet)) as progress:
            progress.step("loading rule packs")
            try:
                plan = plan_run(packs=wanted, config=config, rules=[Path(r) for r in rules])
            except (RuleError, ConfigError) as exc:
                _problems_exit(exc.problems, "configuration error")
            doc = lint_documents([Path(document)], plan, progress=progress.for_documents(1)).documents[0]
        for entry, (p, t, e) in zip(entries, matches):
            entry["document"] = document_data(doc, p, t, e)
        code = 0 if doc.coverage else 2
    if fmt == "json":
        click.echo(indented_json(entries if len(entries) > 1 else entries[0]), nl=False)
    else:
        click.echo("\n".join(render_text(entry) for entry in entries), nl=False)
    sys.exit(code)
