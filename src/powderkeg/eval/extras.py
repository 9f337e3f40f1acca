"""Scores for figures, stances and relations where the gold has them (precision and recall).

Figures are scored on every gold document annotated for them, including those annotated with no
figures (an empty `figures` list), so that a number read where the annotator saw none is a false
alarm. A figure matches on quantity and value; a predicted range ("18,250 to 63,000") matches a
gold figure at either end. On the matched pairs the scorer also reports how often the qualifier,
the claimant and the actor agree (country codes; an empty gold list agrees only with an empty one).
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

from powderkeg.eval.score import code, codes, prf


def _fig_key(f: dict) -> tuple:
    return (f.get("quantity"), float(f.get("value") or 0))


def _fig_keys(f: dict) -> set:
    keys = {_fig_key(f)}
    if f.get("value_max") is not None:
        keys.add((f.get("quantity"), float(f["value_max"])))
    return keys


def _fig_codes(actors) -> frozenset:
    return codes(actors)


def score_figures(gold_docs: list[dict], by_doc: dict[str, list[dict]]) -> Optional[dict]:
    """Figure P/R/F over the documents annotated for figures, plus agreement on matched pairs."""
    tp = fp = fn = 0
    agree = Counter()
    annotated = False
    for d in gold_docs:
        if not isinstance(d.get("figures"), list):
            continue
        annotated = True
        golds = d["figures"]
        req = {}
        for g in golds:
            if not g.get("optional"):
                req.setdefault(_fig_key(g), g)
        opt = {_fig_key(g) for g in golds if g.get("optional")}
        preds, seen = [], set()
        for r in by_doc.get(str(d["doc_id"]), []):
            if r.get("kind") == "figure":
                k = (r.get("quantity"), float(r.get("value") or 0), r.get("value_max"))
                if k not in seen:
                    seen.add(k)
                    preds.append(r)
        matched: dict[tuple, dict] = {}
        for r in preds:
            hit = _fig_keys(r) & set(req)
            for k in hit:
                matched.setdefault(k, r)
            if not hit and not (_fig_keys(r) & opt):
                fp += 1
        tp += len(matched)
        fn += len(set(req) - set(matched))
        for k, r in matched.items():
            g = req[k]
            agree["qualifier"] += (g.get("qualifier") or "exact") == (r.get("qualifier") or "exact")
            agree["claimed_by"] += _fig_codes(g.get("claimed_by")) == _fig_codes(r.get("claimed_by"))
            agree["actor"] += _fig_codes(g.get("actor")) == _fig_codes(r.get("actor"))
    if not annotated:
        return None
    out = prf(tp, fp, fn)
    for k in ("qualifier", "claimed_by", "actor"):
        out[f"{k}_agreement"] = round(agree[k] / tp, 4) if tp else 0.0
    return out


def _stance_key(s: dict, actor_code) -> tuple:
    return (actor_code, (s.get("issue") or "").lower(), s.get("stance"))


def _rel_key(r: dict, subj, obj) -> tuple:
    return (subj, r.get("relation"), obj)


def score_extras(gold_docs: list[dict], records: list[dict]) -> dict:
    out = {}
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(str(r.get("doc_id")), []).append(r)
    figs = score_figures(gold_docs, by_doc)
    if figs is not None:
        out["figures"] = figs
    for kind, gkey in (("stances", "stances"), ("relations", "relations")):
        tot = Counter()
        has_gold = False
        for d in gold_docs:
            golds = d.get(gkey) or []
            if not golds:
                continue
            has_gold = True
            preds = [r for r in by_doc.get(str(d["doc_id"]), []) if r.get("kind") == kind[:-1]]
            if kind == "stances":
                g = {_stance_key(x, code(x.get("actor"))) for x in golds if not x.get("optional")}
                p = {_stance_key(x, code((x.get("actor") or {}).get("country"))) for x in preds}
            else:
                g = {_rel_key(x, code(x.get("subject")), code(x.get("object"))) for x in golds if not x.get("optional")}
                p = {_rel_key(x, code((x.get("subject") or {}).get("country")), code((x.get("object") or {}).get("country")))
                     for x in preds}
            tot.update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
        if has_gold:
            out[kind] = prf(tot["tp"], tot["fp"], tot["fn"])
    return out
