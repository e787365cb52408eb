"""One long document judged in two halves, the first in a forked child: always the one-pass result.

The document is generated from chapters written here: sections with rules for several of the
shipped packs, lead-ins with their list items, tables, sentences extended by the next one
("This includes ..."), anaphora ("You are required to stop it."), exceptions in the next
sentence, a lead-in whose items open the next section, purpose and background sections.

The engine forks only while no other thread is alive, and earlier tests of a full run leave
Dask's threads behind: the tests that fork (``forking`` fixture) then run in a fresh
interpreter instead (``test_the_forking_tests_run_in_a_fresh_interpreter``), never not at all.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict

import pytest

from policylint.engine import analyse, split
from policylint.engine.analyse import analyse_document, split_point, starts_fresh, table_rows_as_blocks
from policylint.engine.examples import document_from_markdown
from policylint.engine.sentences import prepare
from policylint.model import BlockKind, Document
from policylint.rulebook import load_packs
from policylint.rulebook.compiler import CompiledRules, compile_rules

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the engine forks on Linux only")

#: One chapter's sections; {n} is the chapter number. Each section says something for a pack.
CHAPTER = """
# Chapter {n} - Use of Force and Related Duties

## {n}00.1 Purpose and Scope

This policy establishes guidelines for the reasonable use of force by members of the agency.
Officers shall use only the force that is objectively reasonable to accomplish a lawful purpose.

## {n}00.2 Duty to Intervene

An officer may see another officer use force that is clearly beyond what is reasonable.

You are required to intervene and stop it. Officers shall report the intervention to a supervisor as soon as practicable.

Any officer present and observing another officer using excessive force shall, when in a position to do so:

- intercede to prevent the use of unreasonable force
- promptly report these observations to a supervisor

## {n}00.3 Reporting the Use of Force

Officers shall report every use of force to a supervisor.

This includes pointing a firearm at a person. Supervisors should review each report within a reasonable time.

## {n}00.4 Neck Restraints

Officers shall not use a chokehold. Carotid restraints are prohibited.
Techniques that create a substantial risk of positional asphyxia are prohibited.

## {n}00.5 Deadly Force

Each condition below must be met before deadly force is used.

- the officer reasonably believes the person poses an imminent threat of death or serious bodily injury
- all other reasonable means have been exhausted

Where feasible, officers shall give a verbal warning before using deadly force.

## {n}00.6 Moving Vehicles

Officers shall not shoot at a moving vehicle. Exception: when the occupants use deadly force other than the vehicle.

## {n}00.7 Levels of Force - Includes:

- pointing a firearm at a person
- the use of a conducted energy device

Officers shall match their response to the resistance they meet as follows:

## {n}00.8 Force Options

| Subject resistance | Officer response |
| --- | --- |
| Passive resistance | Verbal commands and escort holds |
| Active aggression | Impact weapons and conducted energy devices |

## {n}00.9 De-escalation

Officers should use de-escalation techniques and crisis intervention tactics when it is safe to do so.
When practicable, officers shall:

## {n}00.10 Tactics Before Force

- attempt to slow the situation down
- request additional resources such as a crisis intervention team

## {n}00.11 Legal Background

State law now prohibits chokeholds and carotid restraints.

## {n}00.12 Citations and Stops

Officers shall not be required to issue a certain number of citations.
Officers shall record the reason for every stop and the result of the stop.
During a stop officers shall never use the following holds:

2 Chokeholds or other airway holds

## {n}00.13 Holds Not Permitted

3 Carotid restraints of any kind

## {n}00.14 Stop Records

(a) pointing a firearm at a person
"""


#: The shipped threshold (the tests lower it: their documents are small).
SHIPPED_MIN_SPLIT_CHARS = analyse.MIN_SPLIT_CHARS


def long_manual(chapters: int) -> Document:
    return document_from_markdown("\n".join(CHAPTER.format(n=n) for n in range(1, chapters + 1)), path="long.md")


@pytest.fixture(scope="module")
def compiled() -> CompiledRules:
    return compile_rules(list(load_packs().packs.values()))  # every shipped pack, as benchmarks/check.py checks


@pytest.fixture(autouse=True)
def split_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The split on as in a one-document check, for documents of any size (these are small)."""
    monkeypatch.delenv(split.ENV, raising=False)
    monkeypatch.setattr(split, "ENABLED", True)
    monkeypatch.setattr(analyse, "MIN_SPLIT_CHARS", 5_000)


#: Set in the fresh interpreter that runs the forking tests (where they must not be skipped).
FRESH = "POLICYLINT_TEST_SPLIT_FRESH"


@pytest.fixture
def forking() -> None:
    """A test that needs the real fork: with another thread alive the engine does not fork."""
    if threading.active_count() != 1:
        assert not os.environ.get(FRESH), threading.enumerate()
        pytest.skip("another thread is alive (the engine does not fork): run in a fresh interpreter instead")


@pytest.fixture
def no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split without forking (both halves in this process): for many cuts quickly, and with
    threads alive."""
    monkeypatch.setattr(split, "allowed", lambda: True)
    monkeypatch.setattr(split, "run_halves", lambda first, second, valid: split.Halves(first(), second(), True))


def as_json(coverage) -> str:
    return json.dumps([asdict(t) for t in coverage], default=str, sort_keys=True)


def serial(document: Document, compiled: CompiledRules, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patch:
        patch.setattr(split, "ENABLED", False)
        coverage = analyse_document(document, compiled)
    assert analyse.LAST_SPLIT is None
    return coverage


def test_the_split_result_is_the_one_pass_result(compiled: CompiledRules, monkeypatch: pytest.MonkeyPatch, forking: None) -> None:
    document = long_manual(12)
    one_pass = serial(document, compiled, monkeypatch)
    seen: list[float] = []
    halves = analyse_document(document, compiled, progress=seen.append)
    assert analyse.LAST_SPLIT is not None and analyse.LAST_SPLIT[1]  # split, and the child's half used
    assert halves == one_pass
    assert as_json(halves) == as_json(one_pass)
    assert sum(len(e.evidence) for t in halves for e in t.elements) > 100  # (a document with much to judge)
    assert seen == sorted(seen) and seen[-1] == 1.0  # this process's half, then done


def test_the_split_block_opens_a_section_and_is_no_item(compiled: CompiledRules) -> None:
    document = long_manual(12)
    blocks = table_rows_as_blocks(list(document.blocks()))
    prepared = [prepare(block.text) for block, _, _ in blocks]
    k = split_point(blocks, prepared)
    assert k is not None and starts_fresh(blocks, prepared, k)
    block, section, _ = blocks[k]
    assert section is not blocks[k - 1][1]
    assert block.kind is not BlockKind.LIST_ITEM and block.table_row is None
    before = sum(len(p.text) for p in prepared[:k])
    assert 0.3 < before / sum(len(p.text) for p in prepared) < 0.7  # near the middle


def test_every_block_that_starts_fresh_gives_the_one_pass_result(
    compiled: CompiledRules, monkeypatch: pytest.MonkeyPatch, no_fork: None
) -> None:
    """The claim split_point rests on, for every kind of section start in the chapter; and
    a cut elsewhere (inside a list, at an item opening a section) does change the result,
    so this document tells them apart."""
    document = long_manual(2)
    one_pass = as_json(serial(document, compiled, monkeypatch))
    blocks = table_rows_as_blocks(list(document.blocks()))
    prepared = [prepare(block.text) for block, _, _ in blocks]
    fresh = [k for k in range(len(blocks)) if starts_fresh(blocks, prepared, k)]
    assert len(fresh) >= 15
    # blocks that may borrow from the one before: what a lead-in governs ("When practicable,
    # officers shall:"), even when it opens a section (a list item, a table, an item by its
    # text "(a) ...", a bare-number item "3 Carotid ..."), and a paragraph that extends or
    # points back at the one before in its section ("This includes ...", "... stop it.")
    carried: dict[str, list[int]] = {}
    for k in range(1, len(blocks)):
        if not starts_fresh(blocks, prepared, k):
            block, text = blocks[k][0], prepared[k].text
            kind = ("list item" if block.kind is BlockKind.LIST_ITEM else "table" if block.table_row is not None
                    else "item text" if text.startswith("(") else "bare number" if text[0].isdigit()
                    else "same section")
            carried.setdefault(kind, []).append(k)
    assert sorted(carried) == ["bare number", "item text", "list item", "same section", "table"]

    def cut_at(k: int) -> str:
        with monkeypatch.context() as patch:
            patch.setattr(analyse, "split_point", lambda _blocks, _prepared: k)
            return as_json(analyse_document(document, compiled))

    assert all(cut_at(k) == one_pass for k in fresh)
    for kind, cuts in carried.items():
        assert any(cut_at(k) != one_pass for k in cuts), kind  # (each reason starts_fresh refuses matters)


def _in_child() -> bool:
    return os.getpid() != PARENT


PARENT = os.getpid()


@pytest.mark.parametrize("failure", ["raises", "killed", "broken pickle", "wrong object"])
def test_a_failing_child_still_gives_the_one_pass_result(
    failure: str, compiled: CompiledRules, monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    document = long_manual(6)
    one_pass = serial(document, compiled, monkeypatch)
    real_blocks, real_dump = analyse._analyse_blocks, split._dump

    def blocks_failing_in_child(run, start, end, progress):
        if _in_child() and failure == "raises":
            raise RuntimeError("engine bug in the child")
        if _in_child() and failure == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        return real_blocks(run, start, end, progress)

    def dump(result, stream) -> None:
        if failure == "broken pickle":
            stream.write(b"\x80\x05not a pickle")
        elif failure == "wrong object":
            real_dump("a string, not what the engine found", stream)
        else:
            real_dump(result, stream)

    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        forked.append(pid)
        return pid

    monkeypatch.setattr(analyse, "_analyse_blocks", blocks_failing_in_child)
    monkeypatch.setattr(split, "_dump", dump)
    monkeypatch.setattr(split.os, "fork", fork)
    coverage = analyse_document(document, compiled)
    assert analyse.LAST_SPLIT is not None and analyse.LAST_SPLIT[1] is False  # split; its half judged here
    assert coverage == one_pass
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # reaped: no zombie left


def test_small_documents_are_judged_in_one_pass(compiled: CompiledRules, monkeypatch: pytest.MonkeyPatch, no_fork: None) -> None:
    monkeypatch.setattr(analyse, "MIN_SPLIT_CHARS", SHIPPED_MIN_SPLIT_CHARS)
    document = long_manual(6)  # (~13k characters, a 7-page policy)
    blocks = table_rows_as_blocks(list(document.blocks()))
    prepared = [prepare(block.text) for block, _, _ in blocks]
    assert split_point(blocks, prepared) is None
    monkeypatch.setattr(analyse, "MIN_SPLIT_CHARS", sum(len(p.text) for p in prepared))
    assert split_point(blocks, prepared) is not None  # (it is its size that keeps it whole)
    monkeypatch.setattr(analyse, "MIN_SPLIT_CHARS", SHIPPED_MIN_SPLIT_CHARS)
    analyse_document(document, compiled)
    assert analyse.LAST_SPLIT is None


def test_no_split_when_turned_off_or_unsafe(compiled: CompiledRules, monkeypatch: pytest.MonkeyPatch, forking: None) -> None:
    document = long_manual(6)
    analyse_document(document, compiled)
    assert analyse.LAST_SPLIT is not None
    monkeypatch.setenv(split.ENV, "0")
    analyse_document(document, compiled)
    assert analyse.LAST_SPLIT is None
    monkeypatch.delenv(split.ENV)
    monkeypatch.setattr(split.threading, "active_count", lambda: 2)  # (forking with threads alive is unsafe)
    analyse_document(document, compiled)
    assert analyse.LAST_SPLIT is None
    monkeypatch.setattr(split.threading, "active_count", lambda: 1)
    monkeypatch.setattr(split, "ENABLED", False)  # (the API, and a check of several documents)
    assert not split.allowed()


def test_a_document_without_a_fresh_block_near_the_middle_is_not_split() -> None:
    document = document_from_markdown("Officers shall:\n\n" + "".join(f"- intervene in case {n}\n" for n in range(2000)))
    blocks = table_rows_as_blocks(list(document.blocks()))
    assert split_point(blocks, [prepare(block.text) for block, _, _ in blocks]) is None


def test_only_a_one_document_check_enables_the_split(monkeypatch: pytest.MonkeyPatch, tmp_path, forking: None) -> None:
    from click.testing import CliRunner

    from policylint.cli import main

    monkeypatch.setattr(split, "ENABLED", False)  # (as the API leaves it)
    path = tmp_path / "long.md"
    path.write_text("\n".join(CHAPTER.format(n=n) for n in range(1, 7)), encoding="utf-8")
    args = ["check", str(path), "--pack", "core", "--format", "json", "--fail-on", "never", "-q", "--no-cache"]
    halves = CliRunner().invoke(main, args)
    assert analyse.LAST_SPLIT is not None and analyse.LAST_SPLIT[1]
    assert split.ENABLED is False  # restored after the run
    monkeypatch.setenv(split.ENV, "0")
    one_pass = CliRunner().invoke(main, args)
    assert analyse.LAST_SPLIT is None
    assert halves.exit_code == one_pass.exit_code == 0
    assert halves.stdout == one_pass.stdout
    monkeypatch.delenv(split.ENV)
    (tmp_path / "copy.md").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    two = CliRunner().invoke(main, [*args[:2], str(tmp_path / "copy.md"), *args[2:]])  # two documents: no split
    assert two.exit_code == 0 and analyse.LAST_SPLIT is None


def test_the_forking_tests_run_in_a_fresh_interpreter() -> None:
    """With threads left behind by earlier tests, the forking tests run in a fresh interpreter."""
    if threading.active_count() == 1:
        pytest.skip("no other thread alive: the forking tests ran in this process")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", "not fresh_interpreter"],
        capture_output=True, text=True, env=dict(os.environ, **{FRESH: "1"}), timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert "passed" in summary and "skipped" not in summary, summary
