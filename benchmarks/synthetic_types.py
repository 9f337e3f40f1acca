"""Document-level recall per PLOVER type on the synthetic stories (training material, not evaluation).

Samples N stories per labelled type with a fixed seed from
../shared/data/synthetic/plover_synthetic_stories.csv.zip (read in place), runs the analyzer, and
reports per type:
- recall: share of stories labelled T among whose real events (not negated, not hypothetical) T is coded;
- mode: among those hits whose label has a mode, share where a coded T event has that mode;
- elsewhere: share of stories labelled with another type in which T is coded (a precision proxy);
- the types most often coded in T's stories besides T.

The sample is split per type into a dev half (tune on it, --misses shows its missed stories) and a
check half (different stories: look only at its aggregate numbers).

    python benchmarks/synthetic_types.py [--n 60] [--seed 7] [--part dev|check|both] [--misses TYPE]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP = ROOT.parent / "shared" / "data" / "synthetic" / "plover_synthetic_stories.csv.zip"


def load_stories(path: Path) -> list[dict]:
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".csv"))
        with z.open(name) as f:
            return list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")))


def sample(stories: list[dict], n: int, seed: int) -> dict[str, list[tuple[str, dict]]]:
    """{"dev": [(id, row)], "check": [...]}: n stories per label, the first half of each label dev."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(stories):
        if r.get("label") and (r.get("text") or "").strip():
            by_label[r["label"].strip().upper()].append(i)
    rng = random.Random(seed)
    parts: dict[str, list[tuple[str, dict]]] = {"dev": [], "check": []}
    for label in sorted(by_label):
        picked = rng.sample(by_label[label], min(n, len(by_label[label])))
        half = (len(picked) + 1) // 2
        for k, i in enumerate(picked):
            parts["dev" if k < half else "check"].append((f"syn{i}", stories[i]))
    return parts


def run(rows: list[tuple[str, dict]]) -> list[dict]:
    from powderkeg.ingest.document import Document
    from powderkeg.pipeline import Analyzer

    analyzer = Analyzer()
    docs = [Document.from_parts(sid, r["text"], (r.get("title") or "").strip() or None, date=None) for sid, r in rows]
    out = []
    for (sid, r), a in zip(rows, analyzer.analyse_many(docs)):
        events = [e for e in a.records if getattr(e, "kind", "") == "event" and not e.negated and not e.hypothetical]
        out.append({"id": sid, "label": r["label"].strip().upper(), "mode": (r.get("mode") or "").strip().lower() or None,
                    "title": r.get("title"), "text": r["text"],
                    "events": [(e.type, e.mode, e.evidence.text if e.evidence else "",
                                [a.country for a in e.source], [a.country for a in e.target]) for e in events]})
    return out


def report(results: list[dict], name: str) -> dict:
    labels = sorted({r["label"] for r in results})
    n_label = Counter(r["label"] for r in results)
    hit, mode_ok, mode_n, elsewhere, confusions = Counter(), Counter(), Counter(), Counter(), defaultdict(Counter)
    for r in results:
        coded = {t for t, *_ in r["events"]}
        if r["label"] in coded:
            hit[r["label"]] += 1
            if r["mode"]:
                mode_n[r["label"]] += 1
                modes = {(m or "").lower() for t, m, *_ in r["events"] if t == r["label"]}
                mode_ok[r["label"]] += r["mode"] in modes
        for t in coded - {r["label"]}:
            elsewhere[t] += 1
            confusions[r["label"]][t] += 1
    total = len(results)
    print(f"\n== {name}: {total} stories")
    print(f"{'type':10} {'n':>3} {'recall':>7} {'mode':>6} {'elsewhere':>9}  most coded besides")
    summary = {}
    for t in labels:
        rec = hit[t] / n_label[t]
        md = f"{mode_ok[t] / mode_n[t]:.2f}" if mode_n[t] else "  -"
        other = total - n_label[t]
        els = elsewhere[t] / other if other else 0.0
        top = ", ".join(f"{k} {v}" for k, v in confusions[t].most_common(3))
        print(f"{t:10} {n_label[t]:3d} {rec:7.2f} {md:>6} {els:9.2f}  {top}")
        summary[t] = {"recall": round(rec, 3), "elsewhere": round(els, 3)}
    macro = sum(v["recall"] for v in summary.values()) / len(summary)
    print(f"{'macro':10} {'':3} {macro:7.2f}")
    return summary


def show_misses(results: list[dict], type_: str) -> None:
    for r in results:
        if r["label"] != type_ or type_ in {t for t, *_ in r["events"]}:
            continue
        print(f"\n--- {r['id']} ({r['label']}/{r['mode']}) {r['title']}")
        print(r["text"][:900].replace("\n", " "))
        print("coded:", "; ".join(f"{t}/{m} {s}->{g}" for t, m, _, s, g in r["events"]) or "nothing")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60, help="stories per type (split half dev, half check)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--part", choices=["dev", "check", "both"], default="dev")
    ap.add_argument("--misses", metavar="TYPE", help="print the dev stories of TYPE (comma-separated list) where TYPE is not coded")
    ap.add_argument("--json", help="write the per-type figures to this file")
    args = ap.parse_args()
    if not ZIP.exists():
        print(f"synthetic stories not found at {ZIP}: skipping", file=sys.stderr)
        return 0
    parts = sample(load_stories(ZIP), args.n, args.seed)
    names = ["dev", "check"] if args.part == "both" else [args.part]
    out = {}
    for name in names:
        results = run(parts[name])
        out[name] = report(results, name)
        if args.misses and name == "dev":
            for t in args.misses.upper().split(","):
                show_misses(results, t)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
