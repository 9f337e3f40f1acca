"""Pass 3: referring back. Surnames, abbreviations, pronouns, "the group", "the strip" take an
earlier mention's actor (the mention's own text and span are kept)."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from powderkeg.actors.mentions import ActorWords, Mention


def refer_back(vocab: ActorWords, doc, ments: list[Mention], sent_of) -> None:
    surnames: dict[str, Mention] = {}
    history: list[Mention] = []
    named: dict[str, Mention] = {}  # full names already read as people ("Connie Moganedi" typed ORG later)
    short: dict[str, Mention] = {}  # "National Crime Agency (NCA)": the document's own abbreviations
    for m in ments:
        if m.role in ("ner", "agent") and m.actor.text in short and m.actor.name in (None, m.actor.text) \
                and short[m.actor.text] is not m:
            src = short[m.actor.text]
            m.actor = replace(src.actor, text=m.actor.text, start=m.actor.start, end=m.actor.end)
            m.entity, m.via = src.entity, src.via or "abbreviation"
        if m.actor.kind in ("organization", "igo", "armed_group") and m.actor.country and m.end + 2 < len(doc) \
                and doc[m.end].text == "(" and doc[m.end + 2].text == ")" and doc[m.end + 1].is_upper \
                and len(doc[m.end + 1]) >= 2:
            short.setdefault(doc[m.end + 1].text, m)
        if m.role == "ner" and m.actor.text in named and (m.actor.sector is None or m.actor.country is None) \
                and m.actor.kind in ("organization", "person") and named[m.actor.text] is not m:
            src = named[m.actor.text]
            m.actor = replace(src.actor, text=m.actor.text, start=m.actor.start, end=m.actor.end)
            m.via, m.copied_from = src.via or "surname", src
        if m.role in ("ner", "name") and m.actor.kind == "person" and m.end - m.start >= 2:
            named.setdefault(m.actor.text, m)
        if m.role in ("ner", "name") and m.actor.kind == "person":
            last = doc[m.end - 1].text
            if m.end - m.start == 1 and last in surnames and (m.actor.country is None or m.role == "ner"):
                src = surnames[last]
                m.actor = replace(src.actor, text=m.actor.text, start=m.actor.start, end=m.actor.end)
                m.entity, m.copied_from = src.entity, src
                m.via = "surname"
            elif m.actor.name:
                surnames[m.actor.name.split()[-1]] = m
                surnames[last] = m
        elif m.role == "pronoun":
            ref = antecedent(vocab, doc, m, history)
            if ref is not None:
                m.actor = replace(ref.actor, text=m.actor.text, start=doc[m.start].idx,
                                  end=doc[m.end - 1].idx + len(doc[m.end - 1]))
                m.entity, m.copied_from = ref.entity, ref
                m.via = "pronoun"
        elif m.role == "anaphor":
            ref = anaphor(vocab, doc, m, history)
            if ref is not None:
                m.actor = replace(ref.actor, text=m.actor.text, start=doc[m.start].idx,
                                  end=doc[m.end - 1].idx + len(doc[m.end - 1]))
                m.entity, m.place = ref.entity, ref.place
                m.via = "anaphor"
        if m.actor.country is not None or m.actor.kind == "person" or m.place is not None:
            history.append(m)


def antecedent(vocab: ActorWords, doc, m: Mention, history: list[Mention]) -> Optional[Mention]:
    low = doc[m.start].lower_
    for h in reversed(history):
        if m.sent - h.sent > 2:
            break
        if h.role in ("place", "pronoun") and h.actor.country is None:
            continue
        kind = h.actor.kind
        if low in vocab.pron_person:
            if kind == "person":
                g = h.entity.gender if h.entity is not None else None
                if g and ((low in ("she", "her", "hers", "herself")) != (g == "f")):
                    continue
                return h
        elif low in vocab.pron_group:
            if h.role == "place" or kind == "person" or (h.role == "adj" and not h.plural):
                continue
            if m.sent - h.sent > 1:
                break
            return h
        elif low in vocab.pron_thing:
            # a state is singular whatever its name looks like ("the United States ... its")
            if kind in ("state", "organization", "armed_group", "igo") and (not h.plural or kind == "state") \
                    and h.role not in ("adj", "place"):
                if m.sent - h.sent > 1:
                    break
                return h
    return None


def anaphor(vocab: ActorWords, doc, m: Mention, history: list[Mention]) -> Optional[Mention]:
    noun = doc[m.end - 1].lower_
    want = vocab.anaphoric.get(noun)
    for h in reversed(history):
        if noun in vocab.descriptor_nouns and h.place is not None and noun in (h.place.descriptors or []):
            return h
        if want == "armed_group" and h.actor.kind == "armed_group" and h.role != "agent":
            return h
        if want == "state" and h.actor.kind == "state" and h.role in ("name", "metonym"):
            return h
    return None
