"""Reading articles: every input form of records.md becomes a `Document`, or a `Skip` saying why not."""
from powderkeg.ingest.document import Document, Skip
from powderkeg.ingest.readers import count_inputs, iter_inputs

__all__ = ["Document", "Skip", "count_inputs", "iter_inputs"]
