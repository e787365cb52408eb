"""JUnit XML for CI dashboards: one testcase per document x topic.

Layout: ``<testsuites>`` holding a ``<testsuite>`` per document and pack. Each testcase
is named after the topic title, classname ``policylint.<pack>.<document>``. Missing and
weak topics are ``<failure>`` (with the element detail), waived topics ``<skipped>``
(with the reason), covered topics pass. An unreadable document (or one with pages that
could not be read) gets an ``<error>`` testcase, so dashboards never show it green.

The XML is built with ElementTree, which escapes markup; characters XML 1.0 cannot hold
at all (form feeds from PDF text, other control characters) are dropped first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from ..model import Diagnostic
from ..results import DocumentResult, LintResult, TopicCoverage
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
    for doc in result.documents:
        path = relative_path(doc.path, options.root)
        for suite in _suites(doc, path):
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


def _suites(doc: DocumentResult, path: str) -> list[ET.Element]:
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
    packs: dict[str, list[TopicCoverage]] = {}
    for topic in doc.coverage:
        packs.setdefault(topic.pack, []).append(topic)
    for pack, topics in packs.items():
        suite = _suite(f"{path} [{pack}]")
        suite.set("file", xml_safe(path))
        for topic in topics:
            _testcase(suite, topic, pack, path)
        suites.append(suite)
    return suites


def _suite(name: str) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_safe(name))
    for key in ("tests", "failures", "errors", "skipped"):
        suite.set(key, "0")
    return suite


def _count(suite: ET.Element, **kinds: int) -> None:
    suite.set("tests", str(int(suite.get("tests", "0")) + 1))
    for key, value in kinds.items():
        suite.set(key, str(int(suite.get(key, "0")) + value))


def _testcase(suite: ET.Element, topic: TopicCoverage, pack: str, path: str) -> None:
    case = ET.SubElement(suite, "testcase", name=xml_safe(topic.title), classname=f"policylint.{pack}.{_doc_id(path)}")
    case.set("file", xml_safe(path))
    status = topic.status.value
    if status in ("contradicted", "missing", "weak"):
        failure = ET.SubElement(case, "failure", type=status,
                                message=xml_safe(f"{topic.title}: {status} ({pack}/{topic.topic}). {one_line(topic.reason)}"))
        failure.text = xml_safe(_element_detail(topic))
        _count(suite, failures=1)
    elif status == "waived":
        reason = topic.waiver.reason if topic.waiver else topic.reason
        ET.SubElement(case, "skipped", message=xml_safe(f"waived: {one_line(reason)}"))
        _count(suite, skipped=1)
    elif status == "not-in-force":
        # the statute was not yet law on the as-of date: nothing to pass or fail
        ET.SubElement(case, "skipped", message=xml_safe(f"not in force: {one_line(topic.reason)}"))
        _count(suite, skipped=1)
    else:
        _count(suite)


def _element_detail(topic: TopicCoverage) -> str:
    lines = [f"rule: {topic.pack}/{topic.topic}", f"status: {topic.status.value} - {one_line(topic.reason)}"]
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
