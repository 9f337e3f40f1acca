"""Checks on raw input, so that bad input gets a clear reason instead of a stack trace."""
from __future__ import annotations

import re
from typing import Optional

# The most frequent English function words: real English prose has many of them.
_ENGLISH = set("""the of and to in a is that for on with as was by at it from he said be are has
his have were its an their not this or they which but been after who will had also more than
would over about into we over she her i you up can one when all there no out new two other""".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def decode(raw: bytes) -> tuple[Optional[str], Optional[str]]:
    """Bytes to text, or (None, reason) for binary or non-UTF-8 input."""
    if not raw.strip():
        return None, "empty file"
    if b"\x00" in raw[:8192]:
        return None, "binary file (contains NUL bytes), not text"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return None, f"not UTF-8 text (invalid byte 0x{raw[e.start]:02x} at offset {e.start}); convert it to UTF-8"


def english_problem(text: str) -> Optional[str]:
    """Reason the text is not English prose the pipeline can analyse, or None."""
    words = _WORD.findall(text[:5000])
    if not words:
        return "no words in text"
    latin = sum(1 for w in words if w.isascii())
    if latin / len(words) < 0.5:
        return "not English (mostly non-Latin script)"
    if len(words) >= 12:
        share = sum(1 for w in words if w.lower() in _ENGLISH) / len(words)
        if share < 0.12:
            return f"not English (only {share:.0%} common English words)"
    return None


def text_problem(text: str) -> Optional[str]:
    if not text or not text.strip():
        return "empty text"
    return english_problem(text)
