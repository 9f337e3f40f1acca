"""Scale benchmark: whole processes, model loading included, on the Wikinews articles.

Reports
- spaCy parse-only: a process that loads the spaCy model as it ships (`spacy.load`) and parses the
  articles (nlp.pipe), nothing else: the same characters powderkeg parses (title line, blank line,
  body; before 2026-12-07 the body alone, which left the titles' parse, ~2.5% of the tokens, on
  powderkeg's side of the ratio);
- own parse-only: the same with powderkeg's pipeline (`load_nlp`: the model, line breaks as sentence
  breaks, the exact faster stand-ins for the attribute ruler and lemmatizer), nothing else. Before
  2026-12-07 ("Speed, fifth round") this was the only parse-only process, and its pipeline equalled
  spaCy's but for the line breaks;
- extract --workers 1 and --workers 2 on the same articles: seconds, articles/s, the ratio of one
  worker to spaCy parse-only (issue #14's target >= 0.9), to own parse-only (what powderkeg's
  analysis costs on top of its own parse) and of two workers to one (target >= 1.6);
- the Dask path: `ingest --cluster local --workers 2 --parquet DIR` (a LocalCluster of 2 worker
  processes) against `ingest --workers 2` on the same articles, and the cluster run followed by the
  load into DuckDB (`--db`): seconds and the ratio to `--workers 2` (target: within 20%), in
  --cluster-rounds rounds, on --limit articles or on each count of --cluster-articles;
- peak memory (resident set of the process and its workers, sampled every 0.1 s) of
  `ingest --workers W` (--memory-workers, default 1) on N articles made of the same articles repeated (ids made unique), for each
  N of --sizes: flat memory means streaming works;
- the readers' fuzz run (benchmarks/fuzz_readers.py) is separate, with its own budget.

    python benchmarks/scale.py [--limit 200] [--sizes 1000,10000] [--memory-workers W]
        [--cluster-articles 200,1000] [--cluster-rounds N] [--shift-days D] [--rounds N] [--skip-throughput] [--skip-cluster] [--json OUT] [--trace-every S]

One round's ratio is good to about +-0.1 on this machine (the same process takes 38.6-48.5 CPU s
from one round to the next, 2026-12-07): `--rounds N` (default 5) runs parse-only, one worker and
two workers in turn N times and reports every round, the medians of the per-round ratios and the
load average before and after.

The 100k size (`--sizes 1000,10000,100000`) takes about 3 hours with one worker on this 2-core
machine, about 1.7 with `--memory-workers 2`; compare sizes only at the same worker count, and say
which sizes and count were run.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def articles(limit: int) -> list[dict]:
    csv.field_size_limit(10**8)
    rows = []
    for f in sorted((ROOT / "data" / "wikinews").glob("*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            rows += list(csv.DictReader(fh))
    return [{"id": f"wn{i}", "date": r["date"], "title": r["title"], "text": r["text"]} for i, r in enumerate(rows[:limit])]


def write_jsonl(rows: list[dict], path: Path, repeat_to: int = 0, shift_days: int = 0) -> Path:
    """The articles as JSON Lines; with `repeat_to`, repeated to that many under unique ids, each
    repetition dated `shift_days` later than the one before (0: the same dates every time, so the
    copies of one story pile into one incident, as a real stream never does)."""
    with open(path, "w", encoding="utf-8") as f:
        n = 0
        while True:
            for r in rows:
                if repeat_to and n >= repeat_to:
                    return path
                row = r
                if repeat_to:
                    row = {**r, "id": f"{r['id']}-{n}"}
                    if shift_days and r.get("date"):
                        day = date.fromisoformat(r["date"][:10]) + timedelta(days=shift_days * (n // len(rows)))
                        row["date"] = day.isoformat()
                f.write(json.dumps(row) + "\n")
                n += 1
            if not repeat_to:
                return path


def write_parse_texts(src: Path, path: Path) -> Path:
    """The texts the parse-only process parses: each document's text exactly as powderkeg reads it
    (title line, blank line, body), so both processes parse the same characters."""
    from powderkeg.ingest.document import Document
    with open(src, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for line in f:
            r = json.loads(line)
            doc = Document.from_parts(r["id"], r["text"], title=r.get("title"))
            out.write(json.dumps({"text": doc.text}) + "\n")
    return path


def _tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):  # children of every thread (Dask's nannies spawn from one)
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return total


def timed(cmd: list[str], trace: Optional[list] = None, every: float = 60.0) -> tuple[float, float, float]:
    """(wall seconds, peak resident MB of the process tree, CPU seconds of the process tree). On a
    machine shared with other work, CPU seconds compare single-process runs fairly; wall seconds are
    what parallel runs buy. With `trace`, [seconds, resident MB, peak MB so far] is appended to it
    (and printed) every `every` seconds, so a long run shows how memory grows, and a run stopped
    early still leaves its figures."""
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, next_trace = 0, every
    while proc.poll() is None:
        rss = _tree_rss_kb(proc.pid)
        peak = max(peak, rss)
        if trace is not None and time.perf_counter() - t >= next_trace:
            trace.append([round(time.perf_counter() - t), round(rss / 1024), round(peak / 1024)])
            print(f"  {trace[-1][0]} s: {trace[-1][1]} MB resident, {trace[-1][2]} MB peak", flush=True)
            next_trace += every
        time.sleep(0.1)
    secs = time.perf_counter() - t
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    err = proc.stderr.read()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return secs, peak / 1024, cpu


# Parses the texts of write_parse_texts (title and body, as powderkeg reads them), nothing else:
# with spaCy's pipeline as it ships (SPACY_PARSE) or powderkeg's own (OWN_PARSE).
SPACY_PARSE = """
import json, sys
import spacy
from powderkeg.nlp.model import MODEL
nlp = spacy.load(MODEL)
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
for d in nlp.pipe(texts, batch_size=16):
    pass
"""
OWN_PARSE = """
import json, sys
from powderkeg.nlp.model import load_nlp
nlp = load_nlp()
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
for d in nlp.pipe(texts, batch_size=16):
    pass
"""


def throughput_round(pk: list[str], src: Path, tmp: Path, n: int) -> dict:
    """One round: the two parse-only processes, then `extract --workers 1` and `--workers 2`."""
    texts = tmp / "parse_texts.jsonl"
    if not texts.exists():
        write_parse_texts(src, texts)
    parse_s, parse_mb, parse_cpu = timed([PY, "-c", SPACY_PARSE, str(texts)])
    own_s, own_mb, own_cpu = timed([PY, "-c", OWN_PARSE, str(texts)])
    one_s, one_mb, one_cpu = timed(pk + ["extract", str(src), "-q", "--format", "jsonl", "--workers", "1", "--out", str(tmp / "w1")])
    two_s, two_mb, two_cpu = timed(pk + ["extract", str(src), "-q", "--format", "jsonl", "--workers", "2", "--out", str(tmp / "w2")])
    same = (tmp / "w1").read_bytes() == (tmp / "w2").read_bytes()
    return {
        "parse_only": {"seconds": round(parse_s, 1), "articles_per_s": round(n / parse_s, 2), "peak_mb": round(parse_mb)},
        "own_parse_only": {"seconds": round(own_s, 1), "articles_per_s": round(n / own_s, 2), "peak_mb": round(own_mb)},
        "workers_1": {"seconds": round(one_s, 1), "articles_per_s": round(n / one_s, 2), "peak_mb": round(one_mb)},
        "workers_2": {"seconds": round(two_s, 1), "articles_per_s": round(n / two_s, 2), "peak_mb": round(two_mb)},
        "cpu_seconds": {"parse_only": round(parse_cpu, 1), "own_parse_only": round(own_cpu, 1),
                        "workers_1": round(one_cpu, 1), "workers_2": round(two_cpu, 1)},
        "ratio_one_worker_to_parse_only": round(parse_s / one_s, 3),
        "ratio_one_worker_to_parse_only_cpu": round(parse_cpu / one_cpu, 3),
        "ratio_one_worker_to_own_parse_only": round(own_s / one_s, 3),
        "speedup_two_workers": round(one_s / two_s, 3),
        "two_workers_output_identical": same,
    }


def throughput(pk: list[str], src: Path, tmp: Path, n: int, rounds: int) -> dict:
    """`rounds` interleaved rounds: one round's figures as they are; with more, the medians over the
    rounds (ratios: the median of the per-round ratios) and every round under "rounds"."""
    load = os.getloadavg()
    runs = [throughput_round(pk, src, tmp, n) for _ in range(rounds)]
    if rounds == 1:
        return {**runs[0], "load_average": {"before": load, "after": os.getloadavg()}}
    med = statistics.median
    out = {k: {kk: round(med(r[k][kk] for r in runs), 2) for kk in runs[0][k]}
           for k in ("parse_only", "own_parse_only", "workers_1", "workers_2", "cpu_seconds")}
    for k in ("ratio_one_worker_to_parse_only", "ratio_one_worker_to_parse_only_cpu",
              "ratio_one_worker_to_own_parse_only", "speedup_two_workers"):
        out[k] = round(med(r[k] for r in runs), 3)
    out["two_workers_output_identical"] = all(r["two_workers_output_identical"] for r in runs)
    return {**out, "rounds": runs, "load_average": {"before": load, "after": os.getloadavg()}}


def cluster_round(pk: list[str], src: Path, tmp: Path, n: int, i: int) -> dict:
    """`ingest --workers 2` against a LocalCluster of 2 workers writing Parquet, then with the load
    into DuckDB; whole processes (cluster start and each worker's model loading included). Fresh
    outputs each round (`i`): a rerun into the same ones would find everything done."""
    w2_s, w2_mb, w2_cpu = timed(pk + ["ingest", str(src), "-q", "--workers", "2", "--db", str(tmp / f"w2_{i}.duckdb")])
    cl_s, cl_mb, cl_cpu = timed(pk + ["ingest", str(src), "-q", "--cluster", "local", "--workers", "2",
                                      "--parquet", str(tmp / f"ds_{i}")])
    db_s, db_mb, db_cpu = timed(pk + ["ingest", str(src), "-q", "--cluster", "local", "--workers", "2",
                                      "--parquet", str(tmp / f"ds_db_{i}"), "--db", str(tmp / f"cl_{i}.duckdb")])
    row: dict = {}
    for name, (s, mb, cpu) in {"ingest_workers_2": (w2_s, w2_mb, w2_cpu), "cluster_local_2": (cl_s, cl_mb, cl_cpu),
                               "cluster_local_2_and_load": (db_s, db_mb, db_cpu)}.items():
        row[name] = {"seconds": round(s, 1), "articles_per_s": round(n / s, 2), "peak_mb": round(mb),
                     "cpu_seconds": round(cpu, 1)}
    row["ratio_cluster_to_workers_2"] = round(w2_s / cl_s, 3)  # > 1: the cluster is faster
    row["ratio_cluster_and_load_to_workers_2"] = round(w2_s / db_s, 3)
    return row


def cluster(pk: list[str], src: Path, tmp: Path, n: int, rounds: int) -> dict:
    """`rounds` rounds of `cluster_round`: every round, and the medians of the per-round ratios."""
    tmp.mkdir(parents=True, exist_ok=True)
    runs = [cluster_round(pk, src, tmp, n, i) for i in range(rounds)]
    med = statistics.median
    out: dict = {"articles": n}
    for k in ("ingest_workers_2", "cluster_local_2", "cluster_local_2_and_load"):
        out[k] = {kk: round(med(r[k][kk] for r in runs), 2) for kk in runs[0][k]}
    for k in ("ratio_cluster_to_workers_2", "ratio_cluster_and_load_to_workers_2"):
        out[k] = round(med(r[k] for r in runs), 3)
    return {**out, "rounds": runs}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--sizes", default="1000,10000", help="article counts for the memory runs (comma-separated)")
    ap.add_argument("--rounds", type=int, default=5, help="throughput rounds, interleaved (default 5: one round is noisy)")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-cluster", action="store_true")
    ap.add_argument("--cluster-articles", default="",
                    help="article counts for the cluster comparison (comma-separated; default: --limit), "
                         "the articles repeated as for the memory runs")
    ap.add_argument("--cluster-rounds", type=int, default=3, help="rounds of each cluster comparison (default 3)")
    ap.add_argument("--shift-days", type=int, default=0,
                    help="memory runs: date each repetition of the articles this many days after the one before, "
                         "so repeated stories do not pile into the same incidents (default 0: same dates)")
    ap.add_argument("--memory-workers", type=int, default=1,
                    help="memory runs: ingest with this many workers (default 1; the tree's memory is measured)")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--trace-every", type=float, default=60.0,
                    help="memory runs: print and keep the resident and peak MB every this many seconds (default 60)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pk-scale-"))
    rows = articles(args.limit)
    src = write_jsonl(rows, tmp / "articles.jsonl")
    out: dict = {"articles": len(rows), "cores": os.cpu_count()}
    pk = [PY, "-m", "powderkeg"]
    if not args.skip_throughput:
        out["throughput"] = throughput(pk, src, tmp, len(rows), max(1, args.rounds))
        print(json.dumps(out["throughput"], indent=1), flush=True)
    if not args.skip_cluster:
        out["cluster"] = []
        for n in [int(x) for x in args.cluster_articles.split(",") if x.strip()] or [len(rows)]:
            f = src if n == len(rows) else write_jsonl(rows, tmp / f"cl{n}.jsonl", repeat_to=n,
                                                       shift_days=args.shift_days)
            out["cluster"].append(cluster(pk, f, tmp / f"cl{n}", n, max(1, args.cluster_rounds)))
            print(json.dumps(out["cluster"][-1], indent=1), flush=True)
    out["memory"] = []
    for n in [int(x) for x in args.sizes.split(",") if x.strip()]:
        f = write_jsonl(rows, tmp / f"rep{n}.jsonl", repeat_to=n, shift_days=args.shift_days)
        trace: list = []
        secs, mb, _cpu = timed(pk + ["ingest", str(f), "-q", "--workers", str(args.memory_workers),
                                     "--db", str(tmp / f"rep{n}.duckdb")], trace, args.trace_every)
        out["memory"].append({"articles": n, "workers": args.memory_workers, "shift_days": args.shift_days,
                              "seconds": round(secs), "peak_mb": round(mb), "trace": trace})
        print(json.dumps(out["memory"][-1]), flush=True)
        if args.json:  # after each size, so a long run stopped early keeps the sizes it finished
            Path(args.json).write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
