"""The report's land: TopoJSON arcs decoded into rings, and rings drawn across the antimeridian
and around a pole."""

from __future__ import annotations

import json

from flows.land_outlines import LAND_FILE, land_rings
from transforms.land_paths import land_path, unwrapped

# A quantised topology of one square island, its two arcs the second one reversed.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "objects": {"land": {"type": "GeometryCollection", "geometries": [{"type": "MultiPolygon", "arcs": [[[0, ~1]]]}]}},
    "arcs": [[[0, 0], [2, 0], [0, 2]], [[0, 0], [0, 2], [2, 0]]],
}


def test_arcs_are_decoded_and_joined_into_a_ring():
    assert land_rings(TOPOLOGY) == [[[10, 20], [11, 20], [11, 21], [10, 21], [10, 20]]]


def test_a_ring_across_the_antimeridian_stays_whole_and_is_drawn_on_both_sides():
    fiji = [[179.0, -16.0], [-179.5, -16.5], [-179.0, -17.0], [179.5, -17.0], [179.0, -16.0]]
    lons = [lon for lon, _ in unwrapped(fiji)]
    assert max(lons) - min(lons) < 5  # no stroke across the whole map
    assert land_path([fiji], 360, 180).count("M") == 2  # once at the right edge, once at the left


def test_a_ring_around_the_pole_is_closed_along_the_map_edge():
    band = [[-180.0, -70.0], [-90.0, -68.0], [0.0, -69.0], [90.0, -70.0], [179.0, -70.0]]
    points = unwrapped(band)
    assert points[-2:] == [(179.0, -90.0), (-180.0, -90.0)]


def test_the_shipped_land_has_the_continents():
    data = json.loads(LAND_FILE.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["notice"] and len(data["rings"]) > 100
    points = [p for ring in data["rings"] for p in ring]
    assert any(abs(lon - 18.4) < 2 and abs(lat + 34) < 1.5 for lon, lat in points)  # the Cape of Good Hope
