"""The wheel ships the rule packs, and an installed policylint finds them.

Guards the bug where a non-editable install found no packs: the top-level rules/
folder is installed as the data-only package policylint._packs.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policylint.rulebook.packs import pack_files, shipped_dir

REPO = Path(__file__).resolve().parents[2]


def test_shipped_dir_holds_every_pack_in_rules() -> None:
    folder = shipped_dir()
    assert folder is not None
    assert {p.name for p in pack_files(folder)} == {p.name for p in (REPO / "rules").glob("*.yaml")}


def test_wheel_contains_packs_templates_and_typing_marker(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-300:]}")
    wheel = next(tmp_path.glob("policylint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in (REPO / "rules").glob("*.yaml"):
        assert f"policylint/_packs/{pack.name}" in names
    assert "policylint/py.typed" in names
    assert any(n.startswith("policylint/report/templates/") for n in names)
