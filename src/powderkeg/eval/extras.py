"""Scores for figures, stances, relations and flags where the gold has them (precision and recall).

Figures are scored on every gold document annotated for them, including those annotated with no
figures (an empty `figures` list), so that a number read where the annotator saw none is a false
alarm. A figure matches on quantity and value; a predicted range ("18,250 to 63,000") matches a
gold figure at either end. On the matched pairs the scorer also reports how often the qualifier,
the claimant and the actor agree (country codes; an empty gold list agrees only with an empty one).

Matching rules beyond annotation.md:
- stances: (actor country, issue, stance); the gold's free-text issue is normalised with the
  same issue vocabulary powderkeg uses (`stances.yaml`), so "the Turkey-Libya maritime agreement"
  and powderkeg's "deal" compare;
- relations: (subject country, relation, object country); a predicted relation that matches no gold
  relation and whose words lie inside a gold flag's evidence is not counted here, because the gold
  records that false statement as a flag, not as a relation;
- flags: a predicted flag matches a gold flag when the flag's sentence contains the gold evidence
  and the statement it flags overlaps it;
- an optional gold item is never missed, and predicting it is never a false alarm.
"""
from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from typing import Optional

from powderkeg.eval.score import code, codes, prf


def _fig_key(f: dict) -> tuple:
    return (f.get("quantity"), float(f.get("value") or 0))


def _fig_keys(f: dict) -> set:
    keys = {_fig_key(f)}
    if f.get("value_max") is not None:
        keys.add((f.get("quantity"), float(f["value_max"])))
    return keys



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
            agree["claimed_by"] += codes(g.get("claimed_by")) == codes(r.get("claimed_by"))
            agree["actor"] += codes(g.get("actor")) == codes(r.get("actor"))
    if not annotated:
        return None
    out = prf(tp, fp, fn)
    for k in ("qualifier", "claimed_by", "actor"):
        out[f"{k}_agreement"] = round(agree[k] / tp, 4) if tp else 0.0
    return out


def _stance_key(s: dict, actor_code, issues) -> tuple:
    return (actor_code, issues.normalise(s.get("issue") or ""), s.get("stance"))


def _overlaps(a: str, b: str, least: int = 10) -> bool:
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= least


def _in_gold_flag(r: dict, gold_flags: list[dict]) -> bool:
    words = ((r.get("trigger") or {}).get("text")) or ""
    return any(_overlaps(words, g.get("evidence", "")) for g in gold_flags)


def _unmatched(golds: list[dict], preds: list[dict]) -> list[dict]:
    """The predicted flags no required gold flag took."""
    req = [g for g in golds if not g.get("optional")]
    return [p for p in preds if not any(_flag_fits(g, p) for g in req)]


def _flag_fits(g: dict, p: dict) -> bool:
    ev = g.get("evidence", "")
    return bool(ev) and ev in (p.get("text") or "") and _overlaps((p.get("claim") or {}).get("text", ""), ev)


def _score_flags(golds: list[dict], preds: list[dict]) -> tuple[int, int, int]:
    used: set[int] = set()
    tp = 0
    for g in golds:
        for i, p in enumerate(preds):
            if i in used:
                continue
            if _flag_fits(g, p):
                used.add(i)
                tp += 1
                break
    return tp, len(preds) - len(used), len(golds) - tp


def _rel_key(r: dict, subj, obj) -> tuple:
    rel = r.get("relation")
    if rel in ("ally_of", "adversary_of") and str(subj) > str(obj):
        subj, obj = obj, subj  # symmetric: "Russia-Ukraine war" and "Ukraine-Russia war" are one
    return (subj, rel, obj)


def score_extras(gold_docs: list[dict], records: list[dict]) -> dict:
    from powderkeg.stances.extract import StanceLexicon
    from powderkeg.vocabulary import read_vocabulary

    issues = StanceLexicon(read_vocabulary()["stances"])  # gold issues normalised as the reader does
    out = {}
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(str(r.get("doc_id")), []).append(r)
    figs = score_figures(gold_docs, by_doc)
    if figs is not None:
        out["figures"] = figs
    for kind, gkey in (("stances", "stances"), ("relations", "relations"), ("flags", "flags")):
        tot = Counter()
        has_gold = False
        for d in gold_docs:
            golds = d.get(gkey)
            if golds is None:
                continue
            has_gold = True
            preds = [r for r in by_doc.get(str(d["doc_id"]), []) if r.get("kind") == kind[:-1]]
            if kind == "flags":
                tp, fp, fn = _score_flags([x for x in golds if not x.get("optional")], preds)
                if fp:  # a flag on an optional gold flag is not a false alarm
                    opt_tp, _, _ = _score_flags([x for x in golds if x.get("optional")],
                                                _unmatched(golds, preds))
                    fp -= opt_tp
                tot.update(tp=tp, fp=fp, fn=fn)
                continue
            optional: set = set()
            if kind == "stances":
                g = {_stance_key(x, code(x.get("actor")), issues) for x in golds if not x.get("optional")}
                optional = {_stance_key(x, code(x.get("actor")), issues) for x in golds if x.get("optional")}
                p = {_stance_key(x, code((x.get("actor") or {}).get("country")), issues) for x in preds}
            else:
                g = {_rel_key(x, code(x.get("subject")), code(x.get("object"))) for x in golds if not x.get("optional")}
                optional = {_rel_key(x, code(x.get("subject")), code(x.get("object"))) for x in golds
                            if x.get("optional")}
                gold_flags = d.get("flags") or []
                p = set()
                for x in preds:
                    k = _rel_key(x, code((x.get("subject") or {}).get("country")),
                                 code((x.get("object") or {}).get("country")))
                    if k in g or not _in_gold_flag(x, gold_flags):
                        p.add(k)
            tot.update(tp=len(g & p), fp=len(p - g - optional), fn=len(g - p))
        if has_gold:
            out[kind] = prf(tot["tp"], tot["fp"], tot["fn"])
    return out
