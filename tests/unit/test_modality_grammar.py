"""The modality grammar, cue by cue: one or more unit sentences for each way policy text binds,
permits, hedges or only reports (policylint/engine/modality.py).

Each case is a sentence, the word the rule is about (the anchor) and the reading the clause must
get. Sentences are lower-cased and split the way the engine splits them (spaCy's tokenizer).
"""

from __future__ import annotations

import pytest

from policylint.engine.modality import (
    compile_hedges,
    exception_follows,
    judge_sentence,
    past_run_in_label,
    read_clause,
    reported_by_others,
)
from policylint.nlp import get_nlp


def _words(sentence: str) -> list[str]:
    return [t.lower_ for t in get_nlp(False).make_doc(sentence) if not t.is_space]


def _reading(sentence: str, anchor: str) -> str:
    words = _words(sentence)
    first = anchor.split()[0]
    return read_clause(words, words.index(first)).modality


CUES = [
    # --- modal verbs
    ("Officers shall intervene when another officer uses excessive force.", "intervene", "binding"),
    ("Members will render aid.", "render", "binding"),
    ("Deputies must report every use of force.", "report", "binding"),
    ("Officers may use a carotid restraint.", "carotid", "permissive"),
    ("Officers should give a warning.", "warning", "hedged"),
    # --- imperatives: a bare command verb after a marker, adverbs or a leading condition
    ("3. Give a verbal warning before using deadly force.", "warning", "binding"),
    ("When practical, use advisements and verbal persuasion.", "advisements", "binding"),
    ("Before using deadly force, identify yourself as a police officer.", "identify", "binding"),
    ("(c) Immediately notify a supervisor of any use of force.", "supervisor", "binding"),
    ("Intervene to stop excessive force.", "intervene", "binding"),
    ("Do not apply a chokehold.", "chokehold", "prohibition"),
    ("Consider using time and distance.", "time", "hedged"),
    ("c. Advise of the right to refuse before asking to search.", "refuse", "binding"),
    ("2. Notify of any injury at once.", "injury", "binding"),
    # ... but not a noun-like first word, or a first word that is the subject of a modal
    ("Report writing and review.", "report", "plain"),
    ("Stop data shall be entered for every stop.", "data", "binding"),
    # --- passives and directives without a modal
    ("A verbal warning is to be given when feasible.", "warning", "binding"),
    ("Officers are to intervene.", "intervene", "binding"),
    ("Neck restraints are not to be used.", "neck", "prohibition"),
    # --- policy and responsibility statements
    ("It is the policy of the Department that officers warn the subject before firing.", "warn", "binding"),
    ("It is the policy of the Department that firing at a moving vehicle is prohibited.", "firing", "prohibition"),
    ("It is the policy of the Department not to use arrest or citation quotas.", "quotas", "prohibition"),
    ("It is the policy of the Office to record every stop.", "record", "binding"),
    ("It is each member's responsibility to intervene.", "intervene", "binding"),
    ("It shall be the duty of every officer to intercede.", "intercede", "binding"),
    ("Officers have an obligation to render aid.", "render", "binding"),
    ("Officers need to report the force they use.", "report", "binding"),
    ("Officers need not wait for a supervisor.", "wait", "permissive"),
    # --- second person
    ("You must intervene to stop another officer.", "intervene", "binding"),
    ("You are not to fire at a moving vehicle.", "fire", "prohibition"),
    # --- negated modals: bans ...
    ("Officers may not use chokeholds.", "chokeholds", "prohibition"),
    ("Chokeholds may not be used.", "chokeholds", "prohibition"),
    ("No officer shall fire a warning shot.", "warning", "prohibition"),
    ("Under no circumstances will officers use a carotid hold.", "carotid", "prohibition"),
    # ... and possibilities, which ban nothing
    ("De-escalation may not be possible in every situation.", "de", "plain"),
    ("This policy may not cover every situation.", "policy", "plain"),
    ("A person in crisis may not understand commands.", "commands", "plain"),
    ("Deadly force may not be justified against a fleeing person.", "deadly", "plain"),
    # --- restricted grants bind
    ("Deadly force may be used only after other means have failed.", "deadly", "binding"),
    ("Only the minimum force necessary is authorized.", "force", "binding"),
    # --- someone else's rule
    ("The Task Force recommended that agencies require officers to de-escalate.", "de", "plain"),
    ("Some agencies ban chokeholds.", "chokeholds", "plain"),
    ("State law requires each agency to adopt a policy on de-escalation.", "de", "plain"),
    ("The Supreme Court held that a warning should be given before deadly force.", "warning", "plain"),
    ("The advisory panel's guidance states that officers must render aid.", "aid", "plain"),
    # --- a proposal or hypothetical: "would" before the binding verb
    ("A draft revision now under review would prohibit neck restraints.", "neck", "plain"),
    ("The bill could require officers to record every stop.", "record", "plain"),
    ("Such a rule would be mandated only by statute.", "rule", "plain"),
    ("Force that could cause death shall be used only as a last resort.", "force", "binding"),
    # --- a law or this agency stating what officers must do still binds
    ("State law provides that officers shall render aid.", "aid", "binding"),
    ("This policy states that officers shall intervene.", "intervene", "binding"),
    # ... but a law or the agency requiring officers to act binds them
    ("State law requires officers to intervene.", "intervene", "binding"),
    # --- a title or a contents line is not a rule, whatever noun it holds
    ("Prohibition of Enforcement Quotas", "quotas", "plain"),
    ("The prohibition on quotas applies to every supervisor.", "quotas", "prohibition"),
    ("The Department requires officers to report every use of force.", "report", "binding"),
]


@pytest.mark.parametrize("sentence,anchor,expected", CUES, ids=[c[0][:48] for c in CUES])
def test_each_cue_reads_as_policy_is_written(sentence: str, anchor: str, expected: str) -> None:
    assert _reading(sentence, anchor) == expected


def test_reported_speech_names_its_reason() -> None:
    words = _words("The Task Force recommended a duty to intervene.")
    assert reported_by_others(words, words.index("intervene")) == "reported: 'recommended'"
    words = _words("Officers shall intervene.")
    assert reported_by_others(words, words.index("intervene")) is None


def test_a_run_in_label_is_read_with_the_rule_after_it() -> None:
    words = _words("Verbal warnings: before using deadly force, officers will command the subject to submit.")
    moved = past_run_in_label(words, words.index("warnings"))
    assert words[moved] == "before"
    assert read_clause(words, moved).modality == "binding"
    # a real lead-in with a verb of its own is left alone
    words = _words("Officers shall not: use a chokehold")
    assert past_run_in_label(words, words.index("officers")) == words.index("officers")


RULES = compile_hedges((), ("when feasible",), ("deadly force is authorized",), ("vehicle itself",))


def _judge(sentence: str, anchor: str, kind: str) -> str:
    words = _words(sentence)
    return judge_sentence(words, [words.index(anchor.split()[0])], kind, RULES).status


def test_a_condition_after_a_ban_is_required() -> None:
    """"may not be shot before being called upon to surrender": the call to surrender is required."""
    assert _judge("An offender may not be shot before being called upon to surrender.", "surrender", "mandate") == "present"
    assert _judge("Officers shall not fire until a warning has been given.", "warning", "mandate") == "present"


def test_words_inside_an_exception_are_not_the_rule() -> None:
    # the second "warning" sits in the exception; the first is swallowed by it
    assert _judge("Officers shall give a warning unless the officer believes a warning is unnecessary.", "warning", "mandate") == "hedged"
    # for a ban, the excepted situation is not what is banned
    assert _judge(
        "Officers shall not fire from a vehicle unless deadly force is being used against the officer.", "deadly", "prohibition"
    ) == "absent"


def test_accepting_one_member_accepts_the_hedge_family() -> None:
    from policylint.rulebook.lexicon import shipped_lexicon

    lexicon = shipped_lexicon()
    accepted = lexicon.expand_accepted(("when feasible",))
    assert {"when practicable", "if it is safe to do so", "if circumstances permit", "where reasonable"} <= set(accepted)
    assert "as appropriate" not in accepted  # another family: discretion
    assert "as soon as practicable" not in lexicon.expand_accepted(("when feasible",))  # promptness is its own family


def test_an_exception_in_the_next_sentence_swallows_a_ban() -> None:
    assert exception_follows(_words("Exception: when the vehicle itself is used as a weapon."), RULES) is not None
    assert exception_follows(_words("The exception would be a threat to the public."), RULES) is not None
    # an accepted exception leaves the ban standing; "However" needs a permission after it
    assert exception_follows(_words("Exception: where deadly force is authorized."), RULES) is None
    assert exception_follows(_words("However, officers shall report the incident."), RULES) is None
    assert exception_follows(_words("However, officers may fire when the vehicle itself is a weapon."), RULES) is not None
    assert exception_follows(_words("Officers shall report the incident."), RULES) is None


def test_someone_elses_wish_is_a_mention_not_a_weak_rule() -> None:
    """Reported without a binding verb: "mentioned" (absent for the element), not "hedged"."""
    assert _judge("The Review Board has asked that every use of force be documented.", "documented", "mandate") == "mentioned"
    assert _judge("The advisory panel requested that officers be told to intervene.", "intervene", "mandate") == "mentioned"
    assert _judge("Every use of force should be documented.", "documented", "mandate") == "hedged"


@pytest.mark.parametrize("sentence", [
    "You will never be required to write a set number of tickets.",
    "At no time shall a member be required to make a predetermined number of stops.",
    "Officers shall not be required to meet a quota.",
    "No member shall be directed to meet a predetermined number of tickets.",
    "Officers are not to be required to write a minimum number of tickets.",
    # the same directive negated by its subject, and a policy statement that rules it out
    "No officer is to be required to meet a numeric quota of citations.",
    "It is the policy of the Department that no member is required to meet any numeric quota.",
    "It is the policy of the Department that officers are not required to meet a quota.",
])
def test_a_ruled_out_requirement_is_a_ban(sentence: str) -> None:
    assert _judge(sentence, "number" if "number" in sentence else "quota", "prohibition") == "present"


def test_officers_not_required_only_removes_a_duty() -> None:
    assert _judge("Officers are not required to meet a quota.", "quota", "prohibition") == "hedged"
    assert _judge("No officer is required to meet a quota.", "quota", "prohibition") == "hedged"


@pytest.mark.parametrize("sentence, anchor, expected", [
    # a condition that ends in ":" is the lead-in of the command after it
    ("Before deploying chemical agents at a crowd event: do not use them against peaceful persons.", "chemical", "prohibition"),
    ("After any reportable force (beyond handcuffing): complete a detailed written force report.", "force", "binding"),
    ("When a person is injured: summon medical aid.", "injured", "binding"),
    # ... but a lead-in that is no condition, or an item that is no command, lends nothing
    ("Chemical agents and their effects: a summary for new members.", "chemical", "plain"),
    ("Before deploying chemical agents at a crowd event: the history of their use.", "chemical", "plain"),
])
def test_a_condition_lead_in_takes_the_command_after_it(sentence: str, anchor: str, expected: str) -> None:
    assert _reading(sentence, anchor) == expected


def test_a_bracket_before_a_colon_is_punctuation_not_an_emoticon() -> None:
    """spaCy keeps "):" as one emoticon token; a lead-in ending "(...):" must end in ":"."""
    assert _words("After force (beyond handcuffing): notify a supervisor.")[-6:-4] == [")", ":"]
    assert ":)" not in _words("See the table (below :) for details.")
    assert "8)" in _words("8) Officers shall intervene.")  # an item marker stays one token


def test_a_negated_reporting_verb_is_one_of_a_bans_verbs() -> None:
    words = _words("Do not assign, require or suggest any number of citations an officer must make.")
    assert reported_by_others(words, words.index("number")) is None
    words = _words("Instructors shall teach that deadly force is a last resort.")
    assert reported_by_others(words, words.index("deadly")) == "reported: 'teach'"


def test_a_text_someone_may_write_is_not_stated() -> None:
    """A presence element ("the policy has a continuum") is not met by a plan to write one."""
    assert _judge("Division commanders may develop a force matrix for their units.", "matrix", "presence") == "hedged"
    assert _judge("The Department should adopt a force continuum.", "continuum", "presence") == "hedged"
    assert _judge("The force matrix below may be used as a guide.", "matrix", "presence") == "present"


def test_a_hedge_on_the_manner_is_no_hedge_on_the_duty() -> None:
    assert _judge("Officers shall intervene, physically if needed, to stop excessive force.", "intervene", "mandate") == "present"
    assert _judge("Officers shall intervene if needed to stop excessive force.", "intervene", "mandate") == "hedged"


@pytest.mark.parametrize("following", [
    "2. Paragraph 1 does not apply when the subject is armed.",
    "This does not apply where the member decides that force at once is the better choice.",
    "(2) Subsection (1) does not apply to force used by a sergeant.",
    "b. A supervisor may waive paragraph (a) when response times are long.",
])
def test_a_carve_out_in_the_next_item_swallows_the_rule(following: str) -> None:
    assert exception_follows(_words(following), RULES, mandate=True) is not None


def test_a_passive_waiver_left_to_judgement_swallows_the_duty() -> None:
    rule = _words("Officers shall give a verbal warning before using deadly force.")
    waived = _words("The warning may be omitted whenever the officer considers it unnecessary.")
    assert exception_follows(waived, RULES, mandate=True, rule_words=rule) is not None
    # feasibility is what every duty allows; and another thing waived is no waiver of this one
    unsafe = _words("The warning may be omitted when giving it would endanger officers or others.")
    assert exception_follows(unsafe, RULES, mandate=True, rule_words=rule) is None
    other = _words("The report may be omitted whenever the supervisor considers it unnecessary.")
    assert exception_follows(other, RULES, mandate=True, rule_words=rule) is None


@pytest.mark.parametrize("following", [
    "This does not apply when giving the warning would endanger officers.",
    "Paragraph 1 applies to every sworn member.",
    "Officers do not apply force to restrained persons.",
])
def test_a_feasibility_carve_out_or_another_rule_leaves_it_standing(following: str) -> None:
    assert exception_follows(_words(following), RULES, mandate=True) is None


def test_a_second_way_out_after_an_accepted_exception_swallows_the_ban() -> None:
    rules = compile_hedges((), (), ("deadly force is authorized",), ())
    sentence = "Chokeholds are prohibited except where deadly force is authorized or where the subject is actively resisting."
    words = _words(sentence)
    assert judge_sentence(words, [words.index("chokeholds")], "prohibition", rules).status == "hedged"
    words = _words("Chokeholds are prohibited except where deadly force is authorized.")
    assert judge_sentence(words, [words.index("chokeholds")], "prohibition", rules).status == "present"


@pytest.mark.parametrize("sentence", [
    "Officers shall summon EMS for any injured person, unless the supervisor determines that medical attention is not needed.",
    "Officers shall honor the person's request, unless doing so would be inconvenient.",
])
def test_an_exception_left_to_judgement_or_convenience_swallows_a_duty(sentence: str) -> None:
    assert _judge(sentence, "summon" if "summon" in sentence else "honor", "mandate") == "hedged"


def test_an_exception_for_what_cannot_be_done_safely_leaves_the_duty() -> None:
    sentence = "Officers shall summon EMS for any injured person, unless the scene is not yet secure."
    assert _judge(sentence, "summon", "mandate") == "present"


def test_a_hedge_phrase_matches_with_a_hyphen_or_a_space() -> None:
    """A rule's weak hedge "behavioral health crisis" also reads "behavioral-health crisis"."""
    rules = compile_hedges(("behavioral health crisis",), (), (), ())
    for written in ("a person in a behavioral-health crisis", "a person in a behavioral health crisis"):
        words = _words(f"When responding to {written}, officers shall use de-escalation.")
        assert judge_sentence(words, [words.index("de")], "mandate", rules).status == "hedged"
    words = _words("Officers shall use de-escalation.")
    assert judge_sentence(words, [words.index("de")], "mandate", rules).status == "present"


@pytest.mark.parametrize("header, named", [
    ("Principle | Requirement", "requirement"),
    ("Rule | Applies to chemical agents", "rule"),
    ("Tactic | What it requires", "what it requires"),
    ("Situation | Required action", "required action"),
])
def test_a_header_column_named_as_the_rules_makes_each_row_one(header: str, named: str) -> None:
    from policylint.engine.modality import requirement_header

    reading = requirement_header(_words(header) + [":"])
    assert reading is not None and reading.modality == "binding" and named in (reading.cue or "")


@pytest.mark.parametrize("header", ["Force level | Documentation | Deadline", "Rule of thumb | Example", "Field | Source"])
def test_other_header_rows_lend_nothing(header: str) -> None:
    from policylint.engine.modality import requirement_header

    assert requirement_header(_words(header) + [":"]) is None


def test_a_ban_granted_back_at_the_officers_will_in_the_next_sentence_is_swallowed() -> None:
    rule = _words("Chemical agents shall not be used on passive persons.")
    granted = _words("Any officer may use them without a warning when the officer believes the crowd is unruly.")
    assert exception_follows(granted, RULES, rule_words=rule) is not None
    # a grant limited to an accepted situation, or another tool, leaves the ban standing
    accepted = _words("Officers may use them only where deadly force is authorized.")
    assert exception_follows(accepted, RULES, rule_words=rule) is None
    other = _words("Officers may use batons when they believe it necessary.")
    assert exception_follows(other, RULES, rule_words=rule) is None
