"""Inline waivers in Markdown (and HTML) sources, written as HTML comments.

A policy repository kept in Markdown can carry a waiver next to the text it concerns::

    <!-- policylint: waive core/quota-prohibition reason="State law 12-4 bans quotas; adopted by reference" -->
    <!-- policylint: waive use-of-force element=de-escalation reason="..." approved_by="Chief Ortiz" expires=2026-06-30 -->

The target is ``topic``, ``pack/topic`` or ``pack/topic/element`` (``element=ID`` also names
an element). The other keys are the waiver keys of the config (``reason`` or ``justification``
required; ``approved_by``, ``expires`` optional), values quoted when they hold spaces. An inline
waiver applies to the whole file it is written in (``document`` is implied, so it may not be
given). The comment may span lines; its location is the line where it starts, so an unused or
expired inline waiver is reported at ``file:line``.

Comments inside fenced code blocks are examples, not directives, and are skipped. A
``policylint:`` comment that cannot be read (unknown verb, unbalanced quote, missing reason)
is a :class:`~policylint.config.ConfigError`: a misspelt waiver must never silently waive or
silently fail to waive.
"""

from __future__ import annotations

import glob
import re
import shlex
from pathlib import Path
from typing import Iterable

from ..config import ConfigError, parse_waiver
from ..ingest.limits import MAX_TEXT_BYTES
from ..results import Waiver
from ..yamlsource import YamlProblem, YamlSource

__all__ = ["INLINE_SUFFIXES", "parse_inline_waivers", "inline_waivers"]

#: File types whose sources can hold HTML comments.
INLINE_SUFFIXES = (".md", ".markdown", ".html", ".htm")

VERBS = ("waive",)

_COMMENT = re.compile(r"<!--(?P<body>.*?)-->", re.S)
_DIRECTIVE = re.compile(r"^\s*policylint\s*:?\s*(?P<rest>.*?)\s*$", re.S | re.I)
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")


def _fenced_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks (``` or ~~~), so example comments are skipped."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    opened: tuple[str, int] | None = None
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if match:
            fence = match["fence"]
            if opened is None:
                opened = (fence, offset)
            elif fence[0] == opened[0][0] and len(fence) >= len(opened[0]):
                ranges.append((opened[1], offset + len(line)))
                opened = None
        offset += len(line)
    if opened is not None:
        ranges.append((opened[1], len(text)))
    return ranges


def parse_inline_waivers(text: str, path: str) -> tuple[tuple[Waiver, ...], list[YamlProblem]]:
    """Waivers declared in ``text`` (the source of ``path``), and a problem per bad directive."""
    waivers: list[Waiver] = []
    problems: list[YamlProblem] = []
    fenced = _fenced_ranges(text)
    for match in _COMMENT.finditer(text):
        if any(start <= match.start() < end for start, end in fenced):
            continue
        directive = _DIRECTIVE.match(match["body"])
        if directive is None:
            continue
        line = text.count("\n", 0, match.start()) + 1
        waiver = _parse_directive(directive["rest"], path, line, problems)
        if waiver is not None:
            waivers.append(waiver)
    return tuple(waivers), problems


def _parse_directive(rest: str, path: str, line: int, problems: list[YamlProblem]) -> Waiver | None:
    """``waive TARGET key=value ...`` -> a Waiver scoped to ``path``, or None after recording problems."""
    def problem(message: str) -> None:
        problems.append(YamlProblem(path, line, "policylint", message))

    try:
        words = shlex.split(rest)
    except ValueError as exc:  # e.g. an unbalanced quote
        problem(f"cannot read the directive: {exc}")
        return None
    if not words or words[0].lower() not in VERBS:
        verb = words[0] if words else ""
        problem(f"unknown directive '{verb}'; expected: {', '.join(VERBS)} TOPIC reason=\"...\"")
        return None
    if len(words) < 2 or "=" in words[1]:
        problem("name the topic to waive: waive TOPIC reason=\"...\"")
        return None
    target, pairs = words[1], words[2:]
    item: dict[str, object] = {}
    parts = target.split("/")
    if len(parts) == 3:
        item["topic"], item["element"] = f"{parts[0]}/{parts[1]}", parts[2]
    elif len(parts) in (1, 2) and all(parts):
        item["topic"] = target
    else:
        problem(f"'{target}' is not a topic, pack/topic or pack/topic/element")
        return None
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            problem(f"expected key=value, got '{pair}'")
            return None
        if key == "document":
            problem("an inline waiver applies to the file it is written in; 'document' cannot be set")
            return None
        if key in item:
            problem(f"'{key}' given twice")
            return None
        item[key] = value
    source = YamlSource(path=path, data=item, lines={(): line})
    waiver = parse_waiver(source, (), item, problems)
    if waiver is None:
        return None
    # Escape glob characters so the file's own name is matched literally.
    return _scoped(waiver, glob.escape(path), f"{path}:{line}")


def _scoped(waiver: Waiver, document: str, source: str) -> Waiver:
    from dataclasses import replace

    return replace(waiver, document=document, source=source)


def inline_waivers(paths: Iterable[Path]) -> tuple[Waiver, ...]:
    """Inline waivers from every Markdown/HTML file in ``paths``; ConfigError listing all bad ones.

    Unreadable files are skipped here: the reader reports them as diagnostics during the run.
    """
    waivers: list[Waiver] = []
    problems: list[YamlProblem] = []
    for path in paths:
        if path.suffix.lower() not in INLINE_SUFFIXES:
            continue
        try:
            if path.stat().st_size > MAX_TEXT_BYTES:
                continue  # the reader refuses it (PL107) without reading it; so do we
            text = path.read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            continue
        if "policylint" not in text.lower():
            continue  # cheap skip: most files carry no directives
        found, bad = parse_inline_waivers(text, str(path))
        waivers.extend(found)
        problems.extend(bad)
    if problems:
        raise ConfigError(problems)
    return tuple(waivers)
