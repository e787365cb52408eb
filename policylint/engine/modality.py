"""Modality, negation, hedges and exceptions: how strongly a sentence says something.

Everything here works on one sentence as a list of lower-case words (spaCy tokens,
whitespace dropped) and the index of the matched words (the *anchor*). The reading is
per clause: the governing cue is the nearest modal before the anchor in its own clause
(clause breaks: ``;``, ``:`` and the conjunctions in :data:`CLAUSE_BREAKS`), else the
nearest one after it (passives: "Chokeholds are prohibited"), else the nearest one in an
earlier ``;``/``:`` clause of the same sentence (list items after a lead-in), else the
lead-in lent by a preceding "Officers shall not:" block.

Readings (``Reading.modality``):

* ``binding``      shall, must, will, is required to, has a duty to, is to (not after purpose,
                   goal, aim ...), shall not fail to, "it is necessary to"; a restricted grant
                   ("may ... only when", "is permissible only if", "are only justified as")
* ``prohibition``  shall not, may not, must not, will not, never, cannot, no officer shall,
                   is prohibited, is not permitted/authorized, under no circumstances,
                   shall avoid / refrain from, "the Department does not <verb>"
* ``hedged``       should, should not, is encouraged/expected to, strive to, should consider
* ``permissive``   may, can, is authorized/permitted to, is not required to, nothing ... prohibits,
                   the agency does not require/prohibit
* ``plain``        no cue at all (a statement of fact, a definition, a heading)

When the governing cue comes after the anchor (the anchor is the subject), a ban in a later
predicate joined by "and" wins ("Neck holds shall be deemed deadly force and are prohibited").
List items take their verb from the lead-in, never from a sibling item.

Hedges (:data:`GLOBAL_HEDGES`, plus an element's ``weak_hedges`` minus its
``accept_hedges``) and exception clauses (``unless``, ``except``, ``other than``...)
are judged by :func:`judge_sentence` for one element, only within the words that state
the anchor's rule (:func:`rule_scope`): a hedge in a sibling ``;`` rule, or one that
describes the situation of an accepted exception, does not weaken it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..nlp import ABBREVIATIONS

__all__ = [
    "Reading",
    "Judgement",
    "GLOBAL_HEDGES",
    "EXCEPTION_MARKERS",
    "read_clause",
    "lead_in_reading",
    "judge_sentence",
    "HedgeRules",
    "compile_hedges",
    "narrows_exception",
    "exception_follows",
    "past_run_in_label",
    "rule_scope",
]

#: Permissive or open-ended qualifiers that weaken a duty (matched as whole words).
GLOBAL_HEDGES: tuple[str, ...] = (
    "practicable", "feasible", "practical", "impracticable", "infeasible",
    "when possible", "where possible", "if possible", "whenever possible", "to the extent possible",
    "reasonably possible", "as much as possible", "to the extent reasonable",
    "as appropriate", "when appropriate", "where appropriate", "if appropriate", "whenever appropriate",
    "deems appropriate", "deemed appropriate", "deem appropriate", "deems it appropriate",
    "when necessary", "if necessary", "as necessary", "where necessary", "as needed", "if needed", "when needed",
    "deems necessary", "deemed necessary", "deem necessary", "deems it necessary",
    "when reasonable", "if reasonable", "where reasonable", "when reasonably possible",
    "when safe", "if safe", "when it is safe", "if it is safe", "when safe to do so", "if safe to do so",
    "at the discretion", "in the discretion", "discretion of the officer", "officer's discretion",
    "circumstances dictate", "circumstances permit", "circumstances allow", "circumstances warrant",
    "time permits", "time and circumstances permit", "exigent circumstances",
    # bare "consider" is no hedge ("Members shall not consider race ..." is a prohibition);
    # only the advisory forms are
    "to the extent", "if time permits", "should consider", "may consider", "might consider",
    "could consider", "encouraged", "strive",
    "endeavor", "endeavour", "ideally", "preferably", "generally",
    "whenever reasonable", "where reasonable",
)

#: Words and phrases that open an exception clause.
EXCEPTION_MARKERS: tuple[tuple[str, ...], ...] = (
    ("unless",), ("except",), ("excepting",), ("other", "than"), ("with", "the", "exception", "of"),
    ("excluding",), ("save", "for"), ("apart", "from"),
    # "shall not use a carotid hold without first being certified": a precondition, which
    # lifts the ban once met (and, for what must come first, a requirement)
    ("without", "first"), ("without", "prior"), ("without", "having"),
)

#: Words that end a clause (besides ``;`` and ``:``); exception markers also start one.
CLAUSE_BREAKS = frozenset({"but", "although", "though", "however", "whereas", "yet"})
_HARD_BREAKS = frozenset({";", ":"})
_STOPS = frozenset({".", "!", "?"})


def _hard_break(words: Sequence[str], i: int) -> bool:
    """``;``, ``:``, or a full stop inside the sentence that the splitter left alone.

    The splitter keeps "available. d. Neck holds ..." together when a lower-case list
    marker follows the stop; the stop still ends a clause unless it closes an
    abbreviation or an initial ("Sec. 5", "d. Neck").
    """
    w = words[i]
    if w in _HARD_BREAKS:
        return True
    if w not in _STOPS or i == 0 or i == len(words) - 1:
        return False
    before = words[i - 1].rstrip(".")
    return not (before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()) or before.isdigit() or before in _ROMAN)

#: In a mandate's exception these words mean "whenever the officer prefers": the rule is swallowed.
DISCRETION_WORDS = frozenset(
    {"deem", "deems", "deemed", "discretion", "judgment", "judgement", "otherwise", "necessary",
     "appropriate", "prefers", "chooses", "decides", "believes", "feels", "dictate", "dictates",
     "opinion", "unnecessary", "believe", "feel", "decide", "choose", "prefer", "think", "thinks",
     # convenience is no limit at all: "unless doing so would be inconvenient"
     "inconvenient", "inconvenience", "convenient"}
)
#: ... and these, when the officer is the one who decides ("except when the member determines
#: that ...", not "unless the incident commander determines that a threat requires it").
_OFFICER_DISCRETION_WORDS = frozenset({"determines", "determine", "judges", "considers", "thinks", "concludes"})
_OFFICER_NOUNS = frozenset({"officer", "officers", "member", "members", "deputy", "deputies", "employee", "employees", "you", "trooper", "troopers"})


def leaves_to_discretion(exception: str) -> bool:
    """Does a mandate's exception leave the duty to the officer's discretion?"""
    words = exception.split()
    if any(w in DISCRETION_WORDS for w in words):
        return True
    if " not needed" in f" {exception}":
        return True  # "unless the supervisor determines that medical attention is not needed": as "unnecessary"
    for k, w in enumerate(words):
        if w in _OFFICER_DISCRETION_WORDS and any(v in _OFFICER_NOUNS for v in words[:k]):
            return True
    return False

_MODALS = {
    "shall": "binding", "must": "binding", "will": "binding", "wo": "binding", "sha": "binding",
    # "would", "could" and "might" are left out: in policy text they sit in conditions ("have
    # failed or would be ineffective", "force that could cause death"), not in the rule
    "may": "permissive", "can": "permissive", "ca": "permissive",
    "should": "hedged", "ought": "hedged",
    "never": "prohibition", "cannot": "prohibition",
}
_BINDING_WORDS = frozenset(
    {"required", "requires", "require", "obligated", "obliged", "mandatory", "mandated", "directed",
     "instructed", "duty", "responsibility", "obligation", "expected"}
)
_PROHIBIT_WORDS = frozenset(
    {"prohibited", "prohibit", "prohibits", "prohibiting", "prohibition", "forbidden", "forbid", "forbids",
     "banned", "ban", "bans", "barred", "proscribed", "precluded", "disallowed", "unauthorized",
     "impermissible", "tolerated"}
)
#: "it is necessary / essential / imperative to ...": an impersonal duty.
_NECESSITY_WORDS = frozenset({"necessary", "essential", "imperative"})
_PERMIT_WORDS = frozenset({"permitted", "authorized", "authorised", "allowed", "permissible", "acceptable", "entitled"})
_HEDGE_WORDS = frozenset({"encouraged", "recommended", "urged", "strive", "endeavor", "endeavour", "advised"})
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_FAIL_WORDS = frozenset({"fail", "neglect", "refuse", "hesitate", "omit", "decline"})
_REL_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose", "if", "when", "whether"})
_NO_NOT_NEGATION = frozenset({"later", "less", "more", "longer", "sooner", "fewer", "matter", "doubt"})
#: Words after which a "no" still opens the main clause: "No officer", "Under no circumstances",
#: "It is the policy that no member ...". After anything else ("involves no violence",
#: "with no weapon") the "no" negates a noun inside a phrase, not the main verb.
_NO_OPENERS = frozenset({"under", "at", "in", "on", "by", "and", "or", "that", "whereby", "therefore", "thus"})
#: Subjects that make "does not"/"do not" an institutional prohibition ("Our agency does not
#: set arrest quotas"), unlike an officer's "do not" in a description of behaviour.
#: Subjects whose "requires" states a binding rule: "The Body Camera Act (50 ILCS 706) requires ...".
_LAW_SUBJECTS = frozenset({"act", "statute", "law", "laws", "code", "ilcs", "ordinance", "order", "rule", "regulation", "regulations", "constitution"})

_AGENCY_SUBJECTS = frozenset(
    {"department", "agency", "policy", "office", "sheriff", "division", "bureau", "city", "county",
     "organization", "organisation", "directive", "chief", "administration", "town", "village", "commission",
     "departments", "agencies", "policies", "we"}
)
#: "The Department does not require / prohibit ...": no duty and no ban (a carve-out).
_AGENCY_NOT_PERMISSIVE = frozenset(
    {"require", "mandate", "need", "compel", "obligate", "expect", "prohibit", "preclude", "limit", "restrict", "forbid"}
)
#: "This policy does not apply to / cover ...": scope, not a rule about the subject.
_AGENCY_NOT_PLAIN = frozenset(
    {"apply", "cover", "include", "address", "affect", "create", "replace", "supersede", "intend", "constitute",
     "confer", "alter", "change", "relieve", "have", "define", "describe", "contain"}
)
#: Subjects whose "is to" states an aim, not a duty ("The aim of each debriefing is to give ...").
_AIM_WORDS = frozenset(
    {"purpose", "purposes", "mission", "goal", "goals", "intent", "intention", "objective", "objectives", "aim", "aims"}
)
#: After a permission, "only when/if/after/to ..." restricts it: "may use deadly force only when".
_ONLY_RESTRICTORS = frozenset({"when", "if", "after", "to", "where", "in", "upon", "under", "for", "once", "while", "as", "within", "with"})
#: A participle such as "directed" is a duty only as "directed to <verb>"; "directed toward revenue",
#: "directed to the supervisor" mean aimed or sent.
_DETERMINERS = frozenset({"the", "a", "an", "any", "all", "his", "her", "their", "its", "this", "that", "these", "those", "each", "every", "such", "another", "other"})


@dataclass(frozen=True, slots=True)
class Reading:
    """The modality of one clause and the words that decided it."""

    modality: str  # binding | prohibition | hedged | permissive | plain
    cue: str | None = None

    @property
    def binding(self) -> bool:
        return self.modality in ("binding", "prohibition")


@dataclass(frozen=True, slots=True)
class Judgement:
    """What one sentence does for one element."""

    #: "present" | "hedged" | "mentioned" (the words are there, but no rule: a definition, a
    #: report of another body's rule, a remark) | "absent" (matched, but says nothing either way)
    status: str
    modality: str  # the Evidence.modality value
    hedge: str | None = None  # the hedge or exception that weakened it
    reason: str = ""
    #: A permission to do what a prohibition element bans, in a situation its
    #: ``bad_exceptions`` name ("officers may fire at a moving car driven at them"): wherever
    #: it stands in scope, the ban has that exception, so the element cannot be present.
    defeats: bool = False


def _starts_marker(words: Sequence[str], i: int) -> int:
    """Length of the exception marker starting at ``i`` (0 if none)."""
    for marker in EXCEPTION_MARKERS:
        n = len(marker)
        if tuple(words[i : i + n]) == marker:
            return n
    return 0


#: The last sentence split by :func:`clauses`, with its clauses, as one tuple (replaced in one
#: store, so threads never see a list paired with another's clauses): a sentence is judged once
#: per anchor and per element, with the same word list each time. The list is held, so its id
#: is never reused while cached; word lists are never changed in place.
_LAST_CLAUSES: list[tuple[Sequence[str], tuple[tuple[int, int, bool], ...]] | None] = [None]


def clauses(words: Sequence[str]) -> list[tuple[int, int, bool]]:
    """Split a sentence into clauses: (start, end, is_exception) half-open word ranges.

    A leading exception ("Except where deadly force is authorized, officers shall not...")
    ends at its first comma, so the main clause after it stands on its own.
    """
    last = _LAST_CLAUSES[0]
    if last is not None and last[0] is words:
        return list(last[1])
    result = _split_clauses(words)
    _LAST_CLAUSES[0] = (words, tuple(result))
    return result


def _split_clauses(words: Sequence[str]) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    start, exception = 0, False
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        marker = _starts_marker(words, i)
        if _hard_break(words, i):
            if i > start:
                out.append((start, i, exception))
            out.append((i, i + 1, False))  # the break itself, so lead-in clauses stay distinct
            start, exception = i + 1, False
        elif (marker or w in CLAUSE_BREAKS) and i > start:
            out.append((start, i, exception))
            start, exception = i, bool(marker)
        elif marker and i == start:
            exception = True
        elif w == "," and exception and not _opens_aside(words, start, i) and (not out or out[-1][2] is False and _is_leading(out, start)):
            # (not the commas around an aside right after the marker: "unless, in the
            # officer's judgment, a warning would serve no purpose")
            # a leading exception clause ends at its comma
            out.append((start, i + 1, True))
            start, exception = i + 1, False
        i += 1
    if start < n:
        out.append((start, n, exception))
    return [c for c in out if not (c[1] - c[0] == 1 and _hard_break(words, c[0]))] or [(0, n, False)]


def _opens_aside(words: Sequence[str], start: int, i: int) -> bool:
    """Is the comma at ``i`` one of the pair around an aside that opens the exception clause
    at ``start`` ("unless , in the officer 's judgment , ...")?"""
    length = _starts_marker(words, start) or 1
    if i == start + length:
        return True  # the comma right after the marker
    return words[start + length : start + length + 1] == [","] and "," not in words[start + length + 1 : i]


def _is_leading(out: list[tuple[int, int, bool]], start: int) -> bool:
    """True when the clause at ``start`` opens the sentence or follows a ``;``/``:`` break."""
    return not out or out[-1][1] == start


def _cue_at(words: Sequence[str], i: int) -> tuple[str, str] | None:
    """(category, cue text) when ``words[i]`` is a modal cue, else None."""
    w = words[i]
    prev = words[i - 1] if i > 0 else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in _MODALS:
        if w == "will" and prev in ("good", "free", "ill", "own"):
            return None
        if w == "can" and prev in ("a", "the", "trash", "gas", "spray"):
            return None
        if w == "may" and nxt == "be" and i + 2 < len(words) and words[i + 2] in ("necessary", "appropriate"):
            return ("permissive", "may")
        return (_MODALS[w], w)
    if w in ("need", "needs") and nxt == "to" and prev not in ("the", "a", "no", "any", "if", "when", "as", "of") and i + 2 < len(words) and words[i + 2] != "be":
        # "Officers need to intervene": a duty ("if needed", "the need to" are not)
        return ("binding", f"{w} to")
    if w in ("need", "needs") and nxt == "not" and prev not in ("the", "a", "no", "any"):
        return ("permissive", f"{w} not")  # "Officers need not wait": no duty
    if w in ("is", "are") and nxt == "not" and i + 2 < len(words) and words[i + 2] == "to":
        # "Neck restraints are not to be used", "Firearms are not to be discharged at ..."
        return ("prohibition", f"{w} not to")
    if w in ("is", "are", "am") and nxt == "to" and i + 2 < len(words):
        if any(b in _AIM_WORDS for b in words[max(0, i - 6) : i]):
            return None  # "The aim of the review is to ..." states an aim, not a duty
        # "Officers are to intervene", "a warning is to be given": a directive
        return ("binding", f"{w} to be" if words[i + 2] == "be" else f"{w} to")
    if w == "to" and nxt == "be" and i + 3 < len(words) and words[i + 2].endswith(("ed", "en")) and "only" in words[i + 3 : i + 5]:
        # "Deadly force is a measure to be employed only in the most extreme circumstances"
        return ("binding", f"to be {words[i + 2]} only")
    if w == "policy" and _policy_statement(words, i):
        # "It is the policy of the Department that officers warn ...": the policy binds;
        # "It is the policy of the Department not to use quotas": the policy bans
        to = next((j for j in range(i + 1, min(len(words), i + 13)) if words[j] in ("that", "to")), None)
        if to is not None and words[to] == "to" and words[to - 1] == "not":
            return ("prohibition", "it is the policy ... not to")
        return ("binding", "it is the policy")
    if w in ("does", "do") and nxt in ("not", "n't") and any(b in _AGENCY_SUBJECTS for b in words[max(0, i - 4) : i]):
        return ("prohibition", f"{w} not")
    if w in ("directed", "instructed") and (nxt != "to" or (i + 2 < len(words) and words[i + 2] in _DETERMINERS)):
        return None  # "shall not be directed toward raising revenue": aimed, not ordered
    if w in ("obligations", "duties", "responsibilities") and words[max(0, i - 3) : i] in (
        ["have", "the", "following"], ["has", "the", "following"], ["have", "these", "following"],
    ):
        # "Members have the following obligations when ...:" lends its duty to the items
        return ("binding", f"the following {w}")
    if w in _BINDING_WORDS:
        if w == "duty" and (
            prev not in ("a", "the", "affirmative", "have", "has", "their", "his", "her", "its", "our", "'s", "’s", "your", "every", "each")
            or nxt not in ("to", "of")
        ):
            return None  # "a duty to intervene" binds; "their duty weapon", "duty hours" do not
        if w == "obligation" and (prev not in ("an", "the", "a", "have", "has", "their", "'s", "’s", "your", "every", "each", "affirmative", "legal") or nxt not in ("to", "of")):
            return None  # "have an obligation to intervene", not "without obligation"
        if w == "responsibility" and (
            prev not in ("the", "a", "have", "has", "their", "'s", "’s", "your", "his", "her", "our", "every", "each", "personal")
            or nxt not in ("to", "of", "for")
        ):
            return None  # "It is each member's responsibility to ...", not "areas of responsibility"
        if w == "expected":
            return ("hedged", w)
        if w in ("require", "requires") and prev not in ("shall", "will", "must", "policy", "department", "law") and not any(
            b in _AGENCY_SUBJECTS or b in _LAW_SUBJECTS for b in words[max(0, i - 12) : i]
        ):
            return None  # "requires" binds when a law, policy or agency requires it, not "the task requires skill"
        return ("binding", w)
    if w == "responsible" and nxt == "for" and prev in ("is", "are", "be", "remain", "remains"):
        # "Supervisors are responsible for requesting ..." assigns a duty
        return ("binding", f"{prev} responsible for")
    if w in _PROHIBIT_WORDS:
        if w == "tolerated":
            return ("permissive", w)  # only "not be tolerated" means anything: negation flips it
        if w in ("ban", "bans") and prev not in ("a", "the", "total", "complete", "department"):
            return None
        if w in ("prohibition", "prohibitions", "ban", "bans") and not any(v in _FINITE_VERBS for v in words):
            return None  # "Prohibition of Enforcement Quotas": a title or a contents line, not a rule
        return ("prohibition", w)
    if w in _NECESSITY_WORDS and prev == "is" and _opens_it_clause(words, i - 2) and nxt in ("to", "that", ",", "for"):
        # "When feasible, it is necessary to give a warning": an impersonal duty. Not after a
        # verb or a subordinator ("believes it is necessary to", "if it is necessary to").
        return ("binding", f"it is {w}")
    if w in _PERMIT_WORDS:
        return ("permissive", w)
    if w in ("justified", "justifiable") and "only" in (prev, nxt):
        # "Chokeholds are only justified as a use of deadly force": a restricted grant (an
        # unrestricted "is justified when" stays a statement of fact, so it is no cue)
        return ("permissive", w)
    if w == "advised" and (prev in ("be", "been") or nxt in ("of", "that")):
        return None  # "shall be advised of the right to refuse": told, not advised to
    if w in _HEDGE_WORDS:
        return ("hedged", w)
    if w in ("discouraged", "disfavored", "disfavoured") and prev in ("is", "are", "be", "strongly", "generally"):
        # "The use of neck restraints is discouraged": advice against it, not a ban
        return ("hedged", w)
    if w == "no" and nxt in ("circumstances", "time") and prev in ("under", "at"):
        return ("prohibition", f"{prev} no {nxt}")
    return None


def _policy_opener(words: Sequence[str], i: int) -> bool:
    """Is ``words[i]`` ("policy") opened by "it is (the)", "it shall be the", "it has been the"?"""
    before = words[max(0, i - 5) : i]
    if "it" not in before:
        return False
    k = max(0, i - 5) + len(before) - 1 - before[::-1].index("it")
    if not _opens_it_clause(words, k):
        return False
    between = words[k + 1 : i]
    return bool(between) and between[0] in ("is", "shall", "will", "has")


def _policy_statement(words: Sequence[str], i: int) -> bool:
    """Is ``words[i]`` ("policy") in "it is (the) policy of X that/to ...", "it shall be the policy ..."?"""
    if not _policy_opener(words, i):
        return False
    # and it must go on to say what the policy is ("... that officers ...", "... to ..."),
    # with no verb of its own: "It is the policy ... that X is prohibited" is read by
    # its own "prohibited", the policy only frames it
    if not any(w in ("that", "to") for w in words[i + 1 : i + 12]):
        return False
    stop = next((j for j in range(i + 1, len(words)) if _hard_break(words, j)), len(words))
    return not any(_cue_at(words, j) is not None for j in range(i + 1, stop))


def _opens_it_clause(words: Sequence[str], k: int) -> bool:
    """Is ``words[k]`` an "it" that opens a main clause (sentence start, or after , ; :)?"""
    return k >= 0 and words[k] == "it" and (k == 0 or words[k - 1] in (",", ";", ":", "(", "-", "—") or not any(c.isalnum() for c in words[k - 1]))


def _negated(words: Sequence[str], i: int, start: int) -> bool:
    """Is the cue at ``i`` negated: "shall not", "is not permitted", "No officer shall"?"""
    after = words[i + 1 : i + 3]
    if after[:1] and after[0] in ("not", "n't", "never"):
        return True
    if len(after) == 2 and after[1] in ("not", "n't", "never") and after[0] not in ("be", "to"):
        return True
    before = words[max(start, i - 3) : i]
    if words[i] in _PERMIT_WORDS or words[i] in _PROHIBIT_WORDS or words[i] in _BINDING_WORDS:
        if any(b in ("not", "n't", "never") for b in before):
            return True
    # "No officer shall ...", "Neither officers nor ... may": a negative subject.
    for j in range(start, i):
        if words[j] in ("no", "neither") and (j + 1 >= len(words) or words[j + 1] not in _NO_NOT_NEGATION):
            # includes "Under no circumstances will ...", "At no time shall ..."; a "no" inside
            # a phrase or relative clause ("an offense that caused no injury") is not.
            prev = words[j - 1] if j > start else ""
            if j == start or prev in _NO_OPENERS or not any(ch.isalnum() for ch in prev):
                return True
    return False


def _agency_not(words: Sequence[str], i: int, cue: str) -> Reading:
    """ "The Department does not <verb> ...": a ban, unless the verb scopes or un-requires."""
    verb = words[i + 2] if i + 2 < len(words) else ""
    base = verb[:-1] if verb.endswith("s") and verb[:-1] in (_AGENCY_NOT_PLAIN | _AGENCY_NOT_PERMISSIVE) else verb
    if base in _AGENCY_NOT_PERMISSIVE:
        return Reading("permissive", f"{cue} {verb}")
    if base in _AGENCY_NOT_PLAIN:
        return Reading("plain")
    return Reading("prohibition", cue)


def _restricted_grant(words: Sequence[str], i: int) -> str | None:
    """ "may use deadly force only when ...", "is permissible only if ...": the restricting words.

    "only" right before the grant ("are only justified as", "is only permitted when") or right
    after its modal ("may only use", "may only be used") restricts it whatever follows.
    """
    if i > 0 and words[i - 1] == "only" and (i < 2 or words[i - 2] not in ("not", "n't")):
        return "only" + (f" {words[i + 1]}" if i + 1 < len(words) and words[i + 1] in _ONLY_RESTRICTORS else "")
    # "Only the minimum force necessary ... is authorized": the subject itself is restricted
    k = i - 1
    while k >= 0 and not _hard_break(words, k) and words[k] not in CLAUSE_BREAKS:
        k -= 1
    opening = [w for w in words[k + 1 : i] if any(c.isalnum() for c in w)]
    if words[i] in _PERMIT_WORDS and opening[:1] == ["only"]:
        return "only (subject)"
    for j in (i + 1, i + 2):
        if j < len(words) and words[j] == "only" and (j == i + 1 or words[i + 1] == "be"):
            return "only" + (f" {words[j + 1]}" if j + 1 < len(words) and words[j + 1] in _ONLY_RESTRICTORS else "")
    for j in range(i + 1, min(len(words), i + 14)):
        w = words[j]
        if _hard_break(words, j) or w in CLAUSE_BREAKS or _starts_marker(words, j):
            return None
        if w == "only" and words[j - 1] != "not" and j + 1 < len(words) and words[j + 1] in _ONLY_RESTRICTORS:
            return f"only {words[j + 1]}"
    return None


#: Modals whose negation may state a possibility rather than a ban ("may not be feasible").
_POSSIBILITY_MODALS = frozenset({"may", "might", "could", "can", "ca"})
#: After "may not be", words that describe the situation, not an act: no ban.
_EVALUATIVE = frozenset(
    """possible feasible practical practicable appropriate justified justifiable necessary needed
    required reasonable sufficient enough adequate available safe effective warranted suitable
    applicable accurate clear apparent known present able aware successful advisable prudent
    immediately readily always the a an in at as"""
    .split()
)
#: After an actor's "may not" (no "be"), words of possibility or knowledge: no ban.
_EPISTEMIC_VERBS = frozenset(
    "always necessarily know understand realize realise recognize recognise need want wish desire".split()
)
#: Subjects who are told what to do: "Officers may not ...", "You may not ...".
_ACTOR_NOUNS = frozenset(
    """officer officers member members deputy deputies employee employees personnel you we agent
    agents trooper troopers sergeant sergeants supervisor supervisors staff investigator
    investigators detective detectives police enforcement""".split()
) | (_AGENCY_SUBJECTS - {"policy", "policies", "directive", "order"})


#: Verbs of imposing something on someone: negated with "can"/"may", whoever the subject, a ban.
_IMPOSING_VERBS = frozenset({"require", "order", "direct", "compel", "force", "pressure", "instruct", "demand", "mandate", "coerce"})


def _negated_modal_bans(words: Sequence[str], i: int, start: int) -> bool:
    """Does "may not" / "cannot" at ``i`` ban an act (True) or state a possibility (False)?

    Bans: "Officers may not use ...", "Chokeholds may not be used", "Race may not be
    considered", an item with no subject ("(b) may not be fired at a vehicle").
    Possibilities: "may not be feasible / the best option", "officers may not always ...",
    and any other subject with an active verb ("this policy may not cover every situation",
    "a person in crisis may not understand commands").
    """
    k = i + 1
    while k < len(words) and words[k] in ("not", "n't", "never", "cannot"):
        k += 1  # (for "cannot" the caller passes the word before it)
    nxt = words[k] if k < len(words) else ""
    if nxt == "be":
        after = words[k + 1] if k + 1 < len(words) else ""
        return after not in _EVALUATIVE
    if nxt in _IMPOSING_VERBS:
        return True  # "No one can require you to ...", "A supervisor cannot order ...": a ban on imposing it
    for j in range(i - 1, start, -1):
        if words[j] == "," and j + 1 < i and words[j + 1] in ("and", "but", "or", "while", "yet"):
            start = j + 2  # "..., and a subject may not want medical attention": its own subject
            break
    subject = [w for w in words[start:i] if w.isalpha()]
    if not subject:
        return True
    if set(subject) & _ACTOR_NOUNS:
        return nxt not in _EPISTEMIC_VERBS
    return False


def _classify(words: Sequence[str], i: int, category: str, cue: str, start: int) -> Reading:
    if cue in ("does not", "do not"):
        return _agency_not(words, i, cue)
    if cue.endswith(" not to"):
        return Reading("prohibition", cue)  # "are not to be used": the negation is the cue itself
    if cue in ("need not", "needs not"):
        return Reading("permissive", cue)  # "need not wait": no duty, and no ban
    negated = _negated(words, i, start)
    if any(words[j] in ("nothing", "none") for j in range(start, i)):
        # "Nothing in this policy prohibits/requires..." carves out, it neither bans nor mandates.
        return Reading("permissive", f"nothing ... {cue}")
    if negated:
        tail = words[i + 1 : i + 5]
        if any(t in _FAIL_WORDS for t in tail):
            # double negative: "shall not fail to intervene" is a duty
            return Reading("binding", f"{cue} not fail to")
        if tail[:1] and tail[0] in ("go", "remain", "be", "pass") and len(tail) > 1 and tail[1].startswith("un") and tail[1].endswith("ed"):
            # "No use of force shall go unreported", "shall not remain undocumented": a duty
            return Reading("binding", f"{cue} not {tail[0]} {tail[1]}")
        if category == "binding" and cue in ("required", "requires", "require", "obligated", "obliged", "mandatory", "mandated", "duty", "responsibility", "directed", "instructed"):
            return Reading("permissive", f"not {cue}")  # "is not required to" binds nobody
        if category in ("binding", "permissive"):
            if cue == "tolerated":
                return Reading("prohibition", "not tolerated")
            if cue in _POSSIBILITY_MODALS and not _negated_modal_bans(words, i, start):
                # "De-escalation may not be possible in every case", "this policy may not
                # cover every situation", "a person in crisis may not understand": what may
                # not happen, not what must not be done
                return Reading("plain", f"{cue} not (possibility)")
            return Reading("prohibition", f"{cue} not" if cue in _MODALS else f"not {cue}")
        if category == "prohibition":
            if cue == "never":
                return Reading("prohibition", cue)
            return Reading("permissive", f"not {cue}")  # "is not prohibited"
        return Reading("hedged", f"{cue} not")
    if cue == "cannot" and not _negated_modal_bans(words, i - 1, start):
        return Reading("plain", "cannot (possibility)")
    if category == "prohibition" and cue == "never" and any(t in _FAIL_WORDS for t in words[i + 1 : i + 3]):
        return Reading("binding", "never fail to")
    if category == "binding" and any(t in ("avoid", "refrain") for t in words[i + 1 : i + 3]):
        # "shall avoid tactics that unnecessarily escalate", "must refrain from": a ban
        return Reading("prohibition", f"{cue} {'avoid' if 'avoid' in words[i + 1 : i + 3] else 'refrain'}")
    if category == "permissive" and cue not in ("tolerated",):
        restriction = _restricted_grant(words, i)
        if restriction is not None:
            # a permission limited to a situation is a restriction: binding
            return Reading("binding", f"{cue} ... {restriction}")
    return Reading(category, cue)


def _find_cue(words: Sequence[str], lo: int, hi: int, anchor: int) -> tuple[int, str, str] | None:
    """Nearest cue before ``anchor`` in [lo, hi), else nearest after it; relative-clause modals skipped."""
    fallback = None
    for i in range(min(anchor, hi) - 1, lo - 1, -1):
        found = _cue_at(words, i)
        if found is None:
            continue
        # "suspects who may be injured": a modal inside a relative clause does not govern
        # the main verb when another cue sits further back.
        if found[1] in _MODALS and i > lo and words[i - 1] in _REL_PRONOUNS:
            fallback = fallback or (i, *found)
            continue
        return (i, *found)
    if fallback:
        return fallback
    for i in range(max(anchor, lo), hi):
        found = _cue_at(words, i)
        if found is not None:
            return (i, *found)
    return None


#: Words that, right after "and", continue the same subject's predicate ("... and are prohibited",
#: "... and shall not be used"); anything else after "and" starts a new subject.
_PREDICATE_CONTINUERS = frozenset(
    {"is", "are", "shall", "will", "must", "may", "can", "cannot", "should", "never", "be", "remain", "remains"}
)


def _coordinated_ban(words: Sequence[str], first: int, start: int, end: int) -> Reading | None:
    """A prohibition in a later predicate of the same subject: "X shall be deemed A and are prohibited".

    Used only when the governing cue comes after the anchor (the anchor is the subject), so
    every predicate joined by "and" says something about it and a ban in any of them bans it.
    """
    for j in range(first + 1, end - 1):
        if words[j] != "and" or words[j + 1] not in _PREDICATE_CONTINUERS and _cue_at(words, j + 1) is None:
            continue
        for k in range(j + 1, min(end, j + 4)):
            found = _cue_at(words, k)
            if found is None:
                continue
            reading = _classify(words, k, found[0], found[1], start)
            if reading.modality == "prohibition":
                return reading
            break
    return None


#: Verbs that report what someone else says or does ("The Task Force recommended that ...").
REPORTING_VERBS = frozenset(
    """recommend recommends recommended recommending suggest suggests suggested urge urges urged
    advocate advocates advocated propose proposes proposed said says ruled teach teaches taught
    conclude concludes concluded argue argues argued contend contends""".split()
)
#: Verbs that report only when a "that" clause follows ("the Court held that ...", not "persons
#: held in custody").
_REPORTING_THAT = frozenset({"held", "holds", "found", "finds", "noted", "notes", "observed", "stated", "explained", "determined", "decided"})
#: Verbs that report a rule only when a "that" clause follows and the subject is neither this
#: agency nor a law: "the Commission's guidance states that ...", "the Board has asked that ...".
#: ("This policy states that ...", "State law provides that ..." bind, as "requires" does.)
_REPORTING_THAT_OTHERS = frozenset({"states", "provides", "asked", "asks", "requested", "requests", "advises", "advised"})
#: Negations before a reporting verb make it one of a ban's verbs, not a report ("Do not assign,
#: require or suggest ..."); a modal does not ("Instructors shall teach that ..." still reports).
_COMMAND_WORDS = frozenset({"not", "never", "n't", "cannot"})
#: After an officer noun, these make it a possessor, not the subject: "officers' association".
_POSSESSIVE_MARKS = frozenset(
    {"'", "'s", "’", "’s", "association", "associations", "union", "unions", "guild", "benevolent",
     # an officer noun inside a body's name: "the Peace Officer Standards Board recommends ..."
     "standards", "standard", "training", "board", "commission", "council", "academy", "bill", "safety"}
)
#: Before a binding or prohibiting verb, these make it a proposal or a hypothetical: "a draft
#: revision would prohibit chokeholds", "the bill could require ...". (Alone they stay out of
#: :data:`_MODALS`: "force that could cause death" is a condition, not a rule.)
_HYPOTHETICAL_MODALS = frozenset({"would", "could", "might"})
#: Subjects that are not this agency: "Some agencies ban ...", "Earlier editions of this manual ...".
_OTHER_QUANTIFIERS = frozenset(
    """other others another some many most several few assisting outside neighboring neighbouring visiting
    federal earlier previous prior former older national model consensus""".split()
)
_OTHER_HOLDERS = frozenset(
    """agencies departments jurisdictions agency's agencies' departments' editions edition versions
    version policies manuals drafts city cities county counties town towns city's county's""".split()
)
#: "... requires each agency to adopt a policy": a rule about having a policy, not the rule itself.
_META_POLICY_VERBS = frozenset({"adopt", "develop", "implement", "establish", "have", "create", "maintain", "publish", "enact", "write"})
#: What a law asks of agencies rather than of officers: adopt a policy, teach, train, report data.
_AGENCY_DUTY_VERBS = _META_POLICY_VERBS | frozenset({"teach", "train", "provide", "offer", "certify", "collect", "submit", "compile"})


#: In a label before a rule ("Proposed Section 6.4.1 (under review):"), words that say the
#: rule is not yet adopted.
_PROPOSAL_WORDS = frozenset({"proposed", "draft", "pending", "contemplated", "recommended"})


def _proposal_label(words: Sequence[str], anchor: int) -> str | None:
    """The proposal word of a label that opens the sentence and ends in ":" before ``anchor``."""
    # (the tokenizer may keep "):" as one token)
    colon = next((k for k in range(min(len(words), 16)) if words[k] in (":", "):", "]:")), None)
    if colon is None or anchor < colon:
        return None
    label = words[:colon]
    for k, w in enumerate(label):
        if w in _PROPOSAL_WORDS:
            return w
        if w == "under" and k + 1 < len(label) and label[k + 1] in ("review", "consideration", "discussion"):
            return f"under {label[k + 1]}"
        if w == "not" and k + 1 < len(label) and label[k + 1] in ("adopted", "approved", "enacted"):
            return f"not {label[k + 1]}"
    return None


def reported_by_others(words: Sequence[str], anchor: int) -> str | None:
    """Why the rule at ``anchor`` is someone else's, not this agency's (None when it is ours).

    * a reporting verb whose subject is not this agency: "The Task Force recommended that
      agencies require ...", "the Supreme Court said that a warning should be given ...",
      "the state academy teaches a continuum";
    * another agency or an earlier text as the subject: "Some agencies ban ...", "Officers
      from assisting agencies will follow their own rules", "Earlier editions referred to ...";
    * a rule about adopting a policy: "State law requires each agency to adopt a policy".
    """
    stop = next((j for j in range(anchor, len(words)) if _hard_break(words, j)), len(words))
    start = 0
    for j in range(anchor - 1, -1, -1):
        if _hard_break(words, j):
            start = j + 1
            break
    for j in range(start, min(stop, len(words))):
        w = words[j]
        nxt = words[j + 1] if j + 1 < len(words) else ""
        reporting = (
            w in REPORTING_VERBS or (w in _REPORTING_THAT and nxt == "that")
            or (w in ("calls", "called") and nxt == "for")  # "guidance calls for a ban", not "called upon to"
        )
        # (not a passive duty: "the person is to be advised that ...", "shall be asked that")
        reporting_others = w in _REPORTING_THAT_OTHERS and nxt == "that" and not (j > 0 and words[j - 1] in ("be", "been", "being"))
        if (reporting or reporting_others) and j < max(anchor, start + 1) + 1:
            subject = set(words[start:j])
            own = bool(subject & _AGENCY_SUBJECTS) and not subject & _OTHER_QUANTIFIERS
            if reporting_others and subject & _LAW_SUBJECTS:
                own = True  # "State law provides that ..." binds officers as "requires" does
            # a subject holds no negation: in "Do not assign, require or suggest any number of
            # citations" the verb is one of a ban's, not a report
            commanded = bool(subject & _COMMAND_WORDS)
            # officers as the subject, not as a possessor ("The Police Officers' Association
            # has proposed ...": the association proposes)
            officers = {
                words[k] for k in range(start, j)
                if words[k] in _OFFICER_NOUNS and not (k + 1 < j and words[k + 1] in _POSSESSIVE_MARKS)
            }
            if subject and not own and not commanded and not officers:
                return f"reported: '{w}'"
        if (
            w in _HYPOTHETICAL_MODALS and j < stop - 1
            and (nxt in _BINDING_WORDS or nxt in _PROHIBIT_WORDS or nxt in ("mandate", "mandates")
                 # "a bill that would have prohibited citation quotas"
                 or (nxt == "have" and j + 2 < stop and (words[j + 2] in _BINDING_WORDS or words[j + 2] in _PROHIBIT_WORDS))
                 or (nxt == "be" and j + 2 < stop and (words[j + 2] in _BINDING_WORDS or words[j + 2] in _PROHIBIT_WORDS)))
        ):
            return f"a proposal or hypothetical ('{w} {nxt}')"
    if (label := _proposal_label(words, anchor)) is not None:
        return f"a proposal, not adopted ('{label}')"
    head = words[start : min(anchor, stop)]
    if head[:2] == ["according", "to"]:
        # "According to the Attorney General's guidance, officers should ...": someone else's
        # word, unless it is this agency's text ("According to this policy, ...")
        source = head[2 : head.index(",")] if "," in head else head[2:6]
        if source and not set(source) & (_AGENCY_SUBJECTS | {"this", "these", "our", "order", "manual", "chapter", "section"}):
            return f"reported: according to {' '.join(source[:6])}"
    if head[:1] == ["under"] and any(w in ("decision", "ruling", "holding", "opinion", "precedent") for w in head[:12]):
        return "reported: a court's decision"
    for k, w in enumerate(head):
        if w in _OTHER_QUANTIFIERS and any(h in _OTHER_HOLDERS for h in head[k + 1 : k + 5]):
            return f"another agency's or an earlier text's rule ('{w} {head[k + 1]}')"
    for j in range(start, min(stop, len(words)) - 2):
        # "The Standards Board requires agencies to teach de-escalation": a rule for agencies
        if words[j] in ("require", "requires", "required", "requiring", "directs", "mandates") and any(
            w in ("agencies", "departments", "agency", "department") for w in words[j + 1 : j + 4]
        ) and "to" in words[j + 1 : j + 6]:
            verb_at = j + 1 + words[j + 1 : j + 6].index("to") + 1
            if verb_at < len(words) and words[verb_at] in _AGENCY_DUTY_VERBS:
                return "a rule for agencies (to adopt, teach or train), not a rule for officers"
    for j in range(start, stop - 3):
        if words[j] in ("to",) and words[j + 1] in _META_POLICY_VERBS:
            tail = words[j + 2 : j + 8]
            if any(t in ("policy", "policies", "procedure", "procedures", "program", "plan") for t in tail):
                return "a rule about adopting a policy, not the rule itself"
    return None


def read_clause(words: Sequence[str], anchor: int, lead_in: Reading | None = None) -> Reading:
    """The reading of the clause holding ``words[anchor]`` (see module docstring)."""
    reading = _read_clause(words, anchor, lead_in)
    if reading.modality != "plain":
        why = reported_by_others(words, anchor)
        if why is not None:
            return Reading("plain", why)
    return reading


def _read_clause(words: Sequence[str], anchor: int, lead_in: Reading | None = None) -> Reading:
    parts = clauses(words)
    index = next((k for k, (s, e, _) in enumerate(parts) if s <= anchor < e), len(parts) - 1)
    start, end, _ = parts[index]
    found = _find_cue(words, start, end, anchor)
    condition_end = _leading_condition_end(words, start, end)
    if found is not None and condition_end is not None and found[0] < condition_end:
        # "Where it can be done safely, de-escalation shall be attempted": the modal of the
        # opening condition does not govern the rule; the main clause's does.
        main = _find_cue(words, condition_end, end, max(anchor, condition_end))
        if main is not None:
            found = main
    segments = _segments(words)
    own_segment = _segment_of(segments, anchor)
    imperative = _imperative(words, *segments[own_segment])
    if imperative is not None and imperative[0] <= anchor and not _lent_by_lead_in(words, segments, own_segment):
        at, category, cue = imperative
        if found is None or found[0] > anchor or found[0] < at:
            # The segment opens with a bare verb ("3. Give a verbal warning ...", "When
            # practical, use advisements ..."): a directive. A modal after the anchor or
            # inside the opening condition does not govern it.
            return Reading(category, cue)
    if (
        imperative is not None and imperative[0] > anchor and found is None
        and not _lent_by_lead_in(words, segments, own_segment)
        and _in_leading_condition(words, segments[own_segment][0], anchor, imperative[0])
    ):
        # "When any force is used, including the pointing of a firearm, document it ...": the
        # words sit in the condition the command answers; the command governs them
        return Reading(imperative[1], imperative[2])
    if found is None and own_segment + 1 < len(segments) and _condition_lead_in(words, segments[own_segment]):
        command = _imperative(words, *segments[own_segment + 1])
        if command is not None:
            # "Before deploying chemical agents at a crowd event: | 1. Do not use them against
            # peaceful persons": the lead-in is the condition the command answers, as a
            # condition before a comma is
            return Reading(command[1], command[2])
    if found is not None:
        reading = _classify(words, found[0], found[1], found[2], start)
        if found[0] >= anchor and reading.modality != "prohibition":
            return _coordinated_ban(words, found[0], start, end) or reading
        return reading
    # No cue in its own clause: borrow from an earlier clause (a lead-in before ":" or a
    # list continued after ";"), skipping exception clauses. An item ("c. at a moving
    # vehicle") takes its verb from the lead-in, never from a sibling item ("b. if a
    # bystander may be hurt").
    item = _item_start(words, segments[own_segment][0])
    for k in range(index - 1, -1, -1):
        s, e, exc = parts[k]
        if exc:
            continue
        if item:
            segment = _segment_of(segments, s)
            if segment != own_segment and _item_start(words, segments[segment][0]):
                continue
        found = _find_cue(words, s, e, e)
        if found is not None:
            return _classify(words, found[0], found[1], found[2], s)
    if lead_in is not None:
        return lead_in
    return Reading("plain")


#: Verbs that open a directive when a clause starts with them bare ("Give a warning ...").
#: Only verbs that policy text uses as commands; "consider" and "try" advise.
IMPERATIVE_VERBS = frozenset(
    """give issue provide render administer summon obtain request seek call notify inform advise alert
    tell warn announce identify state explain ask offer allow permit afford
    intervene intercede step stop prevent protect preserve respect honor
    use employ utilize apply deploy attempt exhaust
    avoid refrain cease desist discontinue de-escalate deescalate slow create establish maintain keep remain
    continue wait communicate speak listen calm reduce minimize limit lessen decrease
    ensure make take treat handle transport monitor observe watch check examine assess evaluate
    determine verify confirm consider try select choose
    report document record complete submit prepare write photograph file forward notify contact
    secure search handcuff restrain place position move remove retreat disengage
    follow comply adhere activate deactivate retain preserve collect
    display point draw holster unholster aim fire discharge shoot strike
    refer accommodate address recognize respond approach assign designate separate segregate arrange
    enter note exercise let provide afford honour shout yell order command direct interrupt halt impose set""".split()
)
#: Command verbs that take "of" ("Advise of the right to refuse", "Notify of any injury").
_TELLING_VERBS = frozenset({"advise", "inform", "notify", "apprise", "warn", "remind", "tell"})
#: Imperatives that advise rather than direct.
_ADVISORY_IMPERATIVES = frozenset({"consider", "try"})
#: Verbs that are as often nouns at the start of a list item ("Report writing", "Use of
#: force", "Control holds"): a directive only when a determiner, pronoun, adverb or
#: preposition follows ("Report the force used", "Use only the force needed").
_NOUN_LIKE_VERBS = frozenset(
    """report use record review display document search call check request file place position
    contact fire strike stop step point draw aim shoot approach address record retain state
    secure handle transport complete file limit state restrain"""
    .split()
)
_IMPERATIVE_NEXT = frozenset(
    """a an the any all each every this that these those such his her their its your our them him
    it themselves yourself himself herself to only immediately promptly verbal medical first deadly
    lethal other another no reasonable appropriate sufficient clear adequate necessary emergency for
    with in on at from before after when if whether what how upon unless until whenever where
    and or as so up down out off away back,""".split()
)
#: Finite verbs that show the clause's first word is its subject ("Stop data shall be ...").
_SUBJECT_MODALS = frozenset({"shall", "must", "will", "may", "should", "can", "is", "are", "was", "were", "require", "requires", "required"})
#: Finite verbs: a sentence without one ("Prohibition of Enforcement Quotas") is a title.
_FINITE_VERBS = frozenset(
    "is are was were be shall must will may should can applies apply exists exist remains remain has have".split()
)
#: Words that open a leading condition before the directive: "When practical, use ...".
_CONDITION_OPENERS = frozenset(
    """when whenever where wherever if once before after prior upon while unless absent during in at
    for as until following given to""".split()
)
#: Words that open a subordinate clause (or end the verb's own phrase) after a command verb.
_SUBORDINATORS = frozenset("if when whenever unless where wherever while before after once until because , ;".split())
#: Words after the verb that show it is a noun or a subject, not a command.
_NOT_AFTER_IMPERATIVE = frozenset(
    """of is are was were be been shall will must may should can could would might has have had 's ’s""".split()
)


#: Words that open a lead-in stating when its items apply ("Before deploying ...:").
_LEAD_IN_CONDITIONS = frozenset(
    "when whenever where wherever if once before after prior upon while during following".split()
)


def _condition_lead_in(words: Sequence[str], segment: tuple[int, int]) -> bool:
    """Is the segment a condition that ends in ":" ("After any reportable force:")?"""
    start, end = segment
    while start < end and (words[start] in _BULLETS or words[start] in ("(", ")", ".") or _is_marker_word(words, start)):
        start += 1
    return start < end and end < len(words) and words[end] == ":" and words[start] in _LEAD_IN_CONDITIONS


def _imperative(words: Sequence[str], start: int, end: int) -> tuple[int, str, str] | None:
    """A directive opening the words [start, end), or opening a later cell of a table row
    whose first cells hold no modal ("Before firing | Give a verbal warning, if feasible"):
    (verb index, category, cue) or None (see :func:`_imperative_opening`)."""
    found = _imperative_opening(words, start, end)
    bar = start
    while found is None:
        bar = next((j for j in range(bar, end) if words[j] == "|"), None)
        if bar is None or any(_cue_at(words, j) is not None for j in range(start, bar)):
            return None
        bar += 1
        found = _imperative_opening(words, bar, end)
    return found


def _imperative_opening(words: Sequence[str], start: int, end: int) -> tuple[int, str, str] | None:
    """A directive opening the words [start, end): (verb index, category, cue) or None.

    The verb comes first after a list marker, leading adverbs ("Always", "Immediately") and
    one leading condition that ends with a comma ("When practical, use advisements ...",
    "Before using deadly force, give a warning"). "Do not" / "Don't" opens a ban.
    """
    i = start
    # list markers and bullets: "3.", "(c)", "•", "iv)"
    while i < end and (words[i] in _BULLETS or words[i] in ("(", ")", ".") or _is_marker_word(words, i)):
        i += 1
    after_condition = False
    if i < end and words[i] in _CONDITION_OPENERS:
        # the condition ends at the comma after which a command verb stands ("When any force
        # is used, including the pointing of a firearm, document it ..."): try a few commas
        commas = [j for j in range(i + 1, min(end, i + 40)) if words[j] == ","][:3]
        if not commas:
            return None
        i, after_condition = commas[0] + 1, True
        for comma in commas:
            k = comma + 1
            while k < end and words[k] in ("always", "immediately", "promptly", "then", "also", "first", "please", "only"):
                k += 1
            if k < end and (words[k] in IMPERATIVE_VERBS or (words[k] in ("do", "don't") and k + 1 < end and words[k + 1] in ("not", "n't"))):
                i = comma + 1
                break
    while i < end and words[i] in ("always", "immediately", "promptly", "then", "also", "first", "please", "only"):
        i += 1
    if i >= end:
        return None
    w = words[i]
    nxt = words[i + 1] if i + 1 < end else ""
    if w in ("do", "don't") and nxt in ("not", "n't") or w == "do" and nxt == "n't":
        return (i, "prohibition", "do not (imperative)")
    if w == "never":
        return None  # a cue of its own
    if w not in IMPERATIVE_VERBS and not (w == "de" and nxt == "-" and i + 2 < end and words[i + 2] == "escalate"):
        return None
    if nxt in _NOT_AFTER_IMPERATIVE and not (nxt == "of" and w in _TELLING_VERBS):
        return None  # ("Advise of the right to refuse" commands; "Use of force" names)
    for j in range(i + 1, min(end, i + 5)):
        if words[j] in _SUBORDINATORS:
            break  # "intercede if it is safe": the modal belongs to the condition
        if words[j] in _SUBJECT_MODALS:
            return None  # "Stop data shall be entered", "State jail standards require": a subject, not a command
    if w in _NOUN_LIKE_VERBS and not after_condition and nxt not in _IMPERATIVE_NEXT and (
        sum(1 for x in words[i:end] if x.isalpha()) < 5 or nxt.endswith("ing")
    ):
        # a short fragment opening with a noun-like verb is a heading or a topic listing
        # ("Report writing", "Control holds"); after a condition, or in a longer clause
        # ("Use advisements, warnings and verbal persuasion ..."), it is a command
        return None
    category = "hedged" if w in _ADVISORY_IMPERATIVES else "binding"
    return (i, category, f"{w} (imperative)")


def _in_leading_condition(words: Sequence[str], start: int, anchor: int, verb: int) -> bool:
    """Is ``anchor`` inside the opening condition ("When ...", "Before ...,") of the segment
    starting at ``start``, closed by a comma before the command verb at ``verb``?"""
    i = start
    while i < verb and (words[i] in _BULLETS or words[i] in ("(", ")", ".") or _is_marker_word(words, i)):
        i += 1
    return i < anchor and words[i] in _CONDITION_OPENERS and "," in words[anchor:verb]


def _leading_condition_end(words: Sequence[str], start: int, end: int) -> int | None:
    """Index just past the comma that closes a leading condition of the clause [start, end)
    ("When feasible, ...", "Where it can be done safely, ..."), or None."""
    i = start
    while i < end and (words[i] in _BULLETS or words[i] in ("(", ")", ".") or _is_marker_word(words, i)):
        i += 1
    if i >= end or words[i] not in _CONDITION_OPENERS:
        return None
    comma = next((j for j in range(i + 1, min(end, i + 25)) if words[j] == ","), None)
    return None if comma is None else comma + 1


def _is_marker_word(words: Sequence[str], i: int) -> bool:
    """A list-marker token: "3." "c." "iv" "a" followed by "." or ")"."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if len(w) == 2 and w[1] == "." and w[0].isalnum():
        return True
    return (w.isdigit() and len(w) <= 3 or w in _ROMAN or len(w) == 1 and w.isalpha()) and nxt in (".", ")")


def _lent_by_lead_in(words: Sequence[str], segments: list[tuple[int, int]], own: int) -> bool:
    """Is the segment an item after a lead-in ending in ":" that has a cue of its own?

    "Officers may:" | "(a) use a carotid restraint": the item completes the lead-in's modal,
    so its bare verb is no command.
    """
    for k in range(own - 1, -1, -1):
        s, e = segments[k]
        brk = words[e] if e < len(words) else ""
        if brk == ":":
            return _has_cue(words, s, e)
    return False


_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})
_BULLETS = frozenset({"•", "·", "▪", "◦", "●", "○", "■", "□", "-", "–", "*"})


def _segment_of(segments: list[tuple[int, int]], i: int) -> int:
    return next((k for k, (s, e) in enumerate(segments) if s <= i < e), len(segments) - 1)


def _item_start(words: Sequence[str], i: int) -> bool:
    """Does a list-item marker ("c.", "(c)", "2)", "iv.", "•") open the words at ``i``?"""
    if i >= len(words):
        return False
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in _BULLETS:
        return True
    if len(w) == 2 and w[1] == "." and w[0].isalnum():
        return True  # "c." is one token
    if w == "(" and i + 2 < len(words) and words[i + 2] == ")" and len(nxt) <= 4 and nxt.isalnum():
        return True
    return (w.isdigit() and len(w) <= 2 or w in _ROMAN or len(w) == 1 and w.isalpha()) and nxt in (".", ")")


def lead_in_reading(words: Sequence[str]) -> Reading | None:
    """For a sentence ending in ":" ("Officers shall not:"), the reading it lends to list items."""
    while words and words[-1] in ("-", "—"):
        words = words[:-1]
    if not words or words[-1] != ":":
        return None
    reading = read_clause(words[:-1], len(words) - 1)
    return None if reading.modality == "plain" else reading


#: Header cells that say the column holds rules ("Principle | Requirement", "Rule | Applies to").
_REQUIREMENT_HEADERS = frozenset({
    "requirement", "requirements", "required", "required action", "required actions", "rule", "rules",
    "mandatory", "must", "duty", "duties", "what is required", "what it requires", "required response",
})


def requirement_header(words: Sequence[str]) -> Reading | None:
    """For a table's header row, the reading it lends its rows when a column is named as the
    rules ("Principle | Requirement": each row states a requirement), else None."""
    cells = " ".join(w for w in words if w not in (":", "the", "a")).split("|")
    for cell in cells:
        name = " ".join(cell.split()).replace(" 's", "'s")
        if name in _REQUIREMENT_HEADERS:
            return Reading("binding", f"the '{name}' column of a table")
    return None


# ---------------------------------------------------------------------------- hedges


@dataclass(frozen=True)
class HedgeRules:
    """An element's hedges and exceptions, compiled once per run."""

    hedges: re.Pattern[str] | None
    accepted: re.Pattern[str] | None
    ok_exceptions: tuple[str, ...]
    bad_exceptions: re.Pattern[str] | None
    ok_regex: re.Pattern[str] | None = None  # the ok_exceptions as one pattern, to blank them first


@lru_cache(maxsize=8192)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = sorted({" ".join(p.lower().split()) for p in phrases}, key=len, reverse=True)
    # (the tokenizer splits a possessive: "officer's discretion" is read as "officer 's discretion";
    # a space or hyphen between words is either, since text is written both ways:
    # "behavioral-health crisis", "case by case", read as "behavioral - health crisis")
    joint = r"(?:\s*-\s*|\s+)"
    body = "|".join(
        re.escape(p).replace(r"\ ", joint).replace(r"\-", joint).replace("'s", r"\s?'s").replace("’s", r"\s?’s")
        for p in alternatives
    )
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


@lru_cache(maxsize=4096)
def compile_hedges(
    weak: tuple[str, ...], accept: tuple[str, ...], ok: tuple[str, ...], bad: tuple[str, ...],
    global_hedges: tuple[str, ...] = GLOBAL_HEDGES,
) -> HedgeRules:
    """An element's hedge rules: the global hedges (the lexicon's hedge families) plus its
    ``weak`` ones, minus the ``accept``ed ones (families already expanded by the caller)."""
    hedges = tuple(h for h in global_hedges + weak if h not in accept)
    return HedgeRules(
        hedges=_phrase_regex(tuple(hedges)),
        accepted=_phrase_regex(tuple(accept)),
        ok_exceptions=tuple(" ".join(o.lower().split()) for o in ok),
        bad_exceptions=_phrase_regex(tuple(bad)),
        ok_regex=_phrase_regex(tuple(ok)),
    )


def find_bad_exception(text: str, rules: HedgeRules) -> str | None:
    """A ``bad_exceptions`` hit outside every ``ok_exceptions`` span of lower-case ``text``.

    "... by means other than the vehicle itself" is the accepted exception, so its
    "vehicle itself" does not count; "unless the vehicle itself is used as a weapon" does.
    """
    if rules.bad_exceptions is None:
        return None
    if rules.ok_regex is not None:
        text = rules.ok_regex.sub(lambda m: " " * len(m.group(0)), text)
    for found in rules.bad_exceptions.finditer(text):
        # "unless a person in the vehicle poses a threat": the vehicle is where the person is,
        # not the subject of the bad exception ("unless the vehicle poses a threat")
        if _IN_PLACE.search(text, 0, found.start()) is None:
            return found.group(0)
    return None


#: Words right before a hit that make its first noun a place ("a person in the vehicle poses").
_IN_PLACE = re.compile(r"\b(?:in|inside|within|from|of)\s+(?:the|a|an|that|this)\s+$")


#: Hedges that, after a manner adverb ("physically if needed"), qualify the manner of a duty only.
_MANNER_HEDGE_ENDS = frozenset({"needed", "necessary", "required", "appropriate"})


def find_hedge(text: str, rules: HedgeRules) -> str | None:
    """The first unaccepted hedge in lower-case ``text``.

    A hedge is excused only when an accepted hedge covers all of it: accepting "should"
    (Campaign Zero accepted it for de-escalation) does not excuse the longer, weaker
    "should consider", while accepting "when safe and feasible" does excuse "feasible".
    """
    if rules.hedges is None:
        return None
    accepted_spans = [m.span() for m in rules.accepted.finditer(text)] if rules.accepted is not None else []
    for found in rules.hedges.finditer(text):
        if any(start <= found.start() and found.end() <= end for start, end in accepted_spans):
            continue
        before = text[: found.start()].rstrip(" ,")
        # "only when necessary" / "only if feasible" narrow a permission; they are no hedge
        if before.endswith(" only") or before == "only":
            continue
        # "Step in, physically if needed, ...": how to do it, not whether to
        if before.rsplit(None, 1)[-1:] in (["physically"], ["forcibly"], ["verbally"]) and found.group(0).split()[-1] in _MANNER_HEDGE_ENDS:
            continue
        return found.group(0)
    return None


def _exceptions(words: Sequence[str], anchor: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of the exception clauses that qualify the anchor's clause."""
    parts = clauses(words)
    index = next((k for k, (s, e, _) in enumerate(parts) if s <= anchor < e), len(parts) - 1)
    out = []
    for k, (s, e, exc) in enumerate(parts):
        if not exc or k == index:
            continue
        # an exception after the anchor's clause in the same sentence, or a leading one before it
        if k > index or parts[k][0] == 0:
            if k > index:
                # "unless ... by means other than the vehicle": the exception runs to the
                # next ";"/":" (nested markers belong to it), not to the next marker.
                e = next((j for j in range(s, len(words)) if _hard_break(words, j)), len(words))
            out.append((s, e, " ".join(words[s:e]).strip(" ,.;")))
    # the anchor itself inside "except X" after a permission: handled by the caller
    return out


def _segments(words: Sequence[str]) -> list[tuple[int, int]]:
    """The sentence cut at ``;`` and ``:``: half-open word ranges, the break word excluded."""
    out, start = [], 0
    for i, w in enumerate(words):
        if _hard_break(words, i):
            out.append((start, i))
            start = i + 1
    out.append((start, len(words)))
    return out


def _has_cue(words: Sequence[str], start: int, end: int) -> bool:
    return any(_cue_at(words, i) is not None for i in range(start, end))


def rule_scope(words: Sequence[str], anchor: int) -> list[bool]:
    """Which words state the anchor's rule: where its hedges and exceptions are looked for.

    The anchor's ``;``/``:`` segment; the lead-in before a ``:`` that introduces it ("When
    feasible, officers shall: (a) ..."); the earlier segment that lends it its verb when it
    has none ("Officers shall not use chokeholds; nor carotid holds"); and the segments
    after it that open with an exception marker ("...; unless ..."). A sibling list item or
    another rule after a ``;`` is not part of it: its "when practicable" qualifies that rule.
    """
    segments = _segments(words)
    a = next((k for k, (s, e) in enumerate(segments) if s <= anchor < e), len(segments) - 1)
    keep = [a]
    needs_cue = not _has_cue(words, *segments[a])
    for k in range(a - 1, -1, -1):
        brk = words[segments[k][1]] if segments[k][1] < len(words) else ""
        if brk == ":":
            keep.append(k)  # the lead-in: its words govern every item
            break
        if needs_cue and _has_cue(words, *segments[k]):
            keep.append(k)
            needs_cue = False
    for k in range(a + 1, len(segments)):
        s, e = segments[k]
        if s < e and _starts_marker(words, s):
            keep.append(k)
        else:
            break
    inside = [False] * len(words)
    for k in keep:
        s, e = segments[k]
        for i in range(s, e):
            inside[i] = True
    return inside


#: Stands in for a word that is out of scope or blanked, so phrases never match across it.
_BLANK = "\u00b7"


def _scope_text(words: Sequence[str], inside: Sequence[bool]) -> str:
    return " ".join(w if ok else _BLANK for w, ok in zip(words, inside))


def _accepted_condition_end(words: Sequence[str], start: int, end: int, rules: HedgeRules) -> int:
    """End (word index) of the last accepted phrase in an exception, or ``start`` if none.

    "unless ... under exigent circumstances where force is needed to prevent serious bodily
    injury or death": the hedge-like words before the accepted condition describe the
    situation it names, so they do not hedge the rule. Words after it ("... or when the
    officer deems it necessary") are another alternative and still count.
    """
    if rules.ok_regex is None:
        return start
    text = " ".join(words[start:end])
    last_char = max((m.end() for m in rules.ok_regex.finditer(text)), default=0)
    # words of the exception that start before the end of its last accepted phrase
    count, position = 0, 0
    for w in words[start:end]:
        if position >= last_char:
            break
        count += 1
        position += len(w) + 1
    return start + count


_ALTERNATIVE = re.compile(r"\b(?:or|and/or)\s+(?:where|when|whenever|if|in\s+cases?\s+where|unless)\b")


def unaccepted_alternative(exception: str, rules: HedgeRules) -> str | None:
    """A second condition joined to an accepted exception by "or where/when/if ..." that is not
    itself accepted ("except where deadly force is authorized or where the subject resists")."""
    parts = _ALTERNATIVE.split(exception)
    for part in parts[1:]:
        if part.strip() and not any(_contains(part, ok) for ok in rules.ok_exceptions):
            return part.strip()
    return None


def _contains(text: str, phrase: str) -> bool:
    """Whole-word, whitespace-tolerant containment of a lower-case phrase."""
    pattern = _phrase_regex((phrase,))
    # (tokens split hyphens: "the motor - vehicle itself" contains "the motor vehicle")
    return pattern is not None and (pattern.search(text) is not None or pattern.search(text.replace(" - ", " ")) is not None)


_STATUS_RANK = {"present": 0, "hedged": 1, "mentioned": 2, "absent": 3}


def mask_matched_cues(words: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[str]:
    """``words`` with the modal and negation words *inside* matched phrases blanked.

    The words an element matches can be content, not the sentence's modality: in "tell the
    person that consent may be refused" or "... that they are not required to consent", the
    matched "may be refused" and "not required to consent" say what the person may do; the
    officer's duty is read from the rest ("shall tell"). Only a match inside a complement
    clause ("that ...", "whether ...") is blanked: in "Officers shall stop using force" or
    "shall not record", the matched modal or negation is the rule's own.
    """
    out = list(words)
    if not spans:
        return out
    # One pass: for each word, is there a "that"/"whether" since the last hard break before it?
    # (per span, scanning back would be quadratic on a long run of matches)
    complement_before = [False] * (len(words) + 1)
    seen = False
    for j, word in enumerate(words):
        complement_before[j] = seen
        if _hard_break(words, j):
            seen = False
        elif word in ("that", "whether"):
            seen = True
    complement_before[len(words)] = seen
    for start, end in spans:
        if not complement_before[min(start, len(words))]:
            continue
        for i in range(start, min(end, len(out))):
            if out[i] in _NEGATIONS or out[i] in _MODALS or _cue_at(words, i) is not None:
                out[i] = _BLANK
    return out


#: Verbs of telling someone something: what follows is what they are told, not the rule's
#: modality ("shall advise the person that they may refuse").
_TELLING_VERBS = frozenset(
    """advise advises advised advising inform informs informed informing tell tells told telling
    notify notifies notified notifying explain explains explained explaining remind reminds
    reminded reminding understands understand knows know aware""".split()
)
#: Who a told modal is about: the person told, or the thing they are told of.
_TOLD_SUBJECTS = frozenset(
    """they he she it you consent person individual subject driver occupant owner resident
    passenger pedestrian searches search request""".split()
)
#: How far after the telling verb a told modal may sit ("tell the person and any passenger that they may").
_TOLD_WINDOW = 14


def mask_told_modals(words: Sequence[str]) -> list[str]:
    """``words`` with the modals of what someone is told blanked.

    In "Officers shall advise the person that they may refuse", "tell the person they may
    refuse" or the lead-in and item "shall advise the person that: | a. they may refuse
    consent", the "may" is what the person may do; the officer's duty is read from "shall
    advise". Only a permissive modal right after the told person ("they may", "consent can")
    is blanked, within the telling verb's clause (a lead-in's ":" continues it into its items):
    "Officers may tell the person they can leave" keeps its own "may".
    """
    out = list(words)
    for i, word in enumerate(words):
        if word not in _TELLING_VERBS:
            continue
        passed_colon = False
        for j in range(i + 1, min(len(words), i + 1 + _TOLD_WINDOW)):
            w = words[j]
            if w in _STOPS and _hard_break(words, j):
                break
            if w in _HARD_BREAKS:
                if w == ":" and not passed_colon:
                    passed_colon = True
                    continue
                if not passed_colon:
                    break
            if _MODALS.get(w) == "permissive" and (words[j - 1] in _TOLD_SUBJECTS or words[j - 1].endswith("she")):
                out[j] = _BLANK
                if j + 1 < len(words) and words[j + 1] in _NEGATIONS:
                    out[j + 1] = _BLANK
    return out


def judge_sentence(
    words: Sequence[str],
    anchors: Sequence[int],
    kind: str,
    rules: HedgeRules,
    lead_in: Reading | None = None,
    spans: Sequence[tuple[int, int]] = (),
) -> Judgement:
    """Best judgement of one candidate sentence for one element over its anchor positions.

    ``spans``: the (start, end) word ranges of the element's matches, whose own modal and
    negation words are not read as the sentence's (see :func:`mask_matched_cues`).
    """
    if kind != "presence" and any(is_definition(words, a) for a in anchors) and not _definition_body_binds(words):
        # "Verbal warning: a spoken statement telling a subject that force will be used ...":
        # the sentence defines the element's term, whichever of its words the patterns hit
        return Judgement("mentioned", "plain", None, "a definition, not a rule")
    words = mask_told_modals(words)
    if spans:
        words = mask_matched_cues(words, [s for s in spans if s[1] - s[0] > 1])
    best: Judgement | None = None
    for anchor in anchors:
        judgement = _judge_at(words, past_run_in_label(words, anchor), kind, rules, lead_in, spans)
        if best is None or _STATUS_RANK[judgement.status] < _STATUS_RANK[best.status]:
            best = judgement
        if best.status == "present":
            break
    assert best is not None
    if best.status != "present" and best.modality == "plain":
        # "Chemical agents and impact projectiles: a. shall not be used against peaceful
        # persons; ...": the words before the colon are the subject of the verb after it
        for anchor in anchors:
            verb = _verb_after_colon(words, anchor)
            if verb is None:
                continue
            judgement = _judge_at(words, verb, kind, rules, lead_in, spans)
            if _STATUS_RANK[judgement.status] < _STATUS_RANK[best.status]:
                best = judgement
                break
    if best.status == "present" and kind in ("mandate", "prohibition"):
        # "a. Deputies shall not use neck restraints. b. Exception: a deputy who is assaulted
        # may apply a carotid hold." kept as one sentence by the splitter: the later item is
        # an exception stated after the rule, as if it were the next sentence
        later = _later_segment_exception(words, anchors, rules, kind)
        if later is not None:
            return Judgement("hedged", "exception", later[:120], f"the exception that follows ('{later[:80]}') swallows the rule")
    return best


#: What may open the predicate after a subject and a colon ("Impact projectiles: shall not be ...").
_PREDICATE_OPENERS = frozenset({"shall", "must", "will", "may", "should", "are", "is", "never", "not", "require", "requires"}) | _PROHIBIT_WORDS


def _verb_after_colon(words: Sequence[str], anchor: int) -> int | None:
    """The first word of the predicate when the anchor sits in a verbless subject that ends
    in ":" ("Chemical agents, impact projectiles and distraction devices: a. shall not be used
    ..."), else None. A definition ("Chokehold: a hold that ...") has no such predicate."""
    colon = None
    for j in range(anchor, min(len(words), anchor + 16)):
        if words[j] == ":":
            colon = j
            break
        if _cue_at(words, j) is not None or _STOPS.intersection((words[j],)) or words[j] == ";":
            return None
    if colon is None or any(_cue_at(words, j) is not None for j in range(0, anchor)):
        return None
    k = colon + 1
    while k < len(words) and (words[k] in _BULLETS or words[k] in ("(", ")") or _is_marker_word(words, k)):
        k += 1
    return k if k < len(words) and words[k] in _PREDICATE_OPENERS else None


#: Words that open a clause inside a definition's body ("a statement telling a subject that ...").
_BODY_SUBORDINATORS = frozenset("that which who whom whose if when where whether telling informing advising stating".split())


def _definition_body_binds(words: Sequence[str]) -> bool:
    """Does a definition-shaped sentence state a rule in its main clause ("Verbal warnings: a
    warning shall be given before deadly force"), rather than inside a clause of the body?"""
    start = next((j + 1 for j, w in enumerate(words[:9]) if w in (":", "-", "–", "—")), None)
    if start is None:
        return False
    if any(w in _ACTOR_WORDS for w in words[start : start + 3]) and any(_cue_at(words, k) for k in range(start, len(words))):
        return True  # "Duty to Intercede: Any officer present ... shall, when able, intercede"
    for k in range(start, len(words)):
        if words[k] in _BODY_SUBORDINATORS:
            return False
        if _cue_at(words, k) is not None:
            return True
    return False


def _later_segment_exception(words: Sequence[str], anchors: Sequence[int], rules: HedgeRules, kind: str) -> str | None:
    """An exception opening a segment after the first anchor's segment, in the same sentence
    (the exception may name the element's words again: "b. Exception: ... may apply a chokehold")."""
    segments = _segments(words)
    first = min(_segment_of(segments, a) for a in anchors)
    for start, end in segments[first + 1 :]:
        found = exception_follows(list(words[start:end]), rules, mandate=kind == "mandate", rule_words=words[: segments[first][1]])
        if found is not None:
            return found
    return None


#: Verbs of a relative clause that still state the duty: "an officer who fails to intervene".
_DUTY_IN_RELATIVE = _FAIL_WORDS | {"fails", "failed", "neglects", "refuses", "refused", "declines"}


def _only_a_plan(words: Sequence[str], reading: Reading) -> str | None:
    """A text someone may or should write one day, not the text itself: "Commanders may
    develop a force matrix", "the Department should adopt a continuum". (For presence elements,
    whose words alone would otherwise count as stated.)"""
    if reading.modality not in ("permissive", "hedged") or not reading.cue:
        return None
    cue = reading.cue.split()[-1]
    for i, w in enumerate(words):
        if w == cue and any(v in _META_POLICY_VERBS for v in words[i + 1 : i + 3]):
            return f"only a plan to write one ('{reading.cue}')"
    return None


#: Verbs of imposing a duty, whose ruling-out is a ban on imposing it.
_REQUIRING_WORDS = frozenset({"require", "requires", "required", "directed", "ordered", "compelled", "mandated", "obligated"})


def _bans_requiring(words: Sequence[str], cue: str | None) -> bool:
    """Is a negated "require" itself ruled out by a binding modal ("shall not require", "no
    officer shall be required to ...")? Without one ("officers are not required to") it only
    removes a duty."""
    if not cue or cue.split()[-1] not in _REQUIRING_WORDS:
        return False
    for r, w in enumerate(words):
        if w not in _REQUIRING_WORDS:
            continue
        # "shall not be required", "will never be required", "At no time shall a member be
        # required", "No member shall be directed to ..."
        before = list(words[max(0, r - 5) : r])
        if any(m in before for m in ("shall", "will", "must")) and (
            "not" in before or "never" in before or "no" in words[: max(0, r - 2)]
        ):
            return True
        if before[-3:] == ["not", "to", "be"]:
            return True  # "Officers are not to be required to ...": "are to" binds, negated
        if before[-3:] in (["is", "to", "be"], ["are", "to", "be"]) and ("no" in words[: r - 3] or "never" in before):
            return True  # "No officer is to be required to ...": the same directive, negated by its subject
        if ("no" in words[:r] or "not" in before[-2:]) and _policy_frames(words, r):
            # "It is the policy of the Department that no member is required to meet a quota":
            # the policy itself rules requiring out
            return True
    return False


def _policy_frames(words: Sequence[str], r: int) -> bool:
    """Does "it is (the) policy of X that ..." open the clause holding ``words[r]``?"""
    return any(
        words[i] == "policy" and "that" in words[i + 1 : r] and _policy_opener(words, i)
        for i in range(max(0, r - 16), r)
    )


def describes_someone(words: Sequence[str], anchor: int, spans: Sequence[tuple[int, int]] = ()) -> str | None:
    """Why a duty's words only describe a person or a circumstance, or None.

    "No member shall retaliate against an officer who intervenes to stop excessive force": the
    relative clause after the rule's verb, holding every word the element matched (``spans``),
    says who someone is, and the sentence's duty is another. A relative clause on the subject
    ("An officer who receives a complaint ... shall document it") names the situation the rule
    answers and is left to the usual reading. "... shall report it, whether or not the officer
    intervened" states the circumstance. Still the duty: "An officer who fails to intervene
    ...", "who is in a position to intervene shall do so", a relative clause with a modal of
    its own ("who must intervene"), one that specifies whom the rule is about ("request the
    gender of the officer who searches them"), and a sentence whose other matched words are
    outside the clause ("An officer who observes excessive force shall report it": the duty
    is the report).
    """
    start = next((j + 1 for j in range(anchor - 1, -1, -1) if _hard_break(words, j) or words[j] == ","), 0)
    head = list(words[start:anchor])
    if head[:3] == ["whether", "or", "not"]:
        return "the circumstance ('whether or not ...'), not a duty"
    for k in range(len(head) - 1, max(-1, len(head) - 4), -1):
        if head[k] not in ("who", "whom"):
            continue
        between = head[k + 1 :]
        if k == 0 or any(w in _DUTY_IN_RELATIVE or w in _MODALS or w in _NEGATIONS for w in between):
            return None
        if k >= 3 and head[k - 3 : k - 1] == ["of", "the"]:
            return None  # "the gender of the officer who searches them": the rule is about that officer
        stop = next((j for j in range(anchor, len(words)) if _hard_break(words, j) or _cue_at(words, j)), len(words))
        if "so" in words[anchor:stop + 3] and "do" in words[anchor:stop + 3]:
            return None  # "... who are in a position to intervene shall do so"
        clause_start = start + k
        noun_start = max(start, clause_start - 3)  # "an officer who ...": the noun it describes
        if any(s < noun_start or e > stop or (s < clause_start and e > clause_start) for s, e in spans):
            return None
        if not any(_cue_at(words, j) for j in range(0, clause_start)):
            # the subject's clause ("An officer who receives a complaint of profiling shall
            # document it"): the situation the rule answers, often the element's own subject
            return None
        return f"describes someone ('{head[k - 1]} {head[k]} ...'), not a duty"
    return None


def _judge_at(
    words: Sequence[str], anchor: int, kind: str, rules: HedgeRules, lead_in: Reading | None,
    spans: Sequence[tuple[int, int]] = (),
) -> Judgement:
    if kind == "mandate" and (why := describes_someone(words, anchor, spans)) is not None:
        return Judgement("absent", "plain", None, why)
    reading = read_clause(words, anchor, lead_in)
    parts = clauses(words)
    own_index = next((k for k, c in enumerate(parts) if c[0] <= anchor < c[1]), None)
    in_exception = own_index is not None and parts[own_index][2]
    if in_exception and own_index:
        # The anchor sits in an exception ("... unless X"): what governs it is the main clause.
        main = _main_reading(words, parts, own_index, lead_in)
        if kind == "prohibition" and main.modality == "permissive":
            # "Officers may use any hold except a chokehold": carved out of a permission.
            reading = Reading("prohibition", f"{main.cue} ... except")
        elif not (kind == "mandate" and main.modality == "prohibition"):
            # "shall not fire ... unless deadly force is being used against the officer", "shall
            # warn ... unless the officer believes a warning is unnecessary": the words describe
            # the excepted situation, not the rule (only "may use any hold except X" above, and a
            # mandate's condition after a ban below, make them the rule)
            return Judgement("absent", "exception", None, "the words describe the exception, not the rule")
        elif kind == "mandate" and main.modality == "prohibition" and words[parts[own_index][0]] in ("unless", "without"):
            # "shall not use deadly force unless alternatives have failed": X is required first.
            return Judgement("present", "binding", None, f"required as a condition ('{main.cue} ... {words[parts[own_index][0]]}')")
    if kind == "mandate" and not in_exception and reading.modality == "prohibition":
        condition = _ban_condition(words, anchor, parts[own_index] if own_index is not None else (0, len(words), False))
        if condition is not None:
            # "may not be shot before being called upon to surrender", "shall not fire until a
            # warning has been given": what must come first is required.
            return Judgement("present", "binding", None, f"required as a condition ('{reading.cue} ... {condition}')")
    if reading.modality == "hedged" and reading.cue and _accepted_cue(reading.cue, rules):
        # the standard itself accepts this verb (an element's accept_hedges lists "should")
        reading = Reading("prohibition" if reading.cue.endswith(" not") else "binding", reading.cue)
    if kind == "prohibition" and _is_grant(reading) and not in_exception:
        bad = find_bad_exception(_scope_text(words, rule_scope(words, anchor)), rules)
        if bad is not None:
            return Judgement(
                "hedged", "permissive", bad, f"permitted when '{bad}': an exception that swallows the ban", defeats=True
            )
    if kind == "prohibition" and reading.modality == "binding" and _is_restriction(reading.cue):
        # "may use a carotid hold only when the officer deems it necessary": a permission
        # narrowed to a situation that is not one of the accepted exceptions
        if not _only_when_ok(words, rules.ok_exceptions):
            return Judgement("hedged", "permissive", reading.cue, f"permitted ('{reading.cue}'), not prohibited")
    if kind == "prohibition" and reading.modality == "binding" and _imposes_none(words, reading.cue):
        # "Impose no numeric quota ...", "Fire no warning shots": a command to do none is a ban
        reading = Reading("prohibition", f"{(reading.cue or '').split()[0]} no")
    if kind == "prohibition" and reading.modality == "binding" and not in_exception:
        if not _only_when_ok(words, rules.ok_exceptions):
            # A duty about the subject ("a person placed in a carotid hold shall be examined")
            # neither bans nor permits it: not evidence for the ban either way.
            return Judgement("absent", "binding", None, "a duty about it, not a prohibition")
    inside = rule_scope(words, anchor)
    if (bad := find_bad_exception(_scope_text(words, inside), rules)) is not None:
        return Judgement("hedged", "exception", bad, f"the exception '{bad}' swallows the rule")
    hedge_scope = list(inside)
    if kind != "presence":
        for start, end, exception in _exceptions(words, anchor):
            if not inside[start]:
                continue  # an exception to another rule of the sentence
            if any(_contains(exception, ok) for ok in rules.ok_exceptions):
                extra = unaccepted_alternative(exception, rules)
                if extra is not None and (kind == "prohibition" or leaves_to_discretion(extra)) and reading.binding:
                    # "... except where deadly force is authorized or where a supervisor
                    # approves": the second way out is not the accepted one
                    return Judgement("hedged", "exception", extra, f"the exception '{extra}' swallows the rule")
                # an accepted exception: what describes its situation is no hedge of the rule
                for k in range(start, _accepted_condition_end(words, start, end, rules)):
                    hedge_scope[k] = False
                continue
            swallows = kind == "prohibition" or leaves_to_discretion(exception)
            if swallows and reading.binding:
                return Judgement("hedged", "exception", exception, f"the exception '{exception}' swallows the rule")
    hedge = find_hedge(_scope_text(words, hedge_scope), rules)
    if kind != "presence" and is_definition(words, anchor):
        # "Intervene: to act ... to stop": what a word means, not what anyone must do. A
        # presence element ("reportable force is defined") is satisfied by the definition.
        return Judgement("mentioned", "plain", None, "a definition, not a rule")
    if kind == "presence":
        if hedge:
            return Judgement("hedged", "hedged", hedge, f"qualified by '{hedge}'")
        reported = reported_by_others(words, anchor)
        if reported is None and is_definition(words, anchor):
            reported = _generic_definition(words)
        if reported is not None:
            return Judgement("mentioned", "plain", None, reported)
        if (plan := _only_a_plan(words, reading)) is not None:
            return Judgement("hedged", reading.modality, reading.cue, plan)
        for start, end, exception in _exceptions(words, anchor):
            if inside[start] and leaves_to_discretion(exception) and not any(_contains(exception, ok) for ok in rules.ok_exceptions):
                # "... shall be reported unless the officer considers the display routine"
                return Judgement("hedged", "exception", exception, f"the exception '{exception}' leaves it to discretion")
        return Judgement("present", reading.modality if reading.modality != "plain" else "plain", None, "stated")
    wanted = "binding" if kind == "mandate" else "prohibition"
    modality = reading.modality
    if kind == "prohibition" and modality == "permissive" and _bans_requiring(words, reading.cue):
        # "The Department shall not require officers to issue a set number of citations", "No
        # officer shall be required to meet a quota": requiring it is banned
        last = reading.cue.split()[-1]
        said = f"shall not be {last}" if last.endswith("ed") else "shall not require"
        modality, reading = "prohibition", Reading("prohibition", said)
    if kind == "prohibition" and modality in ("binding", "permissive") and rules.ok_exceptions:
        # "may be used only when deadly force is authorized" restricts to the allowed exception: a ban.
        if _only_when_ok(words, rules.ok_exceptions):
            modality = "prohibition"
            reading = Reading("prohibition", reading.cue if _is_restriction(reading.cue) else f"{reading.cue} only when")
    if kind == "mandate" and modality == "prohibition":
        # A binding ban states a rule as much as a duty does: "a conducted energy device shall
        # not be used on a visibly pregnant person", "shall avoid ... unnecessarily".
        modality = "binding"
    if modality != wanted:
        why = {
            "binding": "a duty, not a prohibition",
            "prohibition": "a prohibition, not a duty",
            "hedged": f"only advisory language ('{reading.cue}')",
            "permissive": f"only permissive language ('{reading.cue}')",
            "plain": "no binding verb (shall, must, will, is prohibited)",
        }[modality]
        if modality == "plain" and (remark := remark_only(words, reading, anchor)) is not None:
            return Judgement("mentioned", "plain", None, remark)
        if (reported := reported_by_others(words, anchor)) is not None:
            # "The Board has asked that every use of force be documented": someone else's
            # wish, not a weak rule of this agency's
            return Judgement("mentioned", "plain", None, reported)
        if kind == "mandate" and modality == "permissive" and is_disclaimer(reading.cue) and _public_relieved(words, anchor, reading.cue, spans):
            # "no person is required to produce identification": the public is relieved of a
            # duty, which binds officers not to impose it (a ban states a rule)
            return Judgement("present", "prohibition", None, f"binding language ('{reading.cue}': nobody may be made to)")
        if kind == "mandate" and modality == "permissive" and is_disclaimer(reading.cue):
            if _cue_in_spans(words, anchor, reading.cue, spans):
                # "A person is not required to consent to a search": the element's own words
                # state a right; nobody is told to do anything about it
                return Judgement("mentioned", "plain", None, "states what a person need not do; no duty is stated")
            # "Officers are not required to advise the person of the right to refuse": the
            # text rules the duty out; it is not a weakly written duty
            return Judgement("mentioned", "permissive", None, f"the duty is disclaimed ('{reading.cue}'), not stated")
        return Judgement("hedged", modality, reading.cue if modality in ("hedged", "permissive") else None, why)
    if hedge:
        return Judgement("hedged", "hedged", hedge, f"qualified by '{hedge}'")
    return Judgement("present", modality, None, f"binding language ('{reading.cue}')")


def _imposes_none(words: Sequence[str], cue: str | None) -> bool:
    """Is a bare-verb command followed by "no" ("Impose no quota", "Use no neck holds")?"""
    if not cue or not cue.endswith("(imperative)"):
        return False
    cue = cue.split()[0]
    for k, w in enumerate(words[:-1]):
        if w == cue and (words[k + 1] == "no" or (k + 2 < len(words) and words[k + 2] == "no" and words[k + 1] in ("ever", "also"))):
            return True
    return False


#: Cues that take a duty away rather than grant a choice: "is not required to", "need not".
_DISCLAIMING_WORDS = frozenset({"required", "requires", "require", "obligated", "obliged", "mandatory", "mandated", "duty", "obligation"})


def is_disclaimer(cue: str | None) -> bool:
    """Does a permissive cue rule a duty out ("not required", "need not") rather than permit
    a choice ("may", "is authorized to")?"""
    if not cue:
        return False
    parts = cue.split()
    return (parts[0] == "not" and parts[-1] in _DISCLAIMING_WORDS) or cue in ("need not", "needs not")


#: Members of the public, as the subject of "is not required to".
_PUBLIC_NOUNS = frozenset(
    """person persons people individual individuals one anyone nobody public subject subjects driver drivers
    passenger passengers resident residents citizen citizens civilian civilians arrestee arrestees""".split()
)


def _cue_index(words: Sequence[str], anchor: int, cue: str | None) -> int | None:
    """Where the last word of ``cue`` sits, nearest ``anchor``."""
    last = (cue or "").split()[-1:]
    at = [k for k, w in enumerate(words) if last and w == last[0]]
    return min(at, key=lambda j: abs(j - anchor)) if at else None


def _cue_in_spans(words: Sequence[str], anchor: int, cue: str | None, spans: Sequence[tuple[int, int]]) -> bool:
    """Is the cue one of the element's own matched words?"""
    k = _cue_index(words, anchor, cue)
    return k is not None and any(start <= k < end for start, end in spans)


def _public_relieved(words: Sequence[str], anchor: int, cue: str | None, spans: Sequence[tuple[int, int]] = ()) -> bool:
    """Is the disclaimed duty the public's ("no person is required to ...") rather than the
    officers' ("officers are not required to ...")? Read on the clause of the cue nearest
    ``anchor``. A cue inside the element's own words is what the rule is about ("A person is
    not required to consent" states the right, not a duty to tell of it)."""
    k = _cue_index(words, anchor, cue)
    if k is None or any(start <= k < end for start, end in spans):
        return False
    subject = []
    for j in range(k - 1, max(-1, k - 8), -1):
        if _hard_break(words, j) or words[j] in CLAUSE_BREAKS or words[j] in ("that", ","):
            break
        subject.append(words[j])
    return bool(set(subject) & _PUBLIC_NOUNS) and not set(subject) & _OFFICER_NOUNS


#: Words too common to show that a sentence talks about an exception's condition.
_COMMON = frozenset(
    {"officer", "officers", "member", "members", "person", "persons", "other", "others", "that", "this", "with",
     "from", "there", "their", "such", "when", "where", "which", "unless", "except", "shall", "must", "will"}
)


def narrows_exception(exception: str, following: Sequence[str], rules: HedgeRules) -> bool:
    """Does the next sentence narrow a swallowing exception to an accepted one?

    "... shall not fire at a moving vehicle unless necessary to stop an imminent threat.
    The threat must come by means other than the vehicle." The second sentence binds
    (shall/must/will), names the exception's condition in its subject (a content word of
    the exception before its verb) and states one of the element's ``ok_exceptions``.
    """
    if rules.ok_regex is None or not following or not _starts_marker(exception.split(), 0):
        return False  # no accepted form, or a bad_exceptions phrase (those always swallow)
    text = " ".join(following)
    if rules.ok_regex.search(text) is None:
        return False
    cue = next((i for i in range(len(following)) if _cue_at(following, i) is not None), None)
    if cue is None or read_clause(following, cue).modality != "binding":
        return False
    subject = {w for w in following[:cue] if len(w) > 3 and w.isalpha() and w not in _COMMON}
    condition = {w for w in exception.split() if len(w) > 3 and w.isalpha() and w not in _COMMON}
    return bool(subject & condition)


#: After a ban, words that name what must come first: "shall not fire until / before ...".
_CONDITION_WORDS = frozenset({"until", "before", "till", "unless"})


def _ban_condition(words: Sequence[str], anchor: int, clause: tuple[int, int, bool]) -> str | None:
    """The condition word between a ban's cue and the anchor ("shall not fire *until* a
    warning ..."), or None. Only a condition that follows the negated verb counts."""
    start, end, _ = clause
    found = _find_cue(words, start, end, anchor)
    if found is None or found[0] >= anchor:
        return None
    for j in range(found[0] + 1, anchor):
        if words[j] in _CONDITION_WORDS:
            return words[j]
        if words[j] == "without" and j + 1 < len(words) and words[j + 1] in ("first", "prior", "having", "a", "an", "the"):
            return "without"
    return None


#: How a definition starts after its term: "Chokehold: a hold ...", "Intervene - to act ...".
_DEFINITION_BODY = frozenset({"a", "an", "the", "any", "to", "one", "that", "when", "all", "those", "conduct", "means", "refers", "describes", "is"})
_DEFINES = frozenset({"means", "refers", "denotes", "describes"})


#: Words before "means" that make it the noun ("other reasonable means", "by means of").
_NOT_A_DEFINED_TERM = frozenset(
    "other reasonable any all every no lesser available alternative by feasible less such those these some effective".split()
)


def is_definition(words: Sequence[str], anchor: int | None) -> bool:
    """Is the sentence a definition of the anchor's words (the anchor is in the term defined)?

    "Verbal warning: a spoken statement telling a subject ...", "Intervene - to act to stop
    another officer's force", "Force continuum means a model ...". The term is a short opening
    (six words or fewer) before ":" / "-" / "means" / "is defined as"; the body starts with an
    article, "to" or a relative word. A run-in label followed by a rule ("De-escalation:
    officers shall ...") is not a definition. ``anchor=None`` asks only whether the sentence
    has the shape of a definition, whatever word is defined.
    """
    i = 0
    while i < len(words) and (words[i] in _BULLETS or words[i] in ("(", ")", ".") or _is_marker_word(words, i)):
        i += 1
    for j in range(i + 1, min(len(words), i + 8)):
        w = words[j]
        if w in (":", "-", "–", "—") and j + 1 < len(words):
            body = words[j + 1]
        elif (w in _DEFINES and words[j - 1] not in _NOT_A_DEFINED_TERM) or (w == "is" and words[j + 1 : j + 3] == ["defined", "as"]):
            body = "means"
        else:
            continue
        if body == "means" and any(x in (",", ";") for x in words[i:j]):
            return False  # "Before firing, exhaust every other reasonable means ...": a noun, not a definer
        term = [x for x in words[i:j] if x.isalpha()]
        # the anchor must be what is defined: "a protected characteristic means race, color ..."
        # lists the characteristics (the words a rule may look for) in its body
        return (
            (anchor is None or i <= anchor < j) and 0 < len(term) <= 6 and body in _DEFINITION_BODY
            and not any(_cue_at(words, k) for k in range(i, j))
        )
    return False


#: Who a statement of practice is about: "Officers de-escalate when they can" describes what
#: members do (a weak rule); "De-escalation leads to better outcomes" describes nothing anyone does.
_ACTOR_WORDS = _OFFICER_NOUNS | frozenset(
    """department agency we our supervisor supervisors sergeant sergeants commander commanders personnel
    staff police chief sheriff department's agency's""".split()
)


#: Words by which a sentence without a binding verb still takes a stand on its subject.
_STANCE_WORDS = _PERMIT_WORDS | frozenset(
    {"justified", "justifiable", "aim", "goal", "purpose", "objective", "intent", "exempt", "exempted", "excepted",
     "discretion", "discretionary", "optional", "voluntary"}
)


def remark_only(words: Sequence[str], reading: Reading, anchor: int) -> str | None:
    """Why a sentence without a binding verb states no rule at all (None: it is a weak rule).

    Another body's rule ("Some states also require that force be necessary", "The Task Force
    recommended ..."), what may or may not be possible ("De-escalation may not be appropriate
    when ...") and remarks with nobody acting ("Neck restraints have been the subject of public
    debate", "Names and pronouns matter") mention the words. A statement of what members do
    ("Officers de-escalate whenever they can", "The Department reviews every use of force") is
    a rule written without a binding verb: hedged, not mentioned.
    """
    cue = reading.cue or ""
    if cue.startswith(("reported", "another agency", "a rule for agencies", "a rule about adopting")):
        return cue
    if is_definition(words, None):
        return "a definition, not a rule"
    if any(w in _STANCE_WORDS for w in words) or any(words[j : j + 2] == ["not", "apply"] for j in range(len(words))):
        # "Chokeholds are justified when ...", "The aim of each debriefing is to ...", "This
        # policy does not apply to quotas set by ...": the policy takes a stand on the subject
        # (permits it, states its aim, carves it out), weakly: hedged, not a mere mention
        return None
    if not any(w in _ACTOR_WORDS for w in words[:anchor]):
        # nobody stands before the words as the one who acts: "De-escalation reduces injuries
        # to officers" (the officers are the object), "Neck restraints are covered in Policy 303"
        return "mentioned, but no rule: nobody is required to do anything"
    return None


def _generic_definition(words: Sequence[str]) -> str | None:
    """Why a definition describes what others have, not this agency ("... a model that some
    agencies use"), or None. An agency's own glossary entry states what its policy uses."""
    for k, w in enumerate(words):
        if w in _OTHER_QUANTIFIERS and any(h in _OTHER_HOLDERS for h in words[k + 1 : k + 4]):
            return f"a definition of what others use ('{w} {words[k + 1]}')"
    return None


#: A run-in label before the rule: "Verbal warnings: Before using deadly force, ...".
_RUN_IN_MAX_WORDS = 6


def past_run_in_label(words: Sequence[str], anchor: int) -> int:
    """Where to read an anchor that sits in a run-in label ("Verbal warnings: officers will ...").

    A short opening segment ending in ":" with no modal of its own names the rule that
    follows it; the rule is read from the first word after the colon. Anything else (a real
    lead-in such as "Officers shall not:") is left alone.
    """
    segments = _segments(words)
    if len(segments) < 2:
        return anchor
    s, e = segments[0]
    if not (s <= anchor < e) or e >= len(words) or words[e] != ":":
        return anchor
    label = [w for w in words[s:e] if any(c.isalnum() for c in w)]
    if not label or len(label) > _RUN_IN_MAX_WORDS or _has_cue(words, s, e):
        return anchor
    nxt_start, nxt_end = segments[1]
    if nxt_end - nxt_start < 3 or not (_has_cue(words, nxt_start, nxt_end) or _imperative(words, nxt_start, nxt_end)):
        return anchor
    return nxt_start


#: What opens an exception stated in the next sentence or list item.
_NEXT_EXCEPTION_OPENERS = frozenset({"exception", "exceptions", "except", "unless", "however", "notwithstanding"})


#: Words by which a carve-out points back at the rule before it ("This does not apply ...",
#: "Paragraph (a) does not apply ...", "A supervisor may waive item 1 ...").
_BACK_REFERENCES = frozenset(
    {"this", "that", "these", "paragraph", "subsection", "section", "item", "rule", "requirement",
     "above", "foregoing", "preceding", "provision", "it"}
)
#: A carve-out for what every duty allows (it cannot be done safely) leaves the rule standing.
_FEASIBILITY_WORDS = frozenset({"feasible", "practicable", "practical", "possible", "impossible", "safe", "safely", "endanger", "endangers"})


def _disapplies(following: Sequence[str], i: int) -> str | None:
    """The text of a next sentence or item that lifts the rule before it, else None.

    "Paragraph (a) does not apply when ...", "This does not apply where the member decides
    ...", "A supervisor may waive paragraph (a) when ...": a back-reference to the rule within
    the first words, then "does/shall/will not apply" or "may waive/suspend".
    """
    head = following[i : i + 8]
    for k in range(len(head) - 2):
        negated_apply = head[k] in ("does", "do", "shall", "will") and head[k + 1] == "not" and head[k + 2] in ("apply", "govern")
        waived = head[k] == "may" and head[k + 1] in ("waive", "suspend", "set", "disregard")
        subject = head[: k + 3] if waived else head[:k]
        # a back-reference: a word ("this", "paragraph") or a label ("1", "(a)"), never punctuation
        if (negated_apply or waived) and any(
            w in _BACK_REFERENCES or w.isdigit() or (len(w) == 1 and w.isalpha() and w != "a") for w in subject
        ):
            return " ".join(following[i:])
    return None


def _swallowing_carve_out(text: str, rules: HedgeRules) -> str | None:
    """A carve-out swallows the rule unless it states an accepted exception or feasibility."""
    if find_bad_exception(text, rules) is not None:
        return text
    if any(_contains(text, ok) for ok in rules.ok_exceptions):
        return None
    if any(w in _FEASIBILITY_WORDS for w in text.split()):
        return None
    return text


#: Verbs of setting a rule aside, after "may" or "can".
#: ("suspend" is left out: "the Chief may suspend an officer who fails to report" punishes.)
_WAIVER_VERBS = frozenset({"waive", "dispense", "skip", "omit", "forgo", "forego", "bypass", "disregard"})
#: The same verbs as past participles, after "may be" / "can be".
_WAIVED = frozenset({"waived", "dispensed", "skipped", "omitted", "forgone", "foregone", "bypassed", "disregarded"})
#: "Nothing in this section prohibits ...": the opening words of a saving clause.
_SAVING_NOUNS = frozenset({"section", "policy", "order", "chapter", "directive", "procedure", "rule", "paragraph", "manual"})
_SAVING_VERBS = frozenset({"prohibits", "precludes", "prevents", "restricts", "limits", "bars", "forbids"})


#: Words too general to show that a saving clause or waiver is about the rule's own thing.
_GENERIC_WORDS = _OFFICER_NOUNS | frozenset(
    """officer's member's deputy's trooper's officers' members' person persons people person's right rights
    other others their there these those which where while under every circumstances situation situations
    section policy order shall should would could might being""".split()
)


def _rule_thing(candidates: Sequence[str], rule_words: Sequence[str]) -> bool:
    """Does one of ``candidates`` (words of the next sentence) name something of the rule's?"""
    return any(len(t) >= 5 and t not in _GENERIC_WORDS and _same_verb(t, rule_words) for t in candidates)


def _waives(following: Sequence[str], i: int, rule_words: Sequence[str]) -> str | None:
    """The next sentence's text when it sets the rule before it aside: a permission to waive,
    skip or dispense with what the rule names ("Members may dispense with the warning at their
    discretion"), or a saving clause ("Nothing in this section prohibits ..."); else None."""
    head = list(following[i : i + 12])
    if not rule_words:
        return None
    if head[:1] == ["nothing"] and any(w in _SAVING_NOUNS for w in head[1:6]) and any(w in _SAVING_VERBS for w in head[2:8]):
        # ... of the rule's own thing: "Nothing in this policy prohibits reasonable force in
        # self-defence" after a chokehold ban saves something else
        saved = [t for t in following[i + 3 : i + 12] if t not in _SAVING_VERBS and t not in _SAVING_NOUNS]
        return " ".join(following[i:]) if _rule_thing(saved, rule_words) else None
    for k, w in enumerate(head[:-1]):
        if w in ("may", "can") and head[k + 1] in _WAIVER_VERBS:
            # what is set aside must be the rule's own thing ("the report", "the advisement")
            if _rule_thing(following[i + k + 2 : i + k + 8], rule_words):
                return " ".join(following[i:])
        if w in ("may", "can") and head[k + 1 : k + 2] == ["be"] and head[k + 2 : k + 3] and head[k + 2] in _WAIVED:
            # "The warning may be omitted whenever the officer considers it unnecessary": the
            # same permission in the passive, its subject the rule's thing. Only when it is left
            # to someone's judgement ("may be omitted when it would endanger others" is the
            # feasibility every duty allows)
            text = " ".join(following[i:])
            if _rule_thing(following[i : i + k], rule_words) and leaves_to_discretion(text):
                return text
    return None


#: Verbs by which a sentence grants the use of what a ban names.
_USE_VERBS = frozenset({"use", "deploy", "employ", "apply", "fire", "discharge", "shoot"})
#: Words by which the grant points back to the ban's thing.
_POINTERS_BACK = frozenset({"them", "it", "these", "those", "such"})


def _discretionary_grant(following: Sequence[str], i: int, rule_words: Sequence[str]) -> str | None:
    """The next sentence's text when it grants, at someone's discretion, the use of what the ban
    before it names ("Officers may use them when they believe it necessary"), else None."""
    head = list(following[i : i + 10])
    for k, w in enumerate(head[:-1]):
        if w not in ("may", "can") or head[k + 1] not in _USE_VERBS:
            continue
        named = head[k + 2 : k + 6]
        if not (any(t in _POINTERS_BACK for t in named[:2]) or _rule_thing(named, rule_words)):
            return None
        text = " ".join(following[i:])
        return text if leaves_to_discretion(text) else None
    return None


def _disclaimed_verb(words: Sequence[str]) -> str | None:
    """The verb a sentence disclaims ("Pointing a firearm need not be reported ...": "reported";
    "officers are not required to intervene ...": "intervene"), else None."""
    for k in range(len(words) - 2):
        if words[k] in ("need", "needs") and words[k + 1] == "not":
            at = k + 2
        elif words[k] == "not" and words[k + 1] in ("required", "expected", "obligated", "obliged") and words[k + 2] == "to":
            at = k + 3
        else:
            continue
        while at < len(words) and words[at] in ("be", "to", "always", "ever", "also"):
            at += 1
        if at < len(words) and words[at].isalpha():
            return words[at]
    return None


def _same_verb(verb: str, rule_words: Sequence[str]) -> bool:
    """Is ``verb`` one of the rule's words, in any inflection ("reported" / "report")?"""
    stem = verb[:5]
    return len(stem) >= 4 and any(len(w) >= 4 and w[:5] == stem for w in rule_words)


def exception_follows(
    following: Sequence[str], rules: HedgeRules, *, mandate: bool = False, rule_words: Sequence[str] = ()
) -> str | None:
    """The next sentence or item, when it is an exception that swallows a ban or duty, else None.

    "Officers shall not fire at moving vehicles." | "Exception: when the vehicle is used as a
    weapon." An opener ("Exception:", "Except ...", "However, officers may ...") marks it; an
    exception that states one of the element's ``ok_exceptions`` (and no bad one) leaves the
    ban standing; "However" counts only with a permission after it. For a duty (``mandate``)
    only an exception that leaves it to the officer's discretion swallows it ("However, an
    officer may dispense with the warning whenever the officer considers it appropriate");
    "Exception: when a warning would endanger others" is the feasibility every duty allows.
    """
    i = 0
    while i < len(following) and (following[i] in _BULLETS or following[i] in ("(", ")", ".") or _is_marker_word(following, i)):
        i += 1
    if i + 1 < len(following) and following[i] in ("the", "an", "one", "this") and following[i + 1] in ("exception", "exceptions", "only"):
        i += 1  # "The exception would be ...", "An exception is made ...", "The only exception ..."
    if (carve_out := _disapplies(following, i)) is not None:
        return _swallowing_carve_out(carve_out, rules)
    if (waiver := _waives(following, i, rule_words)) is not None:
        # "Supervisors may waive the report for minor incidents", "Nothing in this section
        # prohibits a chokehold when a supervisor approves it": the next sentence lifts the rule
        return _swallowing_carve_out(waiver, rules)
    if not mandate and rule_words and (grant := _discretionary_grant(following, i, rule_words)) is not None:
        # "Chemical agents ... shall not be used on passive persons." | "Any officer may use
        # them without authorization when the officer believes the crowd is becoming unruly":
        # the banned thing, granted back at the officer's will
        return _swallowing_carve_out(grant, rules)
    if mandate and rule_words and (verb := _disclaimed_verb(following[i:])) is not None and _same_verb(verb, rule_words):
        # "1. All force shall be reported ..." | "2. Pointing a firearm need not be reported when
        # the officer believes the display was routine": the duty, lifted at the officer's will
        text = " ".join(following[i:])
        if leaves_to_discretion(text) and _swallowing_carve_out(text, rules) is not None:
            return text
    opened = i
    if "however" in following[i + 1 : i + 5] and any(_cue_at(following, j) is not None for j in range(i, i + 5)):
        i = following.index("however", i + 1)  # "An officer may, however, use ...": the same opener
    if i >= len(following) or following[i] not in _NEXT_EXCEPTION_OPENERS | {"only"}:
        return None
    if following[i] == "only" and "exception" not in following[i : i + 3]:
        return None
    text = " ".join(following[i:])
    if following[i] == "however":
        grant = next((j for j in range(opened, len(following)) if _cue_at(following, j) is not None), None)
        if grant is None or not _is_grant(read_clause(following, grant)):
            return None
    if find_bad_exception(text, rules) is not None:
        return text
    if any(_contains(text, ok) for ok in rules.ok_exceptions):
        return None
    if mandate and not leaves_to_discretion(text):
        return None
    return text


def _main_reading(words: Sequence[str], parts: list[tuple[int, int, bool]], index: int, lead_in: Reading | None) -> Reading:
    """Reading of the nearest non-exception clause before clause ``index``."""
    for k in range(index - 1, -1, -1):
        s, e, exc = parts[k]
        if not exc:
            return read_clause(words, e - 1, lead_in)
    return lead_in or Reading("plain")


def _is_grant(reading: Reading) -> bool:
    """A permission, restricted or not ("may fire ...", "may fire ... only when ...")."""
    cue = (reading.cue or "").split()
    if reading.modality == "permissive" and cue and (cue[0] == "not" or cue[:2] == ["does", "not"] or cue[:2] == ["do", "not"]):
        return cue[-1] in ("prohibited", "prohibit", "prohibits", "forbidden", "banned", "precluded")  # "not required" grants nothing
    return reading.modality == "permissive" or (reading.modality == "binding" and _is_restriction(reading.cue))


def _is_restriction(cue: str | None) -> bool:
    """Was the reading a restricted grant ("may ... only when", "justified ... only")?"""
    return cue is not None and (" ... only " in cue or cue.endswith(" ... only"))


def _accepted_cue(cue: str, rules: HedgeRules) -> bool:
    """Is the modal word itself ("should", "should not") one of the element's accepted hedges?"""
    if rules.accepted is None:
        return False
    word = cue.split()[0]
    return rules.accepted.fullmatch(word) is not None


#: How far after "only" its condition may start: "may only use a chokehold when ...".
_ONLY_REACH = 6


def _only_when_ok(words: Sequence[str], ok: Sequence[str]) -> bool:
    """Is the first "only <...> when/if/as ..." restriction one of the accepted exceptions?

    "may use a carotid hold only when deadly force is authorized", "are only justified as a
    use of deadly force", "may only use a chokehold if deadly force is authorized". The
    condition is read up to the next ``;``/``:`` (a sibling list item is not part of it).
    """
    for i, w in enumerate(words):
        if w != "only" or (i > 0 and words[i - 1] in ("not", "n't")):
            continue
        window = words[i + 1 : i + 1 + _ONLY_REACH]
        if not any(x in _ONLY_RESTRICTORS and x != "to" for x in window):
            continue
        end = next((j for j in range(i, len(words)) if _hard_break(words, j)), len(words))
        rest = " ".join(words[i:end])
        return any(_contains(rest, phrase) for phrase in ok)
    return False
