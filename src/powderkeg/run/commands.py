"""`powderkeg extract` and `powderkeg ingest`: inputs in, records out, on every core.

Exit codes (the same for both): 0 every input read and analysed; 1 some input skipped (each skip
said on one line of standard error, naming the file and line); 2 the run failed (a bad --db or
--out path, a store held by another process, a usage error); 130 interrupted by Ctrl-C (what was
stored is committed and counted).
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import IO, Optional

from powderkeg.run.progress import Progress
from powderkeg.run.workers import BATCH, analyse_parallel, default_workers, load_analyzer
from powderkeg.coders import CODER_HELP, CODERS, DEFAULT_CODER

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 130


class RunFailed(RuntimeError):
    """The run cannot go on (bad output path, store unavailable): one line, exit code 2."""


def err(msg: str) -> None:
    print(f"powderkeg: {msg}", file=sys.stderr)


def add_run_options(p) -> None:
    """The options `extract` and `ingest` share."""
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--debug", action="store_true", help="show the traceback of a document whose analysis failed")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores); output is the same for any N")
    p.add_argument("--text-column", default="text", metavar="NAME",
                   help="the CSV column / JSON field holding the article text (default: text)")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help="skip articles longer than N characters (default: 200000; see docs/reliability.md)")
    p.add_argument("--coder", choices=CODERS, default=DEFAULT_CODER, help=CODER_HELP)


def add_cluster_options(p) -> None:
    """The options of `ingest --cluster` (run/cluster.py, imported only when they are used: Dask is
    slow to import)."""
    p.add_argument("--cluster", metavar="ADDRESS|local",
                   help="analyse on a Dask cluster: 'local' starts one of --workers processes, an address "
                        "(tcp://host:8786) joins a running scheduler; needs --parquet")
    p.add_argument("--parquet", metavar="DIR", help="with --cluster: the Parquet dataset to write (by publication "
                                                    "date, crash-safe); --db FILE then loads it into DuckDB")
    p.add_argument("--batch", type=int, default=BATCH, metavar="N",
                   help=f"documents per cluster task (default {BATCH})")


def run_options(args):
    from powderkeg.ingest.limits import MAX_CHARS
    from powderkeg.ingest.readers import Options

    return Options(text_column=args.text_column, max_chars=args.max_chars or MAX_CHARS)


def _workers(args) -> int:
    n = args.workers if args.workers is not None else default_workers()
    if n < 1:
        raise RunFailed("--workers must be at least 1")
    return n


def progress_for(args, desc: str) -> Progress:
    enabled = not args.quiet and sys.stderr.isatty()
    total = None
    if enabled:
        from powderkeg.ingest import count_inputs

        total = count_inputs(args.paths)
    return Progress(total, desc, enabled)


def report_skip(item, args, bar: Progress) -> bool:
    """Report an input skip or a failed analysis on one line (with --debug, the traceback too)."""
    from powderkeg.ingest import Skip
    from powderkeg.pipeline import Failure

    if isinstance(item, Failure):
        bar.write(f"powderkeg: {item.message()}")
        if args.debug:
            print(item.trace, file=sys.stderr, end="")
    elif isinstance(item, Skip):
        bar.write(f"powderkeg: {item.message()}")
    else:
        return False
    bar.skip()
    return True


def _safe_json(d) -> str:
    """A record as one line of strict JSON: a value JSON cannot hold (inf, nan) becomes null."""
    try:
        return json.dumps(d, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(d), ensure_ascii=False, allow_nan=False)


def _finite(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_finite(v) for v in x]
    return x


def _open_out(path: Optional[str]) -> IO[str]:
    if not path:
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as e:
        raise RunFailed(f"--out {path}: cannot write: {e.strerror}") from None


def cmd_extract(args) -> int:
    from powderkeg.ingest import iter_inputs
    from powderkeg.records import to_dict

    fmt = args.format or ("table" if sys.stdout.isatty() and not args.out else "jsonl")
    workers, opts = _workers(args), run_options(args)
    out = _open_out(args.out)
    analyzer = load_analyzer(args.coder)
    bar = progress_for(args, "extract")
    rows, done = [], 0
    try:
        for analysis in analyse_parallel(analyzer, iter_inputs(args.paths, options=opts), workers):
            if report_skip(analysis, args, bar):
                continue
            for r in analysis.records:
                d = to_dict(r)
                if fmt == "jsonl":
                    out.write(_safe_json(d) + "\n")
                else:
                    rows.append(d)
            done += 1
            bar.done()
        if fmt == "table":
            from powderkeg.report import print_table

            print_table(rows, out)
    except KeyboardInterrupt:
        bar.close()
        err(f"interrupted: {done} documents written")
        return EXIT_INTERRUPTED
    finally:
        bar.close()
        if args.out:
            out.close()
    return EXIT_SKIPPED if bar.skipped else EXIT_OK


def cmd_ingest(args) -> int:
    from powderkeg.ingest import Skip, iter_inputs
    from powderkeg.store.duck import Store

    if args.cluster or args.parquet:
        if not (args.cluster and args.parquet):
            raise RunFailed("--cluster ADDRESS|local and --parquet DIR go together")
        from powderkeg.run.cluster import cmd_ingest_cluster

        return cmd_ingest_cluster(args)
    args.db = args.db or "powderkeg.duckdb"
    workers, opts = _workers(args), run_options(args)
    check_db_path(args.db)
    analyzer = load_analyzer(args.coder)
    coder = analyzer.coder_hash
    store = Store(args.db)
    counts = {"stored": 0, "unchanged": 0, "stale": 0}
    bar = progress_for(args, "ingest")

    def todo():  # documents not yet stored by this coder; skips pass through
        for item in iter_inputs(args.paths, options=opts):
            if isinstance(item, Skip):
                yield item
                continue
            stored_coder = store.coder_of(item.doc_id, item.content_hash)
            if stored_coder == coder or (stored_coder is not None and args.keep_stale):
                counts["unchanged"] += 1  # stored by this coder (or kept as it is on request)
                bar.done()
                continue
            if stored_coder is not None:
                counts["stale"] += 1  # stored by other lexicons, knowledge base, model or version
            yield item

    try:
        for analysis in analyse_parallel(analyzer, todo(), workers):
            if report_skip(analysis, args, bar):
                continue
            store.put(analysis, coder)  # one transaction per document: an interruption loses at most this one
            counts["stored"] += 1
            bar.done()
    except KeyboardInterrupt:
        bar.close()
        err(f"interrupted: {counts['stored']} documents stored and committed; run the same command again to continue")
        store.close()
        return EXIT_INTERRUPTED
    finally:
        bar.close()
    held = store.counts()
    store.close()
    print(f"stored {counts['stored']} documents ({counts['unchanged']} already stored, {counts['stale']} re-analysed "
          f"after a coder change, {bar.skipped} skipped) in {args.db}; "
          f"database now holds " + ", ".join(f"{v} {k}" for k, v in held.items()), file=sys.stderr)
    if store.memory_cap != store.memory_cap_start:
        print(f"DuckDB's memory cap grew from {store.memory_cap_start} to {store.memory_cap} for this store's key "
              f"indexes (POWDERKEG_DB_MEMORY sets a fixed one)", file=sys.stderr)
    return EXIT_SKIPPED if bar.skipped else EXIT_OK


def check_db_path(db: str) -> None:
    """A --db whose folder does not exist, or that is a folder, fails the run in one line."""
    p = Path(db)
    if p.is_dir():
        raise RunFailed(f"--db {db}: is a folder, not a database file")
    if not p.parent.exists():
        raise RunFailed(f"--db {db}: folder {p.parent} does not exist (create it first)")
