"""Disagreements across stored articles: what `powderkeg conflicts` lists.

- Figures: two figures for the same quantity and place (the place's name; its country only when
  no name is known, so 12 killed in Gaza City and 3 in Jenin do not clash) within a window of days
  that cannot both be true. Each figure is read as the interval its qualifier allows ("over 9,700" is [9700, inf),
  "about 200" is [180, 220], "20 to 30" is [20, 30]); two figures conflict when their intervals do
  not meet. A rising toll reported on different days is still listed: the analyst decides whether
  it is growth or disagreement, and sees both sources side by side.
- Stances: the same actor reported as supporting and as opposing the same issue within a window.
Both compare records from different documents (the same text stored under two ids is one
document), and use the record's date, else its document's publication date.
- Figures compare like with like: the same quantity, the same victims (`victims`: 33 militants
  killed and 100 passengers killed are two tolls, not a disagreement; "unspecified" compares only
  with "unspecified") and the same place.
- Within one article (`figure_conflicts(..., within=True)`, listed too): two tolls for the same
  quantity, victims and place, on the same date, that cannot both hold; why starts "within one
  article". A toll revised in the text ("revised downwards an earlier toll of 27") shows up here on
  purpose: the analyst sees the two numbers the article gives.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any, Optional

ABOUT = 0.10  # "about", "nearly", "some": within 10%


@dataclass
class Side:
    doc_id: str
    title: Optional[str]
    date: Optional[Date]
    text: str  # the evidence sentence
    value: Any  # figure value text or stance
    who: list[str] = field(default_factory=list)  # claimed_by (figures) or the actor (stances)


@dataclass
class Conflict:
    kind: str  # figure | stance
    about: str  # "killed in Gaza", "Iran on ceasefire"
    a: Side
    b: Side
    why: str

    def to_dict(self) -> dict:
        def side(s: Side) -> dict:
            return {"doc_id": s.doc_id, "title": s.title, "date": s.date.isoformat() if s.date else None,
                    "value": s.value, "who": s.who, "text": s.text}
        return {"kind": self.kind, "about": self.about, "why": self.why, "a": side(self.a), "b": side(self.b)}


def interval(value: float, qualifier: str, value_max: Optional[float] = None) -> tuple[float, float]:
    """The values a reported figure allows."""
    if value_max is not None and value_max >= value:
        return value, value_max
    q = (qualifier or "exact").lower()
    if q in ("more_than", "at_least"):
        return value, math.inf
    if q in ("less_than", "up_to"):
        return 0.0, value
    if q == "about":
        return value * (1 - ABOUT), value * (1 + ABOUT)
    return value, value


def _close(a: Optional[Date], b: Optional[Date], days: int) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= days


def _pairs(rows: list, key: tuple[int, int], doc: int, text_hash: int, day: int, days: int, within: bool = False):
    """Pairs of rows with the same key, from different documents (the same text stored under two
    ids is one document), dated within `days` of each other: (key, x, y). `within`: pairs from
    the same document instead."""
    groups: dict[tuple, list] = {}
    for r in rows:
        groups.setdefault((r[key[0]], r[key[1]]), []).append(r)
    for k, items in groups.items():
        for i, x in enumerate(items):
            for y in items[i + 1:]:
                if within:
                    if x[doc] == y[doc] and _close(x[day], y[day], days):
                        yield k, x, y
                elif x[doc] != y[doc] and x[text_hash] != y[text_hash] and _close(x[day], y[day], days):
                    yield k, x, y


def figure_conflicts(con, days: int = 7, within: bool = False) -> list[Conflict]:
    rows = con.execute("""
        SELECT f.doc_id, d.title, coalesce(f.date, d.date) AS day,
               f.quantity || ' of ' || coalesce(f.record->>'victims', 'unspecified') AS quantity,
               coalesce(lower(f.location_name), f.location_country) AS place, f.location_name,
               f.value, f.qualifier, f.record, d.content_hash
        FROM figures f JOIN documents d USING (doc_id)
        WHERE f.value IS NOT NULL AND (f.location_country IS NOT NULL OR f.location_name IS NOT NULL)
        ORDER BY f.quantity, place, day""").fetchall()
    out: list[Conflict] = []
    for (quantity, _place), x, y in _pairs(rows, key=(3, 4), doc=0, text_hash=9, day=2, days=0 if within else days,
                                           within=within):
        rx, ry = json.loads(x[8]), json.loads(y[8])
        ix = interval(x[6], x[7], rx.get("value_max"))
        iy = interval(y[6], y[7], ry.get("value_max"))
        if ix[1] < iy[0] or iy[1] < ix[0]:
            out.append(Conflict("figure", f"{quantity} in {x[5] or y[5]}", _fig_side(x, rx), _fig_side(y, ry),
                                ("within one article: " if within else "") + f"{_fmt(rx)} and {_fmt(ry)} cannot both hold"))
    return out


def _fig_side(row, rec: dict) -> Side:
    who = [a.get("name") or a.get("text") for a in rec.get("claimed_by") or []]
    return Side(row[0], row[1], row[2], rec.get("text", ""), _fmt(rec), who)


def _fmt(rec: dict) -> str:
    q = rec.get("qualifier") or "exact"
    v = rec.get("value")
    v = int(v) if isinstance(v, float) and v.is_integer() else v
    if rec.get("value_max") is not None:
        vm = rec["value_max"]
        return f"{v}-{int(vm) if float(vm).is_integer() else vm}"
    words = {"exact": "", "about": "about ", "more_than": "more than ", "at_least": "at least ",
             "less_than": "fewer than ", "up_to": "up to "}
    return f"{words.get(q, q + ' ')}{v}"


OPPOSITE = {("support", "oppose"), ("oppose", "support")}


def stance_conflicts(con, days: int = 30, by: str = "actor") -> list[Conflict]:
    """`by="actor"` compares the same named actor; `by="country"` compares states as a whole."""
    who = "coalesce(s.actor_name, s.actor_country)" if by == "actor" else "coalesce(s.actor_country, s.actor_name)"
    rows = con.execute(f"""
        SELECT s.doc_id, d.title, coalesce(s.date, d.date) AS day, {who} AS who, s.issue, s.stance, s.record,
               d.content_hash
        FROM stances s JOIN documents d USING (doc_id)
        WHERE {who} IS NOT NULL
        ORDER BY who, s.issue, day""").fetchall()
    out: list[Conflict] = []
    for (actor, issue), x, y in _pairs(rows, key=(3, 4), doc=0, text_hash=7, day=2, days=days):
        if (x[5], y[5]) not in OPPOSITE:
            continue
        rx, ry = json.loads(x[6]), json.loads(y[6])
        out.append(Conflict("stance", f"{actor} on {issue}", _stance_side(x, rx), _stance_side(y, ry),
                            f"reported both to {x[5]} and to {y[5]} {issue}"))
    return out


def _stance_side(row, rec: dict) -> Side:
    actor = rec.get("actor") or {}
    value = rec.get("stance") + (f" (until/if: {rec['condition']})" if rec.get("condition") else "")
    return Side(row[0], row[1], row[2], rec.get("text", ""), value, [actor.get("text") or ""])


def find_conflicts(con, figure_days: int = 7, stance_days: int = 30, by: str = "actor") -> list[Conflict]:
    return figure_conflicts(con, figure_days) + figure_conflicts(con, figure_days, within=True) + \
        stance_conflicts(con, stance_days, by)
