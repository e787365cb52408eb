"""What neighbouring sentences lend a sentence: one that points back ("... excessive force.
You are required to stop it.") is completed by the one before, but only where it holds the
element in part; an exception in the next item can swallow a duty; a paragraph's earlier
sentence gives the later ones their context. Sentences are written for the test; the
shipped packs judge them."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine_helpers import compile_pack, element, status

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(scope="module")
def eight() -> object:
    return compile_pack(RULES / "8cantwait.yaml")


@pytest.mark.parametrize(
    "blocks",
    [
        ("Your partner is about to use excessive force, or already is. You are required to intervene and stop it.",),
        ("Excessive force by a partner is everyone's problem.", "Officers must step in and stop it, whatever the partner's rank."),
    ],
)
def test_a_sentence_pointing_back_is_completed_by_the_one_before(eight, blocks: tuple[str, ...]) -> None:
    found = element(eight, "intervene-mandate", *blocks)
    assert found.status.value == "present"
    # the evidence quotes both sentences, so a reader sees what "it" is
    assert "excessive force" in found.evidence[0].text.lower()


@pytest.mark.parametrize(
    "blocks",
    [
        # nothing points back: two separate remarks
        ("Your partner is about to use excessive force. You are required to complete your reports.",),
        # "It is ..." points at nothing
        ("Excessive force is never acceptable. It is the duty of every officer to be courteous.",),
        # an unrelated paragraph between them
        ("Your partner is about to use excessive force.", "Sergeants keep the overtime log.", "You are required to stop it."),
    ],
)
def test_no_pointer_or_no_neighbour_borrows_nothing(eight, blocks: tuple[str, ...]) -> None:
    assert status(eight, "intervene-mandate", *blocks) != "present"


def test_a_complete_sentence_is_not_governed_by_the_one_before(eight) -> None:
    # the second sentence states the duty itself; the first one's "may" must not weaken it
    blocks = ("Officers may discuss excessive force at roll call.",
              "Officers shall intervene to stop excessive force by another officer and report it.")
    assert status(eight, "intervene-mandate", *blocks) == "present"


@pytest.fixture(scope="module")
def core() -> object:
    return compile_pack(RULES / "core.yaml")


def test_an_exception_that_points_back_does_not_restate_the_rule(core) -> None:
    # "it" points back, but the sentence is a discretionary way out of the rule before
    blocks = ("Officers shall use only the minimum force necessary, proportionate to the threat. "
              "An officer may, however, use a higher level of force whenever the officer believes it will end the encounter sooner.",)
    found = element(core, "reasonable-necessary-proportional", *blocks)
    assert found.status.value == "hedged"


@pytest.mark.parametrize(
    "blocks, expected",
    [
        # the next item lifts the duty at the officer's will: swallowed
        (("1. All force shall be reported, including pointing a firearm at a person.",
          "2. Pointing a firearm need not be reported when the officer believes the display was routine."), "hedged"),
        # a disclaimer of another duty, or without discretion (a floor), leaves it
        (("1. All force shall be reported, including pointing a firearm at a person.",
          "2. Officers need not wear the patrol hat when they deem it unnecessary."), "present"),
        (("1. All force shall be reported, including pointing a firearm at a person.",
          "2. Handcuffing a compliant person need not be reported."), "present"),
    ],
)
def test_a_discretionary_disclaimer_in_the_next_item_swallows_the_duty(eight, blocks, expected: str) -> None:
    assert status(eight, "all-force-reported", *blocks) == expected


def test_a_plural_belief_leaves_the_duty_to_discretion(eight) -> None:
    text = "Officers shall intervene when they observe excessive force, unless they believe the other officer has a valid reason."
    assert status(eight, "intervene-mandate", text) == "hedged"


def test_a_paragraphs_earlier_sentence_gives_the_context(eight) -> None:
    # the tiers-to-tools sentence names no continuum itself; the sentence before does
    blocks = ("Force options are authorized according to the level of resistance encountered. "
              "Verbal direction is authorized for passive resistance; the baton for active aggression.",)
    assert status(eight, "resistance-to-force-mapping", *blocks) == "present"


def test_context_does_not_cross_paragraphs(eight) -> None:
    blocks = ("Force options are authorized according to the level of resistance encountered.",
              "Sergeants keep the overtime log.",
              "Verbal direction is authorized for passive resistance; the baton for active aggression.")
    assert status(eight, "resistance-to-force-mapping", *blocks) != "present"


def test_a_presence_element_is_lifted_by_a_carve_out_in_the_next_item(core) -> None:
    blocks = ("1. Members shall protect speech and assembly and facilitate peaceful demonstrations without regard to message.",
              "2. Paragraph 1 does not apply to events without a permit.")
    assert status(core, "protect-expression", *blocks) == "hedged"
    assert status(core, "protect-expression", blocks[0]) == "present"


@pytest.mark.parametrize(
    "pack, element_id, blocks, expected",
    [
        # a waiver or a saving clause for the rule's own thing swallows it
        ("8cantwait", "warning-mandate", ("Officers shall give a verbal warning before using deadly force.",
                                          "Members may dispense with the warning at their discretion."), "hedged"),
        ("8cantwait", "chokehold-prohibited", ("Chokeholds are prohibited.",
                                               "Nothing in this section prohibits a chokehold when a supervisor approves it."), "hedged"),
        ("core", "force-reporting", ("Every use of force shall be documented in a written report.",
                                     "Supervisors may waive the report for minor incidents at their discretion."), "hedged"),
        # a saving clause for something else, or a penalty, leaves it
        ("8cantwait", "chokehold-prohibited", ("Chokeholds are prohibited.",
                                               "Nothing in this policy prohibits officers from using reasonable force to defend themselves."), "present"),
        ("8cantwait", "deescalation-mandate", ("Officers shall use de-escalation techniques when it is safe and feasible to do so.",
                                               "Nothing in this section limits an officer's right of self-defense."), "present"),
        ("8cantwait", "all-force-reported", ("Officers shall report every use of force.",
                                             "The Chief may suspend an officer who fails to report."), "present"),
    ],
)
def test_waivers_and_saving_clauses_in_the_next_sentence(request, pack, element_id, blocks, expected) -> None:
    compiled = request.getfixturevalue("eight" if pack == "8cantwait" else "core")  # compiled once per module
    assert status(compiled, element_id, *blocks) == expected
