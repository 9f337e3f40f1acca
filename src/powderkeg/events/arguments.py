"""Who and whom of an event: `pick_arguments`, the one place a lexicon trigger's source and target are chosen.

Two ways, as the coder is set (`powderkeg.coders`): the trained argument model
(`learn.arguments.ArgumentPicker`, handed in bound to the sentence as `pick`) chooses among the
sentence's resolved mentions; without it, the hand-written parse rules below (with a surface
fallback, `actors.syntax`) do, as the `rules` coder always has. With the model, two readings stay
rules because they state the coding rules rather than guess from the parse: "talks/clashes between
A and B" name both sides, and protesters whose country the text does not say protest where they
are (`docs/annotation.md`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from powderkeg.actors import syntax as S
from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.events.candidate import CLAUSE_TYPES, PLACE_TARGET_TYPES
from powderkeg.events.clauses import clause_of, light_verb, to_clause
from powderkeg.nlp.modality import to_clause_aux

# event nouns that name both sides when a "between" phrase or a hyphenated pair is there
TWO_SIDED_NOUNS = ("talk", "meeting", "negotiation")

# the argument model bound to one sentence: (trigger token, event type) -> (source, target)
Picker = Callable[[object, str], tuple[list[Mention], list[Mention]]]


@dataclass
class Arguments:
    source: list[Mention]
    target: list[Mention]
    subject: list[Mention]  # the grammatical subject's mentions: what "subj" conditions read
    fallback: bool = False  # the source was found by the surface fallback (nearest actor to the left)


def pick_arguments(trigger, da: DocActors, entry, lex, pick: Optional[Picker] = None) -> Arguments:
    """Source and target mentions of the event `entry` (a lexicon entry) coded on `trigger`; `da`
    are the document's resolved mentions, `lex` the lexicon, `pick` the argument model bound to
    the trigger's sentence (None: the hand-written rules)."""
    if pick is None:
        if entry.pos == "verb":
            return _verb_arguments(trigger, da, entry, lex)
        return _noun_arguments(trigger, da, entry, lex)
    two_sided = entry.pos != "verb" and (bool(entry.opt("reciprocal")) or trigger.lemma_.lower() in TWO_SIDED_NOUNS)
    source, target = model_arguments(trigger, entry.type, da, pick, two_sided)
    return Arguments(source, target, source)


def model_arguments(trigger, etype: str, da: DocActors, pick: Picker,
                    two_sided: bool) -> tuple[list[Mention], list[Mention]]:
    """Source and target by the argument model `pick`, under the two coding rules it does not
    replace: a two-sided trigger with "between A and B" names both sides, and a crowd protests
    where it is (`protest_sides`). Lexicon and detector triggers both come here."""
    sides = S.between(trigger, da) if two_sided else []
    if len(sides) >= 2:
        source, target = [sides[0]], sides[1:]
    else:
        source, target = pick(trigger, etype)
    if etype == "PROTEST":
        source, target = protest_sides(trigger, da, source, target)
    return source, target


def _verb_arguments(v, da: DocActors, e, lex) -> Arguments:
    source, fallback = S.source_of_verb(v, da)
    subject = source
    allow_place = e.type in PLACE_TARGET_TYPES
    preps = S.TARGET_PREPS + tuple(e.opt("target_preps") or ())
    target = S.target_of_verb(v, da, source, e.extra, allow_place=allow_place,
                              use_object=e.type != "MOBILIZE", preps=preps)
    if not target and e.type in ("REQUEST", "ACCUSE"):
        target = clause_subject(v, da, source)
    if not target and e.type in CLAUSE_TYPES | {"ASSAULT"}:
        target = clause_target(v, da, source)
    if not target and v.dep_ == "conj" and v.head.pos_ == "VERB" and not e.opt("obj_actor") \
            and e.type not in ("MOBILIZE", "PROTEST"):
        target = S.target_of_verb(v.head, da, source, allow_place=allow_place)
    if not source and S.is_passive(v):
        source = source_from_event_noun(v, da, lex)
    if e.type == "PROTEST":
        source, target = protest_sides(v, da, source, target)
    return Arguments(source, target, subject, fallback)


def _noun_arguments(n, da: DocActors, e, lex) -> Arguments:
    light = light_verb(n, lex)
    reciprocal = bool(e.opt("reciprocal"))
    sides = S.between(n, da) if reciprocal or n.lemma_.lower() in TWO_SIDED_NOUNS else []
    fallback = False
    if len(sides) >= 2:
        source, target = [sides[0]], sides[1:]
    else:
        source = S.source_of_noun(n, da, from_is_source=not e.opt("from_is_target"))
        if not source and light is not None:
            source, fallback = S.source_of_verb(light, da)
        if not source and n.dep_ == "pobj" and n.head.head.pos_ in ("VERB", "AUX") and e.type in (
                "THREATEN", "REQUEST", "ACCUSE", "REJECT"):
            source, fallback = S.source_of_verb(n.head.head, da)
        allow_place = e.type in PLACE_TARGET_TYPES
        preps = S.NOUN_TARGET_PREPS + (("from",) if e.opt("from_is_target") else ()) + \
            tuple(e.opt("target_preps") or ())
        target = S.target_of_noun(n, da, source, allow_place=allow_place or bool(e.opt("from_is_target")),
                                  preps=preps)
        if not target and light is not None:
            target = S.target_of_verb(light, da, source, allow_place=allow_place)
    if e.type == "PROTEST":
        source, target = protest_sides(n, da, source, target)
    return Arguments(source, target, source, fallback)


def source_from_event_noun(v, da: DocActors, lex) -> list[Mention]:
    """'killed in Israeli strikes': the source of the strikes."""
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "by", "during"):
            for p in c.children:
                if p.dep_ == "pobj" and lex.noun_entries(p.lemma_.lower()):
                    ms = S.source_of_noun(p, da)
                    if ms:
                        return ms
    return []


def clause_subject(v, da: DocActors, source: list[Mention]) -> list[Mention]:
    """The addressee of a request or the accused of an allegation when it is the subject of
    the clause: "called for the Taliban to lift", "alleged the government is hiding"."""
    cl = clause_of(v)
    if cl is None:
        return []
    keys = {(m.actor.name, m.actor.country) for m in source}
    for c in cl.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            ms = [m for m in S.mentions_of(c, da) if (m.actor.name, m.actor.country) not in keys
                  and m.actor.country]
            if ms:
                return ms
    return []


def clause_target(v, da: DocActors, source: list[Mention]) -> list[Mention]:
    """Whom the act in a trigger's clause is aimed at: "committed to send troops to Saudi
    Arabia", "launched an operation to flush out al-Shabab"."""
    cl = to_clause(v)
    if cl is None:
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "to":
                cl = next((p for p in c.children if p.dep_ == "pcomp" and p.pos_ == "VERB"), None)
            if c.dep_ in ("dobj",):
                cl = cl or next((g for g in c.children if g.dep_ == "acl" and to_clause_aux(g)), None)
    if cl is None:
        return []
    src = {m.actor.country for m in source}
    return [m for m in S.target_of_verb(cl, da, source) if m.actor.country and m.actor.country not in src]


def protest_sides(tok, da: DocActors, source, target):
    """Protesters whose country is not said protest where they are, and unless the text
    names someone else, against their own authorities ("anti-government protests in Baghdad")."""
    if not target and tok.pos_ != "VERB":
        target = S.anti_targets(tok, da)
    if not any(m.actor.country for m in source):
        for t in tok.subtree if tok.pos_ == "VERB" else list(tok.subtree) + list(tok.head.subtree):
            m = da.at(t.i)
            if m is not None and m.actor.country and (m.role == "place" or m.place is not None):
                source = [m]
                break
    elif all(m.via in ("focus", "context") for m in source if m.actor.country):
        # a crowd placed only by the article's focus protests where its own clause places it
        # ("35 thousand students protesting in Belgium" in an article about Sweden)
        guessed = {m.actor.country for m in source}
        for t in tok.subtree:
            m = da.at(t.i)
            if m is not None and m.actor.country and m.actor.country not in guessed and \
                    (m.role == "place" or m.place is not None):
                source = [m]
                break
    if source and not target and all(m.actor.country for m in source):
        target = [source[0]]
    return source, target


def same_country(source, target) -> bool:
    sc = {m.actor.country for m in source if m.actor.country}
    tc = {m.actor.country for m in target if m.actor.country}
    return bool(sc) and sc == tc
