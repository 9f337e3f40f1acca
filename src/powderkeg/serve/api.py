"""The dashboard's JSON API under /api: every parameter typed and bounded, every query parameterised."""
from __future__ import annotations

import json
from datetime import date
from enum import Enum
from typing import Annotated, Any, Optional

from fastapi import APIRouter, HTTPException, Path, Query, Request

from powderkeg import geo
from powderkeg.analytics import corpus, dyads

router = APIRouter(prefix="/api", tags=["api"])

PLOVER = ("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION "
          "MOBILIZE COERCE ASSAULT").split()
EventType = Enum("EventType", {t: t for t in PLOVER}, type=str)
Text = Annotated[Optional[str], Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$", description="free text")]
Country = Annotated[Optional[str], Query(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3, or IGO/NGO/...")]
Page = Annotated[int, Query(ge=1, le=100000)]
PageSize = Annotated[int, Query(ge=1, le=200, description="rows per page (at most 200)")]
Day = Annotated[Optional[date], Query(description="ISO date")]
# ids of documents, events, records and incidents: a document's id may be its url (ingest/identity.py),
# with '/', ':', '#', '?' or spaces in it; the routes take them as `{name:path}`, percent-encoded by the
# client (encodeURIComponent) and decoded here
MAX_ID = 2000
Id = Annotated[str, Path(min_length=1, max_length=MAX_ID, pattern=r"^[^\x00-\x1f\x7f]+$",
                         description="the id, percent-encoded (it may contain '/', '#', '?')")]


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class Step(str, Enum):
    day = "day"
    week = "week"


class StanceBy(str, Enum):
    actor = "actor"
    country = "country"


class MapKind(str, Enum):
    events = "events"
    incidents = "incidents"


def _reader(request: Request):
    return request.app.state.reader


def _iso(v):
    return v.isoformat() if isinstance(v, date) else v


def _rows(cur) -> list[dict]:
    cols = [c[0] for c in cur.description]
    return [{k: _iso(v) for k, v in zip(cols, r)} for r in cur.fetchall()]


@router.get("/stats", summary="events and incidents by type and quad class over time")
def stats(request: Request, by: Period = Period.month) -> dict:
    return _reader(request).cached(("stats", by.value), lambda con: corpus.stats(con, by.value))


@router.get("/network", summary="countries and their weighted edges by event type (from incidents)")
def network(request: Request, since: Day = None, until: Day = None,
            min_weight: Annotated[int, Query(ge=1, le=10000)] = 1,
            type: Annotated[Optional[list[EventType]], Query(max_length=16)] = None,
            limit: Annotated[int, Query(ge=1, le=2000)] = 400) -> dict:
    types = sorted({t.value for t in type}) if type else None
    key = ("network", since, until, min_weight, tuple(types or ()), limit)
    res = _reader(request).cached(key, lambda con: corpus.network(con, min_weight, since, until, types))
    edges = res["edges"][:limit]
    keep = {e["source"] for e in edges} | {e["target"] for e in edges}
    return {"nodes": [n for n in res["nodes"] if n["id"] in keep], "edges": edges, "total_edges": len(res["edges"])}


def _dyad_list(con) -> list[dict]:
    out = []
    for (a, b), pts in dyads.all_series(con, "week").items():
        out.append({"a": a, "b": b, "incidents": sum(p.incidents for p in pts),
                    "mentions": sum(p.mentions for p in pts), "index": round(sum(p.index for p in pts), 2),
                    "first": pts[0].period.isoformat(), "last": pts[-1].period.isoformat()})
    out.sort(key=lambda d: (-d["incidents"], d["a"], d["b"]))
    return out


@router.get("/dyads", summary="pairs of countries with incidents between them, most active first")
def dyad_list(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100, country: Country = None) -> dict:
    rows = _reader(request).cached(("dyads",), _dyad_list)
    if country:
        rows = [r for r in rows if country in (r["a"], r["b"])]
    return {"total": len(rows), "items": rows[:limit]}


@router.get("/dyad", summary="escalation index of a pair over time, with its alerts and incidents")
def dyad(request: Request, a: Annotated[str, Query(pattern=r"^[A-Z]{3}$")],
         b: Annotated[str, Query(pattern=r"^[A-Z]{3}$")], by: Step = Step.week) -> dict:
    def run(con):
        rows = dyads.dyad_rows(con, a, b)
        x, y = dyads.pair(a, b)
        pts = dyads.series(rows, x, y, by.value)
        return {"a": x, "b": y, "by": by.value, "series": [p.to_dict() for p in pts],
                "alerts": [al.to_dict() for al in dyads.alerts(con, x, y)],
                "incidents": dyads.incidents_of(con, sorted({r[0] for r in rows}))}
    return _reader(request).cached(("dyad", a, b, by.value), run)


@router.get("/alerts", summary="dyads whose weekly index breaks sharply from their own baseline")
def alerts(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict:
    res = _reader(request).cached(("alerts",), lambda con: [a.to_dict() for a in dyads.alerts(con)])
    return {"rule": {"baseline_weeks": dyads.BASELINE_WEEKS, "z": dyads.Z, "min_drop": dyads.MIN_DROP,
                     "min_incidents": dyads.MIN_INCIDENTS}, "total": len(res), "items": res[:limit]}


def _filters(q, type_, country, since, until, doc_col="e.doc_id", date_col="coalesce(e.date, d.date)",
             src="e.source_countries", tgt="e.target_countries", text="e.record->>'text'", type_col="e.type"):
    where, params = [], []
    if q:
        where.append(f"({text} ILIKE ? OR d.title ILIKE ? OR {doc_col} = ?)")
        params += [f"%{q}%", f"%{q}%", q]
    if type_:
        where.append(f"{type_col} = ?")
        params.append(type_.value)
    if country:
        where.append(f"(list_contains({src}, ?) OR list_contains({tgt}, ?))")
        params += [country, country]
    if since:
        where.append(f"{date_col} >= ?")
        params.append(since)
    if until:
        where.append(f"{date_col} <= ?")
        params.append(until)
    return (" AND ".join(where) or "TRUE"), params


@router.get("/events", summary="events, searchable and paginated (newest first)")
def events(request: Request, q: Text = None, type: Optional[EventType] = None, country: Country = None,
           since: Day = None, until: Day = None, real: Annotated[bool, Query()] = True, page: Page = 1,
           size: PageSize = 50) -> dict:
    w, p = _filters(q, type, country, since, until)
    if real:
        w += " AND NOT e.negated AND NOT e.hypothetical"
    base = f"FROM events e JOIN documents d USING (doc_id) WHERE {w}"
    order = "ORDER BY coalesce(e.date, d.date) DESC NULLS LAST, e.id"
    reader = _reader(request)
    # the ordered ids of a search are computed once per state of the store; a page is a slice of them
    key = ("event-ids", q, type, country, since, until, real)
    ids = reader.cached(key, lambda con: [r[0] for r in con.execute(f"SELECT e.id {base} {order}", p).fetchall()],
                        ids=True)
    page_ids = ids[(page - 1) * size: page * size]
    with reader.connect() as con:
        cur = con.execute(
            "SELECT e.id, e.doc_id, d.title, e.type, e.source_names, e.target_names, e.source_countries, "
            "e.target_countries, coalesce(e.date, d.date) AS date, e.location_name, e.lat, e.lon, e.quad, "
            "e.plover_score, e.negated, e.hypothetical, l.incident_id, e.record->>'text' AS text, "
            "e.record->'trigger'->>'text' AS trigger FROM events e JOIN documents d ON d.doc_id = e.doc_id "
            "LEFT JOIN event_incidents l ON l.event_id = e.id WHERE list_contains(?, e.id)", [page_ids])
        rows = {r["id"]: r for r in _rows(cur)}
    return {"total": len(ids), "page": page, "size": size, "items": [rows[i] for i in page_ids if i in rows]}


@router.get("/events/{event_id:path}", summary="one event: its record, sentence, article and incident")
def event(request: Request, event_id: Id) -> dict:
    with _reader(request).connect() as con:
        r = con.execute("SELECT e.record, d.title, d.url, d.date, l.incident_id FROM events e JOIN documents d "
                        "USING (doc_id) LEFT JOIN event_incidents l ON l.event_id = e.id WHERE e.id = ?",
                        [event_id]).fetchone()
    if not r:
        raise HTTPException(404, f"no event {event_id!r}")
    return {"record": json.loads(r[0]), "title": r[1], "url": r[2], "published": _iso(r[3]), "incident_id": r[4]}


@router.get("/incidents", summary="incidents (the same event across articles), searchable and paginated")
def incident_list(request: Request, q: Text = None, type: Optional[EventType] = None, country: Country = None,
                  since: Day = None, until: Day = None, min_articles: Annotated[int, Query(ge=1, le=10000)] = 1,
                  page: Page = 1, size: PageSize = 50) -> dict:
    w, p = _filters(q, type, country, since, until, doc_col="d.doc_id", date_col="i.date", src="i.source_countries",
                    tgt="i.target_countries", text="e.record->>'text'", type_col="i.type")
    base = (f"FROM incidents i JOIN events e ON e.id = i.event_ids[1] JOIN documents d ON d.doc_id = e.doc_id "
            f"WHERE {w} AND i.n_articles >= ?")
    p = [*p, min_articles]
    reader = _reader(request)
    key = ("incident-ids", q, type, country, since, until, min_articles)
    ids = reader.cached(key, lambda con: [r[0] for r in con.execute(
        f"SELECT i.incident_id {base} ORDER BY i.date DESC NULLS LAST, i.n_articles DESC, i.incident_id", p).fetchall()],
        ids=True)
    page_ids = ids[(page - 1) * size: page * size]
    with reader.connect() as con:
        cur = con.execute(
            "SELECT i.incident_id, i.type, i.source_countries, i.target_countries, i.date, i.date_last, "
            "i.location_name, i.lat, i.lon, i.n_articles, i.n_mentions, i.doc_ids, i.quad, i.plover_score, "
            "i.casualties, e.id AS event_id, e.record->>'text' AS text, e.record->'trigger'->>'text' AS trigger "
            "FROM incidents i JOIN events e ON e.id = i.event_ids[1] WHERE list_contains(?, i.incident_id)", [page_ids])
        found = {r["incident_id"]: r for r in _rows(cur)}
    items = [found[i] for i in page_ids if i in found]
    total = len(ids)
    for it in items:
        it["casualties"] = json.loads(it["casualties"]) if it["casualties"] else []
    return {"total": total, "page": page, "size": size, "items": items}


@router.get("/incidents/{incident_id:path}", summary="one incident with the evidence of each of its reports")
def incident(request: Request, incident_id: Id) -> dict:
    with _reader(request).connect() as con:
        cur = con.execute("SELECT * FROM incidents WHERE incident_id = ?", [incident_id])
        rows = _rows(cur)
        if not rows:
            raise HTTPException(404, f"no incident {incident_id!r}")
        inc = rows[0]
        ev = con.execute("SELECT e.id, e.doc_id, d.title, d.url, d.date, e.record->>'text', e.record->'trigger', "
                         "e.record->'span' "
                         "FROM event_incidents l JOIN events e ON e.id = l.event_id JOIN documents d ON d.doc_id = e.doc_id "
                         "WHERE l.incident_id = ? ORDER BY d.date, e.id", [incident_id]).fetchall()
    inc["casualties"] = json.loads(inc["casualties"]) if inc["casualties"] else []
    inc["reports"] = [{"event_id": i, "doc_id": d, "title": t, "url": u, "published": _iso(dt), "text": x,
                       "trigger": json.loads(tr) if tr else None, "span": json.loads(sp) if sp else None}
                      for i, d, t, u, dt, x, tr, sp in ev]
    return inc


@router.get("/map", summary="located events or incidents (points) and counts per country")
def map_points(request: Request, kind: MapKind = MapKind.incidents, type: Optional[EventType] = None,
               since: Day = None, until: Day = None, limit: Annotated[int, Query(ge=1, le=5000)] = 2000) -> dict:
    def run(con):
        if kind == MapKind.incidents:
            q = ("SELECT incident_id AS id, type, date, location_name AS place, location_country AS country, lat, lon, "
                 "n_articles, quad FROM incidents WHERE (CAST(? AS VARCHAR) IS NULL OR type = ?) "
                 "AND (CAST(? AS DATE) IS NULL OR date >= ?) AND (CAST(? AS DATE) IS NULL OR date <= ?)")
        else:
            q = ("SELECT e.id, e.type, coalesce(e.date, d.date) AS date, e.location_name AS place, "
                 "e.location_country AS country, e.lat, e.lon, 1 AS n_articles, e.quad FROM events e JOIN documents d "
                 "USING (doc_id) WHERE NOT e.negated AND NOT e.hypothetical AND (CAST(? AS VARCHAR) IS NULL OR e.type = ?) "
                 "AND (CAST(? AS DATE) IS NULL OR coalesce(e.date, d.date) >= ?) "
                 "AND (CAST(? AS DATE) IS NULL OR coalesce(e.date, d.date) <= ?)")
        t = type.value if type else None
        params = [t, t, since, since, until, until]
        pts = _rows(con.execute(f"SELECT * FROM ({q}) WHERE lat IS NOT NULL OR country IS NOT NULL "
                                "ORDER BY date DESC NULLS LAST, id LIMIT ?", [*params, limit]))
        cent = geo.centroids()
        for pt in pts:  # a place known only by its country is drawn at the country's centroid
            pt["approximate"] = pt["lat"] is None
            if pt["lat"] is None:
                pt["lat"], pt["lon"] = cent.get(pt["country"], (None, None))
        pts = [pt for pt in pts if pt["lat"] is not None]
        by_country = con.execute(f"SELECT country, count(*) FROM ({q}) WHERE country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC",
                                 params).fetchall()
        return {"kind": kind.value, "points": pts, "countries": dict(by_country)}
    return _reader(request).cached(("map", kind.value, type, since, until, limit), run)


@router.get("/stances", summary="the stance matrix: actor x issue (support / oppose / conditional), over time if asked")
def stances(request: Request, by: StanceBy = StanceBy.actor, period: Optional[Period] = None) -> dict:
    per = period.value if period else None
    return _reader(request).cached(("stances", by.value, per), lambda con: corpus.stance_matrix(con, by.value, per))


@router.get("/alignments", summary="alignments the articles assert, and the flags raised")
def alignments(request: Request) -> dict:
    return _reader(request).cached(("alignments",), lambda con: {"alignments": corpus.alignments(con),
                                                                 "flags": corpus.flags(con)})


@router.get("/actor", summary="an actor's profile: events by role, counterparts, stances, relations")
def actor(request: Request, name: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]) -> dict:
    with _reader(request).connect() as con:
        return corpus.actor_profile(con, name)


@router.get("/documents", summary="articles, searchable and paginated")
def documents(request: Request, q: Text = None, page: Page = 1, size: PageSize = 50) -> dict:
    w, p = "TRUE", []
    if q:
        w, p = "(title ILIKE ? OR doc_id = ?)", [f"%{q}%", q]
    with _reader(request).connect() as con:
        total = con.execute(f"SELECT count(*) FROM documents WHERE {w}", p).fetchone()[0]
        cur = con.execute(f"SELECT doc_id, title, date, url, source, n_sentences, (SELECT count(*) FROM events e "
                          f"WHERE e.doc_id = documents.doc_id) AS events FROM documents WHERE {w} "
                          f"ORDER BY date DESC NULLS LAST, doc_id LIMIT ? OFFSET ?", [*p, size, (page - 1) * size])
        return {"total": total, "page": page, "size": size, "items": _rows(cur)}


def load_brief(con, doc_id: str) -> Optional[dict[str, Any]]:
    from powderkeg.brief import brief_from_records

    d = con.execute("SELECT doc_id, title, date, url, text FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    if not d:
        return None
    recs = []
    for t in ("events", "figures", "stances", "relations", "flags"):
        recs += [json.loads(r[0]) for r in con.execute(f"SELECT record FROM {t} WHERE doc_id = ? ORDER BY id",
                                                       [doc_id]).fetchall()]
    recs.sort(key=lambda r: (r["sentence_index"], r["id"]))
    return brief_from_records({"doc_id": d[0], "title": d[1], "date": _iso(d[2]), "url": d[3], "text": d[4]}, recs)


@router.get("/documents/{doc_id:path}", summary="one article's brief: actors, graph edges, stances, figures, flags")
def document(request: Request, doc_id: Id) -> dict:
    with _reader(request).connect() as con:
        b = load_brief(con, doc_id)
    if b is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return b


KIND_TABLE = {"e": "events", "f": "figures", "s": "stances", "r": "relations", "x": "flags"}


@router.get("/records/{record_id:path}", summary="any record (event, figure, stance, relation, flag) with its sentence")
def record(request: Request, record_id: Id) -> dict:
    head, _, tail = record_id.rpartition("#")
    table = KIND_TABLE.get(tail[:1]) if head and tail[1:].isdigit() else None
    if table is None:
        raise HTTPException(404, f"no record {record_id!r} (ids look like <doc_id>#e12)")
    with _reader(request).connect() as con:
        r = con.execute(f"SELECT t.record, d.title, d.url, d.date FROM {table} t JOIN documents d USING (doc_id) "
                        "WHERE t.id = ?", [record_id]).fetchone()
        inc = con.execute("SELECT incident_id FROM event_incidents WHERE event_id = ?", [record_id]).fetchone()
    if not r:
        raise HTTPException(404, f"no record {record_id!r}")
    return {"record": json.loads(r[0]), "title": r[1], "url": r[2], "published": _iso(r[3]),
            "incident_id": inc[0] if inc else None}
