"""Consistency checker. Filled in by issue 4; flags nothing yet."""
from __future__ import annotations


class Checker:
    def __init__(self, kb) -> None:
        self.kb = kb

    def check(self, **ctx) -> list:
        return []
