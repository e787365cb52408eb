"""GitHub workflow-command annotations: escaping, grouping, ordering, waived findings."""

from __future__ import annotations

from policylint.report import RenderOptions, render
from policylint.report.github import annotation, escape_data, escape_property
from report_samples import sample_result


def _lines() -> list[str]:
    return render("github", sample_result(), RenderOptions()).splitlines()


def test_escaping_follows_actions_core() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = annotation("error", file="dir/a,b:c.md", line=None, title="core/x: y", message="m\nn")
    assert line == "::error file=dir/a%2Cb%3Ac.md,title=core/x%3A y::m%0An"  # no line: annotated on the file
    assert annotation("error", file="a.md", line=7, title="t", message="m") == "::error file=a.md,line=7,title=t::m"


def test_every_line_is_a_single_well_formed_command() -> None:
    for line in _lines()[:-1]:
        if line.startswith("::"):
            assert line.startswith(("::group::", "::endgroup::", "::error ", "::warning ", "::notice "))
        if line.startswith(("::error ", "::warning ", "::notice ")):
            props, _, message = line[2:].partition("::")
            assert "\n" not in message and "\r" not in message
            keys = [p.split("=", 1)[0] for p in props.split(" ", 1)[1].split(",")]
            assert keys in (["file", "line", "title"], ["file", "title"])


def test_groups_per_document_with_errors_first() -> None:
    lines = _lines()
    groups = [l for l in lines if l.startswith("::group::")]
    assert groups == ["::group::manuals/riverton_pd_manual.pdf", "::group::manuals/lakeside_general_orders.md",
                      "::group::manuals/scanned_orders.pdf"]
    start = lines.index("::group::manuals/lakeside_general_orders.md")
    block = lines[start + 1:lines.index("::endgroup::", start)]
    kinds = [l.split(" ", 1)[0] for l in block]
    assert kinds == sorted(kinds, key=lambda k: {"::error": 0, "::warning": 1, "::notice": 2}[k])


def test_title_has_rule_id_and_line_only_when_it_is_a_line_of_the_file() -> None:
    lines = _lines()
    text = "\n".join(lines)
    # a PDF's line is a line on a page, not of the file: the annotation sits on the file, the page in the message
    chokehold = next(l for l in lines if "title=8cantwait/ban-chokeholds/ban (hedged)::" in l)
    assert chokehold.startswith("::warning file=manuals/riverton_pd_manual.pdf,title=") and "p. 43" in chokehold
    # a Markdown finding is on its line
    assert "file=manuals/lakeside_general_orders.md,line=88,title=8cantwait/duty-to-intervene/intervene (hedged)::" in text
    assert "file=manuals/lakeside_general_orders.md,title=8cantwait/warn-before-shooting (missing)::" in text
    assert "50%25 done%3A" not in text  # colons are only escaped in properties
    assert "50%25 done: see 300.2, 300.9." in text


def test_waived_findings_get_no_annotation_but_are_counted() -> None:
    lines = _lines()
    assert not any("exhaust-alternatives" in l and "riverton" in l for l in lines)
    assert "1 waived finding(s) not annotated" in lines[-1]


def test_unreadable_document_is_an_error_annotation() -> None:
    assert ("::error file=manuals/scanned_orders.pdf,title=policylint/input/PL102::"
            "the PDF is encrypted and cannot be opened without a password") in _lines()


def test_waiver_problem_is_annotated_on_its_line_not_on_a_file_named_with_it() -> None:
    from dataclasses import replace

    from policylint.model import Diagnostic

    result = sample_result()
    problem = Diagnostic(code="PL201", message="waiver expired", path=".policylint.yaml:12", severity="warning")
    text = render("github", replace(result, problems=(problem,)), RenderOptions())
    assert "::warning file=.policylint.yaml,line=12,title=policylint/run/PL201::waiver expired" in text
