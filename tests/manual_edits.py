"""Edits a careless revision makes to the bundled strong manual (corpora/src/riverton-strong.md).

Shared by the tests that check such an edit fails a run: the severity model, the pre-commit
style workflow and ``diff``. The wording of the sample manual is the project's own.
"""

from __future__ import annotations

import re

__all__ = ["soften_intervene", "delete_quota_policy"]

_INTERVENE = "shall intervene to prevent or stop it, when it is safe to do so."


def soften_intervene(text: str) -> str:
    """The duty to intervene turned into advice: "should consider intervening ... when practicable"."""
    assert _INTERVENE in text, "the sample manual changed: update tests/manual_edits.py"
    return text.replace(_INTERVENE, "should consider intervening to prevent or stop it when practicable.")


def delete_quota_policy(text: str, *, keep_contents_row: bool = False) -> str:
    """Policy 205 (the quota prohibition) deleted whole, heading to the next policy, and its row
    in the table of contents with it (unless ``keep_contents_row``)."""
    start = text.index("## 205 - Prohibition of Enforcement Quotas")
    following = re.compile(r"^(## \d|# )", re.M).search(text, start + 3)
    assert following is not None
    text = text[:start] + text[following.start():]
    if not keep_contents_row:
        row = "| 205 | Prohibition of Enforcement Quotas |\n"
        assert row in text, "the sample manual changed: update tests/manual_edits.py"
        text = text.replace(row, "")
    return text
