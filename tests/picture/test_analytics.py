"""Corpus analytics: counts, dyads and their alerts, network, stances, actor profiles, and the commands."""
import json
import subprocess
import sys
from datetime import date, timedelta

from powderkeg.analytics import corpus, dyads


def test_stats_counts_match_the_store(con):
    s = corpus.stats(con, "month")
    real = con.execute("SELECT count(*) FROM events WHERE NOT negated AND NOT hypothetical").fetchone()[0]
    assert s["totals"]["events"] == real == sum(t["events"] for t in s["by_type"]) == sum(q["events"] for q in s["by_quad"])
    assert s["totals"]["incidents"] < real  # some events were merged
    assert sum(x["events"] for x in s["events_over_time"]) <= real
    assert any(x["period"].startswith("2020-01") and x["type"] == "ASSAULT" for x in s["events_over_time"])


def _pts(values, start=date(2024, 1, 1), conflict=3):
    return [dyads.Point(start + timedelta(weeks=i), index=v, incidents=conflict, conflict=conflict if v < 0 else 0)
            for i, v in enumerate(values) if v is not None]


def test_alert_rule():
    # a quiet dyad, then a week of -30: one alert, on that week
    hits = dyads.detect(_pts([1, 0, 2, 1, 0, 1, 0, 1, -30]))
    assert [p.period for p, _m, _s in hits] == [date(2024, 1, 1) + timedelta(weeks=8)]
    # a dyad at war every week alerts when the war starts, then no longer breaks from its own baseline
    hits = dyads.detect(_pts([-30] * 12))
    assert hits and all(p.period < date(2024, 1, 1) + timedelta(weeks=3) for p, _m, _s in hits)
    # weeks without incidents count as 0 in the baseline: a first clash after silence alerts
    assert len(dyads.detect(_pts([None, None, -20]))) == 1
    # one incident alone does not ring the bell
    assert dyads.detect([dyads.Point(date(2024, 1, 1), index=-30, incidents=1, conflict=1)]) == []
    # a small dip stays under MIN_DROP
    assert dyads.detect(_pts([0, 0, 0, -5])) == []


def test_alerts_on_the_shared_corpus(con):
    al = dyads.alerts(con)
    assert 3 <= len(al) <= 40
    top = {(a.a, a.b, a.week) for a in al}
    assert ("IRN", "USA", date(2019, 12, 30)) in top  # the week of the strike on Soleimani
    for a in al:
        assert a.drop >= dyads.MIN_DROP and len(a.incidents) >= 1 and all(i["text"] for i in a.incidents)


def test_dyad_series_sums_incident_scores(con):
    rows = dyads.dyad_rows(con, "USA", "IRN")
    pts = dyads.series(rows, "IRN", "USA", "week")
    assert pts and all(p.incidents >= 1 for p in pts)
    total = sum(p.index for p in pts)
    ids = {r[0] for r in rows}
    want = con.execute("SELECT sum(plover_score) FROM incidents WHERE list_contains(?, incident_id)", [sorted(ids)]).fetchone()[0]
    assert abs(total - want) < 1e-6


def test_network_stances_alignments(con):
    net = corpus.network(con)
    assert any(e["source"] == "USA" and e["target"] == "IRN" and e["type"] == "ASSAULT" for e in net["edges"])
    assert {n["id"] for n in net["nodes"]} >= {"USA", "IRN"}
    sm = corpus.stance_matrix(con)
    cell = [c for c in sm["cells"] if c["actor"] == "Antony Blinken" and c["issue"] == "ceasefire"][0]
    assert cell["oppose"] >= 1 and cell["position"] in {"oppose", "mixed"}
    al = corpus.alignments(con)
    assert any(a["subject"] == "Iran" and a["relation"] == "backs" and a["object"] == "Hamas" for a in al)
    assert len(corpus.flags(con)) == con.execute("SELECT count(*) FROM flags").fetchone()[0]


def test_actor_profile(con):
    p = corpus.actor_profile(con, "Iran")
    assert p["actor"] == "IRN" and p["as_source"] and p["as_target"].get("ASSAULT", 0) >= 1
    named = corpus.actor_profile(con, "Antony Blinken")
    assert named["match"] == "name" and any(s["issue"] == "ceasefire" for s in named["stances"])


def _run(*args):
    return subprocess.run([sys.executable, "-m", "powderkeg", *args], capture_output=True, text=True, timeout=120)


def test_commands(shared_db, tmp_path):
    r = _run("stats", "--db", shared_db, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["totals"]["documents"] >= 300
    r = _run("dyad", "USA", "Iran", "--db", shared_db, "--json")
    d = json.loads(r.stdout)
    assert d["a"] == "USA" and d["b"] == "IRN" and d["series"] and d["incidents"]
    r = _run("alerts", "--db", shared_db)
    assert r.returncode == 0 and "IRN - USA, week of 2019-12-30" in r.stdout
    r = _run("actor", "IRN", "--db", shared_db, "--json")
    assert json.loads(r.stdout)["actor"] == "IRN"
    out = tmp_path / "g.tsv"
    r = _run("export", "--db", shared_db, "--format", "gdelt", "--out", str(out))
    assert r.returncode == 0 and all(len(x.split("\t")) == 61 for x in out.read_text().splitlines())
    r = _run("incidents", "--score", "data/gold/incidents/pairs.jsonl", "--db", shared_db)
    assert r.returncode == 0 and "merge precision" in r.stdout
    assert _run("stats", "--db", str(tmp_path / "missing.duckdb")).returncode == 2
