"""A topic's verdict from its elements: the one rule the engine, state law and waivers share.

Kept apart from :mod:`policylint.engine.analyse` (which imports spaCy) so that applying the
law in force or a waiver to a cached result needs no NLP at all.
"""

from __future__ import annotations

from typing import Sequence

from ..results import ElementCoverage, ElementStatus, TopicStatus
from ..rulebook.model import Topic

__all__ = ["judge_topic"]


def judge_topic(
    topic: Topic, elements: Sequence[ElementCoverage], *,
    counts_as_present: frozenset[ElementStatus] = frozenset({ElementStatus.PRESENT}),
) -> tuple[TopicStatus, str]:
    """COVERED or WEAK for a topic that is not missing, with the reason.

    COVERED needs ``topic.needed`` required elements present AND every essential element
    present: a manual that states most of a topic but hedges its core (a report-only duty
    to intervene, a swallowed chokehold ban) is weak. ``counts_as_present`` lets waivers
    count as present when a topic is re-judged after them.
    """
    present = sum(1 for e in elements if e.required and e.status in counts_as_present)
    needed = topic.needed
    essential = {e.id for e in topic.essential_elements}
    lacking = [e.id for e in elements if e.id in essential and e.status not in counts_as_present]
    reason = f"{present} of {len(topic.required_elements)} required elements present (needs {needed})"
    if lacking:
        reason += f"; essential not present: {', '.join(lacking)}"
    if present >= needed and not lacking:
        return TopicStatus.COVERED, reason
    return TopicStatus.WEAK, reason
