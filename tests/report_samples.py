"""A hand-built, realistic LintResult for reporter tests and goldens.

It exercises what every reporter must handle: covered, weak, missing and waived
topics; present, hedged, absent and waived elements with evidence; a document with a
page that has no text layer; an unreadable (encrypted) document; a Markdown document
without page numbers; and document text that tries to inject markup (``<script>``,
``|``, backticks) or carries characters that need escaping in annotations and XML
(``%``, ``,``, ``:``, newlines, a form feed). All wording here is our own.
"""

from __future__ import annotations

from policylint.model import Diagnostic, DiagnosticCode
from policylint.results import (
    DocumentResult,
    ElementCoverage,
    ElementStatus,
    Evidence,
    Finding,
    LintResult,
    PackInfo,
    Severity,
    TopicCoverage,
    TopicStatus,
    Waiver,
)

__all__ = ["sample_result", "SAMPLE_VERSION", "HOSTILE_TEXT"]

SAMPLE_VERSION = "9.9.9-sample"

#: Document text that must never become live markup in any report.
HOSTILE_TEXT = (
    "Officers shall attempt to calm the situation: time, distance, and cover\n"
    "(100% of the time) <script>alert(1)</script> | see `Annex` *B*\x0c"
)

#: A shipped pack's reference page (the core pack is "bundled"; 8cantwait stands for a user's own pack).
CORE_DOCS = "https://example.org/policylint/blob/v1.0.0/docs/rules/core.md"

A = "manuals/riverton_pd_manual.pdf"
B = "manuals/lakeside_general_orders.md"
C = "manuals/scanned_orders.pdf"

WAIVER = Waiver(
    topic="exhaust-alternatives",
    pack="8cantwait",
    reason="State statute 12-4 already sets this duty; the department adopts it by reference.",
    document="manuals/riverton_*",
    approved_by="Chief A. Moreno",
    expires="2026-12-31",
    source="policylint.toml:14",
)


def _ev(text: str, page: int | None, section: str | None, line: int | None, modality: str, hedge: str | None = None,
        in_topic: bool = True) -> Evidence:
    return Evidence(text=text, page=page, section=section, line=line, modality=modality, hedge=hedge,
                    in_topic_section=in_topic)


def _riverton() -> DocumentResult:
    intervene = TopicCoverage(
        pack="8cantwait", topic="duty-to-intervene", title="Duty to intervene", status=TopicStatus.COVERED,
        severity=Severity.ERROR, sections=("300.3 Duty to Intercede",), first_page=41, first_line=3, mentions=6,
        reason="dedicated section; 2 of 2 required elements present",
        elements=(
            ElementCoverage(
                id="intervene", title="Officers must intervene", status=ElementStatus.PRESENT,
                reason="binding mandate in the topic's own section",
                evidence=(_ev("A member who sees a colleague apply force beyond what the moment demands shall step "
                              "in to stop it.", 41, "300.3 Duty to Intercede", 3, "binding"),),
            ),
            ElementCoverage(
                id="report", title="Intervention is reported", status=ElementStatus.PRESENT,
                reason="binding mandate in the topic's own section",
                evidence=(_ev("The member who stepped in shall tell a supervisor before the end of the shift.",
                              41, "300.3 Duty to Intercede", 9, "binding"),),
            ),
        ),
    )
    chokeholds = TopicCoverage(
        pack="8cantwait", topic="ban-chokeholds", title="Ban chokeholds and strangleholds", status=TopicStatus.WEAK,
        severity=Severity.ERROR, sections=("300.4 Neck Restraints",), first_page=43, first_line=1, mentions=4,
        reason="the ban is written with an exception that swallows it",
        elements=(
            ElementCoverage(
                id="ban", title="Chokeholds are prohibited", status=ElementStatus.HEDGED,
                reason="prohibition swallowed by an exception",
                evidence=(_ev("Neck holds are not to be used, except where the officer judges it necessary.", 43,
                              "300.4 Neck Restraints", 5, "exception", hedge="except where the officer judges it "
                              "necessary"),),
            ),
        ),
    )
    warning = TopicCoverage(
        pack="8cantwait", topic="warn-before-shooting", title="Require a warning before shooting",
        status=TopicStatus.MISSING, severity=Severity.ERROR, mentions=0,
        reason="no dedicated section, no element evidence, 0 mentions (needs 2)",
        elements=(
            ElementCoverage(id="verbal-warning", title="Verbal warning where feasible", status=ElementStatus.ABSENT,
                            reason="no candidate sentence"),
        ),
    )
    alternatives = TopicCoverage(
        pack="8cantwait", topic="exhaust-alternatives", title="Exhaust alternatives before deadly force",
        status=TopicStatus.WAIVED, severity=Severity.ERROR, mentions=1, waiver=WAIVER,
        reason="waived: " + WAIVER.reason,
        elements=(
            ElementCoverage(id="alternatives", title="Alternatives exhausted first", status=ElementStatus.WAIVED,
                            reason="waived", waiver=WAIVER),
        ),
    )
    deescalation = TopicCoverage(
        pack="core", topic="de-escalation", title="De-escalation", status=TopicStatus.WEAK,
        severity=Severity.ERROR, sections=("300.2 De-Escalation",), first_page=40, first_line=12, mentions=5,
        reason="1 of 2 required elements present (needs 2)",
        elements=(
            ElementCoverage(
                id="require-attempt", title="De-escalation is required when safe", status=ElementStatus.PRESENT,
                reason="binding mandate in the topic's own section",
                evidence=(_ev(HOSTILE_TEXT, 40, "300.2 De-Escalation", 14, "binding"),),
            ),
            ElementCoverage(
                id="training", title="Training in de-escalation", status=ElementStatus.ABSENT,
                reason="no candidate sentence",
            ),
        ),
    )
    cameras = TopicCoverage(
        pack="core", topic="body-cameras", title="Body-worn cameras", status=TopicStatus.COVERED,
        severity=Severity.WARNING, sections=("450 Body-Worn Cameras",), first_page=120, first_line=1, mentions=9,
        reason="dedicated section; 1 of 1 required elements present",
        elements=(
            ElementCoverage(
                id="activation", title="When recording starts", status=ElementStatus.PRESENT,
                reason="binding mandate in the topic's own section",
                evidence=(_ev("Members shall start recording before arriving at any call for service.", 121,
                              "450.4 Activation", 2, "binding"),),
            ),
            ElementCoverage(
                id="retention", title="Retention schedule", status=ElementStatus.HEDGED, required=False,
                reason="hedged: 'as appropriate'",
                evidence=(_ev("Recordings should be kept as appropriate.", 123, "450.7 Storage", 6, "hedged",
                              hedge="as appropriate"),),
            ),
        ),
    )
    findings = (
        Finding(rule="8cantwait/warn-before-shooting", pack="8cantwait", topic="warn-before-shooting", element=None,
                status="missing", severity=Severity.ERROR,
                message="Topic 'Require a warning before shooting' is missing.", page=None, section=None,
                fingerprint="fp-warn-missing"),
        Finding(rule="8cantwait/ban-chokeholds", pack="8cantwait", topic="ban-chokeholds", element=None,
                status="weak", severity=Severity.WARNING,
                message="Topic 'Ban chokeholds and strangleholds' is weak: the ban is written with an exception "
                        "that swallows it.",
                page=43, section="300.4 Neck Restraints", line=1, fingerprint="fp-choke-weak"),
        Finding(rule="8cantwait/ban-chokeholds/ban", pack="8cantwait", topic="ban-chokeholds", element="ban",
                status="hedged", severity=Severity.WARNING,
                message="Element 'Chokeholds are prohibited' is hedged: prohibition swallowed by an exception.",
                page=43, section="300.4 Neck Restraints", line=5,
                evidence="Neck holds are not to be used, except where the officer judges it necessary.",
                fingerprint="fp-choke-ban"),
        Finding(rule="core/de-escalation", pack="core", topic="de-escalation", element=None, status="weak",
                severity=Severity.WARNING, message="Topic 'De-escalation' is weak: 1 of 2 required elements present.",
                page=40, section="300.2 De-Escalation", line=12, fingerprint="fp-deesc-weak"),
        Finding(rule="core/de-escalation/training", pack="core", topic="de-escalation", element="training",
                status="absent", severity=Severity.ERROR,
                message="Element 'Training in de-escalation' is absent, 50% done: see 300.2, 300.9.",
                page=40, section="300.2 De-Escalation", line=None, fingerprint="fp-deesc-training",
                essential=True, help_url=CORE_DOCS + "#core-de-escalation-training"),
        Finding(rule="8cantwait/exhaust-alternatives", pack="8cantwait", topic="exhaust-alternatives", element=None,
                status="waived", severity=Severity.ERROR,
                message="Topic 'Exhaust alternatives before deadly force' is waived.", page=None, section=None,
                fingerprint="fp-alt-waived", waived=True, waiver_reason=WAIVER.reason),
    )
    return DocumentResult(
        path=A, format="pdf", pages=212, sha256="3f" * 32, agency="Riverton Police Department",
        diagnostics=(
            Diagnostic(code=DiagnosticCode.NO_TEXT_LAYER.value,
                       message="pages 17-18 have no text layer (scanned images); their text was not checked",
                       path=A, page=17, page_end=18, severity="error"),
        ),
        coverage=(intervene, chokeholds, warning, alternatives, deescalation, cameras),
        findings=findings,
    )


def _lakeside() -> DocumentResult:
    intervene = TopicCoverage(
        pack="8cantwait", topic="duty-to-intervene", title="Duty to intervene", status=TopicStatus.WEAK,
        severity=Severity.ERROR, sections=(), first_line=88, mentions=2,
        reason="only hedged language: 'should'",
        elements=(
            ElementCoverage(
                id="intervene", title="Officers must intervene", status=ElementStatus.HEDGED,
                reason="permissive language ('should')",
                evidence=(_ev("Staff should step in | when they can.", None, "4.2 Conduct & \"Ethics\"", 88,
                              "permissive", hedge="should", in_topic=False),),
            ),
            ElementCoverage(id="report", title="Intervention is reported", status=ElementStatus.ABSENT,
                            reason="no candidate sentence"),
        ),
    )
    chokeholds = TopicCoverage(
        pack="8cantwait", topic="ban-chokeholds", title="Ban chokeholds and strangleholds", status=TopicStatus.COVERED,
        severity=Severity.ERROR, sections=("5 Restraint",), first_line=120, mentions=3,
        reason="dedicated section; 1 of 1 required elements present",
        elements=(
            ElementCoverage(
                id="ban", title="Chokeholds are prohibited", status=ElementStatus.PRESENT,
                reason="prohibition in the topic's own section",
                evidence=(_ev("No member shall apply pressure to the front of a person's neck.", None, "5 Restraint",
                              124, "prohibition"),),
            ),
        ),
    )
    warning = TopicCoverage(
        pack="8cantwait", topic="warn-before-shooting", title="Require a warning before shooting",
        status=TopicStatus.MISSING, severity=Severity.ERROR, mentions=1,
        reason="no dedicated section, no element evidence, 1 mention (needs 2)",
        elements=(
            ElementCoverage(id="verbal-warning", title="Verbal warning where feasible", status=ElementStatus.ABSENT,
                            reason="no candidate sentence"),
        ),
    )
    alternatives = TopicCoverage(
        pack="8cantwait", topic="exhaust-alternatives", title="Exhaust alternatives before deadly force",
        status=TopicStatus.MISSING, severity=Severity.ERROR, mentions=0,
        reason="no dedicated section, no element evidence, 0 mentions (needs 2)",
        elements=(
            ElementCoverage(id="alternatives", title="Alternatives exhausted first", status=ElementStatus.ABSENT,
                            reason="no candidate sentence"),
        ),
    )
    findings = (
        Finding(rule="8cantwait/warn-before-shooting", pack="8cantwait", topic="warn-before-shooting", element=None,
                status="missing", severity=Severity.ERROR,
                message="Topic 'Require a warning before shooting' is missing.", page=None, section=None,
                fingerprint="fp-b-warn"),
        Finding(rule="8cantwait/exhaust-alternatives", pack="8cantwait", topic="exhaust-alternatives", element=None,
                status="missing", severity=Severity.ERROR,
                message="Topic 'Exhaust alternatives before deadly force' is missing.", page=None, section=None,
                fingerprint="fp-b-alt"),
        Finding(rule="8cantwait/duty-to-intervene/intervene", pack="8cantwait", topic="duty-to-intervene",
                element="intervene", status="hedged", severity=Severity.WARNING,
                message="Element 'Officers must intervene' is hedged: permissive language ('should').",
                page=None, section="4.2 Conduct & \"Ethics\"", line=88,
                evidence="Staff should step in | when they can.", fingerprint="fp-b-int"),
        Finding(rule="8cantwait/duty-to-intervene/report", pack="8cantwait", topic="duty-to-intervene",
                element="report", status="absent", severity=Severity.WARNING,
                message="Element 'Intervention is reported' is absent.", page=None, section=None,
                fingerprint=""),  # no engine fingerprint: reporters must still emit a stable one
    )
    return DocumentResult(
        path=B, format="markdown", pages=None, sha256="a1" * 32, agency=None,
        diagnostics=(
            Diagnostic(code=DiagnosticCode.FORMAT_MISMATCH.value,
                       message="file ends in .md but holds HTML markup; read as Markdown", path=B, severity="warning"),
        ),
        coverage=(intervene, chokeholds, warning, alternatives), findings=findings,
    )


def _scanned() -> DocumentResult:
    return DocumentResult(
        path=C, format="pdf", pages=None, sha256=None,
        diagnostics=(
            Diagnostic(code=DiagnosticCode.ENCRYPTED.value,
                       message="the PDF is encrypted and cannot be opened without a password", path=C),
        ),
    )


def sample_result(version: str = SAMPLE_VERSION) -> LintResult:
    """The sample run: three documents, two packs, one waiver, one run-level problem."""
    return LintResult(
        documents=(_riverton(), _lakeside(), _scanned()),
        packs=(
            PackInfo(id="8cantwait", title="8 Can't Wait", version="1.2.0", path="rules/8cantwait.yaml"),
            PackInfo(id="core", title="Core required topics", version="1.0.0",
                     path="/usr/lib/python3/site-packages/policylint/_packs/core.yaml", bundled=True, docs_url=CORE_DOCS),
        ),
        tool_version=version,
        waivers=(WAIVER,),
        problems=(
            Diagnostic(code="PL201", message="waiver for core/records-retention matched no topic",
                       path="policylint.toml", severity="warning"),
        ),
    )
