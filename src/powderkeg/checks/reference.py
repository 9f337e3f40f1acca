"""The reference base of alignments (`data/kb/alignments.yaml`) as the checker queries it.

Entries are dated and sourced; `ally_of` and `adversary_of` are symmetric and written once, so they
are indexed both ways here. Actors are keyed as the base keys them: a state code for states and
their officials, forces and agencies; the entry name for armed groups and organisations; and, for
an unnamed group ("its militia in Iraq"), the country it is placed in, which the checker compares
with the named groups the base knows there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from powderkeg.actors import sectors
from powderkeg.actors.kb import KnowledgeBase
from powderkeg.records import Actor

SYMMETRIC = {"ally_of", "adversary_of"}
PLACE_KINDS = {"region", "city", "place", "territory", "province", "district"}


@dataclass(frozen=True)
class Alignment:
    subject: str
    relation: str
    object: str
    start: Optional[int]  # year
    end: Optional[int]  # year, None = still valid
    source: str
    note: str = ""

    def valid(self, year: Optional[int]) -> bool:
        if year is None:
            return self.end is None
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)

    def public(self) -> dict:
        return {"subject": self.subject, "relation": self.relation, "object": self.object,
                "from": self.start, "to": self.end, "source": self.source, "note": self.note or None}


def _year(v) -> Optional[int]:
    if v is None:
        return None
    try:
        return int(str(v)[:4])
    except ValueError:
        return None


class Reference:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.by_pair: dict[tuple[str, str], list[tuple[str, Alignment]]] = {}
        self.names: set[str] = set()
        for e in kb.alignments:
            a = Alignment(str(e["subject"]), e["relation"], str(e["object"]), _year(e.get("from")),
                          _year(e.get("to")), e.get("source", ""), e.get("note", "") or "")
            self.names.update((a.subject, a.object))
            self.by_pair.setdefault((a.subject, a.object), []).append((a.relation, a))
            if a.relation in SYMMETRIC:
                self.by_pair.setdefault((a.object, a.subject), []).append((a.relation, a))
        self.group_country: dict[str, str] = {}
        for ent in kb.entities:
            if ent.type == "armed_group" and ent.name in self.names and ent.country:
                self.group_country[ent.name] = ent.country

    # ------------------------------------------------------------------ keys
    def key(self, actor: Actor) -> Optional[str]:
        """The base's key for an actor, or None for an actor the base cannot speak about."""
        if actor.name and actor.name in self.names and actor.kind != "state":
            return actor.name
        if actor.kind in PLACE_KINDS:
            return None  # "the Republic of Artsakh": a region's own authorities are not its state
        if actor.country and (actor.kind == "state" or actor.sector in sectors.STATE):
            return actor.country
        return None

    def is_unnamed_group(self, actor: Actor) -> bool:
        return self.key(actor) is None and actor.country is not None and actor.sector in sectors.GROUP

    # ------------------------------------------------------------------ queries
    def holds(self, s: str, relation: str, o: str, year: Optional[int]) -> list[Alignment]:
        return [a for r, a in self.by_pair.get((s, o), []) if r == relation and a.valid(year)]

    def patrons(self, group: str, year: Optional[int]) -> dict[str, Alignment]:
        """Who the base says backs a group (backs P->group, or group proxy_of P)."""
        out: dict[str, Alignment] = {}
        for (s, o), rels in self.by_pair.items():
            for r, a in rels:
                if not a.valid(year):
                    continue
                if r == "backs" and o == group:
                    out.setdefault(s, a)
                elif r == "proxy_of" and s == group:
                    out.setdefault(o, a)
        return out

    def groups_in(self, country: str) -> list[str]:
        return [g for g, c in self.group_country.items() if c == country]
