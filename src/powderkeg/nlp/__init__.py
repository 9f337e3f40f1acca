"""Language processing: the spaCy pipeline, loaded once per process."""
