"""Pass 1b: personal names the small model missed, found as runs of capitalised proper nouns.

A knowledge-base city may have taken a name's first word ("Regina Ip"), a title may have run into
the name ("Chief Executive of Hong Kong Carrie Lam"), or spaCy typed a person as an organisation.
"""
from __future__ import annotations

from typing import Optional, Sequence

from powderkeg.actors.mentions import POSSESSIVE, ActorWords, Mention, person_surnames, span_actor


NOT_NAME_ENTS = ("DATE", "TIME", "GPE", "LOC", "NORP", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY",
                 "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE")


def unclaimed_names(vocab: ActorWords, doc, out: list[Mention], sent_of) -> list[Mention]:
    """Personal names the model did not find because a knowledge-base name took their first word
    ("Regina Ip from the camp": the city of Regina) or ran into them ("Chief Executive of Hong
    Kong Carrie Lam"): a run of capitalised proper nouns no mention covers, right after a city name
    or after a capitalised title and its "of <place>"."""
    covered = {i for m in out for i in range(m.start, m.end)}

    def run(k: int, org_ok: bool = False) -> int:
        e = k
        while e < len(doc) and e - k < 3 and e not in covered and doc[e].tag_ == "NNP" \
                and doc[e].text[:1].isupper() and doc[e].is_alpha \
                and doc[e].ent_type_ not in (("DATE",) if org_ok else ("ORG", "DATE")):
            e += 1
        return e

    extra, drop = [], set()
    for idx, m in enumerate(out):
        if m.role == "place" and m.place is not None and m.place.kind == "city" and m.end - m.start == 1 \
                and (m.start == 0 or doc[m.start - 1].pos_ not in ("ADP",)) and doc[m.start].ent_type_ != "GPE":
            # spaCy may take "Regina Ip" for an organisation named after the city: still a person's name
            e = run(m.end, org_ok=doc[m.start].ent_type_ == "ORG" and doc[m.start].ent_iob_ == "B")
            if e == m.end + 1 and (e >= len(doc) or doc[e].tag_ != "NNP"):
                drop.add(idx)
                extra.append(Mention(m.start, e, span_actor(doc, m.start, e, name=doc[m.start:e].text,
                                                                 kind="person"), "ner", sent=m.sent))
        elif m.role == "adj" and m.actor.country and m.end < len(doc) and m.end not in covered:
            e = run(m.end)  # "Canadian Jane Doe": a nationality before a name the model missed
            if e - m.end >= 2 and (e >= len(doc) or doc[e].tag_ != "NNP"):
                extra.append(Mention(m.end, e, span_actor(doc, m.end, e, name=doc[m.end:e].text,
                                                               kind="person"), "ner", sent=m.sent))
        elif m.role == "agent" and m.agent is not None and m.agent.title and doc[m.start].text[:1].isupper() \
                and m.end < len(doc) and doc[m.end].lower_ == "of":
            k = m.end + 1
            nxt = next((x for x in out if x.start == k), None)
            while nxt is not None and nxt.role in ("place", "name", "adj", "metonym") and nxt.actor.kind in ("state", "place"):
                k = nxt.end
                nxt = next((x for x in out if x.start == k), None)
            if k == m.end + 1:
                continue
            e = run(k)
            if e - k >= 2 and (e >= len(doc) or doc[e].tag_ != "NNP"):
                extra.append(Mention(k, e, span_actor(doc, k, e, name=doc[k:e].text, kind="person"), "ner",
                                     sent=sent_of.get(k, 0)))
    out = sorted([m for i, m in enumerate(out) if i not in drop] + extra, key=lambda m: m.start)
    return out


def name_run(vocab: ActorWords, doc, k: int, covered: set[int]) -> int:
    """End of a run of capitalised proper-noun tokens from k ("Man-kei Tam": a hyphen joins parts)."""
    e = k
    while e < len(doc) and e - k < 6 and e not in covered and doc[e].ent_type_ not in NOT_NAME_ENTS:
        t = doc[e]
        if t.tag_ == "NNP" and t.is_alpha and t.text[:1].isupper():
            e += 1
        elif t.text in ("-", "‐") and e > k and not doc[e - 1].whitespace_ and e + 1 < len(doc) \
                and not t.whitespace_ and doc[e + 1].is_alpha and doc[e + 1].i not in covered:
            e += 2
        else:
            break
    return e


def person_evidence(vocab: ActorWords, doc, k: int, e: int, before: Optional[Mention], speaking: bool = True) -> bool:
    """Does the sentence say the capitalised run k..e is a person? A title right before it ("Voter
    Kitty Mak"), a role in apposition after it ("Alexis Boon, the head of ..."), or being the one
    who speaks ("... Man-kei Tam said")."""
    if before is not None and before.end == k and before.role == "agent" and before.agent is not None:
        # "Voter Kitty Mak" is a person; "software company Red Hat" is not
        return before.agent.kind in ("person", "population") and doc[before.start].text[:1].isupper()
    head = doc[k:e].root
    for c in head.children:
        a = vocab.kb.match_agent([c.lower_], 0) if c.dep_ == "appos" and c.i >= e and c.tag_ in ("NN", "NNS") else None
        if a is not None and (a[1].kind == "person" or a[1].title):
            return True
    if head.dep_ == "conj" and head.head.ent_type_ == "PERSON" \
            or any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in head.children):
        return True  # "Dick Durbin and ... Adam Schiff", "Darin LaHood and Mike Bost"
    if speaking and head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ == "VERB" \
            and head.head.lemma_.lower() in vocab.reporting:
        return True
    if not speaking and e + 1 < len(doc) and doc[e].lower_ == "of":
        nxt = doc[e + 2] if doc[e + 1].lower_ == "the" and e + 2 < len(doc) else doc[e + 1]
        if nxt.ent_type_ in ("ORG", "GPE") and nxt.text[:1].isupper():
            return True  # "Nikki Holland of the UK's National Crime Agency", "X of Rogaland Fire and Rescue"
    return False


def loose_names(vocab: ActorWords, doc, out: list[Mention], sent_of, toks: Sequence) -> list[Mention]:
    """Personal names the small model missed or took for an organisation ("Ricardo Rosselló Nevares,
    Puerto Rico's governor"; "Voter Kitty Mak told"; "Hong Kong director of Amnesty International
    Man-kei Tam said"): a run of capitalised proper nouns with no organisation word in it, which
    the sentence shows to be a person. A lone surname counts when a full name of the document
    ends with it. `toks` is `list(doc)` (the loop below visits every token)."""
    claimed = {i for m in out if m.actor.kind != "person" or m.entity is not None for i in range(m.start, m.end)}
    surnames = person_surnames(doc, claimed) | {m.actor.name.split()[-1] for m in out
                                                      if m.entity is not None and m.entity.type == "person"
                                                      and m.actor.name and " " in m.actor.name}
    # a one-word city the model did not take for a place may be a name's first word ("Man-kei Tam")
    weak = {id(m) for m in out if m.role == "place" and m.place is not None and m.place.kind == "city"
            and m.end - m.start == 1 and doc[m.start].ent_type_ not in ("GPE", "LOC", "FAC")}
    covered: dict[int, Mention] = {i: m for m in out if id(m) not in weak for i in range(m.start, m.end)}
    # organisation-labelled mentions the base does not know and no word marks as an organisation
    for idx, m in enumerate(out):
        if m.role == "ner" and m.actor.kind == "organization" and m.actor.sector is None:
            words = [t.text for t in doc[m.start:m.end]]
            if name_run(vocab, doc, m.start, set()) >= m.end and 2 <= len(words) <= 4 \
                    and vocab.kb.org_sector(words) is None \
                    and person_evidence(vocab, doc, m.start, m.end, out[idx - 1] if idx else None, speaking=False):
                # companies say things too: a title, a role in apposition or "X of the <body>" is needed
                m.actor.kind, m.actor.country = "person", None
    extra = []
    i = 0
    prev: Optional[Mention] = None
    while i < len(doc):
        if i in covered:
            prev = covered[i]
            i = prev.end
            continue
        t = toks[i]
        if t.tag_ != "NNP" or not t.text[:1].isupper() or (i > 0 and toks[i - 1].tag_ == "NNP" and i - 1 not in covered):
            i += 1
            continue
        e = name_run(vocab, doc, i, set(covered))
        words = [w.text for w in doc[i:e] if w.is_alpha]
        lower = [w.lower_ for w in doc[i:e]]
        ok = (2 <= len(words) <= 4 or len(words) == 1 and words[0] in surnames and e == i + 1) \
            and vocab.kb.org_sector(words) is None \
            and not any(vocab.kb.match_agent(lower, j - i) for j in range(i, e)
                        if not (j + 1 < e and doc[j + 1].text in ("-", "‐") and not doc[j].whitespace_)) \
            and (e >= len(doc) or doc[e].text not in POSSESSIVE or len(words) >= 2) \
            and (len(words) == 1 or person_evidence(vocab, doc, i, e, prev))
        if ok:
            m = Mention(i, e, span_actor(doc, i, e, name=doc[i:e].text, kind="person"), "ner",
                        sent=sent_of.get(i, 0))
            extra.append(m)
            prev = m
        i = max(e, i + 1)
    if not extra:
        return out
    taken = {i for m in extra for i in range(m.start, m.end)}
    out = [m for m in out if not (id(m) in weak and m.start in taken)]
    return sorted(out + extra, key=lambda m: m.start)
