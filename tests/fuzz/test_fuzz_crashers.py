"""The crashers corpus: inputs that once crashed, hung or exhausted memory, kept as regressions.

Each file under ``tests/fuzz/crashers/<loader>/`` must now give the loader's documented error
(every problem naming the file), never another exception. The folder says which loader:
``config`` (``.policylint.yaml``), ``pyproject`` (copied to ``pyproject.toml``), ``waivers``,
``baseline`` and ``rules`` (a rule pack). New crashers found by the fuzz tests go here.
A few are also run through the CLI: exit 2, no traceback, the file named on stderr.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policylint.workflow.baseline import load_baseline
from policylint.config import ConfigError, load_config
from policylint.rulebook import load_pack_file
from policylint.workflow.waivers import load_waivers_file

CRASHERS = Path(__file__).resolve().parent / "crashers"
REPO = Path(__file__).resolve().parents[2]


def _files(kind: str) -> list[Path]:
    return sorted((CRASHERS / kind).iterdir())


def _config_problems(path: Path) -> list[object]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.problems


@pytest.mark.parametrize("path", _files("config"), ids=lambda p: p.name)
def test_config_crasher_is_a_config_error(path: Path, tmp_path: Path) -> None:
    target = tmp_path / ".policylint.yaml"
    shutil.copy(path, target)
    problems = _config_problems(target)
    assert problems and all(str(target) in str(p) for p in problems)


@pytest.mark.parametrize("path", _files("pyproject"), ids=lambda p: p.name)
def test_pyproject_crasher_is_a_config_error(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    shutil.copy(path, target)
    problems = _config_problems(target)
    assert problems and all(str(target) in str(p) for p in problems)


@pytest.mark.parametrize("path", _files("waivers"), ids=lambda p: p.name)
def test_waivers_crasher_is_a_config_error(path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_waivers_file(path)
    assert all(str(path) in str(p) for p in info.value.problems)


@pytest.mark.parametrize("path", _files("baseline"), ids=lambda p: p.name)
def test_baseline_crasher_is_a_config_error(path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_baseline(path)
    assert all(str(path) in str(p) for p in info.value.problems)


@pytest.mark.parametrize("path", _files("rules"), ids=lambda p: p.name)
def test_rules_crasher_is_a_rule_problem(path: Path) -> None:
    pack, problems = load_pack_file(path)
    assert pack is None and problems
    assert all(str(path) in str(p) for p in problems)


@pytest.mark.parametrize(
    "kind,name,option",
    [
        ("config", "alias-bomb.yaml", "--config"),
        ("waivers", "recursive-alias.yaml", "--waivers-file"),
        ("baseline", "deep-nesting.json", "--baseline"),
        ("rules", "catastrophic-regex.yaml", "--rules"),
    ],
)
def test_crasher_through_the_cli_exits_2_naming_the_file(kind: str, name: str, option: str, tmp_path: Path) -> None:
    manual = tmp_path / "manual.md"
    manual.write_text("# Use of Force\n\nOfficers shall intervene.\n", encoding="utf-8")
    extra = [option, str(CRASHERS / kind / name)] + (["--pack", "hostile"] if kind == "rules" else [])
    run = subprocess.run([sys.executable, "-m", "policylint", "check", str(manual), *extra],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert name in run.stderr
