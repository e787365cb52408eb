"""State-law packs: attach each element's statute and judge the manual against the law in force on a day.

A state-law pack (``state: ca`` in its YAML) gives every element a ``citation`` and an
``effective`` date (and, where the law changed, the amending act). After the engine has
judged a document, :func:`apply_law`

* attaches a :class:`~policylint.results.LawRef` to each element of those packs, so every
  reporter (the crosswalk above all) can cite the statute from the result records alone;
* marks each element whose requirement took effect after the ``as_of`` date
  ``not-in-force``: it was not law that day, so it is reported as such and is never a gap;
* re-judges the topic on the elements in force: ``not-in-force`` when none of its required
  elements is, otherwise covered / weak / contradicted on those alone (a topic that was
  missing stays missing);
* makes a ``requires_section`` topic (a statute about a policy of its own, such as the
  Illinois body-worn-camera policy) MISSING when the manual has no section on it and is not
  itself that policy (a single-topic order whose title line names the cameras is):
  rules for in-car video or interview recordings elsewhere in a manual are not a camera policy.

Best-practice packs (no ``state``) pass through untouched.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from typing import Sequence

from ..model import Document
from ..results import ElementCoverage, ElementStatus, LawRef, TopicCoverage, TopicStatus
from ..rulebook.model import Element, Pack, Topic
from .verdict import judge_topic

#: How many front-matter blocks (text before the first heading) may hold a document's title.
_TITLE_BLOCKS = 8

__all__ = ["apply_law", "law_ref", "state_packs"]


def state_packs(packs: Sequence[Pack]) -> tuple[Pack, ...]:
    """The state-law packs among ``packs`` (those that name a ``state``)."""
    return tuple(p for p in packs if p.state is not None)


def law_ref(element: Element, as_of: _dt.date) -> LawRef | None:
    """The statute an element cites, with whether it was in force on ``as_of`` (None without a citation)."""
    if element.citation is None or element.effective is None:
        return None
    return LawRef(
        citation=element.citation, effective=element.effective.isoformat(), amended_by=element.amended_by,
        note=element.effective_note, in_force=element.in_force(as_of),
    )


def titled_for(document: Document | None, topic: Topic) -> bool:
    """Is the whole document the topic's own policy? Its title (front matter before the first
    heading, or the file's title metadata) names one of the topic's headings."""
    if document is None or not topic.headings:
        return False
    body = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(set(topic.headings), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
    texts = [b.text for b in document.root.blocks[:_TITLE_BLOCKS]] + [document.metadata.get("title", "")]
    return any(pattern.search(text) for text in texts)


def apply_required_sections(
    coverage: Sequence[TopicCoverage], packs: Sequence[Pack], document: Document | None
) -> list[TopicCoverage]:
    """``requires_section`` topics with no section of their own (and a document that is not
    itself that policy) become MISSING. Needs the document, so it runs where the document was
    read (the worker); :func:`apply_law` then needs only the coverage."""
    by_id = {p.id: p for p in state_packs(packs)}
    out: list[TopicCoverage] = []
    for topic_cov in coverage:
        pack = by_id.get(topic_cov.pack)
        topic = pack.topic(topic_cov.topic) if pack is not None else None
        if (
            topic is not None and topic.requires_section and not topic_cov.sections
            and topic_cov.status is not TopicStatus.WAIVED and not titled_for(document, topic)
        ):
            topic_cov = _no_section(topic_cov)
        out.append(topic_cov)
    return out


def apply_law(
    coverage: Sequence[TopicCoverage], packs: Sequence[Pack], as_of: _dt.date, document: Document | None = None,
    *, check_sections: bool = True,
) -> list[TopicCoverage]:
    """Coverage with statutes attached and not-yet-effective elements set aside (see module docstring).

    ``document``: the manual judged, for ``requires_section`` topics (is it itself the policy?);
    ``check_sections=False`` when :func:`apply_required_sections` already ran on the coverage.
    """
    if check_sections:
        coverage = apply_required_sections(coverage, packs, document)
    by_id = {p.id: p for p in state_packs(packs)}
    out: list[TopicCoverage] = []
    for topic_cov in coverage:
        pack = by_id.get(topic_cov.pack)
        topic = pack.topic(topic_cov.topic) if pack is not None else None
        if topic is None:
            out.append(topic_cov)
            continue
        rules = {e.id: e for e in topic.elements}
        elements = tuple(_with_law(e, rules.get(e.id), as_of) for e in topic_cov.elements)
        out.append(_rejudge(topic_cov, topic, elements, as_of))
    return out


def _no_section(topic_cov: TopicCoverage) -> TopicCoverage:
    """A required policy the manual does not have: MISSING, every element ABSENT (no evidence)."""
    why = "the manual has no section on this topic, and the statute requires a policy of its own"
    elements = tuple(
        replace(e, status=ElementStatus.ABSENT, evidence=(), reason=why) if e.status is not ElementStatus.WAIVED else e
        for e in topic_cov.elements
    )
    return replace(topic_cov, status=TopicStatus.MISSING, elements=elements, reason=why)


def _with_law(element: ElementCoverage, rule: Element | None, as_of: _dt.date) -> ElementCoverage:
    law = law_ref(rule, as_of) if rule is not None else None
    if law is None:
        return element
    if law.in_force:
        return replace(element, law=law)
    # Not yet law on the as-of day: whatever the manual says is kept as evidence, but the
    # requirement is no gap (nor a contradiction) on that day.
    when = f"took effect {law.effective}" + (f" ({law.amended_by})" if law.amended_by else "")
    return replace(
        element, law=law, status=ElementStatus.NOT_IN_FORCE,
        reason=f"not in force on {as_of.isoformat()}: {when}; was {element.status.value}",
    )


def _rejudge(topic_cov: TopicCoverage, topic: Topic, elements: tuple[ElementCoverage, ...], as_of: _dt.date) -> TopicCoverage:
    changed = any(e.status is ElementStatus.NOT_IN_FORCE for e in elements)
    if not changed:
        return replace(topic_cov, elements=elements)
    in_force_ids = {e.id for e in elements if e.status is not ElementStatus.NOT_IN_FORCE}
    if not any(e.required and e.id in in_force_ids for e in topic.elements):
        return replace(
            topic_cov, elements=elements, status=TopicStatus.NOT_IN_FORCE,
            reason=f"none of its requirements was in force on {as_of.isoformat()}",
        )
    if topic_cov.status in (TopicStatus.MISSING, TopicStatus.WAIVED):
        return replace(topic_cov, elements=elements)
    # Judge the topic on the requirements in force that day, as if the rest were not written.
    in_force = replace(topic, elements=tuple(e for e in topic.elements if e.id in in_force_ids))
    kept = [e for e in elements if e.id in in_force_ids]
    status, reason = judge_topic(in_force, kept)
    contradicted = [e.id for e in kept if e.required and e.status is ElementStatus.CONTRADICTED]
    if contradicted:
        status, reason = TopicStatus.CONTRADICTED, f"contradicts the statute: {', '.join(contradicted)}; {reason}"
    later = len(elements) - len(kept)
    return replace(topic_cov, elements=elements, status=status, reason=f"{reason}; {later} not yet in force on {as_of.isoformat()}")
