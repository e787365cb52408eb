"""Judgement follow-ups found by comparing the engine with human coders (8 Can't Wait).

Every sentence here is written for the test (none comes from a real policy). Each runs
through the real engine as a small document against tests/fixtures/packs/followups.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.engine.analyse import analyse_document, conditions_title_lead
from policylint.engine.modality import clauses, read_clause, rule_scope
from policylint.model import Block, BlockKind, Document, Location, Section

from engine_helpers import compile_pack, element, status

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "followups" / "followups.yaml"


@pytest.fixture(scope="module")
def compiled():
    return compile_pack(PACK)


CASES = [
    # 1. a prohibition later in the subject's own predicate wins over an earlier "shall"
    ("neck-ban", "Neck holds shall be treated as deadly force and are prohibited except where deadly force is authorized.", "present"),
    ("neck-ban", "A carotid hold will be regarded as lethal force and shall not be applied unless lethal force is authorized.", "present"),
    ("neck-ban", "Neck holds shall be treated as deadly force and are prohibited unless a sergeant agrees.", "hedged"),
    # ... but not a ban on something else, nor a ban after a new subject, nor a negated ban
    ("neck-ban", "A person held in a carotid hold shall be checked by a medic and officers shall not leave the person alone.", "absent"),
    ("neck-ban", "Neck holds shall be taught at the academy and are not prohibited.", "absent"),
    # 2. "only justified / permitted as, when ..." restricts a grant
    ("neck-ban", "Chokeholds are only justified as a use of deadly force.", "present"),
    ("neck-ban", "Neck holds are justified only when deadly force is authorized.", "present"),
    ("neck-ban", "Officers may only use a chokehold when deadly force is authorized.", "present"),
    ("neck-ban", "Officers may only use a chokehold when a supervisor is present.", "hedged"),
    ("neck-ban", "Carotid holds are only permitted for officers who passed the course.", "hedged"),
    ("neck-ban", "Chokeholds are justified when the officer feels threatened.", "hedged"),
    ("exhaust", "Officers may only use deadly force as a last resort.", "present"),
    # 3. a hedge that describes an accepted exception's situation does not hedge the ban
    ("neck-ban", "Officers shall not use neck holds; unless they face exigent circumstances where force is needed to prevent serious bodily injury or death.", "present"),
    ("neck-ban", "Officers shall not use chokeholds except in exigent circumstances where deadly force is authorized.", "present"),
    # ... while an alternative after the accepted condition still counts
    ("neck-ban", "Officers shall not use neck holds unless deadly force is authorized or the officer deems it necessary.", "hedged"),
    # 4. a hedge in another ';' rule or sibling item qualifies that rule, not this one
    ("neck-ban", "Officers shall not use neck holds; officers shall, when practicable, photograph any injury.", "present"),
    ("intervene", "Officers shall: (a) report force when practicable; (b) intervene in excessive force.", "present"),
    ("intervene", "Officers shall: (a) intervene in excessive force when practicable; (b) report force.", "hedged"),
    # ... while a lead-in's hedge governs its items, and a hedge in the rule's own clause counts
    ("intervene", "When practicable, officers shall: (a) intervene in excessive force; (b) report force.", "hedged"),
    ("neck-ban", "Officers shall not use neck holds when practicable.", "hedged"),
    # ... and a swallowing exception to a sibling rule does not swallow this one
    ("neck-ban", "Officers shall not use neck holds; officers shall not enter a home unless a supervisor approves.", "present"),
    # 5. an impersonal "it is necessary to" is a duty
    ("warning", "When feasible, it is necessary to give a warning before the use of deadly force.", "present"),
    ("warning", "It is essential that officers warn the person before deadly force is used, where feasible.", "present"),
    ("warning", "Officers may use deadly force if it is necessary to protect life, and may give a warning.", "hedged"),
    ("warning", "An officer who believes it is necessary to give a warning may do so before deadly force.", "hedged"),
    # a full stop the splitter left in place still ends a clause
    ("neck-ban", "Officers may generally use any tool at hand. d. Neck holds shall be treated as deadly force and are prohibited except where lethal force is authorized. applies to all.", "present"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}:{c[1][:50]}" for c in CASES])
def test_sentence_status(compiled, case):
    element_id, sentence, expected = case
    assert status(compiled, element_id, sentence) == expected


def test_coordinated_ban_reads_as_prohibition():
    words = "neck holds shall be treated as deadly force and are prohibited .".split()
    assert read_clause(words, 0).modality == "prohibition"
    # the anchor after the cue ("officers shall report neck holds and are ...") keeps the nearest cue
    words = "officers shall report neck holds and are prohibited from hiding them .".split()
    assert read_clause(words, words.index("neck")).modality == "binding"


def test_rule_scope_keeps_lead_in_and_exceptions_only():
    words = "officers shall not : ( a ) strike a person when practicable ; ( b ) use a chokehold ; unless deadly force is authorized".split()
    inside = rule_scope(words, words.index("chokehold"))
    kept = {w for w, ok in zip(words, inside) if ok}
    assert {"officers", "not", "chokehold", "unless", "authorized"} <= kept
    assert "strike" not in kept and "practicable" not in kept


def test_stop_inside_sentence_is_a_clause_break():
    words = "tools are available . d . neck holds are prohibited".split()
    parts = clauses(words)
    assert any(words[s:e] == ["tools", "are", "available"] for s, e, _ in parts)
    # "d." is a list marker, "sec. 5" an abbreviation: neither ends a clause
    assert any("d" in words[s:e] and "neck" in words[s:e] for s, e, _ in parts)
    words = "per sec . 5 officers shall not use neck holds".split()
    assert len(clauses(words)) == 1


def test_lead_in_restriction_lends_to_conditions(compiled):
    # 6. unmodalled conditions after "only when all of the following are met:" are requirements
    blocks = (
        "Deadly force may be used only when all of the following conditions are met:",
        "1. The person poses an immediate threat to life.",
        "2. Every lesser alternative has been tried and exhausted.",
    )
    assert status(compiled, "exhaust", *blocks) == "present"
    permissive = ("Deadly force may be used when any of these apply:", "1. Lesser alternatives have been exhausted.")
    assert status(compiled, "exhaust", *permissive) == "hedged"


def _sectioned(title: str, *items: str) -> Document:
    blocks = tuple(
        Block(text=t, location=Location(page=1, line=j + 1), kind=BlockKind.LIST_ITEM, index=j) for j, t in enumerate(items)
    )
    section = Section(number="4", title=title, level=1, blocks=blocks, page_start=1, line_start=1)
    return Document(path="p.pdf", format="pdf", sha256="x", page_count=1, root=Section(number=None, title="", level=0, children=(section,)))


def _exhaust(compiled, document: Document) -> str:
    topic = analyse_document(document, compiled, scope_document=True)[0]
    return next(e for e in topic.elements if e.id == "exhaust").status.value


ITEMS = (
    "1. Means - the person can cause death or grave harm.",
    "2. Exhaustion - lesser options have been tried and exhausted before deadly force.",
)


@pytest.mark.parametrize("title", ["Elements of Deadly Force", "4.2 PREREQUISITES FOR DEADLY FORCE", "Requirements for the Use of Deadly Force"])
def test_conditions_title_makes_items_requirements(compiled, title):
    assert conditions_title_lead(title) is not None
    assert _exhaust(compiled, _sectioned(title, *ITEMS)) == "present"


@pytest.mark.parametrize("title", ["Deadly Force", "Factors to Consider", "Conditions", "Criteria for Deadly Force"])
def test_other_titles_lend_nothing(compiled, title):
    # without a title that makes them requirements, the items only name the conditions: the
    # element is absent, and the reason points at where the words were mentioned
    assert conditions_title_lead(title) is None
    topic = analyse_document(_sectioned(title, *ITEMS), compiled, scope_document=True)[0]
    found = next(e for e in topic.elements if e.id == "exhaust")
    assert found.status.value == "absent"
    assert "mentioned only" in found.reason and found.evidence and "Exhaustion" in found.evidence[0].text


def test_conditions_title_does_not_override_an_items_own_verb(compiled):
    document = _sectioned("Elements of Deadly Force", "1. Officers should treat deadly force as a last resort.")
    assert _exhaust(compiled, document) == "hedged"


# ------------------------------------------------------------------ 7. exceptions stated elsewhere

BAN = "Officers shall not shoot at a moving vehicle unless an occupant uses deadly force by means other than the vehicle."


def test_permission_elsewhere_defeats_the_ban(compiled):
    found = element(compiled, "vehicle-ban", BAN, "An officer may fire at a moving vehicle whose driver is driving toward a person.")
    assert found.status.value == "hedged"
    assert "permission elsewhere" in found.reason
    # the permission is quoted first, then the ban it undoes
    assert "may fire" in found.evidence[0].text and "shall not shoot" in found.evidence[1].text


@pytest.mark.parametrize(
    "other",
    [
        "An officer may not fire at a moving vehicle that is driving toward a person.",  # a second ban
        "Officers are not required to fire at a moving vehicle driving toward them.",  # no grant
        "An officer may fire at a moving vehicle only when an occupant shoots by means other than the vehicle.",  # the accepted exception
    ],
)
def test_other_sentences_leave_the_ban(compiled, other):
    assert status(compiled, "vehicle-ban", BAN, other) == "present"


def test_next_sentence_narrows_the_exception(compiled):
    narrowed = (
        "Officers shall not shoot at a moving vehicle unless it is needed to stop an imminent threat to life. "
        "The imminent threat must come by means other than the vehicle."
    )
    found = element(compiled, "vehicle-ban", narrowed)
    assert found.status.value == "present"
    assert "narrowed by the next sentence" in found.reason and "means other than the vehicle" in found.evidence[0].text


@pytest.mark.parametrize(
    "second",
    [
        "Officers must report by means other than the radio.",  # does not restate the condition
        "The imminent threat may come by means other than the vehicle.",  # does not bind
    ],
)
def test_unrelated_next_sentence_does_not_narrow(compiled, second):
    sentence = f"Officers shall not shoot at a moving vehicle unless it is needed to stop an imminent threat to life. {second}"
    assert status(compiled, "vehicle-ban", sentence) == "hedged"


def test_bad_exception_is_never_narrowed(compiled):
    sentence = "Officers shall not shoot at a moving vehicle unless the vehicle itself poses a threat. The threat must come by means other than the vehicle."
    assert status(compiled, "vehicle-ban", sentence) == "hedged"


# ------------------------------------------------------------------ lists


def test_item_takes_its_verb_from_the_lead_in_not_a_sibling(compiled):
    blocks = ("Officers shall not fire:", "a. as a warning; b. if a bystander may be hurt; c. at a moving vehicle.")
    assert status(compiled, "vehicle-ban", *blocks) == "present"
    words = "officers shall not : a. as a warning ; b. if a bystander may be hurt ; c. at a moving vehicle".split()
    assert read_clause(words, words.index("moving")).modality == "prohibition"


def test_numbered_item_split_after_its_marker_keeps_the_lead_in(compiled):
    # the splitter ends a sentence after "2." : the rest still belongs to the item
    blocks = ("The following are prohibited:", "1. Striking a restrained person.", "2. Neck holds of any kind.")
    assert status(compiled, "neck-ban", *blocks) == "present"


def test_lead_in_block_hedge_governs_its_items(compiled):
    # as in one sentence ("When practicable, officers shall: (a) ...; (b) ..."), so across blocks
    assert status(compiled, "intervene", "When practicable, officers shall:", "(a) report force;", "(b) intervene in excessive force.") == "hedged"
    assert status(compiled, "intervene", "Officers shall:", "(a) report force when practicable;", "(b) intervene in excessive force.") == "present"
