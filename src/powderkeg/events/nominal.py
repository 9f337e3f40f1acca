"""Nominal triggers: an event coded on a noun ("Israeli strikes", "talks between A and B").

A noun is an event only when the text gives it an actor; a noun inside another trigger's object
is that trigger's content ("called for an end to the aggression"), and a noun under a verb of
ending ("halt strikes") is not the event itself.
"""
from __future__ import annotations

from powderkeg.actors.mentions import DocActors
from powderkeg.actors.syntax import claimant
from powderkeg.events.arguments import Picker, pick_arguments
from powderkeg.events.candidate import Candidate, confidence
from powderkeg.events.clauses import light_verb
from powderkeg.events.event_type import type_event
from powderkeg.events.options import Site, passes
from powderkeg.nlp.modality import Modality

# prepositions of time and circumstance: a noun in such a phrase under a trigger is not its content
CIRCUMSTANCE_PREPS = ("after", "before", "since", "despite", "amid", "following", "during")


def code_noun(n, da: DocActors, lex, modality: Modality, verbal: set[int],
              pick: Picker) -> list[Candidate]:
    """The event(s) an event noun codes; `verbal` holds the tokens of the sentence's content triggers,
    `pick` is the argument model bound to the noun's sentence."""
    entries = lex.noun_entries(n.lemma_.lower()) or lex.noun_entries(n.lower_)
    if not entries:
        return []
    m = da.at(n.i)
    if m is not None and m.role in ("name", "ner") and m.actor.kind != "place":
        return []  # part of a name ("Strike Force", "Operation Peace Spring" is handled by its head)
    for e in entries:
        if e.extra and not words_before(n, e.extra):
            continue
        if not e.extra and longer_noun_entry(n, e, lex):
            continue
        site = Site(n, e, lex, da=da)
        if not passes(site, "parse", "noun"):
            continue
        if dominated_by_trigger(n, verbal, lex):
            return []
        light = light_verb(n, lex)
        if light is not None and light.lemma_.lower() in lex.ending:
            return []  # "end the offensive", "halt strikes": not the event itself
        args = pick_arguments(n, da, e, lex, pick)
        source, target = args.source, args.target
        if not source and e.type != "PROTEST":
            continue
        site.subject, site.source, site.target = args.subject, source, target
        if not passes(site, "arguments", "noun"):
            continue
        neg, hyp, fut = modality.of_verb(light) if light is not None else modality.of_noun(n)
        type_, mode, hyp = type_event(e, [], source, target, neg, hyp, fut,
                                      lambda: light is not None and modality.committed(light))
        c = Candidate(type_, mode, n, trigger_span(n, e), source, target, neg, hyp, fut,
                      context=list(e.opt("context") or []), cameo=e.opt("cameo"), nominal=True)
        c.confidence = confidence(c) - 0.1
        c.attributed_to = claimant(n, da, source, modality)
        out = [c]
        if e.opt("reciprocal") and target:
            out.append(Candidate(type_, mode, n, c.trigger_span, target, source, neg, hyp, fut,
                                 nominal=True, confidence=c.confidence - 0.05))
        return out
    return []


def words_before(n, words: tuple[str, ...]) -> bool:
    """Are `words` (surface or lemma) just before the noun ("air strike")?"""
    k = len(words)
    if n.i - k < n.sent.start:
        return False
    before = [t.lower_ for t in n.doc[n.i - k:n.i]]
    lemmas = [t.lemma_.lower() for t in n.doc[n.i - k:n.i]]
    return before == list(words) or lemmas == list(words)


def longer_noun_entry(n, e, lex) -> bool:
    """A bare entry ("strike") yields to a longer one that fits ("hunger strike")."""
    return any(x.extra and words_before(n, x.extra) and x.type != e.type for x in lex.noun_entries(e.lemma))


def trigger_span(n, e) -> tuple[int, int]:
    return (n.i - len(e.extra), n.i + 1)


def dominated_by_trigger(n, verbal: set[int], lex) -> bool:
    """A noun inside the object of another trigger is that trigger's content, not an event
    ("called for an end to the aggression", "rejected the idea of a ceasefire")."""
    t = n
    for _ in range(6):
        h = t.head
        if h.i == t.i:
            return False
        if h.i in verbal and h.lemma_.lower() not in lex.light:
            return t.dep_ not in ("nsubj", "nsubjpass", "advcl", "advmod", "npadvmod") and not (
                t.dep_ == "prep" and t.lower_ in CIRCUMSTANCE_PREPS)
        if t.dep_ in ("relcl", "ccomp", "advcl", "conj") and h.pos_ == "VERB":
            return False
        t = h
    return False
