"""Baselines: accept today's findings, report only new ones.

``policylint check --write-baseline FILE`` records every unwaived finding of the run;
``--baseline FILE`` later removes the findings recorded there and counts them in
``LintResult.baseline_suppressed``. Matching is by fingerprint, which the engine builds
from the rule id, the document's file name, the normalised section title and the
normalised evidence sentence (:func:`policylint.engine.findings.fingerprint`), never from
page or line numbers: re-paginating or re-flowing a manual does not reset the baseline,
while rewording the sentence that decided a finding (or a new gap) does show up.

Matching counts fingerprints: two identical findings need two baseline entries, so a
second copy of an accepted gap is still reported. Waived findings are not recorded:
they are already shown as waived and never fail a run.

The file is JSON, sorted so that re-writing it gives a small, reviewable diff::

    {"schema_version": "1", "tool": {"name": "policylint", "version": "..."},
     "findings": [{"fingerprint": "...", "rule": "core/use-of-force/de-escalation",
                   "document": "manual.pdf", "section": "300.4 De-escalation", "status": "hedged"}]}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from ..config import ConfigError
from ..fsio import write_text_atomic
from ..jsontext import indented_json
from ..results import DocumentResult, Finding, LintResult
from ..safeload import LoadError, YamlProblem, load_json, short

__all__ = [
    "BASELINE_SCHEMA_VERSION",
    "BaselineEntry",
    "Baseline",
    "finding_fingerprint",
    "baseline_from_result",
    "write_baseline",
    "baseline_text",
    "load_baseline",
    "apply_baseline",
]

BASELINE_SCHEMA_VERSION = "1"
_ENTRY_KEYS = ("fingerprint", "rule", "document", "section", "status")
#: A broken baseline of a million entries gets the first problems, not a million lines.
_MAX_PROBLEMS = 50


@dataclass(frozen=True, order=True)
class BaselineEntry:
    """One accepted finding. Only ``fingerprint`` matches; the rest is for the people reading the file."""

    document: str
    rule: str
    section: str
    status: str
    fingerprint: str

    @classmethod
    def of(cls, finding: Finding, document: str) -> "BaselineEntry":
        return cls(
            document=PurePath(document).name, rule=finding.rule, section=finding.section or "",
            status=finding.status, fingerprint=finding_fingerprint(finding, document),
        )

    def to_dict(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in _ENTRY_KEYS}


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]
    tool_version: str = ""
    path: str | None = None

    def counts(self) -> Counter[str]:
        return Counter(entry.fingerprint for entry in self.entries)

    def to_dict(self) -> dict[str, object]:
        return {
            "schema_version": BASELINE_SCHEMA_VERSION,
            "tool": {"name": "policylint", "version": self.tool_version},
            "findings": [entry.to_dict() for entry in sorted(self.entries)],
        }


def finding_fingerprint(finding: Finding, document: str) -> str:
    """The engine's fingerprint; computed the same way when a record carries none."""
    if finding.fingerprint:
        return finding.fingerprint
    from ..engine.findings import fingerprint

    return fingerprint(finding.rule, document, finding.section, finding.evidence)


def baseline_from_result(result: LintResult) -> Baseline:
    """Every unwaived finding of ``result`` as a baseline."""
    entries = [
        BaselineEntry.of(finding, doc.path)
        for doc in result.documents
        for finding in doc.findings
        if not finding.waived
    ]
    return Baseline(entries=tuple(sorted(entries)), tool_version=result.tool_version)


def baseline_text(baseline: Baseline) -> str:
    """The file form of a baseline: sorted, stable JSON (the CLI writes it)."""
    return indented_json(baseline.to_dict())


def write_baseline(result: LintResult, path: str | Path) -> Baseline:
    """Write ``result``'s findings to ``path`` (sorted, stable JSON, atomically); return what was written."""
    baseline = baseline_from_result(result)
    write_text_atomic(path, baseline_text(baseline))
    return replace(baseline, path=str(path))


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; ConfigError (exit 2) when it is missing or malformed."""
    name = str(path)

    def fail(message: str) -> ConfigError:
        return ConfigError([YamlProblem(name, None, "", message)])

    try:
        data = load_json(path, what="baseline")
    except LoadError as exc:
        raise ConfigError([exc.problem]) from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise fail("not a policylint baseline: expected an object with a 'findings' list")
    if data.get("schema_version") not in (BASELINE_SCHEMA_VERSION, int(BASELINE_SCHEMA_VERSION)):
        raise fail(
            f"baseline schema_version {short(data.get('schema_version'))} is not supported "
            f"(expected {BASELINE_SCHEMA_VERSION!r}); re-create it with --write-baseline"
        )
    entries = []
    problems = []
    for index, item in enumerate(data["findings"]):
        if len(problems) >= _MAX_PROBLEMS:
            break
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str) or not item["fingerprint"]:
            problems.append(YamlProblem(name, None, f"findings[{index}]", "each entry needs a 'fingerprint' string"))
            continue
        wrong = [key for key in _ENTRY_KEYS[1:] if not isinstance(item.get(key, ""), (str, type(None)))]
        if wrong:
            problems.append(YamlProblem(name, None, f"findings[{index}].{wrong[0]}", "must be a string"))
            continue
        entries.append(
            BaselineEntry(
                document=item.get("document") or "", rule=item.get("rule") or "",
                section=item.get("section") or "", status=item.get("status") or "",
                fingerprint=item["fingerprint"],
            )
        )
    if problems:
        raise ConfigError(problems)
    tool = data.get("tool")
    version = tool.get("version", "") if isinstance(tool, dict) else ""
    version = version if isinstance(version, str) else ""
    return Baseline(entries=tuple(entries), tool_version=version, path=name)


def apply_baseline(result: LintResult, baseline: Baseline) -> LintResult:
    """``result`` without the findings recorded in ``baseline``, counting what was removed.

    Coverage is left as judged (it is the truth about the document); only the findings,
    which drive the exit code and the CI formats, are filtered. The fingerprints removed
    are listed in ``extra["baseline"]`` so a reporter can mark or hide baselined items.
    """
    remaining = baseline.counts()
    suppressed: list[str] = []
    documents: list[DocumentResult] = []
    for doc in result.documents:
        kept: list[Finding] = []
        for finding in doc.findings:
            key = finding_fingerprint(finding, doc.path)
            if not finding.waived and remaining[key] > 0:
                remaining[key] -= 1
                suppressed.append(key)
                continue
            kept.append(finding)
        documents.append(replace(doc, findings=tuple(kept)) if len(kept) != len(doc.findings) else doc)
    extra = dict(result.extra)
    extra["baseline"] = {
        "path": baseline.path,
        "suppressed": len(suppressed),
        "suppressed_fingerprints": sorted(suppressed),
        # entries that matched nothing: gaps fixed since the baseline was written
        "stale": sum(remaining.values()),
    }
    return replace(
        result, documents=tuple(documents), baseline_suppressed=result.baseline_suppressed + len(suppressed), extra=extra
    )
