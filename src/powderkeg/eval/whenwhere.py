"""Date, place and victim accuracy against the gold's `date`/`date_precision`/`place` on events and
`victims` on figures (issue 12).

A gold event annotated for time and place is paired with a predicted event of the same document
whose sentence contains the gold evidence (or lies inside it), preferring one of the same type, then
one whose source and target countries meet the gold's (the date and place of an event are those of
the sentence's event even when the coder typed it differently); gold events with no such prediction are counted as `unmatched` and left
out of the accuracies (finding events is the event scorer's job). On the pairs:
- date `exact`: the predicted date equals the gold date, null with null (a date where the text
  gives none is an error, and so is a missing one);
- date `within_precision`: the predicted date falls in the gold's period at the gold's precision
  (the same day, ISO week, month or year), null with null;
- place `country`: the predicted location's country equals the gold place's, null with null;
  `admin1`: over gold points whose GeoNames admin1 is known, the predicted admin1 equals it;
  `point`: over gold points (precision 1), the predicted location names the same place at precision 1.
Figures are paired on (quantity, value) as in `extras.score_figures`; `victims` is the share of
the found gold figures annotated with victims whose predicted figure says the same.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from powderkeg.eval.score import RENAMED_TYPES, codes

ACC_KEYS = ("date_exact", "date_within_precision", "place_country", "place_admin1", "place_point", "figure_victims")


def _period(d: Optional[str], precision: Optional[str]):
    if d is None:
        return None
    x = dt.date.fromisoformat(d[:10])
    if precision == "year":
        return x.year
    if precision == "month":
        return (x.year, x.month)
    if precision == "week":
        return x.isocalendar()[:2]
    return x


def _pair(g: dict, preds: list[dict]) -> Optional[dict]:
    ev = g.get("evidence", "")
    typ = RENAMED_TYPES.get(g["type"], g["type"])
    cands = [p for p in preds if ev and (ev in (p.get("text") or "") or (p.get("text") and p["text"].strip() in ev))]
    if not cands:
        return None
    src = codes(g.get("source"))
    return max(cands, key=lambda p: (p.get("type") == typ, bool(src & codes(p.get("source"))),
                                     bool(codes(g.get("target")) & codes(p.get("target")))))


def _acc(hit: int, n: int) -> dict:
    return {"accuracy": round(hit / n, 4) if n else 0.0, "hit": hit, "n": n}


def score_when_where(gold_docs: list[dict], records: list[dict]) -> dict:
    from powderkeg.events import geo

    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(str(r.get("doc_id")), []).append(r)
    c = {k: [0, 0] for k in ACC_KEYS}
    unmatched = annotated = 0
    for d in gold_docs:
        recs = by_doc.get(str(d["doc_id"]), [])
        preds = [r for r in recs if r.get("kind") == "event"]
        for g in d.get("events", []):
            if "date" not in g and "place" not in g:
                continue
            annotated += 1
            p = _pair(g, preds)
            if p is None:
                unmatched += 1
                continue
            if "date" in g:
                gd, gp = g.get("date"), g.get("date_precision")
                c["date_exact"][0] += p.get("date") == gd
                c["date_exact"][1] += 1
                c["date_within_precision"][0] += _period(p.get("date"), gp) == _period(gd, gp) \
                    if (gd is None) == (p.get("date") is None) else 0
                c["date_within_precision"][1] += 1
            if "place" in g:
                gl, pl = g.get("place"), p.get("location") or None
                c["place_country"][0] += (gl or {}).get("country") == (pl or {}).get("country")
                c["place_country"][1] += 1
                if gl and gl.get("precision") == 1:
                    city = geo.city(gl["name"], gl.get("country"))
                    c["place_point"][0] += bool(pl and pl.get("precision") == 1 and
                                                (pl.get("name") or "").lower() == gl["name"].lower())
                    c["place_point"][1] += 1
                    if city is not None:
                        c["place_admin1"][0] += bool(pl and pl.get("admin1") == city.admin1)
                        c["place_admin1"][1] += 1
        for gf in d.get("figures") or []:
            if "victims" not in gf:
                continue
            pf = [r for r in recs if r.get("kind") == "figure" and r.get("quantity") == gf.get("quantity") and
                  gf.get("value") is not None and float(gf["value"]) in
                  {float(r.get("value") or 0), float(r.get("value_max") or -1)}]
            if not pf:
                continue  # a figure not found is the figure scorer's miss, not a victims error
            c["figure_victims"][1] += 1
            c["figure_victims"][0] += any(r.get("victims") == gf["victims"] for r in pf)
    out = {k: _acc(*v) for k, v in c.items()}
    out["events_annotated"] = annotated
    out["events_unmatched"] = unmatched
    return out
