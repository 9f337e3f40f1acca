"""Figures the article reports (killed, injured, ...). Filled in by issue 4; returns none yet."""
from __future__ import annotations


class FigureReader:
    def read(self, **ctx) -> list:
        return []
