"""`policylint check` on the bundled samples: the strong manual passes, the draft fails on each planted gap.

corpora/planted-gaps.yaml is the answer key. The draft differs from the strong manual only by
those gaps (tests/e2e/test_samples_build.py holds the text to that), so comparing the two
runs' coverage must show exactly the listed regressions: nothing missed, nothing extra.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
MANIFEST = yaml.safe_load((CORPORA / "planted-gaps.yaml").read_text(encoding="utf-8"))
FORMATS = ("pdf", "docx", "md")
REGRESSION = {"covered": 0, "weak": 1, "missing": 2, "present": 0, "hedged": 1, "absent": 2}


def _files(name: str) -> list[Path]:
    return [CORPORA / "src" / f"{name}.md" if fmt == "md" else CORPORA / f"{name}.{fmt}" for fmt in FORMATS]


def _available_packs() -> list[str]:
    """Packs named in the manifest that are shipped in rules/ (packs still being written are skipped)."""
    wanted = sorted({f["pack"] for gap in MANIFEST["gaps"] for f in gap["findings"]})
    return [pack for pack in wanted if (CORPORA.parent / "rules" / f"{pack}.yaml").is_file()]


def _run(paths: list[Path], packs: list[str]) -> tuple[int, dict]:
    """Run `policylint check --format json` in-process; return (exit code, parsed JSON)."""
    pytest.importorskip("policylint.cli.check", reason="check command not available yet")
    from click.testing import CliRunner

    from policylint.cli import main

    args = ["check", *map(str, paths), "--format", "json"]
    for pack in packs:
        args += ["--pack", pack]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def strong_core() -> tuple[int, dict]:
    return _run(_files("riverton-strong"), ["core"])


@pytest.fixture(scope="module")
def strong_all() -> tuple[int, dict]:
    return _run(_files("riverton-strong"), _available_packs())


@pytest.fixture(scope="module")
def draft_all() -> tuple[int, dict]:
    return _run(_files("riverton-draft"), _available_packs())


def _coverage(document: dict) -> dict[tuple[str, str, str | None], str]:
    """(pack, topic, element-or-None) -> status, for one document of a JSON report."""
    out: dict[tuple[str, str, str | None], str] = {}
    for topic in document["coverage"]:
        out[(topic["pack"], topic["topic"], None)] = topic["status"]
        for element in topic["elements"]:
            out[(topic["pack"], topic["topic"], element["id"])] = element["status"]
    return out


def _planted(include_known: bool) -> list[tuple[dict, dict]]:
    packs = set(_available_packs())
    return [
        (gap, finding)
        for gap in MANIFEST["gaps"]
        for finding in gap["findings"]
        if finding["pack"] in packs and (include_known or "known_issue" not in gap)
    ]


def test_strong_sample_passes_core_pack(strong_core: tuple[int, dict]) -> None:
    code, report = strong_core
    assert code == 0
    assert len(report["documents"]) == len(FORMATS)
    for document in report["documents"]:
        assert not document["diagnostics"], document["path"]
        statuses = {t["topic"]: t["status"] for t in document["coverage"]}
        assert statuses and set(statuses.values()) == {"covered"}, (document["path"], statuses)
        assert not [f for f in document["findings"] if f["severity"] == "error"]


def test_draft_sample_fails(draft_all: tuple[int, dict]) -> None:
    code, report = draft_all
    assert code == 1
    assert len(report["documents"]) == len(FORMATS)


@pytest.mark.parametrize(
    "gap_id,pack,topic,element,status",
    [
        pytest.param(
            gap["id"], f["pack"], f["topic"], f["element"], f["status"],
            id=f"{gap['id']}:{f['pack']}/{f['topic']}/{f['element'] or '*'}",
            marks=[pytest.mark.xfail(strict=True, reason=gap["known_issue"])] if "known_issue" in gap else [],
        )
        for gap in MANIFEST["gaps"]
        for f in gap["findings"]
    ],
)
def test_draft_names_each_planted_gap(
    draft_all: tuple[int, dict], gap_id: str, pack: str, topic: str, element: str | None, status: str
) -> None:
    """Every format reports the gap: in coverage, and as a finding when its topic is missing or weak."""
    if pack not in _available_packs():
        pytest.skip(f"pack {pack} not shipped yet")
    _, report = draft_all
    for document in report["documents"]:
        coverage = _coverage(document)
        assert coverage.get((pack, topic, element)) == status, (document["path"], gap_id)
        if coverage[(pack, topic, None)] in ("missing", "weak"):
            rules = {(f["rule"], f["status"]) for f in document["findings"]}
            rule = f"{pack}/{topic}" + (f"/{element}" if element else "")
            if element is None and status == "weak":
                assert any(r.startswith(rule + "/") for r, _ in rules), (document["path"], rule)
            else:
                assert (rule, status) in rules, (document["path"], rule, status)


def test_only_planted_gaps_differ(strong_all: tuple[int, dict], draft_all: tuple[int, dict]) -> None:
    """What `policylint diff` must say: every regression between the samples is a planted gap."""
    listed = {(f["pack"], f["topic"], f["element"]) for _, f in _planted(include_known=True)}
    whole_topics = {(pack, topic) for pack, topic, element in listed if element is None}
    topics_named = {(pack, topic) for pack, topic, _ in listed}
    for strong_doc, draft_doc in zip(strong_all[1]["documents"], draft_all[1]["documents"]):
        before, after = _coverage(strong_doc), _coverage(draft_doc)
        assert before.keys() == after.keys()
        for key, old in before.items():
            new = after[key]
            if REGRESSION[new] <= REGRESSION[old]:
                continue
            pack, topic, element = key
            if element is None:
                assert (pack, topic) in topics_named, (draft_doc["path"], key, old, new)
            else:
                assert key in listed or (pack, topic) in whole_topics, (draft_doc["path"], key, old, new)
