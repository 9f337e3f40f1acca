"""Events read off other events and statements rather than off one trigger:
- a future or conditional act of force inside someone's statement is a THREATEN by the speaker
  ("Ashtiani stated that ... the US will be hit hard");
- "there will be no ceasefire" is a REJECT by the speaker;
- a speaker who calls an actor something damning accuses it;
- a condemnation, demand or denial aimed at an event is aimed at whoever did it;
- an ASSAULT whose own clause names a natural cause is a disaster, not an attack;
- a passive act done "in", "by" or "during" a coded event of its type is that event's doing
  ("killed in Israeli strikes": the strikes' source is the killer);
- an attack named as the means of a harm ("was killed by a US airstrike", "the killing of
  Soleimani in an airstrike") has the harm's sides: its victim is the attack's target.
"""
from __future__ import annotations

from typing import Optional

from powderkeg.actors import syntax as S
from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.events.candidate import ABOUT_EVENT_TYPES, CONFLICT_FOR_THREAT, Candidate
from powderkeg.nlp.modality import Modality


def natural(c: Candidate, lex) -> bool:
    """An ASSAULT whose own clause names a natural or accidental cause ("killed by the
    hurricane", "injured when it crashed", "33 dead in a boat fire"): a disaster, not an attack."""
    if c.type != "ASSAULT" or c.derived:
        return False
    tok = c.token
    clause = list(tok.subtree) + [t for h in (tok.head,) if h.i != tok.i
                                  for ch in h.children if ch.dep_ in ("advcl", "prep", "agent")
                                  for t in ch.subtree]
    return any((t.lemma_.lower() in lex.natural_causes or t.lower_ in lex.natural_causes)
               and t.pos_ in ("NOUN", "PROPN") and t.i != tok.i for t in clause)  # "fired missiles" is no fire


def speaker(tok, da: DocActors, modality: Modality) -> list[Mention]:
    """Who says the clause `tok` is in (the subject of the speech verb above it)."""
    v = modality.speech_verb(tok)
    if v is not None:
        s, _ = S.source_of_verb(v, da)
        return s
    return []


def targets_from_events(found: list[Candidate], before: list[Candidate], da: DocActors, lex) -> None:
    """A condemnation, demand or denial aimed at an event is aimed at whoever did it:
    "condemned the attack" (the attackers), "called for an investigation into the shooting"
    (the police), "denied the accusation" (the accuser). Sets the target of such candidates."""
    for c in found:
        if c.type not in ABOUT_EVENT_TYPES or c.target or not c.source or c.derived:
            continue
        got = event_doer(c.token, found + before, c, da, lex)
        if got:
            c.target = got


def event_doer(tok, pool: list[Candidate], c: Candidate, da: DocActors, lex) -> list[Mention]:
    src = {m.actor.country for m in c.source}
    for o in about_nouns(tok):
        lemma = o.lemma_.lower()
        if c.type == "REJECT" and lemma in lex.accusation_nouns:
            want = {"ACCUSE"}
        else:
            want = {e.type for e in lex.noun_entries(lemma)} - {"PROTEST"}
        if not want:
            continue
        ms = [m for m in S.source_of_noun(o, da) if m.actor.country and m.actor.country not in src]
        if ms:
            return ms
        earlier = [p for p in pool if p.type in want and p.source and not p.negated and not p.hypothetical
                   and p.token.i < o.i and p is not c and
                   all(m.actor.country and m.actor.country not in src for m in p.source)]
        if earlier:
            return list(max(earlier, key=lambda p: p.token.i).source)
    return []


def about_nouns(tok) -> list:
    """Nouns a verbal trigger is about: its object, a "for"/"into"/"over" phrase, and the noun an
    "of"/"into" phrase of those hangs on ("an investigation into the shooting")."""
    out = []
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("for", "into", "over", "of", "about"):
            out.extend(p for p in c.children if p.dep_ == "pobj")
    for n in list(out):
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("into", "of", "for", "over"):
                out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def damning_statements(sent, da: DocActors, lex, modality: Modality) -> list[Candidate]:
    """"Trump said the EU is 'one of the most hostile ... authorities'": a speaker who calls an
    actor something damning accuses it (ACCUSE speaker -> subject)."""
    out = []
    for tok in sent:
        if tok.lemma_ != "be" or tok.pos_ not in ("AUX", "VERB"):
            continue
        pred = [t for c in tok.children if c.dep_ in ("attr", "acomp") for t in c.subtree]
        words = {t.lower_ for t in pred} | {t.lemma_.lower() for t in pred}
        if not words & lex.negative_evaluation or any(c.dep_ == "neg" for c in tok.children):
            continue
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        target = [m for s in subj for m in S.mentions_of(s, da) if m.actor.country]
        says = speaker(tok, da, modality)
        if not target or not says:
            continue
        keys = {(m.actor.name, m.actor.country) for m in says}
        target = [m for m in target if (m.actor.name, m.actor.country) not in keys]
        if target:
            out.append(Candidate("ACCUSE", "disapprove", tok, (tok.i, tok.i + 1), says, target,
                                 confidence=0.6, derived=True))
    return out


def no_x(n, da: DocActors, modality: Modality) -> Optional[Candidate]:
    """'there will be no ceasefire' / 'no talks until ...' -> REJECT by the speaker."""
    if not any(c.dep_ == "det" and c.lower_ == "no" for c in n.children):
        return None
    says = speaker(n, da, modality)
    if not says:
        return None
    return Candidate("REJECT", None, n, (n.i, n.i + 1), says, [], issue=n.lemma_.lower(), confidence=0.65)


def threats_from_speech(found: list[Candidate], da: DocActors, modality: Modality) -> list[Candidate]:
    """A future or conditional act of force in someone's statement is a threat by the speaker
    ("we will strike" included: the speaker's own act announced is still a threat). The act
    itself becomes hypothetical."""
    out = []
    for c in found:
        if c.type not in CONFLICT_FOR_THREAT or c.derived or c.negated:
            continue
        if not (c.hypothetical or c.future):
            continue
        speech = modality.speech_verb(c.token)
        if speech is None:
            continue
        says, _ = S.source_of_verb(speech, da)
        if not says:
            continue
        target = c.target or []
        if not target:
            continue  # an announced act with nobody named is an intention, not a threat
        t = Candidate("THREATEN", CONFLICT_FOR_THREAT[c.type], speech, (speech.i, speech.i + 1), says,
                      target, confidence=0.7, derived=True)
        c.hypothetical = True
        out.append(t)
    return out


def derived_readings(sent, found: list[Candidate], before: list[Candidate], da: DocActors, lex,
                     modality: Modality) -> list[Candidate]:
    """A sentence's candidates with the readings above, in one order for every coder: "no
    ceasefire" is a REJECT, a future act of force in a statement a THREATEN, damning labels an
    ACCUSE; then natural causes are no attack, and an event aimed at an event targets its doer
    (`before` holds the document's earlier events)."""
    found = list(found)
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and (tok.lower_ in lex.no_what_nouns or tok.lemma_.lower() in lex.no_what_nouns):
            r = no_x(tok, da, modality)
            if r is not None:
                found.append(r)
    found.extend(threats_from_speech(found, da, modality))
    found.extend(damning_statements(sent, da, lex, modality))
    found = [c for c in found if not natural(c, lex)]
    targets_from_events(found, before, da, lex)
    sources_from_events(found)
    sides_from_harm(found, da, lex)
    return found


def sources_from_events(found: list[Candidate]) -> None:
    """A passive act with no agent, done in, by or during a coded event of the same type, is that
    event's doing: "have been killed in Israeli strikes" takes the strikes' source."""
    doers: dict[int, list[Candidate]] = {}
    for c in found:
        if c.nominal and c.source:
            doers.setdefault(c.token.i, []).append(c)
    for c in found:
        v = c.token
        if c.nominal or c.derived or v.pos_ != "VERB" or not S.is_passive(v) or \
                any(ch.dep_ == "agent" for ch in v.children):
            continue
        for ch in v.children:
            if ch.dep_ == "prep" and ch.lower_ in ("in", "by", "during"):
                es = next((doers[p.i] for p in ch.children if p.dep_ == "pobj" and p.i in doers), [])
                # a two-sided event ("killed in clashes between A and B", coded once each way)
                # names no single doer
                if len(es) == 1 and es[0].type == c.type:
                    c.source = list(es[0].source)
                    break


def sides_from_harm(found: list[Candidate], da: DocActors, lex) -> None:
    """An attack noun that is the means of a harm ("He was killed by a US airstrike in Iraq", "the
    killing of Soleimani in an airstrike") tells that harm: its target is the harmed, not a place
    or a bystander of the sentence. The harm is a coded event of the same type with a target (one
    event told twice in a phrase: the noun takes the harm's target, and its source unless the noun
    names its own attacker, "the killing of X in a Syrian airstrike", who is then the harm's doer
    too), or an uncoded passive harm verb whose subject names an actor (its victim becomes the
    target). Either way the model's guess from the nearest mentions gives way to what the phrase
    says."""
    by_token: dict[int, list[Candidate]] = {}
    for c in found:
        by_token.setdefault(c.token.i, []).append(c)
    for c in found:
        n = c.token
        if not c.nominal or c.derived or c.type != "ASSAULT" or len(by_token.get(n.i, ())) != 1:
            continue
        prep = n.head
        if n.dep_ != "pobj" or prep.dep_ not in ("prep", "agent") or prep.lower_ not in ("by", "in", "with"):
            continue
        harm = prep.head
        # "follows X's killing of Y in an airstrike": the parser hangs the phrase on the verb; the
        # verb's object is the harm it tells of
        near = [harm] + [ch for ch in harm.children if ch.dep_ == "dobj" and ch.i < n.i] if harm.pos_ == "VERB" else [harm]
        h = next((h for t in near for h in by_token.get(t.i, ()) if h.type == c.type and not h.derived), None)
        if h is not None and h.target:  # the same event told twice in one phrase
            own = S.source_of_noun(n, da)  # "in a Syrian airstrike": the noun names its attacker
            if own:  # ... who is then the harm's doer too
                c.source, h.source = own, list(own)
            elif h.source:
                c.source = list(h.source)
            keys = {(m.actor.name, m.actor.country) for m in c.source}
            named = [m for m in harmed(h.token, da) or h.target if (m.actor.name, m.actor.country) not in keys]
            h.target = named
            c.target = list(named) or c.target
            continue
        if harm.pos_ != "VERB" or not S.is_passive(harm) or \
                not any(e.type == "ASSAULT" for e in lex.verb_entries(harm.lemma_.lower())):
            continue
        victims = harmed(harm, da)
        if victims and not any(v in c.source for v in victims):
            c.target = victims


def harmed(tok, da: DocActors) -> list[Mention]:
    """Who a harm word says was harmed: the subject of a passive verb ("He was killed"), the object
    of an active one, the "of" phrase of a noun ("the killing of two soldiers"); actors with a
    country, not places."""
    if tok.pos_ == "VERB":
        deps = ("nsubjpass",) if S.is_passive(tok) else ("dobj",)
        heads = [ch for ch in tok.children if ch.dep_ in deps]
    else:
        heads = [p for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "of"
                 for p in ch.children if p.dep_ == "pobj"]
    return [m for h in heads for m in S.mentions_of(h, da) if m.actor.country and m.actor.kind != "place"]
