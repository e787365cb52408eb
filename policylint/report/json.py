"""JSON report: exactly ``LintResult.to_dict()`` (schema "1", documented in docs/json-output.md)."""

from __future__ import annotations

import json

from ..results import LintResult
from . import RenderOptions

__all__ = ["render"]


def render(result: LintResult, options: RenderOptions) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
