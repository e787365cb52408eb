"""Every example of every shipped rule, through the same code path as `policylint rules test`.

Also the topic-level example runner itself, on a small pack written here: a topic without
example passages fails, a passage with the wrong expected status fails with a message that
names the topic, both statuses and every element's status, and a correct one passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main
from policylint.engine.examples import document_from_markdown, run_examples
from policylint.rulebook import load_pack_file, load_packs

PACKS = load_packs().packs


@pytest.mark.parametrize("pack_id", sorted(PACKS))
def test_pack_examples(pack_id):
    report = run_examples([PACKS[pack_id]])
    failures = [
        f"{r.location}: {r.rule}: expected {r.expected}, got {r.actual}: {r.text} ({r.reason})"
        + "".join(f"\n    {d}" for d in r.details)
        for r in report.results
        if not r.ok
    ]
    assert not failures + list(report.problems), "\n".join(failures + list(report.problems))
    assert report.count("element")[0] > 0 and report.count("topic")[0] > 0


def test_core_pack_is_shipped():
    assert "core" in PACKS


DEMO = """\
pack: demo
title: Demo
version: "1"
topics:
  - id: intervention
    title: Intervention
    headings: [duty to intervene]
    mentions: [intervene, intervention]
    covered_when: {min_elements: 2}
    elements:
      - id: intervene
        title: Intervene
        kind: mandate
        essential: true
        match: [[intervene, intercede], [force]]
        examples:
          present: [Officers shall intervene to stop excessive force., Members must intercede when force is unreasonable.]
          hedged: [Officers should intervene to stop excessive force.]
          absent: [Officers shall report excessive force.]
      - id: report
        title: Report
        kind: mandate
        match: [[report, notify], [supervisor]]
        examples:
          present: [Officers shall report it to a supervisor., Members must notify a supervisor.]
          hedged: [Officers should notify a supervisor.]
          absent: [Officers shall intervene.]
    examples:
      covered:
        - |
          # Duty to Intervene
          Officers shall intervene to stop excessive force. Officers shall report the incident to a supervisor.
        - |
          It is the policy of the Department that members must intercede when force is unreasonable.
          Members must notify a supervisor at once.
      weak:
        - |
          # Duty to Intervene
          Officers should intervene to stop excessive force. Officers shall report the incident to a supervisor.
      missing:
        - |
          # Vehicle Care
          Vehicles are washed weekly.
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _report(path: Path):
    pack, problems = load_pack_file(path)
    assert not problems and pack is not None, problems
    return run_examples([pack])


def test_correct_topic_examples_pass(tmp_path):
    path = _write(tmp_path, DEMO)
    report = _report(path)
    assert report.failed == 0, [r for r in report.results if not r.ok] + list(report.problems)
    assert report.count("topic") == (4, 0)
    run = CliRunner().invoke(main, ["rules", "test", str(path)])
    assert run.exit_code == 0, run.output
    assert "topic examples: 4 passed, 0 failed" in run.output


def test_topic_without_examples_fails_rules_test(tmp_path):
    path = _write(tmp_path, DEMO.split("    examples:\n      covered:")[0])
    report = _report(path)
    assert report.count("topic") == (0, 0)
    assert any("demo/intervention: topic needs at least 2 'covered'" in p for p in report.problems)
    assert any("at least 1 'weak'" in p for p in report.problems)
    run = CliRunner().invoke(main, ["rules", "test", str(path)])
    assert run.exit_code == 1
    assert f"FAIL {path}:5: demo/intervention: topic needs at least 2 'covered' example passages (has 0)" in run.output


def test_weak_only_with_missing_is_not_enough(tmp_path):
    # weak >= 1 and weak + missing >= 2: one weak passage alone fails
    text = DEMO.split("      missing:")[0]
    report = _report(_write(tmp_path, text))
    assert [p for p in report.problems if "'weak' + 'missing'" in p]


def test_topic_example_with_wrong_status_fails_with_clear_message(tmp_path):
    # a hedged policy filed under covered: its essential element is only hedged, so it is weak
    hedged = (
        "        - |\n          # Duty to Intervene\n"
        "          Officers should intervene to stop excessive force. Officers shall report the incident to a supervisor.\n"
    )
    text = DEMO.replace("      covered:\n", "      covered:\n" + hedged)
    path = _write(tmp_path, text)
    report = _report(path)
    bad = [r for r in report.results if r.kind == "topic" and not r.ok]
    assert len(bad) == 1
    result = bad[0]
    assert (result.rule, result.expected, result.actual) == ("demo/intervention", "covered", "weak")
    assert any(d.startswith("intervene: hedged [essential]") for d in result.details)
    assert "report: present" in result.details
    run = CliRunner().invoke(main, ["rules", "test", str(path)])
    assert run.exit_code == 1
    assert "demo/intervention (topic example): expected covered, got weak" in run.output
    assert "- intervene: hedged [essential]" in run.output


def test_missing_passage_that_covers_the_topic_fails(tmp_path):
    text = DEMO.replace("          # Vehicle Care\n          Vehicles are washed weekly.\n",
                        "          # Duty to Intervene\n          Officers shall intervene when force is excessive and report it to a supervisor.\n")
    report = _report(_write(tmp_path, text))
    bad = [(r.expected, r.actual) for r in report.results if not r.ok]
    assert bad == [("missing", "covered")]


def test_passages_are_read_as_markdown_documents():
    document = document_from_markdown("# Duty to Intervene\n\nOfficers shall intervene.\n\n- First item.\n")
    titles = [section.title for section, _ in document.walk()]
    assert "Duty to Intervene" in titles
    assert [b.text for b, _s, _a in document.blocks()] == ["Officers shall intervene.", "First item."]
