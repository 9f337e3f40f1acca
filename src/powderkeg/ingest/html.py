"""Article body and title out of a web page, boilerplate removed (trafilatura)."""
from __future__ import annotations

from typing import Optional


def extract_html(html: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """Return (title, body, date) of the article in the page; body None if there is none."""
    import trafilatura  # imported here: only HTML input pays for it

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta and meta.title else None
    date = meta.date if meta and meta.date else None
    if body and len(body.split()) < 5:
        body = None
    return title, body, date
