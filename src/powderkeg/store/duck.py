"""The DuckDB store: documents and their records, one transaction per document (`put`; `put_new`
writes a batch of new documents in one, for the Parquet dataset's in-memory batch store).

Re-ingesting a document replaces its records (same ids, so nothing is doubled); a document whose
text hash is already stored is skipped. Because each document is committed on its own, an
interrupted ingest leaves every stored document complete and the rest absent.
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Optional

import duckdb

from powderkeg import __version__
from powderkeg.store import incidents
from powderkeg.store.row_cache import RowCache
from powderkeg.records import Event, Figure, Flag, Record, Relation, Stance, to_dict

SCHEMA = Path(__file__).with_name("schema.sql")
TABLES = ("events", "figures", "stances", "relations", "flags")
DERIVED = ("incidents",)
EVENT_COLUMNS = ("id, doc_id, type, mode, source_countries, target_countries, source_names, target_names, negated, "
                 "hypothetical, date, location_name, location_country, lat, lon, cameo, goldstein, quad, plover_score, "
                 "confidence, sentence_index, span_start, span_end, record, date_precision, date_source, date_end, "
                 "location_admin1, geonames_id, geo_precision, location_source")
FIGURE_COLUMNS = ("id, doc_id, quantity, value, qualifier, location_name, location_country, date, sentence_index, "
                  "record, victims, date_precision, geo_precision")
# the columns each record table's rows name (None: all, in the table's order)
DOCUMENT_COLUMNS = ("doc_id, title, date, url, source, path, content_hash, text, n_sentences, powderkeg_version, "
                    "coder_hash")
INSERT_COLUMNS: dict[str, Optional[str]] = {"documents": DOCUMENT_COLUMNS, "events": EVENT_COLUMNS,
                                            "figures": FIGURE_COLUMNS, "stances": None, "relations": None,
                                            "flags": None}


def _country(a) -> Optional[str]:
    return a.country if a is not None else None


def _document_row(analysis, coder_hash: Optional[str]) -> list:
    """A document's row (DOCUMENT_COLUMNS); the powderkeg version records what produced it."""
    doc = analysis.doc
    return [doc.doc_id, doc.title, doc.date, doc.url, doc.source, doc.path, doc.content_hash, doc.text,
            analysis.n_sentences, __version__, coder_hash]


def _name(a) -> Optional[str]:
    return (a.name or a.text) if a is not None else None


# DuckDB's buffer pool defaults to 80% of RAM. In the one process that writes during an ingest it
# caches the store's tables as the writes scan them, ~3 MB per 1,000 articles without end (76 MB
# at 20,000 in the write loop of docs/reliability.md, "What the writer's memory is"). 64 MB
# caps it early: from ~8,000 articles it stays at 35-46 MB, a little slower (357 s for 20,000
# documents against 332 s with 256 MB). A store opened afresh reads its key indexes in part, as
# needed (a 20,000-article store takes writes under a 4 MB cap), but the indexes of what one run
# writes stay in memory: the cap widens when DuckDB needs it (WRITER_MEMORY_CEILING_SHARE below).
# A DuckDB size ('1GB'); POWDERKEG_DB_MEMORY overrides it, as a fixed cap.
WRITER_MEMORY_LIMIT = "64MB"


# A bulk load (`ingest --cluster ... --db`, store/dataset.py) inserts a whole dataset in one
# transaction, and DuckDB keeps the key index of rows not yet committed in memory: under 64 MB it
# stops at about 1.2 million keys (a reviewer's measurement), so the load runs under a wider cap.
BULK_LOAD_MEMORY_LIMIT = "1GB"


# DuckDB keeps the key indexes of the rows a process has written in memory, outside what it can
# evict: a store of ~30,000 articles written in one run needs more than 64 MB (an ingest of the
# 100k benchmark ended in "Out of Memory" there, 2026-12-07). So the writer's cap is where it
# starts: when DuckDB runs out of it, the document's transaction is rolled back, the cap doubled
# and the document written again, up to this share of the machine's memory. A cap set with
# POWDERKEG_DB_MEMORY is the user's and stays as it is.
WRITER_MEMORY_CEILING_SHARE = 0.25
_SIZE = re.compile(r"^\s*([0-9.]+)\s*([KMGT]?)I?B?\s*$", re.I)


def size_bytes(size: str) -> int:
    """A DuckDB size ('64MB', '1GB', '61.0 MiB') in bytes (powers of 1,000 and 1,024 both read as 1,024)."""
    m = _SIZE.match(size)
    if m is None:
        raise ValueError(f"not a size: {size!r}")
    return int(float(m.group(1)) * 1024 ** "BKMGT".index((m.group(2) or "B").upper()))


def writer_memory_ceiling() -> int:
    """The most the writer's cap may grow to, in bytes: a share of the machine's memory."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 8 * 1024 ** 3
    return int(total * WRITER_MEMORY_CEILING_SHARE)


def wider_cap(cap: str, error: Exception, where: str) -> str:
    """The cap to try again under after DuckDB ran out of `cap` (`error`) in a transaction now
    rolled back: doubled, up to `writer_memory_ceiling`. A MemoryError, one line naming `where`,
    when it may not grow: a cap the user set with POWDERKEG_DB_MEMORY, or the ceiling reached."""
    msg = str(error).splitlines()[0]
    if os.environ.get("POWDERKEG_DB_MEMORY"):
        raise MemoryError(f"{where}: DuckDB ran out of memory (POWDERKEG_DB_MEMORY={cap}: raise it): {msg}") from error
    wider = 2 * size_bytes(cap)
    if wider > writer_memory_ceiling():
        raise MemoryError(f"{where}: DuckDB ran out of memory at {cap}, and a wider cap would pass a quarter of "
                          f"this machine's memory (set POWDERKEG_DB_MEMORY to allow it): {msg}") from error
    return f"{wider // 1024 ** 2}MB"


def writer_memory_limit() -> str:
    return os.environ.get("POWDERKEG_DB_MEMORY") or WRITER_MEMORY_LIMIT


def bulk_load_memory_limit() -> str:
    return os.environ.get("POWDERKEG_DB_MEMORY") or BULK_LOAD_MEMORY_LIMIT


def memory_limit(con) -> str:
    """The connection's buffer-pool cap, as DuckDB shows it ('61.0 MiB')."""
    return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def set_memory_limit(con, size: str) -> None:
    """Cap the connection's buffer pool at `size` (a DuckDB size: '64MB', '1GB', '61.0 MiB')."""
    con.execute("SET memory_limit = '" + size.replace("'", "''") + "'")


class StoreUnavailable(RuntimeError):
    """The store cannot be opened (held by a writing process, not a database, no permission): the
    message is one line naming the file and why."""


def connect(path: str, read_only: bool = False, wait: float = 30.0):
    """A DuckDB connection, or `StoreUnavailable` with a one-line reason. DuckDB lets one process
    write a file and nobody else open it meanwhile: a reader started during an `ingest` is told so;
    a writer waits up to `wait` seconds while another process (the dashboard between its reads)
    holds it."""
    deadline = time.monotonic() + (0 if read_only else wait)
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as e:
            locked = "lock" in str(e).lower()
            if locked and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            msg = str(e).splitlines()[0]
            if locked:
                pid = re.search(r"PID (\d+)", str(e))
                who = f" (process {pid.group(1)})" if pid else ""
                raise StoreUnavailable(f"{path}: in use by another powderkeg process{who}, probably an ingest; "
                                       f"try again when it has finished") from None
            raise StoreUnavailable(f"{path}: cannot open the database: {msg}") from None


class Store:
    def __init__(self, path: str = "powderkeg.duckdb", read_only: bool = False):
        self.path = path
        self.con = connect(path, read_only)
        self.memory_cap: Optional[str] = None  # a file-backed writer's cap, now (`widen_memory` raises it)
        self.memory_cap_start: Optional[str] = None
        # incident and figure rows this writer read or wrote lately (store/row_cache.py): joining an
        # incident then reads none of its events again
        self.incident_cache = RowCache()
        if not read_only:
            if path != ":memory:":  # a file-backed writer; an in-memory store (one batch) has no file to evict to
                limit = writer_memory_limit()
                self.memory_cap = self.memory_cap_start = limit
                try:
                    set_memory_limit(self.con, limit)
                except duckdb.Error as e:
                    self.con.close()
                    raise StoreUnavailable(f"POWDERKEG_DB_MEMORY={limit!r}: not a DuckDB memory size "
                                           f"({str(e).splitlines()[0]})") from None
            self.con.execute(SCHEMA.read_text())
            for col in ("powderkeg_version", "coder_hash"):  # stores written before provenance was kept
                self.con.execute(f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {col} VARCHAR")

    def close(self) -> None:
        self.con.close()

    def has(self, doc_id: str, content_hash: str) -> bool:
        row = self.con.execute("SELECT content_hash FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return row is not None and row[0] == content_hash

    def coder_of(self, doc_id: str, content_hash: str) -> Optional[str]:
        """The coder hash a document with this text was stored with ("" if unknown), None if the
        document is not stored with this text."""
        row = self.con.execute("SELECT content_hash, coder_hash FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        if row is None or row[0] != content_hash:
            return None
        return row[1] or ""

    def widen_memory(self, error: Exception) -> None:
        """DuckDB ran out of the writer's cap (`error`) in a transaction now rolled back: double the
        cap, up to `writer_memory_ceiling`, so the caller can try again; raise when it cannot grow
        (a cap the user set with POWDERKEG_DB_MEMORY, the ceiling reached, an in-memory store)."""
        if self.memory_cap is None:
            raise MemoryError(f"{self.path}: DuckDB ran out of memory: {str(error).splitlines()[0]}") from error
        self.memory_cap = wider_cap(self.memory_cap, error, self.path)
        set_memory_limit(self.con, self.memory_cap)

    def put(self, analysis, coder_hash: Optional[str] = None, link_incidents: bool = True) -> None:
        """Store a document and its records, replacing what was stored for it; `coder_hash` (see
        `pipeline.Resources.coder_hash`) and the powderkeg version record what produced them.
        `link_incidents=False` for a store holding one batch (store/dataset.py): incidents span
        articles, so they are linked when the whole dataset is loaded. When DuckDB runs out of the
        writer's memory cap, the cap is widened and the document written again (`widen_memory`)."""
        while True:
            try:
                return self._put(analysis, coder_hash, link_incidents)
            except duckdb.OutOfMemoryException as e:
                self.widen_memory(e)

    def _put(self, analysis, coder_hash: Optional[str], link_incidents: bool) -> None:
        doc = analysis.doc
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            # A document's records only ever enter with its row (here, in one transaction, or with
            # a whole dataset), so a document not stored has nothing to replace: the deletes, each a
            # scan of its table, are skipped for it.
            stored = con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc.doc_id]).fetchone() is not None
            left: set[str] = set()  # incidents the old version's events leave, to recompute
            if stored:
                if link_incidents:
                    left = incidents.unlink(con, doc.doc_id, self.incident_cache)
                else:  # its records change without an unlink: what the cache holds of them is stale
                    self.incident_cache.clear()
                con.execute("DELETE FROM documents WHERE doc_id = ?", [doc.doc_id])
                for t in TABLES:
                    con.execute(f"DELETE FROM {t} WHERE doc_id = ?", [doc.doc_id])
            self._insert_rows("documents", [_document_row(analysis, coder_hash)])
            self._insert_all(analysis.records)
            if link_incidents:
                # incremental: this article's incidents
                incidents.assign(con, doc.doc_id, touched=left, replacing=stored, cache=self.incident_cache)
            con.execute("COMMIT")
        except BaseException:
            self.incident_cache.clear()  # it may hold rows of this transaction
            con.execute("ROLLBACK")
            raise

    def put_new(self, analyses: list, coder_hash: Optional[str] = None) -> None:
        """Store documents this store does not hold, with their records, in one transaction of one
        multi-row INSERT per table: for a store made for one batch (store/dataset.write_parts), where
        `put`'s seven statements a document cost more than its rows. The same rows as `put` with
        `link_incidents=False` (incidents span articles: `dataset.load` links them), but for
        `ingested_at`, one time for the batch (one transaction); a document twice in `analyses` is
        stored once, as its last analysis, as `put` would leave it."""
        latest: dict[str, object] = {}
        for a in analyses:
            latest.pop(a.doc.doc_id, None)
            latest[a.doc.doc_id] = a
        con = self.con
        held = con.execute("SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                           [list(latest)]).fetchall()
        if held:
            raise ValueError(f"put_new: {len(held)} documents already stored (first: {held[0][0]}); use put")
        con.execute("BEGIN TRANSACTION")
        try:
            self._insert_rows("documents", [_document_row(a, coder_hash) for a in latest.values()])
            self._insert_all(r for a in latest.values() for r in a.records)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _insert_all(self, records) -> None:
        """The records as one multi-row INSERT per table, in the records' order: one statement
        per table rather than one per record (DuckDB's cost per statement outweighs its cost per row)."""
        rows: dict[str, list[list]] = {}
        for r in records:
            row = self._row(r)
            if row is not None:
                rows.setdefault(row[0], []).append(row[1])
        for table, values in rows.items():
            self._insert_rows(table, values)

    def _insert_rows(self, table: str, values: list[list], chunk: int = 1000) -> None:
        """Rows into `table` (columns: INSERT_COLUMNS), one multi-row INSERT per `chunk` rows."""
        if not values:
            return
        cols = INSERT_COLUMNS.get(table)
        one = "(" + ", ".join("?" * len(values[0])) + ")"
        for i in range(0, len(values), chunk):
            part = values[i:i + chunk]
            self.con.execute(f"INSERT INTO {table}{f' ({cols})' if cols else ''} VALUES " + ", ".join([one] * len(part)),
                             [v for row in part for v in row])

    def _row(self, r: Record) -> Optional[tuple[str, list]]:
        """The table a record goes to and its row."""
        d = to_dict(r)
        rec = json.dumps(d, ensure_ascii=False)
        si = r.evidence.sentence_index
        if isinstance(r, Event):
            loc = r.location
            return "events", [
                r.id, r.doc_id, r.type, r.mode, [a.country for a in r.source if a.country],
                [a.country for a in r.target if a.country], [_name(a) for a in r.source],
                [_name(a) for a in r.target], r.negated, r.hypothetical, r.date,
                loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
                loc.lon if loc else None, r.cameo, r.goldstein, r.quad, r.plover_score, r.confidence, si,
                r.evidence.span[0], r.evidence.span[1], rec, r.date_precision, r.date_source, r.date_end,
                loc.admin1 if loc else None, loc.geonames_id if loc else None, loc.precision if loc else None,
                loc.source if loc else None]
        if isinstance(r, Figure):
            loc = r.location
            return "figures", [r.id, r.doc_id, r.quantity, r.value, r.qualifier, loc.name if loc else None,
                               loc.country if loc else None, r.date, si, rec, r.victims, r.date_precision,
                               loc.precision if loc else None]
        if isinstance(r, Stance):
            return "stances", [r.id, r.doc_id, _country(r.actor), _name(r.actor), r.issue, r.stance, r.date, si, rec]
        if isinstance(r, Relation):
            return "relations", [r.id, r.doc_id, _country(r.subject), _name(r.subject), r.relation,
                                 _country(r.object), _name(r.object), si, rec]
        if isinstance(r, Flag):
            return "flags", [r.id, r.doc_id, r.severity, r.message, si, rec]
        return None

    def counts(self) -> dict[str, int]:
        out = {"documents": self.con.execute("SELECT count(*) FROM documents").fetchone()[0]}
        for t in TABLES:
            out[t] = self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in DERIVED:
            out[t] = self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        return out
