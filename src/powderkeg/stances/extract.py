"""Stances actors take on issues. Filled in by issue 4; returns none yet."""
from __future__ import annotations


class StanceReader:
    def read(self, **ctx) -> list:
        return []
