"""How a sentence's own words bind, or do not: what someone is told is not the rule's modality
("shall advise the person that they may refuse": the duty is "shall advise"); passive duties to
tell ("is to be advised that") bind; proposals, labels and other bodies' rules stay background;
who is relieved of a duty decides whether a disclaimer binds; a verbless subject takes the
predicate after its colon; commands to do none and negated verbs of imposing are bans."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine_helpers import compile_pack, element, status
from policylint.engine.modality import _phrase_regex, mask_told_modals, read_clause, reported_by_others

RULES = Path(__file__).resolve().parents[2] / "rules"
BLANK = "\u00b7"


@pytest.fixture(scope="module")
def core() -> object:
    return compile_pack(RULES / "core.yaml")


def test_the_told_modal_is_blanked_and_the_duty_kept() -> None:
    words = "officers shall tell the person they may refuse .".split()
    masked = mask_told_modals(words)
    assert masked[6] == BLANK and masked[1] == "shall"


def test_the_officers_own_modal_is_kept() -> None:
    words = "officers may tell the person they can refuse .".split()
    masked = mask_told_modals(words)
    assert masked[1] == "may" and masked[6] == BLANK


def test_a_modal_outside_the_telling_clause_is_kept() -> None:
    words = "officers shall advise the person . they may search the car .".split()
    assert mask_told_modals(words)[7] == "may"


@pytest.mark.parametrize(
    "text",
    [
        "Before asking for consent to search, officers shall advise the person that they may refuse.",
        "It is the policy of the Department that, before asking for consent to search, officers inform the person that they may refuse and that they may withdraw consent.",
        "Prior to any request for consent to search, the person is to be advised that consent may be refused.",
        "Before a consent search, deputies shall tell the person they can say no.",
    ],
)
def test_advisements_whose_content_holds_a_may_bind(core, text: str) -> None:
    assert status(core, "advise-right-to-refuse", text) == "present"


def test_a_permissive_advisement_stays_hedged(core) -> None:
    text = "Before a consent search, officers may tell the person that they may refuse."
    assert status(core, "advise-right-to-refuse", text) == "hedged"


def test_lead_in_ending_in_that_carries_into_its_items(core) -> None:
    blocks = ("Before requesting consent to search, deputies shall advise the person that:",
              "a. they may refuse consent;")
    assert status(core, "advise-right-to-refuse", *blocks) == "present"


@pytest.mark.parametrize(
    "sentence",
    [
        "in 2021 the legislature considered a bill that would have prohibited citation quotas .",
        "the police officers ' association has proposed contract language prohibiting citation quotas .",
    ],
)
def test_proposals_are_reported_not_stated(sentence: str) -> None:
    words = sentence.split()
    assert reported_by_others(words, words.index("quotas")) is not None


def test_officers_as_the_subject_still_state_the_rule() -> None:
    words = "officers have proposed that no quota shall be set .".split()
    # officers proposing is this agency's people speaking, as before
    assert reported_by_others(words, words.index("quota")) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "proposed section 6.4.1 ( under review by the policy committee ): officers shall not shoot at a moving vehicle .",
        "draft rule : officers shall not shoot at a moving vehicle .",
        "option b ( not adopted ) : officers shall not shoot at a moving vehicle .",
    ],
)
def test_a_label_saying_proposed_makes_the_rule_a_proposal(sentence: str) -> None:
    words = sentence.split()
    assert reported_by_others(words, words.index("shoot")) is not None


def test_an_ordinary_label_leaves_the_rule() -> None:
    words = "section 6.4.1 ( moving vehicles ): officers shall not shoot at a moving vehicle .".split()
    assert reported_by_others(words, words.index("shoot")) is None


@pytest.fixture(scope="module")
def eight() -> object:
    return compile_pack(RULES / "8cantwait.yaml")


def test_a_person_in_the_vehicle_is_not_the_vehicle_as_the_threat(eight) -> None:
    ok = ("It is the policy of the Department that officers do not shoot at moving vehicles unless a person "
          "in the vehicle poses an imminent threat of deadly force by means other than the vehicle.")
    bad = "Officers shall not shoot at moving vehicles unless the vehicle poses an imminent threat."
    assert status(eight, "vehicle-shooting-prohibited", ok) == "present"
    assert status(eight, "vehicle-shooting-prohibited", bad) == "hedged"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the public relieved of a duty: officers may not impose it (a rule)
        ("It is the policy of the Department that members address people by the names and pronouns they use, "
         "and that no person is required to produce identification matching their gender identity.", "present"),
        # the officers relieved of theirs: no rule
        ("Officers are not required to use a name other than the one on a person's identification.", "absent"),
    ],
)
def test_who_is_relieved_decides_whether_a_disclaimer_binds(core, text: str, expected: str) -> None:
    assert status(core, "names-and-pronouns", text) == expected


def test_a_right_stated_in_the_elements_own_words_is_no_duty(core) -> None:
    found = element(core, "advise-right-to-refuse", "A person is not required to consent to a search.")
    assert found.status.value == "absent" and "no duty" in found.reason


def test_phrases_with_a_possessive_match_the_split_tokens() -> None:
    pattern = _phrase_regex(("officer's discretion",))
    assert pattern is not None
    assert pattern.search("at the officer 's discretion") and pattern.search("at the officer's discretion")


def test_documents_deciding_the_name_swallow_the_courtesy(core) -> None:
    text = "Officers shall use the name and pronouns a person uses, unless the person's identification shows a different name."
    assert status(core, "names-and-pronouns", text) == "hedged"
    kept = "Officers shall use the name and pronouns a person uses, regardless of the gender marker on any identification."
    assert status(core, "names-and-pronouns", kept) == "present"


@pytest.mark.parametrize(
    "blocks, expected",
    [
        (("Chemical agents, impact projectiles and distraction devices: a. shall not be used against peaceful "
          "or passively resisting persons; b. require the authorization of the incident commander.",), "present"),
        # a definition has no predicate after its colon
        (("Chemical agents: irritants such as OC or CS used to disperse a crowd of demonstrators.",), "absent"),
    ],
)
def test_a_verbless_subject_before_a_colon_takes_the_predicate_after_it(core, blocks, expected: str) -> None:
    assert status(core, "crowd-control-weapons", *blocks) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("no one can require you to write a set number of tickets .", "prohibition"),
        ("a supervisor cannot order an officer to meet a quota .", "prohibition"),
        ("this policy cannot cover every situation .", "plain"),
        ("a person in crisis may not understand commands .", "plain"),
    ],
)
def test_negated_can_before_a_verb_of_imposing_is_a_ban(sentence: str, expected: str) -> None:
    words = sentence.split()
    assert read_clause(words, 3).modality == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rule 9. Impose no numeric quota for arrests, stops, tickets or any other enforcement action.", "present"),
        ("1. Set no quotas for citations or arrests.", "present"),
        # a command to set them is no ban
        ("1. Set monthly quotas for citations and arrests.", "absent"),
    ],
)
def test_a_command_to_do_none_is_a_ban(core, text: str, expected: str) -> None:
    assert status(core, "no-quota", text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "the state peace officer standards board recommends that agencies require officers to intervene .",
        "under the consent decree entered in another city , officers there must intervene .",
        "according to the attorney general 's guidance , officers should intervene .",
    ],
)
def test_other_bodies_rules_are_background(sentence: str) -> None:
    words = sentence.split()
    assert reported_by_others(words, words.index("intervene")) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "according to this policy , officers shall intervene .",
        "officers shall intervene when another officer uses excessive force .",
    ],
)
def test_this_agencys_rules_are_not_background(sentence: str) -> None:
    words = sentence.split()
    assert reported_by_others(words, words.index("intervene")) is None
