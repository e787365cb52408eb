"""`policylint crosswalk`, `check --format crosswalk`, `--as-of` and the config keys `state` and `as_of`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
CA_MD = CORPORA / "src" / "riverton-ca.md"


def _run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(main, list(args))
    else:
        with runner.isolated_filesystem(temp_dir=cwd):
            result = runner.invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_crosswalk_command_picks_the_format_from_the_output_name(tmp_path):
    html, csv_file = tmp_path / "cw.html", tmp_path / "cw.csv"
    first = _run("crosswalk", str(CA_MD), "--state", "ca", "--as-of", "2024-07-01", "-o", str(html))
    second = _run("crosswalk", str(CA_MD), "--pack", "ca", "--as-of", "2024-07-01", "-o", str(csv_file))
    assert first.exit_code == 1 and second.exit_code == 1  # planted gaps and a contradiction
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert csv_file.read_text(encoding="utf-8").startswith("\ufeffdocument,path,pack")
    assert "wrote the html crosswalk of 1 document(s)" in first.stderr


def test_check_format_crosswalk_is_the_same_table():
    via_check = _run("check", str(CA_MD), "--pack", "ca", "--as-of", "2024-07-01", "--format", "crosswalk")
    via_command = _run("crosswalk", str(CA_MD), "--state", "ca", "--as-of", "2024-07-01")
    assert via_check.exit_code == 1
    assert via_check.stdout == via_command.stdout
    assert "**CONTRADICTED**" in via_check.stdout


@pytest.mark.parametrize("args,fragment", [
    (("--as-of", "2024-02-30", "--state", "ca"), "'2024-02-30' is not a date"),
    (("--state", "tx"), "no state-law pack for 'tx' (available: ca, il)"),
    (("--pack", "core"), "none of core is a state-law pack"),
    (("--pack", "nope"), "unknown pack nope"),
    ((), "name the state"),
])
def test_crosswalk_usage_errors_exit_2(args, fragment):
    result = _run("crosswalk", str(CA_MD), *args)
    assert result.exit_code == 2
    assert fragment in result.output


def test_check_rejects_a_bad_as_of_date():
    result = _run("check", str(CA_MD), "--pack", "ca", "--as-of", "yesterday")
    assert result.exit_code == 2 and "is not a date" in result.output


def test_config_state_adds_the_state_pack_and_as_of_sets_the_date(tmp_path):
    (tmp_path / ".policylint.yaml").write_text("state: il\nas_of: 2021-06-30\n", encoding="utf-8")
    manual = CORPORA / "src" / "riverton-il.md"
    result = _run("check", str(manual), "--format", "json", "--config", str(tmp_path / ".policylint.yaml"))
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["packs"]] == ["core", "il"]
    assert data["as_of"] == "2021-06-30"
    il = {t["topic"]: t["status"] for t in data["documents"][0]["coverage"] if t["pack"] == "il"}
    assert il["duty-to-render-aid"] == "not-in-force"  # 720 ILCS 5/7-15 took effect 2021-07-01
    # the crosswalk command finds the state in the config too; --as-of wins over the config
    crosswalk = _run("crosswalk", str(manual), "--format", "csv", "--as-of", "2024-07-01",
                     "--config", str(tmp_path / ".policylint.yaml"))
    assert ",il,il,2024-07-01," in crosswalk.stdout


@pytest.mark.parametrize("text,fragment", [
    ("state: illinois\n", "state: must be a two-letter state code"),
    ("as_of: 2021-13-40\n", "as_of: must be a date, YYYY-MM-DD"),
    ("as_of: soon\n", "as_of: must be a date, YYYY-MM-DD"),
])
def test_bad_state_or_as_of_in_config_is_a_configuration_error(tmp_path, text, fragment):
    config = tmp_path / ".policylint.yaml"
    config.write_text(text, encoding="utf-8")
    result = _run("check", str(CA_MD), "--config", str(config))
    assert result.exit_code == 2
    assert fragment in result.output and ".policylint.yaml:1" in result.output


def test_a_state_without_a_pack_is_a_configuration_error(tmp_path):
    config = tmp_path / ".policylint.yaml"
    config.write_text("state: tx\n", encoding="utf-8")
    result = _run("check", str(CA_MD), "--config", str(config))
    assert result.exit_code == 2
    assert "no rule pack for state 'tx' (state-law packs: ca, il)" in result.output


def test_config_show_lists_state_and_as_of(tmp_path):
    config = tmp_path / ".policylint.yaml"
    config.write_text("state: ca\nas_of: 2023-01-01\n", encoding="utf-8")
    result = _run("config", "show", "--config", str(config), "--format", "json")
    data = json.loads(result.stdout)
    assert data["keys"]["state"]["value"] == "ca" and data["keys"]["as_of"]["value"] == "2023-01-01"
    assert [p["id"] for p in data["packs"]] == ["core", "ca"]
