"""Throughput of `extract` against parsing alone with powderkeg's pipeline (`load_nlp`: the
model with its exact, faster attribute ruler and lemmatizer), in one process, over the same
Wikinews articles. `benchmarks/scale.py` times whole processes against spaCy as it ships too.

Reports articles/s and sentences/s for both, their ratio (target: the full pipeline at least 0.7 of
parse-only throughput) and peak memory (resident set size) of each phase. Actor resolution is also
reported in mentions/s.

    python benchmarks/throughput.py [--limit N] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    from powderkeg.coders import CODERS, DEFAULT_CODER

    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--coder", choices=CODERS, default=DEFAULT_CODER, help="the event coder to time")
    args = ap.parse_args()

    from powderkeg.ingest import Document, iter_inputs
    from powderkeg.pipeline import Analyzer

    docs = [d for d in iter_inputs([str(ROOT / "data" / "wikinews")]) if isinstance(d, Document)][: args.limit]
    analyzer = Analyzer(coder=args.coder)
    nlp = analyzer.nlp
    texts = [analyzer.parse_text(d) for d in docs]
    list(nlp.pipe(texts[:5]))  # warm up both paths equally
    rss0 = peak_rss_mb()

    t = time.perf_counter()
    n_sents = 0
    for sdoc in nlp.pipe(texts, batch_size=16):
        n_sents += sum(1 for _ in sdoc.sents)
    parse_s = time.perf_counter() - t
    rss_parse = peak_rss_mb()

    t = time.perf_counter()
    n_records = n_mentions = 0
    for a in analyzer.analyse_many(docs, batch_size=16):
        n_records += len(a.records)
    full_s = time.perf_counter() - t
    rss_full = peak_rss_mb()

    # actor resolution alone, on already parsed documents
    parsed = list(nlp.pipe(texts, batch_size=16))
    t = time.perf_counter()
    for sdoc, d in zip(parsed, docs):
        n_mentions += len(analyzer.resolver.resolve(sdoc, d.date).mentions)
    res_s = time.perf_counter() - t

    out = {
        "coder": args.coder, "articles": len(docs), "sentences": n_sents, "records": n_records,
        "parse_only": {"seconds": round(parse_s, 2), "articles_per_s": round(len(docs) / parse_s, 2),
                       "sentences_per_s": round(n_sents / parse_s, 1)},
        "extract": {"seconds": round(full_s, 2), "articles_per_s": round(len(docs) / full_s, 2),
                    "sentences_per_s": round(n_sents / full_s, 1)},
        "ratio_extract_to_parse": round(parse_s / full_s, 3),
        "actor_resolution": {"mentions": n_mentions, "mentions_per_s": round(n_mentions / res_s, 0)},
        "peak_rss_mb": {"before": round(rss0), "after_parse": round(rss_parse), "after_extract": round(rss_full)},
    }
    print(json.dumps(out, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
