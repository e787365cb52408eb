"""The waivers file: where it is looked for, strict validation with file:line, merging into config."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.config import Config, ConfigError, load_config
from policylint.workflow.waivers import load_waivers_file, locate_waivers_file, with_run_waivers

GOOD = """\
# accepted gaps
waivers:
  - topic: core/quota-prohibition
    reason: State law already bans quotas; adopted by reference.
    approved_by: City Attorney
    expires: 2031-01-31
  - topic: use-of-force
    element: warning-shots
    justification: Warning shots are addressed in the firearms annex.
    document: "manuals/*.pdf"
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_gives_waivers_with_their_source_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "w.yaml", GOOD)
    first, second = load_waivers_file(path)
    assert (first.pack, first.topic, first.element) == ("core", "quota-prohibition", None)
    assert first.approved_by == "City Attorney" and first.expires == "2031-01-31"
    assert first.source == f"{path}:3"
    assert (second.pack, second.topic, second.element) == (None, "use-of-force", "warning-shots")
    assert second.reason.startswith("Warning shots") and second.document == "manuals/*.pdf"
    assert second.source == f"{path}:7"


def test_missing_justification_is_a_config_error_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "w.yaml", "waivers:\n  - topic: use-of-force\n    approved_by: Chief\n")
    with pytest.raises(ConfigError) as info:
        load_waivers_file(path)
    [problem] = info.value.problems
    assert problem.line == 2 and "justification" in problem.message
    assert str(problem).startswith(f"{path}:2:")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        "waivers:\n"
        "  - topic: use-of-force\n    reasn: typo\n"  # unknown key and no reason
        "  - topic: data-collection\n    reason: ok\n    expires: next year\n"  # bad date
        "owner: someone\n"  # unknown top-level key
    )
    path = _write(tmp_path, "w.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_waivers_file(path)
    messages = [(p.line, p.key, p.message) for p in info.value.problems]
    assert any(line == 3 and key.endswith("reasn") and "allowed keys" in msg for line, key, msg in messages)
    assert any(key.endswith("reason") and "justification" in msg for _, key, msg in messages)
    assert any(line == 6 and key.endswith("expires") for line, key, _ in messages)
    assert any(line == 7 and key == "owner" for line, key, _ in messages)


@pytest.mark.parametrize("text", ["", "waivers:\n", "waivers: []\n"])
def test_an_empty_file_is_no_waivers(tmp_path: Path, text: str) -> None:
    assert load_waivers_file(_write(tmp_path, "w.yaml", text)) == ()


@pytest.mark.parametrize("text", ["- topic: x\n  reason: y\n", "waivers: {topic: x}\n", "waivers: [\n"])
def test_malformed_files_are_config_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError):
        load_waivers_file(_write(tmp_path, "w.yaml", text))


def test_location_order(tmp_path: Path) -> None:
    config_dir = tmp_path / "cfg"
    config_dir.mkdir()
    _write(config_dir, ".policylint.yaml", "fail_on: error\n")
    config = load_config(config_dir / ".policylint.yaml")
    assert locate_waivers_file(config).path == config_dir / ".policylint-waivers.yaml"
    assert not locate_waivers_file(config).required
    assert locate_waivers_file(config, override="x.yaml").required
    assert locate_waivers_file(Config(), cwd=tmp_path).path == tmp_path / ".policylint-waivers.yaml"
    _write(config_dir, ".policylint.yaml", "waivers_file: policy/accepted.yaml\n")
    named = locate_waivers_file(load_config(config_dir / ".policylint.yaml"))
    assert named.path == (config_dir / "policy" / "accepted.yaml").resolve() and named.required
    assert ".policylint.yaml:1" in named.origin


def test_with_run_waivers_adds_file_waivers_after_config_ones(tmp_path: Path) -> None:
    _write(tmp_path, ".policylint.yaml", "waivers:\n  - topic: data-collection\n    reason: from config\n")
    _write(tmp_path, ".policylint-waivers.yaml", GOOD)
    config = with_run_waivers(load_config(tmp_path / ".policylint.yaml"), [])
    assert [w.reason.split()[0] for w in config.waivers] == ["from", "State", "Warning"]


def test_an_explicit_waivers_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        with_run_waivers(Config(), [], waivers_file=tmp_path / "nope.yaml")
    assert "not found" in str(info.value)
    # the default location is optional
    assert with_run_waivers(Config(), [], cwd=tmp_path).waivers == ()


def test_a_waiver_that_accepts_no_gap_is_reported() -> None:
    """Hand-built: one waiver accepts a weak topic, one waives a topic that is covered anyway."""
    import dataclasses

    from policylint.results import Severity, TopicCoverage, TopicStatus, Waiver
    from policylint.workflow.waivers import WAIVER_IDLE, idle_waiver_problems, with_idle_waiver_problems
    from report_samples import sample_result

    result = sample_result()
    idle = Waiver(topic="duty-to-intervene", pack="8cantwait", reason="adopted by reference", source="w.yaml:3")
    busy = Waiver(topic="gap", pack="core", reason="accepted", source="w.yaml:7")
    extra = (
        TopicCoverage(pack="8cantwait", topic="duty-to-intervene", title="Intervene", status=TopicStatus.WAIVED,
                      severity=Severity.ERROR, reason="waived (covered): adopted by reference", waiver=idle),
        TopicCoverage(pack="core", topic="gap", title="Gap", status=TopicStatus.WAIVED,
                      severity=Severity.ERROR, reason="waived (weak): accepted", waiver=busy),
    )
    doc = result.documents[0]
    result = dataclasses.replace(result, documents=(dataclasses.replace(doc, coverage=doc.coverage + extra),))
    problems = idle_waiver_problems(result)
    assert [(p.code, p.path, p.severity) for p in problems] == [(WAIVER_IDLE, "w.yaml:3", "warning")]
    assert "8cantwait/duty-to-intervene accepts no gap" in problems[0].message
    assert with_idle_waiver_problems(result).problems[-1] == problems[0]
