"""The Parquet dataset `ingest --cluster` writes: the store's own rows, in parts committed by rename.

    DIR/<table>/date=YYYY-MM-DD/part-<key>.parquet    table: documents events figures stances relations flags
    DIR/<table>/date=unknown/part-<key>.parquet       documents with no publication date

Why it is shaped so:
- Same rows as DuckDB: a part is made by `Store.put` into an in-memory store, then copied out table
  by table, so there is no second way of flattening records (same columns; `record` is the JSON text).
- Partitioned by the document's publication date (unlike `export --format parquet`, which files a
  record under its own date) so that every row of a document is in one partition and one part.
- A part is the documents of one batch that share a publication date. Its key hashes their ids, text
  hashes and the coder hash: a batch run again (Dask re-runs the task of a worker that died) writes
  the same names and replaces identical files, so nothing is doubled.
- Each file is written under a hidden temporary name (`.part-<key>.parquet.tmp`, which Parquet
  readers skip) and committed by `os.replace`, an atomic rename: the record tables first, the
  documents file last. A part exists only once its documents file does; record files left without
  it by a worker killed in between are ignored by `load` and removed by `clean`, and their documents,
  not committed, are analysed again by the rerun.
- A rerun skips documents committed with the same text and coder (`committed`). A document analysed
  again (new text, other coder) is then in two parts: the later (`documents.ingested_at`) wins in
  `load`, and `prune` deletes parts whose documents have all been superseded.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable, Optional

import duckdb

from powderkeg.store import incidents
from powderkeg.store.duck import TABLES, Store, bulk_load_memory_limit, memory_limit, set_memory_limit

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
    """Commit the analyses of a batch as one part per publication date; the ids written."""
    if not analyses:
        return []
    mem = Store(":memory:")
    try:
        for a in analyses:
            mem.put(a, coder_hash, link_incidents=False)  # incidents span articles: made by `load`
        con = mem.con
        groups: dict[str, list] = {}
        dates = dict(con.execute("SELECT doc_id, coalesce(strftime(date, '%Y-%m-%d'), 'unknown') FROM documents")
                     .fetchall())
        for a in analyses:
            groups.setdefault(dates[a.doc.doc_id], []).append(a)
        for day, group in sorted(groups.items()):
            con.execute("CREATE OR REPLACE TEMP TABLE pk_part AS SELECT doc_id FROM documents WHERE doc_id IN "
                        "(SELECT unnest(?::VARCHAR[]))", [[a.doc.doc_id for a in group]])
            _commit(con, Path(root), f"date={day}", part_key(group, coder_hash))
    finally:
        mem.close()
    return [a.doc.doc_id for a in analyses]


def _commit(con, root: Path, partition: str, key: str) -> None:
    for kind in KINDS:
        q = f"SELECT * FROM {kind}" if kind == DOCS else \
            f"SELECT * REPLACE (CAST(record AS VARCHAR) AS record) FROM {kind}"
        q += " WHERE doc_id IN (SELECT doc_id FROM pk_part)"
        if kind != DOCS and con.execute(f"SELECT count(*) FROM ({q})").fetchone()[0] == 0:
            continue
        folder = root / kind / partition
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"part-{key}.parquet"
        tmp = folder / f".part-{key}.parquet.{os.getpid()}.tmp"
        con.execute(f"COPY ({q}) TO {_sql_path(tmp)} (FORMAT PARQUET)")
        _fsync(tmp)
        os.replace(tmp, final)  # atomic: readers see the whole file or none


def _fsync(p: Path) -> None:
    fd = os.open(p, os.O_RDONLY)
    try:
        os.fsync(fd)
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
    for tmp in base.glob("*/date=*/.part-*.tmp"):
        tmp.unlink(missing_ok=True)
        gone += 1
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
    cap = memory_limit(con)
    set_memory_limit(con, bulk_load_memory_limit())
    try:
        return _load_all(base, con, window)
    finally:
        set_memory_limit(con, cap)


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
