"""Pass 1 of the resolver: knowledge-base names and role nouns matched over the tokens.

Names (case-sensitive) and role nouns (case-insensitive), longest first; spaCy's named entities
fill the gaps (unknown people and organisations); pronouns and anaphoric nouns ("the group") are
marked for coreference. Each mention is built from the parse and the base alone.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from powderkeg.actors import sectors
from powderkeg.actors.kb import Agent, Entity
from powderkeg.actors.mentions import (NON_STATE, POSSESSIVE, ROLE_PRIORITY, ActorWords, Mention, person_surnames,
                                       span_actor)
from powderkeg.records import Actor


def match_names(vocab: ActorWords, doc, date, sent_of, toks: Sequence) -> list[Mention]:
    kb = vocab.kb
    # `toks` is `list(doc)`, shared by the caller: indexing it is several times cheaper than
    # `doc[i]`, which builds a new Token on every call (this loop visits every token)
    words = [t.text for t in toks]
    lower = [t.lower_ for t in toks]
    ent_at: dict[int, object] = {}
    for e in doc.ents:
        for i in range(e.start, e.end):
            ent_at[i] = e
    surnames = person_surnames(doc)
    # most tokens begin no name and no role form, are in no entity and are none of the words the
    # loop reads alone ("the", pronouns, anaphoric nouns): every test below passes them by, so they
    # are passed at once, without reading their Token
    name_first, agent_first = kb.first_words()
    alone = {"the"} | vocab.pron_person | vocab.pron_group | vocab.pron_thing | vocab.pron_speaker \
        | set(vocab.anaphoric) \
        | vocab.descriptor_nouns
    quiet = [w not in name_first and w2 not in agent_first and w2 not in alone for w, w2 in zip(words, lower)]
    out: list[Mention] = []
    i, n = 0, len(doc)
    while i < n:
        if quiet[i] and i not in ent_at:
            i += 1
            continue
        tok = toks[i]
        if tok.is_space or tok.is_punct:
            i += 1
            continue
        if tok.lower_ == "the" and i + 1 < n and (kb.match_name(words, i + 1) or kb.match_agent(lower, i + 1)):
            i += 1
            continue
        nm = kb.match_name(words, i)
        ag = kb.match_agent(lower, i)
        if nm and nm[0] == 1 and all(kb.entities[x].type == "place" and kb.entities[x].kind == "city"
                                     for x, _ in nm[1]) and i in ent_at \
                and ent_at[i].label_ in ("ORG", "PERSON") and out and ent_at[i].start <= out[-1].start < i:
            nm = None  # "Amnesty International Man-kei Tam": not the Ivorian city of Man
        if nm and i >= 2 and toks[i - 1].text in ("-", "–") and lower[i - 2] in ("pro", "anti"):
            # "pro-Beijing candidates", "anti-Russian": the camp's stance, not the state as an actor
            i += nm[0]
            continue
        if nm and nm[0] == 1 and words[i] in surnames and (i not in ent_at or ent_at[i].label_ == "PERSON") \
                and not any(kb.entities[x].type == "person" for x, _ in nm[1]):
            # "Bolton", "Amman" after "John R. Bolton", "Sudesh Amman": the person, not the place
            out.append(Mention(i, i + 1, span_actor(doc, i, i + 1, name=words[i], kind="person"),
                               "ner", sent=sent_of.get(i, 0)))
            i += 1
            continue
        org = org_naming_state(vocab, doc, i, nm, ag, ent_at, words, lower)
        if org is not None:
            m = mention_from_ner(vocab, doc, org, sent_of.get(i, 0), start=i)
            if m is not None:
                out.append(m)
                i = m.end
                continue
        if nm and (not ag or nm[0] >= ag[0]):
            length, refs = nm
            m = mention_from_refs(vocab, doc, i, i + length, refs, date, ent_at)
            if m is not None:
                m.sent = sent_of.get(i, 0)
                out.append(m)
                i += length
                continue
        if ag and ag[0] == 1 and not (out and out[-1].end == i and out[-1].role in ("name", "adj", "metonym")) \
                and (tok.tag_ == "JJ" and ag[1].kind != "armed_group" or i + 2 < n and toks[i + 1].text in ("-", "–")
                     and not tok.whitespace_ and toks[i + 2].is_lower):
            ag = None  # "general election", "local media", "Party-goers": not the role noun
        if ag:
            length, agent = ag
            # a role word inside a proper name ("Amnesty International", "Party of God") is not a role
            e = ent_at.get(i)
            if e is not None and e.label_ in ("PERSON", "ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW") and (
                    e.start < i or e.end > i + length) and agent.sector not in sectors.OFFICIAL \
                    and e.label_ != "ORG":
                pass
            else:
                out.append(agent_mention(vocab, doc, i, i + length, agent, sent_of.get(i, 0)))
                i += length
                continue
        e = ent_at.get(i)
        if e is not None and e.start == i and e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
            m = mention_from_ner(vocab, doc, e, sent_of.get(i, 0))
            if m is not None:
                out.append(m)
                i = e.end
                continue
        low = tok.lower_
        if tok.pos_ == "PRON" and (low in vocab.pron_person or low in vocab.pron_group or low in vocab.pron_thing
                                   or (low in vocab.pron_speaker and tok.text != "US")):
            out.append(Mention(i, i + 1, Actor(text=tok.text), "pronoun", sent=sent_of.get(i, 0)))
        elif low in vocab.anaphoric or low in vocab.descriptor_nouns:
            if i > 0 and toks[i - 1].lower_ == "the":
                out.append(Mention(i - 1, i + 1, Actor(text=doc[i - 1:i + 1].text), "anaphor",
                                   sent=sent_of.get(i, 0)))
        i += 1
    return out


def org_naming_state(vocab: ActorWords, doc, i, nm, ag, ent_at, words, lower):
    """A named organisation that begins with a state's name or adjective ("Indonesian National
    Police", "Tunisian League for the Defence of Human Rights"): the whole name is the actor,
    and it takes that state. A state word followed by a role noun is left to composition."""
    e = ent_at.get(i)
    if e is None or e.label_ != "ORG" or not nm or ag:
        return None
    length, refs = nm
    if e.end <= i + length or not all(vocab.kb.entities[x].type in ("state", "place") for x, _ in refs):
        return None
    if vocab.kb.match_agent(lower, i + length) or vocab.kb.match_name(words, i + length):
        return None
    if not any(vocab.kb.entities[x].type == "state" for x, _ in refs) and vocab.kb.org_sector(words[i + length:e.end]) is None \
            and head_sector(vocab, doc, i + length, e.end) is None:
        return None  # a city's name and a word that says nothing of an organisation: "Regina Ip", a person
    return e


def state_inside(vocab: ActorWords, doc, start: int, end: int) -> Optional[str]:
    """The country of the first state (name, adjective, capital) or located place named inside a span."""
    # only the span and the longest name past its end are looked at (not a list of the whole document
    # per entity, which made long articles quadratic)
    words = [t.text for t in doc[start:min(len(doc), end + vocab.kb.max_name)]]
    j, end = 0, end - start
    while j < end:
        nm = vocab.kb.match_name(words, j)
        if nm and j + nm[0] <= end:
            for x, r in nm[1]:
                ent = vocab.kb.entities[x]
                if ent.country and ent.country not in NON_STATE and " ".join(words[j:j + nm[0]]) not in ent.ambiguous \
                        and (ent.type == "state" or ent.type == "place" and j + nm[0] < end):
                    return ent.country
            j += nm[0]
        else:
            j += 1
    return None


def head_sector(vocab: ActorWords, doc, start: int, end: int) -> Optional[str]:
    """The sector of the role noun a name ends with ("Indonesian National Police" -> COP)."""
    lower = [t.lower_ for t in doc[start:end]]  # the span only: match_agent never looks past `end`
    for j in range(end - start):
        a = vocab.kb.match_agent(lower, j)
        if a and j + a[0] == end - start:
            return a[1].sector
    return None


def mention_from_refs(vocab: ActorWords, doc, start, end, refs, date, ent_at) -> Optional[Mention]:
    kb = vocab.kb
    e = ent_at.get(start)
    roles = {r for _, r in refs}
    nxt = doc[end] if end < len(doc) else None
    prefer_adj = "adj" in roles and nxt is not None and (nxt.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or nxt.text in ("-", "–"))
    cands = sorted(refs, key=lambda r: (0 if prefer_adj and r[1] == "adj" else 1, ROLE_PRIORITY.get(r[1], 9), r[0]))
    cands = by_context(vocab, doc, cands)
    chosen, role = None, None
    place = None
    for idx, r in cands:
        ent = kb.entities[idx]
        if r == "place":
            place = place or ent
            continue
        if chosen is None:
            chosen, role = ent, r
        elif ent.type == "person" and chosen.type == "person":
            # two people share the name: prefer the one in office on the article's date
            if ent.office_at(date) and date and in_office(ent, date) and not in_office(chosen, date):
                chosen = ent
    if chosen is None and place is None:
        return None
    surface = doc[start:end].text
    # A state or place name inside a longer person name ("Jordan Peterson") is not the state.
    if e is not None and e.label_ == "PERSON" and (chosen is None or chosen.type != "person"):
        if e.start < start or e.end > end or (chosen and surface in chosen.ambiguous):
            return None
    possessed = nxt is not None and nxt.text in POSSESSIVE and chosen is not None and chosen.type == "state"
    if chosen is not None and surface in chosen.ambiguous and not possessed:
        if e is None or e.label_ not in ("GPE", "NORP", "LOC"):
            if place is None:
                return None
            chosen = None
        elif place is not None and place.country != chosen.country \
                and sentence_names(vocab, doc, start, end, place.country):
            chosen = None  # "Rubio of Florida, Lee of Utah and Perdue of Georgia": the US state
    if chosen is None:
        actor = span_actor(doc, start, end, name=place.name, country=place.country,
                                 sector=None, kind="place", wikidata=place.qid)
        return Mention(start, end, actor, "place", entity=None, place=place)
    if chosen.type == "state" and role in ("name", "metonym") and place is None:
        place = chosen  # a state named as a place ("in Iran")
    sector, kind = chosen.sector, chosen.kind
    country = chosen.country
    if chosen.type == "person":
        office = chosen.office_at(date)
        if office:
            sector = office.get("sector") or sector
            country = office.get("country") or country  # an EU post, a Commonwealth realm
    if role == "demonym":
        kind, sector = "population", "CVL"
        if start > 0 and doc[start - 1].lower_ == "the" and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN")):
            kind, sector = "state", "GOV"  # "the British relinquished control": the state
    actor = span_actor(doc, start, end, name=chosen.name, country=country, sector=sector,
                             kind=kind, wikidata=chosen.qid)
    plural = role == "demonym" or doc[end - 1].tag_ in ("NNS", "NNPS") or chosen.name.endswith("s")
    generic_of = None
    if chosen.generic and surface in chosen.generic:
        # "Senate", "the Queen", "Labour": other states have one too; the article's state decides later
        generic_of = actor
        actor = replace(actor, country=None, name=None, wikidata=None)
    return Mention(start, end, actor, role, entity=chosen, place=place if role != "adj" else None,
                   plural=plural, generic_of=generic_of)


def sentence_names(vocab: ActorWords, doc, start: int, end: int, country: str) -> bool:
    """Does the sentence, outside start..end, name a state or place of `country`?"""
    sent = doc[start].sent
    words = [t.text for t in doc]
    j = sent.start
    while j < sent.end:
        nm = vocab.kb.match_name(words, j) if not start <= j < end else None
        if nm:
            if any(vocab.kb.entities[x].country == country and vocab.kb.entities[x].type in ("state", "place")
                   and words[j] not in vocab.kb.entities[x].ambiguous for x, _ in nm[1]):
                return True
            j += nm[0]
        else:
            j += 1
    return False


def by_context(vocab: ActorWords, doc, cands: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Entries that share an alias ("RSF": the Rapid Support Forces, Reporters Without Borders)
    are ordered by how many of their cue words the document uses ("journalists", "press" against
    "Sudan", "Darfur"); the base's order decides a tie."""
    named = [c for c in cands if c[1] != "place"]
    if len(named) < 2 or not any(vocab.kb.entities[x].context for x, _ in named):
        return cands
    words = doc.user_data.get("pk_words")
    if words is None:
        words = doc.user_data["pk_words"] = {t.lower_ for t in doc}
    score = {x: -len(words.intersection(vocab.kb.entities[x].context)) for x, _ in named}
    group = {}
    for _, r in cands:
        group.setdefault(r, len(group))
    return sorted(cands, key=lambda c: (group[c[1]], score.get(c[0], 0)))


def in_office(ent: Entity, date: str) -> bool:
    return any((not o.get("from") or o["from"] <= date) and (not o.get("to") or date <= o["to"])
               for o in ent.offices)


def agent_mention(vocab: ActorWords, doc, start, end, agent: Agent, sent: int) -> Mention:
    head = doc[end - 1]
    before = doc[start - 1] if start > 0 else None
    foreign = before is not None and before.pos_ != "DET" and (before.ent_type_ in ("NORP", "GPE", "ORG") or
                                      (before.pos_ in ("PROPN", "ADJ") and before.text[:1].isupper() and before.i > before.sent.start
                                       and not (before.is_upper and len(before) <= 3)))  # "an IT worker"
    if foreign and start >= 3 and doc[start - 2].text in ("-", "–") and doc[start - 3].lower_ in ("pro", "anti"):
        foreign = False  # "pro-Beijing candidates" are the article's own camp, not a foreign group
    actor = span_actor(doc, start, end, name=None, country=None, sector=agent.sector,
                             kind=agent.kind if agent.kind != "organization" or agent.sector != "MIL" else "organization")
    camp = camp_of(vocab, doc, start, end) if agent.sector in sectors.CAMP_ROLES else None
    if camp:
        actor.sector = camp
    return Mention(start, end, actor, "agent", agent=agent, sent=sent, foreign_modifier=foreign,
                   plural=head.tag_ == "NNS" or head.lower_ in ("police", "people", "military", "forces"))


def camp_of(vocab: ActorWords, doc, start: int, end: int) -> Optional[str]:
    """The sector of a political camp named just before a role noun or in "from the ... camp" after it."""
    s0 = doc[start].sent.start
    k = start
    while k > max(s0, start - 4) and (doc[k - 1].pos_ not in ("DET", "PUNCT", "ADP", "VERB", "AUX")
                                      or doc[k - 1].tag_ == "VBG" and k == start) \
            or k > s0 and doc[k - 1].text in ("-", "–") and k - 1 > start - 5:
        k -= 1
    before = doc[k:start].text.lower()
    after = doc[end:min(end + 7, doc[start].sent.end)].text.lower()
    camp_after = after.startswith(("from the ", "of the ")) and " camp" in after
    for w, sector in vocab.kb.camp_words:
        if w in before.split() or w in before.replace(" ", "") or camp_after and w in after.split(" camp")[0]:
            return sector
    return None


def mention_from_ner(vocab: ActorWords, doc, e, sent: int, start: Optional[int] = None) -> Optional[Mention]:
    label = e.label_
    start = e.start if start is None else start
    end = e.end
    # spaCy sometimes takes a trailing "of" or possessive into the name ("Patrice Talon of")
    while end - start > 1 and (doc[end - 1].lower_ in ("of", "from", "and") or doc[end - 1].text in POSSESSIVE
                               or doc[end - 1].is_punct):
        end -= 1
    text = doc[start:end].text
    if label == "PERSON":
        if len(text) < 2 or not any(c.isupper() for c in text):
            return None
        return Mention(start, end, span_actor(doc, start, end, name=text, kind="person"),
                       "ner", sent=sent)
    if label == "ORG":
        name = text[4:] if text.lower().startswith("the ") else text
        head = head_sector(vocab, doc, start, end)
        named = vocab.kb.org_sector([t.text for t in doc[start:end]])
        # "National Police Agency": the specific word (Police) says more than the generic head (Agency)
        sector = named if head in (None, "GOV") and named else head
        country = state_inside(vocab, doc, start, end)
        actor = span_actor(doc, start, end, name=name, kind="organization", country=country, sector=sector)
        return Mention(start, end, actor, "ner", sent=sent, plural=doc[end - 1].tag_ == "NNPS")
    if label in ("GPE", "LOC", "FAC"):
        return Mention(e.start, e.end, span_actor(doc, e.start, e.end, name=text, kind="place"),
                       "place", sent=sent, place=Entity(idx=-1, name=text, type="place", kind="place"))
    return None  # NORP not in the base ("Kurdish", "Arab"): no country to give
