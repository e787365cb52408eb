"""The 8cantwait pack: it loads, has the eight Campaign Zero items, complete metadata and
examples, and judges the hard cases the way Campaign Zero's coders did.

The passages below are written for these tests (none comes from a real policy). Each one is
run through the real engine as a small document, exactly as a manual would be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.engine.analyse import analyse_document
from policylint.engine.examples import document_from_text, run_examples
from policylint.rulebook.compiler import CompiledRules, compile_rules
from policylint.rulebook.loader import load_pack_file
from policylint.rulebook.model import Pack

PACK_FILE = Path(__file__).resolve().parents[2] / "rules" / "8cantwait.yaml"

ITEM_IDS = [
    "deescalation-required",
    "force-continuum",
    "chokehold-ban",
    "warning-before-shooting",
    "moving-vehicle-restriction",
    "exhaust-alternatives",
    "duty-to-intervene",
    "comprehensive-reporting",
]


@pytest.fixture(scope="module")
def pack() -> Pack:
    loaded, problems = load_pack_file(PACK_FILE)
    assert not problems, "\n".join(str(p) for p in problems)
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def compiled(pack: Pack) -> CompiledRules:
    return compile_rules([pack])


def topic_status(compiled: CompiledRules, topic: str, *blocks: str) -> str:
    """Status of one topic for a document made of ``blocks`` (consecutive paragraphs)."""
    document = document_from_text("", blocks=list(blocks))
    coverage = {c.topic: c for c in analyse_document(document, compiled)}
    return coverage[topic].status.value


def test_pack_loads_with_exactly_the_eight_items(pack: Pack) -> None:
    assert pack.id == "8cantwait"
    assert [t.id for t in pack.topics] == ITEM_IDS


def test_every_topic_and_element_is_documented_and_cited(pack: Pack) -> None:
    for topic in pack.topics:
        assert topic.title and topic.description and topic.rationale, topic.id
        assert topic.sources, topic.id
        assert topic.elements, topic.id
        for element in topic.elements:
            where = f"{topic.id}/{element.id}"
            assert element.title and element.description and element.rationale, where
            assert element.sources, where
            for citation in element.sources + topic.sources:
                assert citation.split(" ", 1)[0] in pack.sources, f"{where}: {citation}"


def test_every_element_has_enough_examples(pack: Pack) -> None:
    for topic in pack.topics:
        for element in topic.elements:
            ex = element.examples
            where = f"{topic.id}/{element.id}"
            assert len(ex.get("present", ())) >= 2, where
            assert len(ex.get("hedged", ())) + len(ex.get("absent", ())) >= 2, where
            if element.kind in ("mandate", "prohibition"):
                assert len(ex.get("hedged", ())) >= 1, where


def test_every_source_has_a_bibliographic_entry(pack: Pack) -> None:
    for key, entry in pack.sources.items():
        assert entry.get("title"), key
        assert entry.get("publisher") or entry.get("author"), key


def test_every_topic_is_covered_only_when_all_its_criteria_hold(pack: Pack) -> None:
    # Chokehold and reporting need both of their elements; the continuum accepts either form.
    needed = {t.id: t.needed for t in pack.topics}
    assert needed["chokehold-ban"] == 2
    assert needed["comprehensive-reporting"] == 2
    assert needed["force-continuum"] == 1
    for topic in pack.topics:
        if topic.id != "force-continuum":
            assert topic.needed == len(topic.required_elements), topic.id


def test_examples_all_pass(pack: Pack, compiled: CompiledRules) -> None:
    report = run_examples([pack], compiled)
    failures = [f"{r.location}: {r.rule}: expected {r.expected}, got {r.actual}: {r.text}" for r in report.results if not r.ok]
    assert not failures and not report.problems, "\n".join(failures + list(report.problems))


# --------------------------------------------------------------------------- hard cases


def test_vehicle_ban_with_vehicle_threat_exception_is_not_covered(compiled: CompiledRules) -> None:
    text = (
        "Officers shall not fire at a moving vehicle or its occupants unless the officer reasonably "
        "believes the vehicle poses an imminent threat of death to the officer or another person."
    )
    assert topic_status(compiled, "moving-vehicle-restriction", text) != "covered"


def test_vehicle_ban_with_vehicle_path_exception_is_not_covered(compiled: CompiledRules) -> None:
    text = (
        "Members will not shoot at a moving vehicle except to stop an occupant who is using a firearm, "
        "or when an officer is trapped in the path of the vehicle."
    )
    assert topic_status(compiled, "moving-vehicle-restriction", text) != "covered"


def test_vehicle_ban_limited_to_non_vehicle_deadly_force_is_covered(compiled: CompiledRules) -> None:
    text = (
        "Officers shall not discharge a firearm at a moving vehicle unless an occupant is using deadly "
        "force against a person by means other than the vehicle."
    )
    assert topic_status(compiled, "moving-vehicle-restriction", text) == "covered"


def test_reporting_without_firearm_pointing_is_not_covered(compiled: CompiledRules) -> None:
    text = "Every use of force by an officer shall be reported on a use of force form before the end of the shift."
    assert topic_status(compiled, "comprehensive-reporting", text) != "covered"


def test_reporting_with_firearm_pointing_is_covered(compiled: CompiledRules) -> None:
    assert topic_status(
        compiled,
        "comprehensive-reporting",
        "Every use of force by an officer shall be reported on a use of force form before the end of the shift.",
        "Pointing a firearm at a person is a reportable use of force.",
    ) == "covered"


def test_report_only_language_is_not_a_duty_to_intervene(compiled: CompiledRules) -> None:
    text = (
        "An officer who sees another officer use excessive force shall promptly report what was "
        "observed to a supervisor."
    )
    assert topic_status(compiled, "duty-to-intervene", text) != "covered"


def test_hedged_intervention_language_is_not_a_duty(compiled: CompiledRules) -> None:
    text = "Officers may step in when another officer appears to use excessive force, and may intervene if they wish."
    assert topic_status(compiled, "duty-to-intervene", text) != "covered"


def test_chokehold_ban_with_deadly_force_exception_is_covered(compiled: CompiledRules) -> None:
    text = "Officers shall not use chokeholds or carotid restraints unless deadly force is authorized."
    assert topic_status(compiled, "chokehold-ban", text) == "covered"


def test_chokehold_ban_that_leaves_carotid_holds_alone_is_not_covered(compiled: CompiledRules) -> None:
    text = "Officers shall not use chokeholds on any person."
    assert topic_status(compiled, "chokehold-ban", text) != "covered"


def test_chokehold_ban_with_discretionary_exception_is_not_covered(compiled: CompiledRules) -> None:
    text = "Chokeholds and carotid holds are prohibited unless the officer believes they are needed to gain control."
    assert topic_status(compiled, "chokehold-ban", text) != "covered"


def test_deescalation_should_is_accepted_but_may_is_not(compiled: CompiledRules) -> None:
    accepted = "When it is safe to do so, officers should use de-escalation techniques before using force."
    permissive = "Officers may use de-escalation techniques before using force."
    assert topic_status(compiled, "deescalation-required", accepted) == "covered"
    assert topic_status(compiled, "deescalation-required", permissive) != "covered"


def test_deescalation_limited_to_mental_health_calls_is_not_covered(compiled: CompiledRules) -> None:
    text = "When responding to a person in a mental health crisis, officers shall use de-escalation techniques."
    assert topic_status(compiled, "deescalation-required", text) != "covered"


def test_warning_when_feasible_is_accepted(compiled: CompiledRules) -> None:
    text = "When feasible, an officer shall give a verbal warning before using deadly force."
    assert topic_status(compiled, "warning-before-shooting", text) == "covered"


def test_warning_shot_rule_is_not_a_warning_requirement(compiled: CompiledRules) -> None:
    text = "Officers shall not fire warning shots, because a warning shot endangers bystanders."
    assert topic_status(compiled, "warning-before-shooting", text) != "covered"


def test_exhaustion_clause_limited_to_vehicles_does_not_count(compiled: CompiledRules) -> None:
    text = "Officers shall not fire at a moving vehicle until all other reasonable means have been exhausted."
    assert topic_status(compiled, "exhaust-alternatives", text) != "covered"


def test_exhaustion_before_deadly_force_is_covered(compiled: CompiledRules) -> None:
    text = "Deadly force shall be used only after all other reasonable alternatives have been exhausted."
    assert topic_status(compiled, "exhaust-alternatives", text) == "covered"


def test_levels_for_reporting_only_are_not_a_continuum(compiled: CompiledRules) -> None:
    text = "These force levels exist for reporting purposes only and do not form a force continuum."
    assert topic_status(compiled, "force-continuum", text) != "covered"


def test_resistance_mapped_to_force_options_is_a_continuum(compiled: CompiledRules) -> None:
    text = "For an active resister, the following force options are authorized in addition to those for a passive resister."
    assert topic_status(compiled, "force-continuum", text) == "covered"
