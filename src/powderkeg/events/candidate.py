"""A candidate event: an event as first read off one trigger, before merging and finalising."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from powderkeg.actors.mentions import Mention

# acts of force that, announced or conditional in someone's statement, are a threat by the speaker
CONFLICT_FOR_THREAT = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "MOBILIZE": "violence"}
# triggers whose object is something wished, refused or threatened, not something that happened
CONTENT_TYPES = {"REQUEST", "REJECT", "THREATEN", "AGREE", "CONCEDE", "RETREAT", "SUPPORT"}
# cooperative acts that, announced or promised, are an AGREE (PLOVER: future-tense cooperation)
COOPERATIVE = {"CONSULT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "SUPPORT"}
# what a cooperative act becomes when it is announced or promised rather than done: a concession
# promised is still a concession (CONCEDE has no immediate effect by definition), a withdrawal
# promised is a concession (RETREAT is the one with immediate effect), anything else an AGREE
PROMISED = {"CONSULT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE", "SUPPORT": "AGREE",
            "CONCEDE": "CONCEDE", "RETREAT": "CONCEDE"}
# types whose trigger governs the clause of what is asked, refused, threatened or agreed to
CLAUSE_TYPES = {"REQUEST", "REJECT", "THREATEN", "AGREE"}
# verbal types whose addressee may be named only through the event they are about
ABOUT_EVENT_TYPES = {"ACCUSE", "REQUEST", "REJECT"}
# types whose target may be a place ("shelled El Fasher")
PLACE_TARGET_TYPES = ("ASSAULT", "CONSULT", "AID", "COERCE", "SANCTION")
# types whose issue (what is asked, refused, agreed) is the object's lemma
ISSUE_TYPES = ("REQUEST", "REJECT", "AGREE", "SUPPORT", "CONCEDE")


@dataclass
class Candidate:
    """An event as first read, before merging and before it becomes a record."""

    type: str
    mode: Optional[str]
    token: object  # the trigger token
    trigger_span: tuple[int, int]  # token indices
    source: list[Mention]
    target: list[Mention]
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    attributed_to: Optional[Mention] = None
    context: list[str] = field(default_factory=list)
    cameo: Optional[str] = None
    issue: Optional[str] = None
    confidence: float = 0.6
    nominal: bool = False
    derived: bool = False
    content: tuple = ()  # token indices of the object nouns the trigger was chosen for
    retold: bool = False  # its sides were taken from the earlier event it points back to (events/remention.py)


def confidence(c: Candidate) -> float:
    """How sure a lexicon reading is when the detector does not say (the `lexicon` coder): named,
    placed actors on both sides raise it, an actor placed only by the article's focus lowers it."""
    conf = 0.55
    if c.source and all(m.actor.country for m in c.source):
        conf += 0.15
    if any(m.via in ("context", "focus") for m in c.source):
        conf -= 0.1
    if c.target:
        conf += 0.1
    return max(0.05, min(0.95, conf))
