"""State-law packs: the statute keys, the CONTRADICTED status (opt-in), --as-of and requires_section.

Sentences run through the real engine against the shipped ``ca``, ``il`` and ``core`` packs.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from policylint.api import lint_documents, plan_run
from policylint.config import Config
from policylint.engine.analyse import analyse_document
from policylint.engine.examples import document_from_markdown, document_from_text
from policylint.engine.statute import apply_law
from policylint.results import ElementStatus, Severity, TopicStatus
from policylint.rulebook import load_packs, parse_pack
from policylint.rulebook.compiler import compile_rules
from policylint.yamlsource import parse_yaml
from policylint.safeload import LoadError


@pytest.fixture(scope="module")
def packs():
    return load_packs().packs


@pytest.fixture(scope="module")
def compiled(packs):
    return compile_rules([packs["core"], packs["ca"], packs["il"]])


def _element(compiled, pack: str, topic: str, element: str, *blocks: str):
    document = document_from_text("", blocks=list(blocks))
    for coverage in analyse_document(document, compiled, scope_document=True):
        if (coverage.pack, coverage.topic) == (pack, topic):
            return next(e for e in coverage.elements if e.id == element)
    raise KeyError((pack, topic, element))


def _status(compiled, pack, topic, element, *blocks) -> str:
    return _element(compiled, pack, topic, element, *blocks).status.value


# ----------------------------------------------------------------------------- contradicted


def test_contradiction_is_opt_in_best_practice_packs_keep_their_contract(compiled):
    """The same permission is a hedge in core (no contradictions key) and a contradiction in ca."""
    sentence = "Officers may use a carotid restraint on a subject who is violently resisting."
    assert _status(compiled, "core", "use-of-force", "neck-restraint-ban", sentence) == "hedged"
    assert _status(compiled, "ca", "neck-restraints", "carotid-ban", sentence) == "contradicted"


@pytest.mark.parametrize("sentence", [
    "Officers may apply a carotid restraint to a combative subject.",
    "A carotid restraint may be used to control a violently resisting person.",
    "Officers are authorized to use the carotid control hold on a combative subject.",
    "Nothing in this policy prohibits the use of a carotid restraint.",
    "Officers may apply a carotid restraint only when deadly force would be justified.",  # California allows no exception
])
def test_permissions_to_do_the_banned_act_contradict(compiled, sentence):
    assert _status(compiled, "ca", "neck-restraints", "carotid-ban", sentence) == "contradicted"


@pytest.mark.parametrize("sentence,expected", [
    ("Officers who use a carotid restraint may be disciplined.", "hedged"),  # a consequence, not a grant
    ("A carotid restraint may cause brain injury within seconds.", "hedged"),  # what it may do, not who may do it
    ("Officers may use any control hold except a carotid restraint.", "present"),  # carved out of the grant: a ban
    ("A person placed in a carotid restraint shall be examined by a paramedic.", "absent"),  # a duty about it
    ("Carotid restraints are prohibited.", "present"),
])
def test_sentences_that_grant_nothing_do_not_contradict(compiled, sentence, expected):
    assert _status(compiled, "ca", "neck-restraints", "carotid-ban", sentence) == expected


@pytest.mark.parametrize("pack,topic,element,sentence", [
    # a duty with the banned words as subject classifies or trains; it grants nothing (read in the corpus)
    ("ca", "neck-restraints", "carotid-ban", "Every carotid technique shall be counted as a use of force in the monthly report."),
    ("ca", "neck-restraints", "carotid-ban", "Instructors who teach the LVNR will be required to renew their certificate each year."),
    # a redaction duty and a supervisor's decision are procedures, not permissions to destroy footage
    ("il", "body-worn-cameras", "no-tampering", "Faces of bystanders in a video shall be blurred or edited out before the footage is released."),
    ("il", "body-worn-cameras", "no-tampering", "A sergeant will decide whether an accidental recording is deleted."),
    ("il", "body-worn-cameras", "no-tampering", "Once the 90-day period has passed, unflagged recordings must be destroyed."),
    # a grant limited to the statute's own condition (lawful orders to disperse) is a hedge at most
    ("il", "prohibited-force", "chemical-agents-dispersal-order", "Pepper spray may be used on a crowd that ignores lawful orders to leave the area."),
])
def test_corpus_sentences_that_are_not_contradictions(compiled, pack, topic, element, sentence):
    assert _status(compiled, pack, topic, element, sentence) != "contradicted"


def test_a_duty_to_do_the_banned_thing_contradicts(compiled):
    """A quota written as a duty: core reads a duty about quotas; ca reads the banned practice."""
    sentence = "Each traffic officer shall issue at least 20 citations per month."
    assert _status(compiled, "ca", "quotas", "no-quota", sentence) == "contradicted"
    assert _status(compiled, "core", "quota-prohibition", "no-quota", sentence) != "contradicted"


def test_a_restricted_permission_is_no_contradiction_where_the_statute_has_exceptions(compiled):
    """Illinois allows a chokehold where deadly force is justified: "only when ..." may be that."""
    assert _status(compiled, "il", "prohibited-force", "chokehold-ban",
                   "Officers may use a chokehold only when the officer's life is in danger.") == "hedged"
    assert _status(compiled, "il", "prohibited-force", "chokehold-ban",
                   "Officers may use a chokehold only when deadly force is justified.") == "present"
    assert _status(compiled, "il", "prohibited-force", "chokehold-ban",
                   "A chokehold may be used to gain control of a resisting subject.") == "contradicted"


def test_a_ban_elsewhere_does_not_cure_a_permission_and_the_permission_is_quoted_first(compiled):
    found = _element(compiled, "ca", "neck-restraints", "chokehold-ban",
                     "Chokeholds are prohibited.", "A chokehold may be applied as a last resort.")
    assert found.status is ElementStatus.CONTRADICTED
    assert found.evidence[0].text == "A chokehold may be applied as a last resort."
    assert found.reason.startswith("permits what the statute bans")


CONTRADICTING_MANUAL = """\
# 300 Use of Force

## 300.6 Control Holds

A carotid restraint may be used to control a violently resisting person. Chokeholds are prohibited. Officers shall not use any restraint that involves a substantial risk of positional asphyxia.
"""


def _lint(text: str, packs: list[str], as_of: dt.date | None = None):
    plan = plan_run(packs=packs, config=Config(), as_of=as_of)
    return lint_documents([document_from_markdown(text)], plan)


def test_contradicted_topic_ranks_above_weak_and_missing_with_a_full_severity_finding():
    result = _lint(CONTRADICTING_MANUAL, ["ca"], dt.date(2024, 1, 1))
    doc = result.documents[0]
    topic = next(t for t in doc.coverage if t.topic == "neck-restraints")
    assert topic.status is TopicStatus.CONTRADICTED
    assert doc.counts()["contradicted"] == 1
    finding = next(f for f in doc.findings if f.element == "carotid-ban")
    assert finding.status == "contradicted" and finding.severity is Severity.ERROR
    assert "Cal. Gov. Code 7286.5" in finding.message
    from policylint.report.presentation import ordered_topics

    assert ordered_topics(doc)[0].topic == "neck-restraints"


# ----------------------------------------------------------------------------- statutes and as-of


def test_state_law_elements_carry_their_statute_and_best_practice_json_is_unchanged():
    result = _lint(CONTRADICTING_MANUAL, ["ca", "core"], dt.date(2024, 1, 1))
    data = result.to_dict()
    assert data["as_of"] == "2024-01-01"
    coverage = data["documents"][0]["coverage"]
    ca = [e for t in coverage if t["pack"] == "ca" for e in t["elements"]]
    core = [e for t in coverage if t["pack"] == "core" for e in t["elements"]]
    assert all(e["law"]["citation"] and e["law"]["effective"] for e in ca)
    assert not any("law" in e for e in core)
    assert set(data["documents"][0]["summary"]) >= {"covered", "weak", "missing", "waived", "contradicted"}
    core_only = _lint(CONTRADICTING_MANUAL, ["core"]).to_dict()
    assert "as_of" not in core_only
    assert set(core_only["documents"][0]["summary"]) == {"covered", "weak", "missing", "waived"}
    json.dumps(data)


def test_requirements_not_yet_in_force_are_reported_as_such_not_as_gaps():
    """AB 490 (positional asphyxia) took effect 2022-01-01; as of 2021 the row is not in force."""
    manual = "# 300.6 Neck Restraints\n\nOfficers shall not use a carotid restraint or a chokehold on any person.\n"
    later = _lint(manual, ["ca"], dt.date(2024, 1, 1)).documents[0]
    earlier = _lint(manual, ["ca"], dt.date(2021, 6, 1)).documents[0]
    topic_later = next(t for t in later.coverage if t.topic == "neck-restraints")
    topic_earlier = next(t for t in earlier.coverage if t.topic == "neck-restraints")
    asphyxia = lambda t: next(e for e in t.elements if e.id == "positional-asphyxia-ban")  # noqa: E731
    assert asphyxia(topic_later).status is ElementStatus.ABSENT and topic_later.status is TopicStatus.WEAK
    assert asphyxia(topic_earlier).status is ElementStatus.NOT_IN_FORCE
    assert "not in force on 2021-06-01" in asphyxia(topic_earlier).reason
    assert asphyxia(topic_earlier).law is not None and not asphyxia(topic_earlier).law.in_force
    assert topic_earlier.status is TopicStatus.COVERED  # judged on the two bans in force that day
    assert not [f for f in earlier.findings if f.element == "positional-asphyxia-ban"]


def test_a_topic_with_no_requirement_in_force_is_not_in_force():
    """Penal Code 13652 (AB 48) took effect 2022-01-01."""
    doc = _lint("# 431 Assemblies\n\nOfficers shall protect the right to protest.\n", ["ca"], dt.date(2021, 6, 1)).documents[0]
    topic = next(t for t in doc.coverage if t.topic == "assembly-less-lethal")
    assert topic.status is TopicStatus.NOT_IN_FORCE
    assert not [f for f in doc.findings if f.topic == "assembly-less-lethal"]


def test_a_statute_about_a_policy_of_its_own_needs_that_section():
    """Illinois camera rules: retention sentences in an in-car video policy are not a camera policy."""
    no_section = ("# 424 Mobile Video\n\nBody-worn camera recordings shall be retained for 90 days.\n")
    with_section = ("# 424 Body-Worn Cameras\n\nBody-worn camera recordings shall be retained for 90 days.\n")
    missing = next(t for t in _lint(no_section, ["il"]).documents[0].coverage if t.topic == "body-worn-cameras")
    judged = next(t for t in _lint(with_section, ["il"]).documents[0].coverage if t.topic == "body-worn-cameras")
    assert missing.status is TopicStatus.MISSING
    assert {e.status for e in missing.elements} == {ElementStatus.ABSENT}
    assert next(e for e in judged.elements if e.id == "retention").status is ElementStatus.PRESENT


def test_apply_law_leaves_best_practice_packs_alone(packs):
    document = document_from_text("Officers shall intervene to stop excessive force by another officer.")
    coverage = analyse_document(document, compile_rules([packs["core"]]))
    assert apply_law(coverage, [packs["core"]], dt.date(2000, 1, 1)) == coverage


# ----------------------------------------------------------------------------- loader


STATE_PACK = """\
pack: zz-law
title: Test state
version: "1"
state: zz
contradictions: true
topics:
  - id: holds
    title: Holds
    elements:
      - id: no-choke
        title: No chokeholds
        kind: prohibition
        citation: Test Code 1
        effective: 2020-01-01
        match: [[chokehold]]
        examples:
          present: [Officers shall not use a chokehold., Chokeholds are prohibited.]
          hedged: [Officers should avoid chokeholds.]
          absent: [Officers shall wear uniforms.]
          contradicted: [A chokehold may be used on a resisting person.]
"""


def _problems(text: str) -> list[str]:
    """Every problem loading the pack text reports, from the YAML reader or the schema."""
    try:
        data = parse_yaml(text, "zz.yaml")
    except LoadError as exc:  # an impossible date is refused while reading, at its line and key
        return [str(exc.problem)]
    _pack, problems = parse_pack(data)
    return [str(p) for p in problems]


def test_a_valid_state_pack_loads_with_its_statute():
    pack, problems = parse_pack(parse_yaml(STATE_PACK, "zz.yaml"))
    assert problems == [] and pack is not None
    element = pack.topics[0].elements[0]
    assert (pack.state, pack.contradictions) == ("zz", True)
    assert (element.citation, element.effective) == ("Test Code 1", dt.date(2020, 1, 1))
    assert element.in_force(dt.date(2020, 1, 1)) and not element.in_force(dt.date(2019, 12, 31))


@pytest.mark.parametrize("old,new,fragment", [
    ("state: zz", "state: Zed", "state: must be a two-letter state code"),
    ("contradictions: true", "contradictions: sometimes", "contradictions: must be true or false"),
    ("effective: 2020-01-01", "effective: 2020-13-01", "effective: must be a date, YYYY-MM-DD"),
    ("        citation: Test Code 1\n", "", "citation: required in a state-law pack"),
    ("        effective: 2020-01-01\n", "", "effective: required in a state-law pack"),
    ("contradictions: true\n", "", "'contradicted' examples need the pack to set contradictions: true"),
    ("    title: Holds\n", "    title: Holds\n    requires_section: true\n", "requires_section: needs 'headings'"),
])
def test_state_pack_problems_name_file_line_and_key(old, new, fragment):
    problems = _problems(STATE_PACK.replace(old, new))
    assert any(fragment in p and p.startswith("zz.yaml:") for p in problems), problems


def test_statute_keys_belong_to_state_packs_only():
    problems = _problems(STATE_PACK.replace("state: zz\n", "").replace("contradictions: true\n", ""))
    assert any("'citation' belongs to state-law packs only" in p for p in problems), problems


def test_only_a_prohibition_can_have_contradicted_examples():
    problems = _problems(STATE_PACK.replace("kind: prohibition", "kind: mandate"))
    assert any("only a prohibition element can be contradicted" in p for p in problems), problems


def test_rules_test_requires_contradicted_examples_for_bans_in_a_contradictions_pack():
    from policylint.engine.examples import example_count_problems

    pack, _ = parse_pack(parse_yaml(STATE_PACK.replace("          contradicted: [A chokehold may be used on a resisting person.]\n", ""), "zz.yaml"))
    assert any("needs at least 1 'contradicted' example" in p for p in example_count_problems(pack))


def test_a_waived_contradiction_is_kept_marked_waived_and_the_topic_is_rejudged():
    from policylint.results import Waiver

    plan = plan_run(packs=["ca"], config=Config(), as_of=dt.date(2024, 1, 1),
                    waivers=[Waiver(topic="neck-restraints", pack="ca", element="carotid-ban",
                                    reason="Council resolution 12 retires the hold; manual revision pending.")])
    doc = lint_documents([document_from_markdown(CONTRADICTING_MANUAL)], plan).documents[0]
    topic = next(t for t in doc.coverage if t.topic == "neck-restraints")
    carotid = next(e for e in topic.elements if e.id == "carotid-ban")
    assert carotid.status is ElementStatus.WAIVED and carotid.reason.startswith("waived (contradicted)")
    assert topic.status is TopicStatus.COVERED
    finding = next(f for f in doc.findings if f.element == "carotid-ban")
    assert finding.status == "contradicted" and finding.waived


def test_a_single_topic_order_titled_for_the_policy_is_that_policy():
    """An order whose title lines name the cameras is the camera policy, with no section titled so."""
    document = document_from_text("", path="order.txt", blocks=[
        "General Order 12", "Subject: Officer-Worn Cameras", "Camera recordings shall be retained for 90 days."])
    plan = plan_run(packs=["il"], config=Config())
    topic = next(t for t in lint_documents([document], plan).documents[0].coverage if t.topic == "body-worn-cameras")
    assert topic.status is not TopicStatus.MISSING
    assert next(e for e in topic.elements if e.id == "retention").status is ElementStatus.PRESENT
