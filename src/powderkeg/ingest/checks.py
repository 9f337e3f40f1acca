"""Checks on raw input, so that bad input gets a clear reason instead of a stack trace."""
from __future__ import annotations

from typing import Optional

from powderkeg.ingest.encoding import decode
from powderkeg.ingest.language import english_problem
from powderkeg.ingest.limits import MAX_CHARS, too_long

__all__ = ["decode", "english_problem", "text_problem"]


def text_problem(text: str, max_chars: int = MAX_CHARS) -> Optional[str]:
    if not text or not text.strip():
        return "empty text"
    return too_long(text, max_chars) or english_problem(text)
