"""Rule packs: schema validation, loading, discovery and compilation into matchers.

(Named ``rulebook`` so it never collides with the top-level ``rules/`` YAML folder.)
"""

from __future__ import annotations

from .loader import RuleError, load_pack_file, parse_pack
from .model import Element, Pack, Pattern, Topic
from .packs import PackSet, load_packs, pack_files, select_packs, shipped_dir

__all__ = [
    "RuleError",
    "load_pack_file",
    "parse_pack",
    "Element",
    "Pack",
    "Pattern",
    "Topic",
    "PackSet",
    "load_packs",
    "pack_files",
    "select_packs",
    "shipped_dir",
]
