"""Corpus analytics over a store: counts over time, the actor network, the stance matrix, alignments,
flags and an actor's profile. Every function takes a DuckDB connection and returns plain dicts/lists
(JSON-ready); every query is parameterised.

Events counted here are real ones (not negated, not hypothetical); incidents count each event once
however many articles told it. Actors in the network and the dyads are countries (the actor's state,
or IGO/NGO/...); the stance matrix and profiles also work on named actors.
"""
from __future__ import annotations

import json
from typing import Optional

PERIODS = {"day": "day", "week": "week", "month": "month", "year": "year"}
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
REAL = "NOT e.negated AND NOT e.hypothetical"


def _iso(d):
    return d.isoformat() if d is not None and hasattr(d, "isoformat") else d


def stats(con, by: str = "month") -> dict:
    """Totals, and events and incidents by type and quad class per period."""
    unit = PERIODS[by]
    tot = con.execute(f"SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events e WHERE {REAL}), "
                      "(SELECT count(*) FROM incidents), (SELECT count(*) FROM incidents WHERE n_articles > 1), "
                      "(SELECT count(*) FROM figures), (SELECT count(*) FROM stances), "
                      "(SELECT count(*) FROM relations), (SELECT count(*) FROM flags)").fetchone()
    inc_by_type = {t: (n, m) for t, n, m in con.execute(
        "SELECT type, count(*), sum(n_mentions) FROM incidents GROUP BY 1").fetchall()}
    by_type = [(t, n, *inc_by_type.get(t, (0, 0))) for t, n in con.execute(
        f"SELECT e.type, count(*) FROM events e WHERE {REAL} GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()]
    by_quad = con.execute(f"SELECT e.quad, count(*) FROM events e WHERE {REAL} GROUP BY 1 ORDER BY 1").fetchall()
    ev = con.execute(
        f"SELECT date_trunc('{unit}', coalesce(e.date, d.date)) AS p, e.type, e.quad, count(*) FROM events e "
        f"JOIN documents d USING (doc_id) WHERE {REAL} AND coalesce(e.date, d.date) IS NOT NULL GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    inc = con.execute(f"SELECT date_trunc('{unit}', date) AS p, type, quad, count(*), sum(n_articles) FROM incidents "
                      "WHERE date IS NOT NULL GROUP BY ALL ORDER BY 1, 2").fetchall()
    return {
        "totals": dict(zip(("documents", "events", "incidents", "incidents_multi_article", "figures", "stances",
                            "relations", "flags"), tot)),
        "by_type": [{"type": t, "events": n, "incidents": i, "mentions": m} for t, n, i, m in by_type],
        "by_quad": [{"quad": q, "label": QUADS.get(q), "events": n} for q, n in by_quad],
        "period": by,
        "events_over_time": [{"period": _iso(p), "type": t, "quad": q, "events": n} for p, t, q, n in ev],
        "incidents_over_time": [{"period": _iso(p), "type": t, "quad": q, "incidents": n, "articles": a}
                                for p, t, q, n, a in inc],
    }


def network(con, min_weight: int = 1, since=None, until=None, types: Optional[list[str]] = None) -> dict:
    """Countries as nodes, one weighted edge per (source, target, type): incidents, mentions, score."""
    rows = con.execute(
        "SELECT s.c, t.c, i.type, count(*), sum(i.n_mentions), sum(i.plover_score), min(i.quad) "
        "FROM incidents i, unnest(i.source_countries) AS s(c), unnest(i.target_countries) AS t(c) "
        "WHERE s.c <> t.c AND (CAST(? AS DATE) IS NULL OR i.date >= ?) AND (CAST(? AS DATE) IS NULL OR i.date <= ?) "
        "AND (CAST(? AS VARCHAR[]) IS NULL OR list_contains(?, i.type)) "
        "GROUP BY ALL HAVING count(*) >= ? ORDER BY 4 DESC, 1, 2, 3",
        [since, since, until, until, types, types, min_weight]).fetchall()
    edges = [{"source": s, "target": t, "type": ty, "weight": n, "mentions": m, "score": round(sc or 0, 2),
              "quad": q, "conflict": (sc or 0) < 0} for s, t, ty, n, m, sc, q in rows]
    deg: dict[str, int] = {}
    for e in edges:
        deg[e["source"]] = deg.get(e["source"], 0) + e["weight"]
        deg[e["target"]] = deg.get(e["target"], 0) + e["weight"]
    from powderkeg import geo

    nodes = [{"id": c, "name": geo.name(c) or c, "weight": w} for c, w in sorted(deg.items(), key=lambda x: -x[1])]
    return {"nodes": nodes, "edges": edges}


def stance_matrix(con, by: str = "actor", period: Optional[str] = None) -> dict:
    """Actor (named actor, or country with by="country") x issue: counts of support/oppose/conditional,
    per period if given; each cell keeps the ids of its stances."""
    who = "coalesce(s.actor_name, s.actor_country)" if by == "actor" else "s.actor_country"
    per = f"date_trunc('{PERIODS[period]}', coalesce(s.date, d.date))" if period else "NULL"
    rows = con.execute(
        f"SELECT {who} AS who, s.issue, {per} AS p, s.stance, count(*), list(s.id ORDER BY s.id) FROM stances s "
        f"JOIN documents d USING (doc_id) WHERE {who} IS NOT NULL GROUP BY ALL ORDER BY 1, 2, 3").fetchall()
    cells: dict[tuple, dict] = {}
    for w, issue, p, stance, n, ids in rows:
        c = cells.setdefault((w, issue, _iso(p)), {"actor": w, "issue": issue, "period": _iso(p), "support": 0,
                                                 "oppose": 0, "conditional": 0, "ids": []})
        c[stance] = c.get(stance, 0) + n
        c["ids"] += ids
    for c in cells.values():
        c["position"] = ("mixed" if c["support"] and c["oppose"] else "support" if c["support"]
                         else "oppose" if c["oppose"] else "conditional")
    actors = sorted({k[0] for k in cells})
    issues = sorted({k[1] for k in cells})
    return {"actors": actors, "issues": issues, "cells": list(cells.values())}


def alignments(con) -> list[dict]:
    rows = con.execute(
        "SELECT subject_name, subject_country, relation, object_name, object_country, count(*), "
        "list(id ORDER BY id) FROM relations GROUP BY ALL ORDER BY 6 DESC, 1, 3, 4").fetchall()
    return [{"subject": s, "subject_country": sc, "relation": r, "object": o, "object_country": oc, "count": n,
             "ids": ids} for s, sc, r, o, oc, n, ids in rows]


def flags(con, limit: int = 200) -> list[dict]:
    rows = con.execute("SELECT f.id, f.doc_id, d.title, f.severity, f.message, f.record->>'text' FROM flags f "
                       "JOIN documents d USING (doc_id) ORDER BY f.severity, f.id LIMIT ?", [limit]).fetchall()
    return [{"id": i, "doc_id": doc, "title": t, "severity": s, "message": m, "text": x} for i, doc, t, s, m, x in rows]


def resolve(con, name: str) -> tuple[str, str]:
    """('country', CODE) when the name is a country code or name in the store, else ('name', name)."""
    n = name.strip()
    if len(n) == 3 and n.isalpha():
        return "country", n.upper()
    from powderkeg import geo

    for code, c in geo.countries().items():
        if c["name"].lower() == n.lower():
            return "country", code
    return "name", n


def actor_profile(con, name: str, limit: int = 20) -> dict:
    kind, key = resolve(con, name)
    if kind == "country":
        side = "list_contains(e.source_countries, ?)", "list_contains(e.target_countries, ?)"
        st = "s.actor_country = ?"
        rel = "r.subject_country = ? OR r.object_country = ?"
    else:
        side = ("list_contains(list_transform(e.source_names, lambda x: lower(x)), lower(?))",
                "list_contains(list_transform(e.target_names, lambda x: lower(x)), lower(?))")
        st = "lower(s.actor_name) = lower(?)"
        rel = "lower(r.subject_name) = lower(?) OR lower(r.object_name) = lower(?)"
    as_src = con.execute(f"SELECT e.type, count(*) FROM events e WHERE {REAL} AND {side[0]} GROUP BY 1 ORDER BY 2 DESC",
                         [key]).fetchall()
    as_tgt = con.execute(f"SELECT e.type, count(*) FROM events e WHERE {REAL} AND {side[1]} GROUP BY 1 ORDER BY 2 DESC",
                         [key]).fetchall()
    partners = con.execute(
        f"SELECT t.c, count(*), sum(e.plover_score) FROM events e, unnest(e.target_countries) AS t(c) "
        f"WHERE {REAL} AND {side[0]} GROUP BY 1 ORDER BY 2 DESC LIMIT 10", [key]).fetchall()
    recent = con.execute(
        f"SELECT e.id, e.doc_id, e.type, coalesce(e.date, d.date), e.record->>'text', e.record->'trigger' FROM events e "
        f"JOIN documents d USING (doc_id) WHERE {REAL} AND ({side[0]} OR {side[1]}) "
        f"ORDER BY coalesce(e.date, d.date) DESC NULLS LAST, e.id LIMIT ?", [key, key, limit]).fetchall()
    stances = con.execute(f"SELECT s.id, s.actor_name, s.issue, s.stance, s.record->>'text' FROM stances s WHERE {st} "
                          "ORDER BY s.id LIMIT ?", [key, limit]).fetchall()
    rels = con.execute(f"SELECT r.id, r.subject_name, r.relation, r.object_name FROM relations r WHERE {rel} "
                       "ORDER BY r.id LIMIT ?", [key, key, limit]).fetchall()
    return {"actor": key, "match": kind,
            "as_source": dict(as_src), "as_target": dict(as_tgt),
            "counterparts": [{"country": c, "events": n, "score": round(s or 0, 2)} for c, n, s in partners],
            "recent_events": [{"id": i, "doc_id": d, "type": t, "date": _iso(dt), "text": x,
                               "trigger": json.loads(tr) if tr else None} for i, d, t, dt, x, tr in recent],
            "stances": [{"id": i, "actor": a, "issue": iss, "stance": s, "text": x} for i, a, iss, s, x in stances],
            "relations": [{"id": i, "subject": s, "relation": r, "object": o} for i, s, r, o in rels]}
