"""The content-addressed cache: exact round trips, relocation, corrupt entries, eviction, keys."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

import policylint.api as api
from policylint.batch import BatchOptions, CacheSettings, DocumentCache
from policylint.batch import cache as cache_module
from policylint.batch.cache import CachedResult, rules_fingerprint
from policylint.loading import load_document
from policylint.report import render

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_fixtures import image_only_pdf  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DRAFT_PDF = REPO / "corpora" / "riverton-draft.pdf"
STRONG_DOCX = REPO / "corpora" / "riverton-strong.docx"
DRAFT_MD = REPO / "corpora" / "src" / "riverton-draft.md"

pytestmark = pytest.mark.skipif(not DRAFT_PDF.is_file(), reason="corpora/ samples not built")


@pytest.fixture(scope="module")
def plan() -> api.LintPlan:
    return api.plan_run(packs=["core", "practices"])


def _json(result: object) -> str:
    return render("json", result)  # type: ignore[arg-type]


def test_document_and_result_round_trip_exactly(tmp_path: Path, plan: api.LintPlan) -> None:
    cache = DocumentCache(tmp_path)
    document = load_document(DRAFT_PDF)
    key = cache.document_key(document.sha256)
    cache.put_document(key, document)
    assert cache.get_document(key, document.path) == document

    from policylint.engine.analyse import analyse_document

    coverage = tuple(analyse_document(document, plan.compiled))
    entry = CachedResult(document.path, document.format, document.page_count, document.sha256,
                         document.diagnostics, document.agency, coverage)
    cache.put_result("r" + key[1:], entry)
    assert cache.get_result("r" + key[1:], document.path) == entry


def test_a_copy_at_another_path_is_served_as_if_read_there(tmp_path: Path) -> None:
    first = image_only_pdf(tmp_path / "first.pdf", pages=2)  # its diagnostics name the file
    second = tmp_path / "elsewhere" / "second.pdf"
    second.parent.mkdir()
    shutil.copy(first, second)
    cache = DocumentCache(tmp_path / "cache")
    document = load_document(first)
    assert any(str(first) in d.message for d in document.diagnostics)
    key = cache.document_key(document.sha256)
    cache.put_document(key, document)
    assert cache.get_document(key, str(second)) == load_document(second)


def test_second_run_reads_no_document_and_gives_the_same_json(
    tmp_path: Path, plan: api.LintPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [DRAFT_PDF, STRONG_DOCX, DRAFT_MD, tmp_path / "absent.pdf"]
    options = BatchOptions(cache=CacheSettings(tmp_path / "cache"))
    uncached = _json(api.lint_documents(items, plan))
    cold = _json(api.lint_documents(items, plan, batch=options))

    import policylint.ingest

    calls: list[str] = []
    original = policylint.ingest.read_raw

    def counting(path: Path, **kwargs: object) -> object:
        calls.append(str(path))
        return original(path, **kwargs)

    monkeypatch.setattr(policylint.ingest, "read_raw", counting)
    warm = _json(api.lint_documents(items, plan, batch=options))
    assert cold == uncached
    assert warm == uncached
    # Only the missing file was looked at again (its reader reports PL109); no manual was read.
    assert calls == [str(tmp_path / "absent.pdf")]


def test_a_corrupt_entry_is_ignored_and_rewritten(tmp_path: Path, plan: api.LintPlan) -> None:
    folder = tmp_path / "cache"
    options = BatchOptions(cache=CacheSettings(folder))
    expected = _json(api.lint_documents([DRAFT_PDF], plan))
    api.lint_documents([DRAFT_PDF], plan, batch=options)
    entries = sorted(folder.rglob("*.pickle"))
    assert len(entries) == 2  # the document and its result
    for entry in entries:
        entry.write_bytes(b"\x80\x05 not a pickle at all")
    assert _json(api.lint_documents([DRAFT_PDF], plan, batch=options)) == expected
    # Truncated entries: rewritten again, still no crash.
    for entry in sorted(folder.rglob("*.pickle")):
        entry.write_bytes(entry.read_bytes()[:40])
    assert _json(api.lint_documents([DRAFT_PDF], plan, batch=options)) == expected
    cache = DocumentCache(folder)
    document = load_document(DRAFT_PDF)
    assert cache.get_document(cache.document_key(document.sha256), document.path) == document


def test_an_unusable_cache_folder_costs_the_speed_up_not_the_run(tmp_path: Path, plan: api.LintPlan) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    options = BatchOptions(cache=CacheSettings(blocker / "cache"))
    assert _json(api.lint_documents([DRAFT_MD], plan, batch=options)) == _json(api.lint_documents([DRAFT_MD], plan))


def test_trim_evicts_least_recently_used_entries_first(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path, max_bytes=10_000)
    payload = "x" * 3_000
    for name in ("aa1", "bb2", "cc3", "dd4", "ee5"):
        cache._write("documents", name, payload)
        time.sleep(0.01)
    old = time.time() - 1000
    for i, path in enumerate(sorted(tmp_path.rglob("*.pickle"))):
        os.utime(path, (old + i, old + i))  # aa1 oldest ... ee5 newest
    assert cache._read("documents", "aa1") == payload  # a read makes aa1 the most recently used
    freed = cache.trim()
    left = {p.stem for p in tmp_path.rglob("*.pickle")}
    assert freed > 0 and cache.size() <= 9_000
    assert "aa1" in left and "bb2" not in left and "cc3" not in left
    assert "ee5" in left


def test_keys_change_with_the_reader_the_packs_and_the_disabled_topics(
    tmp_path: Path, plan: api.LintPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = DocumentCache(tmp_path)
    before = cache.document_key("0" * 64)
    monkeypatch.setattr(cache_module, "reader_fingerprint", lambda: "a different reader")
    assert cache.document_key("0" * 64) != before

    base = rules_fingerprint(plan.packs, [])
    assert rules_fingerprint(plan.packs, ["core/use-of-force"]) != base
    assert rules_fingerprint(plan.packs[:1], []) != base
    pack_file = tmp_path / "mine.yaml"
    shutil.copy(plan.packs[0].path, pack_file)
    import dataclasses

    moved = dataclasses.replace(plan.packs[0], path=str(pack_file))
    assert rules_fingerprint([moved], []) == rules_fingerprint(plan.packs[:1], [])
    pack_file.write_text(pack_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rules_fingerprint([moved], []) != rules_fingerprint(plan.packs[:1], [])


def test_default_folder_comes_from_the_environment_then_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path / "here"))
    assert CacheSettings.default().folder == tmp_path / "here"
    assert CacheSettings.default(tmp_path / "explicit").folder == tmp_path / "explicit"
    monkeypatch.delenv("POLICYLINT_CACHE_DIR")
    import platformdirs

    assert CacheSettings.default().folder == Path(platformdirs.user_cache_dir("policylint", appauthor=False))
    monkeypatch.setenv("POLICYLINT_CACHE_MB", "5")
    assert CacheSettings.default().max_bytes == 5 * 1024 * 1024


def test_keys_change_with_the_lexicon_the_packs_use(tmp_path: Path, plan: api.LintPlan) -> None:
    """Editing a concept changes what the packs match: cached results must not survive it."""
    import dataclasses

    from policylint.rulebook.lexicon import Lexicon

    pack = plan.packs[0]
    assert pack.lexicon is not None and pack.lexicon.paths, "the shipped packs use the shipped lexicon"
    lexicon_file = tmp_path / "concepts.yaml"
    shutil.copy(pack.lexicon.paths[0], lexicon_file)
    moved = dataclasses.replace(pack, lexicon=Lexicon(pack.lexicon.concepts, pack.lexicon.hedges, (str(lexicon_file),)))
    before = rules_fingerprint([moved], [])
    lexicon_file.write_text(lexicon_file.read_text(encoding="utf-8") + "\n# a concept edited\n", encoding="utf-8")
    assert rules_fingerprint([moved], []) != before


_RUN_AND_SAY_IF_SPACY_LOADED = """
import runpy, sys
sys.argv = ["policylint", *sys.argv[1:]]
try:
    runpy.run_module("policylint", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print("spacy imported:", "spacy" in sys.modules, file=sys.stderr)
sys.exit(code)
"""


def test_a_fully_cached_compare_imports_no_spacy_and_compiles_no_rules(tmp_path: Path) -> None:
    """Everything cached: the matrix comes from stored results (state law and waivers applied
    afresh) without importing spaCy, which alone costs half a second of a warm run."""
    import subprocess

    command = [sys.executable, "-c", _RUN_AND_SAY_IF_SPACY_LOADED, "compare", str(DRAFT_MD), str(STRONG_DOCX),
               "--pack", "core", "--pack", "il", "--format", "json", "--jobs", "1"]
    env = dict(os.environ, POLICYLINT_CACHE_DIR=str(tmp_path / "cache"))
    cold = subprocess.run(command, capture_output=True, text=True, env=env)
    warm = subprocess.run(command, capture_output=True, text=True, env=env)
    assert "spacy imported: True" in cold.stderr  # (the first run judged the manuals)
    assert "spacy imported: False" in warm.stderr
    assert warm.returncode == cold.returncode
    assert warm.stdout == cold.stdout and '"columns"' in warm.stdout
