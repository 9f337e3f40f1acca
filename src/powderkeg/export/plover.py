"""PLOVER JSON (the manual's chapter 6, "Data Fields"), one event a line (JSON Lines, as the manual
suggests), negated and hypothetical events included with `has_event` false.

Fields of the manual: `id`, `has_event`, `date`, `actor` and `recipient` (lists of entity objects:
`code` country, `sector`, `entity_text` as written, `identifier_id` Wikidata QID, `identifier_text`
canonical name), `event` (list of categories), `event_loc` (location object), `event_text` (trigger
words), `quad_code`, `event_scale` (PLOVER score), `mode` and `context` (lists), `link` (the incident
this event belongs to: the manual's "common reference across multiple related events"), `text` (the
evidence sentence), `text_info` {sequence, start, end}, `cite_info` {corpus, url, title, coder,
codebook}, `coder`, `coded_date`, `comment`. The issue's wording is kept too: `event_type` and a single
`mode` string under `event_mode`; `size` {dead, injured, arrested} from the incident's casualty
figures when there are any (largest reported value).
"""
from __future__ import annotations

import json
from typing import IO, Iterator

from powderkeg import __version__


def _entity(a: dict) -> dict:
    return {"code": a.get("country"), "sector": a.get("sector"), "entity_text": a.get("text"),
            "identifier_id": a.get("wikidata"), "identifier_text": a.get("name"), "kind": a.get("kind")}


def _loc(loc) -> dict | None:
    if not loc:
        return None
    return {"extracted_place": loc.get("name"), "resolved_place": loc.get("name"), "lat": loc.get("lat"),
            "lon": loc.get("lon"), "country_code": loc.get("country")}


def _size(casualties: list[dict]) -> dict | None:
    size: dict[str, float] = {}
    for c in casualties:
        key = {"killed": "dead", "injured": "injured", "arrested": "arrested"}.get(c["quantity"])
        if key:
            size[key] = max(size.get(key, 0), c["value"])
    return size or None


def records(con) -> Iterator[dict]:
    q = ("SELECT e.record, coalesce(e.date, d.date), d.url, d.title, d.source, d.ingested_at, l.incident_id, "
         "i.casualties FROM events e JOIN documents d USING (doc_id) LEFT JOIN event_incidents l ON l.event_id = e.id "
         "LEFT JOIN incidents i ON i.incident_id = l.incident_id ORDER BY coalesce(e.date, d.date), e.id")
    for rec, day, url, title, source, added, incident, cas in con.execute(q).fetchall():
        r = json.loads(rec)
        trig = r.get("trigger") or {}
        out = {
            "id": r["id"], "has_event": not (r["negated"] or r["hypothetical"]),
            "date": day.isoformat() if day else None,
            "actor": [_entity(a) for a in r["source"]], "recipient": [_entity(a) for a in r["target"]],
            "event": [r["type"]], "event_type": r["type"], "event_loc": _loc(r.get("location")),
            "event_text": [trig["text"]] if trig else [], "quad_code": r.get("quad"),
            "event_scale": r.get("plover_score"), "mode": [r["mode"]] if r.get("mode") else [],
            "event_mode": r.get("mode"), "context": r.get("context") or [], "link": incident,
            "text": r["text"], "text_info": {"sequence": r["sentence_index"], "start": r["span"][0], "end": r["span"][1]},
            "cite_info": {"corpus": source, "url": url, "title": title, "coder": f"powderkeg {__version__}",
                          "codebook": "plover-2.0"},
            "coder": f"powderkeg {__version__}", "coded_date": added.date().isoformat() if added else None,
            "comment": "; ".join(x for x in ("negated" if r["negated"] else "",
                                             "hypothetical" if r["hypothetical"] else "") if x) or None,
            "cameo": r.get("cameo"), "goldstein": r.get("goldstein"), "confidence": r.get("confidence"),
            "mentions": r.get("mentions", 1), "doc_id": r["doc_id"],
        }
        size = _size(json.loads(cas)) if cas else None
        if size:
            out["size"] = size
        yield out


def write(con, out: IO[str]) -> int:
    n = 0
    for r in records(con):
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n
