"""Where policylint's own documentation lives: the project home and each rule's reference page.

The project's URLs are declared once, in ``[project.urls]`` of ``pyproject.toml``; an installed
policylint reads them from its package metadata, so SARIF ``informationUri``/``helpUri``, the
``help_url`` of every JSON finding and the docs links in text output all follow that one
declaration. Rule pages are the generated ``docs/rules/<pack>.md`` files of the released
version (tag ``v<version>``), so a link always describes the rules that produced the finding.
Only shipped packs have such pages; a user's own pack gets no link rather than a wrong one.
"""

from __future__ import annotations

import functools

from . import __version__

__all__ = ["FALLBACK_HOME", "home_url", "docs_page_url", "pack_docs_url", "rule_anchor", "rule_url"]

#: Used only when the package metadata cannot be read (running from a bare source tree).
FALLBACK_HOME = "https://github.com/policylint/policylint"


@functools.lru_cache(maxsize=1)
def home_url() -> str:
    """The project's home page, from the ``Homepage`` entry of ``[project.urls]``."""
    from importlib import metadata

    try:
        entries = metadata.metadata("policylint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return FALLBACK_HOME
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source") and url.strip():
            return url.strip().rstrip("/")
    return FALLBACK_HOME


def docs_page_url(page: str, *, version: str = __version__) -> str:
    """A page of the project's ``docs/`` folder (``"reading.md"``), at the tag of this release."""
    return f"{home_url()}/blob/v{version}/docs/{page}"


def pack_docs_url(pack_id: str, *, version: str = __version__) -> str:
    """The generated reference page of a shipped pack, at the tag of this release."""
    return docs_page_url(f"rules/{pack_id}.md", version=version)


def rule_anchor(pack: str, topic: str, element: str | None = None) -> str:
    """The HTML anchor of a topic or element on its pack page (scripts/gen_rule_docs.py writes it)."""
    return "-".join(part for part in (pack, topic, element) if part)


def rule_url(pack_docs: str | None, pack: str, topic: str, element: str | None = None) -> str | None:
    """``pack_docs#anchor`` for a rule of a pack that has a reference page, else None."""
    if not pack_docs:
        return None
    return f"{pack_docs}#{rule_anchor(pack, topic, element)}"
