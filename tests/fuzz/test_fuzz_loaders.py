"""Property: every config, waivers, baseline and rule-pack input gives a result or the one
documented error (ConfigError / RuleError problems naming the file), never another exception.

Inputs are random bytes, mutations of valid files (shipped packs, a config written by
``policylint init``, a real baseline) and generated structures dumped as YAML/JSON. Each
accepted rule pack is also compiled and run over a short document, so a pattern the loader
lets through can never crash the engine.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fuzzing import JSON_TOKENS, YAML_TOKENS, mutated, sample, values, yaml_dump
from policylint.workflow.baseline import load_baseline
from policylint.config import CONFIG_KEYS, WAIVER_KEYS, Config, ConfigError, load_config
from policylint.workflow.inline import parse_inline_waivers
from policylint.rulebook import load_pack_file
from policylint.rulebook.loader import ELEMENT_KEYS, PACK_KEYS, TOPIC_KEYS
from policylint.safeload import LoadError, parse_yaml
from policylint.workflow.waivers import load_waivers_file

CONFIG_SAMPLE = b"""packs: [core, practices]
rules: [policy-rules/]
fail_on: warning
severity: {core/use-of-force: warning}
disable: [core/quota-prohibition]
max_file_mb: 50
waivers:
  - topic: core/consent-searches
    reason: Adopted by reference.
    approved_by: City Attorney
    expires: 2030-12-31
"""
WAIVERS_SAMPLE = b"""waivers:
  - topic: core/use-of-force
    element: de-escalation
    reason: "State law 12-4 covers it."
    document: "manuals/*.pdf"
    expires: 2031-01-01
  - topic: practices/youth
    justification: Not a youth agency.
"""
BASELINE_SAMPLE = json.dumps({
    "schema_version": "1", "tool": {"name": "policylint", "version": "0.1.0"},
    "findings": [{"fingerprint": "ab" * 32, "rule": "core/use-of-force/de-escalation", "document": "m.pdf",
                  "section": "300.4 De-escalation", "status": "hedged"}],
}, indent=2).encode()
MINI_PACK = sample("tests/fixtures/packs/mini/mini.yaml")
CORE_PACK_HEAD = sample("rules/core.yaml")[:6000]


def _file(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


def _config_outcome(data: bytes, name: str = ".policylint.yaml") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _file(folder, name, data)
        try:
            config = load_config(path)
        except ConfigError as exc:
            assert exc.problems and all(p.path == str(path) for p in exc.problems), exc.problems
        else:
            assert isinstance(config, Config)


config_inputs = st.one_of(
    st.binary(max_size=2000),
    mutated(CONFIG_SAMPLE, YAML_TOKENS),
    values(list(CONFIG_KEYS) + list(WAIVER_KEYS)).map(yaml_dump),
)


@given(config_inputs)
def test_config_file_gives_a_config_or_config_errors(data: bytes) -> None:
    _config_outcome(data)


@given(st.one_of(st.binary(max_size=500), mutated(b'[tool.policylint]\npacks = ["core"]\nmax_file_mb = 20\n', ["[", "]", "inf", "nan", "=", '"', "\n"])))
def test_pyproject_gives_a_config_or_config_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _file(folder, "pyproject.toml", data)
        try:
            load_config(path)
        except ConfigError as exc:
            assert exc.problems


@given(st.one_of(st.binary(max_size=2000), mutated(WAIVERS_SAMPLE, YAML_TOKENS),
                 st.dictionaries(st.just("waivers"), st.lists(values(list(WAIVER_KEYS)), max_size=4)).map(yaml_dump)))
def test_waivers_file_gives_waivers_or_config_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _file(folder, "waivers.yaml", data)
        try:
            waivers = load_waivers_file(path)
        except ConfigError as exc:
            assert exc.problems and all(p.path == str(path) for p in exc.problems)
        else:
            for waiver in waivers:
                hash(waiver)  # waivers are dict keys in the engine: every field must be hashable
                assert isinstance(waiver.topic, str) and isinstance(waiver.reason, str)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(
        ["schema_version", "findings", "fingerprint", "rule", "document", "section", "status", "tool", "version"]
    ) | st.text(max_size=8), children, max_size=5)),
    max_leaves=20,
)


@given(st.one_of(st.binary(max_size=2000), mutated(BASELINE_SAMPLE, JSON_TOKENS),
                 json_values.map(lambda v: json.dumps(v).encode())))
def test_baseline_gives_a_baseline_or_config_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _file(folder, "baseline.json", data)
        try:
            baseline = load_baseline(path)
        except ConfigError as exc:
            assert exc.problems and all(p.path == str(path) for p in exc.problems)
        else:
            assert all(isinstance(e.fingerprint, str) and isinstance(e.document, str) for e in baseline.entries)


@given(st.one_of(st.text(max_size=500), mutated(MINI_PACK, YAML_TOKENS).map(lambda b: b.decode("utf-8", "replace"))))
def test_yaml_parser_gives_data_or_one_load_error(text: str) -> None:
    try:
        source = parse_yaml(text, "fuzz.yaml")
    except LoadError as exc:
        assert str(exc).startswith("fuzz.yaml")
    else:
        assert source.line() is not None


def _run_pack(path: Path) -> None:
    """A pack that loads must compile and judge a short document without raising."""
    from policylint.api import lint_documents, plan_run
    from policylint.engine.examples import document_from_markdown

    pack, problems = load_pack_file(path)
    if pack is None:
        assert problems and all(p.path == str(path) for p in problems), problems
        return
    plan = plan_run(config=Config(), pack_objects=(pack,))
    document = document_from_markdown("# Use of Force\nOfficers shall intervene. Chokeholds are prohibited.\n- aaaa bbbb\n")
    lint_documents([document], plan)


pack_inputs = st.one_of(
    st.binary(max_size=1000),
    mutated(MINI_PACK, YAML_TOKENS + ["{tokens: [{LOWER: {REGEX: '(a+)+$'}}]}", "{OP: '{0,5000}'}", "{POS: NOUN}"]),
    mutated(CORE_PACK_HEAD, YAML_TOKENS, max_edits=3),
    st.fixed_dictionaries({"pack": st.just("fuzz"), "title": st.just("F"), "version": st.just("1"),
                           "topics": st.lists(values(list(TOPIC_KEYS) + list(ELEMENT_KEYS) + list(PACK_KEYS)), max_size=2)}
                          ).map(yaml_dump),
)


@given(pack_inputs)
def test_rule_pack_loads_and_runs_or_gives_rule_problems(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _run_pack(_file(folder, "fuzz.yaml", data))


@given(st.one_of(st.text(max_size=400), st.builds(
    lambda a, b: f"<!-- policylint: waive {a} {b} -->", st.text(max_size=30), st.text(max_size=60))))
def test_inline_waivers_give_waivers_or_problems(text: str) -> None:
    waivers, problems = parse_inline_waivers(text, "doc.md")
    assert all(p.path == "doc.md" for p in problems)
    for waiver in waivers:
        hash(waiver)
