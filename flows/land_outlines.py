"""The land behind the report's map: Natural Earth's 1:110m land polygons as plain rings.

    python -m flows.land_outlines path/to/land-110m.json

reads the TopoJSON of the `world-atlas` npm package (Natural Earth's public-domain data, as
TopoJSON) and writes `seeds/natural_earth_land_110m.json`: a list of rings of [lon, lat] to two
decimals, about 100 KB, which the report draws as SVG paths, so the report still opens offline.
Running it again on the same file gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from flows.settings import SEEDS_DIR

LAND_FILE = SEEDS_DIR / "natural_earth_land_110m.json"
NOTICE = (
    "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com (public domain), "
    "1:110m land, as TopoJSON from the world-atlas package (ISC, Copyright 2013-2019 Michael Bostock)."
)


def _decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute [lon, lat]: TopoJSON stores quantised deltas."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            if transform:
                x, y = x + dx, y + dy
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((dx, dy))
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """A ring from its arcs (a negative index ~i is arc i reversed); shared ends kept once."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return [[round(lon, 2), round(lat, 2)] for lon, lat in points]


def land_rings(topology: dict) -> list[list[list[float]]]:
    """The outer and inner rings of every land polygon in the topology's objects."""
    arcs = _decoded_arcs(topology)
    rings = []
    for obj in topology["objects"].values():
        geometries = obj.get("geometries", [obj])
        for geometry in geometries:
            polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            for polygon in polygons:
                rings.extend(_ring(ring, arcs) for ring in polygon)
    return rings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("topojson", type=Path, help="land-110m.json of the world-atlas package")
    parser.add_argument("--out", type=Path, default=LAND_FILE)
    args = parser.parse_args()
    rings = land_rings(json.loads(args.topojson.read_text(encoding="utf-8")))
    payload = {"notice": NOTICE, "rings": rings}
    args.out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rings)} rings, {sum(len(r) for r in rings)} points -> {args.out}")


if __name__ == "__main__":
    main()
