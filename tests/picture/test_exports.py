"""Exports of a store built from the shared articles: GDELT 2.0 table, PLOVER JSON, Parquet."""
import csv
import io
import json

from powderkeg.export import gdelt, parquet, plover

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def _gdelt_rows(con, per_event=False):
    buf = io.StringIO()
    n = gdelt.write(con, buf, per_event=per_event)
    rows = list(csv.reader(io.StringIO(buf.getvalue()), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == n
    return rows


def test_gdelt_has_61_columns_and_one_row_per_incident(con):
    rows = _gdelt_rows(con)
    assert rows and all(len(r) == 61 for r in rows)
    assert len(rows) == con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    col = {c: i for i, c in enumerate(gdelt.COLUMNS)}
    assert len({r[col["GLOBALEVENTID"]] for r in rows}) == len(rows)
    for r in rows:
        if r[col["EventCode"]]:
            assert r[col["EventCode"]].startswith(r[col["EventBaseCode"]])
            assert r[col["EventBaseCode"]].startswith(r[col["EventRootCode"]])
        assert r[col["QuadClass"]] in {"1", "2", "3", "4", ""}
        assert r[col["SOURCEURL"]]
    quads = {(r[col["EventRootCode"]], r[col["QuadClass"]]) for r in rows}
    # GDELT's QuadClass follows the root code: an appeal (02) is verbal cooperation although
    # PLOVER's REQUEST is verbal conflict; an assault (19) material conflict
    assert ("02", "1") in quads and ("19", "4") in quads
    assert not {q for root, q in quads if root == "02"} - {"1"}


def test_gdelt_quad_class_at_the_root_code_boundaries():
    assert [gdelt.quad_class(c) for c in ("010", "020", "051", "061", "080", "090", "130", "140", "1951", "")] == \
        [1, 1, 1, 2, 2, 3, 3, 4, 4, None]


def test_gdelt_soleimani_killing_is_one_row_told_by_several_articles(con):
    col = {c: i for i, c in enumerate(gdelt.COLUMNS)}
    hits = [r for r in _gdelt_rows(con) if r[col["Actor1CountryCode"]] == "USA" and r[col["Actor2CountryCode"]] == "IRN"
            and r[col["EventRootCode"]] in {"18", "19", "20"} and r[col["SQLDATE"]].startswith("202001")]
    best = max(hits, key=lambda r: int(r[col["NumArticles"]]))
    assert int(best[col["NumArticles"]]) >= 3
    assert int(best[col["NumMentions"]]) >= int(best[col["NumArticles"]])
    assert best[col["QuadClass"]] == "4" and float(best[col["GoldsteinScale"]]) < -5
    assert best[col["Actor1Geo_CountryCode"]] == "US" and best[col["Actor2Geo_CountryCode"]] == "IR"  # FIPS
    assert best[col["SOURCEURL"]].startswith("https://en.wikinews.org")


def test_gdelt_per_event_rows(con):
    rows = _gdelt_rows(con, per_event=True)
    real = con.execute("SELECT count(*) FROM events WHERE NOT negated AND NOT hypothetical").fetchone()[0]
    assert len(rows) == real and all(len(r) == 61 for r in rows)


def test_plover_json_follows_the_manual(con):
    buf = io.StringIO()
    n = plover.write(con, buf)
    recs = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert n == len(recs) == con.execute("SELECT count(*) FROM events").fetchone()[0]
    for r in recs:
        assert r["id"] and r["event"] == [r["event_type"]] and r["event_type"] in PLOVER_TYPES
        assert isinstance(r["actor"], list) and isinstance(r["recipient"], list) and isinstance(r["context"], list)
        assert r["text_info"]["end"] > r["text_info"]["start"]
    seed = [r for r in recs if r["id"] == "article#e1"][0]  # "Iran Threatens US with Retaliation ..."
    assert seed["event_type"] == "THREATEN" and seed["has_event"]
    assert seed["actor"][0] == {"code": "IRN", "sector": "GOV", "entity_text": "Iran", "identifier_id": "Q794",
                                "identifier_text": "Iran", "kind": "state"}
    assert seed["recipient"][0]["code"] == "USA" and seed["recipient"][0]["identifier_id"] == "Q30"
    assert any(not r["has_event"] for r in recs)  # negated / hypothetical events are kept, flagged


def test_parquet_dataset_reads_back_in_duckdb_and_pandas(con, tmp_path):
    import duckdb
    import pandas as pd

    out = tmp_path / "pq"
    counts = parquet.write(con, str(out))
    for kind in ("documents", "events", "figures", "stances", "relations", "flags", "incidents"):
        table = kind
        stored = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert counts[kind] == stored
        if stored == 0:
            continue
        assert all(p.name.startswith("date=") for p in (out / kind).iterdir())
        df = pd.read_parquet(out / kind)
        assert len(df) == stored
        n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out / kind}/*/*.parquet', hive_partitioning=true)").fetchall()[0][0]
        assert n == stored
    ev = pd.read_parquet(out / "events")
    one = ev[ev["id"] == "article#e1"].iloc[0]
    assert json.loads(one["record"])["type"] == "THREATEN"
    days = duckdb.sql(f"SELECT DISTINCT date FROM read_parquet('{out}/events/*/*.parquet', hive_partitioning=true) "
                      "WHERE date = '2020-01-05'").fetchall()
    assert days  # the Soleimani strike's day is a partition
