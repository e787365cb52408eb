"""JUnit XML: well-formed, one testcase per document x topic, failures/skipped/errors right."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from policylint.report import RenderOptions, render
from report_samples import sample_result


def _root(fail_on: str = "error") -> ET.Element:
    return ET.fromstring(render("junit", sample_result(), RenderOptions(fail_on=fail_on)).encode("utf-8"))


def test_xml_is_well_formed_despite_control_characters_and_markup() -> None:
    text = render("junit", sample_result(), RenderOptions())
    assert "\x0c" not in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    _root()  # parses


def test_suite_per_document_and_pack_with_consistent_counts() -> None:
    root = _root()
    names = [s.get("name") for s in root.findall("testsuite")]
    assert names == [
        "manuals/riverton_pd_manual.pdf [input]", "manuals/riverton_pd_manual.pdf [8cantwait]",
        "manuals/riverton_pd_manual.pdf [core]", "manuals/lakeside_general_orders.md [input]",
        "manuals/lakeside_general_orders.md [8cantwait]", "manuals/scanned_orders.pdf [input]", "policylint run",
    ]
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
        assert int(suite.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
    # at --fail-on error only the error findings fail: 2 missing-topic errors in Lakeside, one in
    # Riverton, and the weak de-escalation topic whose essential element is absent
    assert root.get("tests") == "14" and root.get("failures") == "4" and root.get("errors") == "2"
    # at --fail-on warning the warnings fail too: two weak topics, a reading warning, a waiver warning
    assert _root("warning").get("failures") == "8"
    assert _root("never").get("failures") == "0" and _root("never").get("errors") == "2"


def test_testcase_names_classnames_and_outcomes() -> None:
    at_error = {(c.get("classname"), c.get("name")): c for c in _root().iter("testcase")}
    below = at_error[("policylint.8cantwait.riverton_pd_manual", "Ban chokeholds and strangleholds")]
    assert below.find("failure") is None  # weak, but its findings are warnings: it passes at --fail-on error
    assert "findings below --fail-on error: 8cantwait/ban-chokeholds [warning]" in below.find("system-out").text
    essential = at_error[("policylint.core.riverton_pd_manual", "De-escalation")]
    assert "weak, error" in essential.find("failure").get("message")
    cases = {(c.get("classname"), c.get("name")): c for c in _root("warning").iter("testcase")}
    weak = cases[("policylint.8cantwait.riverton_pd_manual", "Ban chokeholds and strangleholds")]
    failure = weak.find("failure")
    assert failure.get("type") == "weak"
    assert "hedged: Chokeholds are prohibited" in failure.text and "p. 43, 300.4 Neck Restraints" in failure.text
    missing = cases[("policylint.8cantwait.lakeside_general_orders", "Require a warning before shooting")]
    assert missing.find("failure").get("type") == "missing"
    waived = cases[("policylint.8cantwait.riverton_pd_manual", "Exhaust alternatives before deadly force")]
    assert "statute 12-4" in waived.find("skipped").get("message")
    covered = cases[("policylint.8cantwait.riverton_pd_manual", "Duty to intervene")]
    assert list(covered) == []
    unreadable = cases[("policylint.input.scanned_orders", "document is readable")]
    assert unreadable.find("error").get("type") == "PL102"


def test_run_level_problems_are_testcases() -> None:
    run = next(s for s in _root().findall("testsuite") if s.get("name") == "policylint run")
    case = run.find("testcase")
    assert case.get("name") == "PL201 policylint.toml" and "matched no topic" in case.find("system-out").text
    run = next(s for s in _root("warning").findall("testsuite") if s.get("name") == "policylint run")
    assert run.find("testcase").find("failure").get("type") == "PL201"
