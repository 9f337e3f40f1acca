"""Running the pipeline over many inputs: worker processes, progress, the extract and ingest commands."""
