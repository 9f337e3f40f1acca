"""Merge precision and recall of incidents against judged pairs (data/gold/incidents/pairs.jsonl).

A judged pair is two events of different articles, `same` true when they tell the same real-world event.
Each event is found in the store by its document and trigger span (ids may change when the coder
changes), else by its document, type and sentence; pairs with an event the store no longer holds are
counted apart (`unresolved`), not scored. Predicted same = both events linked to one incident.
    precision = merged pairs judged same / merged pairs
    recall    = merged pairs judged same / pairs judged same
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional


def load(path: str) -> list[dict]:
    return [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]


def locate(con, ev: dict) -> Optional[str]:
    """The id of the stored event a judged event refers to, or None."""
    rows = con.execute("SELECT id, record->'trigger'->'span', type, record->>'text' FROM events WHERE doc_id = ?",
                       [ev["doc_id"]]).fetchall()
    span = list(ev.get("trigger_span") or [])
    for i, sp, _t, _x in rows:
        if sp and json.loads(sp) == span:
            return i
    for i, _sp, t, x in rows:
        if t == ev["type"] and x == ev["text"]:
            return i
    return None


def incident_of(con, event_id: str) -> Optional[str]:
    r = con.execute("SELECT incident_id FROM event_incidents WHERE event_id = ?", [event_id]).fetchone()
    return r[0] if r else None


def score(judged: list[tuple[bool, bool]]) -> dict:
    """judged: (gold same, predicted same) per resolved pair."""
    tp = sum(1 for g, p in judged if g and p)
    fp = sum(1 for g, p in judged if not g and p)
    fn = sum(1 for g, p in judged if g and not p)
    tn = sum(1 for g, p in judged if not g and not p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"pairs": len(judged), "same": tp + fn, "different": fp + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3)}


def score_store(con, pairs: list[dict]) -> dict:
    judged, unresolved, rows = [], 0, []
    for p in pairs:
        a, b = locate(con, p["a"]), locate(con, p["b"])
        if a is None or b is None:
            unresolved += 1
            continue
        ia, ib = incident_of(con, a), incident_of(con, b)
        pred = ia is not None and ia == ib
        judged.append((bool(p["same"]), pred))
        if pred != bool(p["same"]):
            rows.append({"a": a, "b": b, "gold": p["same"], "predicted": pred, "why": p.get("why")})
    res = score(judged)
    res["unresolved"] = unresolved
    res["errors"] = rows
    return res


def print_score(r: dict) -> None:
    print(f"{r['pairs']} judged pairs ({r['same']} same, {r['different']} different; {r['unresolved']} unresolved): "
          f"merge precision {r['precision']}, recall {r['recall']}, F1 {r['f1']} "
          f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}, tn {r['tn']})")
    for e in r["errors"]:
        kind = "missed merge" if e["gold"] else "false merge"
        print(f"  {kind}: {e['a']} / {e['b']}: {e['why']}")
