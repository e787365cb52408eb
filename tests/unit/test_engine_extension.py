"""A sentence that extends the rule before it ("This includes ...", "This also applies to ...")
is judged with that sentence in front, as a list item is judged with its lead-in. Sentences
are written for the test; the shipped 8cantwait pack judges them."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine_helpers import compile_pack, element

PACK = Path(__file__).resolve().parents[2] / "rules" / "8cantwait.yaml"
POINTING = "firearm-pointing-reported"


@pytest.fixture(scope="module")
def compiled():
    return compile_pack(PACK)


@pytest.mark.parametrize(
    "blocks",
    [
        ("Officers shall report every use of force. This includes pointing a firearm at a person.",),
        ("Officers shall report every use of force.", "This includes pointing a firearm at a person."),
        ("Each use of force must be reported. This also applies to aiming a handgun at someone.",),
        ("Officers shall report every use of force. These include pointing a rifle at a person.",),
    ],
)
def test_an_extending_sentence_is_judged_with_the_rule_before_it(compiled, blocks: tuple[str, ...]) -> None:
    found = element(compiled, POINTING, *blocks)
    assert found.status.value == "present"
    quoted = found.evidence[0].text
    assert "report" in quoted and ("includ" in quoted or "applies" in quoted)


@pytest.mark.parametrize(
    "blocks",
    [
        # no word that extends the rule: a remark after it
        ("Officers shall report every use of force. Pointing a firearm at a person is a serious act.",),
        # an unrelated paragraph between the rule and the extension
        ("Officers shall report every use of force.", "Sergeants shall keep the overtime log.", "This includes pointing a firearm at a person."),
    ],
)
def test_a_sentence_that_does_not_extend_the_rule_borrows_nothing(compiled, blocks: tuple[str, ...]) -> None:
    assert element(compiled, POINTING, *blocks).status.value == "absent"
