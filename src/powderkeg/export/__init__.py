"""Exports of the store: GDELT 2.0 event table, PLOVER JSON, a Parquet dataset (`powderkeg export`)."""
