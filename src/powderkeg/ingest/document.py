"""The document as the pipeline sees it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Optional


@dataclass
class Document:
    """One article. `text` is the document text as read: the title line, a blank line, then the
    body (unless the body already begins with the title, or the input is a .txt file whose first
    line is the title). Every character span in the output points into this text."""

    doc_id: str
    text: str
    title: Optional[str] = None
    date: Optional[str] = None  # ISO publication date
    url: Optional[str] = None
    source: Optional[str] = None
    path: Optional[str] = None
    title_end: int = 0  # characters [0, title_end) are the title (0: no title)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def from_parts(cls, doc_id: str, body: str, title: Optional[str] = None, **meta) -> "Document":
        """Join title and body into the document text, remembering where the title ends."""
        body = body.strip("\ufeff")
        title = (title or "").strip() or None
        if title and not body.lstrip().startswith(title):
            text = f"{title}\n\n{body}"
            return cls(doc_id=doc_id, text=text, title=title, title_end=len(title), **meta)
        if title:
            start = body.find(title)
            return cls(doc_id=doc_id, text=body, title=title, title_end=start + len(title), **meta)
        return cls(doc_id=doc_id, text=body, **meta)


@dataclass
class Skip:
    """An input that could not be read, with a one-line reason naming it."""

    where: str  # file, or file:line
    reason: str

    def message(self) -> str:
        return f"skipped {self.where}: {self.reason}"
