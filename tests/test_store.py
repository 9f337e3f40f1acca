"""DuckDB storage: documents and records, idempotent re-ingest, consistency when interrupted."""
import json
import subprocess
import sys

import duckdb
import pytest

ARTICLES = [
    {"id": "d1", "date": "2020-01-06", "title": "Iraq parliament votes to expel US troops",
     "text": "Iraq's parliament voted on Sunday to expel US troops from the country. "
             "Iran's foreign minister condemned the United States over the killing of Qasem Soleimani."},
    {"id": "d2", "date": "2020-01-08", "title": "Iran strikes bases",
     "text": "Iran launched missiles at two bases housing US troops in Iraq on Wednesday."},
]


def _jsonl(tmp_path, rows):
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return p


def _run(*args):
    return subprocess.run([sys.executable, "-m", "powderkeg", *args], capture_output=True, text=True)


def test_ingest_twice_stores_once(tmp_path):
    db = tmp_path / "pk.duckdb"
    src = _jsonl(tmp_path, ARTICLES)
    r1 = _run("ingest", str(src), "--db", str(db), "-q")
    assert r1.returncode == 0, r1.stderr
    con = duckdb.connect(str(db), read_only=True)
    n_docs, n_ev = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)").fetchone()
    con.close()
    assert n_docs == 2 and n_ev > 0
    r2 = _run("ingest", str(src), "--db", str(db), "-q")
    assert "2 already stored" in r2.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == n_ev
    row = con.execute("SELECT type, source_countries, record FROM events WHERE doc_id='d2' AND type='ASSAULT'").fetchone()
    con.close()
    assert row and "IRN" in row[1] and json.loads(row[2])["kind"] == "event"


def test_failed_document_is_rolled_back(tmp_path, analyzer):
    from powderkeg.ingest.document import Document
    from powderkeg.store.duck import Store

    store = Store(str(tmp_path / "pk.duckdb"))
    a1 = analyzer.analyse(Document.from_parts("ok", ARTICLES[0]["text"], ARTICLES[0]["title"]))
    store.put(a1)
    a2 = analyzer.analyse(Document.from_parts("broken", ARTICLES[1]["text"], ARTICLES[1]["title"]))
    a2.records.append(object())  # a record the store cannot write: the whole document must roll back
    original = store._row

    def bad_row(r):
        if not hasattr(r, "evidence"):
            raise RuntimeError("simulated crash mid-document")  # after the document's row went in
        return original(r)

    store._row = bad_row
    with pytest.raises(RuntimeError):
        store.put(a2)
    counts = store.counts()
    assert counts["documents"] == 1
    assert store.con.execute("SELECT count(*) FROM events WHERE doc_id='broken'").fetchone()[0] == 0
    store.close()


def test_a_changed_document_replaces_its_records_and_incident_links(tmp_path, analyzer):
    """A new document skips the deletes (it has nothing to replace); one stored before with other
    text must lose every record and incident link of its old version, and nothing is doubled."""
    from powderkeg.ingest.document import Document
    from powderkeg.store.duck import Store

    store = Store(str(tmp_path / "pk.duckdb"))
    old = analyzer.analyse(Document.from_parts("d2", ARTICLES[1]["text"], ARTICLES[1]["title"], date="2020-01-08"))
    assert any(r.kind == "event" for r in old.records)
    store.put(old)
    store.put(old)  # the same again: replaced, not doubled
    n_events = store.con.execute("SELECT count(*) FROM events WHERE doc_id = 'd2'").fetchone()[0]
    assert n_events == sum(r.kind == "event" for r in old.records)
    assert store.con.execute("SELECT count(*) FROM event_incidents WHERE doc_id = 'd2'").fetchone()[0] > 0
    new = analyzer.analyse(Document.from_parts("d2", "The weather was mild in Oslo on Tuesday.", "Mild weather",
                                               date="2020-01-08"))
    store.put(new)
    con = store.con
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM events WHERE doc_id = 'd2'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM event_incidents").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
    assert "Oslo" in con.execute("SELECT text FROM documents WHERE doc_id = 'd2'").fetchone()[0]
    store.close()


def test_a_changed_article_never_takes_the_id_of_an_incident_that_lives_on(analyzer):
    """Event ids are positions ('A#e1'), so a changed article's first event would start 'i:A#e1'
    again while the incident its old version started lives on with another article's event: the
    new one takes the next free id, and each incident keeps only its own events and type."""
    from powderkeg.ingest.document import Document
    from powderkeg.store.duck import Store

    texts = {"A": "Israeli forces attacked the Gaza Strip on Monday, killing five people, Palestinian officials said.",
             "B": "Israeli forces attacked the Gaza Strip on Monday, killing five people, Palestinian health officials "
                  "said on Tuesday."}
    store = Store(":memory:")
    con = store.con
    for doc_id, text in texts.items():
        store.put(analyzer.analyse(Document.from_parts(doc_id, text, None, date="2024-03-05")))
    assert con.execute("SELECT incident_id, type, event_ids FROM incidents").fetchall() == \
        [("i:A#e1", "ASSAULT", ["A#e1", "B#e1"])]
    changed = analyzer.analyse(Document.from_parts(
        "A", "Thousands of Palestinians protested against Israel in the Gaza Strip on Monday.", None, date="2024-03-05"))
    assert [(r.id, r.type) for r in changed.records if r.kind == "event"] == [("A#e1", "PROTEST")]
    store.put(changed)
    assert con.execute("SELECT incident_id, type, event_ids FROM incidents ORDER BY ALL").fetchall() == \
        [("i:A#e1", "ASSAULT", ["B#e1"]), ("i:A#e1~2", "PROTEST", ["A#e1"])]
    assert con.execute("SELECT event_id, incident_id FROM event_incidents ORDER BY ALL").fetchall() == \
        [("A#e1", "i:A#e1~2"), ("B#e1", "i:A#e1")]
    store.close()


def _as_duckdb_shows(size: str) -> tuple[str, str]:
    """DuckDB's default buffer-pool cap and `size` as DuckDB shows it, read on a scratch connection."""
    con = duckdb.connect()
    default = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    con.execute(f"SET memory_limit = '{size}'")
    shown = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    con.close()
    return default, shown


def test_the_writer_bounds_duckdbs_memory(tmp_path, monkeypatch):
    """The writing connection's buffer pool is capped (DuckDB's default is 80% of RAM, and in the
    writer it grows with the store); POWDERKEG_DB_MEMORY sets another cap; a bad value is one line."""
    from powderkeg.store.duck import WRITER_MEMORY_LIMIT, Store, StoreUnavailable, memory_limit

    monkeypatch.delenv("POWDERKEG_DB_MEMORY", raising=False)
    db = str(tmp_path / "pk.duckdb")
    default, capped = _as_duckdb_shows(WRITER_MEMORY_LIMIT)
    store = Store(db)
    assert memory_limit(store.con) == capped != default
    store.close()
    monkeypatch.setenv("POWDERKEG_DB_MEMORY", "1GB")
    store = Store(db)
    assert memory_limit(store.con) == _as_duckdb_shows("1GB")[1]
    store.close()
    monkeypatch.setenv("POWDERKEG_DB_MEMORY", "plenty")
    with pytest.raises(StoreUnavailable, match="POWDERKEG_DB_MEMORY='plenty'") as e:
        Store(db)
    assert "\n" not in str(e.value)


def test_a_bulk_load_runs_under_its_own_memory_cap_and_restores_the_writers(tmp_path, monkeypatch):
    """A dataset is loaded in one transaction whose uncommitted key index DuckDB keeps in memory:
    the load widens the writer's cap for its duration and puts it back, even when it fails."""
    from powderkeg.store import dataset
    from powderkeg.store.duck import BULK_LOAD_MEMORY_LIMIT, Store, memory_limit

    monkeypatch.delenv("POWDERKEG_DB_MEMORY", raising=False)
    store = Store(str(tmp_path / "pk.duckdb"))

    def setting():
        return memory_limit(store.con)

    writer = setting()
    bulk = _as_duckdb_shows(BULK_LOAD_MEMORY_LIMIT)[1]
    seen = []
    monkeypatch.setattr(dataset, "_docs_view", lambda con, base: True)
    monkeypatch.setattr(dataset, "_load_all", lambda base, con, window: seen.append(setting()) or 7)
    assert dataset.load(str(tmp_path), store) == 7
    assert seen == [bulk] and bulk != writer and setting() == writer

    def fail(base, con, window):
        raise RuntimeError("disk full")
    monkeypatch.setattr(dataset, "_load_all", fail)
    with pytest.raises(RuntimeError):
        dataset.load(str(tmp_path), store)
    assert setting() == writer
    store.close()



def _table_rows(store) -> dict[str, list]:
    from powderkeg.store.duck import TABLES

    out = {"documents": store.con.execute("SELECT * EXCLUDE (ingested_at) FROM documents ORDER BY rowid").fetchall()}
    for t in TABLES:
        out[t] = store.con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
    return out


@pytest.mark.parametrize("chunk", [1000, 2])  # 2: several INSERTs a table, as a batch of >1000 rows has
def test_a_batch_put_at_once_stores_the_rows_put_stores_one_by_one(analyzer, chunk, monkeypatch):
    """`Store.put_new` (the Parquet dataset's batch writer) writes the rows `put` writes, in the same
    order; a document twice in a batch is stored once, as its last analysis; a stored one is refused."""
    from powderkeg.ingest.document import Document
    from powderkeg.store.duck import Store

    docs = [Document.from_parts(a["id"], a["text"], a["title"], date=a["date"]) for a in ARTICLES]
    first = analyzer.analyse(Document.from_parts("d1", "Turkey recalled its ambassador to Israel.", "Recall"))
    analyses = [first] + [analyzer.analyse(d) for d in docs]  # d1 twice: the later analysis is the one kept
    one_by_one, at_once = Store(":memory:"), Store(":memory:")
    insert_rows = Store._insert_rows
    monkeypatch.setattr(at_once, "_insert_rows", lambda table, values: insert_rows(at_once, table, values, chunk))
    try:
        at_once.put_new([], "coder")  # an empty batch writes nothing
        for a in analyses:
            one_by_one.put(a, "coder", link_incidents=False)
        at_once.put_new(analyses, "coder")
        want = _table_rows(one_by_one)
        assert len(want["documents"]) == 2 and len(want["events"]) >= 3
        assert "Turkey" not in str(want["documents"])
        assert _table_rows(at_once) == want
        with pytest.raises(ValueError, match="already stored"):
            at_once.put_new(analyses[-1:], "coder")
        assert _table_rows(at_once) == want
    finally:
        one_by_one.close()
        at_once.close()


def _copies(analysis, n: int) -> list:
    """`n` copies of an analysis under their own document and record ids."""
    import dataclasses

    out = []
    for i in range(n):
        doc_id = f"{analysis.doc.doc_id}-{i}"
        recs = [dataclasses.replace(r, doc_id=doc_id, id=f"{doc_id}#{j}") for j, r in enumerate(analysis.records)]
        out.append(dataclasses.replace(analysis, doc=dataclasses.replace(analysis.doc, doc_id=doc_id), records=recs))
    return out


def test_the_writer_widens_its_memory_cap_when_duckdb_runs_out_of_it(tmp_path, analyzer, monkeypatch):
    """DuckDB keeps the key indexes a run writes in memory (a 100k ingest ran out of 64 MB at ~28,000
    articles): a writer whose cap is too small for its store widens it and writes the document
    again; a cap the user set (POWDERKEG_DB_MEMORY) stays, and running out of it says so in one line."""
    from powderkeg.ingest.document import Document
    from powderkeg.store import duck

    a = analyzer.analyse(Document.from_parts("d", ARTICLES[1]["text"], ARTICLES[1]["title"], date=ARTICLES[1]["date"]))
    docs = _copies(a, 40)
    monkeypatch.delenv("POWDERKEG_DB_MEMORY", raising=False)
    monkeypatch.setattr(duck, "WRITER_MEMORY_LIMIT", "1MB")  # too small for even a few documents
    store = duck.Store(str(tmp_path / "widened.duckdb"))
    try:
        for d in docs:
            store.put(d)
        assert duck.size_bytes(store.memory_cap) > duck.size_bytes("1MB")
        assert duck.size_bytes(duck.memory_limit(store.con)) >= duck.size_bytes(store.memory_cap) * 0.9
        held = store.counts()
        assert held["documents"] == 40 and held["events"] == 40 * len([r for r in a.records if r.kind == "event"])
    finally:
        store.close()
    monkeypatch.setenv("POWDERKEG_DB_MEMORY", "1MB")
    store = duck.Store(str(tmp_path / "capped.duckdb"))
    try:
        with pytest.raises(MemoryError, match="POWDERKEG_DB_MEMORY=1MB"):
            for d in docs:
                store.put(d)
        assert store.memory_cap == "1MB"
        n = store.counts()["documents"]
        assert store.con.execute("SELECT count(DISTINCT doc_id) FROM events").fetchone()[0] == n  # whole documents only
    finally:
        store.close()
