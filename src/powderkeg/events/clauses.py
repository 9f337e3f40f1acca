"""Clause shapes around a trigger verb that the option predicates and the argument picker read:
its infinitive clause, the clause it governs as content, a damning description of its object,
blame "for doing", a standing state rather than an act."""
from __future__ import annotations

from powderkeg.events.candidate import CLAUSE_TYPES
from powderkeg.nlp.modality import to_clause_aux


def to_clause(v):
    """An infinitive clause governed by the verb: "told foreign powers to leave"."""
    for c in v.children:
        if c.dep_ in ("xcomp", "ccomp", "advcl") and to_clause_aux(c):
            return c
    return None


def clause_of(v):
    """The clause a verb governs as its content: "urged Iran to stop", "demanded that Israel
    withdraw", "called for the Taliban to lift the ban" (parsed as an adverbial clause)."""
    for c in v.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
        if c.dep_ == "advcl" and to_clause_aux(c):
            return c
    return None


def extra_ok(v, extra: tuple[str, ...]) -> bool:
    """Do the trigger's own words ("call for", "pull out") hang on the verb?"""
    if not extra:
        return True
    own = {c.lower_ for c in v.children if c.dep_ in ("prep", "prt", "dobj", "mark", "advmod", "dative", "agent")} | \
          {g.lower_ for c in v.children if c.dep_ in ("xcomp", "advcl") for g in c.children if g.dep_ == "aux"}
    near = own | {g.lower_ for c in v.children for g in c.children}
    if extra[0] not in own:
        return False  # "calling it an aggression on Iraq" is not "call on"
    return all(w in near for w in extra)


def condemning(v, negative_evaluation: frozenset) -> bool:
    """Does a verb of naming give its object a damning description: "called the deal
    'lousy'", "described the attacks as a 'dastardly act'", "named the YPG as terrorists"?"""
    pred = []
    for c in v.children:
        if c.dep_ in ("oprd", "ccomp", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as"):
            pred.extend(c.subtree)
        elif c.dep_ == "dobj":
            for g in c.children:
                if g.dep_ in ("appos", "oprd", "acl") or (g.dep_ == "prep" and g.lower_ == "as"):
                    pred.extend(g.subtree)
    words = {t.lower_ for t in pred} | {t.lemma_.lower() for t in pred}
    return bool(words & negative_evaluation)


def for_doing(v) -> bool:
    """"attacked the newspaper for refusing to ...": blame for a deed, a verbal attack."""
    return any(c.dep_ == "prep" and c.lower_ == "for" and any(p.dep_ == "pcomp" or p.tag_ == "VBG" for p in c.children)
               for c in v.children)


def stative(v) -> bool:
    """A verb describing a standing state: a participle modifying a noun ("forces backed by
    Iran"), a present-tense passive ("the rebels are backed by Iran") or a present-tense
    relative clause ("militia which support the PKK")."""
    if v.tag_ == "VBN" and v.dep_ in ("acl", "amod"):
        return True
    aux = [c for c in v.children if c.dep_ == "auxpass"]
    if aux and all(a.tag_ in ("VBZ", "VBP") for a in aux):
        return True
    return v.dep_ == "relcl" and v.tag_ in ("VBZ", "VBP")


def is_content_clause(v, lex) -> bool:
    """Is `v` the clause of what its head verb asks, refuses, threatens or agrees to (by the
    trigger lexicon `lex`)? Such a clause has not happened."""
    h = v.head
    for e in lex.verb_entries(h.lemma_.lower()):
        if e.type not in CLAUSE_TYPES or e.opt("evaluates"):
            continue
        cl = to_clause(h) if e.opt("needs_clause") else clause_of(h)
        if cl is not None and cl.i == v.i and (not e.extra or extra_ok(h, e.extra)):
            return True
    return False


def light_verb(n, lex):
    """The light verb whose object this event noun is ("launched an attack", "led hours of talks")."""
    if n.dep_ in ("dobj", "nsubjpass") and n.head.pos_ == "VERB" and n.head.lemma_.lower() in lex.light:
        return n.head
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.dep_ in ("dobj", "nsubjpass") and \
            n.head.head.pos_ == "NOUN" and not lex.noun_entries(n.head.head.lemma_.lower()):
        v = n.head.head.head  # "held two rounds of talks", "launched a wave of strikes"
        if v.pos_ == "VERB" and v.lemma_.lower() in lex.light:
            return v
    if n.dep_ == "pobj" and n.head.dep_ == "prep" and n.head.head.pos_ in ("VERB", "AUX") and \
            n.head.head.lemma_.lower() in ("be", "go", "engage", "take", "remain", "join") and \
            n.head.lower_ in ("on", "in"):
        return n.head.head  # "is on a Middle East tour", "went on strike"
    if n.dep_ == "attr" and n.head.lemma_ == "be":
        return n.head
    return None
