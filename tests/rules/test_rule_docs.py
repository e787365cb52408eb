"""docs/rules/*.md are generated from the YAML packs and must be up to date."""

from __future__ import annotations

import importlib.util


def test_rule_docs_are_up_to_date(repo_root):
    spec = importlib.util.spec_from_file_location("gen_rule_docs", repo_root / "scripts" / "gen_rule_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = [
        str(path.relative_to(repo_root))
        for path, text in module.generate().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `python scripts/gen_rule_docs.py`; out of date: {stale}"
