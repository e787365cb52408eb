"""Topic and element judgement over a sectioned document, findings, waivers and config."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from policylint.api import lint, lint_documents, plan_run
from policylint.config import Config, ConfigError
from policylint.model import Block, Diagnostic, Document, Location, Section
from policylint.results import Severity, Waiver
from policylint.rulebook import load_pack_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "packs"
MINI = FIXTURES / "mini" / "mini.yaml"


def section(number, title, texts, page, children=()):
    blocks = tuple(Block(text=t, location=Location(page=page, line=i + 1), index=i) for i, t in enumerate(texts))
    return Section(number=number, title=title, level=1, blocks=blocks, children=tuple(children), page_start=page, line_start=1)


def make_doc(*sections, path="manual.pdf", front=()):
    root = Section(number=None, title="", level=0, blocks=tuple(Block(t, Location(page=1)) for t in front), children=sections)
    return Document(path=path, format="pdf", sha256="x", page_count=10, root=root)


@pytest.fixture(scope="module")
def mini():
    pack, problems = load_pack_file(MINI)
    assert not problems
    return pack


def run(doc, mini, config=None, waivers=(), today=None):
    plan = plan_run(pack_objects=[mini], config=config or Config(), waivers=waivers, today=today)
    return lint_documents([doc], plan)


FULL_UOF = section(
    "300",
    "Use of Force",
    [
        "Officers shall intervene when another officer uses excessive force.",
        "Officers shall not use a chokehold unless deadly force is authorized.",
        "Officers shall render first aid to injured persons.",
    ],
    page=4,
)


def topic(result, topic_id):
    return next(t for t in result.documents[0].coverage if t.topic == topic_id)


def test_covered_topic_with_dedicated_section(mini):
    result = run(make_doc(FULL_UOF), mini)
    uof = topic(result, "use-of-force")
    assert uof.status.value == "covered"
    assert uof.sections == ("300 Use of Force",)
    assert all(e.status.value == "present" for e in uof.elements)
    ev = uof.elements[0].evidence[0]
    assert ev.page == 4 and ev.section == "300 Use of Force" and ev.in_topic_section
    assert topic(result, "consent-search").status.value == "missing"


def test_weak_topic_reports_each_gap_at_its_evidence(mini):
    weak = section("300", "Response to Resistance", ["Officers should intervene when force is excessive."], page=7)
    result = run(make_doc(weak), mini)
    uof = topic(result, "use-of-force")
    assert uof.status.value == "weak"
    findings = {f.element: f for f in result.documents[0].findings if f.topic == "use-of-force"}
    assert set(findings) == {"duty-to-intervene", "chokehold-ban", "medical-aid"}
    hedged = findings["duty-to-intervene"]
    assert hedged.status == "hedged" and hedged.page == 7 and hedged.severity is Severity.WARNING
    assert "should intervene" in hedged.evidence
    absent = findings["chokehold-ban"]
    assert absent.status == "absent" and absent.section == "300 Response to Resistance" and absent.page == 7


def test_in_section_evidence_outranks_stray_mentions(mini):
    other = section("100", "Organization", ["Officers should intervene in disputes involving force."], page=2)
    result = run(make_doc(other, FULL_UOF), mini)
    ev = topic(result, "use-of-force").elements[0].evidence
    assert ev[0].in_topic_section and ev[0].page == 4
    assert len(ev) == 2


def test_binding_only_outside_topic_sections_is_hedged(mini):
    uof = section("300", "Use of Force", ["This chapter explains force."], page=3)
    stray = section("900", "Miscellaneous", ["Officers shall intervene when another officer uses excessive force."], page=9)
    element = topic(run(make_doc(uof, stray), mini), "use-of-force").elements[0]
    assert element.status.value == "hedged"
    assert "outside the topic's own sections" in element.reason


def test_hedged_wording_in_the_topic_section_leads_when_binding_text_is_only_elsewhere(mini):
    uof = section("300", "Use of Force", ["Officers should intervene when another officer uses excessive force."], page=3)
    stray = section("900", "Miscellaneous", ["Officers shall intervene when another officer uses excessive force."], page=9)
    element = topic(run(make_doc(uof, stray), mini), "use-of-force").elements[0]
    assert element.status.value == "hedged"
    assert element.evidence[0].page == 3 and element.evidence[0].in_topic_section
    assert "in the topic's own sections" in element.reason and "binding language only elsewhere" in element.reason


def test_missing_topic_finding_located_at_document(mini):
    result = run(make_doc(FULL_UOF), mini)
    finding = next(f for f in result.documents[0].findings if f.topic == "consent-search")
    assert finding.status == "missing" and finding.element is None and finding.page is None
    assert finding.severity is Severity.WARNING  # the topic's own severity


def test_fingerprint_ignores_page_and_section_numbers(mini):
    weak_a = section("300", "Use of Force", ["Officers should intervene when force is excessive."], page=7)
    weak_b = replace(section("412", "Use of Force", ["Officers  should intervene when force is excessive."], page=90))
    fa = {f.rule: f.fingerprint for f in run(make_doc(weak_a), mini).documents[0].findings}
    fb = {f.rule: f.fingerprint for f in run(make_doc(weak_b), mini).documents[0].findings}
    assert fa == fb
    other_doc = {f.rule: f.fingerprint for f in run(make_doc(weak_a, path="other.pdf"), mini).documents[0].findings}
    assert other_doc["mini/use-of-force/duty-to-intervene"] != fa["mini/use-of-force/duty-to-intervene"]


def test_topic_waiver_keeps_findings_marked(mini):
    waiver = Waiver(topic="consent-search", reason="handled by county policy", pack="mini")
    result = run(make_doc(FULL_UOF), mini, waivers=[waiver])
    cs = topic(result, "consent-search")
    assert cs.status.value == "waived" and cs.waiver.reason == "handled by county policy"
    finding = next(f for f in result.documents[0].findings if f.topic == "consent-search")
    assert finding.waived and finding.waiver_reason == "handled by county policy" and finding.status == "missing"


def test_element_waiver_can_make_topic_covered(mini):
    partial = section("300", "Use of Force", FULL_UOF.blocks[0].text.split("|") + ["Officers shall render first aid."], page=4)
    waiver = Waiver(topic="use-of-force", element="chokehold-ban", reason="state law bans it")
    result = run(make_doc(partial), mini, waivers=[waiver])
    uof = topic(result, "use-of-force")
    assert uof.status.value == "covered"
    element = next(e for e in uof.elements if e.id == "chokehold-ban")
    assert element.status.value == "waived"
    finding = next(f for f in result.documents[0].findings if f.element == "chokehold-ban")
    assert finding.waived and finding.status == "absent"


def test_expired_waiver_does_not_apply(mini):
    waiver = Waiver(topic="consent-search", reason="old", expires="2020-01-01", source="cfg:3")
    result = run(make_doc(FULL_UOF), mini, waivers=[waiver], today=dt.date(2024, 1, 1))
    assert topic(result, "consent-search").status.value == "missing"
    assert any(p.code == "PL201" and "expired" in p.message for p in result.problems)


def test_severity_override_and_disable(mini):
    config = Config(severity={"mini/consent-search": Severity.INFO}, disable=("use-of-force",))
    result = run(make_doc(FULL_UOF), mini, config=config)
    topics = [t.topic for t in result.documents[0].coverage]
    assert topics == ["consent-search"]
    assert result.documents[0].coverage[0].severity is Severity.INFO


@pytest.mark.parametrize(
    "config",
    [
        Config(severity={"no-such-topic": Severity.INFO}),
        Config(disable=("mini/nope",)),
        Config(waivers=(Waiver(topic="nope", reason="x"),)),
        Config(waivers=(Waiver(topic="use-of-force", element="nope", reason="x"),)),
    ],
)
def test_config_naming_unknown_topics_is_an_error(mini, config):
    with pytest.raises(ConfigError):
        plan_run(pack_objects=[mini], config=config)


def test_unreadable_document_gets_no_coverage(mini):
    doc = Document(
        path="scan.pdf", format="pdf", sha256="y", page_count=64,
        root=Section(number=None, title="", level=0),
        diagnostics=(Diagnostic(code="PL101", message="no text layer", path="scan.pdf", page=1, page_end=64),),
    )
    result = run(doc, mini)
    assert result.documents[0].coverage == () and result.documents[0].findings == ()
    assert result.documents[0].diagnostics[0].code == "PL101"


def test_lint_api_reads_files_and_folders(tmp_path):
    (tmp_path / "b.md").write_text("# Use of Force\n\nOfficers shall intervene to stop excessive force.\n")
    (tmp_path / "a.txt").write_text("Nothing about force here.\n")
    (tmp_path / "notes.csv").write_text("x,y\n")
    result = lint(tmp_path, packs=["mini"], rules=[FIXTURES / "mini"])
    assert [Path(d.path).name for d in result.documents] == ["a.txt", "b.md"]
    data = result.to_dict()
    assert data["schema_version"] == "1" and data["packs"][0]["id"] == "mini"
    uof = next(t for t in result.documents[1].coverage if t.topic == "use-of-force")
    assert next(e for e in uof.elements if e.id == "duty-to-intervene").status.value == "present"
