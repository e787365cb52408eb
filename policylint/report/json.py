"""JSON report: exactly ``LintResult.to_dict()`` (schema "1", documented in docs/json-output.md)."""

from __future__ import annotations


from ..jsontext import indented_json
from ..results import LintResult
from . import RenderOptions

__all__ = ["render"]


def render(result: LintResult, options: RenderOptions) -> str:
    return indented_json(result.to_dict())
