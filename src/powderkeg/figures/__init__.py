"""Figures: read from the parsed document next to the events (issue 4)."""
