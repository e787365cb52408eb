"""The shipped ``core`` rule pack: its shape, its metadata, and how it judges short passages.

The passages in ``tests/fixtures/core/`` are written for these tests (none is taken from a
real policy). Each is linted through the public API exactly as a user would lint a file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import policylint
from policylint.results import ElementStatus, TopicCoverage, TopicStatus
from policylint.rulebook import Pack, load_pack_file

CORE_TOPICS = (
    "use-of-force",
    "mass-demonstrations",
    "consent-searches",
    "gender-identity",
    "data-collection",
    "quota-prohibition",
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "core"


@pytest.fixture(scope="module")
def core(repo_root: Path) -> Pack:
    pack, problems = load_pack_file(repo_root / "rules" / "core.yaml")
    assert not problems, "\n".join(str(p) for p in problems)
    assert pack is not None
    return pack


PASSAGES = ("strong_use_of_force.md", "weak_use_of_force.md", "unrelated_fleet.md", "strong_quota_and_consent.md")


@pytest.fixture(scope="module")
def linted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, TopicCoverage]]:
    """Every fixture passage, copied to a temporary .md file and linted with the core pack in one run.

    Returns file name -> topic id -> TopicCoverage. One run keeps the test fast: packs load once.
    """
    folder = tmp_path_factory.mktemp("core_passages")
    targets = []
    for name in PASSAGES:
        shutil.copyfile(FIXTURES / name, folder / name)
        targets.append(folder / name)
    result = policylint.lint(targets, packs=["core"])
    assert len(result.documents) == len(PASSAGES)
    return {
        Path(document.path).name: {t.topic: t for t in document.coverage if t.pack == "core"}
        for document in result.documents
    }


# ---------------------------------------------------------------------------- shape and metadata


def test_core_pack_loads_with_exactly_the_six_topics(core: Pack) -> None:
    assert core.id == "core"
    assert tuple(t.id for t in core.topics) == CORE_TOPICS


def test_core_pack_missing_is_error_and_weak_is_warning(core: Pack) -> None:
    for topic in core.topics:
        assert topic.severity.value == "error", topic.id
        assert topic.weak_severity.value == "warning", topic.id


def test_core_topics_have_headings_mentions_and_a_reachable_threshold(core: Pack) -> None:
    for topic in core.topics:
        assert topic.title and topic.description and topic.rationale and topic.sources, topic.id
        assert topic.headings and topic.mentions, topic.id
        required = [e for e in topic.elements if e.required]
        assert topic.min_elements is not None, f"{topic.id}: set covered_when.min_elements explicitly"
        # covered must be reachable, but not by a policy that has only a couple of elements
        assert 2 < topic.min_elements <= len(required), topic.id
        assert topic.min_elements >= len(required) // 2, topic.id


def test_use_of_force_has_the_expected_breadth(core: Pack) -> None:
    uof = next(t for t in core.topics if t.id == "use-of-force")
    ids = {e.id for e in uof.elements}
    for expected in (
        "de-escalation", "duty-to-intervene", "medical-aid", "neck-restraint-ban",
        "warning-before-deadly-force", "moving-vehicles", "exhaust-alternatives",
        "force-reporting", "report-pointing-firearm", "supervisory-review",
    ):
        assert expected in ids
    assert len(uof.elements) >= 15
    informational = {e.id for e in uof.elements if not e.required}
    assert {"warning-shots", "force-continuum"} <= informational


@pytest.mark.parametrize("topic_id", CORE_TOPICS)
def test_every_element_has_metadata_and_examples(core: Pack, topic_id: str) -> None:
    topic = next(t for t in core.topics if t.id == topic_id)
    assert topic.elements
    ids = [e.id for e in topic.elements]
    assert len(ids) == len(set(ids)), f"duplicate element ids in {topic_id}"
    for element in topic.elements:
        where = f"core/{topic_id}/{element.id}"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", element.id), where
        assert element.title and element.description and element.rationale, where
        assert element.sources, where
        assert element.kind in ("mandate", "prohibition", "presence"), where
        assert element.match, where
        examples = element.examples
        present = examples.get("present", ())
        hedged = examples.get("hedged", ())
        absent = examples.get("absent", ())
        assert len(present) >= 2, where
        assert len(hedged) + len(absent) >= 2, where
        if element.kind in ("mandate", "prohibition"):
            assert hedged, f"{where}: a {element.kind} needs a hedged example"


def test_every_citation_key_exists_in_sources(core: Pack) -> None:
    keys = set(core.sources)
    assert keys
    for key, entry in core.sources.items():
        assert entry.get("title") and entry.get("publisher") and entry.get("year"), key
    citations: list[tuple[str, str]] = []
    for topic in core.topics:
        citations += [(topic.id, c) for c in topic.sources]
        for element in topic.elements:
            citations += [(f"{topic.id}/{element.id}", c) for c in element.sources]
    for where, citation in citations:
        assert citation.split()[0] in keys, f"{where}: '{citation}' cites an unknown source"


def test_every_source_is_cited(core: Pack) -> None:
    cited = {c.split()[0] for t in core.topics for c in (*t.sources, *(s for e in t.elements for s in e.sources))}
    assert set(core.sources) == cited


# ---------------------------------------------------------------------------- judging passages


def test_strong_use_of_force_section_is_covered(linted: dict[str, dict[str, TopicCoverage]]) -> None:
    topics = linted["strong_use_of_force.md"]
    uof = topics["use-of-force"]
    assert uof.status is TopicStatus.COVERED, uof.reason
    elements = {e.id: e for e in uof.elements}
    for element_id in ("de-escalation", "duty-to-intervene", "neck-restraint-ban", "moving-vehicles",
                       "report-pointing-firearm", "warning-before-deadly-force"):
        assert elements[element_id].status is ElementStatus.PRESENT, elements[element_id].reason
        assert elements[element_id].evidence, element_id
    # a use-of-force order says nothing about consent, quotas or gender identity
    for other in ("consent-searches", "gender-identity", "quota-prohibition"):
        assert topics[other].status is TopicStatus.MISSING, other


def test_hedged_use_of_force_section_is_weak_with_hedged_elements(linted: dict[str, dict[str, TopicCoverage]]) -> None:
    topics = linted["weak_use_of_force.md"]
    uof = topics["use-of-force"]
    assert uof.status is TopicStatus.WEAK, uof.reason
    elements = {e.id: e for e in uof.elements}
    # "should", "may" and "when practical" never satisfy a duty or a ban
    for element_id in ("de-escalation", "duty-to-intervene", "medical-aid", "neck-restraint-ban",
                       "moving-vehicles", "force-reporting", "supervisory-review"):
        assert elements[element_id].status is ElementStatus.HEDGED, (element_id, elements[element_id].reason)
    assert not any(e.status is ElementStatus.PRESENT for e in uof.elements if e.required)


def test_unrelated_policy_is_missing_every_core_topic(linted: dict[str, dict[str, TopicCoverage]]) -> None:
    topics = linted["unrelated_fleet.md"]
    assert set(topics) == set(CORE_TOPICS)
    for topic_id, coverage in topics.items():
        assert coverage.status is TopicStatus.MISSING, (topic_id, coverage.reason)


def test_quota_and_consent_language_outside_dedicated_chapters_is_found(linted: dict[str, dict[str, TopicCoverage]]) -> None:
    topics = linted["strong_quota_and_consent.md"]
    assert topics["quota-prohibition"].status is TopicStatus.COVERED, topics["quota-prohibition"].reason
    assert topics["consent-searches"].status is TopicStatus.COVERED, topics["consent-searches"].reason
    assert topics["use-of-force"].status is TopicStatus.MISSING
    quota = {e.id: e for e in topics["quota-prohibition"].elements}
    assert quota["no-quota"].status is ElementStatus.PRESENT
    assert quota["informal-quotas"].status is ElementStatus.PRESENT
