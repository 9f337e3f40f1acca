"""The benchmark's store multiplier: copies keep every link (events to incidents, incidents to documents)."""
import importlib.util

import duckdb

from .conftest import ROOT
from .test_incidents import SOLEIMANI


def test_multiply_keeps_links(shared_db, tmp_path):
    spec = importlib.util.spec_from_file_location("picture_api", ROOT / "benchmarks" / "picture_api.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = tmp_path / "big.duckdb"
    n = bench.multiply(shared_db, str(out), 2)
    base = duckdb.connect(shared_db, read_only=True)
    big = duckdb.connect(str(out), read_only=True)
    try:
        for t in ("documents", "events", "incidents", "event_incidents", "figures"):
            assert big.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 2 * base.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        assert n == 2 * base.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert big.execute("SELECT count(*) - count(DISTINCT id) FROM events").fetchone()[0] == 0
        dangling = big.execute("SELECT count(*) FROM event_incidents l LEFT JOIN events e ON e.id = l.event_id "
                               "LEFT JOIN incidents i ON i.incident_id = l.incident_id "
                               "WHERE e.id IS NULL OR i.incident_id IS NULL").fetchone()[0]
        assert dangling == 0
        rec = big.execute("SELECT record->>'id', record->>'doc_id', id, doc_id FROM events WHERE id = 'article~1#e1'").fetchone()
        assert rec == ("article~1#e1", "article~1", "article~1#e1", "article~1")
        d0, d1 = (big.execute("SELECT date FROM documents WHERE doc_id = ?", [x]).fetchone()[0]
                  for x in (SOLEIMANI + "~0", SOLEIMANI + "~1"))
        assert (d1 - d0).days == 30
    finally:
        base.close()
        big.close()
