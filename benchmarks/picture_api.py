"""Benchmark of the dashboard on a store of 10,000 articles: every API call and page, timed over HTTP.

The big store is made from a store of the shared articles (seed, Wikinews, VOA; built here unless
--base is given) by copying every document with its records, incidents and links, 28 times, each
copy with new ids (`<doc_id>~<k>`) and its dates shifted by 30 days x k (records are copied, not
re-analysed). Then a server runs on it and each URL is fetched: `cold` is the first call after the
server started (nothing cached), `warm` the median of 5 more.

    python benchmarks/picture_api.py [--base STORE] [--out big.duckdb] [--copies 28]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"

URLS = ["/api/stats", "/api/stats?by=week", "/api/network", "/api/network?type=ASSAULT", "/api/dyads",
        "/api/dyad?a=IRN&b=USA", "/api/dyad?a=IRN&b=USA&by=day", "/api/alerts", "/api/events",
        "/api/events?q=Soleimani", "/api/events?type=ASSAULT&country=IRN&page=3",
        "/api/events?since=2021-01-01&until=2021-12-31", "/api/events?page=150&size=50", "/api/incidents",
        "/api/incidents?min_articles=2&q=strike", "/api/map", "/api/map?kind=events", "/api/stances",
        "/api/stances?by=country", "/api/alignments", "/api/actor?name=Iran", "/api/actor?name=Antony%20Blinken",
        "/api/documents", "/api/documents?q=Iran", "/api/documents/article~5", "/api/records/article~5%23e1",
        "/api/events/article~5%23e1", "/api/incidents/i:article~5%23e1", "/", "/dyads", "/map", "/stances",
        "/table", "/article/article~5", "/static/app.js", "/static/world.geojson", "/openapi.json"]


def build_base(path: str) -> None:
    from powderkeg.ingest import Skip, iter_inputs
    from powderkeg.pipeline import Analyzer
    from powderkeg.store.duck import Store

    store = Store(path)
    docs = [d for d in iter_inputs([str(SHARED / "seed" / "article.txt"), str(SHARED / "wikinews"),
                                    str(SHARED / "voa")]) if not isinstance(d, Skip)]
    for a in Analyzer().analyse_many(docs):
        store.put(a)
    store.close()


def _nid(col: str, k: int) -> str:
    return f"doc_id || '~{k}' || substr({col}, length(doc_id) + 1)"


def _eid(col: str, k: int) -> str:
    """SQL: the event id in `col` (<doc_id>#e<n>) with its document id copied (<doc_id>~k#e<n>)."""
    return f"regexp_replace({col}, '#e([0-9]+)$', '~{k}#e\\1')"


def _patch(k: int, idcol: str = "id", date: str | None = "date") -> str:
    d = (f", 'date', CASE WHEN {date} IS NULL THEN NULL ELSE strftime({date} + INTERVAL ({30 * k}) DAY, '%Y-%m-%d') END"
         if date else "")
    return (f"json_merge_patch(record, json_object('doc_id', doc_id || '~{k}', 'id', {_nid(idcol, k)}{d}))")


def multiply(base: str, out: str, copies: int) -> int:
    import duckdb

    from powderkeg.store.duck import Store

    Path(out).unlink(missing_ok=True)
    Store(out).close()  # the schema
    con = duckdb.connect(out)
    con.execute(f"ATTACH '{base}' AS b (READ_ONLY)")
    for k in range(copies):
        shift = f"INTERVAL ({30 * k}) DAY"
        con.execute("BEGIN")
        # BY NAME with * REPLACE: columns other branches add to these tables are copied as they are
        day = f"CAST(date + {shift} AS DATE) AS date"
        doc = f"doc_id || '~{k}' AS doc_id"
        con.execute(f"INSERT INTO documents BY NAME SELECT * REPLACE ({doc}, {day}, content_hash || '{k}' AS content_hash) "
                    "FROM b.documents")
        for t, dated in (("events", True), ("figures", True), ("stances", True), ("relations", False), ("flags", False)):
            rep = f"{_nid('id', k)} AS id, {doc}, {_patch(k, date='date' if dated else None)} AS record"
            con.execute(f"INSERT INTO {t} BY NAME SELECT * REPLACE ({rep}{', ' + day if dated else ''}) FROM b.{t}")
        # an event id is <doc_id>#e<n>: the copy's is <doc_id>~k#e<n> (a url doc id may hold '#' itself: the last '#e')
        ren = _eid("x", k)
        con.execute(f"INSERT INTO incidents BY NAME SELECT * REPLACE ("
                    f"'i:' || {_eid('substr(incident_id, 3)', k)} AS incident_id, {day}, "
                    f"CAST(date_last + {shift} AS DATE) AS date_last, list_transform(doc_ids, lambda x: x || '~{k}') AS doc_ids, "
                    f"list_transform(event_ids, lambda x: {ren}) AS event_ids, CAST(first_report + {shift} AS DATE) AS first_report, "
                    f"CAST(last_report + {shift} AS DATE) AS last_report) FROM b.incidents")
        con.execute(f"INSERT INTO event_incidents BY NAME SELECT {_eid('event_id', k)} AS event_id, "
                    f"'i:' || {_eid('substr(incident_id, 3)', k)} AS incident_id, {doc} FROM b.event_incidents")
        con.execute("COMMIT")
    n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.execute("DETACH b")
    con.execute("CHECKPOINT")
    con.close()
    return n


def time_urls(db: str, urls: list[str], warm: int = 5) -> list[tuple[str, int, float, float]]:
    import httpx
    import uvicorn

    from powderkeg.serve.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=8799, log_level="warning"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    while not server.started:
        time.sleep(0.05)
    out = []
    with httpx.Client(base_url="http://127.0.0.1:8799", timeout=60) as c:
        for u in urls:
            t0 = time.perf_counter()
            r = c.get(u)
            cold = time.perf_counter() - t0
            ws = []
            for _ in range(warm):
                t0 = time.perf_counter()
                c.get(u)
                ws.append(time.perf_counter() - t0)
            out.append((u, r.status_code, cold * 1000, statistics.median(ws) * 1000))
    server.should_exit = True
    t.join(5)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", help="a store of the shared articles (built when not given)")
    ap.add_argument("--out", help="where to write the big store (default: a temp dir)")
    ap.add_argument("--copies", type=int, default=28)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pk-bench-"))
    base = args.base
    if not base:
        base = str(tmp / "base.duckdb")
        t0 = time.time()
        build_base(base)
        print(f"built the base store in {time.time() - t0:.0f} s", file=sys.stderr)
    out = args.out or str(tmp / "big.duckdb")
    t0 = time.time()
    n = multiply(base, out, args.copies)
    print(f"store of {n} articles made in {time.time() - t0:.1f} s: {out}", file=sys.stderr)
    import duckdb

    con = duckdb.connect(out, read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("documents", "events", "incidents", "figures", "stances", "relations", "flags")}
    con.close()
    print("store: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    rows = time_urls(out, URLS)
    print(f"\n{'url':<52} {'status':>6} {'cold ms':>8} {'warm ms':>8}")
    for u, st, cold, w in rows:
        print(f"{u:<52} {st:>6} {cold:>8.0f} {w:>8.0f}")
    over = [r for r in rows if r[3] > 300 or r[1] != 200]
    print(f"\n{len(rows)} URLs; warm median over 300 ms or not 200: {len(over)}; cold over 300 ms: "
          f"{sum(1 for r in rows if r[2] > 300)}; slowest warm {max(r[3] for r in rows):.0f} ms, "
          f"slowest cold {max(r[2] for r in rows):.0f} ms")
    if not args.out:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
