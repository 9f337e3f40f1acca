"""Size caps: no single input may take minutes or gigabytes.

An article longer than `MAX_CHARS` characters is skipped with a message naming it and its length
(not cut: a cut article would be stored as if it were whole). spaCy's own limit is 1,000,000
characters; analysis time and memory grow with length; a news article is rarely over 30,000
characters, but the Wikinews set holds one of 104,434, so 200,000 leaves room for long reports while
bounding each document to seconds and well under a gigabyte. Files are checked by size before they are read: a .txt or .html file over
`MAX_FILE_BYTES`, or a line of a .jsonl/.csv/standard input over `MAX_LINE_BYTES`, is skipped
without being read into memory. `--max-chars` on `extract` and `ingest` changes the cap.
"""
from __future__ import annotations

from typing import Optional

MAX_CHARS = 200_000
MAX_FILE_BYTES = 20_000_000  # an HTML page carries boilerplate around its article
MAX_LINE_BYTES = 4 * MAX_CHARS + 65_536  # a JSON line: the text (UTF-8, escapes) and its metadata


def too_long(text: str, max_chars: int = MAX_CHARS) -> Optional[str]:
    """The reason an article is over the cap, or None."""
    if len(text) > max_chars:
        return (f"article of {len(text):,} characters is over the {max_chars:,}-character cap "
                f"(split it, or raise the cap with --max-chars)")
    return None


def line_bytes(max_chars: int) -> int:
    return max(MAX_LINE_BYTES, 4 * max_chars + 65_536)


def file_bytes(max_chars: int) -> int:
    return max(MAX_FILE_BYTES, 8 * max_chars)
