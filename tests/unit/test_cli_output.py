"""``--output [FORMAT:]FILE`` routing (policylint.cli.output), the same for check, compare and diff."""

from __future__ import annotations

import click
import pytest

from policylint.cli.output import OutputTarget, parse_outputs, write_output

FORMATS = ("text", "json", "sarif", "html", "markdown", "junit", "github", "gitlab")


def _parse(*values: str, fmt: str | None = None) -> list[OutputTarget]:
    return parse_outputs(values, formats=FORMATS, default="text", explicit_format=fmt)


def test_no_output_is_stdout_in_the_default_or_chosen_format() -> None:
    assert _parse() == [OutputTarget("text", None)]
    assert _parse(fmt="json") == [OutputTarget("json", None)]


@pytest.mark.parametrize("name, fmt", [
    ("r.json", "json"), ("r.sarif", "sarif"), ("r.html", "html"), ("r.HTM", "html"), ("r.md", "markdown"),
    ("r.xml", "junit"), ("r.txt", "text"), ("reports/r.json", "json"),
])
def test_the_extension_names_the_format(name: str, fmt: str) -> None:
    assert _parse(name) == [OutputTarget(fmt, name)]


def test_an_extension_that_says_nothing_takes_format_then_default() -> None:
    assert _parse("report.out") == [OutputTarget("text", "report.out")]
    assert _parse("report.out", fmt="json") == [OutputTarget("json", "report.out")]


def test_a_prefix_wins_over_the_extension_and_dash_is_stdout() -> None:
    assert _parse("sarif:scan.json") == [OutputTarget("sarif", "scan.json")]
    assert _parse("text:-", "github:-", "json:/dev/stdout", "-") == [
        OutputTarget("text", None), OutputTarget("github", None), OutputTarget("json", None), OutputTarget("text", None)]


@pytest.mark.parametrize("value, message", [
    ("xml:out.xml", "unknown format 'xml'"),
    ("json:", "names no file"),
])
def test_bad_values_are_usage_errors(value: str, message: str) -> None:
    with pytest.raises(click.BadParameter, match=message):
        _parse(value)


def test_a_format_the_command_cannot_write_is_refused() -> None:
    with pytest.raises(click.BadParameter, match="cannot write sarif"):
        parse_outputs(["x.sarif"], formats=("text", "markdown", "json"), default="text")


def test_the_same_file_twice_is_refused(tmp_path) -> None:
    with pytest.raises(click.BadParameter, match="named twice"):
        _parse(f"json:{tmp_path / 'a.json'}", str(tmp_path / "a.json"))


def test_a_path_with_a_colon_or_a_drive_is_a_path() -> None:
    assert _parse("./a:b.json") == [OutputTarget("json", "./a:b.json")]
    assert _parse("C:\\reports\\r.json")[0].path == "C:\\reports\\r.json"


def test_write_output_creates_the_folder_and_appends(tmp_path) -> None:
    target = tmp_path / "deep" / "er" / "r.txt"
    write_output(target, "one\n")
    write_output(target, "two\n", append=True)
    assert target.read_text(encoding="utf-8") == "one\ntwo\n"
