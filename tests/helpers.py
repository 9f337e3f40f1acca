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


def wikinews_jsonl(folder: Path, n: int) -> Path:
    """The first `n` real Wikinews articles of 2019 as JSON Lines in `folder` (ids from their urls):
    the corpus of the worker, crash and cluster tests."""
    import csv
    import json

    csv.field_size_limit(10**8)
    with open(ROOT / "data" / "wikinews" / "wikinews_2019.csv", encoding="utf-8", newline="") as f:
        rows = [r for r, _ in zip(csv.DictReader(f), range(n))]
    p = folder / "wn.jsonl"
    p.write_text("".join(json.dumps({"url": r["url"], "date": r["date"], "title": r["title"], "text": r["text"]}) + "\n"
                         for r in rows), encoding="utf-8")
    return p
