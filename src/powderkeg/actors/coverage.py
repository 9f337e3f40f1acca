"""How completely people.yaml (plus the refresh overlay) covers the offices the KB promises.

The resolver dates a person's sector and country by the office held on the article's date, so a
day on which no holder of, say, Iraq's defence portfolio is listed is a day on which "the Iraqi
defence minister Thabit al-Abbasi" falls back to NER guesses. This module measures that promise:
for every required state and role, the days between 2015-01-01 and the data's as-of date that no
office covers (gaps), and the pairs of holders of one role whose terms overlap by more than a few
days (usually a wrong end date). Run `powderkeg kb coverage [--json]`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Optional

from powderkeg.actors import build

START = date(2015, 1, 1)
G20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
       "SAU", "ZAF", "TUR", "GBR", "USA"]
MENA = ["DZA", "BHR", "EGY", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "LBY", "MAR", "OMN", "PSE", "QAT",
        "SAU", "SYR", "TUN", "ARE", "YEM", "TUR"]
# IGO members of the G20; the people file puts them under country IGO, told apart by the office note.
IGOS = {"EU": ("European", "EU "), "AU": ("African Union",)}
ROLES = ["head_of_state", "head_of_government", "foreign_minister", "defence_minister", "military_chief"]
IGO_ROLES = ["head_of_state", "head_of_government", "foreign_minister"]
# States whose head of state also heads the government (no distinct head_of_government), from the
# given date on (None: the whole period).
NO_DISTINCT_HOG: dict[str, Optional[date]] = {
    "USA": None, "ARG": None, "BRA": None, "MEX": None, "IDN": None, "ZAF": None,
    "OMN": None,  # the Sultan is also prime minister
    "TUR": date(2018, 7, 9),
    "SYR": date(2025, 3, 30),  # the March 2025 transitional government has no prime minister
}
OVERLAP_TOLERANCE = 7  # days two successive holders may both be listed (hand-over, inauguration)
# Overlaps the notes explain are not errors: an acting holder while the incumbent is suspended, a
# rival authority (Libya's eastern government, Yemen's Houthis), or two distinct named posts mapped
# to one role (Iran's armed-forces chief of staff, IRGC and Quds Force commanders).
PARALLEL = re.compile(r"acting|suspended|interim|caretaker|deputy|rival|eastern|western|Houthi|Sana'a|Tripoli|"
                      r"parallel|de facto|claimed|in exile", re.I)


def required_states() -> list[str]:
    """G20 then MENA, each once, then the IGOs."""
    out: list[str] = []
    for c in G20 + MENA:
        if c not in out:
            out.append(c)
    return out + list(IGOS)


def _d(v) -> Optional[date]:
    day = build.iso_day(v)  # "2016" or "2016-05" written by hand are read, not a crash
    return date.fromisoformat(day) if day else None


@dataclass
class Term:
    person: str
    start: date
    end: date  # inclusive; as-of date for an incumbent
    note: str = ""


@dataclass
class Cell:
    """One (state, role): its terms, the uncovered days and the suspicious overlaps."""
    state: str
    role: str
    days: int
    gaps: list[tuple[date, date]] = field(default_factory=list)
    overlaps: list[tuple[str, str, date, date]] = field(default_factory=list)

    @property
    def gap_days(self) -> int:
        return sum((b - a).days + 1 for a, b in self.gaps)

    def to_dict(self) -> dict:
        return {"state": self.state, "role": self.role, "days": self.days, "gap_days": self.gap_days,
                "gaps": [[a.isoformat(), b.isoformat()] for a, b in self.gaps],
                "overlaps": [{"a": a, "b": b, "from": s.isoformat(), "to": e.isoformat(), "days": (e - s).days + 1}
                             for a, b, s, e in self.overlaps]}


def _igo_of(office: dict) -> Optional[str]:
    note = str(office.get("note") or "")
    for code, marks in IGOS.items():
        if any(m in note for m in marks):
            return code
    return None


def terms(people: Iterable[dict], as_of: date) -> dict[tuple[str, str], list[Term]]:
    """(state, role) -> terms overlapping the period, from the people entries."""
    out: dict[tuple[str, str], list[Term]] = {}
    for p in people:
        for o in p.get("offices") or []:
            if not isinstance(o, dict) or o.get("role") not in ROLES:
                continue
            country = o.get("country") or p.get("country")
            if country == "IGO":
                country = _igo_of(o)
            if _d(o.get("from")) is None:
                continue  # an office with no start says nothing about which days it covers
            start, end = _d(o.get("from")), _d(o.get("to")) or as_of
            if not country or end < START or start > as_of:
                continue
            out.setdefault((country, o["role"]), []).append(
                Term(p.get("name") or "?", max(start, START), min(end, as_of), str(o.get("note") or "")))
    return out


def as_of_date(people: Iterable[dict]) -> date:
    """The latest date the data mentions (the curators' horizon), never later than today."""
    latest = START
    for p in people:
        for o in p.get("offices") or []:
            for k in ("from", "to"):
                d = _d(o.get(k)) if isinstance(o, dict) else None
                if d and d > latest:
                    latest = d
    return min(latest, date.today())


def _explained(a: Term, b: Term) -> bool:
    if PARALLEL.search(a.note) or PARALLEL.search(b.note):
        return True
    post = [re.split(r"[;(]", t.note)[0].strip() for t in (a, b)]
    return all(p[:1].isupper() for p in post) and post[0] != post[1]


def _cell(state: str, role: str, ts: list[Term], start: date, end: date) -> Cell:
    cell = Cell(state, role, (end - start).days + 1)
    cursor = start
    for t in sorted(ts, key=lambda t: t.start):
        if t.start > cursor:
            cell.gaps.append((cursor, min(t.start - timedelta(days=1), end)))
        cursor = max(cursor, t.end + timedelta(days=1))
        if cursor > end:
            break
    if cursor <= end:
        cell.gaps.append((cursor, end))
    ordered = sorted(ts, key=lambda t: (t.start, t.end))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            s, e = max(a.start, b.start), min(a.end, b.end)
            if a.person != b.person and (e - s).days + 1 > OVERLAP_TOLERANCE and not _explained(a, b):
                cell.overlaps.append((a.person, b.person, s, e))
    return cell


def report(people: Optional[list[dict]] = None, as_of: Optional[date] = None) -> list[Cell]:
    """Every required (state, role) cell; IGOs only if the data has any of their offices."""
    people = build.load_people() if people is None else people
    as_of = as_of or as_of_date(people)
    by_cell = terms(people, as_of)
    cells = []
    for state in required_states():
        roles = IGO_ROLES if state in IGOS else ROLES
        if state in IGOS and not any(k[0] == state for k in by_cell):
            continue
        for role in roles:
            end = as_of
            if role == "head_of_government" and state in NO_DISTINCT_HOG:
                since = NO_DISTINCT_HOG[state]
                if since is None or since <= START:
                    continue
                end = min(as_of, since - timedelta(days=1))
            cells.append(_cell(state, role, by_cell.get((state, role), []), START, end))
    return cells


def total_coverage(cells: list[Cell]) -> float:
    days = sum(c.days for c in cells)
    return 1.0 - sum(c.gap_days for c in cells) / days if days else 1.0


ABBR = {"head_of_state": "HoS", "head_of_government": "HoG", "foreign_minister": "FM",
        "defence_minister": "DM", "military_chief": "MIL"}


def format_table(cells: list[Cell], as_of: date) -> str:
    """One line per state: uncovered days per role ('-' not required), then the overlaps."""
    lines = [f"coverage {START} .. {as_of} (uncovered days per role; '-' = not required)",
             f"{'state':<6}" + "".join(f"{ABBR[r]:>7}" for r in ROLES) + "   cover"]
    states = list(dict.fromkeys(c.state for c in cells))
    for s in states:
        mine = {c.role: c for c in cells if c.state == s}
        row = "".join(f"{(str(mine[r].gap_days) if r in mine else '-'):>7}" for r in ROLES)
        lines.append(f"{s:<6}{row}  {100 * total_coverage(list(mine.values())):5.1f}%")
    overlaps = [(c, o) for c in cells for o in c.overlaps]
    if overlaps:
        lines.append("overlaps (same role, different holders, > %d days):" % OVERLAP_TOLERANCE)
        for c, (a, b, s, e) in overlaps:
            lines.append(f"  {c.state} {ABBR[c.role]}: {a} / {b}: {s} .. {e} ({(e - s).days + 1} days)")
    worst = sorted(cells, key=lambda c: -c.gap_days)[:10]
    lines.append("largest gaps: " + "; ".join(
        f"{c.state} {ABBR[c.role]} {c.gap_days}d" for c in worst if c.gap_days))
    lines.append(f"total coverage: {100 * total_coverage(cells):.1f}% of {sum(c.days for c in cells)} "
                 f"state-role-days in {len(cells)} cells; {sum(len(c.overlaps) for c in cells)} overlaps")
    return "\n".join(lines)
