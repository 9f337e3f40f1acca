"""Pass 2b: a person's description gives the country and sector the name alone does not.

"The mayor of Paris, Anne Hidalgo," / "Lisa Parry, a retired nurse," / "officers A and B" /
"The Native American Rights Fund's Jacqueline De León" / "X, a Canadian tourist".
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from powderkeg.actors.mentions import NON_STATE, POSSESSIVE, ActorWords, Mention, is_person


DESCRIPTION_DETS = {"a", "an", "the", "another", "one"}


TAIL_PREPS = {"of", "for", "at", "in", "with", "from", "to", "on"}


ORG_PREPS = {"of", "for", "at", "with", "from"}


def tail_end_at(vocab: ActorWords, doc, j: int, limit: int = 10) -> Optional[int]:
    """Where a prepositional tail starting at token j ends ("for the victim", "of the Tunisian
    League for the Defence of Human Rights"), if it runs to punctuation without a verb."""
    if j >= len(doc):
        return j
    if doc[j].lower_ not in TAIL_PREPS:
        return j if doc[j].is_punct else None
    sent_end = doc[j].sent.end
    k = j
    while k < sent_end and k - j <= limit:
        t = doc[k]
        if t.text in (",", ".", ";", ":", "(", ")", '"', "“", "”", "—", "–") and not (t.text in ("–",) and k > j):
            return k
        if t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN":
            return None
        k += 1
    return k if k == sent_end else None


def is_person_role(vocab: ActorWords, m: Mention) -> bool:
    """A role noun that can describe one person (a title, a person noun or a singular role)."""
    return m.role == "agent" and m.agent is not None and (m.agent.title or m.agent.kind == "person"
                                                          or m.agent.kind == "population" and not m.plural)


def based_in(doc, m: Mention, ments: list[Mention], idx: int) -> Optional[str]:
    """"X, a Berlin-based non-profit" / "the London-based X": the place's country."""
    def based_after(x: Mention) -> bool:
        return x.end + 1 < len(doc) and doc[x.end].text in ("-", "–") and doc[x.end + 1].lower_ == "based"

    if m.end < len(doc) and doc[m.end].text == ",":
        for x in ments[idx + 1:idx + 3]:
            if x.start - m.end <= 3 and x.actor.country and x.actor.country not in NON_STATE and based_after(x):
                return x.actor.country
    if idx > 0:
        x = ments[idx - 1]
        if x.end + 2 <= m.start <= x.end + 3 and x.actor.country and x.actor.country not in NON_STATE \
                and based_after(x):
            return x.actor.country
    return None


def is_former(vocab: ActorWords, doc, q: Mention) -> bool:
    return any(t.lower_ in vocab.former for t in doc[max(0, q.start - 2):q.start])


def wants_description(doc, ments: list[Mention], idx: int) -> bool:
    """Does mention `idx` want a description to give it country or sector: a person's name short
    of either, or a name spaCy typed as an organisation that a role or a comma marks as a person's?"""
    m = ments[idx]
    if m.role == "ner" and m.actor.kind == "organization" and idx > 0 and ments[idx - 1].end == m.start \
            and ments[idx - 1].role == "agent" and ments[idx - 1].agent is not None \
            and (ments[idx - 1].agent.kind == "person" or ments[idx - 1].plural) \
            and all(t.text[:1].isupper() for t in doc[m.start:m.end]) and m.end - m.start <= 3:
        return True  # "officers Antoine Quirin" although spaCy typed the name ORG
    if m.role == "ner" and m.actor.kind == "organization" and m.actor.sector is None and 2 <= m.end - m.start <= 3 \
            and all(t.text[:1].isupper() and t.is_alpha for t in doc[m.start:m.end]) \
            and m.end < len(doc) and (doc[m.end].text == "," or m.start > 0 and doc[m.start - 1].text in POSSESSIVE):
        return True  # "Jasim Uddin, a spokesperson for ...": a name spaCy typed ORG; the role decides
    return is_person(m) and (m.actor.sector is None or m.actor.country is None) \
        and not (m.entity is not None and m.entity.type == "person" and m.actor.country and m.actor.sector)


def describe(vocab: ActorWords, doc, ments: list[Mention]) -> None:
    """A person's description gives the country and sector the name alone does not:
    "The mayor of Paris, Anne Hidalgo," / "Lisa Parry, a retired nurse," / "officers A and B" /
    "The Native American Rights Fund's Jacqueline De León" / "X, a Canadian tourist"."""
    def take(m: Mention, src: Mention, former: bool = False) -> bool:
        changed = False
        if m.actor.kind != "person":  # spaCy typed the name as an organisation; the role says a person
            m.actor.kind = "person"
        if m.actor.country is None and src.actor.country:
            m.actor.country, m.via, changed = src.actor.country, "description", True
        if former:  # "a retired nurse", "a former prosecutor": no longer in that sector
            return True
        if m.actor.sector is None and src.actor.sector:
            m.actor.sector, changed = src.actor.sector, True
        return changed

    ending = {m.end: m for m in ments}
    prev_described: Optional[Mention] = None
    for idx, m in enumerate(ments):
        if m.actor.country is None and m.actor.kind not in ("state", "place") and m.role in ("ner", "agent"):
            based = based_in(doc, m, ments, idx)
            if based:
                m.actor.country, m.via = based, "description"
        if not wants_description(doc, ments, idx):
            prev_described = m if is_person(m) and m.parts and m.descriptor else None
            continue
        done = False
        p = ments[idx - 1] if idx > 0 else None
        # "officers Antoine Quirin", "Legislator Tanya Chan": a role noun right before the name
        if p is not None and p.end == m.start and p.role == "agent" and p.actor.sector \
                and (p.agent.title or p.agent.kind in ("person", "population") or p.plural):
            done = take(m, p, is_former(vocab, doc, p))
        # "Canadian Jane Doe": the nationality, not the state's sector
        if not done and p is not None and p.end == m.start and p.role == "adj" and p.actor.country \
                and p.actor.country not in NON_STATE and m.actor.country is None:
            m.actor.country, m.via = p.actor.country, "description"
        # "The mayor of Paris, Anne Hidalgo," / "A member of the Tunisian Parliament, Samir Dilou said"
        comma = m.start >= 2 and doc[m.start - 1].text == ","
        if not done and (comma or m.start >= 2 and doc[m.start - 1].tag_ == "NNP"):
            for q in reversed(ments[max(0, idx - 6):idx]):
                if q.end > m.start - 1 or not is_person_role(vocab, q):
                    continue
                # "Chief Executive of Hong Kong Carrie Lam": no comma, the tail is a state
                if not (comma and tail_end_at(vocab, doc, q.end) == m.start - 1 or not comma and q.tail_end == m.start):
                    continue
                b = q.start - 1
                while b >= 0 and doc[b].lower_ in {"the", "a", "an"} | vocab.title_qualifiers:
                    b -= 1
                if b < doc[q.start].sent.start or doc[b].text in (",", ":", ";", "(") or doc[b].is_space:
                    done = take(m, q, is_former(vocab, doc, q))
                    break
        # "Lisa Parry, a retired nurse," / "Sophie Obadia, another lawyer for the victim, told"
        if not done and m.end < len(doc) and doc[m.end].text == ",":
            j = m.end + 1
            if j + 1 < len(doc) and doc[j].like_num and doc[j + 1].text == ",":
                j += 2  # "Emily Spanton, 39,"
            if [t.lower_ for t in doc[j:j + 2]] == ["one", "of"]:
                # "Andriy Yermak, one of President Zelensky's aides": the possessor's state, the role's sector
                role = next((x for x in ments[idx + 1:idx + 4] if x.start >= j + 2 and x.role == "agent"
                             and x.plural and x.parts and x.actor.country and is_person_role(vocab, x)), None)
                if role is not None and tail_end_at(vocab, doc, role.end) is not None:
                    done = take(m, role)
            for q in ([] if done else ments[idx + 1:idx + 4]):
                if q.start < j:
                    continue
                gap = doc[j:q.start]
                if not all(t.lower_ in DESCRIPTION_DETS | vocab.title_qualifiers or t.lower_ == "of"
                           or (t.pos_ in ("ADJ", "NOUN", "VERB") and t.tag_ in ("JJ", "VBN", "NN") and t.text.islower())
                           for t in gap) or len(gap) > 4:
                    break
                if not is_person_role(vocab, q):
                    break
                if (q.tail_end and tail_end_at(vocab, doc, q.tail_end) is not None) or tail_end_at(vocab, doc, q.end) is not None:
                    done = take(m, q, any(t.lower_ in vocab.former for t in gap))
                break
        # "Sabrina Bennoui, of RSF" / "Phil Chetwynd, director of global news for AFP,": the body's
        if not done and m.end < len(doc) and doc[m.end].text == ",":
            org = organisation_described(vocab, doc, m, ments, idx)
            if org is not None:
                done = take(m, org)
        # "The Native American Rights Fund's Jacqueline De León": the body's sector
        if not done and m.start >= 1 and doc[m.start - 1].text in POSSESSIVE:
            owner = ending.get(m.start - 1)
            if owner is not None and owner.actor.kind in ("organization", "igo", "armed_group") \
                    and owner.role in ("name", "ner", "agent"):
                done = take(m, owner)
        # "officers Antoine Quirin and Nicolas Redouane": the next name in the list shares the role
        if not done and prev_described is not None:
            between = [t.text for t in doc[prev_described.end:m.start]]
            if between and between[0] == "of" and len(between) <= 6 and between[-1] in ("and", ","):
                between = between[-2:] if between[-2:] == [",", "and"] else between[-1:]  # "A of Nigeria and B"
            if between in (["and"], [","], [",", "and"]):
                src = prev_described
                if src.via == "of" or src.tail_end:  # each name has its own "of <state>"
                    src = replace(src, actor=replace(src.actor, country=None))
                done = take(m, src)
        prev_described = m if done or (m.parts and m.descriptor and m.actor.sector) else None


def organisation_described(vocab: ActorWords, doc, m: Mention, ments: list[Mention], idx: int) -> Optional[Mention]:
    """The known organisation a description after a name places the person in: ", of RSF",
    ", director of global news for AFP," (lower-case words, then a preposition, then the body)."""
    j = m.end + 1
    for q in ments[idx + 1:idx + 4]:
        if q.start < j:
            continue
        gap = doc[j:q.start]
        if len(gap) > 8 or not gap or gap[-1].lower_ not in ORG_PREPS \
                or any(t.is_punct or t.is_space or (t.text[:1].isupper() and t.i > j) for t in gap):
            return None
        role = any((a := vocab.kb.match_agent([t.lower_], 0)) is not None and a[1].kind == "person"
                   and a[1].sector != "CVL" for t in gap[:-1])
        if len(gap) > 1 and not role:
            return None  # "X, with the help of NATO," / "X, a critic of Amnesty": not X's body
        if q.role in ("name", "ner") and q.actor.kind in ("organization", "igo") and q.actor.country \
                and (q.entity is None or q.entity.type in ("organization", "media", "body")) \
                and (q.end >= len(doc) or doc[q.end].text in (",", ".", ";", ")") or doc[q.end].is_space):
            return q
        return None
    return None
