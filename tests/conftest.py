"""Shared test fixtures. Tests that read ../shared skip cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS_DOCS = SHARED / "corpus" / "docs"
CORPUS_LABELS = SHARED / "corpus" / "labels"


@pytest.fixture(scope="session")
def corpus_docs() -> Path:
    """The real-document corpus; skips the test when ../shared is not beside the checkout."""
    if not CORPUS_DOCS.is_dir():
        pytest.skip("../shared/corpus is not available")
    return CORPUS_DOCS


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own, empty policylint cache folder (never the user's).

    Per test, not per session: a test that patches the engine in-process must not be
    served another test's cached result (the cache keys on policylint's source files,
    not on monkeypatches). Subprocesses inherit it through the environment.
    """
    folder = tmp_path_factory.mktemp("policylint-cache")
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(folder))
    return folder
