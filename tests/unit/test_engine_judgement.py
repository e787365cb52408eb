"""Judgement fixes, on hand-written sentences: essential elements, gaps in covered topics,
binding bans for mandates, restrictive grants, agency "does not", aims, "consider",
negation scope, lead-in lists, exceptions inside accepted exceptions, and W-PREAMBLE.

Every sentence is run through the real engine against tests/fixtures/packs/judgement.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.api import lint_documents, plan_run
from policylint.config import Config
from policylint.engine import analyse
from policylint.engine.analyse import analyse_document, is_background_title, is_preamble_title, is_self_description, points_to_what_follows
from policylint.engine.modality import read_clause
from policylint.model import Block, Document, Location, Section
from policylint.report import RenderOptions
from policylint.report.text import render as render_text
from policylint.results import Severity
from policylint.rulebook import load_pack_file
from policylint.rulebook.compiler import compile_rules
from policylint.yamlsource import load_yaml
from policylint.rulebook.loader import parse_pack

from engine_helpers import element, status

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "judgement" / "judgement.yaml"


@pytest.fixture(scope="module")
def pack():
    loaded, problems = load_pack_file(PACK)
    assert not problems, problems
    return loaded


@pytest.fixture(scope="module")
def compiled(pack):
    return compile_rules([pack])


CASES = [
    # B1: a binding ban states a mandate's rule; "not required" rules the duty out (no rule)
    ("special-populations", "A conducted energy device shall not be used on a person who is visibly pregnant.", "present"),
    ("special-populations", "Officers are not required to avoid a Taser on elderly people.", "absent"),
    ("community-input", "The agency shall not buy new surveillance tools before a public comment period ends.", "present"),
    ("avoid-escalation-duty", "Members shall avoid any approach that unnecessarily escalates a contact.", "present"),
    ("avoid-escalation-ban", "Members must refrain from conduct that unnecessarily escalates a confrontation.", "present"),
    ("avoid-escalation-ban", "Officers should avoid tactics that unnecessarily escalate a call.", "hedged"),
    # B2: restrictive grants bind
    ("deadly-force", "Officers may use deadly force only when a person poses an imminent threat to life.", "present"),
    ("deadly-force", "Using deadly force is permissible only when necessary to end an immediate danger to life.", "present"),
    ("deadly-force", "Members may resort to deadly force only after other reasonable options have failed.", "present"),
    ("deadly-force", "Officers may use deadly force when they believe it is justified.", "hedged"),
    ("carotid-ban", "Officers may apply a carotid restraint only when deadly force is authorized.", "present"),
    ("carotid-ban", "Officers may apply a carotid restraint only when the officer deems it useful.", "hedged"),
    # B3: an agency's "does not" is a ban; scope and "not require" are not
    ("no-quota", "Our agency does not set arrest quotas for patrol units.", "present"),
    ("no-quota", "The agency does not permit arrest quotas of any kind.", "present"),
    ("no-quota", "This policy does not apply to quotas set by state grant programs.", "hedged"),
    ("no-quota", "Officers do not enjoy quotas.", "hedged"),
    # ... but a binding "shall not require" bans requiring them; a bare "not required" does not
    ("no-quota", "The Department shall not require any officer to meet a quota.", "present"),
    ("no-quota", "No officer shall be required to meet a monthly quota.", "present"),
    ("no-quota", "Officers are not required to meet a quota.", "hedged"),
    # B4: "is to" after an aim is no duty
    ("debriefing", "The aim of each debriefing is to give the team a chance to reflect.", "hedged"),
    ("debriefing", "The goal of every debriefing is to improve tactics.", "hedged"),
    ("debriefing", "Supervisors are to hold a debriefing after every critical incident.", "present"),
    # B5: bare "consider" is not a hedge; the advisory forms are
    ("no-race", "Deputies shall not consider race when they choose which drivers to pull over.", "present"),
    ("de-escalation", "Officers should consider de-escalation before using force.", "hedged"),
    ("de-escalation", "Officers may consider de-escalation when a subject is calm.", "hedged"),
    ("de-escalation", "Officers are encouraged to consider de-escalation in every encounter.", "hedged"),
    # B6: "directed toward" means aimed, not ordered
    ("no-revenue", "Traffic patrols shall not be directed toward raising revenue for the town.", "present"),
    ("no-revenue", "Enforcement should not be directed toward revenue.", "hedged"),
    # B7: a "no" inside a relative clause does not negate the main clause
    ("release", "Anyone cited for an offense that caused no injury shall be released at the scene.", "present"),
    ("release", "A juvenile with no prior record shall be released to a parent.", "present"),
    # B9: a bad exception inside an accepted one does not swallow the ban
    ("moving-vehicle-ban", "Officers shall not shoot at a moving vehicle unless an occupant is using deadly force by means other than the vehicle itself.", "present"),
    ("moving-vehicle-ban", "Officers shall not fire at a moving vehicle unless the vehicle itself is being used as a weapon.", "hedged"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_sentence_status(compiled, case):
    element_id, sentence, expected = case
    assert status(compiled, element_id, sentence) == expected


def test_no_in_relative_clause_leaves_main_clause_binding():
    words = "anyone cited for an offense that caused no injury shall be released .".split()
    assert read_clause(words, words.index("released")).modality == "binding"
    opener = "no officer shall fire warning shots .".split()
    assert read_clause(opener, opener.index("warning")).modality == "prohibition"
    under = "under no circumstances will an officer fire warning shots .".split()
    assert read_clause(under, under.index("warning")).modality == "prohibition"


# ------------------------------------------------------------------------ B8: lists


def test_item_judged_with_lead_in_words(compiled):
    found = element(compiled, "dispersal-orders", "The commander's dispersal order shall include:", "(a) the routes available to leave;", "(b) the time allowed.")
    assert found.status.value == "present"
    quote = found.evidence[0].text
    assert "dispersal order shall include" in quote and "routes available to leave" in quote


def test_item_with_permissive_lead_in_is_hedged(compiled):
    assert status(compiled, "dispersal-orders", "The dispersal order may include:", "(a) the routes available to leave.") == "hedged"


def test_item_after_unrelated_paragraph_does_not_borrow(compiled):
    blocks = ("The dispersal order shall state:", "The commander keeps a log.", "Routes are posted on the website.")
    assert status(compiled, "dispersal-orders", *blocks) == "absent"


def test_bare_numbered_item_after_lead_in(compiled):
    # a PDF that drew "1." apart from the text yields "1 Given ..."
    assert status(compiled, "dispersal-orders", "The dispersal order shall be:", "1 Repeated three times from several positions.") == "present"


# ------------------------------------------------------------------------ B10: W-PREAMBLE


def _doc(*sections: tuple[str, list[str]]) -> Document:
    children = tuple(
        Section(
            number=f"1.{i}", title=title, level=1,
            blocks=tuple(Block(text=t, location=Location(page=1, line=j + 1), index=j) for j, t in enumerate(texts)),
            page_start=1, line_start=1,
        )
        for i, (title, texts) in enumerate(sections)
    )
    return Document(path="p.pdf", format="pdf", sha256="x", page_count=1, root=Section(number=None, title="", level=0, children=children))


def _intervene(compiled, document):
    topic = analyse_document(document, compiled, scope_document=True)[0]
    return next(e for e in topic.elements if e.id == "intervene")


@pytest.mark.parametrize("title", ["Purpose and Scope", "PURPOSE", "Scope", "300.1 PURPOSE AND SCOPE", "Purpose/Scope"])
def test_preamble_section_is_at_most_hedged(compiled, title):
    found = _intervene(compiled, _doc((title, ["Officers shall intervene when another officer uses excessive force."])))
    assert found.status.value == "hedged"
    assert "purpose/definitions" in found.reason


@pytest.mark.parametrize("title", ["Background", "Legal Update", "4.1 LEGISLATIVE HISTORY", "Discussion", "Case Law"])
def test_background_section_reports_rather_than_states(compiled, title):
    # "State law now requires officers to intervene" under "Legal Update" says what changed,
    # not what this agency requires
    found = _intervene(compiled, _doc((title, ["State law now requires officers to intervene when another officer uses excessive force."])))
    assert found.status.value == "absent"
    assert "background" in found.reason and found.evidence  # no rule, but says where the words are


@pytest.mark.parametrize("title", ["Appendix B - Model Policy (Not Adopted)", "Revisions Under Review", "Task Force Recommendations"])
def test_a_text_not_adopted_reports_rather_than_states(compiled, title):
    found = _intervene(compiled, _doc((title, ["Officers shall intervene when another officer uses excessive force."])))
    assert found.status.value == "absent"
    assert "background" in found.reason


def test_a_weak_sentence_under_background_is_a_mention(compiled):
    # "officers should intervene" under "Legal Background": what a law or a study says, not a weak rule
    found = _intervene(compiled, _doc(("Legal Background", ["Officers should intervene when another officer uses excessive force."])))
    assert found.status.value == "absent"


def test_background_title_helper():
    assert is_background_title("Legal Background") and is_background_title("2. History")
    assert is_background_title("Proposals Under Consideration")
    assert not is_background_title("Background Checks") and not is_background_title("Duty to Intervene")
    assert not is_background_title("Reviewing Use of Force Reports")


def test_a_sentence_pointing_below_introduces_the_list():
    assert points_to_what_follows("each condition below must be met before deadly force is used .".split())
    assert not points_to_what_follows("officers shall intervene .".split())
    assert not points_to_what_follows("the following :".split())  # a colon lead-in is read as one already


def test_section_under_purpose_is_operative(compiled):
    # Lexipol files "Duty to Intercede" under "Purpose and Scope": its own title decides
    child = Section(number="1.1.1", title="Duty to Intercede", level=2, blocks=(Block(text="Officers shall intervene when another officer uses excessive force.", location=Location(page=1, line=1)),), page_start=1, line_start=1)
    parent = Section(number="1.1", title="Purpose and Scope", level=1, children=(child,), page_start=1, line_start=1)
    document = Document(path="p.pdf", format="pdf", sha256="x", page_count=1, root=Section(number=None, title="", level=0, children=(parent,)))
    assert _intervene(compiled, document).status.value == "present"


def test_operative_section_outranks_preamble(compiled):
    document = _doc(
        ("Purpose and Scope", ["Officers shall intervene when another officer uses excessive force."]),
        ("Procedures", ["Any officer who sees excessive force shall intervene to stop it."]),
    )
    assert _intervene(compiled, document).status.value == "present"


def test_self_describing_sentence_is_hedged(compiled):
    assert status(compiled, "intervene", "This policy requires officers to intervene in excessive force.") == "hedged"
    assert status(compiled, "intervene", "The general order establishes a duty to intervene.") == "hedged"


def test_preamble_helpers():
    assert is_preamble_title("Purpose & Scope") and is_preamble_title("1.2 SCOPE")
    assert not is_preamble_title("Scope of Authority") and not is_preamble_title("Policy")
    # agencies state operative bans in their definitions (measured: 8cantwait labels count them)
    assert not is_preamble_title("Definitions")
    assert is_self_description("this policy describes the duties of officers".split())
    assert not is_self_description("officers shall follow this policy".split())


def test_preamble_rule_can_be_switched_off(compiled, monkeypatch):
    monkeypatch.setattr(analyse, "PREAMBLE_RULE", False)
    found = _intervene(compiled, _doc(("Purpose and Scope", ["Officers shall intervene when another officer uses excessive force."])))
    assert found.status.value == "present"


# ------------------------------------------------------------------------ A: essential elements and covered gaps


def test_essential_element_decides_coverage(pack):
    weak_doc = _doc(("Use of Force", ["Supervisors are to hold a debriefing after each incident.", "A conducted energy device may be used on a person who is pregnant."]))
    result = lint_documents([weak_doc], plan_run(pack_objects=[pack], config=Config()))
    force = next(t for t in result.documents[0].coverage if t.topic == "force")
    assert force.status.value == "weak"  # min_elements 1 is met, the essential element is not
    assert "essential not present: special-populations" in force.reason
    ok_doc = _doc(("Use of Force", ["Supervisors are to hold a debriefing after each incident.", "A conducted energy device shall not be used on a person who is visibly pregnant."]))
    result = lint_documents([ok_doc], plan_run(pack_objects=[pack], config=Config()))
    force = next(t for t in result.documents[0].coverage if t.topic == "force")
    assert force.status.value == "covered"


def test_gaps_in_covered_topic_are_info_findings(pack):
    document = _doc(("Use of Force", [
        "A conducted energy device shall not be used on a person who is visibly pregnant.",
        "Officers should consider de-escalation before using force.",
    ]))
    result = lint_documents([document], plan_run(pack_objects=[pack], config=Config()))
    doc = result.documents[0]
    force = next(t for t in doc.coverage if t.topic == "force")
    assert force.status.value == "covered"
    findings = {f.element: f for f in doc.findings if f.topic == "force"}
    assert findings["de-escalation"].severity is Severity.INFO
    assert findings["de-escalation"].status == "hedged"
    assert "is covered, but De-escalation required is hedged" in findings["de-escalation"].message
    assert findings["intervene"].status == "absent" and findings["intervene"].severity is Severity.INFO
    assert not any(f.severity is not Severity.INFO for f in doc.findings if f.topic == "force")
    text = render_text(result, RenderOptions(color=False))
    lines = text.splitlines()
    head = lines.index("  COVERED judgement/force (Force), with gaps:")
    assert any("De-escalation required: hedged" in line and "should consider de-escalation" in line for line in lines[head:])
    assert any("Duty to intervene: absent" in line for line in lines[head:])


def test_waived_essential_element_lets_topic_be_covered(pack):
    from policylint.results import Waiver

    document = _doc(("Use of Force", ["Supervisors are to hold a debriefing after each incident."]))
    waiver = Waiver(topic="force", element="special-populations", reason="handled by state law", pack="judgement")
    result = lint_documents([document], plan_run(pack_objects=[pack], config=Config(), waivers=[waiver]))
    force = next(t for t in result.documents[0].coverage if t.topic == "force")
    assert force.status.value == "covered"


def _parse(tmp_path, element_yaml: str):
    path = tmp_path / "p.yaml"
    path.write_text(
        "pack: p\ntitle: P\nversion: '1'\ntopics:\n  - id: t\n    title: T\n    elements:\n" + element_yaml, encoding="utf-8"
    )
    return parse_pack(load_yaml(path))


def test_loader_reads_essential(tmp_path):
    pack, problems = _parse(tmp_path, "      - {id: e, title: E, kind: presence, match: [x], essential: true}\n")
    assert not problems and pack.topics[0].elements[0].essential
    assert pack.topics[0].essential_elements[0].id == "e"
    pack, problems = _parse(tmp_path, "      - {id: e, title: E, kind: presence, match: [x]}\n")
    assert not problems and not pack.topics[0].elements[0].essential


def test_loader_rejects_bad_essential(tmp_path):
    _, problems = _parse(tmp_path, "      - {id: e, title: E, kind: presence, match: [x], essential: 'yes'}\n")
    assert any("essential" in p.key and "true or false" in p.message for p in problems)
    _, problems = _parse(tmp_path, "      - {id: e, title: E, kind: presence, match: [x], essential: true, required: false}\n")
    assert any("must be required" in p.message for p in problems)


# --- cue words in other senses (found reviewing corpus evidence) -------------------------

def _reading(sentence: str, anchor_word: str):
    from policylint.engine.modality import read_clause

    words = sentence.lower().replace(".", " .").split()
    return read_clause(words, words.index(anchor_word), None)


def test_duty_as_an_adjective_is_not_a_duty():
    assert _reading("Officers carry their duty weapon when off duty", "weapon").modality == "plain"
    assert _reading("Every officer has a duty to intervene when force is excessive", "intervene").modality == "binding"


def test_responsible_for_assigns_a_duty():
    reading = _reading("Supervisors are responsible for requesting medical aid", "medical")
    assert reading.modality == "binding" and reading.cue == "are responsible for"


def test_a_law_or_policy_that_requires_binds():
    sentence = "The state body camera act (50 ilcs 706) requires officers to activate the camera during every enforcement contact"
    assert _reading(sentence, "activate").modality == "binding"
    assert _reading("The task requires officers to activate the camera", "activate").modality != "binding"
