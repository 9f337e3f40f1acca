"""CPU time of everything after spaCy, on pre-parsed Wikinews articles (issue 14 item 3).

The whole-process ratio of `benchmarks/scale.py` mixes spaCy's parse with powderkeg's own work;
this parses the articles once, then times only `Analyzer._from_spacy` over the parsed documents
(process CPU seconds, best of --repeat), so a change to the resolver, the coders or the readers
is measured without the parse's noise. --profile prints the top of a cProfile of one pass.

    python benchmarks/postparse.py [--limit 80] [--repeat 3] [--coder combined|lexicon|learned] [--profile N]
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    from powderkeg.coders import CODERS, DEFAULT_CODER

    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=80)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--coder", choices=CODERS, default=DEFAULT_CODER)
    ap.add_argument("--profile", type=int, default=0, help="print this many lines of a cProfile of one pass")
    ap.add_argument("--sort", default="tottime", help="cProfile sort key (tottime, cumulative)")
    args = ap.parse_args()

    from powderkeg.ingest import Document, iter_inputs
    from powderkeg.pipeline import Analyzer

    docs = [d for d in iter_inputs([str(ROOT / "data" / "wikinews")]) if isinstance(d, Document)][: args.limit]
    analyzer = Analyzer(coder=args.coder)
    t = time.process_time()
    parsed = list(analyzer.nlp.pipe([analyzer.parse_text(d) for d in docs], batch_size=16))
    parse_cpu = time.process_time() - t

    def one_pass() -> int:
        return sum(len(analyzer._from_spacy(d, s).records) for d, s in zip(docs, parsed))

    times, n_records = [], 0
    for _ in range(args.repeat):
        t = time.process_time()
        n_records = one_pass()
        times.append(time.process_time() - t)
    out = {"coder": args.coder, "articles": len(docs), "records": n_records, "parse_cpu_s": round(parse_cpu, 2),
           "postparse_cpu_s": [round(x, 2) for x in times], "best": round(min(times), 2),
           "postparse_share_of_parse": round(min(times) / parse_cpu, 3)}
    print(json.dumps(out))
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(one_pass)
        pstats.Stats(prof).sort_stats(args.sort).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
