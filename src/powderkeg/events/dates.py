"""Event dates resolved from the sentence and the publication date.

Explicit dates ("January 4, 2019", "4 March") take the publication year when they lack one;
weekdays ("on Tuesday") are the latest such day on or before publication; "yesterday", "today",
"last night" are relative to publication. Otherwise an event is dated by its publication date,
and `date_source` says which it was.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")


def resolve(sentence: str, pub: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(ISO date, how it was found: 'text' | 'publication') for an event told in `sentence`."""
    pubd = _parse(pub)
    low = sentence.lower()
    found = _explicit(sentence, pubd)
    if found:
        return found.isoformat(), "text"
    if pubd is not None:
        if re.search(r"\byesterday\b|\blast night\b", low):
            return (pubd - dt.timedelta(days=1)).isoformat() if pubd > dt.date.min else pubd.isoformat(), "text"
        if re.search(r"\btoday\b|\bthis (morning|afternoon|evening)\b|\btonight\b", low):
            return pubd.isoformat(), "text"
        m = re.search(r"\b(?:on|last|this|early|late)?\s*(" + "|".join(WEEKDAYS) + r")\b", low)
        if m:
            wd = WEEKDAYS.index(m.group(1))
            delta = min((pubd.weekday() - wd) % 7, (pubd - dt.date.min).days)  # never before year 1
            return (pubd - dt.timedelta(days=delta)).isoformat(), "text"
        return pubd.isoformat(), "publication"
    return None, None


def _explicit(sentence: str, pubd: Optional[dt.date]) -> Optional[dt.date]:
    for rx, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        for m in rx.finditer(sentence):
            a, b, y = m.group(1), m.group(2), m.group(3)
            month_s, day_s = (a, b) if order == "md" else (b, a)
            month = MONTHS.get(month_s.lower())
            if not month or not day_s.isdigit():
                continue
            year = int(y) if y else (pubd.year if pubd else None)
            if year is None:
                continue
            try:
                d = dt.date(year, month, int(day_s))
            except ValueError:
                continue
            if not y and pubd and pubd < dt.date.max - dt.timedelta(days=31) and d > pubd + dt.timedelta(days=31):
                try:
                    d = d.replace(year=year - 1)  # "December 30" in a January article
                except ValueError:  # "February 29": the year before has none; keep the leap year's
                    pass
            return d
    return None


def _parse(pub: Optional[str]) -> Optional[dt.date]:
    if not pub:
        return None
    try:
        return dt.date.fromisoformat(pub[:10])
    except ValueError:
        return None
