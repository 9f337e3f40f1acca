"""The writer's cache of incident and figure rows (`RowCache`), used by `incidents.assign`."""
from __future__ import annotations

from collections import OrderedDict
from typing import Iterable, Optional


class RowCache:
    """The event rows of incidents recomputed lately and the figure rows of their documents, kept
    by the one process that writes, so that an article joining an incident does not read all of
    the incident's events and figures again.

    Why: each of those reads was a scan of a table that grows with the store (events by a list of
    ids, `event_incidents` by incident, figures by document): in the 100k run of
    docs/reliability.md the writer spent ~45% of its time in them at 63,000 articles, and the
    workers waited on it. Bounded by `max_rows` (event and figure rows together, the least recently
    used out first; an event row is kept without its source JSON, `incidents._compact`), so it does
    not grow with the store; one incident bigger than that is kept alone. An incident's rows are
    what `incidents._event_rows` reads for it, as long as every write to the store's incidents goes
    through the writer's `Store`: a document replaced drops what it touched (`unlink`); a
    rolled-back transaction, a document replaced without its incident links, and a dataset load
    drop everything (`clear`)."""

    def __init__(self, max_rows: int = 40_000):
        self.max_rows = max_rows
        self._entries: OrderedDict[tuple[str, str], list] = OrderedDict()  # ("i", incident) / ("f", document)
        self._size = 0
        self.hits = self.misses = 0

    def _get(self, key: tuple[str, str]) -> Optional[list]:
        rows = self._entries.get(key)
        if rows is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(key)
        return rows

    def _keep(self, key: tuple[str, str], rows: list) -> None:
        self._drop(key)
        self._entries[key] = rows
        self._size += len(rows) + 1  # an entry without rows still takes a slot
        while self._size > self.max_rows and len(self._entries) > 1:
            self._size -= len(self._entries.popitem(last=False)[1]) + 1

    def _drop(self, key: tuple[str, str]) -> None:
        if key in self._entries:
            self._size -= len(self._entries.pop(key)) + 1

    def rows(self, incident_id: str) -> Optional[list]:
        return self._get(("i", incident_id))

    def keep_rows(self, incident_id: str, rows: list) -> None:
        self._keep(("i", incident_id), rows)

    def figures(self, doc_id: str) -> Optional[list]:
        return self._get(("f", doc_id))

    def keep_figures(self, doc_id: str, rows: list) -> None:
        self._keep(("f", doc_id), rows)

    def forget(self, incident_ids: Iterable[str] = (), doc_id: Optional[str] = None) -> None:
        for i in incident_ids:
            self._drop(("i", i))
        if doc_id is not None:
            self._drop(("f", doc_id))

    def clear(self) -> None:
        self._entries.clear()
        self._size = 0
