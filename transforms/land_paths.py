"""Land rings as one SVG path on the report's equirectangular map.

Rings that cross the antimeridian (Chukotka, Fiji) are unwrapped so that they stay whole, then
drawn again 360 degrees to the other side; the SVG's viewport cuts what falls outside. A ring
that goes once around a pole (Antarctica) is closed along the map's edge at that pole, so its
fill covers the land down to the edge rather than a sliver.
"""

from __future__ import annotations

from collections.abc import Sequence

Ring = Sequence[Sequence[float]]


def unwrapped(ring: Ring) -> list[tuple[float, float]]:
    """The ring with longitudes made continuous (a jump of more than 180 degrees is a crossing)."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in ring:
        if out:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    if out and abs(out[-1][0] - out[0][0]) > 180:  # once around a pole: close along its edge
        pole = -90.0 if sum(lat for _, lat in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def land_path(rings: Sequence[Ring], width: float, height: float) -> str:
    """The `d` of one path drawing every ring (use fill-rule evenodd for the lakes)."""
    parts = []
    for ring in rings:
        points = unwrapped(ring)
        if len(points) < 3:
            continue
        lons = [lon for lon, _ in points]
        shifts = [0.0]
        if min(lons) < -180:
            shifts.append(360.0)
        if max(lons) > 180:
            shifts.append(-360.0)
        for shift in shifts:
            xy = [((lon + shift + 180) / 360 * width, (90 - lat) / 180 * height) for lon, lat in points]
            parts.append("M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in xy) + "Z")
    return "".join(parts)
