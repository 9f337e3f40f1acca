"""Evaluation: scoring powderkeg's records against gold annotation files."""
