"""JSON text for reports: indented, UTF-8 characters kept, the same bytes from every writer.

Every JSON output (report, compare matrix, SARIF, baseline, diff) is
``json.dumps(value, indent=2, ensure_ascii=False)`` plus a final newline. The standard
library only has a C encoder for *compact* output: with ``indent`` it falls back to its
pure-Python encoder, which spends ~0.7 s on a 15 MB compare matrix of 244 manuals, a
fifth of a warm-cache compare. :mod:`orjson` writes the same text (two-space indent,
``": "`` and ``","``, keys in insertion order, only ``"``, ``\\`` and control characters
escaped) about 15x faster.

The two agree on every value a report holds: strings (any Unicode text), ints within 64
bits, finite floats between 1e-4 and 1e16 in size (and 0.0), None/bools, lists, tuples and
str-keyed dicts (``tests/unit/test_jsontext.py`` checks it on generated values). Where
orjson would refuse a value (a non-str key, an int beyond 64 bits, a lone surrogate), would
accept what the standard library refuses (dataclasses, dates: passed through, so refused),
or is not installed, the standard library writes it. What still differs is what a report
never holds: NaN and infinities (not JSON; orjson writes null) and floats whose repr
uses an exponent (orjson writes ``1e-5`` where ``repr`` gives ``1e-05``).
"""

from __future__ import annotations

import json
from typing import Any

try:  # a declared dependency; the fallback keeps a broken install working, only slower
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised by the fallback test through a flag
    _orjson = None

__all__ = ["indented_json"]

if _orjson is not None:
    _OPTIONS = (_orjson.OPT_INDENT_2 | _orjson.OPT_APPEND_NEWLINE
                | _orjson.OPT_PASSTHROUGH_DATACLASS | _orjson.OPT_PASSTHROUGH_DATETIME)


def indented_json(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False) + "\\n"``, written quickly."""
    if _orjson is not None:
        try:
            return _orjson.dumps(value, option=_OPTIONS).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError is a TypeError: let the standard library decide
            pass
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
