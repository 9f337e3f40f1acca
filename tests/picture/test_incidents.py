"""Incidents across articles: the merge rule, incremental maintenance on ingest, and its measured quality."""
import csv
import json
import re
from datetime import date

import pytest

from powderkeg.analytics import incident_eval
from powderkeg.store import incidents

from .conftest import ROOT, SHARED

PAIRS = ROOT / "data" / "gold" / "incidents" / "pairs.jsonl"
WN = "https://en.wikinews.org//wiki/"  # a Wikinews row's id is its url (ingest/identity.py)
SOLEIMANI = WN + "United_States_military_kills_Qasem_Soleimani"  # wikinews_2020.csv, row 2
IRAQ_VOTE = WN + "Iraqi_Parliament_votes_for_expulsion_of_United_States_troops"  # row 3


def _wikinews(ids):
    from powderkeg.ingest import Skip, iter_inputs

    out = {}
    for d in iter_inputs([str(SHARED / "wikinews" / "wikinews_2020.csv")]):
        if not isinstance(d, Skip) and d.doc_id in ids:
            out[d.doc_id] = d
    return [out[i] for i in ids]


def _killing(con):
    """The incident of the US strike on Soleimani: (incident_id, n_articles, doc_ids)."""
    rows = con.execute("SELECT incident_id, n_articles, doc_ids FROM incidents WHERE type = 'ASSAULT' "
                       "AND list_contains(source_countries, 'USA') AND list_contains(target_countries, 'IRN') "
                       "AND date BETWEEN DATE '2020-01-01' AND DATE '2020-01-10' ORDER BY n_articles DESC").fetchall()
    return rows[0] if rows else None


def test_soleimani_strike_is_one_incident_across_articles(con):
    inc_id, n, docs = _killing(con)
    assert n >= 3 and {SOLEIMANI, IRAQ_VOTE} <= set(docs)
    # every member event links back to it, and each of its documents is counted once
    linked = con.execute("SELECT count(DISTINCT doc_id) FROM event_incidents WHERE incident_id = ?", [inc_id]).fetchone()[0]
    assert linked == n


def test_incident_columns_and_casualties(con):
    cols = {r[0] for r in con.execute("DESCRIBE incidents").fetchall()}
    assert {"incident_id", "type", "source_countries", "target_countries", "date", "location_name", "n_articles",
            "n_mentions", "doc_ids", "casualties", "first_report", "last_report"} <= cols
    # the seed article's Gaza toll, with its claimant, is attached to an incident of that article
    cas = [json.loads(c) for (c,) in con.execute(
        "SELECT casualties FROM incidents WHERE list_contains(doc_ids, 'article') AND casualties <> '[]'").fetchall()]
    figs = [f for c in cas for f in c]
    assert any(f["quantity"] == "killed" and f["value"] == 9700 and f["claimed_by"] == ["Hamas officials"] for f in figs)


def test_negated_and_hypothetical_events_have_no_incident(con):
    n = con.execute("SELECT count(*) FROM events e JOIN event_incidents l ON l.event_id = e.id "
                    "WHERE e.negated OR e.hypothetical").fetchone()[0]
    assert n == 0


def test_incremental_on_ingest(tmp_path, analyzer):
    from powderkeg.store.duck import Store

    a, b = _wikinews([SOLEIMANI, IRAQ_VOTE])
    store = Store(str(tmp_path / "s.duckdb"))
    store.put(analyzer.analyse(a))
    first = _killing(store.con)
    assert first[1] == 1
    store.put(analyzer.analyse(b))  # a second report of the same strike joins the incident
    second = _killing(store.con)
    assert second[0] == first[0] and second[1] == 2 and set(second[2]) == {SOLEIMANI, IRAQ_VOTE}
    n_inc = store.con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    store.put(analyzer.analyse(a))  # re-ingesting an article changes nothing
    assert _killing(store.con)[1:] == second[1:]
    assert store.con.execute("SELECT count(*) FROM incidents").fetchone()[0] == n_inc
    links = store.con.execute("SELECT count(*), count(DISTINCT event_id) FROM event_incidents").fetchone()
    assert links[0] == links[1]
    store.close()


def test_rule_on_hand_made_events():
    d = date(2024, 3, 5)
    e = {"type": "ASSAULT", "src": {"ISR"}, "tgt": {"PSE"}, "day": d, "place": "Khan Younis", "place_country": "PSE",
         "keys": {"S:ISR"}, "stems": {"stri"}}
    inc = dict(e, first=d, last=d)
    assert incidents.same_incident(dict(e, day=date(2024, 3, 7)), inc)
    assert not incidents.same_incident(dict(e, day=date(2024, 3, 12)), inc)  # outside the window
    assert not incidents.same_incident(dict(e, type="COERCE"), inc)
    assert not incidents.same_incident(dict(e, place="Jenin"), inc)  # another town
    assert incidents.same_incident(dict(e, place=None), inc)  # unknown place
    assert incidents.same_incident(dict(e, place="Israel", place_country="ISR"), inc)  # a whole country
    assert not incidents.same_incident(dict(e, keys={"N:hamas"}), inc)  # another actor of the same country
    assert not incidents.same_incident(dict(e, tgt={"LBN"}), inc)
    assert incidents.same_incident(dict(e, tgt=set()), inc)  # target unknown on one side, same word
    assert not incidents.same_incident(dict(e, tgt=set(), stems={"shel"}), inc)  # ... another word
    # an attack on a foreign target both sides name may be told in other words ("killed" / "airstrike")
    assert incidents.same_incident(dict(e, stems={"shel"}), inc)
    # ... nothing else: one government's detention and deportation of its residents, a domestic
    # attack told in other words, are other occurrences
    dom = dict(e, src={"USA"}, tgt={"USA"}, keys={"S:USA"}, place=None, place_country=None)
    assert incidents.same_incident(dom, dict(dom, first=d, last=d))
    assert not incidents.same_incident(dict(dom, stems={"shoo"}), dict(dom, first=d, last=d))
    coerce = dict(dom, type="COERCE", stems={"depo"})
    assert not incidents.same_incident(dict(coerce, stems={"dete"}), dict(coerce, first=d, last=d))
    assert not incidents.same_incident(dict(e, type="ACCUSE", stems={"blam"}), dict(e, type="ACCUSE", stems={"alle"}, first=d, last=d))
    assert incidents.stem("killed") == incidents.stem("Killing civilians") == "kill"


def test_actor_keys():
    assert incidents.actor_key({"kind": "organization", "sector": "MIL", "country": "USA", "name": "US military"}) == "S:USA"
    assert incidents.actor_key({"kind": "state", "sector": "GOV", "country": "USA", "name": "United States"}) == "S:USA"
    assert incidents.actor_key({"kind": "armed_group", "sector": "REB", "country": "PAK",
                                "name": "Baloch Liberation Army"}) == "N:baloch liberation army"
    assert incidents.actor_key({"kind": "person", "sector": None, "country": "USA", "name": "Bernie Sanders"}) == "N:bernie sanders"


def test_score_arithmetic():
    r = incident_eval.score([(True, True), (True, False), (False, True), (False, False), (True, True)])
    assert (r["tp"], r["fp"], r["fn"], r["tn"]) == (2, 1, 1, 1)
    assert r["precision"] == pytest.approx(0.667, abs=1e-3) and r["recall"] == pytest.approx(0.667, abs=1e-3)
    assert incident_eval.score([(True, False)])["precision"] == 0.0


def test_judged_pairs_file():
    pairs = incident_eval.load(str(PAIRS))
    assert len(pairs) >= 60
    assert sum(p["same"] for p in pairs) >= 25 and sum(not p["same"] for p in pairs) >= 25
    for p in pairs:
        assert p["a"]["doc_id"] != p["b"]["doc_id"] and p["why"]
        for ev in (p["a"], p["b"]):
            # the event id is <doc_id>#e<N>; a url doc id may hold '#' itself, so the suffix is the last '#e'
            doc, sep, n = ev["id"].rpartition("#e")
            assert sep and n.isdigit() and doc == ev["doc_id"]
            assert not re.fullmatch(r"wikinews_20\d\d-\d+", ev["doc_id"])  # old row-number ids: convert_ids.py


def test_merge_quality_on_judged_pairs(con):
    res = incident_eval.score_store(con, incident_eval.load(str(PAIRS)))
    # 272 judged pairs, 195 of them drawn from the default coder's events (round 2); a pair whose
    # event the coder does not code cannot be scored (40 with the default coder of session 8, most
    # of them round 1's events of the rules coder; 53 since the models were retrained on the
    # resolver's pronoun and speaker readings, which no longer code 7 of the judged events)
    assert res["pairs"] >= 200 and res["same"] >= 35 and res["unresolved"] <= 55
    # measured 0.71 / 0.52 with the default coder of session 8, 0.82 / 0.56 since the retraining
    # (data/gold/incidents/README.md); fail on a clear regression
    assert res["precision"] >= 0.6 and res["recall"] >= 0.45
    # round 1 alone (pairs judged on the hand-written rules' events): measured 1.00 / 0.65 on the 40 that resolve
    first = incident_eval.score_store(con, [p for p in incident_eval.load(str(PAIRS)) if p.get("round", 1) == 1])
    assert first["pairs"] >= 35 and first["precision"] >= 0.8 and first["recall"] >= 0.5


def test_divergent_tolls_side_by_side(tmp_path, analyzer):
    """Two reports of one strike, each with its toll and claimant: one incident, both tolls kept."""
    from powderkeg.ingest.document import Document
    from powderkeg.store.duck import Store

    a = Document.from_parts("a", "Israeli jets struck a school in Khan Younis on Monday, killing dozens. Gaza's health "
                            "ministry said 30 people were killed in the strike on the school.",
                            "Strike on Khan Younis school", date="2024-03-05")
    b = Document.from_parts("b", "Israeli aircraft struck a school in Khan Younis on Monday and killed 12 militants, the "
                            "Israeli military said. The army said the school was used by Hamas.",
                            "Army says strike hit militants", date="2024-03-06")
    store = Store(str(tmp_path / "t.duckdb"))
    for d in (a, b):
        store.put(analyzer.analyse(d))
    rows = store.con.execute("SELECT n_articles, casualties, location_name FROM incidents WHERE type = 'ASSAULT' "
                             "AND list_contains(target_countries, 'PSE') ORDER BY n_articles DESC").fetchall()
    store.close()
    n, cas, place = rows[0]
    assert n == 2 and place == "Khan Younis"
    tolls = {(f["doc_id"], f["value"], tuple(f["claimed_by"])) for f in json.loads(cas) if f["quantity"] == "killed"}
    assert ("b", 12, ("Israel Defense Forces",)) in tolls
    assert any(doc == "a" and v == 30 and who for doc, v, who in tolls)


# An incident's event rows as one join reads them: the reference for the writer's join-free reads.
LAST_DAY = ("coalesce(e.date_end, CASE e.date_precision WHEN 'week' THEN e.date + 6 WHEN 'month' "
            "THEN last_day(e.date) ELSE e.date END, d.date)")
INCIDENT_ROW_COLS = (
    "e.id, e.doc_id, e.source_countries, e.target_countries, coalesce(e.date, d.date), e.location_name, "
    "e.location_country, e.lat, e.lon, e.goldstein, e.plover_score, e.quad, e.record->>'mentions', d.date, "
    "e.sentence_index, d.url, e.record->'source', e.record->'trigger'->>'text', " + LAST_DAY + ", e.date_precision, "
    "e.type")


def test_every_incident_equals_a_recompute_from_its_events(con):
    """An incident started by an article is written whole at once (store/incidents.py, `assign`),
    one joined later is recomputed from the store, both from events read without a join: either
    way its columns are what its linked events give when read back with one join."""
    fields = ", ".join(incidents.INCIDENT_FIELDS)
    ids = [r[0] for r in con.execute("SELECT incident_id FROM incidents ORDER BY incident_id").fetchall()]
    assert len(ids) > 50
    several = 0
    for inc in ids:
        rows = con.execute(
            f"SELECT {INCIDENT_ROW_COLS} FROM event_incidents l JOIN events e ON e.id = l.event_id "
            "JOIN documents d ON d.doc_id = e.doc_id WHERE l.incident_id = ? ORDER BY d.date, e.id", [inc]).fetchall()
        stored = list(con.execute(f"SELECT {fields} FROM incidents WHERE incident_id = ?", [inc]).fetchone())
        expected = incidents._incident_values(con, rows)
        stored[18], expected[18] = json.loads(stored[18]), json.loads(expected[18])  # casualties: JSON text
        assert stored == expected, inc
        several += len(rows) > 1
    assert several > 5


def test_the_writers_row_cache_leaves_incidents_as_a_store_read_gives_them(analyzer, monkeypatch):
    """The writer keeps incidents' event rows and documents' figure rows (store/row_cache.py) so a
    joining article reads none of them again. Repeated reports of one dated attack (each published
    later, so every copy joins the same incident), a rolled-back write, a changed article, and an
    article with two events in the attack's incident stored twice and then with one event denied
    (its event ids come back while the incident still lists the old ones) give, with the default
    cache and with a cache of three rows that keeps evicting, incidents that equal their recompute
    from their events read back with a join, and equal tables."""
    from powderkeg.ingest.document import Document
    from powderkeg.store.duck import Store
    from powderkeg.store.row_cache import RowCache

    texts = ["Israeli forces attacked the Gaza Strip on March 4, 2024, killing five people, Palestinian officials said.",
             "Israeli air strikes on the Gaza Strip on March 4, 2024 killed seven people, the health ministry said.",
             "Hamas fired rockets at Israel on March 4, 2024, the Israeli military said."]
    docs = [Document.from_parts(f"r{k}-{i}", t, None, date=f"2024-03-{5 + k:02d}")
            for k in range(4) for i, t in enumerate(texts)]
    analyses = [analyzer.analyse(d) for d in docs]
    changed = analyzer.analyse(Document.from_parts(
        "r1-0", "Thousands of Palestinians protested against Israel in the Gaza Strip on March 4, 2024.", None,
        date="2024-03-06"))
    # an article with two events that join the attack's incident, stored again as it was and then
    # with its first event denied: its event ids ('D#e1', 'D#e2') come back, and the incident's
    # list of ids still names the old ones until it is recomputed
    twice = ("Israeli air strikes on the Gaza Strip on March 4, 2024 killed seven people, the health ministry said. "
             "Israel and the United States bombed Hamas positions in the Gaza Strip on March 4, 2024.")
    two = analyzer.analyse(Document.from_parts("D", twice, None, date="2024-03-10"))
    denied = analyzer.analyse(Document.from_parts("D", twice.replace("2024 killed", "2024 did not kill"), None,
                                                  date="2024-03-10"))
    assert [r.negated for r in denied.records if r.kind == "event"][:1] == [True]
    fields = ", ".join(incidents.INCIDENT_FIELDS)
    n_articles = 2 + incidents.INCIDENT_FIELDS.index("n_articles")

    def checked(con) -> list:
        """The incidents table, each row checked against its recompute from a join."""
        table = con.execute(f"SELECT incident_id, type, {fields} FROM incidents ORDER BY incident_id").fetchall()
        for row in table:
            read = con.execute(
                f"SELECT {INCIDENT_ROW_COLS} FROM event_incidents l JOIN events e ON e.id = l.event_id "
                "JOIN documents d ON d.doc_id = e.doc_id WHERE l.incident_id = ? ORDER BY d.date, e.id", [row[0]]).fetchall()
            expected = incidents._incident_values(con, read)
            got = list(row[2:])
            got[18], expected[18] = json.loads(got[18]), json.loads(expected[18])  # casualties: JSON text
            assert got == expected, row[0]
        return table

    def failing_put(store, analysis):
        """A write whose incident rows are read and cached before its transaction fails."""
        real_assign = incidents.assign

        def failing_assign(*args, **kw):
            real_assign(*args, **kw)
            raise RuntimeError("disk full")
        with monkeypatch.context() as m, pytest.raises(RuntimeError):
            m.setattr(incidents, "assign", failing_assign)
            store.put(analysis)

    tables = []
    for max_rows in (40_000, 3):
        store = Store(":memory:")
        store.incident_cache = RowCache(max_rows=max_rows)
        for a in analyses[:6]:
            store.put(a)
        failing_put(store, analyses[6])
        for a in analyses[6:]:
            store.put(a)
        before = checked(store.con)
        assert max(r[n_articles] for r in before) >= 4  # the copies of the attack joined one incident
        store.put(changed)
        after = checked(store.con)
        event_ids = 2 + incidents.INCIDENT_FIELDS.index("event_ids")
        for a in (two, two, denied):
            store.put(a)
            last = checked(store.con)
            after += last
            joined = [r[event_ids] for r in last if "D#e2" in r[event_ids]]
            assert len(joined) == 1 and len(joined[0]) > 2  # it joined the attack's incident, once
            assert ("D#e1" in joined[0]) == (a is not denied)
        cache = store.incident_cache
        assert cache.hits > 0
        assert cache._size <= max_rows or len(cache._entries) == 1  # bounded, but for one entry bigger than the bound
        tables.append((before, after))
        store.close()
    assert tables[0] == tables[1]
