"""Helpers shared by the tests (imported as `helpers`, not from conftest)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def real(events, type_, src=None, tgt=None):
    """True if a real (not negated, not hypothetical) event of that type and actors was coded."""
    for t, s, g, neg, hyp in events:
        if t == type_ and not neg and not hyp and (src is None or src in s) and (tgt is None or tgt in g):
            return True
    return False
