"""Dyads: the escalation index of a pair of actors over time, and alerts when it breaks from its baseline.

Actors are countries (ISO 3166-1 alpha-3, or IGO/NGO/...): a dyad is an unordered pair {A, B}, A != B,
and its rows come from incidents (the same event reported by several articles counts once), each
source country x target country of an incident giving one directed row.

Escalation index of a dyad in a period (day or ISO week, weeks start on Monday) = the sum of the PLOVER
scores of its incidents in that period (negative: conflict; ASSAULT -9, COERCE -7, ... COOPERATE +9.5),
reported with the number of incidents and of mentions (tellings across articles) behind it.

Alert rule (`alerts`), on the weekly index I_w of each dyad:
- baseline: the mean m and standard deviation s of I over the `BASELINE_WEEKS` (8) weeks before w,
  weeks without incidents counting as 0;
- an alert is raised for week w when  m - I_w >= max(Z * s, MIN_DROP)  (Z = 2, MIN_DROP = 9, the
  score of one ASSAULT) and the week has at least `MIN_INCIDENTS` (2) conflict incidents
  (PLOVER score < 0) between the pair, so one report of one clash does not ring the bell;
- its `severity` is the drop divided by max(s, 1) (how many baseline deviations below); the alert lists
  the week's incidents with their evidence.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date as Date, timedelta
from typing import Optional

BASELINE_WEEKS = 8
Z = 2.0
MIN_DROP = 9.0
MIN_INCIDENTS = 2


def week_start(d: Date) -> Date:
    return d - timedelta(days=d.weekday())


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


DYAD_ROWS = ("SELECT i.incident_id, i.type, i.date, i.plover_score, i.n_mentions, i.n_articles, s.c AS src, t.c AS tgt "
             "FROM incidents i, unnest(i.source_countries) AS s(c), unnest(i.target_countries) AS t(c) "
             "WHERE s.c <> t.c AND i.date IS NOT NULL")


def dyad_rows(con, a: Optional[str] = None, b: Optional[str] = None) -> list[tuple]:
    """(incident_id, type, date, score, mentions, articles, src, tgt), restricted to a pair if given."""
    if a and b:
        pre = ("(list_contains(i.source_countries, ?) AND list_contains(i.target_countries, ?)) OR "
               "(list_contains(i.source_countries, ?) AND list_contains(i.target_countries, ?))")
        return con.execute(f"SELECT * FROM ({DYAD_ROWS} AND ({pre})) WHERE (src = ? AND tgt = ?) OR (src = ? AND tgt = ?) "
                           "ORDER BY date", [a, b, b, a, a, b, b, a]).fetchall()
    return con.execute(f"{DYAD_ROWS} ORDER BY i.date").fetchall()


@dataclass
class Point:
    period: Date
    index: float = 0.0
    incidents: int = 0
    mentions: int = 0
    conflict: int = 0  # incidents with a negative score
    a_to_b: float = 0.0
    b_to_a: float = 0.0
    ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"period": self.period.isoformat(), "index": round(self.index, 2), "incidents": self.incidents,
                "mentions": self.mentions, "conflict_incidents": self.conflict, "a_to_b": round(self.a_to_b, 2),
                "b_to_a": round(self.b_to_a, 2), "incident_ids": self.ids}


def series(rows: list[tuple], a: str, b: str, by: str = "week") -> list[Point]:
    """The index of dyad {a, b} per day or week, periods with incidents only, in time order."""
    pts: dict[Date, Point] = {}
    seen: set[tuple[str, Date]] = set()
    for inc, _type, day, score, mentions, _arts, s, t in rows:
        if {s, t} != {a, b}:
            continue
        p = week_start(day) if by == "week" else day
        pt = pts.setdefault(p, Point(p))
        sc = score or 0.0
        if s == a:
            pt.a_to_b += sc
        else:
            pt.b_to_a += sc
        if (inc, p) in seen:  # an incident with both directions (A and B on both sides) counts once
            continue
        seen.add((inc, p))
        pt.index += sc
        pt.incidents += 1
        pt.mentions += mentions or 1
        pt.conflict += sc < 0
        pt.ids.append(inc)
    return [pts[k] for k in sorted(pts)]


def all_series(con, by: str = "week") -> dict[tuple[str, str], list[Point]]:
    rows = dyad_rows(con)
    pairs = {pair(r[6], r[7]) for r in rows}
    grouped: dict[tuple[str, str], list[tuple]] = {}
    for r in rows:
        grouped.setdefault(pair(r[6], r[7]), []).append(r)
    return {p: series(grouped[p], p[0], p[1], by) for p in sorted(pairs)}


@dataclass
class Alert:
    a: str
    b: str
    week: Date
    index: float
    baseline: float
    sd: float
    drop: float
    severity: float
    incidents: list[dict]

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "week": self.week.isoformat(), "index": round(self.index, 2),
                "baseline": round(self.baseline, 2), "sd": round(self.sd, 2), "drop": round(self.drop, 2),
                "severity": round(self.severity, 2), "incidents": self.incidents}


def detect(points: list[Point], baseline_weeks: int = BASELINE_WEEKS, z: float = Z, min_drop: float = MIN_DROP,
           min_incidents: int = MIN_INCIDENTS) -> list[tuple[Point, float, float]]:
    """The weekly points that break from their baseline: (point, baseline mean, baseline sd)."""
    by_week = {p.period: p for p in points}
    out = []
    for p in points:
        if p.conflict < min_incidents:
            continue
        hist = [by_week[w].index if w in by_week else 0.0
                for w in (p.period - timedelta(weeks=k) for k in range(1, baseline_weeks + 1))]
        m = sum(hist) / len(hist)
        s = math.sqrt(sum((h - m) ** 2 for h in hist) / len(hist))  # population sd, as statistics.pstdev
        if m - p.index >= max(z * s, min_drop):
            out.append((p, m, s))
    return out


def alerts(con, a: Optional[str] = None, b: Optional[str] = None, **rule) -> list[Alert]:
    if a and b:
        x, y = pair(a, b)
        todo = {(x, y): series(dyad_rows(con, x, y), x, y, "week")}
    else:
        todo = all_series(con, "week")
    found = [(x, y, p, m, s) for (x, y), pts in todo.items() for p, m, s in detect(pts, **rule)]
    evidence = {i["incident_id"]: i for i in incidents_of(con, sorted({i for *_, p, _m, _s in found for i in p.ids}))}
    out = [Alert(x, y, p.period, p.index, m, s, m - p.index, (m - p.index) / max(s, 1.0),
                 [evidence[i] for i in p.ids if i in evidence]) for x, y, p, m, s in found]
    out.sort(key=lambda al: (-al.severity, al.week.isoformat(), al.a, al.b))
    return out


def incidents_of(con, ids: list[str]) -> list[dict]:
    if not ids:
        return []
    rows = con.execute(
        "SELECT i.incident_id, i.type, i.date, i.plover_score, i.n_articles, i.location_name, e.id, e.doc_id, "
        "e.record->>'text', e.record->'trigger' FROM incidents i JOIN events e ON e.id = i.event_ids[1] "
        "WHERE list_contains(?, i.incident_id) ORDER BY i.date, i.incident_id", [ids]).fetchall()
    return [{"incident_id": r[0], "type": r[1], "date": r[2].isoformat() if r[2] else None, "score": r[3],
             "n_articles": r[4], "location": r[5], "event_id": r[6], "doc_id": r[7], "text": r[8],
             "trigger": json.loads(r[9]) if r[9] else None} for r in rows]
