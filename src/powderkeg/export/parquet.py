"""A Parquet dataset of every record kind, Hive-partitioned by date, written by DuckDB's COPY:

    OUT/<kind>/date=YYYY-MM-DD/data_0.parquet     kind: documents events figures stances relations flags incidents

`date` (the partition key, a string YYYY-MM-DD) is the record's own date, else its article's publication
date, and `unknown` when neither is known (a NULL partition would trip pyarrow's dictionary unification).
The record's own date is kept beside it as a DATE column (`event_date`, `figure_date`, ...). Every table keeps its columns; `record`
(the full JSON record) is written as a string. Read back with
`duckdb.sql("SELECT * FROM read_parquet('OUT/events/*/*.parquet', hive_partitioning=true)")`,
`pandas.read_parquet("OUT/events")`, `polars.read_parquet("OUT/events/**/*.parquet")` or Spark's
`spark.read.parquet("OUT/events")`.
"""
from __future__ import annotations

import shutil
from pathlib import Path

# kind -> SELECT giving its rows plus the partition column `date` (no string building from input)
QUERIES = {
    "documents": "SELECT * EXCLUDE (date), date AS published, date FROM documents",
    "events": "SELECT e.* EXCLUDE (date, record), CAST(e.record AS VARCHAR) AS record, e.date AS event_date, "
              "coalesce(e.date, d.date) AS date FROM events e JOIN documents d USING (doc_id)",
    "figures": "SELECT f.* EXCLUDE (date, record), CAST(f.record AS VARCHAR) AS record, f.date AS figure_date, "
               "coalesce(f.date, d.date) AS date FROM figures f JOIN documents d USING (doc_id)",
    "stances": "SELECT s.* EXCLUDE (date, record), CAST(s.record AS VARCHAR) AS record, s.date AS stance_date, "
               "coalesce(s.date, d.date) AS date FROM stances s JOIN documents d USING (doc_id)",
    "relations": "SELECT r.* EXCLUDE (record), CAST(r.record AS VARCHAR) AS record, d.date AS date "
                 "FROM relations r JOIN documents d USING (doc_id)",
    "flags": "SELECT x.* EXCLUDE (record), CAST(x.record AS VARCHAR) AS record, d.date AS date "
             "FROM flags x JOIN documents d USING (doc_id)",
    "incidents": "SELECT * EXCLUDE (date, casualties), CAST(casualties AS VARCHAR) AS casualties, date AS incident_date, "
                 "date FROM incidents",
}


def write(con, out: str) -> dict[str, int]:
    root = Path(out)
    counts = {}
    for kind, q in QUERIES.items():
        target = root / kind
        if target.exists():
            shutil.rmtree(target)
        n = con.execute(f"SELECT count(*) FROM ({q})").fetchone()[0]
        counts[kind] = n
        target.mkdir(parents=True, exist_ok=True)
        if n == 0:
            continue
        # the path is ours, quoted as a SQL string literal (COPY takes no parameter for its target)
        path = str(target).replace("'", "''")
        con.execute(f"COPY (SELECT * EXCLUDE (date), coalesce(strftime(date, '%Y-%m-%d'), 'unknown') AS date "
                    f"FROM ({q})) TO '{path}' (FORMAT PARQUET, PARTITION_BY (date), OVERWRITE_OR_IGNORE)")
    return counts
