"""Inline waivers in Markdown: directive syntax, file:line sources, strict errors, and the effect on a run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policylint.config import ConfigError
from policylint.workflow.inline import inline_waivers, parse_inline_waivers

DOC = "policies/300-force.md"


def _one(text: str):
    waivers, problems = parse_inline_waivers(text, DOC)
    assert not problems, problems
    [waiver] = waivers
    return waiver


def test_topic_waiver_is_scoped_to_its_own_file_and_line() -> None:
    waiver = _one('# Force\n\nText.\n<!-- policylint: waive core/quota-prohibition reason="State law bans quotas" -->\n')
    assert (waiver.pack, waiver.topic, waiver.element) == ("core", "quota-prohibition", None)
    assert waiver.reason == "State law bans quotas"
    assert waiver.document == DOC and waiver.source == f"{DOC}:4"


def test_element_forms_and_optional_keys() -> None:
    three = _one("<!-- policylint: waive core/use-of-force/warning-shots justification='Covered in annex B' -->")
    assert (three.pack, three.topic, three.element, three.reason) == ("core", "use-of-force", "warning-shots", "Covered in annex B")
    keyed = _one(
        '<!--\n  policylint: waive use-of-force element=de-escalation\n  reason="Adopted by\n  reference"\n'
        '  approved_by="Chief R. Ortiz" expires=2030-06-30\n-->'
    )
    assert (keyed.pack, keyed.topic, keyed.element) == (None, "use-of-force", "de-escalation")
    assert keyed.reason.split() == ["Adopted", "by", "reference"]
    assert keyed.approved_by == "Chief R. Ortiz" and keyed.expires == "2030-06-30"
    assert keyed.source == f"{DOC}:1"


def test_ordinary_comments_and_fenced_examples_are_ignored() -> None:
    text = (
        "<!-- editor's note: policylint is run in CI -->\n"
        "```markdown\n<!-- policylint: waive core/use-of-force reason=\"example only\" -->\n```\n"
        "~~~\n<!-- policylint: bogus -->\n~~~\n"
    )
    assert parse_inline_waivers(text, DOC) == ((), [])


@pytest.mark.parametrize(
    "directive,expected",
    [
        ("policylint: waive core/use-of-force", "justification"),
        ("policylint: waive core/use-of-force reason=", "justification"),
        ("policylint: wave core/use-of-force reason=x", "unknown directive 'wave'"),
        ("policylint: waive reason=x", "name the topic"),
        ('policylint: waive core/use-of-force reason="unclosed', "cannot read"),
        ("policylint: waive core/use-of-force reason=x document=*.md", "file it is written in"),
        ("policylint: waive core/use-of-force reason=x colour=blue", "allowed keys"),
        ("policylint: waive core/use-of-force reason=x expires=soon", "YYYY-MM-DD"),
        ("policylint: waive a/b/c/d reason=x", "not a topic"),
        ("policylint: waive core/use-of-force reason=x reason=y", "twice"),
    ],
)
def test_bad_directives_are_errors_at_their_line(directive: str, expected: str) -> None:
    waivers, problems = parse_inline_waivers(f"# Title\n\n<!-- {directive} -->\n", DOC)
    assert waivers == ()
    assert problems and all(p.line == 3 and p.path == DOC for p in problems)
    assert any(expected in p.message for p in problems), [p.message for p in problems]


def test_glob_characters_in_a_file_name_match_literally(tmp_path: Path) -> None:
    import fnmatch

    path = tmp_path / "orders [2024].md"
    path.write_text('<!-- policylint: waive use-of-force reason="x" -->\n', encoding="utf-8")
    [waiver] = inline_waivers([path])
    assert fnmatch.fnmatch(str(path), waiver.document)
    assert not fnmatch.fnmatch(str(tmp_path / "orders 2.md"), waiver.document)


def test_inline_waivers_collects_all_problems_across_files(tmp_path: Path) -> None:
    good = tmp_path / "a.md"
    good.write_text('<!-- policylint: waive use-of-force reason="ok" -->\n', encoding="utf-8")
    bad = tmp_path / "b.md"
    bad.write_text("x\n<!-- policylint: waive use-of-force -->\n", encoding="utf-8")
    other = tmp_path / "c.pdf"
    other.write_bytes(b"%PDF-1.4 <!-- policylint: waive nonsense -->")
    assert len(inline_waivers([good, other])) == 1  # PDFs carry no inline waivers
    with pytest.raises(ConfigError) as info:
        inline_waivers([good, bad])
    assert [str(p).split(": ")[0] for p in info.value.problems] == [f"{bad}:2"]


MANUAL = """\
# 9 Patrol Procedures

## 9.1 Vehicle Checks

Officers shall inspect the patrol vehicle at the start of every shift and shall report damage.

<!-- policylint: waive core/quota-prohibition reason="The city charter bans quotas; see General Order 1." approved_by="City Attorney" -->
<!-- policylint: waive core/data-collection reason="Handled by the records unit" expires=2020-01-01 -->
"""


def test_inline_waivers_reach_the_run(tmp_path: Path) -> None:
    """Through the CLI path: the topic is waived with its reason, the expired one is reported at file:line."""
    from policylint.api import lint
    from policylint.workflow.waivers import with_run_waivers
    from policylint.config import Config

    manual = tmp_path / "patrol.md"
    manual.write_text(MANUAL, encoding="utf-8")
    config = with_run_waivers(Config(), [str(manual)], cwd=tmp_path)
    result = lint([str(manual)], packs=["core"], config=config, today=dt.date(2025, 1, 1))
    [doc] = result.documents
    quota = next(t for t in doc.coverage if t.topic == "quota-prohibition")
    assert quota.status.value == "waived" and "city charter" in quota.reason
    [finding] = [f for f in doc.findings if f.topic == "quota-prohibition"]
    assert finding.waived and finding.waiver_reason.startswith("The city charter")
    data = next(t for t in doc.coverage if t.topic == "data-collection")
    assert data.status.value == "missing"  # the expired waiver no longer applies
    expired = [p for p in result.problems if f"{manual}:8" == p.path]
    assert len(expired) == 1 and "expired" in expired[0].message and expired[0].severity == "warning"
