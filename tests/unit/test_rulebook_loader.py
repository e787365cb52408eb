"""Rule pack loading: strict schema, every error at once with file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.rulebook import RuleError, load_pack_file, load_packs, parse_pack, select_packs
from policylint.rulebook.compiler import compile_rules
from policylint.yamlsource import parse_yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "packs"

MINIMAL = """\
pack: demo
title: Demo
version: "1"
topics:
  - id: topic-a
    title: Topic A
    elements:
      - id: el
        title: El
        kind: mandate
        match: [[intervene]]
"""


def problems_of(text: str) -> list[str]:
    _pack, problems = parse_pack(parse_yaml(text, "demo.yaml"))
    return [str(p) for p in problems]


def test_broken_fixture_reports_all_three_errors_with_lines():
    pack, problems = load_pack_file(FIXTURES / "broken" / "broken.yaml")
    assert pack is None
    text = [str(p) for p in problems]
    assert len(text) == 3
    assert any(":7: topics[0].elemnts: unknown topic key (did you mean 'elements'?)" in t for t in text)
    assert any(":8: topics[1].id: required" in t for t in text)
    assert any(":14: topics[1].elements[0].match[0][0].tokens: bad token pattern" in t and "LOWR" in t for t in text)


def test_minimal_pack_loads():
    pack, problems = parse_pack(parse_yaml(MINIMAL, "demo.yaml"))
    assert problems == [] and pack is not None
    assert pack.topics[0].elements[0].match[0][0].value == "intervene"
    assert pack.topics[0].needed == 1


@pytest.mark.parametrize(
    "old,new,fragment",
    [
        ("kind: mandate", "kind: obligation", "kind: must be one of mandate, prohibition, presence"),
        ("match: [[intervene]]", "match: [[{regex: 'interv.*'}]]", "regex patterns are not supported"),
        ("match: [[intervene]]", "match: []", "match: required"),
        ("id: topic-a", "id: Topic_A", "invalid id 'Topic_A'"),
        ("title: El", "title: El\n        sources: [NOPE 1]", "unknown source key 'NOPE'"),
        ("version: \"1\"", "version: \"1\"\ndefaults: {severity: fatal}", "defaults.severity: must be error, warning or info"),
        ("match: [[intervene]]", "match: [[{lemma: ''}]]", "a lemma pattern is a non-empty phrase"),
        ("title: El", "title: El\n        examples: {present: [a], maybe: [b]}", "unknown examples key"),
    ],
)
def test_each_schema_error_is_reported(old, new, fragment):
    text = problems_of(MINIMAL.replace(old, new))
    assert any(fragment in t for t in text), text


def test_duplicate_ids_are_errors():
    doubled = MINIMAL + MINIMAL.split("topics:\n", 1)[1]
    assert any("duplicate topic id 'topic-a'" in t for t in problems_of(doubled))


def test_min_elements_cannot_exceed_required():
    text = problems_of(MINIMAL.replace("    elements:", "    covered_when: {min_elements: 3}\n    elements:"))
    assert any("more than the 1 required elements" in t for t in text)


def test_load_packs_collects_every_file_problem(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL.replace("kind: mandate", "kind: nope"))
    (tmp_path / "b.yaml").write_text("pack: [unclosed\n")
    with pytest.raises(RuleError) as info:
        load_packs([tmp_path], shipped=False)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 2
    assert any("a.yaml" in m and "kind" in m for m in messages)
    assert any("b.yaml" in m and "invalid YAML" in m for m in messages)


def test_unknown_pack_id_names_the_available_ones():
    found = load_packs([FIXTURES / "mini"], shipped=False)
    with pytest.raises(RuleError) as info:
        select_packs(found, ["nope"])
    assert "unknown pack 'nope' (available: mini)" in str(info.value)


def test_lemma_patterns_merge_into_one_matcher_pattern_per_length(tmp_path):
    text = MINIMAL.replace(
        "match: [[intervene]]",
        "match: [[{lemma: intervene}, {lemma: step in}, {lemma: use force}, {lemma: stop}]]",
    )
    pack, problems = parse_pack(parse_yaml(text, "demo.yaml"))
    assert not problems
    compiled = compile_rules([pack])
    assert compiled.uses_lemmas
    assert len(compiled.lemma_keys) == 2  # lengths 1 and 2, not one pattern per phrase
    doc = compiled.nlp("Officers intervened. They stepped in. He uses force. Use caution.")
    hit_texts = sorted(doc[s:e].text for _slot, s, e in compiled.hits(doc))
    # "Use caution" matches the merged length-2 pattern but is not one of the phrases
    assert hit_texts == ["intervened", "stepped in", "uses force"]


TOPIC_EXAMPLES = """\
    examples:
      covered:
        - |
          ## Intervention
          Officers shall intervene.

          Second paragraph.
        - Officers must intervene.
      weak: [Officers should intervene.]
      missing: [Vehicles are washed weekly.]
"""


def with_topic_examples(block: str) -> str:
    return MINIMAL.replace("    elements:", block + "    elements:")


def test_topic_examples_load_and_keep_markdown_line_breaks():
    pack, problems = parse_pack(parse_yaml(with_topic_examples(TOPIC_EXAMPLES), "demo.yaml"))
    assert problems == [] and pack is not None
    topic = pack.topics[0]
    assert set(topic.examples) == {"covered", "weak", "missing"}
    first = topic.examples["covered"][0]
    # a passage is a Markdown document: the heading line and blank line must survive
    assert first.splitlines()[0] == "## Intervention" and "\n\nSecond paragraph." in first
    assert topic.examples["weak"] == ("Officers should intervene.",)
    assert topic.example_lines["covered"] == (9, 14) and topic.example_lines["missing"] == (16,)


def test_topic_without_examples_still_loads():
    # like element examples, the minimum counts are enforced by `rules test`, not at load
    pack, problems = parse_pack(parse_yaml(MINIMAL, "demo.yaml"))
    assert problems == [] and pack is not None and pack.topics[0].examples == {}


@pytest.mark.parametrize(
    "block,fragment",
    [
        (TOPIC_EXAMPLES.replace("missing:", "absent:"), ":16: topics[0].examples.absent: unknown topic examples key"),
        (TOPIC_EXAMPLES.replace("missing:", "mising:"), "(did you mean 'missing'?)"),
        (TOPIC_EXAMPLES.replace("[Officers should intervene.]", "['  ']"), ":15: topics[0].examples.weak[0]: must be a non-empty string"),
        (TOPIC_EXAMPLES.replace("[Officers should intervene.]", "[3]"), "topics[0].examples.weak[0]: must be a non-empty string"),
        (TOPIC_EXAMPLES.replace("[Officers should intervene.]", "{a: b}"), "topics[0].examples.weak: must be a list of Markdown passages"),
        ("    examples: [covered]\n", ":7: topics[0].examples: must map covered/weak/missing"),
    ],
)
def test_topic_example_schema_errors_have_file_and_line(block, fragment):
    text = problems_of(with_topic_examples(block))
    assert any(fragment in t for t in text), text
    assert all(t.startswith("demo.yaml:") for t in text)
