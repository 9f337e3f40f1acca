"""Document ids: unique and stable across folders, rows and reruns; no two inputs collapse silently.

The id of an article is, in this order: its own `id` (or `doc_id`) field; its `url`; for a .txt or
.html file, its path relative to the folder given (without extension: `a/feed`, `b/feed`); for a row
of a .jsonl or .csv file without either, the file's relative name and a hash of the text
(`feed-3f2a9c1b0d4e`), which does not change when rows move. Within one run, an id seen twice is
reported: the same text again is skipped as a duplicate, other text under a used id is skipped with
a message asking for distinct ids. Memory: about 100 bytes per article read.
"""
from __future__ import annotations

import hashlib
from typing import Iterable, Iterator, Union

from powderkeg.ingest.document import Document, Skip


def _key(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def row_id(stem: str, text: str) -> str:
    return f"{stem}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


def file_id(relative: str) -> str:
    """`a/feed.txt` -> `a/feed` (a file directly given keeps its bare stem)."""
    stem, dot, ext = relative.replace("\\", "/").rpartition(".")
    return stem if dot else relative


def unique(items: Iterable[Union[Document, Skip]]) -> Iterator[Union[Document, Skip]]:
    seen: dict[int, int] = {}
    for item in items:
        if isinstance(item, Document):
            k, h = _key(item.doc_id), _key(item.text)
            prev = seen.get(k)
            if prev is not None:
                where = item.path or item.doc_id
                if prev == h:
                    yield Skip(where, f"duplicate: the same text under id '{item.doc_id}' was already read in this run")
                else:
                    yield Skip(where, f"document id '{item.doc_id}' is used twice in this run with different text; "
                                      f"give each article its own id")
                continue
            seen[k] = h
        yield item
