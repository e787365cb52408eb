"""The `practices` rule pack: schema, metadata, examples, short passages and the real corpus.

The passages below are written for these tests; none is taken from a real policy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.results import TopicStatus

REPO = Path(__file__).resolve().parents[2]
PACK_PATH = REPO / "rules" / "practices.yaml"

TOPIC_IDS = [
    "racial-profiling",
    "sexual-misconduct",
    "de-escalation",
    "alternatives-to-arrest",
    "crisis-intervention",
    "youth",
    "bias-training",
    "officer-wellness",
    "technology-privacy",
    "early-intervention",
    "force-investigation",
    "community-policing",
    "performance-measures",
]


@pytest.fixture(scope="module")
def pack():
    from policylint.rulebook import load_pack_file

    loaded, problems = load_pack_file(PACK_PATH)
    assert not problems, "\n".join(str(p) for p in problems)
    assert loaded is not None
    return loaded


def _statuses(path: Path) -> dict[str, TopicStatus]:
    """Topic id -> status for one document linted with the practices pack only."""
    import policylint

    result = policylint.lint(path, packs=["practices"])
    (document,) = result.documents
    return {c.topic: c.status for c in document.coverage}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------- schema


def test_pack_identity_and_defaults(pack) -> None:
    assert pack.id == "practices"
    # Missing practice topics warn; weak ones are informational (documented in the description).
    assert pack.severity.value == "warning"
    assert pack.weak_severity.value == "info"
    assert "warning" in pack.description and "info" in pack.description


def test_exactly_the_thirteen_topics(pack) -> None:
    assert [t.id for t in pack.topics] == TOPIC_IDS


def test_every_topic_has_metadata(pack) -> None:
    for topic in pack.topics:
        assert topic.title and topic.description and topic.rationale, topic.id
        assert topic.sources, topic.id
        assert topic.headings, topic.id
        assert topic.mentions, topic.id
        assert 3 <= len(topic.elements) <= 9, topic.id
        required = [e for e in topic.elements if e.required]
        assert topic.min_elements is not None and 1 <= topic.min_elements <= len(required), topic.id


def test_every_element_has_metadata_and_examples(pack) -> None:
    for topic in pack.topics:
        for element in topic.elements:
            rule = f"{topic.id}/{element.id}"
            assert element.title and element.description and element.rationale, rule
            assert element.sources, rule
            assert element.kind in ("mandate", "prohibition", "presence"), rule
            ex = element.examples
            present, hedged, absent = (len(ex.get(k, ())) for k in ("present", "hedged", "absent"))
            assert present >= 2, rule
            assert hedged + absent >= 2, rule
            if element.kind in ("mandate", "prohibition"):
                assert hedged >= 1, rule


def test_every_citation_key_is_a_source(pack) -> None:
    keys = set(pack.sources)
    for key, entry in pack.sources.items():
        assert entry.get("title") and entry.get("publisher") and entry.get("year"), key
    cited = []
    for topic in pack.topics:
        cited += [(topic.id, c) for c in topic.sources]
        for element in topic.elements:
            cited += [(f"{topic.id}/{element.id}", c) for c in element.sources]
    for where, citation in cited:
        assert citation.split()[0] in keys, f"{where}: {citation!r} cites an unknown source key"


def test_ids_are_unique(pack) -> None:
    for topic in pack.topics:
        ids = [e.id for e in topic.elements]
        assert len(ids) == len(set(ids)), topic.id


def test_rule_examples_pass(pack) -> None:
    from policylint.engine.examples import run_examples

    report = run_examples([pack])
    failures = [f"{r.location}: {r.rule}: expected {r.expected}, got {r.actual}: {r.text}" for r in report.results if not r.ok]
    assert not report.problems, "\n".join(report.problems)
    assert not failures, "\n".join(failures)


# ----------------------------------------------------------------------------------- passages

CAMERA_POLICY = """\
# Body-Worn Cameras

## Activation

Officers shall activate their body-worn camera before arriving at any call for service.

Before deactivating the camera, the officer shall state the reason on the recording.

Officers shall inform each person that they are being recorded.

## Storage

All recordings shall be retained for at least 90 days.

Members shall not edit, alter or erase any camera recording.
"""

THIN_DE_ESCALATION = """\
# Patrol Procedures

Officers may use de-escalation techniques when they think it helpful.

Patrol officers shall complete a vehicle inspection at the start of each shift.
"""

JUVENILE_ORDER = """\
# Temporary Custody of Juveniles

The arresting officer shall notify a parent or guardian as soon as a juvenile is taken into custody.

Juveniles in custody shall be kept separated by sight and sound from adult prisoners.

Before a custodial interrogation of a juvenile, the officer shall read the Miranda warnings in plain language.
"""

UNRELATED_ORDER = """\
# Fleet Maintenance

Department vehicles shall be serviced every 5,000 miles.

Fuel cards shall be kept in the vehicle logbook.
"""

SOLELY_PROFILING = """\
# Traffic Enforcement

Officers shall not stop a motorist based solely on race, which would amount to profiling.

Officers shall not stop drivers solely because of their ethnicity, which is profiling.
"""


def test_camera_policy_covers_technology_and_nothing_else(tmp_path: Path) -> None:
    statuses = _statuses(_write(tmp_path, "cameras.md", CAMERA_POLICY))
    assert statuses["technology-privacy"] is TopicStatus.COVERED
    others = [t for t in TOPIC_IDS if t != "technology-privacy"]
    assert all(statuses[t] is TopicStatus.MISSING for t in others), statuses


def test_permissive_mention_is_weak_not_covered(tmp_path: Path) -> None:
    statuses = _statuses(_write(tmp_path, "patrol.md", THIN_DE_ESCALATION))
    assert statuses["de-escalation"] is TopicStatus.WEAK


def test_juvenile_order_covers_youth(tmp_path: Path) -> None:
    statuses = _statuses(_write(tmp_path, "juveniles.md", JUVENILE_ORDER))
    assert statuses["youth"] is TopicStatus.COVERED
    assert statuses["early-intervention"] is TopicStatus.MISSING


def test_unrelated_order_is_missing_everything(tmp_path: Path) -> None:
    statuses = _statuses(_write(tmp_path, "fleet.md", UNRELATED_ORDER))
    assert all(s is TopicStatus.MISSING for s in statuses.values()), statuses


def test_solely_loophole_leaves_the_prohibition_hedged(tmp_path: Path) -> None:
    import policylint

    result = policylint.lint(_write(tmp_path, "traffic.md", SOLELY_PROFILING), packs=["practices"])
    topic = next(c for c in result.documents[0].coverage if c.topic == "racial-profiling")
    element = next(e for e in topic.elements if e.id == "prohibition")
    assert element.status.value == "hedged"
    assert topic.status is TopicStatus.WEAK


# ------------------------------------------------------------------------------------- corpus

BODY_WORN_CAMERA_ORDERS = [
    "springfield_il_body_worn_camera.pdf",
    "urbana_il_body_worn_camera.pdf",
    "waukegan_il_body_worn_camera.pdf",
]


@pytest.mark.corpus
@pytest.mark.parametrize("name", BODY_WORN_CAMERA_ORDERS)
def test_body_worn_camera_orders(corpus_docs: Path, name: str) -> None:
    path = corpus_docs / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpus")
    statuses = _statuses(path)
    assert statuses["technology-privacy"] is TopicStatus.COVERED, statuses["technology-privacy"]
    others = [t for t in TOPIC_IDS if t != "technology-privacy"]
    missing = sum(1 for t in others if statuses[t] is TopicStatus.MISSING)
    # "Most other topics missing": at least ten of the twelve.
    assert missing >= 10, statuses
    assert not any(statuses[t] is TopicStatus.COVERED for t in others), statuses


@pytest.mark.corpus
def test_negative_documents_cover_nothing(corpus_docs: Path) -> None:
    negatives = sorted(corpus_docs.glob("*_NEGATIVE*"))
    if not negatives:
        pytest.skip("no *_NEGATIVE* documents in the corpus")
    for path in negatives:
        statuses = _statuses(path)
        covered = [t for t, s in statuses.items() if s is TopicStatus.COVERED]
        assert not covered, f"{path.name}: {covered}"
