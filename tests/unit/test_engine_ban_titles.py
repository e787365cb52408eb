"""A section titled as a ban ("Prohibited Techniques", "Appendix D - Unauthorized Control
Techniques") makes the unmodalled list items and table rows under it bans, as a lead-in
"Members shall not use:" would. Passages are written for the test; the shipped packs judge them."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.engine.analyse import analyse_document, conditions_title_lead
from policylint.engine.examples import document_from_text

from engine_helpers import compile_pack

RULES = Path(__file__).resolve().parents[2] / "rules"
_PACKS: dict[str, object] = {}


def _element(text: str, pack: str, element_id: str) -> str:
    if pack not in _PACKS:
        _PACKS[pack] = compile_pack(RULES / f"{pack}.yaml")
    for topic in analyse_document(document_from_text(text), _PACKS[pack], scope_document=True):
        for found in topic.elements:
            if found.id == element_id:
                return found.status.value
    raise AssertionError(element_id)


@pytest.mark.parametrize(
    "title",
    ["Prohibited Techniques", "4.09 PROHIBITED TECHNIQUES", "Unauthorized Control Techniques",
     "Appendix D - Unauthorized Control Techniques", "Prohibited Uses of Force", "Banned Restraint Holds"],
)
def test_ban_titles_lend_a_ban(title: str) -> None:
    lead = conditions_title_lead(title)
    assert lead is not None and lead.reading is not None and lead.reading.modality == "prohibition"


@pytest.mark.parametrize("title", ["Use of Force", "Prohibited", "Authorized Techniques", "Control Techniques", "Prohibition History"])
def test_other_titles_lend_no_ban(title: str) -> None:
    lead = conditions_title_lead(title)
    assert lead is None or lead.reading is None or lead.reading.modality != "prohibition"


def test_list_items_under_a_ban_title_are_bans() -> None:
    text = "## Prohibited Techniques\n\n- Chokeholds\n- Carotid restraints\n"
    assert _element(text, "8cantwait", "chokehold-prohibited") == "present"
    assert _element(text, "8cantwait", "vascular-restraint-prohibited") == "present"


def test_table_rows_under_a_ban_title_are_bans() -> None:
    text = (
        "### Appendix D - Unauthorized Control Techniques\n\n| Technique | Reason |\n|---|---|\n"
        "| Choke or stranglehold | Compresses the airway |\n| Carotid restraint | Restricts blood flow to the brain |\n"
    )
    assert _element(text, "core", "neck-restraint-ban") == "present"


def test_the_same_items_under_a_plain_title_are_mentions() -> None:
    text = "## Use of Force\n\n- Chokeholds\n- Carotid restraints\n"
    assert _element(text, "8cantwait", "chokehold-prohibited") == "absent"


def test_an_items_own_permission_beats_the_title() -> None:
    text = "## Prohibited Techniques\n\n- Officers may use a carotid restraint on a violent person.\n"
    assert _element(text, "8cantwait", "vascular-restraint-prohibited") != "present"
