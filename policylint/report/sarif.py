"""SARIF 2.1.0 output for code-scanning tools (GitHub code scanning in particular).

What GitHub requires and why the choices below (see docs/ci.md and the SARIF support page):
- one run; ``tool.driver`` with name, version, semanticVersion, informationUri (the
  project's home, from ``[project.urls]``) and one rule per rule id that appears
  (``pack/topic``, ``pack/topic/element``, ``policylint/input/PLxxx`` for reading
  problems, ``policylint/run/PLxxx`` for waiver problems), each with a ``helpUri`` to its
  reference page when its pack ships with policylint;
- every result has a location whose URI is relative to the repository root (percent-
  encoded, never absolute, never with a ``:line`` in it) and a region with ``startLine``,
  which GitHub requires. The region means what it says for each format: for Markdown, text
  and HTML it is the line of the file; a PDF or DOCX has no file lines, so the region is the
  document's start (line 1) and the page and line on the page (or the DOCX paragraph) are
  in ``region.properties`` and ``properties``. A missing topic has no line of its own: it
  is at document level (line 1, ``properties.documentLevel``);
- ``partialFingerprints`` carry the engine's line-independent fingerprint so alerts do
  not close and reopen when text moves;
- ``automationDetails`` only when a category is asked for (``--sarif-category``): otherwise
  the uploader's own category (the Action's ``sarif-category``) applies;
- waived findings stay in the log with an external suppression and its justification.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__ as _package_version
from ..jsontext import indented_json
from ..links import docs_page_url, home_url
from ..model import Diagnostic
from ..results import DocumentResult, Finding, LintResult, PackInfo, Severity
from . import RenderOptions
from .presentation import (
    diagnostic_name,
    diagnostic_rule_id,
    finding_location,
    fingerprint_of,
    one_line,
    page_span,
    relative_path,
    rule_titles,
    split_source,
    text_line,
)

__all__ = ["render", "build_log", "SARIF_SCHEMA_URI", "artifact_uri"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "policylint/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: LintResult, options: RenderOptions) -> str:
    return indented_json(build_log(result, options))


def build_log(result: LintResult, options: RenderOptions) -> dict[str, object]:
    """The SARIF log as plain data (tests validate this against the official schema)."""
    rules: dict[str, dict[str, object]] = {}
    results: list[dict[str, object]] = []
    titles = rule_titles(result)
    levels = _topic_levels(result)
    packs = {p.id: p for p in result.packs}
    for doc in result.documents:
        uri = artifact_uri(doc.path, options)
        for diagnostic in doc.diagnostics:
            rule_id = diagnostic_rule_id(diagnostic)
            rules.setdefault(rule_id, _diagnostic_rule(rule_id, diagnostic))
            results.append(_diagnostic_result(diagnostic, uri, list(rules).index(rule_id), rule_id))
        for finding in doc.findings:
            rules.setdefault(finding.rule, _finding_rule(finding, titles, packs, levels))
            results.append(_finding_result(finding, doc, uri, list(rules).index(finding.rule)))
    for problem in result.problems:
        rule_id = f"policylint/run/{problem.code}"
        rules.setdefault(rule_id, _run_rule(rule_id, problem))
        source, line = split_source(problem.path)  # a waiver's "file:line": the line is a region
        results.append(_diagnostic_result(problem, artifact_uri(source, options), list(rules).index(rule_id), rule_id,
                                          line=line))

    driver: dict[str, object] = {
        "name": "policylint",
        "version": result.tool_version,
        "semanticVersion": _semantic(result.tool_version),
        "informationUri": home_url(),
        "rules": list(rules.values()),
    }
    run: dict[str, object] = {"tool": {"driver": driver}}
    if options.sarif_category:
        # Category only (trailing slash): GitHub keeps one analysis per category.
        run["automationDetails"] = {"id": options.sarif_category.rstrip("/") + "/"}
    run.update({
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "packs": [{"id": p.id, "title": p.title, "version": p.version, "bundled": p.bundled} for p in result.packs],
            "baselineSuppressed": result.baseline_suppressed,
        },
    })
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def artifact_uri(path: str, options: RenderOptions) -> str:
    """A URI reference relative to the repository root: POSIX separators, percent-encoded."""
    return quote(relative_path(path, options.root), safe="/")


def _semantic(version: str) -> str:
    """The package version when the record's version is not semver-like (it always should be)."""
    head = version.split("+")[0]
    parts = head.split("-")[0].split(".")
    return version if len(parts) == 3 and all(p.isdigit() for p in parts) else _package_version


def _topic_levels(result: LintResult) -> dict[str, str]:
    """topic rule id -> level of its severity when missing (the rule's default level)."""
    return {f"{t.pack}/{t.topic}": _LEVEL[t.severity] for d in result.documents for t in d.coverage}


def _finding_rule(finding: Finding, titles: dict[str, str], packs: dict[str, PackInfo],
                  levels: dict[str, str]) -> dict[str, object]:
    """The reportingDescriptor of a topic or element rule (helpUri when its pack has a page)."""
    title = titles.get(finding.rule, finding.rule)
    pack = packs.get(finding.pack)
    pack_label = f"{pack.title} {pack.version}" if pack else finding.pack
    topic_title = titles.get(f"{finding.pack}/{finding.topic}", finding.topic)
    if finding.element is None:
        short = f"The manual covers '{title}'."
        full = (f"The policy manual must contain the topic '{title}' from the {pack_label} pack, with its "
                f"required elements written as binding language (shall, must, shall not) in a section of its own.")
        help_text = (f"Add or strengthen a section on '{title}'. A topic is weak when required elements are absent "
                     f"or written only with hedges such as 'when practicable' or 'may'; missing when the manual "
                     f"does not address it. Run `policylint explain {finding.rule}` for the patterns and sources.")
    else:
        element_title = title.split(": ", 1)[-1]
        short = f"'{topic_title}' states '{element_title}' as a binding rule."
        full = (f"Within the topic '{topic_title}' ({pack_label}), the element '{element_title}' must be written "
                f"as a binding mandate or prohibition, without hedges that weaken it and inside the topic's own "
                f"section.")
        help_text = (f"Write '{element_title}' with 'shall', 'must' or 'shall not', and remove qualifiers such as "
                     f"'when practicable' or exceptions that swallow the rule. Run `policylint explain "
                     f"{finding.rule}` for the patterns and sources.")
        if finding.status == "contradicted":
            help_text += (" The manual now permits what the statute bans: remove the permission, or limit it to "
                          "the exceptions the statute itself allows.")
    help_md = f"**{_md(title)}** ({_md(pack_label)})\n\n{_md(help_text)}"
    if finding.help_url:
        help_md += f"\n\n[Rule reference]({finding.help_url})"
    descriptor: dict[str, object] = {
        "id": finding.rule,
        "name": finding.rule.replace("/", "."),
        "shortDescription": {"text": short[:1024]},
        "fullDescription": {"text": full[:1024]},
        "help": {"text": help_text[:1024], "markdown": help_md},
    }
    if finding.help_url:
        descriptor["helpUri"] = finding.help_url
    return descriptor | {
        "defaultConfiguration": {"level": levels.get(finding.rule, _LEVEL[finding.severity])},
        "properties": {
            "tags": ["policy", finding.pack, finding.topic] + ([finding.element] if finding.element else []),
            "precision": "medium",
            "problem.severity": "recommendation" if finding.severity is Severity.INFO else finding.severity.value,
        },
    }


def _md(text: str) -> str:
    """Backslash-escape Markdown emphasis/link characters in rule help."""
    for ch in "\\`*_[]<>":
        text = text.replace(ch, "\\" + ch)
    return text


def _region(finding: Finding, doc: DocumentResult) -> dict[str, object]:
    """``startLine`` is a line of the file for text formats; for PDF/DOCX the document's start,
    with the page and the line on it (or the paragraph) as region properties."""
    file_line = text_line(doc.format, finding.line)
    region: dict[str, object] = {"startLine": file_line or 1}
    where = {key: value for key, value in (
        ("page", finding.page), ("lineOnPage", finding.line if doc.format == "pdf" else None),
    ) if value is not None}
    if file_line is None and where:
        region["properties"] = where
    if finding.evidence:
        region["snippet"] = {"text": one_line(finding.evidence)}
    return region


def _finding_result(finding: Finding, doc: DocumentResult, uri: str, rule_index: int) -> dict[str, object]:
    region = _region(finding, doc)
    where = finding_location(finding)
    text = one_line(finding.message)
    if where != "document level":
        text = f"{text} ({where})"
    elif finding.status == "missing":
        text = f"{text} (document level: no section addresses it)"
    if finding.evidence:
        text = f"{text} Evidence: \"{one_line(finding.evidence)}\""
    out: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": uri}, "region": region},
            **({"logicalLocations": [{"name": one_line(finding.section), "kind": "section"}]}
               if finding.section else {}),
        }],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint_of(finding, uri)},
        "properties": {
            "status": finding.status,
            "page": finding.page,
            **({"lineOnPage": finding.line} if doc.format == "pdf" and finding.line is not None else {}),
            "section": finding.section,
            "pack": finding.pack,
            "topic": finding.topic,
            "element": finding.element,
            "essential": finding.essential,
            "documentLevel": finding.page is None and finding.line is None and finding.section is None,
            **({"agency": doc.agency} if doc.agency else {}),
        },
    }
    if finding.waived:
        out["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": finding.waiver_reason or "waived"}]
    return out


def _diagnostic_rule(rule_id: str, diagnostic: Diagnostic) -> dict[str, object]:
    name = diagnostic_name(diagnostic.code)
    text = f"policylint could not read part of the input ({name.replace('-', ' ')})."
    help_text = ("Text that cannot be read is not checked, so its topics may be reported missing. Provide a "
                 "text-layer PDF (run OCR on scans), an unencrypted copy, or a DOCX/Markdown version.")
    return {
        "id": rule_id,
        "name": f"input.{name}",
        "shortDescription": {"text": text},
        "fullDescription": {"text": f"{text} Problems met while reading are reported, never hidden ({diagnostic.code})."},
        "help": {"text": help_text, "markdown": help_text},
        "helpUri": docs_page_url("reading.md"),
        "defaultConfiguration": {"level": "error" if diagnostic.severity == "error" else "warning"},
        "properties": {"tags": ["input", diagnostic.code]},
    }


def _run_rule(rule_id: str, problem: Diagnostic) -> dict[str, object]:
    text = "A problem with the run's configuration (an unused or expired waiver, a config warning)."
    help_text = "Fix or remove the configuration entry named in the message; `policylint config show` prints it."
    return {
        "id": rule_id,
        "name": f"run.{problem.code.lower()}",
        "shortDescription": {"text": text},
        "fullDescription": {"text": f"{text} ({problem.code})"},
        "help": {"text": help_text, "markdown": help_text},
        "helpUri": docs_page_url("waivers-and-baselines.md"),
        "defaultConfiguration": {"level": "error" if problem.severity == "error" else "warning"},
        "properties": {"tags": ["config", problem.code]},
    }


def _diagnostic_result(diagnostic: Diagnostic, uri: str, rule_index: int, rule_id: str, *,
                       line: int | None = None) -> dict[str, object]:
    where = page_span(diagnostic)
    message = one_line(diagnostic.message)
    if where:
        message = f"{message} ({where})"
    region: dict[str, object] = {"startLine": line or 1}
    if diagnostic.page is not None:
        region["properties"] = {"page": diagnostic.page, **({"pageEnd": diagnostic.page_end} if diagnostic.page_end else {})}
    return {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": "error" if diagnostic.severity == "error" else "warning",
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: f"{diagnostic.code}:{uri}:{diagnostic.page or 0}"},
        "properties": {"status": "unreadable" if diagnostic.severity == "error" else "warning",
                       "code": diagnostic.code, "page": diagnostic.page, "pageEnd": diagnostic.page_end},
    }
