"""The cue lexicon: verb patterns that make a sentence a candidate fact of an ontology class, and
the words that say how the source presents it (in the spirit of the CAMEO/PLOVER codebooks).

A cue names the role of the actor before it and of the actor after it ("Russia refused to provide
Iran": supplier, recipient); a role left empty is a TODO for the analyst, never a guess.
The first cue of the list that matches wins, so the specific ones come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern
    cls: str  # local name of a kg: class
    before: str | None  # role of the nearest actor before the cue
    after: str | None  # role of the first actor after it
    needs: str = ""  # "weapon": only with a weapon mention; "agreement": only with an agreement mention
    all_actors: str | None = None  # role every actor of the sentence takes (meetings, signings)


def _cue(pattern: str, cls: str, before: str | None, after: str | None, needs: str = "", all_actors=None) -> Cue:
    """A cue; never the end of a hyphenated word ("so-called" is no statement)."""
    return Cue(re.compile(rf"(?<!-)(?:{pattern})", re.IGNORECASE), cls, before, after, needs, all_actors)


_SUPPLY = r"(?:provide|supply|sell|deliver|transfer)"
CUES = [
    _cue(rf"\b(?:refus\w*|declin\w*|decided not|(?:would|will|did) not)\s+(?:to\s+)?{_SUPPLY}\b", "ArmsRefusal",
         "supplier", "recipient", "weapon"),
    _cue(r"\binterests?\s+in\s+(?:acquiring|buying|purchasing|obtaining)\b", "ArmsInterest", "recipient", None,
         "weapon"),
    _cue(r"\b(?:ask(?:s|ed|ing)?(?=\s+(?:\w+\s+){0,3}for\b)|request\w*|seek\w*|sought)\b", "ArmsRequest", "recipient",
         "supplier", "weapon"),
    _cue(r"\b(?:purchas\w*|bought|buy\w*|acquisition|acquir\w*)\b", "ArmsPurchase", "recipient", "supplier", "weapon"),
    _cue(r"\bpromis\w*\b", "ArmsPromise", "supplier", "recipient", "weapon"),
    _cue(rf"\b{_SUPPLY}\w*\b", "ArmsPromise", "supplier", "recipient", "weapon"),
    _cue(r"\bannex\w*\b", "Annexation", "agent", None),
    _cue(r"\b(?:withdr[ae]w\w*|pull\w* out of|left the|leaving the|exit\w* from)\b", "Withdrawal", "agent", None),
    _cue(r"\b(?:signed|signs|signing|concluded an? \w*\s*agreement|agreed on)\b", "Signing", None, None,
         all_actors="signatory"),
    _cue(r"\b(?:met|meets|meet|meeting)\s+with\b|\b(?:met|talks|summit)\b", "Meeting", "participant",
         "participant"),
    _cue(r"\bvisit\w*\b", "Visit", "visitor", "destination"),
    _cue(r"\b(?:propos\w*|put forward|offer\w* to)\b", "Proposal", "agent", "counterpart"),
    _cue(r"\b(?:reject\w*|refus\w*|dismiss\w*)\b", "Rejection", "agent", None),
    _cue(r"\b(?:criticis\w*|criticiz\w*|blam\w*|condemn\w*|accus(?:e|es|ed|ing)|oppos(?:e|es|ed|ing)|curb\w*|"
         r"isolat(?:e|es|ed|ing)|counter(?:s|ed|ing)?)\b", "Opposition", "agent", "targets"),
    _cue(r"\b(?:back(?:s|ed|ing)?|support\w*|stood by|stands? by|help\w*|allied|sided with)\b", "Support", "agent",
         "counterpart"),
    _cue(r"\b(?:cooperat\w*|collaborat\w*|partnership)\b", "Cooperation", None, None, all_actors="participant"),
    _cue(r"\b(?:disput\w*|struggle|confrontation|tensions?|worsen\w*|clash\w*)\b", "Dispute", None, None,
         all_actors="participant"),
    _cue(r"\bprotests?\b", "Protest", None, None),
    _cue(r"\b(?:said|says|say|told|tells|stated|remarked|announced|declared|maintained|concluded|claimed|called|"
         r"suggested|noted|warned|argued|insisted|stressed|interview\w*|press conference)\b", "Statement",
         "speaker", "speaker"),
]

# How the source presents the fact (kg:epistemicStatus); the first that matches wins.
STATUS_CUES = [
    (re.compile(r"\b(?:allegedly|alleged|purportedly|unconfirmed)\b", re.I), "Alleged"),
    (re.compile(r"\b(?:reportedly|reported that|according to|reports? (?:that|say))\b", re.I), "Reported"),
    (re.compile(r"\b(?:any possible|if|would mean|possibilit\w*|hypothetical\w*)\b", re.I), "Hypothetical"),
    (re.compile(r"\b(?:upcoming|planned|scheduled|to take place|will hold|is to meet|plans? to)\b", re.I), "Planned"),
    (re.compile(r"\b(?:[Ww]ill|[Ww]ould|likely|unlikely|[Mm]ight|may|[Cc]ould|expected to|probably|can)\b"), "Predicted"),
    (re.compile(r"\b(?:seems?|appears?|sees|believes?|perceives?|should|needs? to|important|in other words|"
                r"it makes sense|wishful|unclear|worrisome|sensible)\b", re.I), "Opinion"),
]

# "X reported that ...": the report is the source's authority for the fact, not the fact itself.
REPORTED_BY = re.compile(r"\b(?:reported|said|claimed|wrote|according to)\b(?:\s+that)?", re.I)


def first_cue(text: str, has: set[str]) -> tuple[Cue, re.Match] | None:
    """The cue that classes the sentence: an arms cue first (they need a weapon named, so they are
    specific), then a verb of saying (what is said is the fact), else the earliest cue in the text."""
    found = []
    for cue in CUES:
        if cue.needs and cue.needs not in has:
            continue
        match = cue.pattern.search(text)
        if match:
            found.append((cue, match))
    for tier in (lambda c: c.needs == "weapon", lambda c: c.cls == "Statement"):
        chosen = [f for f in found if tier(f[0])]
        if chosen:
            return chosen[0]
    return min(found, key=lambda f: f[1].start()) if found else None


def status(text: str) -> tuple[str, re.Match] | None:
    for pattern, name in STATUS_CUES:
        match = pattern.search(text)
        if match:
            return name, match
    return None
