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
