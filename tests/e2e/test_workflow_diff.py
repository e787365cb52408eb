"""`policylint diff` on the bundled samples: every planted regression is named, and nothing else.

corpora/planted-gaps.yaml lists every edit between riverton-strong and riverton-draft with the
statuses it must produce. A gap marked ``known_issue`` is one the rules cannot see yet; it is
expected to go unnamed (strict xfail), as in tests/e2e/test_samples_check.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from policylint.cli import main

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
MANIFEST = yaml.safe_load((CORPORA / "planted-gaps.yaml").read_text(encoding="utf-8"))
STRONG_MD, DRAFT_MD = CORPORA / "src" / "riverton-strong.md", CORPORA / "src" / "riverton-draft.md"


def _packs() -> list[str]:
    wanted = sorted({f["pack"] for gap in MANIFEST["gaps"] for f in gap["findings"]})
    return [p for p in wanted if (CORPORA.parent / "rules" / f"{p}.yaml").is_file()]


def _diff(old: Path, new: Path, fmt: str = "json", *extra: str) -> tuple[int, str]:
    args = ["diff", str(old), str(new), "--format", fmt, *extra]
    for pack in _packs():
        args += ["--pack", pack]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def sample_diff() -> tuple[int, dict]:
    code, out = _diff(STRONG_MD, DRAFT_MD)
    return code, json.loads(out)


def _planted() -> list[tuple[dict, dict]]:
    return [(gap, f) for gap in MANIFEST["gaps"] for f in gap["findings"]]


@pytest.mark.parametrize(
    "pack,topic,element",
    [
        pytest.param(
            f["pack"], f["topic"], f["element"],
            id=f"{gap['id']}:{f['pack']}/{f['topic']}/{f['element'] or '*'}",
            marks=[pytest.mark.xfail(strict=True, reason=gap["known_issue"])] if "known_issue" in gap else [],
        )
        for gap, f in _planted()
    ],
)
def test_diff_names_each_planted_regression(sample_diff: tuple[int, dict], pack: str, topic: str, element: str | None) -> None:
    if pack not in _packs():
        pytest.skip(f"pack {pack} not shipped yet")
    _, report = sample_diff
    rule = f"{pack}/{topic}" + (f"/{element}" if element else "")
    named = {c["rule"]: c for c in report["changes"]}
    assert rule in named, rule
    assert named[rule]["kind"] == "regression", named[rule]


def test_diff_names_nothing_else_and_fails(sample_diff: tuple[int, dict]) -> None:
    code, report = sample_diff
    assert code == 1
    listed = {(f["pack"], f["topic"], f["element"]) for _, f in _planted()}
    whole_topics = {(p, t) for p, t, e in listed if e is None}
    topics_named = {(p, t) for p, t, _ in listed}
    assert report["changes"], "the draft regressed"
    for change in report["changes"]:
        assert change["kind"] == "regression", change  # the draft improves on nothing
        key = (change["pack"], change["topic"], change["element"])
        if change["element"] is None:
            assert key[:2] in topics_named, change["rule"]
        else:
            # an element of a topic that was deleted as a whole goes with it
            assert key in listed or key[:2] in whole_topics, change["rule"]
    assert report["summary"]["regressions"] == sum(1 for c in report["changes"] if c["required"] and not c["waived"])


def test_same_version_is_not_a_regression() -> None:
    code, out = _diff(STRONG_MD, STRONG_MD, "text")
    assert code == 0
    assert "0 regression(s), 0 improvement(s)" in out


def test_diff_across_formats_agrees_with_markdown(sample_diff: tuple[int, dict]) -> None:
    """An old PDF against a new DOCX finds the same regressions as the Markdown sources."""
    code, out = _diff(CORPORA / "riverton-strong.pdf", CORPORA / "riverton-draft.docx")
    assert code == 1
    cross = {c["rule"] for c in json.loads(out)["changes"] if c["kind"] == "regression" and c["required"]}
    same = {c["rule"] for c in sample_diff[1]["changes"] if c["kind"] == "regression" and c["required"]}
    assert cross == same


def test_markdown_and_text_show_old_and_new_evidence_side_by_side() -> None:
    _, md = _diff(STRONG_MD, DRAFT_MD, "markdown")
    assert "| Change | Rule | Old | New | Old evidence | New evidence |" in md
    gap = next(g for g in MANIFEST["gaps"] if g["id"] == "neck-restraint-exception")
    row = next(line for line in md.splitlines() if "neck" in line and line.startswith("| regression"))
    # both sentences are quoted in the same row (Markdown escapes punctuation, so compare words)
    words = lambda s: s.replace("\\", "").split()  # noqa: E731
    assert " ".join(words(gap["strong_text"][0])[:8]) in " ".join(words(row))
    assert "unless the officer deems it necessary" in " ".join(words(row))
    _, text = _diff(STRONG_MD, DRAFT_MD, "text")
    assert "old: \u201c" + gap["strong_text"][0] in text and "new: \u201c" + gap["draft_text"][0] in text


def test_unreadable_version_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n this is not a pdf")
    code, out = _diff(STRONG_MD, broken, "text")
    assert code == 2
    assert "could not be read" in out


def test_exit_zero_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "diff.md"
    code, out = _diff(STRONG_MD, DRAFT_MD, "markdown", "--exit-zero", "--output", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# policylint diff")
