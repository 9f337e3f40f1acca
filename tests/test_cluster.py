"""`ingest --cluster`: a Dask LocalCluster of 2 worker processes stores exactly what one process
does (same documents, same records), a cluster worker killed with SIGKILL mid-run loses and
doubles nothing in the Parquet dataset, and the dataset's commit-by-rename survives the states a
crash can leave (record files without their documents file, a document analysed twice)."""
import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from helpers import ROOT, wikinews_jsonl

pytest.importorskip("distributed", reason="Dask distributed is not installed")

SEED = ROOT / "data" / "gold" / "dev" / "article.txt"
TABLES = ("events", "figures", "stances", "relations", "flags")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """20 real Wikinews articles (the first of 2019) as JSON Lines; with the seed article (no date)."""
    p = wikinews_jsonl(tmp_path_factory.mktemp("corpus"), 20)
    return [p, SEED]


def pk(*args, **kw):
    return subprocess.run([sys.executable, "-m", "powderkeg", *map(str, args)], capture_output=True, text=True, **kw)


def _rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return sorted((dict(zip(names, r)) for r in cur.fetchall()), key=lambda d: json.dumps(d, sort_keys=True, default=str))


def _tables(con, src) -> dict[str, list[dict]]:
    """Every row of documents and the record tables (`record` as its JSON text), from a store
    (src None) or straight from the Parquet files of a dataset (every file: duplicates would show)."""
    def frm(t):
        return t if src is None else f"read_parquet('{src}/{t}/*/*.parquet', hive_partitioning = false)"
    out = {"documents": _rows(con, f"SELECT * EXCLUDE (ingested_at) FROM {frm('documents')}")}
    for t in TABLES:
        out[t] = _rows(con, f"SELECT * REPLACE (CAST(record AS VARCHAR) AS record) FROM {frm(t)}")
    return out


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The store of `ingest --workers 1` (one process), as rows."""
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    r = pk("ingest", *corpus, "--db", db, "-q", "--workers", "1")
    assert r.returncode == 0, r.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        return _tables(con, None)
    finally:
        con.close()


def test_local_cluster_stores_what_one_process_stores(corpus, reference, tmp_path):
    ds, db = tmp_path / "ds", tmp_path / "c.duckdb"
    r = pk("ingest", *corpus, "--cluster", "local", "--workers", 2, "--parquet", ds, "--db", db, "-q", "--batch", 4)
    assert r.returncode == 0, r.stderr
    assert "committed 21 documents" in r.stderr and "Traceback" not in r.stderr
    assert len(reference["documents"]) == 21 and len(reference["events"]) > 40
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert _tables(con, None) == reference  # loaded into DuckDB: the tables ingest fills
        assert con.execute("SELECT count(*) FROM incidents").fetchone()[0] > 0
    finally:
        con.close()
    assert _tables(duckdb.connect(), ds) == reference  # the Parquet files themselves
    # partitioned by publication date; the seed article has none
    days = {p.name for p in (ds / "documents").iterdir()}
    assert "date=unknown" in days and "date=2019-01-04" in days
    assert not list(ds.rglob("*.tmp"))
    # a rerun analyses nothing again, and the store it loads is unchanged
    r = pk("ingest", *corpus, "--cluster", "local", "--workers", 1, "--parquet", ds, "--db", db, "-q")
    assert r.returncode == 0, r.stderr
    assert "committed 0 documents (21 already committed" in r.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert _tables(con, None) == reference
    finally:
        con.close()


def _cmdline(pid: int) -> bytes:
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read()


def _workers_of(pid: int) -> list[int]:
    """The Dask worker processes of a LocalCluster: forked from the driver (same command line) or
    spawned (`spawn_main`); not multiprocessing's resource tracker."""
    out, kids = [], []
    try:  # the nanny starts them from the cluster's event-loop thread: every thread's children
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(x) for x in f.read().split()]
    except OSError:
        return []
    try:
        own = _cmdline(pid)
    except OSError:
        return []
    for k in kids:
        try:
            cmd = _cmdline(k)
        except OSError:  # gone meanwhile
            continue
        if b"spawn_main" in cmd or cmd == own:
            out.append(k)
    return out


def test_a_killed_cluster_worker_loses_and_doubles_nothing(corpus, reference, tmp_path):
    ds = tmp_path / "ds"
    cmd = [sys.executable, "-m", "powderkeg", "ingest", *map(str, corpus), "--cluster", "local", "--workers", "2",
           "--parquet", str(ds), "-q", "--batch", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
    killed, deadline = None, time.time() + 150
    try:
        while killed is None and proc.poll() is None and time.time() < deadline:
            kids = _workers_of(proc.pid)
            if len(kids) == 2 and list(ds.glob("documents/*/part-*.parquet")):  # mid-run: a part is committed
                # a LocalCluster's workers are forked from the driver, with its analyzer (not spawned)
                assert all(_cmdline(k) == _cmdline(proc.pid) for k in kids)
                killed = kids[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.02)
        _, err = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert killed is not None, "the run ended before a worker could be killed"
    assert "Traceback" not in err
    print(f"killed worker {killed}; the run exited {proc.returncode}: {err.strip()[-300:]}")
    if proc.returncode != 0:  # the batch was given up: a rerun finishes it
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
        assert r.returncode == 0, r.stderr
    got = _tables(duckdb.connect(), ds)
    assert len({d["doc_id"] for d in got["documents"]}) == len(got["documents"])  # nothing doubled
    assert got == reference


def test_ctrl_c_stops_a_cluster_run_cleanly_and_a_rerun_completes_it(corpus, reference, tmp_path):
    """Ctrl-C (SIGINT to the terminal's whole process group) mid-run: the driver says what it
    committed and exits 130; no worker prints a traceback; the rerun finishes the set."""
    ds = tmp_path / "ds"
    cmd = [sys.executable, "-m", "powderkeg", "ingest", *map(str, corpus), "--cluster", "local", "--workers", "2",
           "--parquet", str(ds), "-q", "--batch", "2"]
    # start_new_session: a group of its own to signal; SIGINT back to the default a terminal gives
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    sent, deadline = False, time.time() + 150
    try:
        while not sent and proc.poll() is None and time.time() < deadline:
            if list(ds.glob("documents/*/part-*.parquet")):  # mid-run: a part is committed
                os.killpg(proc.pid, signal.SIGINT)
                sent = True
            time.sleep(0.02)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert sent, "the run ended before it could be interrupted"
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "interrupted:" in err and "documents committed" in err
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stderr
    assert _tables(duckdb.connect(), ds) == reference
    assert not list(ds.rglob("*.tmp"))


@pytest.fixture(scope="module")
def analyses(analyzer):
    from powderkeg.ingest import Document

    texts = [("a", "Russia attacked Ukraine on Monday, officials said. Three people were killed.", "2024-03-04"),
             ("b", "Iran threatened Israel with retaliation, its foreign minister said.", "2024-03-04"),
             ("c", "The United States imposed sanctions on North Korea.", None)]
    return [analyzer.analyse(Document.from_parts(i, t, None, date=d)) for i, t, d in texts]


def test_uncommitted_record_files_are_ignored_and_cleaned(analyses, analyzer, tmp_path):
    from powderkeg.store import dataset
    from powderkeg.store.duck import Store

    root = tmp_path / "ds"
    dataset.write_parts(analyses[:1], str(root), analyzer.coder_hash)
    dataset.write_parts(analyses[1:], str(root), analyzer.coder_hash)
    # a worker killed after the record files of b's part and before its documents file: no such part
    key = "part-" + dataset.part_key(analyses[1:], analyzer.coder_hash) + ".parquet"  # the batch's key
    records_of_b = [p for p in root.glob(f"*/date=2024-03-04/{key}") if p.parent.parent.name != "documents"]
    assert records_of_b
    (root / "documents" / "date=2024-03-04" / key).unlink()
    (root / "events" / "date=2024-03-04" / ".part-x.parquet.1.tmp").write_bytes(b"half a file")  # as written before 2026-12-07
    staged = root / "figures" / ".batch-x.1.tmp" / "pk_day=2024-03-05"  # a batch killed before its renames
    staged.mkdir(parents=True)
    (staged / "part0.parquet").write_bytes(b"half a file")
    assert set(dataset.committed(str(root))) == {"a", "c"}
    store = Store(str(tmp_path / "s.duckdb"))
    try:
        assert dataset.load(str(root), store) == 2
        for t in ("documents", *TABLES):
            assert store.con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = 'b'").fetchone()[0] == 0
    finally:
        store.close()
    assert dataset.clean(str(root)) == len(records_of_b) + 2  # b's record files and the two temporary ones
    assert not list(root.rglob("*.tmp"))
    assert set(dataset.committed(str(root))) == {"a", "c"}


def test_a_document_analysed_again_replaces_its_old_part(analyses, analyzer, tmp_path):
    from powderkeg.store import dataset
    from powderkeg.store.duck import Store

    root = str(tmp_path / "ds")
    dataset.write_parts(analyses, root, "old-coder")
    time.sleep(0.01)
    dataset.write_parts(analyses, root, analyzer.coder_hash)  # same key twice: replaced, not doubled
    dataset.write_parts(analyses, root, analyzer.coder_hash)
    assert {c for _, c in dataset.committed(root).values()} == {analyzer.coder_hash}
    assert dataset.prune(root) == 2  # the old coder's parts (two publication dates)
    store = Store(str(tmp_path / "s.duckdb"))
    try:
        assert dataset.load(root, store) == 3
        assert store.con.execute("SELECT DISTINCT coder_hash FROM documents").fetchall() == [(analyzer.coder_hash,)]
        n = sum(len(a.records) for a in analyses)
        assert sum(store.counts()[t] for t in TABLES) == n
    finally:
        store.close()


def test_a_running_scheduler_at_an_address_stores_what_one_process_stores(corpus, reference, tmp_path):
    """`--cluster ADDRESS`: a scheduler and a worker started on their own, as on a real cluster (the
    worker imports powderkeg from its own environment), store what one process stores."""
    sched_file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", "0", "--no-dashboard", "--scheduler-file", str(sched_file)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path)]
    try:
        deadline = time.time() + 120
        while not sched_file.exists() and time.time() < deadline:
            time.sleep(0.5)
        address = json.loads(sched_file.read_text())["address"]
        procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address,
                                       "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path))
        ds, db = tmp_path / "ds", tmp_path / "c.duckdb"
        r = pk("ingest", *corpus, "--cluster", address, "--parquet", ds, "--db", db, "-q", "--batch", 4, timeout=900)
        assert r.returncode == 0, r.stderr
        assert "committed 21 documents" in r.stderr and "Traceback" not in r.stderr
        con = duckdb.connect(str(db), read_only=True)
        try:
            assert _tables(con, None) == reference
        finally:
            con.close()
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    r = pk("ingest", *corpus, "--cluster", "tcp://127.0.0.1:9", "--parquet", tmp_path / "ds2", "-q")
    assert r.returncode not in (0, 1) and "cannot reach the scheduler" in r.stderr and "Traceback" not in r.stderr


def test_a_load_that_runs_out_of_its_memory_cap_widens_it(analyses, analyzer, tmp_path, monkeypatch):
    """A dataset load (one transaction) that needs more than the bulk-load cap is rolled back and
    run again under a doubled cap, as the writer does; the store then holds the whole dataset."""
    from powderkeg.store import dataset, duck

    root = str(tmp_path / "ds")
    dataset.write_parts(analyses, root, analyzer.coder_hash)
    monkeypatch.delenv("POWDERKEG_DB_MEMORY", raising=False)
    monkeypatch.setattr(duck, "BULK_LOAD_MEMORY_LIMIT", "1MB")
    caps: list[str] = []
    set_cap = dataset.set_memory_limit
    monkeypatch.setattr(dataset, "set_memory_limit", lambda con, size: (caps.append(size), set_cap(con, size)))
    store = duck.Store(str(tmp_path / "s.duckdb"))
    try:
        assert dataset.load(root, store) == 3
        assert store.counts()["documents"] == 3
        assert sum(store.counts()[t] for t in TABLES) == sum(len(a.records) for a in analyses)
    finally:
        store.close()
    assert caps[0] == "1MB" and len(caps) > 2  # widened at least once, then the writer's restored
    assert duck.size_bytes(caps[-2]) > duck.size_bytes("1MB")
