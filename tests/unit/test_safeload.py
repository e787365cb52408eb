"""The one safe loader: every YAML/JSON/TOML input gives data or one LoadError naming the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policylint import safeload
from policylint.safeload import LoadError, load_json, load_toml, load_yaml, parse_json, parse_yaml

BOMB = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def problem(text: str) -> str:
    with pytest.raises(LoadError) as info:
        parse_yaml(text, "f.yaml")
    return str(info.value)


def test_plain_yaml_keeps_values_and_lines() -> None:
    source = parse_yaml("a: 1\nb:\n  - x\n  - 2026-06-30\nc: {d: .5}\n", "f.yaml")
    assert source.data == {"a": 1, "b": ["x", dt.date(2026, 6, 30)], "c": {"d": 0.5}}
    assert source.line("b", 1) == 4 and source.line("c", "d") == 5 and source.line("b", 9) == 2


def test_an_alias_bomb_stops_at_the_value_limit_with_its_line() -> None:
    message = problem(BOMB)
    assert message.startswith("f.yaml:") and "expands to more than" in message and "alias bomb" in message


def test_alias_uses_are_counted() -> None:
    text = "base: &b x\nmany: [" + ", ".join(["*b"] * (safeload.MAX_ALIASES + 1)) + "]\n"
    assert f"more than {safeload.MAX_ALIASES} aliases" in problem(text)


def test_aliases_within_limits_are_shared_and_point_at_their_anchor() -> None:
    source = parse_yaml("x: &h [when safe, if feasible]\ny: *h\nz:\n  - *h\n", "f.yaml")
    assert source.data["y"] is source.data["x"]
    assert source.line("z", 0, 1) == 1  # inside the repeated list: where it is written


@pytest.mark.parametrize("text", ["packs: &a [*a]\n", "x: &a {b: *a}\n"])
def test_a_recursive_alias_is_a_problem(text: str) -> None:
    assert "recursive alias *a" in problem(text)


def test_an_undefined_alias_is_a_problem() -> None:
    assert "names no anchor" in problem("a: *nope\n")


@pytest.mark.parametrize(
    "text,shown",
    [("a: !!python/name:os.system\n", "!!python/name:os.system"), ("a: !include x.yaml\n", "!include"),
     ("a: !!binary aGk=\n", "!!binary"), ("a: !!python/tuple [1]\n", "!!python/tuple"), ("a: !!set {x}\n", "!!set")],
)
def test_tags_are_refused(text: str, shown: str) -> None:
    assert f"YAML tags are not accepted ({shown})" in problem(text)


def test_plain_type_tags_are_accepted() -> None:
    assert parse_yaml("a: !!str 5\nb: !!int '7'\nc: ! 8\n").data == {"a": "5", "b": 7, "c": "8"}


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "x: &m {a: 1}\n*m : 2\n", "{? {a: 1} : 2}\n"])
def test_a_list_or_mapping_as_a_key_is_a_problem(text: str) -> None:
    assert "a mapping key must be a plain value" in problem(text)


def test_a_duplicate_key_is_a_problem_naming_the_first() -> None:
    assert problem("a: 1\nb: 2\na: 3\n") == "f.yaml:3: a: duplicate key 'a' (first at line 1)"


def test_merge_keys_and_several_documents_are_refused() -> None:
    assert "merge keys" in problem("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert "more than one YAML document" in problem("--- 1\n--- 2\n")


@pytest.mark.parametrize("text,needle", [("d: 2026-02-30\n", "as a YAML timestamp"), ("n: 1" + "0" * 5000 + "\n", "as a YAML int"),
                                         ("b: !!bool maybe\n", "as a YAML bool")])
def test_a_value_its_type_cannot_hold_is_a_problem_at_its_line(text: str, needle: str) -> None:
    message = problem(text)
    assert message.startswith("f.yaml:1:") and needle in message and len(message) < 300


def test_nesting_is_limited_without_recursion() -> None:
    assert f"nested more than {safeload.MAX_DEPTH} levels" in problem("[" * 70 + "]" * 70)


def test_files_over_the_limit_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(safeload.MAX_YAML_BYTES + 1)
    with pytest.raises(LoadError, match=r"big.yaml: the config file is 4.0 MiB, over the 4.0 MiB limit"):
        load_yaml(path, what="config file")


def test_devices_are_read_only_up_to_the_limit() -> None:
    with pytest.raises(LoadError, match="over the .* limit"):
        load_yaml("/dev/zero", what="config file", max_bytes=1024)


@pytest.mark.parametrize("data,needle", [(b"a: 1\x00\n", "binary data"), (b"a: \xff\xfe\n", "not UTF-8 text")])
def test_binary_and_mis_encoded_files_are_named(tmp_path: Path, data: bytes, needle: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(data)
    with pytest.raises(LoadError, match=needle) as info:
        load_yaml(path, what="config file")
    assert str(path) in str(info.value)


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read the baseline"):
        load_json(tmp_path / "absent.json", what="baseline")


@pytest.mark.parametrize(
    "text,needle",
    [("[" * 10_000 + "]" * 10_000, "nested more than"), ('{"a": NaN}', "NaN is not a JSON number"),
     ('{"a": -Infinity}', "Infinity"), ('{"a": 1' + "0" * 5000 + "}", "digits"), ("{bad", "not a JSON baseline")],
)
def test_json_limits(text: str, needle: str) -> None:
    with pytest.raises(LoadError, match=needle):
        parse_json(text, "b.json", what="baseline")


def test_brackets_inside_json_strings_do_not_count_as_nesting() -> None:
    assert parse_json('{"a": "' + "[" * 500 + '"}', "b.json") == {"a": "[" * 500}


def test_toml_recursion_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match="invalid TOML"):
        load_toml(path)


def test_shipped_packs_load_with_the_same_data_and_lines_as_before(repo_root: Path) -> None:
    """The event builder must reproduce what PyYAML's composer gave (the packs' lines drive
    every rule-test and load-error location)."""
    import yaml

    for path in sorted((repo_root / "rules").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert parse_yaml(text, str(path)).data == yaml.safe_load(text)
