"""Contradiction: does a sentence permit (or require) the very act a prohibition element bans?

Only packs that opt in (``contradictions: true``: the state-law packs ``ca`` and ``il``) ask.
For them, a manual that says "a carotid restraint may be used to control a violent person"
does not merely fail to state California's ban (Gov. Code 7286.5): it contradicts it, and
the city attorney must hear that first.

The engine's modality reading (``engine/modality.py``) already tells a permission from a
ban; this module adds the one thing it does not decide: whether the permission is a
permission *to do the banned act*. "Officers who use a chokehold may be disciplined" and
"a carotid restraint may cause brain injury" hold the banned words and a "may", but grant
nothing. So a sentence contradicts the ban only when

* its governing cue is a grant (may, can, is authorized/permitted/allowed/approved, is not
  prohibited, nothing ... prohibits) or a duty (shall, must, will, is required to) and is
  not negated, and
* the cue governs the banned words as an act: the cue comes first and an act verb (use,
  apply, employ, deploy, fire, discharge, point, aim, target, issue, set, establish ...)
  sits between it and the banned words ("may use a carotid restraint"), or the banned words
  are the subject and the cue is followed by an act participle or is itself the grant
  ("a carotid restraint may be used", "chokeholds are authorized"), and
* no exception marker stands between the cue and the banned words ("may use any hold
  except a chokehold" bans it).

The test is deliberately narrow: a missed contradiction still leaves the element hedged
(a gap), while a false one would tell an attorney the manual breaks the law.
"""

from __future__ import annotations

import re
from typing import Sequence

from .modality import EXCEPTION_MARKERS, Judgement

__all__ = ["grants_banned_act", "ACT_VERBS", "ACT_PARTICIPLES"]

#: Verbs that perform the banned act ("use a chokehold", "fire into a crowd", "set a quota").
ACT_VERBS = frozenset(
    {"use", "uses", "using", "apply", "applies", "applying", "employ", "employs", "employing", "deploy",
     "deploys", "deploying", "utilize", "utilizes", "utilizing", "utilise", "utilises", "utilising",
     "administer", "administers", "administering", "perform", "performs", "performing", "fire", "fires",
     "firing", "discharge", "discharges", "discharging", "shoot", "shoots", "shooting", "point", "points",
     "pointing", "aim", "aims", "aiming", "target", "targets", "targeting", "direct", "directs", "directing",
     "strike", "strikes", "striking", "spray", "sprays", "spraying", "release", "releases", "releasing",
     "launch", "launches", "launching", "throw", "throws", "throwing", "resort", "resorts", "issue", "issues",
     "issuing", "write", "writes", "writing", "make", "makes", "making", "meet", "meets", "meeting",
     "set", "sets", "setting", "establish", "establishes", "establishing", "impose", "imposes", "imposing",
     "maintain", "maintains", "maintaining", "require", "requires", "requiring", "consider", "considers",
     "considering", "base", "bases", "basing", "stop", "stops", "stopping", "detain", "detains", "detaining",
     "search", "searches", "searching", "deliver", "delivers", "delivering", "place", "places", "placing",
     "hold", "holds", "holding", "restrain", "restrains", "restraining", "engage", "engages", "engaging",
     "count", "counts", "counting", "compare", "compares", "comparing"}
)
#: The same acts as passive participles ("a carotid restraint may be used").
ACT_PARTICIPLES = frozenset(
    {"used", "applied", "employed", "deployed", "utilized", "utilised", "administered", "performed", "fired",
     "discharged", "shot", "pointed", "aimed", "targeted", "directed", "sprayed", "released", "launched",
     "thrown", "issued", "written", "made", "set", "established", "imposed", "maintained",
     "considered", "based", "placed", "held", "engaged", "delivered", "resorted", "counted", "compared"}
)
#: Cues that grant: "may", "can", and the permit words.
_GRANT_MODALS = frozenset({"may", "can"})
_PERMIT_WORDS = frozenset({"authorized", "authorised", "permitted", "allowed", "approved", "acceptable", "permissible", "sanctioned"})
#: Cues that impose a duty: "shall issue 20 citations a month" requires the banned practice.
_DUTY_MODALS = frozenset({"shall", "must", "will"})
#: Other cues: when one of these is nearest, the banned words are governed by it, not by a grant.
_OTHER_CUES = frozenset(
    {"should", "would", "could", "might", "never", "cannot", "prohibited", "prohibit", "prohibits", "forbidden",
     "forbid", "forbids", "banned", "barred", "precluded", "unauthorized", "disallowed", "avoid", "refrain",
     "ought"}
)
_NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
_BREAKS = frozenset({";", ".", "!", "?", "but", "although", "though", "however", "whereas", "yet", "while"})
#: How far (in words) a cue may stand from the banned words and still govern them.
_REACH = 10

#: A cue right after one of these sits in a relative clause ("a technique that may be used",
#: "officers who may be present"): it describes, it does not grant.
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose", "where", "when", "if", "whether", "what"})


def grants_banned_act(
    words: Sequence[str], anchors: Sequence[int], judgement: Judgement, accepted: re.Pattern[str] | None = None
) -> bool:
    """Does this sentence permit or require the act a prohibition element bans?

    ``words`` are the sentence's lower-case words as the engine judged them (a list item
    with its lead-in's words in front), ``anchors`` the word indexes of the element's
    first match group, ``judgement`` the engine's reading of the sentence for the element,
    ``accepted`` the element's ``ok_exceptions`` as one pattern. A ban ("present"), a ban
    swallowed by an exception and plain statements never contradict; nor does a sentence
    that names one of the statute's own exceptions ("only when deadly force is justified"),
    even when the engine did not read it as the ban: permitting what the statute itself
    allows is no contradiction.
    """
    if judgement.status == "present" or judgement.modality in ("prohibition", "exception", "plain"):
        return False
    # (hyphenated words are split into tokens: "90 - day" is matched as "90-day")
    if accepted is not None and accepted.search(" ".join(words).replace(" - ", "-")) is not None:
        return False
    return any(_grants_at(words, anchor, restricted_ok=accepted is None) for anchor in anchors)


def _segment(words: Sequence[str], anchor: int) -> tuple[int, int]:
    """The words around ``anchor`` up to the nearest clause break; a ":" lead-in is kept."""
    start = anchor
    while start > 0 and words[start - 1] not in _BREAKS:
        start -= 1
    end = anchor
    while end < len(words) and words[end] not in _BREAKS and words[end] != ":":
        end += 1
    return start, end


def _is_cue(words: Sequence[str], i: int) -> bool:
    w = words[i]
    return w in _GRANT_MODALS or w in _PERMIT_WORDS or w in _DUTY_MODALS or w in _OTHER_CUES or (
        w in ("required", "obligated") and i > 0 and words[i - 1] in ("is", "are", "be", "been")
    )


def _negated(words: Sequence[str], cue: int, start: int) -> bool:
    """ "may not", "are not permitted", "No officer may", "is never authorized"."""
    if any(w in _NEGATIONS for w in words[cue + 1 : cue + 3]):
        return True
    return any(w in _NEGATIONS for w in words[max(start, cue - 3) : cue]) or (
        start < len(words) and words[start] in ("no", "neither")
    )


def _carve_out(words: Sequence[str], lo: int, hi: int) -> bool:
    """An exception marker between the cue and the banned words: "may use any hold except a chokehold"."""
    for i in range(lo, hi):
        for marker in EXCEPTION_MARKERS:
            if tuple(words[i : i + len(marker)]) == marker:
                return True
    return False


def _grants_at(words: Sequence[str], anchor: int, *, restricted_ok: bool = True) -> bool:
    """``restricted_ok``: does a permission limited by "only" still contradict? Yes for a total
    ban (California's carotid ban has no exception); no where the statute itself allows the act
    in some situations (Illinois allows a chokehold where deadly force is justified): "may erase
    recordings only as this policy provides" may name one of them, so it stays a hedge."""
    start, end = _segment(words, anchor)
    if not restricted_ok and "only" in words[start:end]:
        return False
    # "Nothing in this policy prohibits the use of a carotid restraint", "officers are not
    # prohibited from using ...": carve-outs that grant
    before = words[start:anchor]
    for k, w in enumerate(before):
        if (w.startswith("prohibit") or w.startswith("preclude")) and (
            "nothing" in before[:k] or "not" in before[max(0, k - 2) : k]
        ):
            return True
    cue = next((i for i in range(anchor - 1, max(start, anchor - _REACH) - 1, -1) if _is_cue(words, i)), None)
    if cue is not None:
        return _active_grant(words, cue, anchor, start)
    cue = next((i for i in range(anchor + 1, min(end, anchor + _REACH)) if _is_cue(words, i)), None)
    if cue is not None:
        return _passive_grant(words, cue, start)
    return False


def _grant_or_duty(words: Sequence[str], cue: int) -> bool:
    w = words[cue]
    if cue > 0 and words[cue - 1] in _RELATIVE:
        return False
    return w in _GRANT_MODALS or w in _PERMIT_WORDS or w in _DUTY_MODALS or w in ("required", "obligated")


#: Words that may stand between a cue and the verb it governs: "may also use", "are authorized
#: to use", "may only be used as", "shall be required to meet".
_BEFORE_VERB = frozenset({"also", "only", "still", "then", "further", "be", "to", "lawfully", "properly", "generally"})


#: How far the banned words may stand after the act verb that governs them ("may use a
#: carotid restraint": 2; "may consider a person 's ethnicity": 4).
_OBJECT_REACH = 5


def _governed_act(words: Sequence[str], cue: int, limit: int) -> bool:
    """Is the first verb after the cue an act whose object is the banned words?

    "may use a carotid restraint", "are authorized to apply a chokehold", "may be used as the
    sole criterion". ``limit`` is the anchor (the banned words). When the banned words are
    themselves the verb a *grant* governs ("a supervisor may delete any recording"), the cue
    grants the banned act; a duty to do it ("will be edited out before release") is a
    procedure, not a permission, and is left alone.
    """
    i, passive = cue + 1, False
    while i < limit and words[i] in _BEFORE_VERB:
        passive = passive or words[i] == "be"
        i += 1
    if i == limit:
        return words[cue] in _GRANT_MODALS or words[cue] in _PERMIT_WORDS
    if i > limit:
        return False
    w = words[i]
    if w in ("required", "obligated", "expected", "directed") and passive:
        return _governed_act(words, i, limit)  # "shall be required to meet a quota"
    return (w in ACT_VERBS or (passive and w in ACT_PARTICIPLES)) and limit - i <= _OBJECT_REACH


def _active_grant(words: Sequence[str], cue: int, anchor: int, start: int) -> bool:
    """Cue before the banned words, governing an act verb: "officers may use a carotid restraint"."""
    if not _grant_or_duty(words, cue) or _negated(words, cue, start) or _carve_out(words, cue + 1, anchor):
        return False
    return _governed_act(words, cue, anchor)


def _passive_grant(words: Sequence[str], cue: int, start: int) -> bool:
    """Banned words as the subject of a grant: "a carotid restraint may be used", "chokeholds are
    authorized". A duty with them as subject ("every carotid technique shall be counted as force",
    "instructors of the LVNR will be required to recertify") is about them, not a grant."""
    if not _grant_or_duty(words, cue) or _negated(words, cue, start):
        return False
    w = words[cue]
    if w in _PERMIT_WORDS:
        return True  # "chokeholds are authorized / permitted / acceptable"
    if w not in _GRANT_MODALS:
        return False
    after = [x for x in words[cue + 1 : cue + 5] if x not in ("only", "also", "still", "then")]
    if after[:1] == ["be"]:
        nxt = after[1:2]
        return bool(nxt) and (nxt[0] in ACT_PARTICIPLES or nxt[0] in _PERMIT_WORDS)
    return False

