"""Where an event (or a figure) happened: the place in a locative phrase on its trigger, else the
first place of the sentence that is not a target, with the state's coordinates as a fallback."""
from __future__ import annotations

from typing import Optional

from powderkeg.actors.kb import KnowledgeBase
from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.records import Location

LOCATIVE = {"in", "at", "near", "along", "across", "outside", "inside", "around", "on", "over", "from", "into"}


def locate(kb: KnowledgeBase, da: DocActors, sent, token, target: list[Mention]) -> Optional[Location]:
    """The location of what `token` (a trigger or a figure's predicate) says, in sentence `sent`;
    `target` are the mentions that are its target (a target is not where it happened)."""
    places = [m for m in da.places if sent.start <= m.start < sent.end and m.place is not None]
    if not places:
        return None
    near = {token.i} | {t.i for t in token.children} | {token.head.i}
    best: Optional[Mention] = None
    for m in places:
        tok = sent.doc[m.end - 1]
        if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE and (tok.head.head.i in near or tok.head.head.head.i in near):
            best = m
            break
    if best is None:
        tgt = {id(t) for t in target}
        best = next((m for m in places if id(m) not in tgt), places[0])
    p = best.place
    lat, lon = p.lat, p.lon
    if (lat is None or lon is None) and p.country and p.type == "state":
        st = kb.state(p.country)
        lat, lon = (st.lat, st.lon) if st else (None, None)
    return Location(name=p.name if p.idx >= 0 else best.actor.text, country=p.country, lat=lat, lon=lon)
