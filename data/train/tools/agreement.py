"""Inter-annotator agreement on the doubly annotated articles of the training corpus.

    python data/train/tools/agreement.py data/train/double.jsonl [--by-round]

Two annotations of one sentence agree on an event when their triggers overlap; then we compare
type, source and target countries. Reported per round and overall:
- trigger F1 (the same words picked as an event, any type), type F1 (overlap and same type),
- full F1 (same type, and source and target country sets equal where both name one),
- and the same at the article level as the gold sets are scored (type, source, target codes).
Negated and hypothetical events count like the others (both must mark them alike to agree on
the article level, where they are left out).
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict


def _codes(actors) -> frozenset:
    return frozenset(a["country"] for a in actors if a.get("country"))


def _overlap(a, b) -> bool:
    return a["start"] is not None and b["start"] is not None and a["start"] < b["end"] and b["start"] < a["end"]


def mention_counts(ea: list[dict], eb: list[dict]) -> dict[str, tuple[int, int, int]]:
    out = {}
    for level in ("trigger", "type", "full"):
        used, tp = set(), 0
        for x in ea:
            for j, y in enumerate(eb):
                if j in used or not _overlap(x["trigger"], y["trigger"]):
                    continue
                if level != "trigger" and x["type"] != y["type"]:
                    continue
                if level == "full":
                    sx, sy, tx, ty = _codes(x["source"]), _codes(y["source"]), _codes(x["target"]), _codes(y["target"])
                    if (sx and sy and sx != sy) or (tx and ty and tx != ty):
                        continue
                used.add(j)
                tp += 1
                break
        out[level] = (tp, len(ea), len(eb))
    return out


def article_rows(sents: list[dict]) -> set:
    rows = set()
    for s in sents:
        for e in s["events"]:
            if not (e.get("negated") or e.get("hypothetical") or e.get("optional")):
                rows.add((e["type"], _codes(e["source"]), _codes(e["target"])))
    return rows


def f1(tp: int, na: int, nb: int) -> float:
    return round(2 * tp / (na + nb), 3) if na + nb else 1.0


def main(path: str, by_round: bool) -> None:
    copies: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for l in open(path):
        d = json.loads(l)
        rnd = d["annotator"][0]
        copies[(d["article_id"], rnd)]["main" if d["main"] else "second"].append(d)
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    n_sent = defaultdict(int)
    for (art, rnd), v in copies.items():
        if "main" not in v or "second" not in v:
            continue
        a = {s["sent"]: s for s in v["main"]}
        b = {s["sent"]: s for s in v["second"]}
        both = sorted(set(a) & set(b))
        for key in (rnd, "all"):
            n_sent[key] += len(both)
            for i in both:
                for level, (tp, na, nb) in mention_counts(a[i]["events"], b[i]["events"]).items():
                    t = totals[key][level]
                    t[0] += tp; t[1] += na; t[2] += nb
            ra, rb = article_rows([a[i] for i in both]), article_rows([b[i] for i in both])
            t = totals[key]["article"]
            t[0] += len(ra & rb); t[1] += len(ra); t[2] += len(rb)
    names = {"T": "real news, first 10 sentences", "R": "real news, the rest", "S": "synthetic stories", "all": "all"}
    for key in ([k for k in ("T", "R", "S") if k in totals] if by_round else []) + ["all"]:
        t = totals[key]
        print(f"{names[key]}: {n_sent[key]} sentences annotated twice; "
              + ", ".join(f"{lvl} F1 {f1(*t[lvl])}" for lvl in ("trigger", "type", "full", "article")))


if __name__ == "__main__":
    main(sys.argv[1], "--by-round" in sys.argv)
