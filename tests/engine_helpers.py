"""Run hand-written sentences through the real engine, for the judgement tests.

Each call builds a small document from the given blocks and judges it with every
element in ``scope: document`` (as rule examples are judged), against a compiled pack.
"""

from __future__ import annotations

from pathlib import Path

from policylint.engine.analyse import analyse_document
from policylint.engine.examples import document_from_text
from policylint.results import ElementCoverage
from policylint.rulebook import load_pack_file
from policylint.rulebook.compiler import CompiledRules, compile_rules

__all__ = ["compile_pack", "element", "status"]


def compile_pack(path: Path) -> CompiledRules:
    """Load a fixture pack (failing on any load problem) and compile its matchers."""
    pack, problems = load_pack_file(path)
    assert not problems, problems
    return compile_rules([pack])


def element(compiled: CompiledRules, element_id: str, *blocks: str) -> ElementCoverage:
    """The coverage of ``element_id`` over a document made of ``blocks``."""
    document = document_from_text("", blocks=list(blocks))
    for topic in analyse_document(document, compiled, scope_document=True):
        for found in topic.elements:
            if found.id == element_id:
                return found
    raise KeyError(element_id)


def status(compiled: CompiledRules, element_id: str, *blocks: str) -> str:
    return element(compiled, element_id, *blocks).status.value
