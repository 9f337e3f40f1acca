"""Scores for figures, stances and relations where the gold has them (precision and recall)."""
from __future__ import annotations

from collections import Counter

from powderkeg.eval.score import code, codes, prf


def _fig_key(f: dict) -> tuple:
    return (f.get("quantity"), float(f.get("value") or 0))


def _stance_key(s: dict, actor_code) -> tuple:
    return (actor_code, (s.get("issue") or "").lower(), s.get("stance"))


def _rel_key(r: dict, subj, obj) -> tuple:
    return (subj, r.get("relation"), obj)


def score_extras(gold_docs: list[dict], records: list[dict]) -> dict:
    out = {}
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(str(r.get("doc_id")), []).append(r)
    for kind, gkey in (("figures", "figures"), ("stances", "stances"), ("relations", "relations")):
        tot = Counter()
        has_gold = False
        for d in gold_docs:
            golds = d.get(gkey) or []
            if not golds:
                continue
            has_gold = True
            preds = [r for r in by_doc.get(str(d["doc_id"]), []) if r.get("kind") == kind[:-1]]
            if kind == "figures":
                g = {_fig_key(x) for x in golds if not x.get("optional")}
                p = {_fig_key(x) for x in preds}
            elif kind == "stances":
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
