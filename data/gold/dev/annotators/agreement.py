"""Inter-annotator agreement on the dev overlap articles.

Compares a main gold file (data/gold/dev/<id>.json) with the other annotator's
version (data/gold/dev/overlap/<X>/<id>.json). Events are matched on
(type, source set, target set); a second figure matches on type alone
(type-level agreement: multiset intersection of types). Figures are matched on
(quantity, value, qualifier), stances on (actor, issue, stance), relations on
(subject, relation, object), issues compared case-insensitively. Optional rows are counted separately.

Usage: python agreement.py [ROOT]   (ROOT defaults to data/gold/dev)
The main files now hold the adjudicated versions, so this compares each
overlap annotator with the adjudication. To reproduce the pre-adjudication
figures in adjudication.md, run it on a checkout of commit 1ba390e.
"""
import json
import sys
from collections import Counter
from pathlib import Path


def ekey(e):
    return (e["type"], tuple(sorted(e.get("source", []))), tuple(sorted(e.get("target", []))))


def compare(a_rows, b_rows, key):
    ka = Counter(key(r) for r in a_rows)
    kb = Counter(key(r) for r in b_rows)
    both = ka & kb
    return sum(both.values()), sum((ka - kb).values()), sum((kb - ka).values()), both, ka - kb, kb - ka


def f1(agree, only_a, only_b):
    d = 2 * agree + only_a + only_b
    return 2 * agree / d if d else 1.0


def report(main_path, other_path, main_name, other_name):
    m = json.load(open(main_path))
    o = json.load(open(other_path))
    print(f"== {m['doc_id']}  ({main_name}=main, {other_name}=overlap)")
    for label, sel in (("all events", lambda e: True), ("required events", lambda e: not e.get("optional"))):
        ag, oa, ob, both, xa, xb = compare([e for e in m["events"] if sel(e)], [e for e in o["events"] if sel(e)], ekey)
        print(f"  {label}: agreed {ag}, only-{main_name} {oa}, only-{other_name} {ob}, F1 {f1(ag, oa, ob):.2f}")
        if label == "all events":
            for k in sorted(xa):
                print(f"    only-{main_name}: {k}")
            for k in sorted(xb):
                print(f"    only-{other_name}: {k}")
    mi = {ekey(e): e for e in m["events"]}
    oi = {ekey(e): e for e in o["events"]}
    for k in sorted(set(mi) & set(oi)):
        for attr in ("mode", "optional"):
            va, vb = mi[k].get(attr) or None, oi[k].get(attr) or None
            if va != vb:
                print(f"    matched {k}: {attr} {main_name}={va} {other_name}={vb}")
    ag, oa, ob, *_ = compare(m["events"], o["events"], lambda e: e["type"])
    print(f"  type level (multiset): agreed {ag}, only-{main_name} {oa}, only-{other_name} {ob}, F1 {f1(ag, oa, ob):.2f}")
    ta, tb = {e["type"] for e in m["events"]}, {e["type"] for e in o["events"]}
    print(f"  type set: both {sorted(ta & tb)}, only-{main_name} {sorted(ta - tb)}, only-{other_name} {sorted(tb - ta)}")
    for sec, key in (("figures", lambda f: (f.get("quantity"), f.get("value"), f.get("qualifier"))),
                     ("stances", lambda s: (json.dumps(s.get("actor")), str(s.get("issue")).lower(), s.get("stance"))),
                     ("relations", lambda r: (json.dumps(r.get("subject")), r.get("relation"), json.dumps(r.get("object"))))):
        ag, oa, ob, both, xa, xb = compare(m.get(sec, []), o.get(sec, []), key)
        print(f"  {sec}: agreed {ag}, only-{main_name} {oa}, only-{other_name} {ob}")
        for k in sorted(xa, key=str):
            print(f"    only-{main_name}: {k}")
        for k in sorted(xb, key=str):
            print(f"    only-{other_name}: {k}")


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "data/gold/dev")
    for x, main_name in (("A", "B"), ("B", "A")):
        for p in sorted((root / "overlap" / x).glob("*.json")):
            report(root / p.name, p, main_name, x)


if __name__ == "__main__":
    main()
