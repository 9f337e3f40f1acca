"""An event noun that only points back ("the threat", "after the strike") is an earlier event told again.

"The threat comes amid fears that Israel's offensive against Hamas could ..." tells again the
threat of the headline; read on its own, the argument model finds its sides among the sentence's
mentions and codes Iran threatening Hamas. The coding rules (docs/annotation.md: an event told in
several sentences is the same event at every sentence) give such a telling the sides of the event
it refers to. Merging (`events/merge.py`) then counts it as one more telling of that event.

Which nouns point back: a definite event noun ("the", "this" ...) with nothing of its own in its
phrase (no actor, no date or number, no prepositional phrase: "the October 7 attack" and "the
attack on the tanker" say which event they are) and no actor as the subject or agent of the light
verb it is the object of ("Iran carried out the attack"). What it points to: the latest event of
its type in an earlier sentence. It takes that event's sides only when the model's own reading
does not contradict it: the model found no source, or a source of the same country. "Ukraine
blamed Russia for the attack" after a Ukrainian strike on Russia and an unattributed one on
Kharkiv names another incident's author, and keeps the model's reading. A side the earlier event
left empty keeps the model's reading too (a later telling may name what the first did not).
"""
from __future__ import annotations

from typing import Optional

from powderkeg.actors import syntax
from powderkeg.actors.mentions import DocActors
from powderkeg.events.candidate import Candidate
from powderkeg.events.clauses import light_verb

# determiners that point back to something already told
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# children that say which event a noun is, so that it does not merely point back
OWN_CONTENT_DEPS = frozenset({"prep", "compound", "nummod", "poss", "npadvmod", "nmod", "appos", "acl", "relcl"})


def take_earlier_sides(found: list[Candidate], earlier: list[Candidate], da: DocActors, lex) -> None:
    """Give every candidate of `found` (one sentence) that only points back the sides of the
    latest event of its type among `earlier` (the events of the sentences before), in place."""
    for c in found:
        if not points_back(c.token, da, lex):
            continue
        a = latest_of_type(earlier, c.type)
        if a is None or not agrees(c, a):
            continue
        c.source = list(a.source) or c.source
        c.target = list(a.target) or c.target
        c.retold = True


def latest_of_type(earlier: list[Candidate], etype: str) -> Optional[Candidate]:
    """The latest real event of a type with a side (not negated, hypothetical, future or derived)."""
    for a in reversed(earlier):
        if a.type == etype and not (a.negated or a.hypothetical or a.future or a.derived) \
                and (a.source or a.target):
            return a
    return None


def agrees(c: Candidate, a: Candidate) -> bool:
    """Does the model's reading of `c` leave room for it to be `a` told again: no source of its
    own, or one of the same country as `a`'s?"""
    if not c.source:
        return True
    own = {m.actor.country for m in c.source}
    return bool(own & {m.actor.country for m in a.source})


def points_back(tok, da: DocActors, lex) -> bool:
    """Is this trigger a definite noun ("the attack", "this threat") that says nothing of which
    event it is?"""
    if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children):
        return False
    if any(c.dep_ in OWN_CONTENT_DEPS for c in tok.children):
        return False
    own = [t for t in tok.subtree if t.i != tok.i]
    if any(t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL") for t in own):
        return False
    verb = light_verb(tok, lex)
    if verb is not None:  # "Iran carried out the attack", "the attack was carried out by Iran"
        for s in syntax.subject_tokens(verb):
            own.extend(s.subtree)
        for c in verb.children:
            if c.dep_ == "agent":
                own.extend(c.subtree)
    return not any(da.at(t.i) is not None for t in own)
