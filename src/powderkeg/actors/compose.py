"""Pass 2: composition. Role nouns take the country of what modifies them and appositions merge.

"Israeli jets", "Iran's minister", "Hamas-led officials" (left modifiers); "President of France",
"militias in Iraq" (right); "US Secretary of State, Antony Blinken", "Yemen's proxy, the Houthis"
(appositions and titles before names: one actor, the name's).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from powderkeg.actors import sectors
from powderkeg.actors.mentions import NON_STATE, POSSESSIVE, ActorWords, Mention, is_person
from powderkeg.records import Actor


def compose(vocab: ActorWords, doc, ments: list[Mention], date, toks: Sequence) -> list[Mention]:
    """Merge role nouns with what gives them a country or a name. `toks` is `list(doc)` (the
    appositions read the words between every two neighbouring mentions)."""
    if not ments:
        return ments
    ments.sort(key=lambda m: m.start)
    # (a) left modifiers of role nouns and of names: "Israeli jets", "Iran's minister", "Hamas-led"
    out: list[Mention] = []
    for m in ments:
        prev = out[-1] if out else None
        if prev is not None and m.role in ("agent",) and modifies(vocab, doc, prev, m):
            out[-1] = apply_modifier(vocab, doc, prev, m)
            continue
        if prev is not None and m.role in ("name", "ner", "agent") and backs(vocab, doc, prev, m):
            m.patron = prev.actor
        if prev is not None and m.role == "ner" and m.actor.kind == "organization" and m.actor.country is None \
                and prev.entity is not None and prev.entity.type == "state" and prev.role in ("name", "metonym") \
                and m.start - prev.end == 1 and doc[prev.end].text in ("'s", "’s"):
            m.actor.country, m.via = prev.actor.country, "possessor"  # "the UK's National Crime Agency"
        out.append(m)
    out = compound_titles(vocab, doc, out)
    # (b) right: "President of France", "militias in Iraq", "the Supreme Court of Puerto Rico"
    for m in out:
        if m.role == "agent" or (m.role == "ner" and m.actor.country is None):
            for neighbour, country in right_of(vocab, doc, m, out):
                neighbour.actor.country = country  # the tail's body takes its state
    # (c) appositions and titles before names
    merged: list[Mention] = []
    i = 0
    while i < len(out):
        m = out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is not None:
            joined = appose(vocab, doc, m, nxt, date, toks)
            if joined is not None:
                merged.append(joined)
                i += 2
                continue
        merged.append(m)
        i += 1
    return merged


def compound_titles(vocab: ActorWords, doc, ments: list[Mention]) -> list[Mention]:
    """(a2) Two role nouns written as one title ("U.S. deputy" + "secretary of state", "vice" +
    "president"): when the first ends in a title prefix (`title_prefixes`) that modifies the second,
    they are one role, the second's, with the first's country when it has one. Only those: "rebel
    fighters" or "opposition leader" keep the first noun's reading. Without this the apposition
    after a name ("Richard Armitage, former U.S. deputy secretary of state") finds two titles and
    gives the name neither."""
    out: list[Mention] = []
    for m in ments:
        prev = out[-1] if out else None
        if prev is not None and prev.role == "agent" and m.role == "agent" and prev.end == m.start \
                and doc[prev.end - 1].lower_ in vocab.title_prefixes \
                and not (prev.actor.country and m.actor.country and prev.actor.country != m.actor.country) \
                and m.start <= doc[prev.end - 1].head.i < m.end and doc[prev.end - 1].dep_ in ("compound", "amod"):
            actor = replace(m.actor, text=doc[prev.start:m.end].text, start=prev.actor.start,
                            country=prev.actor.country or m.actor.country,
                            sector=m.actor.sector or prev.actor.sector)
            out[-1] = Mention(prev.start, m.end, actor, "agent", agent=m.agent, sent=m.sent, plural=m.plural,
                              patron=prev.patron or m.patron, via=prev.via if prev.actor.country else m.via,
                              parts=[*(prev.parts or [(prev.start, prev.end)]), (m.start, m.end)],
                              tail_end=m.tail_end)
            continue
        out.append(m)
    return out


def tokens_between(doc, a: Mention, b: Mention) -> list:
    return [t for t in doc[a.end:b.start]]


def modifies(vocab: ActorWords, doc, prev: Mention, m: Mention) -> bool:
    if prev.role not in ("adj", "name", "metonym", "place", "ner") or prev.actor.country is None and prev.role != "ner":
        return False
    if prev.role == "ner" and prev.actor.kind == "person":
        return False
    if m.start - prev.end > 4:
        return False  # every reading below wants at most four words between: skip the far pairs
    gap = [t.text for t in tokens_between(doc, prev, m)]
    if gap == [] or gap in (["'s"], ["’s"], ["'"], ["’"]):
        return prev.role != "ner" or prev.actor.kind == "organization"
    if len(gap) == 2 and gap[0] in ("-", "–") and gap[1].lower() in vocab.led:
        return True
    # "AU trade and industry commissioner", "Iranian oil minister": lower-case field words between
    toks = tokens_between(doc, prev, m)
    if m.agent is not None and m.agent.title and prev.role in ("name", "adj") and 0 < len(toks) <= 4 \
            and prev.actor.country is not None and all(
                t.text.islower() and t.pos_ in ("NOUN", "CCONJ", "ADJ", "PROPN") for t in toks) \
            and toks[-1].pos_ in ("NOUN", "PROPN", "ADJ"):
        return True
    # "Polish Roman Catholic priests", "Syrian Kurdish fighters": a nationality, then other qualifiers
    if prev.role == "adj" and m.agent is not None and m.agent.kind != "state" and 0 < len(toks) <= 3 and all(
            (t.text[:1].isupper() or t.pos_ == "ADJ" and m.agent.kind != "population")
            and t.pos_ in ("ADJ", "PROPN") and t.ent_type_ in ("", "NORP")
            for t in toks):  # not "Israeli airstrike victims": what stands between is what they suffered
        return True
    return False


def backs(vocab: ActorWords, doc, prev: Mention, m: Mention) -> bool:
    if m.start - prev.end != 2:
        return False  # only "X-backed": two tokens between (checked first: most pairs are far apart)
    gap = [t.text.lower() for t in tokens_between(doc, prev, m)]
    return len(gap) == 2 and gap[0] in ("-", "–") and gap[1] in vocab.backed and prev.actor.country is not None


def apply_modifier(vocab: ActorWords, doc, prev: Mention, m: Mention) -> Mention:
    a = m.agent
    src = prev.actor
    actor = replace(m.actor, text=doc[prev.start:m.end].text, start=doc[prev.start].idx, end=m.actor.end)
    possessive = any(t.text in POSSESSIVE for t in tokens_between(doc, prev, m))
    patron = None
    if a and a.sector in ("REB", "UAF") and possessive and prev.entity is not None and prev.entity.type == "state":
        # "Israel's proxies": the possessor backs them; their own base comes from "in X" or context
        patron = src
    else:
        actor.country = src.country
        if a is not None and a.weak or actor.sector is None:
            actor.sector = src.sector if prev.role != "adj" or a is None or a.weak else actor.sector
            if a is not None and a.weak and a.kind != "person":
                actor.kind = src.kind
        if a is not None and a.weak and a.kind == "person" and src.kind == "armed_group":
            actor.sector = src.sector or "REB"
    if actor.name is None:
        actor.name = f"{src.name or src.text} {m.actor.text}".strip() if not patron else m.actor.text
    nm = Mention(prev.start, m.end, actor, "agent", agent=a, sent=m.sent, plural=m.plural, patron=patron,
                 parts=[(prev.start, prev.end), (m.start, m.end)])
    return nm


def right_of(vocab: ActorWords, doc, m: Mention, ments: list[Mention]) -> list[tuple[Mention, str]]:
    """'President of France' takes FRA; 'militias in Iraq' are based in IRQ. Sets `m`'s own fields;
    a body named in the tail that takes its state from there ("chief of the Indonesian State
    Intelligence Agency", "director of Argentina's Amnesty International") is returned as
    (mention, country) for the caller to apply, not changed here."""
    given: dict[int, tuple[Mention, str]] = {}

    def country(x: Mention) -> Optional[str]:
        return given[id(x)][1] if id(x) in given else x.actor.country

    j = m.end
    if m.role == "ner" and m.actor.kind == "person" and j + 3 < len(doc) and doc[j].text == "," \
            and doc[j + 1].like_num and doc[j + 2].text == "," and doc[j + 3].lower_ == "from":
        j += 3  # "John Smith, 40, from Canada,"
    if j >= len(doc) or doc[j].lower_ not in ("of", "in", "from", "for", "at"):
        return []
    k = j + 1
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    nxt = next((x for x in ments if x.start == k), None)
    if nxt is None and k < len(doc):  # "in Gaza City": the place may be a longer name
        nxt = next((x for x in ments if x.start <= k < x.end), None)
    if nxt is not None and nxt.role == "adj":  # "chief of the Indonesian State Intelligence Agency"
        head = next((x for x in ments if x.start == nxt.end and x.role != "adj" and x.actor.kind != "person"), None)
        if head is not None and head.actor.country not in (None, country(nxt)) and head.role != "agent":
            head = None  # "the Tunisian League": not another state's "League"
        if head is not None:
            if head.actor.country is None:
                given[id(head)] = (head, country(nxt))
            nxt = head
    if nxt is not None and nxt.end + 1 < len(doc) and doc[nxt.end].text in POSSESSIVE \
            and (nxt.actor.kind == "state" or nxt.role in ("name", "metonym", "place")):
        # "the director of Argentina's Amnesty International": the possessed body
        owned = next((x for x in ments if x.start == nxt.end + 1 and x.role != "adj"), None)
        if owned is not None and owned.actor.kind not in ("state", "place"):
            if owned.actor.country is None or owned.actor.country in NON_STATE:
                given[id(owned)] = (owned, country(nxt))
            nxt = owned
    if nxt is not None and country(nxt) is None and doc[j].lower_ == "for" and m.agent is not None \
            and m.agent.speaks_for and m.agent.weak and nxt.actor.sector and m.actor.country is None:
        m.actor.sector, m.tail_end = nxt.actor.sector, nxt.end  # "a spokeswoman for the police department"
        return list(given.values())
    if nxt is None or country(nxt) is None:
        return list(given.values())
    prep = doc[j].lower_
    sector = m.agent.sector if m.agent else None
    if m.role == "ner":
        # "Patrice Talon of Benin", "Jennifer Lu of <a Taiwanese group>", "the Supreme Court of Puerto Rico"
        if prep in ("of", "from") and country(nxt) and country(nxt) not in NON_STATE and (
                nxt.actor.kind in ("state", "place", "organization", "armed_group") or nxt.role == "place"):
            m.actor.country = country(nxt)
            m.via = "of"
        if prep == "in" and m.actor.kind == "organization" and m.actor.country is None and country(nxt) \
                not in NON_STATE and (nxt.role == "place" or nxt.place is not None):
            m.actor.country, m.via = country(nxt), "of"  # "Charité in Berlin"
        if prep == "of" and m.actor.kind == "person" and m.actor.sector is None and nxt.role != "place" \
                and nxt.actor.kind in ("organization", "armed_group", "igo"):
            m.actor.sector = nxt.actor.sector  # "Morgan Tsvangirai of the MDC": the body's sector
        return list(given.values())
    a = m.agent
    tail_prep = prep == "of" or (a is not None and (prep == "for" and a.speaks_for or
                                                      prep == "at" and a.kind == "person" and a.title))
    if tail_prep and m.actor.country is None and (a is None or a.title or a.kind == "organization"):
        m.actor.country = country(nxt)
        m.tail_end = nxt.end
        if a is not None and a.title and not a.weak and nxt.actor.kind in ("organization", "armed_group", "igo") \
                and nxt.role not in ("place", "adj") and nxt.actor.sector:
            m.actor.sector = nxt.actor.sector  # "the president of the Senate": LEG
        if m.agent is not None and m.agent.weak:
            m.actor.sector = nxt.actor.sector
            if nxt.actor.kind == "armed_group":
                m.actor.sector = nxt.actor.sector or "REB"
    elif prep in ("in", "from") and sector in sectors.BASED_WHERE_THEY_ARE and (m.actor.country is None or m.patron is not None):
        m.actor.country = country(nxt)
    return list(given.values())


def appose(vocab: ActorWords, doc, a: Mention, b: Mention, date, toks: Sequence) -> Optional[Mention]:
    """Merge 'TITLE[,] NAME' and 'NAME, TITLE,' into one actor, the name's (`toks`: `list(doc)`)."""
    gap = [t.text for t in toks[a.end:b.start]]
    if gap and gap[0] == ",":
        gap = [gap[0]] + [w for w in gap[1:] if w.lower() not in vocab.title_qualifiers]
    if gap not in ([], [","], [",", "the"], [",", "a"], [",", "an"]):
        return None
    if a.role == "agent" and (a.agent is None or a.agent.title or a.agent.sector == "REB" or a.agent.weak) \
            and is_person(b):
        return merge_person(vocab, doc, a, b, title=a, name=b, date=date)
    if a.role == "demonym" and gap == [","] and a.start > 0 and doc[a.start - 1].lower_ in ("a", "an") \
            and is_person(b) and not b.actor.country:
        # "An Australian, Brenton Tarrant,": the nationality, not a sector
        merged = merge_person(vocab, doc, a, b, title=a, name=b, date=date)
        merged.actor.sector = b.actor.sector
        return merged
    if is_person(a) and b.role == "agent" and gap and b.agent is not None and b.agent.title:
        tail = b.tail_end or b.end
        after = doc[tail] if tail < len(doc) else None
        if after is None or after.text in (",", ".", ";", ":") or after.is_space:
            return merge_person(vocab, doc, a, b, title=b, name=a, date=date)
    if a.role == "agent" and gap in ([","], [",", "the"]) and b.role == "name" and b.entity is not None \
            and b.entity.type in ("armed_group", "organization", "body"):
        # "Yemen's proxy, the Houthis": the name is the actor; the description is kept for checks
        actor = replace(b.actor, text=doc[a.start:b.end].text, start=a.actor.start)
        return Mention(a.start, b.end, actor, "name", entity=b.entity, sent=a.sent, plural=b.plural,
                       descriptor={"noun": doc[a.end - 1].lemma_.lower(), "text": a.actor.text,
                                   "of": a.actor if a.actor.country or a.patron else None,
                                   "patron": a.patron},
                       parts=[(a.start, a.end), (b.start, b.end)])
    return None


def merge_person(vocab: ActorWords, doc, whole_a: Mention, whole_b: Mention, title: Mention, name: Mention, date) -> Mention:
    p = name.actor
    country = p.country or title.actor.country
    sector = p.sector if name.entity is not None else (title.actor.sector or p.sector)
    if name.entity is not None and title.actor.sector and not p.sector:
        sector = title.actor.sector
    if not sector and title.agent is not None and title.agent.before_name and title.end == name.start \
            and doc[title.start].text[:1].isupper():
        sector = title.agent.before_name
    actor = Actor(text=doc[whole_a.start:whole_b.end].text, name=p.name or p.text, country=country,
                  sector=sector, kind="person", wikidata=p.wikidata,
                  start=doc[whole_a.start].idx, end=whole_b.actor.end)
    return Mention(whole_a.start, whole_b.end, actor, "name" if name.entity else "ner", entity=name.entity,
                   sent=whole_a.sent, parts=[(title.start, title.end), (name.start, name.end)],
                   descriptor={"noun": doc[title.end - 1].lemma_.lower(), "text": title.actor.text,
                               "of": None, "patron": None})
