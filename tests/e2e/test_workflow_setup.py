"""`policylint init`, `config show` and `explain`: what a new user runs first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main
from policylint.config import CONFIG_KEYS, WAIVER_KEYS, load_config
from policylint.workflow.waivers import load_waivers_file

CORPORA = Path(__file__).resolve().parents[2] / "corpora"


def _run(monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_commented_config_that_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run(monkeypatch, tmp_path, "init", "--pack", "core", "--pack", "8cantwait", "--waivers")
    assert code == 0 and ".policylint.yaml" in out
    text = (tmp_path / ".policylint.yaml").read_text(encoding="utf-8")
    for key, meaning in CONFIG_KEYS.items():  # every key documented, from the loader's own table
        assert f"# {key}: {meaning}" in text
    config = load_config(tmp_path / ".policylint.yaml")
    assert config.packs == ("core", "8cantwait") and config.fail_on == "error"
    waivers_text = (tmp_path / ".policylint-waivers.yaml").read_text(encoding="utf-8")
    assert all(key in waivers_text for key in WAIVER_KEYS)
    assert load_waivers_file(tmp_path / ".policylint-waivers.yaml") == ()
    # the commented examples name real topics: uncommenting them gives a valid config
    lines, inside = [], False
    for line in text.splitlines():
        if line in ("# severity:", "# disable:"):
            inside = True
        elif not line.startswith("#   "):
            inside = False
        lines.append(line[2:] if inside else line)
    uncommented = "\n".join(lines)
    (tmp_path / "uncommented.yaml").write_text(uncommented, encoding="utf-8")
    full = load_config(tmp_path / "uncommented.yaml")
    assert full.severity and full.disable
    from policylint.api import plan_run

    plan_run(config=full)  # the example topic ids resolve against the shipped packs


def test_init_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".policylint.yaml").write_text("fail_on: never\n", encoding="utf-8")
    code, _, err = _run(monkeypatch, tmp_path, "init")
    assert code == 2 and "--force" in err
    assert (tmp_path / ".policylint.yaml").read_text(encoding="utf-8") == "fail_on: never\n"
    assert _run(monkeypatch, tmp_path, "init", "--force")[0] == 0
    code, _, err = _run(monkeypatch, tmp_path, "init", "--force", "--pack", "nonesuch")
    assert code == 2 and "nonesuch" in err


def test_config_show_says_where_each_value_came_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".policylint.yaml").write_text(
        "packs: [core]\n\nfail_on: warning\nseverity:\n  core/quota-prohibition: warning\n", encoding="utf-8"
    )
    (tmp_path / ".policylint-waivers.yaml").write_text(
        "waivers:\n  - topic: core/data-collection\n    reason: State program.\n", encoding="utf-8"
    )
    sub = tmp_path / "manual"
    sub.mkdir()
    code, out, _ = _run(monkeypatch, sub, "config", "show", "--format", "json")
    assert code == 0
    data = json.loads(out)
    config_file = str((tmp_path / ".policylint.yaml").resolve())
    assert data["config_file"] == config_file
    assert data["keys"]["fail_on"] == {"value": "warning", "origin": f"{config_file}:3"}
    assert data["keys"]["severity"]["value"] == {"core/quota-prohibition": "warning"}
    assert data["keys"]["max_file_mb"]["origin"] == "default"
    assert data["waivers_file"]["exists"] and data["waivers_file"]["origin"] == "beside the config file"
    assert [w["topic"] for w in data["waivers_file"]["waivers"]] == ["data-collection"]
    assert [p["id"] for p in data["packs"]] == ["core"]
    code, text, _ = _run(monkeypatch, sub, "config", "show")
    assert f"[{config_file}:3]" in text and "[default]" in text and "data-collection: State program." in text


def test_explain_topic_element_and_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Path(__file__).resolve().parents[2]
    code, out, _ = _run(monkeypatch, tmp_path, "explain", "core/quota-prohibition")
    assert code == 0
    for part in ("What it checks", "Why it matters", "Sources", "Compliant wording", "In this configuration"):
        assert part in out, part
    code, out, _ = _run(
        monkeypatch, tmp_path, "explain", "core/use-of-force/neck-restraint-ban",
        "--document", str(repo / "corpora" / "src" / "riverton-draft.md"), "--format", "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["rule"]["id"] == "core/use-of-force/neck-restraint-ban" and data["rule"]["examples"]["present"]
    doc = data["document"]
    assert doc["status"] == "hedged" and "deems it necessary" in doc["evidence"][0]["text"]
    assert doc["evidence"][0]["line"] is not None


def test_explain_unknown_id_suggests_close_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = _run(monkeypatch, tmp_path, "explain", "core/quota-prohibitoin")
    assert code == 2 and "did you mean: core/quota-prohibition" in err


def test_explain_shows_a_waiver_from_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".policylint.yaml").write_text(
        "waivers:\n  - topic: core/quota-prohibition\n    reason: Charter ban.\n    expires: 2099-01-01\n", encoding="utf-8"
    )
    code, out, _ = _run(monkeypatch, tmp_path, "explain", "quota-prohibition")
    assert code == 0 and "waived: Charter ban." in out and "expires 2099-01-01" in out
