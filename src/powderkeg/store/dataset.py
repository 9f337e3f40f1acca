"""The Parquet dataset `ingest --cluster` writes: the store's own rows, in parts committed by rename.

    DIR/<table>/date=YYYY-MM-DD/part-<key>.parquet    table: documents events figures stances relations flags
    DIR/<table>/date=unknown/part-<key>.parquet       documents with no publication date

Why it is shaped so:
- Same rows as DuckDB: a batch is stored by `Store.put_new` (the rows `Store.put` writes) into an
  in-memory store, then copied out table by table, so there is no second way of flattening
  records (same columns; `record` is the JSON text).
- Partitioned by the document's publication date (unlike `export --format parquet`, which files a
  record under its own date) so that every row of a document is in one partition and one part.
- A part is the documents of one batch that share a publication date. Its key hashes the batch's
  ids, text hashes and the coder hash: a batch run again (Dask re-runs the task of a worker that
  died) writes the same names and replaces identical files, so nothing is doubled.
- A batch's files are written under a hidden folder of its own (`<table>/.batch-<key>.<random>.tmp`,
  new for each attempt, which the readers' `date=*` paths never reach), synced, and committed by
  `os.replace`, an atomic rename: the record tables first (their folders synced), the documents
  files last. A part exists only once its documents
  file does; record files left without it by a worker killed in between are ignored by `load` and
  removed by `clean` (as are the temporary folders), and their documents, not committed, are
  analysed again by the rerun.
- A rerun skips documents committed with the same text and coder (`committed`). A document analysed
  again (new text, other coder) is then in two parts: the later (`documents.ingested_at`) wins in
  `load`, and `prune` deletes parts whose documents have all been superseded.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Optional

import duckdb

from powderkeg.store import incidents
from powderkeg.store.duck import TABLES, Store, bulk_load_memory_limit, memory_limit, set_memory_limit, wider_cap

DOCS = "documents"
KINDS = (*TABLES, DOCS)  # in commit order: the documents file last, it commits the part
_PART = r"[^/]+/[^/]+$"  # 'date=.../part-<key>.parquet': the same for every table of a part
_LATEST = ("SELECT * EXCLUDE (rk) FROM (SELECT *, row_number() OVER (PARTITION BY doc_id ORDER BY ingested_at DESC, "
           "part DESC) AS rk FROM pk_docs) WHERE rk = 1")


def _sql_path(p: Path) -> str:
    """A path of ours as a SQL string literal (COPY and read_parquet take no parameter for it)."""
    return "'" + str(p).replace("'", "''") + "'"


def _files(root: Path, kind: str) -> list[Path]:
    return sorted((root / kind).glob("date=*/part-*.parquet"))


def part_key(analyses: list, coder_hash: str) -> str:
    """The same documents (ids, texts) analysed by the same coder give the same key."""
    h = hashlib.sha256(coder_hash.encode())
    for a in sorted(analyses, key=lambda a: a.doc.doc_id):
        h.update(f"\0{a.doc.doc_id}\0{a.doc.content_hash}".encode())
    return h.hexdigest()[:20]


def write_parts(analyses: list, root: str, coder_hash: str) -> list[str]:
    """Commit the analyses of a batch as one part per publication date; the ids written.

    The batch goes into an in-memory store in one transaction (`Store.put_new`), then out with one
    partitioned COPY per table into a hidden folder of its own (`.batch-<key>.<random>.tmp`), whose
    files are synced and renamed into place: a handful of statements a batch, where one COPY per
    table and date (and a `put` per document) cost ~16 ms a document when a batch's articles
    spread over many dates (2026-12-07)."""
    if not analyses:
        return []
    base, key = Path(root), part_key(analyses, coder_hash)
    mem = _batch_store()
    try:
        mem.put_new(analyses, coder_hash)
        staged = {kind: _stage(mem.con, base, kind, key) for kind in KINDS}
    finally:
        _empty(mem)
    _commit(base, staged, key)
    return [a.doc.doc_id for a in analyses]


_BATCH = threading.local()


def _batch_store() -> Store:
    """This thread's in-memory store for one batch at a time, emptied after each: opening one and
    creating its schema took ~45 ms, as long as writing a 16-document batch's rows."""
    mem = getattr(_BATCH, "store", None)
    if mem is None:
        mem = _BATCH.store = Store(":memory:")
        mem.con.execute("SET threads = 1")  # a batch is small; the machine's other cores are other workers'
    return mem


def _empty(mem: Store) -> None:
    """Empty the batch store for the next batch; one that cannot be emptied is dropped."""
    try:
        for kind in KINDS:
            mem.con.execute(f"DELETE FROM {kind}")
    except duckdb.Error:
        _BATCH.store = None
        mem.close()


def _stage(con, base: Path, kind: str, key: str) -> Path:
    """Copy a table's rows of the batch, partitioned by their document's publication date, under a
    temporary folder of the batch (`<folder>/pk_day=<date>/<file>`); the folder."""
    (base / kind).mkdir(parents=True, exist_ok=True)
    # a new folder each time: another attempt at the same batch (Dask re-running a task it thought
    # lost, on this host or another with the same pid) stages in its own
    tmp = Path(tempfile.mkdtemp(prefix=f".batch-{key}.", suffix=".tmp", dir=base / kind))
    cols = "t.*" if kind == DOCS else "t.* REPLACE (CAST(t.record AS VARCHAR) AS record)"
    q = (f"SELECT {cols}, coalesce(strftime(d.date, '%Y-%m-%d'), 'unknown') AS pk_day FROM {kind} t "
         f"JOIN documents d ON t.doc_id = d.doc_id ORDER BY t.rowid")
    con.execute(f"COPY ({q}) TO {_sql_path(tmp)} (FORMAT PARQUET, PARTITION_BY (pk_day), FILENAME_PATTERN 'part')")
    return tmp


def _commit(base: Path, staged: dict[str, Path], key: str) -> None:
    """Sync the staged files, then rename each to `<kind>/date=<day>/part-<key>.parquet`: the record
    tables' first, the documents files last (a part exists once its documents file does)."""
    moves: dict[str, list[tuple[Path, Path]]] = {}
    for kind in KINDS:
        for folder in sorted(staged[kind].glob("pk_day=*")):
            files = list(folder.iterdir())
            if len(files) != 1:  # DuckDB splits a partition only past sizes a batch never reaches
                raise RuntimeError(f"{folder}: {len(files)} files where one was expected")
            day = folder.name.split("=", 1)[1]
            moves.setdefault(kind, []).append((files[0], base / kind / f"date={day}" / f"part-{key}.parquet"))
    for tmp, _ in (m for ms in moves.values() for m in ms):
        _fsync(tmp)
    records = [m for kind in TABLES for m in moves.get(kind, [])]
    for tmp, final in records:
        _move(tmp, final)
    for folder in {final.parent for _, final in records}:  # the record renames durable before any documents one
        _fsync_dir(folder)
    for tmp, final in moves.get(DOCS, []):
        _move(tmp, final)
    for folder in staged.values():
        shutil.rmtree(folder, ignore_errors=True)


def _move(tmp: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, final)  # atomic: readers see the whole file or none


def _fsync(p: Path) -> None:
    fd = os.open(p, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(p: Path) -> None:
    """Make the renames in a folder durable (after a power cut as well as a kill); a no-op where a
    folder cannot be opened for it."""
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _docs_view(con, root: Path) -> bool:
    """`pk_docs`: every committed documents row with its part; False when nothing is committed."""
    if not _files(root, DOCS):
        return False
    con.execute(f"CREATE OR REPLACE TEMP VIEW pk_docs AS SELECT * EXCLUDE (filename), regexp_extract(filename, "
                f"'{_PART}') AS part FROM read_parquet({_sql_path(root / DOCS / 'date=*' / 'part-*.parquet')}, "
                f"filename = true, hive_partitioning = false, union_by_name = true)")
    return True


def committed(root: str) -> dict[str, tuple[str, str]]:
    """doc_id -> (content_hash, coder_hash) of its latest committed analysis."""
    con = duckdb.connect()
    try:
        if not _docs_view(con, Path(root)):
            return {}
        return {d: (h, c or "") for d, h, c in con.execute(f"SELECT doc_id, content_hash, coder_hash FROM ({_LATEST})")
                .fetchall()}
    finally:
        con.close()


def clean(root: str) -> int:
    """Remove what no committed part owns: temporary files, and record files whose documents file
    was never written (a worker killed between the two). Run before a run starts and before a load,
    never while workers write. Returns how many files went."""
    base, gone = Path(root), 0
    for tmp in base.glob("*/date=*/.part-*.tmp"):  # written before 2026-12-07's batch folders, one file a part
        tmp.unlink(missing_ok=True)
        gone += 1
    for tmp in base.glob("*/.batch-*.tmp"):
        gone += sum(1 for f in tmp.rglob("*") if f.is_file())
        shutil.rmtree(tmp, ignore_errors=True)
    parts = {f.relative_to(base / DOCS).as_posix() for f in _files(base, DOCS)}
    for kind in TABLES:
        for f in _files(base, kind):
            if f.relative_to(base / kind).as_posix() not in parts:
                f.unlink(missing_ok=True)
                gone += 1
    return gone


def prune(root: str) -> int:
    """Delete the parts none of whose documents is the latest analysis any more (every document
    analysed again later, with new text or another coder). Returns how many parts went."""
    base = Path(root)
    con = duckdb.connect()
    try:
        if not _docs_view(con, base):
            return 0
        dead = [p for (p,) in con.execute(f"SELECT part FROM pk_docs EXCEPT SELECT part FROM ({_LATEST})").fetchall()]
    finally:
        con.close()
    for part in dead:
        for kind in KINDS:  # documents last: a kill midway leaves record files `clean` removes
            (base / kind / part).unlink(missing_ok=True)
    return len(dead)


def load(root: str, store: Store, window: Optional[int] = None) -> int:
    """Load the dataset's latest analysis of each document into `store` (the tables `ingest` fills),
    replacing what it held for those documents, and link their events to incidents. One
    transaction: an interrupted load leaves the store as it was. It runs under the bulk-load memory
    cap (`store.duck.BULK_LOAD_MEMORY_LIMIT`), the writer's own cap restored after. Returns the
    documents loaded."""
    base, con = Path(root), store.con
    if not _docs_view(con, base):
        return 0
    cap, bulk = memory_limit(con), bulk_load_memory_limit()
    set_memory_limit(con, bulk)
    try:
        while True:
            try:
                return _load_all(base, con, window)
            except duckdb.OutOfMemoryException as e:  # rolled back: a wider cap, as the writer does
                bulk = wider_cap(bulk, e, f"loading {root}")
                set_memory_limit(con, bulk)
    finally:
        set_memory_limit(con, cap)
        store.incident_cache.clear()  # the load rewrote incidents behind the writer's cache


def _load_all(base: Path, con, window: Optional[int]) -> int:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE pk_win AS {_LATEST}")
        ids = [d for (d,) in con.execute("SELECT doc_id FROM pk_win ORDER BY date NULLS LAST, doc_id").fetchall()]
        touched: set[str] = set()
        stored = _stored(con, ids)
        replaced = set(stored)
        for d in stored:
            touched |= incidents.unlink(con, d)
        for kind in KINDS:
            con.execute(f"DELETE FROM {kind} WHERE doc_id IN (SELECT doc_id FROM pk_win)")
        con.execute("INSERT INTO documents BY NAME SELECT * EXCLUDE (part) FROM pk_win")
        for kind in TABLES:
            if _files(base, kind):
                con.execute(f"INSERT INTO {kind} BY NAME SELECT t.* EXCLUDE (filename) FROM read_parquet("
                            f"{_sql_path(base / kind / 'date=*' / 'part-*.parquet')}, filename = true, "
                            f"hive_partitioning = false, union_by_name = true) t JOIN pk_win w ON t.doc_id = w.doc_id "
                            f"AND regexp_extract(t.filename, '{_PART}') = w.part")
        kw = {} if window is None else {"window": window}
        for i, d in enumerate(ids):
            incidents.assign(con, d, touched=touched if i == 0 else None, replacing=d in replaced, **kw)
        con.execute("DROP TABLE pk_win")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(ids)


def _stored(con, ids: Iterable[str]) -> list[str]:
    """Those of `ids` the store already holds (their incident links are undone before replacing)."""
    have = {d for (d,) in con.execute("SELECT doc_id FROM documents").fetchall()}
    return [d for d in ids if d in have]
