"""YAML loading that remembers where every key and item came from (kept for old imports).

Everything lives in :mod:`policylint.safeload`, the one safe loader for every YAML, JSON
and TOML input; this module re-exports its YAML names so existing imports keep working.
"""

from __future__ import annotations

from .safeload import LoadError, YamlProblem, YamlSource, YamlSyntaxError, dotted, load_yaml, parse_yaml

__all__ = ["YamlSource", "YamlProblem", "YamlSyntaxError", "LoadError", "load_yaml", "parse_yaml", "dotted"]
