"""Typed output records (the contract of ../shared/design/records.md) and their one serialiser.

Every record is a dataclass; `to_dict` is the single place where records become JSON-ready dicts,
so the JSON Lines output, the DuckDB store and the evaluation all see the same shape.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass
class Actor:
    """An actor as written in the text and as resolved against the knowledge base."""

    text: str
    name: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    kind: Optional[str] = None
    wikidata: Optional[str] = None
    start: Optional[int] = None  # character offsets of the mention in the document text
    end: Optional[int] = None

    def key(self) -> tuple:
        return (self.name or self.text, self.country, self.sector)

    def public(self) -> dict[str, Any]:
        d = {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector,
             "kind": self.kind, "wikidata": self.wikidata}
        if self.start is not None:
            d["span"] = [self.start, self.end]
        return d


@dataclass
class Location:
    """Where: `precision` 1 point (town, city, site), 2 region (admin1 or a named area), 3 country
    (ACLED geo-precision); coordinates are those of the place named, at that precision, never a
    capital's. `source` says which words placed it (see events/where.py)."""

    name: str
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    admin1: Optional[str] = None  # GeoNames admin1 code ("SD.36") or a US state name
    geonames_id: Optional[int] = None
    precision: Optional[int] = None
    source: Optional[str] = None


@dataclass
class Trigger:
    text: str
    span: tuple[int, int]


@dataclass
class Evidence:
    """Where a record came from: sentence index, sentence text and its span in the document."""

    sentence_index: int
    text: str
    span: tuple[int, int]


@dataclass
class Record:
    doc_id: str
    evidence: Evidence

    kind = "record"

    def body(self) -> dict[str, Any]:  # overridden
        return {}


@dataclass
class Event(Record):
    type: str = ""
    mode: Optional[str] = None
    context: list[str] = field(default_factory=list)
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    attributed_to: Optional[Actor] = None
    trigger: Optional[Trigger] = None
    date: Optional[str] = None
    location: Optional[Location] = None
    cameo: Optional[str] = None
    date_precision: Optional[str] = None  # day | week | month | year
    date_source: Optional[str] = None  # explicit | relative | publication
    date_end: Optional[str] = None  # the end of a range ("between 5 and 7 March")
    goldstein: Optional[float] = None
    quad: Optional[int] = None
    plover_score: Optional[float] = None
    confidence: float = 0.5
    issue: Optional[str] = None
    mentions: int = 1
    id: str = ""

    kind = "event"

    def body(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": self.context,
            "source": [a.public() for a in self.source], "target": [a.public() for a in self.target],
            "negated": self.negated, "hypothetical": self.hypothetical,
            "attributed_to": self.attributed_to.public() if self.attributed_to else None,
            "trigger": {"text": self.trigger.text, "span": list(self.trigger.span)} if self.trigger else None,
            "date": self.date, "date_precision": self.date_precision, "date_source": self.date_source,
            "date_end": self.date_end, "location": dataclasses.asdict(self.location) if self.location else None,
            "cameo": self.cameo, "goldstein": self.goldstein, "quad": self.quad,
            "plover_score": self.plover_score, "confidence": round(self.confidence, 3),
            "issue": self.issue, "mentions": self.mentions,
        }


@dataclass
class Figure(Record):
    quantity: str = ""
    value: float = 0
    qualifier: str = "exact"
    actor: list[Actor] = field(default_factory=list)
    claimed_by: list[Actor] = field(default_factory=list)
    location: Optional[Location] = None
    date: Optional[str] = None
    value_text: str = ""
    value_max: Optional[float] = None
    id: str = ""
    victims: Optional[str] = None  # civilians | soldiers | militants | police | protesters | passengers | ... | unspecified
    date_precision: Optional[str] = None
    date_source: Optional[str] = None

    kind = "figure"

    def body(self) -> dict[str, Any]:
        return {"id": self.id, "quantity": self.quantity, "value": self.value, "value_max": self.value_max,
                "qualifier": self.qualifier, "value_text": self.value_text,
                "actor": [a.public() for a in self.actor], "claimed_by": [a.public() for a in self.claimed_by],
                "location": dataclasses.asdict(self.location) if self.location else None, "date": self.date,
                "date_precision": self.date_precision, "date_source": self.date_source, "victims": self.victims}


@dataclass
class Stance(Record):
    actor: Optional[Actor] = None
    issue: str = ""
    stance: str = ""
    condition: Optional[str] = None
    date: Optional[str] = None
    issue_text: str = ""  # the words the issue was named with ("the nuclear deal")
    id: str = ""
    negated: bool = False  # the position was stated negated ("refused to back"): `stance` already reads it
    hypothetical: bool = False  # the position is only possible or conditional ("could accept")

    kind = "stance"

    def body(self) -> dict[str, Any]:
        return {"id": self.id, "actor": self.actor.public() if self.actor else None, "issue": self.issue,
                "issue_text": self.issue_text, "stance": self.stance, "condition": self.condition,
                "date": self.date, "negated": self.negated, "hypothetical": self.hypothetical}


@dataclass
class Relation(Record):
    subject: Optional[Actor] = None
    relation: str = ""
    object: Optional[Actor] = None
    trigger: Optional[Trigger] = None  # the words that state the relation ("Yemen's proxy, the Houthis")
    id: str = ""
    negated: bool = False  # "Egypt is not an ally of Turkey"
    hypothetical: bool = False  # "Iran would back Hamas if ...": not asserted as a fact

    kind = "relation"

    def body(self) -> dict[str, Any]:
        return {"id": self.id, "subject": self.subject.public() if self.subject else None,
                "relation": self.relation, "object": self.object.public() if self.object else None,
                "trigger": {"text": self.trigger.text, "span": list(self.trigger.span)} if self.trigger else None,
                "negated": self.negated, "hypothetical": self.hypothetical}


@dataclass
class Flag(Record):
    severity: str = "warning"
    message: str = ""
    claim: Optional[dict] = None
    reference: Optional[dict] = None
    id: str = ""

    kind = "flag"

    def body(self) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "message": self.message,
                "claim": self.claim, "reference": self.reference}


def to_dict(record: Record) -> dict[str, Any]:
    """The one serialiser: common fields first, then the record's own body."""
    d: dict[str, Any] = {"kind": record.kind, "doc_id": record.doc_id}
    d.update(record.body())
    ev = record.evidence
    d["sentence_index"] = ev.sentence_index
    d["text"] = ev.text
    d["span"] = list(ev.span)
    return d


def to_json(record: Record) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False)
