"""Golden files for every H7 format, regenerated only by scripts/regen_golden.py.

If a test here fails after an intended change, run ``python scripts/regen_golden.py``
and review the diff of tests/golden/ like any other code change.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"


def _script():
    spec = importlib.util.spec_from_file_location("regen_golden", REPO / "scripts" / "regen_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REGEN = _script()
NAMES = sorted(REGEN.REPORT_FILES) + sorted(REGEN.MATRIX_FILES)


@pytest.fixture(scope="module")
def in_repo():
    before = Path.cwd()
    os.chdir(REPO)
    yield
    os.chdir(before)


@pytest.fixture(scope="module")
def sample_outputs(in_repo) -> dict[str, str]:
    return REGEN.render_all(REGEN.sample_result())


@pytest.fixture(scope="module")
def corpora_outputs(in_repo) -> dict[str, str]:
    if not REGEN.corpora_documents() or not (GOLDEN / "corpora").is_dir():
        pytest.skip("no bundled sample manuals in corpora/ (or no corpora goldens yet)")
    return REGEN.render_all(REGEN.corpora_result())


@pytest.mark.parametrize("name", NAMES)
def test_sample_golden(sample_outputs, name) -> None:
    expected = (GOLDEN / "sample" / name).read_text(encoding="utf-8")
    assert sample_outputs[name] == expected, f"run scripts/regen_golden.py and review tests/golden/sample/{name}"


@pytest.mark.parametrize("name", NAMES)
def test_corpora_golden(corpora_outputs, name) -> None:
    expected = (GOLDEN / "corpora" / name).read_text(encoding="utf-8")
    assert corpora_outputs[name] == expected, f"run scripts/regen_golden.py and review tests/golden/corpora/{name}"


def test_normalise_hides_version_and_checkout_path() -> None:
    text = f"policylint 1.2.3 at {REPO}/manuals/a.pdf and {REPO.as_uri()}/x"
    assert REGEN.normalise(text, "1.2.3") == "policylint <VERSION> at <ROOT>/manuals/a.pdf and file://<ROOT>/x"
