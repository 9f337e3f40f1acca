"""Article body and title out of a web page, boilerplate removed (trafilatura)."""
from __future__ import annotations

from typing import Optional


def extract_html(html: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """Return (title, body, date) of the article in the page; body None if there is none."""
    import trafilatura  # imported here: only HTML input pays for it

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    from htmldate import find_date  # trafilatura's own date finder

    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta and meta.title else None
    # only dates the page states as its own (meta tags, <time>, structured data): the extensive
    # search would take a "Copyright 2024" footer for a publication date of 2024-01-01, and a wrong
    # date moves every relative date ("on Tuesday") of the article
    date = find_date(html, extensive_search=False, original_date=True)
    if body and len(body.split()) < 5:
        body = None
    return title, body, date
