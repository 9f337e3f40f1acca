"""Subcommands of the conflict picture: export, incidents, stats, dyad, actor, alerts, brief, serve.

Registered on the main parser by `register(sub)` (cli.py); each opens the store read-only except
`incidents --rebuild`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from powderkeg.coders import CODER_HELP, CODERS, DEFAULT_CODER

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    print(f"powderkeg: {msg}", file=sys.stderr)


def _open(db: str, read_only: bool = True):
    import duckdb

    if not Path(db).exists():
        _err(f"{db}: no such database (run `powderkeg ingest` first)")
        return None
    con = duckdb.connect(db, read_only=read_only)
    has = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'incidents'").fetchone()[0]
    if not has:
        con.close()
        _err(f"{db} was made before incidents existed: run `powderkeg incidents --rebuild --db {db}` once")
        return None
    return con


def _print(obj, as_json: bool, text) -> None:
    if as_json:
        print(json.dumps(obj, ensure_ascii=False, indent=1, default=str))
    else:
        text(obj)


# ---------------------------------------------------------------------------- export
def cmd_export(args) -> int:
    con = _open(args.db)
    if con is None:
        return EXIT_USAGE
    try:
        if args.format == "parquet":
            from powderkeg.export import parquet

            counts = parquet.write(con, args.out)
            print(f"wrote {args.out}/: " + ", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)
            return EXIT_OK
        out = open(args.out, "w", encoding="utf-8") if args.out and args.out != "-" else sys.stdout
        try:
            if args.format == "gdelt":
                from powderkeg.export import gdelt

                n = gdelt.write(con, out, per_event=args.per_event, header=args.header)
            else:
                from powderkeg.export import plover

                n = plover.write(con, out)
        finally:
            if out is not sys.stdout:
                out.close()
        print(f"wrote {n} {args.format} rows" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
        return EXIT_OK
    finally:
        con.close()


# ---------------------------------------------------------------------------- incidents
def cmd_incidents(args) -> int:
    from powderkeg.store import incidents

    if args.score:
        from powderkeg.analytics import incident_eval

        con = _open(args.db)
        if con is None:
            return EXIT_USAGE
        res = incident_eval.score_store(con, incident_eval.load(args.score))
        con.close()
        _print(res, args.json, incident_eval.print_score)
        return EXIT_OK
    if args.rebuild:
        from powderkeg.store.duck import Store

        if not Path(args.db).exists():
            _err(f"{args.db}: no such database")
            return EXIT_USAGE
        store = Store(args.db)
        n = incidents.rebuild(store.con, args.window)
        store.close()
        print(f"{n} incidents in {args.db}", file=sys.stderr)
        return EXIT_OK
    con = _open(args.db)
    if con is None:
        return EXIT_USAGE
    rows = incidents.incident_rows(con, "WHERE n_articles >= ?", [args.min_articles], args.limit, 0)
    con.close()

    def text(rows):
        for r in rows:
            cas = "; ".join(f"{c['quantity']} {c['value_text'] or c['value']}"
                            + (f" ({', '.join(c['claimed_by'])})" if c["claimed_by"] else "") for c in r["casualties"])
            print(f"{r['incident_id']}  {r['type']:<9} {','.join(r['source_countries'])} -> "
                  f"{','.join(r['target_countries']) or '?'}  {r['date']}  {r['location_name'] or ''}  "
                  f"{r['n_articles']} articles, {r['n_mentions']} mentions: {', '.join(r['doc_ids'])}"
                  + (f"\n    casualties: {cas}" if cas else ""))
    _print(rows, args.json, text)
    return EXIT_OK


# ---------------------------------------------------------------------------- stats, dyad, actor, alerts
def cmd_stats(args) -> int:
    from powderkeg.analytics import corpus

    con = _open(args.db)
    if con is None:
        return EXIT_USAGE
    res = corpus.stats(con, args.by)
    if args.full:
        res["network"] = corpus.network(con)
        res["stances"] = corpus.stance_matrix(con, "actor", args.stance_period)
        res["alignments"] = corpus.alignments(con)
        res["flags"] = corpus.flags(con)
    con.close()

    def text(r):
        print(", ".join(f"{v} {k}" for k, v in r["totals"].items()))
        print("\nby type (events / incidents / mentions):")
        for t in r["by_type"]:
            print(f"  {t['type']:<10} {t['events']:>6} {t['incidents']:>6} {t['mentions'] or 0:>6}")
        print("\nby quad class:")
        for q in r["by_quad"]:
            print(f"  {q['quad']} {q['label'] or '':<22} {q['events']:>6}")
        per: dict[str, list[int]] = {}
        for x in r["events_over_time"]:
            per.setdefault(x["period"], [0, 0, 0, 0])[(x["quad"] or 1) - 1] += x["events"]
        print(f"\nevents per {r['period']} (quad 1 / 2 / 3 / 4):")
        for p, q in per.items():
            print(f"  {p}  {q[0]:>4} {q[1]:>4} {q[2]:>4} {q[3]:>4}")
        if "network" in r:
            print("\nstrongest edges:")
            for e in r["network"]["edges"][:15]:
                print(f"  {e['source']} -{e['type']}-> {e['target']}: {e['weight']} incidents, {e['mentions']} mentions")
            print("\nstances (actor, issue, period: support/oppose/conditional):")
            for c in r["stances"]["cells"]:
                print(f"  {c['actor']}, {c['issue']}{', ' + c['period'][:10] if c['period'] else ''}: "
                      f"{c['support']}/{c['oppose']}/{c['conditional']} ({c['position']})")
            print("\nalignments:")
            for a in r["alignments"][:20]:
                print(f"  {a['subject']} {a['relation']} {a['object']} x{a['count']}")
            print(f"\nflags: {len(r['flags'])}")
            for f in r["flags"]:
                print(f"  {f['severity']} [{f['doc_id']}] {f['message'][:160]}")
    _print(res, args.json, text)
    return EXIT_OK


def cmd_dyad(args) -> int:
    from powderkeg.analytics import dyads
    from powderkeg.analytics.corpus import resolve

    con = _open(args.db)
    if con is None:
        return EXIT_USAGE
    a, b = resolve(con, args.a)[1].upper(), resolve(con, args.b)[1].upper()
    rows = dyads.dyad_rows(con, a, b)
    pts = dyads.series(rows, a, b, args.by)
    al = [x.to_dict() for x in dyads.alerts(con, a, b)]
    incs = dyads.incidents_of(con, sorted({r[0] for r in rows}))
    con.close()
    res = {"a": a, "b": b, "by": args.by, "series": [p.to_dict() for p in pts], "alerts": al, "incidents": incs}

    def text(r):
        print(f"{a} - {b}: {len(r['incidents'])} incidents, escalation index per {args.by} "
              f"(sum of PLOVER scores; {a}->{b} / {b}->{a}; incidents, mentions)")
        for p in r["series"]:
            bar = "#" * min(40, int(abs(p["index"]) // 2))
            print(f"  {p['period']}  {p['index']:>7.1f}  ({p['a_to_b']:>6.1f} / {p['b_to_a']:>6.1f}; "
                  f"{p['incidents']} inc, {p['mentions']} men)  {'-' if p['index'] < 0 else '+'}{bar}")
        print(f"\n{len(r['alerts'])} alerts")
        for x in r["alerts"]:
            print(f"  week of {x['week']}: index {x['index']} vs baseline {x['baseline']} (sd {x['sd']})")
        for i in r["incidents"]:
            print(f"  [{i['date']}] {i['type']} {i['incident_id']} ({i['n_articles']} art.): \"{i['text'][:140]}\"")
    _print(res, args.json, text)
    return EXIT_OK


def cmd_actor(args) -> int:
    from powderkeg.analytics import corpus

    con = _open(args.db)
    if con is None:
        return EXIT_USAGE
    res = corpus.actor_profile(con, args.name, args.limit)
    con.close()

    def text(r):
        print(f"{r['actor']} ({r['match']})")
        print("  as source: " + ", ".join(f"{k} {v}" for k, v in r["as_source"].items()))
        print("  as target: " + ", ".join(f"{k} {v}" for k, v in r["as_target"].items()))
        print("  counterparts: " + ", ".join(f"{c['country']} ({c['events']}, {c['score']})" for c in r["counterparts"]))
        for s in r["stances"]:
            print(f"  stance: {s['actor']} {s['stance']} {s['issue']}")
        for x in r["relations"]:
            print(f"  relation: {x['subject']} {x['relation']} {x['object']}")
        for e in r["recent_events"]:
            print(f"  [{e['date']}] {e['type']} {e['id']}: \"{e['text'][:120]}\"")
    _print(res, args.json, text)
    return EXIT_OK


def cmd_alerts(args) -> int:
    from powderkeg.analytics import dyads

    con = _open(args.db)
    if con is None:
        return EXIT_USAGE
    res = [a.to_dict() for a in dyads.alerts(con, baseline_weeks=args.baseline_weeks, z=args.z,
                                              min_drop=args.min_drop, min_incidents=args.min_incidents)]
    con.close()

    def text(r):
        print(f"{len(r)} alerts (weekly escalation index below its {args.baseline_weeks}-week baseline by "
              f">= max({args.z} sd, {args.min_drop}), >= {args.min_incidents} conflict incidents)")
        for x in r:
            print(f"\n{x['a']} - {x['b']}, week of {x['week']}: index {x['index']} vs baseline {x['baseline']} "
                  f"(sd {x['sd']}), severity {x['severity']}")
            for i in x["incidents"]:
                print(f"   {i['type']} [{i['doc_id']}] \"{i['text'][:150]}\"")
    _print(res, args.json, text)
    return EXIT_OK


# ---------------------------------------------------------------------------- brief, serve
def cmd_brief(args) -> int:
    from powderkeg.brief import build_brief, render_html, render_text

    b = build_brief(args.file, args.coder)
    if b is None:
        _err(f"{args.file}: could not be read as an article")
        return EXIT_USAGE
    if args.html:
        Path(args.html).write_text(render_html(b), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
    if args.json:
        print(json.dumps(b, ensure_ascii=False, indent=1, default=str))
    elif not args.html:
        print(render_text(b))
    return EXIT_OK


def cmd_serve(args) -> int:
    import os

    from powderkeg.serve.app import run

    token = args.token or os.environ.get("POWDERKEG_TOKEN") or None
    if not Path(args.db).exists():
        _err(f"{args.db}: no such database")
        return EXIT_USAGE
    run(args.db, args.host, args.port, token)
    return EXIT_OK


def register(sub) -> None:
    def db(p):
        p.add_argument("--db", default="powderkeg.duckdb", help="DuckDB file (default: powderkeg.duckdb)")

    x = sub.add_parser("export", help="write the store as the GDELT 2.0 event table, PLOVER JSON or Parquet")
    db(x)
    x.add_argument("--format", choices=["gdelt", "plover", "parquet"], required=True)
    x.add_argument("--out", help="file (gdelt, plover; default standard output) or directory (parquet)")
    x.add_argument("--per-event", action="store_true", help="gdelt: one row per event instead of per incident")
    x.add_argument("--header", action="store_true", help="gdelt: a first line with the column names")
    x.set_defaults(func=cmd_export)

    i = sub.add_parser("incidents", help="incidents across articles; --rebuild; --score PAIRS (merge precision/recall)")
    db(i)
    i.add_argument("--rebuild", action="store_true", help="recompute every incident (a store made before incidents)")
    i.add_argument("--score", metavar="PAIRS", help="judged pairs (data/gold/incidents/pairs.jsonl): precision/recall")
    i.add_argument("--window", type=int, default=3, help="days two reports of one incident may be apart (default 3)")
    i.add_argument("--min-articles", type=int, default=2, help="list incidents told by at least this many articles")
    i.add_argument("--limit", type=int, default=50)
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=cmd_incidents)

    s = sub.add_parser("stats", help="events and incidents by type and quad class over time")
    db(s)
    s.add_argument("--by", choices=["day", "week", "month", "year"], default="month")
    s.add_argument("--full", action="store_true", help="also the network, stance matrix, alignments and flags")
    s.add_argument("--stance-period", choices=["week", "month", "year"], help="with --full: the stance matrix per period")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    d = sub.add_parser("dyad", help="escalation index of a pair of actors (countries) over time, with alerts")
    db(d)
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("--by", choices=["day", "week"], default="week")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_dyad)

    a = sub.add_parser("actor", help="an actor's (country code, country or actor name) events, partners, stances")
    db(a)
    a.add_argument("name")
    a.add_argument("--limit", type=int, default=20)
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_actor)

    al = sub.add_parser("alerts", help="dyads whose weekly escalation index breaks from its own baseline")
    db(al)
    al.add_argument("--baseline-weeks", type=int, default=8)
    al.add_argument("--z", type=float, default=2.0)
    al.add_argument("--min-drop", type=float, default=9.0)
    al.add_argument("--min-incidents", type=int, default=2)
    al.add_argument("--json", action="store_true")
    al.set_defaults(func=cmd_alerts)

    b = sub.add_parser("brief", help="the picture of one article: actors, who does what to whom, stances, figures")
    b.add_argument("file")
    b.add_argument("--html", metavar="OUT", help="write a self-contained HTML page")
    b.add_argument("--json", action="store_true")
    b.add_argument("--coder", choices=CODERS, default=DEFAULT_CODER, help=CODER_HELP)
    b.set_defaults(func=cmd_brief)

    v = sub.add_parser("serve", help="the dashboard (FastAPI) on a store, read-only")
    db(v)
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8765)
    v.add_argument("--token", help="require this token (or set POWDERKEG_TOKEN)")
    v.set_defaults(func=cmd_serve)
