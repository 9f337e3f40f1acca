"""Import office-holders from a Wikidata SPARQL result into the people overlay.

people.yaml is curated by hand and stops at about October 2025; this machine cannot reach
Wikidata. A user with internet runs the query in docs/kb_refresh.md on query.wikidata.org,
downloads the JSON result and runs `powderkeg kb import-wikidata RESULTS.json`. This module turns
the rows into an overlay in the people.yaml format holding only what would change the KB (new
people, new offices, end dates of incumbents, QIDs), so a reviewer reads a short diff and
build.py merges it over the curated file (build.merge_people: qid first, then normalized name;
the overlay wins on end dates).

Each row carries ?person, ?personLabel, ?position, ?country (ISO alpha-3, P298), ?start (P580),
optional ?end (P582), ?startPrecision, ?endPrecision, ?gender, and ?class (the class the query
matched the position by) or an explicit ?role literal. Roles come from ?role, else POSITION_ROLES
(one position item), else CLASS_ROLES (a class item); rows that map to no role are skipped.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Optional

import yaml

from powderkeg.actors import build

START = "2015-01-01"
# Class items the query matches positions by (docs/kb_refresh.md). The head-of-state and
# head-of-government arms use the country's P1906/P1313 and BIND these two classes.
CLASS_ROLES: dict[str, str] = {
    "Q48352": "head_of_state",        # head of state
    "Q2285706": "head_of_government",  # head of government
    "Q7330070": "foreign_minister",   # minister of foreign affairs
    "Q2518691": "defence_minister",   # minister of defence
}
# Single position items whose class is missing or misleading in Wikidata. Wikidata has no class
# that reliably means "armed-forces chief"; add chiefs-of-staff positions here (or bind ?role in
# the query) after checking their items.
POSITION_ROLES: dict[str, str] = {}
ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "military_chief"}
GENDER = {"Q6581097": "m", "Q6581072": "f"}
DAY_PRECISION = 11  # Wikidata time precision: 9 year, 10 month, 11 day


def _qid(cell: Optional[dict]) -> Optional[str]:
    v = (cell or {}).get("value") or ""
    q = v.rsplit("/", 1)[-1]
    return q if q[:1] == "Q" and q[1:].isdigit() else None


def _val(row: dict, key: str) -> Optional[str]:
    v = (row.get(key) or {}).get("value")
    return str(v).strip() if v not in (None, "") else None


def _approx(row: dict, key: str) -> bool:
    p = _val(row, key)
    return p is not None and p.isdigit() and int(p) < DAY_PRECISION


def role_of(row: dict) -> Optional[str]:
    r = _val(row, "role")
    if r in ROLES:
        return r
    pos = _qid(row.get("position"))
    if pos in POSITION_ROLES:
        return POSITION_ROLES[pos]
    return CLASS_ROLES.get(_qid(row.get("class")) or "")


def read_rows(results: dict[str, Any]) -> tuple[list[dict], Counter]:
    """SPARQL JSON results -> office rows {qid, name, gender, country, position, role, from, to, approx}."""
    stats: Counter = Counter()
    rows = []
    for b in (results.get("results") or {}).get("bindings") or []:
        qid, name = _qid(b.get("person")), _val(b, "personLabel")
        role, country, start = role_of(b), _val(b, "country"), build.iso_day(_val(b, "start"))
        if not qid or not name or name == qid:
            stats["skipped (no person or English label)"] += 1
            continue
        if not role or not country or len(country) != 3 or not start:
            stats["skipped (no role, country or start)"] += 1
            continue
        end = build.iso_day(_val(b, "end"))
        if end and end < START:
            continue
        rows.append({"qid": qid, "name": name, "gender": GENDER.get(_qid(b.get("gender")) or ""),
                     "country": country.upper(), "position": _qid(b.get("position")), "role": role,
                     "from": start, "to": end, "approx": _approx(b, "startPrecision"),
                     "to_approx": bool(end) and _approx(b, "endPrecision")})
    # A position that is the country's head of state is not also its head of government (KB
    # convention: the US president is head_of_state only).
    hos = {(r["country"], r["position"]) for r in rows if r["role"] == "head_of_state"}
    kept = [r for r in rows if not (r["role"] == "head_of_government" and (r["country"], r["position"]) in hos)]
    stats["rows"] = len(kept)
    return kept, stats


def _merge_terms(offices: list[dict]) -> list[dict]:
    """Successive statements of one office (re-elections, one per term) become one term."""
    out: list[dict] = []
    for o in sorted(offices, key=lambda o: (o["role"], o["country"], o["from"])):
        prev = out[-1] if out else None
        if prev and build.same_term(prev, o, prev["country"], o["country"]):
            prev["to"] = None if prev["to"] is None or o["to"] is None else max(prev["to"], o["to"])
            continue
        out.append(dict(o))
    return sorted(out, key=lambda o: o["from"])


def people_from_rows(rows: list[dict]) -> list[dict]:
    """One people.yaml entry per person, with merged terms."""
    by_person: dict[str, list[dict]] = {}
    for r in rows:
        by_person.setdefault(r["qid"], []).append(r)
    people = []
    for qid, rs in by_person.items():
        country = Counter(r["country"] for r in rs).most_common(1)[0][0]
        offices = []
        for o in _merge_terms(rs):
            off: dict[str, Any] = {"role": o["role"], "sector": "MIL" if o["role"] == "military_chief" else "GOV",
                                   "from": o["from"], "to": o["to"]}
            if o["approx"]:
                off["approx"] = True
            if o.get("to_approx"):
                off["to_approx"] = True  # a year- or month-precision end: does not overrule an exact curated one
            if o["country"] != country:
                off["country"] = o["country"]
            offices.append(off)
        people.append({"name": rs[0]["name"], "aliases": [], "country": country, "gender": rs[0]["gender"],
                       "qid": qid, "offices": offices})
    return people


def changes(base: list[dict], imported: list[dict]) -> list[dict]:
    """The imported entries that would change the KB when merged over `base`: new people, new
    offices, new end dates, new QIDs. Unchanged ones are dropped so the overlay stays reviewable."""
    def key(p: dict) -> str:
        return json.dumps({"qid": p.get("qid"), "offices": p.get("offices"), "aliases": p.get("aliases")},
                          sort_keys=True, default=str)

    before = [key(p) for p in base]
    out = []
    for q in imported:
        merged = build.merge_people(base, [q])
        if len(merged) > len(base) or any(key(m) != b for m, b in zip(merged, before)):
            out.append(q)
    return out


def import_file(results_path: Path, out: Path) -> dict[str, int]:
    """Read a SPARQL JSON result, write the overlay of what changes the curated people.yaml."""
    results = json.loads(results_path.read_text(encoding="utf-8"))
    rows, stats = read_rows(results)
    imported = people_from_rows(rows)
    base = build.merge_people(build.load_kb_file("people.yaml"), [])
    overlay = changes(base, imported)
    header = (f"# powderkeg people overlay: written by `powderkeg kb import-wikidata {results_path.name}` on "
              f"{date.today().isoformat()}.\n# Merged over people.yaml by build.py (qid, then normalized name; "
              "this file wins on end dates). Review, then `powderkeg kb build`.\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(header + yaml.safe_dump(overlay, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    stats["people"] = len(imported)
    stats["people written (changing the KB)"] = len(overlay)
    return dict(stats)
