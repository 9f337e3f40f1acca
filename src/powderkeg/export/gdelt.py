"""The GDELT 2.0 event table: 61 tab-separated columns in GDELT's order, no header (GDELT's files
have none; `header=True` adds one).

One row per incident by default, as GDELT deduplicates an event across its reports: NumArticles and
NumSources count the incident's articles and their distinct sources, NumMentions its tellings, and the
actors, codes and evidence are those of its earliest-reported event; `per_event=True` writes one row per
event instead (NumArticles 1). Mapping (what GDELT has that powderkeg does not is left empty):
- GLOBALEVENTID: a stable 63-bit integer from the incident (or event) id.
- Actor1Code = country + sector ("IRNGOV"), IGO/NGO/IMG/MNC for actors with no country;
  Actor1Type1Code = the sector; Actor1Name = canonical name, upper case as GDELT writes it.
- EventCode/BaseCode/RootCode from the CAMEO code; QuadClass from the root code as GDELT defines it
  (01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict, 14-20 material
  conflict: a CAMEO appeal is verbal cooperation in GDELT although PLOVER's REQUEST is verbal
  conflict, the record's `quad`); GoldsteinScale as coded. AvgTone: empty.
- IsRootEvent: 1 when the evidence is one of the first three sentences (GDELT: the lead paragraph).
- Actor geography: the actor's country (type 1, country centroid from the shipped Natural Earth
  outlines); action geography: the event's location (type 4 city / 1 country), FIPS 10-4 country codes.
- DATEADDED: when the article was ingested (YYYYMMDDHHMMSS); SOURCEURL: the first report's url, or
  `doc:<doc_id>` when the article had none.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date as Date
from typing import IO, Iterator, Optional

from powderkeg import geo
from powderkeg.events.lexicon import quad_class

COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL").split()
assert len(COLUMNS) == 61
NO_COUNTRY = {"IGO", "NGO", "IMG", "MNC"}


def event_id(key: str) -> int:
    return int.from_bytes(hashlib.sha1(key.encode()).digest()[:8], "big") >> 1


def _actor(actors: list[dict]) -> list[str]:
    """The 10 actor columns for the first actor of a side."""
    if not actors:
        return [""] * 10
    a = actors[0]
    country, sector = a.get("country") or "", a.get("sector") or ""
    if country in NO_COUNTRY:
        code, ccode = country + sector, ""
    else:
        code, ccode = country + sector, country
    name = (a.get("name") or a.get("text") or "").upper()
    return [code, name, ccode, "", "", "", "", sector, "", ""]


def _country_geo(actors: list[dict]) -> list[str]:
    c = (actors[0].get("country") if actors else None) or ""
    if not c or c in NO_COUNTRY:
        return [""] * 8
    lat, lon = geo.centroids().get(c, (None, None))
    return ["1", geo.name(c), geo.fips(c), geo.fips(c), "", _num(lat), _num(lon), geo.fips(c)]


def _action_geo(loc: Optional[dict]) -> list[str]:
    if not loc or not loc.get("name"):
        return [""] * 8
    c = loc.get("country") or ""
    country_level = geo.name(c).lower() == loc["name"].lower()
    lat, lon = loc.get("lat"), loc.get("lon")
    if lat is None and c:
        lat, lon = geo.centroids().get(c, (None, None))
    full = loc["name"] if country_level or not c else f"{loc['name']}, {geo.name(c)}"
    return ["1" if country_level else "4", full, geo.fips(c), geo.fips(c), "", _num(lat), _num(lon), ""]


def _num(x) -> str:
    if x is None:
        return ""
    return f"{x:.4f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x)


def _date_cols(d: Optional[Date]) -> list[str]:
    if d is None:
        return ["", "", "", ""]
    frac = d.year + (d.timetuple().tm_yday - 1) / 365.0
    return [d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year), f"{frac:.4f}"]


def row(rec: dict, day: Optional[Date], key: str, mentions: int, sources: int, articles: int,
        added, url: Optional[str]) -> list[str]:
    cameo = rec.get("cameo") or ""
    out = [str(event_id(key)), *_date_cols(day), *_actor(rec.get("source") or []), *_actor(rec.get("target") or []),
           "1" if (rec.get("sentence_index") or 0) < 3 else "0", cameo, cameo[:3], cameo[:2],
           _num(quad_class(cameo) or rec.get("quad")), _num(rec.get("goldstein")), str(mentions), str(sources), str(articles), "",
           *_country_geo(rec.get("source") or []), *_country_geo(rec.get("target") or []),
           *_action_geo(rec.get("location")), added.strftime("%Y%m%d%H%M%S") if added else "",
           url or f"doc:{rec['doc_id']}"]
    assert len(out) == 61
    return [c.replace("\t", " ").replace("\n", " ") for c in out]


def rows(con, per_event: bool = False) -> Iterator[list[str]]:
    if per_event:
        q = ("SELECT e.id, e.record, coalesce(e.date, d.date), d.ingested_at, d.url, "
             "coalesce(CAST(e.record->>'mentions' AS INTEGER), 1), 1, 1 FROM events e JOIN documents d USING (doc_id) "
             "WHERE NOT e.negated AND NOT e.hypothetical ORDER BY coalesce(e.date, d.date), e.id")
    else:
        q = ("SELECT i.incident_id, e.record, i.date, d.ingested_at, coalesce(i.source_url, d.url), i.n_mentions, "
             "(SELECT count(DISTINCT coalesce(d2.source, d2.doc_id)) FROM documents d2 WHERE list_contains(i.doc_ids, d2.doc_id)), "
             "i.n_articles FROM incidents i JOIN events e ON e.id = i.event_ids[1] JOIN documents d ON d.doc_id = e.doc_id "
             "ORDER BY i.date, i.incident_id")
    for key, rec, day, added, url, mentions, sources, articles in con.execute(q).fetchall():
        yield row(json.loads(rec), day, key, mentions or 1, sources or 1, articles or 1, added, url)


def write(con, out: IO[str], per_event: bool = False, header: bool = False) -> int:
    n = 0
    if header:
        out.write("\t".join(COLUMNS) + "\n")
    for r in rows(con, per_event):
        out.write("\t".join(r) + "\n")
        n += 1
    return n
