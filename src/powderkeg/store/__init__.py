"""Storage: DuckDB, an embedded file with no server (schema in schema.sql)."""
