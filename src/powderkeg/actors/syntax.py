"""Actors read off the dependency parse: subjects, objects, agents, possessors, "between" pairs.

Shared by every reader above the resolver (events, figures, stances, relations): who does what a
verb or an event noun says and to whom, in terms of the resolved mentions of `DocActors`.

The small English model mis-attaches a fair share of appositions and participles, so every rule
has a surface fallback (the nearest actor to the left of a verb that has no subject).
"""
from __future__ import annotations

from typing import Iterable, Optional

from powderkeg.actors.mentions import DocActors, Mention

RELATIVE = {"who", "which", "that", "whom"}
TARGET_PREPS = ("against", "on", "at", "to", "toward", "towards", "into", "with", "upon")
NOUN_TARGET_PREPS = ("against", "on", "at", "into", "toward", "towards", "to", "with", "upon", "of")
SKIP_CHILD_DEPS = {"relcl", "acl", "advcl", "ccomp", "punct", "cc"}


def usable(m: Optional[Mention], allow_place: bool = False) -> bool:
    if m is None:
        return False
    if m.role in ("pronoun", "anaphor") and m.via is None:
        return False
    if m.role == "place" or (m.place is not None and m.role not in ("name", "metonym")):
        return allow_place and m.actor.country is not None
    if m.role == "adj" and m.actor.country is None:
        return False
    return True


def mentions_of(tok, da: DocActors, allow_place: bool = False, depth: int = 2) -> list[Mention]:
    """Actor mentions that a noun phrase headed by `tok` stands for, conjuncts included."""
    out: list[Mention] = []
    for t in [tok] + [c for c in tok.conjuncts if c.i > tok.i]:
        m = _mention_of_head(t, da, allow_place, depth)
        if m is not None and m not in out:
            out.append(m)
    return out


def _mention_of_head(t, da: DocActors, allow_place: bool, depth: int) -> Optional[Mention]:
    m = da.at(t.i)
    if usable(m, allow_place):
        if m.actor.country is None:
            # "Zalmay Khalilzad, a US peace envoy": the apposition says whose
            for c in t.children:
                if c.dep_ == "appos":
                    mm = _mention_of_head(c, da, allow_place, depth - 1) if depth > 0 else None
                    if mm is not None and mm.actor.country:
                        return mm
            # "The Foreign Ministry of Iraq": a body of a state named after it
            mm = _member_of(t, da)
            if mm is not None:
                return mm
        return m
    if depth <= 0:
        return None
    # a head noun that is not itself an actor: look at its appositions, then modifiers
    for dep in ("appos", "poss", "compound", "amod", "nmod"):
        for c in t.children:
            if c.dep_ == dep:
                mm = da.at(c.i)
                if usable(mm, allow_place) and (mm.actor.country or mm.role in ("name", "ner")):
                    return mm
    if t.lemma_.lower() in da.member_nouns:
        return _member_of(t, da)
    return None


def _member_of(t, da: DocActors) -> Optional[Mention]:
    """'members of the European Union', 'leaders of both countries': a part stands for its whole."""
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj":
                    m = da.at(p.i)
                    if usable(m) and m.actor.country:
                        return m
    return None


def subject_tokens(verb) -> list:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subj:
        s = subj[0]
        if s.lower_ in RELATIVE and verb.dep_ == "relcl":
            return [verb.head]
        return [s]
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp") and verb.head.i != verb.i:
        h = verb.head
        if verb.dep_ == "pcomp":  # "by launching missiles": the verb the preposition hangs on
            if h.lower_ in ("of", "for", "with") and h.head.pos_ == "VERB":
                objs = [c for c in h.head.children if c.dep_ == "dobj"]
                if objs:  # "accused Rwanda of backing M23", "praised Qatar for mediating": the object did it
                    return objs[:1]
            h = h.head
        if h.pos_ == "ADJ" and h.dep_ in ("acomp", "amod") and h.head.pos_ in ("VERB", "AUX"):
            h = h.head  # "was more forceful in blaming Iran", "is ready to accept", "is due to meet"
        if h.pos_ in ("VERB", "AUX"):
            got = subject_tokens(h)
            if not got and verb.dep_ == "xcomp":
                # "is expected to have a meeting": the subject of a passive raising verb
                got = [c for c in h.children if c.dep_ == "nsubjpass"][:1]
            return got
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [verb.head]
    return []


def clause_verb(tok, depth: int = 6):
    """The verb of the clause a noun phrase belongs to ("posted a message on Twitter" for "Twitter"),
    looking at most `depth` heads up."""
    t = tok
    for _ in range(depth):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def source_of_verb(verb, da: DocActors) -> tuple[list[Mention], bool]:
    """Source mentions of a verb trigger and whether they were found by the surface fallback."""
    if is_passive(verb):
        for c in verb.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return mentions_of(p, da, allow_place=True), False
        # "was condemned in a joint statement by Egypt": the agent hangs on the statement
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                for p in c.children:
                    for a in p.children:
                        if a.dep_ == "prep" and a.lower_ in ("by", "from"):
                            for q in a.children:
                                if q.dep_ == "pobj":
                                    ms = mentions_of(q, da)
                                    if ms:
                                        return ms, False
        return [], False
    for s in subject_tokens(verb):
        ms = mentions_of(s, da)
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and all(m.role == "ner" and not m.actor.country for m in ms):
            # "posted a message on Twitter blaming Iran": the message blames for whoever posted it
            cv = clause_verb(verb.head)
            if cv is not None and cv.i != verb.i:
                got, fb = source_of_verb(cv, da)
                if got:
                    return got, fb
        if ms:
            return ms, False
        if s.pos_ in ("NOUN", "PROPN"):
            # "the threat comes..." - a subject that is not an actor: no source
            return [], False
    return _nearest_left(verb, da), True


def _nearest_left(verb, da: DocActors) -> list[Mention]:
    if verb.dep_ not in ("ROOT", "conj", "advcl"):
        return []
    sent = verb.sent
    best = None
    for m in da.mentions:
        if m.end <= verb.i and m.start >= sent.start and usable(m) and m.role not in ("adj",):
            best = m
    return [best] if best is not None else []


def is_passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def object_tokens(verb, extra: Iterable[str] = ()) -> list:
    """Direct objects, passive subjects and objects of the trigger's own preposition."""
    out = []
    extra = set(extra)
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            out.append(c)
            out.extend(x for x in c.conjuncts if x.i > c.i)
        elif c.dep_ in ("prep", "prt") and c.lower_ in extra:
            for p in c.children:
                if p.dep_ in ("pobj", "pcomp"):
                    out.append(p)
                    out.extend(x for x in p.conjuncts if x.i > p.i)
    return out


def target_of_verb(verb, da: DocActors, source: list[Mention], extra: Iterable[str] = (),
                   allow_place: bool = False, preps: tuple = TARGET_PREPS, use_object: bool = True) -> list[Mention]:
    src_ids = {id(m) for m in source}
    src_keys = {(m.actor.name, m.actor.country) for m in source}

    def ok(ms):
        return [m for m in ms if id(m) not in src_ids and (m.actor.name, m.actor.country) not in src_keys]

    if is_passive(verb):
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not subj and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            subj = subject_tokens(verb.head)  # "Turkey is under sanctions and was condemned by ..."
        for c in subj:
            got = ok(mentions_of(c, da, allow_place))
            if got:
                return got
    src_countries = {m.actor.country for m in source if m.actor.country}
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "iobj") and use_object:
            got = [m for m in ok(mentions_of(c, da, allow_place)) if m.actor.country or m.role in ("name", "ner")]
            if got and src_countries and all(m.actor.country in src_countries for m in got):
                inner = [m for m in ok(inner_target(c, da, allow_place)) if m.actor.country not in src_countries]
                if inner:
                    return inner  # "recalled Turkey's ambassador to Israel"
            if got:
                return got
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    got = ok(mentions_of(p, da, allow_place))
                    if got:
                        return got
                    # "tariffs on $20 billion worth of U.S. exports"
                    got = [m for m in ok(inner_target(p, da, allow_place)) if m.actor.country not in src_countries]
                    if got:
                        return got
    # the object is a thing: look inside it ("recalled Turkey's ambassador to Israel")
    for c in verb.children:
        if (c.dep_ in ("dobj", "nsubjpass") and use_object) or (c.dep_ == "prep" and c.lower_ in extra):
            obj = c if c.dep_ != "prep" else next((p for p in c.children if p.dep_ == "pobj"), None)
            if obj is None:
                continue
            got = ok(inner_target(obj, da, allow_place))
            if got:
                return got
    return []


def inner_target(obj, da: DocActors, allow_place: bool, skip: frozenset = frozenset()) -> list[Mention]:
    """An actor inside an object phrase: first 'to/against/of X', then a possessive. Actors of the
    countries in `skip` are passed over."""
    for c in obj.children:
        if c.dep_ == "prep" and c.lower_ in ("to", "against", "on", "with", "of", "toward", "towards", "from", "including"):
            for p in c.children:
                if p.dep_ == "pobj":
                    ms = [m for m in mentions_of(p, da, allow_place) if m.actor.country not in skip]
                    if ms:
                        return ms
                    deeper = inner_target(p, da, allow_place, skip)
                    if deeper:
                        return deeper
    for c in obj.children:
        if c.dep_ in ("poss", "compound", "amod"):
            m = da.at(c.i)
            if usable(m, allow_place) and (m.actor.country or m.role in ("name", "ner")) and m.actor.country not in skip:
                return [m]
    return []


def source_of_noun(noun, da: DocActors, from_is_source: bool = True) -> list[Mention]:
    """Who does an event noun: possessive, 'by X' ('from X' unless the noun is a movement away:
    'withdrawal from Syria'), a state adjective or name just before it."""
    by = ("by", "from") if from_is_source else ("by",)
    for c in noun.children:
        if c.dep_ in ("poss",):
            ms = mentions_of(c, da)
            if ms:
                return ms
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in by:
            for p in c.children:
                if p.dep_ == "pobj":
                    ms = mentions_of(p, da)
                    if ms:
                        return ms
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and not is_anti(c):
            m = da.at(c.i)
            if usable(m) and m.actor.country:
                return [m]
    # a multi-word trigger or a merged mention may cover the modifier: look at tokens just before
    j = noun.i - 1
    while j >= noun.sent.start and noun.doc[j].pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "NUM") and noun.i - j <= 3:
        m = da.at(j)
        if usable(m) and m.actor.country and m.role in ("adj", "name", "metonym", "agent") and not is_anti(noun.doc[j]):
            return [m]
        if noun.doc[j].text in (",", "."):
            break
        j -= 1
    return []


def is_anti(tok) -> bool:
    """'anti-government protests', 'anti-Israel rally': the modifier is what the event is against."""
    doc = tok.doc
    for j in range(max(tok.sent.start, tok.i - 2), tok.i):
        if doc[j].lower_ in ("anti", "anti-"):
            return True
    return tok.lower_.startswith("anti-")


def anti_targets(noun, da: DocActors) -> list[Mention]:
    """Actors named by an 'anti-' modifier of an event noun."""
    out = []
    for j in range(max(noun.sent.start, noun.i - 4), noun.i):
        t = noun.doc[j]
        m = da.at(j)
        if is_anti(t) and usable(m) and m.actor.country and m.via is None and m not in out:
            out.append(m)
    return out


def target_of_noun(noun, da: DocActors, source: list[Mention], allow_place: bool = False,
                   preps: tuple = NOUN_TARGET_PREPS) -> list[Mention]:
    src = {(m.actor.name, m.actor.country) for m in source}
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    ms = [m for m in mentions_of(p, da, allow_place) if (m.actor.name, m.actor.country) not in src]
                    if ms:
                        return ms
    return []


def hyphen_pair(noun, da: DocActors) -> list[Mention]:
    """'U.S.-Ukraine talks', 'the Turkish-Libyan agreement': two sides joined by a hyphen just
    before the noun."""
    doc = noun.doc
    lo = max(noun.sent.start, noun.i - 6)
    if not any(doc[j].text in ("-", "–") or "-" in doc[j].text[1:-1] for j in range(lo, noun.i)):
        return []
    out: list[Mention] = []
    for j in range(lo, noun.i):
        m = da.at(j)
        if usable(m) and m.actor.country and all(x.actor.country != m.actor.country for x in out):
            out.append(m)
    return out if len(out) == 2 else []


def between(noun, da: DocActors) -> list[Mention]:
    """'clashes between Hezbollah and Israeli forces' -> both sides. The parser often hangs
    'between' on a nearby noun ("clashes along the border between A and B"), so a 'between' a
    few words on in the same clause counts too."""
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"]
    pair = hyphen_pair(noun, da)
    if not preps and len(pair) == 2:
        return pair
    if not preps:
        sent = noun.sent
        for t in noun.doc[noun.i + 1:min(sent.end, noun.i + 9)]:
            if t.lower_ == "between":
                preps = [t]
                break
            if t.text in (";", ".") or (t.pos_ == "VERB" and t.dep_ in ("ROOT", "ccomp") and t.i != noun.head.i):
                break
    for c in preps:
        for p in c.children:
            if p.dep_ == "pobj":
                ms = mentions_of(p, da)
                if len(ms) < 2:  # "between Armenian and Azerbaijani troops": sides as adjectives
                    inside = []
                    for t in p.subtree:
                        m = da.at(t.i)
                        if usable(m) and m.actor.country and m not in inside and \
                                all(x.actor.country != m.actor.country for x in inside):
                            inside.append(m)
                    if len(inside) >= 2:
                        return inside
                return ms
    return []


def claimant(tok, da: DocActors, source: list[Mention], modality) -> Optional[Mention]:
    """Whose claim the words at `tok` are: the actor of an "according to" phrase of the sentence,
    else the subject of the speech (or accusing) verb above it, unless that is the doer itself."""
    for pobj in modality.according_to(tok):
        ms = mentions_of(pobj, da)
        if ms:
            return ms[0]
    v = modality.claim_verb(tok)
    if v is not None:
        s, _ = source_of_verb(v, da)
        if s and {(m.actor.name, m.actor.country) for m in s} != {(m.actor.name, m.actor.country) for m in source}:
            return s[0]
    return None
