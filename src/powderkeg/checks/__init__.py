"""Checks: statements that contradict reference knowledge or the article itself."""
