"""Where an event (or a figure) happened: the place its own clause names, with its precision.

How the place is chosen, most specific first (`Location.source` says which):
- `clause`: a place that is the object of a locative preposition ("in", "at", "near", "outside",
  ...) in the trigger's own clause: going up the parse from the place, the first verb reached is the
  trigger itself (or the place hangs on the trigger noun: "the attack in Jolo"). A place in another
  clause is another event's place: in "the UAE said in Abu Dhabi that Iran attacked tankers", Abu
  Dhabi is where the saying happened (the ACCUSE event's place), not the attack's.
- `target`: a town or region that is the event's target ("shelled El Fasher").
- `governing`: the place of a non-reporting verb that governs the trigger ("troops arrived in
  Idlib to launch an offensive").
Never a place: a country that is a participant (source or target) of the event; a destination or
origin ("2,000 marines to the region", "from Iran"); any place in the sentence merely because it is
there. No basis: null.

Precision (ACLED geo-precision): 1 a town, city or site (coordinates of that place; GeoNames id and
admin1 code from `events.geo`); 2 a region, border area or sea (the knowledge base's approximate
centroid; admin1 set for US states); 3 a country (no coordinates: a capital is not the event's
point).
"""
from __future__ import annotations

from typing import Optional

from powderkeg.actors.kb import KnowledgeBase
from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.actors.syntax import clause_verb
from powderkeg.events import geo
from powderkeg.records import Location

LOCATIVE = {"in", "at", "near", "along", "across", "outside", "inside", "around", "on", "over", "off", "throughout",
            "within", "between", "beside", "by", "through", "nearby", "north", "south", "east", "west", "close"}
NOT_LOCATIVE_HEADS = {"to", "from", "into", "toward", "towards", "against", "for", "of", "with", "about"}
_VERBS = ("VERB", "AUX")
REGION_KINDS = {"region", "sea", "border", "strait", "area", "province", "state"}


def _prep_of(tok):
    """The locative preposition a place token is the object of, following "in the north of X"."""
    t = tok
    for _ in range(3):
        if t.dep_ == "pobj" and t.head.dep_ == "prep":
            p = t.head
            if p.lower_ in LOCATIVE:
                return p
            if p.lower_ == "of" and t.head.head.dep_ == "pobj":  # "in the north of Syria"
                t = t.head.head
                continue
            return None
        if t.dep_ in ("compound", "amod", "appos", "conj") and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


def _reaches(tok, trigger) -> bool:
    """Is `trigger` reached going up from the preposition `tok` before any other verb, in at most
    three steps ("attacked the base near Mosul", "met with Khalilzad, a US envoy, in Qatar"; not
    "called for an end to the aggression in Gaza", where Gaza is the aggression's place)?"""
    t = tok
    for _ in range(3):
        if t.head.i == t.i:
            return False
        if t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN"):
            return False  # "repression of Cubans and support for Maduro in Venezuela": the conjunct's place
        t = t.head
        if t.i == trigger.i:
            return True
        if t.pos_ in _VERBS:
            return False
    return False


def place_event(kb: KnowledgeBase, da: DocActors, sent, token, participants: list[Mention],
                reporting: frozenset = frozenset(), target: list[Mention] = ()) -> Optional[Location]:
    """The location of what `token` (a trigger or a figure's predicate) says, in sentence `sent`."""
    places = [m for m in da.places if sent.start <= m.start < sent.end and m.place is not None]
    if not places:
        return _border(da, sent, token, participants)
    part = {(m.start, m.end) for m in participants}
    part_countries = {m.actor.country for m in participants if m.actor.kind == "state" or m.role != "place"}
    clause, governing = [], []
    ancestors = {t.i for t in token.ancestors}
    for m in places:
        last = sent.doc[m.end - 1]
        prep = _prep_of(last)
        if prep is None:
            continue
        if (m.start, m.end) in part and prep.lower_ in ("on", "over", "at", "by", "between"):
            continue  # "the attack on Israel", "fired at Israel", "talks between Iran and the US": participants, not places
        if prep.head.i == token.i or _reaches(prep, token):
            clause.append(m)
            continue
        v = clause_verb(prep, depth=12)
        if v is not None and prep.head.i == v.i and v.i in ancestors and v.lemma_.lower() not in reporting:
            governing.append(m)
    for source, group in (("clause", clause), ("target", [m for m in target if m.role == "place" or
                                                            (m.place is not None and m.place.type != "state")]),
                          ("governing", governing)):
        group = [m for m in group if m.place is not None]
        if not group:
            continue
        # the most precise of the candidates: a town over a region over a country
        best = min(group, key=lambda m: (_precision(m), abs(m.start - token.i)))
        if _precision(best) == 3 and best.place.country in part_countries and source != "clause":
            continue
        return _location(kb, best, source)
    return _border(da, sent, token, participants)


def _border(da: DocActors, sent, token, participants: list[Mention]) -> Optional[Location]:
    """'along the Lebanese border', 'on the Syrian frontier': a border region of the state its
    adjective names (precision 2, no coordinates), when the phrase is in the trigger's clause."""
    for t in sent:
        if t.lemma_.lower() not in ("border", "frontier") or t.dep_ != "pobj" or t.head.lower_ not in LOCATIVE:
            continue
        if not (t.head.head.i == token.i or _reaches(t.head, token)):
            continue
        states = [m for c in t.children if c.i < t.i and (m := da.at(c.i)) is not None and m.actor.country]
        if not states:
            continue
        part = {m.actor.country for m in participants}
        m = next((x for x in states if x.actor.country not in part), states[0])
        name = sent.doc[min(c.i for c in t.children if c.i < t.i and c.dep_ != "det"):t.i + 1].text
        return Location(name=name, country=m.actor.country, precision=2, source="clause")
    return None


def _precision(m: Mention) -> int:
    p = m.place
    if p.type == "state":
        return 3
    if (p.kind or "") == "city":
        return 1
    if p.idx < 0:  # a place spaCy found that the base does not know: a town or a region, unknown
        return 2
    return 2


def _location(kb: KnowledgeBase, m: Mention, source: str) -> Location:
    p = m.place
    prec = _precision(m)
    name = p.name if p.idx >= 0 else m.actor.text
    if prec == 3:
        return Location(name=name, country=p.country, precision=3, source=source)
    if prec == 1:
        c = geo.city(p.name, p.country)
        if c is not None:
            return Location(name=name, country=p.country, lat=p.lat if p.lat is not None else c.lat,
                            lon=p.lon if p.lon is not None else c.lon, admin1=c.admin1, geonames_id=c.geonames_id,
                            precision=1, source=source)
        return Location(name=name, country=p.country, lat=p.lat, lon=p.lon, precision=1, source=source)
    admin1 = p.name if p.country == "USA" and (p.kind or "") == "region" else None
    return Location(name=name, country=p.country, lat=p.lat, lon=p.lon, admin1=admin1, precision=2, source=source)
