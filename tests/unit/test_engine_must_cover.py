"""``must_cover``: an element whose rule has parts is present only when binding sentences in
its scope cover every part (one sentence or several), and hedged, naming what is left out,
when they cover only some. Sentences are written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policylint.rulebook import load_pack_file

from engine_helpers import compile_pack, element

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "parts" / "parts.yaml"


@pytest.fixture(scope="module")
def compiled():
    return compile_pack(PACK)


def test_one_sentence_that_names_every_part_is_present(compiled) -> None:
    assert element(compiled, "neck-ban", "Officers shall not use chokeholds or carotid holds.").status.value == "present"


def test_a_word_that_names_every_part_is_present(compiled) -> None:
    assert element(compiled, "neck-ban", "Neck restraints are prohibited.").status.value == "present"


def test_parts_covered_by_separate_sentences_are_present(compiled) -> None:
    found = element(compiled, "neck-ban", "Chokeholds are prohibited.", "Officers shall not apply a carotid hold.")
    assert found.status.value == "present"


def test_a_rule_for_one_part_is_hedged_and_names_the_part_left_out(compiled) -> None:
    found = element(compiled, "neck-ban", "Chokeholds are prohibited.")
    assert found.status.value == "hedged"
    assert "airway holds only" in found.reason and "does not cover vascular holds" in found.reason
    assert found.evidence and found.evidence[0].text.startswith("Chokeholds are prohibited")


def test_a_part_only_permitted_does_not_count_as_covered(compiled) -> None:
    found = element(compiled, "neck-ban", "Chokeholds are prohibited.", "Officers may use a carotid hold on a violent subject.")
    assert found.status.value == "hedged"
    assert "does not cover vascular holds" in found.reason


def test_no_binding_rule_keeps_its_own_reason(compiled) -> None:
    found = element(compiled, "neck-ban", "Officers may use a carotid hold on a violent subject.")
    assert found.status.value == "hedged"
    assert "does not cover" not in found.reason


def _problems(must_cover: object, folder: Path) -> list[str]:
    """The load problems of the fixture pack with its element's ``must_cover`` replaced."""
    data = yaml.safe_load(PACK.read_text(encoding="utf-8"))
    data["topics"][0]["elements"][0]["must_cover"] = must_cover
    path = folder / "parts.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _, problems = load_pack_file(path)
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    "must_cover, message",
    [
        ({"airway holds": ["chokehold"]}, "two or more part names"),
        (["chokehold", "carotid"], "two or more part names"),
        ({"airway holds": ["chokehold"], "vascular holds": []}, "at least one pattern"),
    ],
)
def test_a_malformed_must_cover_is_refused(must_cover: object, message: str, tmp_path: Path) -> None:
    problems = _problems(must_cover, tmp_path)
    assert any(message in problem and "must_cover" in problem for problem in problems), problems
