"""The conventions users of ruff, Semgrep and Vale expect, end to end on the CLI.

Output routing, folder exclusions, --select/--ignore, --quiet, --color, --statistics,
standard input, file:line locations, rule ids and links, --version, the GitLab format and
grouped reading problems.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main

REPO = Path(__file__).resolve().parents[2]
MINI = str(REPO / "tests" / "fixtures" / "packs" / "mini")
DRAFT_MD = REPO / "corpora" / "src" / "riverton-draft.md"

WEAK = """# 300 Use of Force

Officers should intervene when another officer uses excessive force.
"""


@pytest.fixture()
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def invoke(*args: str, input: bytes | str | None = None):
        return CliRunner().invoke(main, list(args), input=input)

    return invoke


def _weak(tmp_path: Path, name: str = "weak.md") -> str:
    (tmp_path / name).write_text(WEAK, encoding="utf-8")
    return name


MINI_ARGS = ("--rules", MINI, "--pack", "mini")


# ----------------------------------------------------------------------------- output routing


def test_format_from_the_extension_and_every_file_reported_on_stderr(run, tmp_path) -> None:
    path = _weak(tmp_path)
    result = run("check", path, *MINI_ARGS, "-o", "r.json", "-o", "r.sarif", "-o", "r.html", "-o", "r.xml")
    assert result.stdout == ""
    assert json.loads((tmp_path / "r.json").read_text())["schema_version"] == "1"
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "r.xml").read_text().startswith("<?xml")
    for fmt, name in (("json", "r.json"), ("sarif", "r.sarif"), ("html", "r.html"), ("junit", "r.xml")):
        assert f"policylint: wrote {fmt} to {name}" in result.stderr


def test_an_unknown_format_prefix_is_a_usage_error_and_writes_nothing(run, tmp_path) -> None:
    result = run("check", _weak(tmp_path), *MINI_ARGS, "--output", "xml:out.xml")
    assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr
    assert not (tmp_path / "xml:out.xml").exists() and not (tmp_path / "out.xml").exists()


def test_dash_is_stdout_and_several_stdout_outputs_follow_each_other(run, tmp_path) -> None:
    result = run("check", _weak(tmp_path), *MINI_ARGS, "--output", "text:-", "--output", "github:-")
    assert not (tmp_path / "-").exists()
    out = result.stdout
    assert "WEAK mini/use-of-force" in out and "::group::weak.md" in out
    assert out.index("WEAK mini/use-of-force") < out.index("::group::")


def test_two_dev_stdout_outputs_do_not_truncate_each_other(tmp_path) -> None:
    path = _weak(tmp_path)
    log = tmp_path / "log.txt"
    with log.open("w") as handle:
        subprocess.run([sys.executable, "-m", "policylint", "check", path, *MINI_ARGS, "--output", "text:/dev/stdout",
                        "--output", "json:/dev/stdout"], cwd=tmp_path, stdout=handle, stderr=subprocess.PIPE,
                       env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}, timeout=300)
    text = log.read_text()
    assert "WEAK mini/use-of-force" in text and '"schema_version": "1"' in text


def test_diff_routes_outputs_the_same_way(run, tmp_path) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(WEAK.replace("should", "shall"), encoding="utf-8")
    new.write_text(WEAK, encoding="utf-8")
    result = run("diff", str(old), str(new), *MINI_ARGS, "-o", "d.json", "-o", "markdown:-")
    assert result.exit_code == 1
    assert json.loads((tmp_path / "d.json").read_text())["summary"]["regressions"] >= 1
    assert result.stdout.startswith("# policylint diff") and "wrote json to d.json" in result.stderr
    assert run("diff", str(old), str(new), *MINI_ARGS, "-o", "d.sarif").exit_code == 2


# ----------------------------------------------------------------------------- folder scanning


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "policies"
    (root / "drafts").mkdir(parents=True)
    (root / "orders" / "old").mkdir(parents=True)
    for name in ("README.md", "CHANGELOG.md", "LICENSE.txt", "contributing.md"):
        (root / name).write_text("# Not policy\n\nHow to contribute.\n", encoding="utf-8")
    for name in ("manual.md", "drafts/next.md", "orders/a.md", "orders/old/b.md", "orders/skip-me.md"):
        (root / name).write_text(WEAK, encoding="utf-8")
    (root / ".policylintignore").write_text("orders/skip-*.md\n", encoding="utf-8")
    (root / "orders" / ".policylintignore").write_text("old/\n", encoding="utf-8")
    (tmp_path / ".policylint.yaml").write_text(
        f"packs: [mini]\nrules: ['{MINI}']\nexclude: ['policies/drafts/']\n", encoding="utf-8")
    return root


def _checked(result) -> list[str]:
    return [Path(d["path"]).as_posix() for d in json.loads(result.stdout)["documents"]]


def test_folder_scan_skips_boilerplate_excludes_and_ignore_files(run, tmp_path) -> None:
    _tree(tmp_path)
    result = run("check", "policies", "--format", "json")
    assert _checked(result) == ["policies/manual.md", "policies/orders/a.md"]
    result = run("check", "policies", "--format", "json", "--exclude", "orders/")
    assert _checked(result) == ["policies/manual.md"]


def test_named_files_are_checked_unless_force_exclude(run, tmp_path) -> None:
    _tree(tmp_path)
    named = ("policies/README.md", "policies/drafts/next.md", "policies/manual.md")
    assert _checked(run("check", *named, "--format", "json")) == list(named)
    assert _checked(run("check", *named, "--format", "json", "--force-exclude")) == ["policies/manual.md"]
    result = run("check", "policies/README.md", "--force-exclude")
    assert result.exit_code == 0 and "nothing to check" in result.stderr


# ----------------------------------------------------------------------------- selection


def test_select_and_ignore_by_topic_or_element(run, tmp_path) -> None:
    path = _weak(tmp_path)

    def rules(*args: str) -> set[str]:
        result = run("check", path, *MINI_ARGS, "--format", "json", *args)
        return {f["rule"] for f in json.loads(result.stdout)["documents"][0]["findings"]}

    everything = rules()
    assert {r.split("/")[1] for r in everything} == {"use-of-force", "consent-search"}
    assert {r.split("/")[1] for r in rules("--select", "use-of-force")} == {"use-of-force"}
    assert rules("--select", "mini/use-of-force/duty-to-intervene") == {"mini/use-of-force/duty-to-intervene"}
    assert rules("--ignore", "consent-search,use-of-force/duty-to-intervene") == (
        everything - {r for r in everything if r.startswith("mini/consent-search")} - {"mini/use-of-force/duty-to-intervene"})
    # ignoring what fails the run makes it pass; ignoring everything is a usage error
    assert run("check", path, *MINI_ARGS, "--fail-on", "warning").exit_code == 1
    assert run("check", path, *MINI_ARGS, "--fail-on", "warning", "--ignore", "use-of-force,consent-search").exit_code == 2
    quiet = run("check", path, *MINI_ARGS, "--fail-on", "warning", "--ignore", "consent-search",
                "--ignore", "use-of-force/duty-to-intervene,use-of-force/chokehold-ban,use-of-force/medical-aid")
    assert quiet.exit_code == 0, quiet.output
    passing = run("check", path, *MINI_ARGS, "--fail-on", "warning", "--select", "consent-search",
                  "--ignore", "mini/consent-search")
    assert passing.exit_code == 2 and "leave no pack, topic or element" in passing.stderr


def test_an_unknown_rule_id_is_an_error_with_suggestions(run, tmp_path) -> None:
    result = run("check", _weak(tmp_path), *MINI_ARGS, "--select", "use-of-forse")
    assert result.exit_code == 2 and "use-of-forse" in result.stderr and "did you mean" in result.stderr


def test_text_output_lists_only_selected_elements(run, tmp_path) -> None:
    result = run("check", _weak(tmp_path), *MINI_ARGS, "--select", "mini/use-of-force/duty-to-intervene")
    assert "Duty to intervene" in result.stdout and "consent-search" not in result.stdout


# ----------------------------------------------------------------------------- quiet, colour, statistics


def test_quiet_silences_notes_but_not_errors(run, tmp_path) -> None:
    path = _weak(tmp_path)
    assert run("check", path, *MINI_ARGS, "-o", "r.json", "-q").stderr == ""
    assert "cannot write" in run("check", path, *MINI_ARGS, "-o", "json:/nonexistent-dir/x/../../proc/r.json", "-q").stderr


def test_color_always_never_auto(run, tmp_path) -> None:
    path = _weak(tmp_path)
    assert "\x1b[" in run("check", path, *MINI_ARGS, "--color", "always").stdout
    assert "\x1b[" not in run("check", path, *MINI_ARGS, "--color", "never").stdout
    assert "\x1b[" not in run("check", path, *MINI_ARGS).stdout  # auto: not a terminal here
    assert "\x1b[" not in run("check", path, *MINI_ARGS, "--color", "always", "-o", "r.txt").stdout
    assert "\x1b[" not in (tmp_path / "r.txt").read_text()  # files never get colour


def test_statistics_count_each_rule(run, tmp_path) -> None:
    for name in ("a.md", "b.md"):
        _weak(tmp_path, name)
    text = run("check", "a.md", "b.md", *MINI_ARGS, "--statistics").stdout
    first = text.splitlines()[0].split()
    assert first[0] == "2" and first[2].startswith("mini/")
    assert "finding(s) in 2 document(s)" in text
    data = json.loads(run("check", "a.md", "b.md", *MINI_ARGS, "--statistics", "--format", "json").stdout)
    assert all(row["count"] == 2 for row in data) and {"rule", "severity", "count", "title"} <= set(data[0])
    assert run("check", "a.md", *MINI_ARGS, "--statistics", "--format", "sarif").exit_code == 2


# ----------------------------------------------------------------------------- stdin, locations, links, version


def test_stdin_is_a_document_named_by_stdin_filename(run) -> None:
    result = run("check", "-", *MINI_ARGS, "--stdin-filename", "orders.md", "--format", "json", input=WEAK.encode())
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["path"] == "orders.md" and doc["format"] == "markdown"
    assert any(f["rule"] == "mini/use-of-force/duty-to-intervene" for f in doc["findings"])
    text = run("check", "-", *MINI_ARGS, input=WEAK.encode()).stdout
    assert text.startswith("stdin: ")


def test_text_output_has_file_line_locations_and_rule_links(run, tmp_path) -> None:
    result = run("check", str(DRAFT_MD), "--pack", "core")
    out = result.stdout
    lines = DRAFT_MD.read_text(encoding="utf-8").splitlines()
    located = [line.strip() for line in out.splitlines()
               if line.strip().startswith(f"{DRAFT_MD}:") and line.strip()[len(str(DRAFT_MD)) + 1:][:1].isdigit()]
    assert len(located) >= 5
    for line in located:
        number = int(line.split(":")[1])
        assert 1 <= number <= len(lines)
    assert "rule core/use-of-force/de-escalation \u00b7 https://" in out
    assert "docs/rules/core.md#core-use-of-force-de-escalation" in out
    assert "WEAK core/use-of-force (Use of force) [error]" in out  # a weak topic says what it weighs


def test_version_names_the_rule_packs(run) -> None:
    out = run("--version").stdout
    assert out.startswith("policylint ") and "rule packs:" in out and "core " in out


def test_gitlab_code_quality_report(run, tmp_path) -> None:
    (tmp_path / "orders.md").write_text(DRAFT_MD.read_text(encoding="utf-8"), encoding="utf-8")
    run("check", "orders.md", "--pack", "core", "-o", "gitlab:gl-code-quality.json")
    issues = json.loads((tmp_path / "gl-code-quality.json").read_text())
    assert issues and len({i["fingerprint"] for i in issues}) == len(issues)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["lines"]["begin"] >= 1 and not issue["location"]["path"].startswith("/")
    essential = [i for i in issues if i["check_name"] == "core/use-of-force/de-escalation"]
    assert essential and essential[0]["severity"] == "major"


def test_grouped_reading_problems_one_line_with_page_ranges(run, monkeypatch) -> None:
    from policylint.cli.messages import echo_input_errors
    from policylint.model import Diagnostic
    from policylint.report.presentation import group_diagnostics

    pages = (3, 7, 8, 9, 40)
    warnings = [Diagnostic("PL101", f"m.pdf: page {p} has no text layer (image only)", "m.pdf", page=p, severity="warning")
                for p in pages]
    (group,) = group_diagnostics(warnings)
    assert group.pages == "pp. 3, 7-9, 40" and group.message.startswith("m.pdf: 5 pages (pp. 3, 7-9, 40) have no text")
    errors = [Diagnostic("PL101", "m.pdf: pages 1-3 have no text layer", "m.pdf", page=1, page_end=3),
              Diagnostic("PL101", "m.pdf: page 9 has no text layer", "m.pdf", page=9)]
    printed: list[str] = []
    monkeypatch.setattr("click.echo", lambda message, err=False: printed.append(message))
    echo_input_errors(("m.pdf", d) for d in errors)
    assert printed == ["policylint: m.pdf: PL101 (pp. 1-3, 9): 4 pages (pp. 1-3, 9) have no text layer (images only); "
                       "their text was not read"]
