"""The plan cache (phrase tokens of compiled packs): hit, miss, stale and corrupt entries, --no-cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.batch import CacheSettings
from policylint.batch import plan_cache
from policylint.rulebook import load_packs
from policylint.rulebook import compiler as compiler_module

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "mini" / "mini.yaml"
TEXT = "Officers shall intervene to stop another officer from using excessive force, and a chokehold is banned."


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(MINI, folder / "mini.yaml")
    return folder


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The ``phrase_tokens`` each compile_rules call received (None: nothing came from the cache)."""
    seen: list[object] = []
    real = compiler_module.compile_rules

    def spy(packs, *, disabled=frozenset(), phrase_tokens=None):  # type: ignore[no-untyped-def]
        seen.append(phrase_tokens)
        return real(packs, disabled=disabled, phrase_tokens=phrase_tokens)

    monkeypatch.setattr(compiler_module, "compile_rules", spy)
    return seen


def _packs(folder: Path) -> tuple:
    return (load_packs([folder]).packs["mini"],)


def _hits(compiled: compiler_module.CompiledRules, text: str = TEXT) -> list[tuple[int, int, int]]:
    return compiled.hits(compiled.make_doc(text))


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "v1" / "plans").rglob("*.pickle"))


def test_a_miss_writes_an_entry_and_a_hit_compiles_the_same_rules(tmp_path: Path, rules: Path, calls: list[object]) -> None:
    settings = CacheSettings(tmp_path / "cache")
    uncached = compiler_module.compile_rules(_packs(rules))
    first = plan_cache.compile_cached(_packs(rules), frozenset(), settings)
    second = plan_cache.compile_cached(_packs(rules), frozenset(), settings)
    assert calls[1] is None and calls[2] is not None  # (calls[0]: the uncached compile above)
    assert len(_entries(settings.folder)) == 1
    assert second.phrase_tokens == first.phrase_tokens == uncached.phrase_tokens
    assert _hits(second) == _hits(first) == _hits(uncached) != []


def test_a_changed_rule_file_is_never_served_from_the_old_entry(tmp_path: Path, rules: Path, calls: list[object]) -> None:
    settings = CacheSettings(tmp_path / "cache")
    plan_cache.compile_cached(_packs(rules), frozenset(), settings)
    pack = rules / "mini.yaml"
    pack.write_text(pack.read_text().replace("[intervene, intercede,", "[intervene, intercede, step in and stop,"))
    changed = plan_cache.compile_cached(_packs(rules), frozenset(), settings)
    assert calls[-1] is None  # a miss: the old entry is not even read
    assert "step in and stop" in changed.phrase_tokens
    assert _hits(changed, "Officers shall step in and stop excessive force.") == _hits(
        compiler_module.compile_rules(_packs(rules)), "Officers shall step in and stop excessive force."
    )
    assert len(_entries(settings.folder)) == 2


def test_disabled_topics_have_their_own_entry(tmp_path: Path, rules: Path, calls: list[object]) -> None:
    settings = CacheSettings(tmp_path / "cache")
    plan_cache.compile_cached(_packs(rules), frozenset(), settings)
    plan_cache.compile_cached(_packs(rules), frozenset({"mini/use-of-force"}), settings)
    assert calls == [None, None]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_corrupt_entry_is_ignored_and_rebuilt(
    tmp_path: Path, rules: Path, calls: list[object], damage: bytes | None
) -> None:
    settings = CacheSettings(tmp_path / "cache")
    plan_cache.compile_cached(_packs(rules), frozenset(), settings)
    [entry] = _entries(settings.folder)
    if damage is None:  # a readable entry of the wrong shape under the right key
        key = plan_cache.plan_key(_packs(rules), frozenset())
        settings.open().put_plan(key, {"use of force": ["not", "ids"]})
    else:
        entry.write_bytes(damage)
    rebuilt = plan_cache.compile_cached(_packs(rules), frozenset(), settings)
    assert calls[-1] is None
    assert _hits(rebuilt) == _hits(compiler_module.compile_rules(_packs(rules)))
    plan_cache.compile_cached(_packs(rules), frozenset(), settings)
    assert calls[-1] is not None  # the rewritten entry serves the next run


def test_no_settings_neither_reads_nor_writes(tmp_path: Path, rules: Path, calls: list[object]) -> None:
    plan_cache.compile_cached(_packs(rules), frozenset(), None)
    assert calls == [None] and not (tmp_path / "cache").exists()


def test_check_uses_the_cache_folder_and_no_cache_bypasses_it(tmp_path: Path, rules: Path) -> None:
    from policylint.cli import main

    manual = tmp_path / "manual.md"
    manual.write_text(f"# Use of Force\n\n{TEXT}\n")
    base = ["check", str(manual), "--rules", str(rules), "--pack", "mini", "--format", "json", "--fail-on", "never", "-q"]
    cached = tmp_path / "cache"
    uncached = tmp_path / "unused"
    first = CliRunner().invoke(main, [*base, "--cache-dir", str(cached)])
    second = CliRunner().invoke(main, [*base, "--cache-dir", str(uncached), "--no-cache"])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert first.stdout == second.stdout
    assert len(_entries(cached)) == 1 and not uncached.exists()
