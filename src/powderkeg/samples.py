"""Sample articles shipped inside the package, so the demo runs on a fresh clone."""
from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"


def seed_article() -> Path:
    return SAMPLES / "seed_article.txt"
