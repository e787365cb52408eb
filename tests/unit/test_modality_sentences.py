"""Modality and negation, judged through the real engine on hand-written sentences.

Each case is one sentence (or a few consecutive blocks), run as a one-block document
against tests/fixtures/packs/modality, checking the status of one element.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.engine.analyse import analyse_document
from policylint.engine.examples import document_from_text
from policylint.rulebook import load_pack_file
from policylint.rulebook.compiler import compile_rules

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "modality" / "modality.yaml"


@pytest.fixture(scope="module")
def compiled():
    pack, problems = load_pack_file(PACK)
    assert not problems, problems
    return compile_rules([pack])


def status(compiled, element: str, *blocks: str) -> str:
    document = document_from_text("", blocks=list(blocks))
    topic = analyse_document(document, compiled, scope_document=True)[0]
    return next(e for e in topic.elements if e.id == element).status.value


CASES = [
    # prohibitions: negation in the clause that holds the words
    ("chokehold-ban", "Officers shall not use a chokehold.", "present"),
    ("chokehold-ban", "Chokeholds are prohibited.", "present"),
    ("chokehold-ban", "No officer shall apply a carotid restraint.", "present"),
    ("chokehold-ban", "Officers must never use a choke hold on a restrained person.", "present"),
    ("chokehold-ban", "Members may not use a neck restraint.", "present"),
    ("chokehold-ban", "Officers will not use chokeholds.", "present"),
    ("chokehold-ban", "The use of a chokehold is not authorized.", "present"),
    ("chokehold-ban", "Under no circumstances will an officer apply a chokehold.", "present"),
    ("chokehold-ban", "Officers cannot use a chokehold.", "present"),
    ("chokehold-ban", "Officers shouldn't use a chokehold.", "hedged"),
    ("chokehold-ban", "Officers may use a carotid restraint.", "hedged"),
    ("chokehold-ban", "Officers are authorized to use a carotid restraint on combative subjects.", "hedged"),
    ("chokehold-ban", "Nothing in this policy prohibits an officer from using a carotid restraint.", "hedged"),
    ("chokehold-ban", "The chokehold is not prohibited.", "hedged"),
    # exceptions
    ("chokehold-ban", "Officers shall not use a chokehold except where deadly force is authorized.", "present"),
    ("chokehold-ban", "Except where deadly force is authorized, officers shall not use a chokehold.", "present"),
    ("chokehold-ban", "Officers shall not use a chokehold unless the officer deems it necessary.", "hedged"),
    ("chokehold-ban", "Chokeholds are prohibited unless the situation requires one.", "hedged"),
    ("chokehold-ban", "Chokeholds are prohibited except where deadly force is authorized or a supervisor approves.", "hedged"),
    ("chokehold-ban", "Officers may use a chokehold only when deadly force is justified.", "present"),
    ("chokehold-ban", "Officers may use any control hold except a chokehold.", "present"),
    ("chokehold-ban", "A person placed in a carotid restraint shall be seen by medical staff.", "absent"),
    # lists introduced by a lead-in
    ("chokehold-ban", "Officers shall not: (a) strike a handcuffed person; (b) use a chokehold.", "present"),
    ("warning-shots-ban", "Officers shall not:", "present", "(a) Fire warning shots.", "(b) Shoot from a moving vehicle."),
    ("warning-shots-ban", "The following are prohibited:", "present", "- warning shots", "- shooting at tires"),
    ("warning-shots-ban", "Officers may:", "hedged", "(a) Fire warning shots when no person is endangered."),
    ("warning-shots-ban", "Officers shall not:", "hedged", "(a) Strike a handcuffed person.", "Warning shots are discouraged."),
    # mandates and double negatives
    ("intervene", "Officers shall intervene to stop excessive force.", "present"),
    ("intervene", "Every member has a duty to intervene when force becomes unreasonable.", "present"),
    ("intervene", "Officers are required to intercede when they see excessive force.", "present"),
    ("intervene", "Officers shall not fail to intervene when another officer uses excessive force.", "present"),
    ("intervene", "An officer will never fail to intercede.", "present"),
    # a disclaimer rules the duty out: no rule (absent, with the sentence as evidence), not a weak one
    ("intervene", "Officers are not required to intervene.", "absent"),
    ("intervene", "Officers need not intervene in another officer's use of force.", "absent"),
    ("intervene", "Intervention is not mandatory.", "absent"),
    ("intervene", "Officers should intervene when they observe excessive force.", "hedged"),
    ("intervene", "Officers are encouraged to intervene.", "hedged"),
    ("intervene", "Officers may intervene if they choose.", "hedged"),
    # a protection for those who do it states no duty to do it: mentioned only
    ("intervene", "Intervening officers are protected from retaliation.", "absent"),
    ("intervene", "Officers shall intervene when safe.", "present"),
    ("intervene", "Officers shall intervene when appropriate.", "hedged"),
    # accepting "when safe" accepts its hedge family (feasibility): "when practicable" too
    ("intervene", "Officers shall intervene when practicable.", "present"),
    ("intervene", "Officers who may be nearby shall intervene.", "present"),
    ("intervene", "Officers shall intervene unless otherwise directed by a supervisor.", "hedged"),
    ("medical-aid", "Officers shall ensure that persons who may be injured receive medical aid.", "present"),
    ("medical-aid", "Officers shall summon medical aid as soon as practical.", "hedged"),
    ("medical-aid", "Officers shall, if possible, request medical attention.", "hedged"),
    ("medical-aid", "Medical aid will be requested for anyone who complains of injury.", "present"),
    ("medical-aid", "The supervisor reviews each report.", "absent"),
    ("warning", "Where feasible, officers shall give a verbal warning before using deadly force.", "present"),
    ("warning", "Officers should give a verbal warning when possible.", "hedged"),
    ("alternatives", "Officers shall not use deadly force unless less lethal options have been tried and failed.", "present"),
    # sentences split across PDF line breaks and hyphenation
    ("chokehold-ban", "Officers shall\nnot use a choke-\nhold on any person.", "present"),
    ("intervene", "Any officer present shall inter-\nvene to stop excessive\nforce.", "present"),
    ("medical-aid", "Officers should, when\npracticable, request medical\naid.", "hedged"),
    # sentence splitting around abbreviations
    ("chokehold-ban", "Per Sec. 5 of the manual, officers may use a chokehold. Officers shall not use a carotid restraint on minors.", "present"),
    ("intervene", "Officers shall follow U.S. law. Officers should intervene when force is excessive.", "hedged"),
    # the words describe someone or a circumstance, not the duty
    ("intervene", "No member shall retaliate against an officer who intervenes to stop excessive force.", "absent"),
    ("intervene", "Supervisors shall protect any officer who intervenes to stop excessive force.", "absent"),
    ("intervene", "Officers shall report excessive force, whether or not they intervened.", "absent"),
    ("intervene", "An officer who fails to intervene when force is excessive shall be disciplined.", "present"),
    ("intervene", "An officer who is in a position to intervene shall do so.", "present"),
    # a command after a leading condition whose own clause has a verb
    ("intervene", "When another officer uses excessive force, intervene if it is safe to do so.", "present"),
    ("intervene", "Officers shall not fail to intervene, when in a position to do so, when force is excessive.", "present"),
    # a lead-in that names duties
    ("intervene", "Members have the following obligations when force is clearly excessive:", "present", "- to intervene and stop the force;"),
    # the next sentence: a discretionary exception swallows a duty, a feasibility one does not
    ("warning", "Officers shall give a verbal warning before using deadly force.", "hedged",
     "However, an officer may dispense with the warning whenever the officer considers it appropriate."),
    ("warning", "Officers shall give a verbal warning before using deadly force.", "present",
     "Exception: no warning is needed where giving it would place another person in danger."),
    # the words mentioned, no rule stated: absent (the element's reason says where)
    ("intervene", "Intervention: physical or verbal action taken to stop another officer's excessive force.", "absent"),
    ("intervene", "Intervening early protects the public and the officers involved.", "absent"),
    ("intervene", "Some agencies require officers to intervene when force is excessive.", "absent"),
    ("chokehold-ban", "Chokeholds have been the subject of public debate.", "absent"),
    # ... but a statement of what members do, or advice against a practice, is a weak rule
    ("intervene", "Officers intervene whenever they see excessive force.", "hedged"),
    ("chokehold-ban", "The use of chokeholds is discouraged.", "hedged"),
    ("chokehold-ban", "Chokeholds are justified when the officer feels threatened.", "hedged"),
    # an exception after an aside, and one in a later item of the same sentence
    ("warning", "Officers shall give a verbal warning before deadly force unless, in the officer's judgment, a warning would serve no purpose.", "hedged"),
    ("chokehold-ban", "a. Officers shall not use a chokehold. b. Exception: an officer may apply a chokehold when the officer decides it is needed.", "hedged"),
    # a definition of the element's term, whichever of its words the patterns hit
    ("warning", "Verbal warning: a spoken statement telling a subject that deadly force will be used.", "absent"),
    ("warning", "Verbal warning: before using deadly force, officers shall give a verbal warning when feasible.", "present"),
    ("intervene", "Duty to Intercede: Any officer who sees excessive force shall, when in a position to do so, intervene to stop it.", "present"),
    # "means" as a noun is no definer; the command governs words in its opening condition
    ("alternatives", "Before firing, exhaust every other reasonable means, including less lethal options.", "present"),
    ("medical-aid", "When a person is injured, request medical aid at once.", "present"),
    # presence
    ("definition", "Reportable force means any force above handcuffing.", "present"),
    ("definition", "Officers should document reportable force when practicable.", "hedged"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_sentence_status(compiled, case):
    element, first, expected, *rest = case
    assert status(compiled, element, first, *rest) == expected


def test_at_least_forty_sentences():
    assert len(CASES) >= 40
