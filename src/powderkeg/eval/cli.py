"""`powderkeg eval`: scores, per-type table, and the misses and false alarms with their sentences."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

from powderkeg.coders import DEFAULT_CODER
from powderkeg.eval import baseline
from powderkeg.eval import score as S
from powderkeg.eval.extras import score_extras
from powderkeg.eval.whenwhere import ACC_KEYS, score_when_where


def _run(input_path: str, coder: str = DEFAULT_CODER) -> list[dict]:
    from powderkeg.ingest import iter_inputs
    from powderkeg.pipeline import Analysis, Analyzer
    from powderkeg.records import to_dict

    out = []
    for a in Analyzer(coder=coder).analyse_stream(iter_inputs([input_path])):
        if not isinstance(a, Analysis):
            print(f"powderkeg: {a.message()}", file=sys.stderr)
            continue
        out.extend(to_dict(r) for r in a.records)
    return out


def default_run_input(gold: str) -> Optional[str]:
    """The article texts that go with a gold set: articles.jsonl beside it, or the .txt named by `file`."""
    p = Path(gold)
    folder = p if p.is_dir() else p.parent
    parts = [str(folder / "articles.jsonl")] if (folder / "articles.jsonl").exists() else []
    if p.is_dir():
        parts += [str(t) for t in sorted(folder.glob("*.txt"))]
    return ",".join(parts) or None


def run_eval(args) -> int:
    docs = S.load_gold_docs(args.gold)
    if args.pred:
        with open(args.pred, encoding="utf-8") as f:
            records = [json.loads(l) for l in f if l.strip()]
    else:
        inp = args.run or default_run_input(args.gold)
        if inp is None and len(docs) == 1 and docs[0].get("file"):
            cand = Path(args.gold).parent / docs[0]["file"]
            inp = str(cand) if cand.exists() else None
        if inp is None:
            print("powderkeg: give PRED or --run INPUT", file=sys.stderr)
            return 2
        records = []
        for part in inp.split(","):
            records.extend(_run(part, getattr(args, "coder", DEFAULT_CODER)))
    gold = S.gold_events(docs)
    pred = S.pred_events(records, set(gold))
    res = S.score(gold, pred)
    res["detection"] = S.detection(docs, records)
    res["extras"] = score_extras(docs, records)
    res["when_where"] = score_when_where(docs, records)
    res["documents"] = len(gold)
    if getattr(args, "write_baseline", None):
        baseline.write(res, args.write_baseline)
        print(f"baseline written to {args.write_baseline}", file=sys.stderr)
    regressions = baseline.check(res, args.baseline) if getattr(args, "baseline", None) else []
    if args.json:
        if getattr(args, "baseline", None):
            res["regressions"] = regressions
        print(json.dumps(res, indent=1))
        return 1 if regressions else 0
    _print(args, res, gold, pred, records)
    if getattr(args, "baseline", None):
        if regressions:
            print(f"\nREGRESSION against {args.baseline}:")
            for line in regressions:
                print(f"  {line}")
            return 1
        print(f"\nno regression against {args.baseline}")
    return 0


def _print(args, res: dict, gold, pred, records: list[dict]) -> None:
    print(f"{len(gold)} documents, {sum(1 for gs in gold.values() for g in gs if not g.optional)} required gold events")
    for level in ("detection",) + S.LEVELS[:2] + S.EXTRA_LEVELS + S.LEVELS[2:]:
        r = res[level]
        print(f"{level:9s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}  (tp={r['tp']} fp={r['fp']} fn={r['fn']})")
    print("\nper type: F1 at the type, source, target and full levels (P, R and counts at the full level)")
    for t, r in res["per_type"].items():
        print(f"  {t:10s} type={r.get('type_f1', 0):.3f} source={r.get('source_f1', 0):.3f} "
              f"target={r.get('target_f1', 0):.3f} full={r['f1']:.3f}  P={r['precision']:.3f} R={r['recall']:.3f}  "
              f"tp={r['tp']} fp={r['fp']} fn={r['fn']}  gold={r['gold']}")
    for kind, r in res["extras"].items():
        print(f"{kind:9s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}  (tp={r['tp']} fp={r['fp']} fn={r['fn']})")
    ww = res["when_where"]
    print(f"\nwhen and where ({ww['events_annotated']} gold events annotated, {ww['events_unmatched']} with no predicted event "
          f"in their sentence)")
    for k in ACC_KEYS:
        print(f"  {k:22s} {ww[k]['accuracy']:.3f}  ({ww[k]['hit']}/{ww[k]['n']})")
    misses, alarms = S.errors(gold, pred)
    sentences = _sentences(records)
    if misses:
        print(f"\nmisses ({len(misses)}):")
        for g in misses[: args.misses]:
            print(f"  {g.doc}: {g.type} {sorted(g.src)} -> {sorted(g.tgt)}  \"{g.evidence[:120]}\"")
    if alarms:
        print(f"\nfalse alarms ({len(alarms)}):")
        for p in alarms[: args.misses]:
            print(f"  {p.doc}: {p.type} {sorted(p.src)} -> {sorted(p.tgt)}  \"{sentences.get((p.doc, p.type, p.src, p.tgt), '')[:120]}\"")


def _sentences(records: list[dict]) -> dict:
    out = {}
    for r in records:
        if r.get("kind") == "event" and not r.get("negated") and not r.get("hypothetical"):
            k = (str(r["doc_id"]), r["type"], S.codes(r.get("source")), S.codes(r.get("target")))
            out.setdefault(k, r.get("text", ""))
    return out
