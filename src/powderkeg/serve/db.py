"""How the dashboard reads the store: read-only, one short connection per request.

DuckDB lets one process write a database file, or any number of processes read it, not both at once.
So the dashboard opens the file read-only when a request comes, serves concurrent requests from that
one read-only database (a cursor each), and closes it once no request has come for `IDLE` seconds
(opening costs 30-80 ms, too much to pay per request). Between bursts of requests the file is free, and
`powderkeg ingest` (which waits up to 30 s for the lock: store/duck.py) takes it; while an ingest holds
the file (for its whole run) requests get 503 with a message saying so, and answer again as soon as the
ingest ends. Results of the heavier corpus-wide queries are cached per (file size, modification time),
so a new ingest invalidates them.
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Callable, Optional

import duckdb

LOCKED = ("The store is being written by another process (a running `powderkeg ingest`?); DuckDB allows one "
          "writer and no reader meanwhile. Try again when it has finished.")


class StoreBusy(Exception):
    pass


class StoreMissing(Exception):
    pass


IDLE = 1.0


class Reader:
    def __init__(self, path: str, idle: float = IDLE):
        self.path = path
        self.idle = idle
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._ids: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._db: Any = None
        self._active = 0
        self._last = 0.0
        self._closer: Optional[threading.Thread] = None

    def stamp(self) -> tuple:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise StoreMissing(self.path)
        wal = self.path + ".wal"
        w = os.stat(wal).st_mtime_ns if os.path.exists(wal) else 0
        return (st.st_size, st.st_mtime_ns, w)

    @contextmanager
    def connect(self):
        self.stamp()
        with self._lock:
            if self._db is None:
                try:
                    self._db = duckdb.connect(self.path, read_only=True)
                except duckdb.IOException as e:
                    raise StoreBusy(str(e))
                if self._closer is None or not self._closer.is_alive():
                    # not a daemon: at exit Python waits for it (at most IDLE seconds) instead of killing it
                    # inside DuckDB's close
                    self._closer = threading.Thread(target=self._close_when_idle, daemon=False)
                    self._closer.start()
            self._active += 1
            cur = self._db.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self._lock:
                self._active -= 1
                self._last = time.monotonic()

    def _close_when_idle(self) -> None:
        while True:
            time.sleep(self.idle / 4)
            with self._lock:
                if self._db is None:
                    return
                if self._active == 0 and time.monotonic() - self._last >= self.idle:
                    self._db.close()
                    self._db = None
                    return

    def close(self) -> None:
        with self._lock:
            if self._db is not None and self._active == 0:
                self._db.close()
                self._db = None
        if self._closer is not None:
            self._closer.join(self.idle)

    def cached(self, key: tuple, fn: Callable[[Any], Any], ids: bool = False) -> Any:
        """fn(con) once per state of the file. `ids`: the value is a (possibly long) list of ids kept
        in a smaller cache of its own (32 searches)."""
        cache, limit = (self._ids, 32) if ids else (self._cache, 256)
        k = (self.stamp(), key)
        with self._lock:
            if k in cache:
                cache.move_to_end(k)
                return cache[k]
        with self.connect() as con:
            val = fn(con)
        with self._lock:
            cache[k] = val
            while len(cache) > limit:
                cache.popitem(last=False)
        return val
