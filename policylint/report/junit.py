"""JUnit XML for CI dashboards: one testcase per document x topic.

Layout: ``<testsuites>`` holding a ``<testsuite>`` per document and pack. Each testcase
is named after the topic title, classname ``policylint.<pack>.<document>``. A topic fails
(``<failure>``, with the element detail) exactly when the run's exit code would fail on
it: it has an unwaived finding at or above ``--fail-on`` (docs/severity.md). A weak topic
whose findings are all below the threshold passes, its findings listed in
``<system-out>``; waived topics are ``<skipped>`` (with the reason). An unreadable document
(or one with pages that could not be read) gets an ``<error>`` testcase, so dashboards never
show it green; reading warnings get a testcase that fails like a finding of that severity.
Run-level problems (expired, unused or idle waivers) get a ``policylint run`` suite the same way.

The XML is built with ElementTree, which escapes markup; characters XML 1.0 cannot hold
at all (form feeds from PDF text, other control characters) are dropped first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from ..model import Diagnostic
from ..results import DocumentResult, LintResult, Severity, TopicCoverage
from . import RenderOptions
from .presentation import cite, error_diagnostics, is_unreadable, one_line, page_span, relative_path

__all__ = ["render", "xml_safe"]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    """Text with the characters XML 1.0 forbids removed."""
    return _INVALID_XML.sub("", text or "")


def render(result: LintResult, options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="policylint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suites: list[ET.Element] = []
    for doc in result.documents:
        suites += _suites(doc, relative_path(doc.path, options.root), options.fail_on)
    if result.problems:
        suites.append(_run_suite(result, options))
    for suite in suites:
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _doc_id(path: str) -> str:
    """The document part of a classname: the file stem, dots made safe for Java-style names."""
    stem = PurePosixPath(path).stem or path
    return re.sub(r"[^A-Za-z0-9_-]+", "_", stem)


def _suites(doc: DocumentResult, path: str, fail_on: str) -> list[ET.Element]:
    suites: list[ET.Element] = []
    errors = error_diagnostics(doc)
    if errors or is_unreadable(doc):
        suite = _suite(f"{path} [input]")
        case = ET.SubElement(suite, "testcase", name="document is readable", classname=f"policylint.input.{_doc_id(path)}")
        problems = errors or doc.diagnostics
        first = problems[0].message if problems else "no text could be read"
        err = ET.SubElement(case, "error", message=xml_safe(one_line(first)),
                            type=problems[0].code if problems else "unreadable")
        err.text = xml_safe("\n".join(_diagnostic_text(d) for d in problems) or "no text could be read")
        _count(suite, errors=1)
        suites.append(suite)
    elif doc.diagnostics:
        suite = _suite(f"{path} [input]")
        case = ET.SubElement(suite, "testcase", name="document is fully readable", classname=f"policylint.input.{_doc_id(path)}")
        _note_or_fail(suite, case, doc.diagnostics, fail_on)
        suites.append(suite)
    packs: dict[str, list[TopicCoverage]] = {}
    for topic in doc.coverage:
        packs.setdefault(topic.pack, []).append(topic)
    for pack, topics in packs.items():
        suite = _suite(f"{path} [{pack}]")
        suite.set("file", xml_safe(path))
        for topic in topics:
            _testcase(suite, doc, topic, pack, path, fail_on)
        suites.append(suite)
    return suites


def _note_or_fail(suite: ET.Element, case: ET.Element, problems: tuple[Diagnostic, ...], fail_on: str) -> None:
    """A testcase for warnings: a failure when their severity reaches ``fail_on``, else output only."""
    text = xml_safe("\n".join(_diagnostic_text(d) for d in problems))
    if any(Severity(d.severity).reaches(fail_on) for d in problems if d.severity in ("warning", "info")):
        failure = ET.SubElement(case, "failure", type=problems[0].code, message=xml_safe(one_line(problems[0].message)))
        failure.text = text
        _count(suite, failures=1)
    else:
        ET.SubElement(case, "system-out").text = text
        _count(suite)


def _run_suite(result: LintResult, options: RenderOptions) -> ET.Element:
    """Run-level problems (waivers expired, unused, accepting no gap), one testcase each."""
    suite = _suite("policylint run")
    for problem in result.problems:
        case = ET.SubElement(suite, "testcase", name=xml_safe(f"{problem.code} {problem.path}".strip()),
                             classname="policylint.run")
        if problem.severity == "error":
            err = ET.SubElement(case, "error", type=problem.code, message=xml_safe(one_line(problem.message)))
            err.text = xml_safe(_diagnostic_text(problem))
            _count(suite, errors=1)
        else:
            _note_or_fail(suite, case, (problem,), options.fail_on)
    return suite


def _suite(name: str) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_safe(name))
    for key in ("tests", "failures", "errors", "skipped"):
        suite.set(key, "0")
    return suite


def _count(suite: ET.Element, **kinds: int) -> None:
    suite.set("tests", str(int(suite.get("tests", "0")) + 1))
    for key, value in kinds.items():
        suite.set(key, str(int(suite.get(key, "0")) + value))


def _testcase(suite: ET.Element, doc: DocumentResult, topic: TopicCoverage, pack: str, path: str, fail_on: str) -> None:
    case = ET.SubElement(suite, "testcase", name=xml_safe(topic.title), classname=f"policylint.{pack}.{_doc_id(path)}")
    case.set("file", xml_safe(path))
    status = topic.status.value
    active = [f for f in doc.topic_findings(topic.pack, topic.topic) if f.active]
    failing = [f for f in active if f.severity.reaches(fail_on)]
    severity = doc.topic_severity(topic.pack, topic.topic)
    if status == "waived":
        reason = topic.waiver.reason if topic.waiver else topic.reason
        ET.SubElement(case, "skipped", message=xml_safe(f"waived: {one_line(reason)}"))
        _count(suite, skipped=1)
    elif failing:
        label = f"{status}, {severity.value}" if severity else status
        failure = ET.SubElement(case, "failure", type=status,
                                message=xml_safe(f"{topic.title}: {label} ({pack}/{topic.topic}). {one_line(topic.reason)}"))
        failure.text = xml_safe(_element_detail(topic, severity))
        _count(suite, failures=1)
    elif status == "not-in-force":
        # the statute was not yet law on the as-of date: nothing to pass or fail
        ET.SubElement(case, "skipped", message=xml_safe(f"not in force: {one_line(topic.reason)}"))
        _count(suite, skipped=1)
    else:
        if active:  # reported, but below --fail-on: shown, not failed
            below = ", ".join(f"{f.rule} [{f.severity.value}]" for f in active)
            ET.SubElement(case, "system-out").text = xml_safe(
                f"{status}; findings below --fail-on {fail_on}: {below}\n{_element_detail(topic, severity)}")
        _count(suite)


def _element_detail(topic: TopicCoverage, severity: Severity | None = None) -> str:
    lines = [f"rule: {topic.pack}/{topic.topic}", f"status: {topic.status.value} - {one_line(topic.reason)}"]
    if severity is not None:
        lines.append(f"severity: {severity.value}")
    if topic.sections:
        lines.append("sections: " + "; ".join(topic.sections))
    for element in topic.elements:
        required = "" if element.required else " (optional)"
        lines.append(f"- {element.status.value}: {element.title}{required} - {one_line(element.reason)}")
        for evidence in element.evidence:
            where = cite(evidence.page, evidence.section, evidence.line, evidence.paragraph)
            lines.append(f"    \"{one_line(evidence.text)}\" ({where})")
    return "\n".join(lines)


def _diagnostic_text(diagnostic: Diagnostic) -> str:
    where = f" ({page_span(diagnostic)})" if diagnostic.page is not None else ""
    return f"{diagnostic.code}: {one_line(diagnostic.message)}{where}"
