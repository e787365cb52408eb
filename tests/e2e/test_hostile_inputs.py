"""Hostile input through the real CLI, one test per class of the hostile-input issue:
every input exits 0, 1 or 2 with a message naming the file, never a traceback.

(benchmarks/hostile.py runs the full set with timings and peak memory; these are the
cheap, deterministic cases of each class.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MANUAL = "# Use of Force\n\nOfficers shall intervene to stop excessive force.\n"


def policylint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([sys.executable, "-m", "policylint", *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr, run.stderr
    return run


@pytest.fixture()
def manual(tmp_path: Path) -> Path:
    path = tmp_path / "manual.md"
    path.write_text(MANUAL, encoding="utf-8")
    return path


PACK = """pack: hostile
title: Hostile
version: "1"
topics:
  - id: t
    title: T
    elements:
      - id: e
        title: E
        kind: presence
        match:
          - [{tokens: %s}]
"""


def test_regex_in_a_token_pattern_is_refused_with_file_line_and_key(tmp_path: Path, manual: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "hostile.yaml").write_text(PACK % '[{LOWER: {REGEX: "^(a+)+$"}}]', encoding="utf-8")
    run = policylint("check", str(manual), "--rules", str(packs), "--pack", "hostile", cwd=tmp_path)
    assert run.returncode == 2
    assert "hostile.yaml:12: topics[0].elements[0].match[0][0].tokens[0].LOWER.REGEX: REGEX is not allowed" in run.stderr
    test = policylint("rules", "test", str(packs / "hostile.yaml"), cwd=tmp_path)
    assert test.returncode == 2 and "REGEX is not allowed" in test.stderr


def test_rules_test_reports_a_pattern_that_could_blow_up(tmp_path: Path) -> None:
    pack = tmp_path / "risky.yaml"
    pattern = '[{LOWER: a}, {OP: "{0,14}"}, {LOWER: b}, {OP: "*"}, {LOWER: c}]'
    pack.write_text((PACK % pattern).replace("pack: hostile", "pack: risky"), encoding="utf-8")
    run = policylint("rules", "test", str(pack), cwd=tmp_path)
    risks = [line for line in run.stdout.splitlines() if line.startswith("RISK ")]
    assert any("risky.yaml:12: risky/t/e: 14 optional word slots: up to 2^14" in line for line in risks), run.stdout
    assert any("token 3 is an unbounded run of any word" in line for line in risks)
    assert "risky patterns: 2" in run.stdout


@pytest.mark.parametrize("value", ["inf", "nan", "1e400", "-1", "0", "20000"])
def test_numeric_options_are_checked_by_the_option_parser(value: str, manual: Path, tmp_path: Path) -> None:
    for command in ("check", "outline"):
        run = policylint(command, str(manual), "--max-file-mb", value, cwd=tmp_path)
        assert run.returncode == 2 and "Invalid value for '--max-file-mb'" in run.stderr, run.stderr


@pytest.mark.parametrize("value", [".inf", ".nan", "-.inf", "0", "1e9999", "'20'", "20000"])
def test_numeric_config_values_must_be_finite_and_in_range(value: str, manual: Path, tmp_path: Path) -> None:
    config = tmp_path / ".policylint.yaml"
    config.write_text(f"max_file_mb: {value}\n", encoding="utf-8")
    run = policylint("check", str(manual), cwd=tmp_path)
    assert run.returncode == 2 and f"{config}:1: max_file_mb: must be" in run.stderr, run.stderr


def test_a_binary_file_given_as_config_waivers_or_baseline_is_named(tmp_path: Path, manual: Path) -> None:
    pdf = str(REPO / "corpora" / "riverton-draft.pdf")
    for option in ("--config", "--waivers-file", "--baseline"):
        run = policylint("check", str(manual), option, pdf, cwd=tmp_path)
        assert run.returncode == 2 and "riverton-draft.pdf" in run.stderr and "not UTF-8 text" in run.stderr, run.stderr


def test_text_past_the_text_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from policylint.ingest.limits import MAX_TEXT_BYTES

    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: costs no disk, and nothing may read it whole
        handle.truncate(MAX_TEXT_BYTES + 1)
    run = policylint("check", str(big), cwd=tmp_path)
    assert run.returncode == 2 and f"{big}: PL107" in run.stderr and "text files up to 16.0 MiB" in run.stderr


def test_a_megabyte_on_one_line_is_read_in_pieces_and_still_checked(tmp_path: Path) -> None:
    line = "filler words here " * 60_000 + "Officers shall not use chokeholds. " + "more filler " * 1000
    path = tmp_path / "one-line.txt"
    path.write_text(line + "\n", encoding="utf-8")
    run = policylint("check", str(path), "--pack", "8cantwait", "--format", "json", "-v", cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    import json

    document = json.loads(run.stdout)["documents"][0]
    assert any(d["code"] == "PL113" for d in document["diagnostics"])
    chokeholds = [t for t in document["coverage"] if t["topic"] == "chokehold-ban"][0]
    banned = [e for e in chokeholds["elements"] if e["id"] == "chokehold-prohibited"][0]
    assert banned["status"] == "present"  # the sentence 1 MB into the line was judged


def test_too_many_paragraphs_are_refused_and_the_other_files_still_run(tmp_path: Path, manual: Path) -> None:
    from policylint.ingest.limits import MAX_BLOCKS

    many = tmp_path / "many.txt"
    many.write_text("Officers shall report.\n\n" * (MAX_BLOCKS + 1), encoding="utf-8")
    run = policylint("check", str(many), str(manual), "--format", "json", cwd=tmp_path)
    assert run.returncode == 2 and f"{many}: PL107" in run.stderr and "paragraphs" in run.stderr
    import json

    documents = {d["path"]: d for d in json.loads(run.stdout)["documents"]}
    assert documents[str(manual)]["coverage"]


def test_a_report_is_written_whole_and_a_device_output_stays_a_device(tmp_path: Path, manual: Path) -> None:
    run = policylint("check", str(manual), "--output", "json:report.json", "--output", "text:/dev/null", cwd=tmp_path)
    assert run.returncode in (0, 1)
    import json
    import os
    import stat

    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["documents"]
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", ["check", "compare", "diff"])
def test_an_output_path_that_cannot_be_written_is_exit_2_naming_it(command: str, tmp_path: Path, manual: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be\n", encoding="utf-8")
    target = f"{blocker}/report.out"
    args = {"check": ["check", str(manual), "--output", target], "compare": ["compare", str(manual), "--output", target],
            "diff": ["diff", str(manual), str(manual), "--output", target]}[command]
    run = policylint(*args, cwd=tmp_path)
    assert run.returncode == 2 and f"cannot write {target}" in run.stderr, run.stderr
