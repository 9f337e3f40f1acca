"""Verbal triggers: an event coded on a verb ("Israel struck Gaza", "Iran urged the US to leave").

For each lexicon entry of the verb's lemma, most specific first: the entry's conditions on the
parse, then the arguments (`pick_arguments`: the argument model) and the conditions on them, then
modality and typing.
The first entry that holds gives the event; an entry that does not hold passes to the next.
"""
from __future__ import annotations

from powderkeg.actors.mentions import DocActors
from powderkeg.actors.syntax import claimant, object_tokens
from powderkeg.events.arguments import Picker, pick_arguments
from powderkeg.events.candidate import CONFLICT_FOR_THREAT, ISSUE_TYPES, PLACE_TARGET_TYPES, Candidate, confidence
from powderkeg.events.clauses import extra_ok
from powderkeg.events.event_type import type_event
from powderkeg.events.options import Site, passes
from powderkeg.nlp.modality import Modality


def code_verb(v, da: DocActors, lex, modality: Modality, pick: Picker) -> list[Candidate]:
    """The event(s) a verb codes: one, or two for a reciprocal trigger; [] if none. `pick` is the
    argument model bound to the verb's sentence."""
    for e in lex.verb_entries(v.lemma_.lower()):
        if not extra_ok(v, e.extra):
            continue
        objs = object_tokens(v, e.extra)
        site = Site(v, e, lex, objs=objs, da=da, allow_place=e.type in PLACE_TARGET_TYPES)
        if not passes(site, "parse", "verb"):
            continue
        args = pick_arguments(v, da, e, lex, pick)
        site.subject, site.source, site.target = args.subject, args.source, args.target
        if not passes(site, "subject", "verb") or not passes(site, "arguments", "verb"):
            continue
        source, target = args.source, args.target
        neg, hyp, fut = modality.of_verb(v)
        if not source and not (e.type == "PROTEST" or e.opt("subj") == "population"):
            if not ((hyp or fut) and target and e.type in CONFLICT_FOR_THREAT):
                continue  # nobody named does it: nothing an analyst can put in a row
            # kept (hypothetical) so that a threat can be read off it
        type_, mode, hyp = type_event(e, [w for o in objs for w in (o.lemma_.lower(), o.lower_)], source, target, neg, hyp, fut,
                                      lambda: modality.committed(v))
        c = Candidate(type_, mode, v, (v.i, v.i + 1), source, target, neg, hyp, fut,
                      context=list(e.opt("context") or []), cameo=e.opt("cameo"),
                      issue=issue_of(objs) if type_ in ISSUE_TYPES else None)
        c.confidence = confidence(c)
        c.attributed_to = claimant(v, da, source, modality)
        if e.opt("obj") or e.extra:
            c.content = tuple(o.i for o in objs)
        out = [c]
        if e.opt("reciprocal") and target:
            out.append(Candidate(type_, mode, v, (v.i, v.i + 1), target, source, neg, hyp, fut,
                                 confidence=c.confidence - 0.1))
        return out
    return []


def issue_of(objs):
    """What a request, refusal or agreement is about: the first noun or verb among its objects."""
    for o in objs:
        if o.pos_ in ("NOUN", "PROPN", "VERB"):
            return o.lemma_.lower()
    return None
