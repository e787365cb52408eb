"""A cache of the costly, cacheable part of compiling rule packs: their phrases' tokens.

Compiling the shipped packs tokenizes some 28k literal phrases (about half of the plan's
time). spaCy's matchers themselves cannot usefully be stored (a pickled PhraseMatcher
re-adds every pattern when loaded), but the phrases' tokens can: each phrase's LOWER ids
are string hashes, the same in every process, and :func:`~policylint.rulebook.compiler.compile_rules`
takes them instead of tokenizing.

An entry (``<cache folder>/v1/plans/ab/<key>.pickle``, written and read by
:class:`~policylint.batch.cache.DocumentCache`, so atomic and self-checking) is keyed by
policylint's version and the rules fingerprint: every selected pack's file and lexicon
files, the disabled topics, the engine and rulebook source (tokenizer settings included)
and spaCy's version. An entry that is unreadable, of the wrong shape, or written under
another key is ignored and rewritten. Phrases are looked up by their text, so an entry
can never give a phrase another phrase's tokens; a phrase the entry lacks is tokenized
(and the entry rewritten).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Sequence

from .. import __version__
from .cache import CacheSettings, rules_fingerprint

if TYPE_CHECKING:  # pragma: no cover
    from ..rulebook import Pack
    from ..rulebook.compiler import CompiledRules, PhraseTokens

__all__ = ["plan_key", "compile_cached"]


def plan_key(packs: Sequence["Pack"], disabled: frozenset[str]) -> str:
    """The entry key of a pack selection: policylint's version and the rules fingerprint."""
    return hashlib.sha256(f"plan\0{__version__}\0{rules_fingerprint(packs, sorted(disabled))}".encode()).hexdigest()


def compile_cached(
    packs: Sequence["Pack"], disabled: frozenset[str], settings: CacheSettings | None
) -> "CompiledRules":
    """``compile_rules(packs, disabled=disabled)``, with phrase tokens from the cache when it has them.

    ``settings`` None (``--no-cache``, API default): no cache is read or written.
    """
    from ..rulebook.compiler import compile_rules

    if settings is None:
        return compile_rules(packs, disabled=disabled)
    cache = settings.open()
    key = plan_key(packs, disabled)
    stored = _valid(cache.get_plan(key))
    compiled = compile_rules(packs, disabled=disabled, phrase_tokens=stored)
    if stored is None or stored.keys() != compiled.phrase_tokens.keys():
        cache.put_plan(key, compiled.phrase_tokens)
    return compiled


def _valid(payload: Any) -> "PhraseTokens | None":
    """``payload`` if it is a phrase -> tuple of ints mapping, else None (a damaged entry)."""
    if not isinstance(payload, dict):
        return None
    for phrase, words in payload.items():
        if not (isinstance(phrase, str) and isinstance(words, tuple) and all(type(w) is int for w in words)):
            return None
    return payload
