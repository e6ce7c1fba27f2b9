"""`eventwire report`: one self-contained HTML page about the warehouse, readable offline.

Everything is inline (CSS and SVG drawn here; no script, no font, no tile, no CDN), so the file
opens on a laptop without a network and can be mailed. It shows events per day by type, the
top actor pairs, casualties by country, and a map of event locations (an equirectangular
projection with a graticule over Natural Earth's land, shipped in `seeds/` (see
flows/land_outlines.py): places as circles sized by their number of events).
"""

from __future__ import annotations

import html
import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from flows.land_outlines import LAND_FILE
from flows.settings import SQL_DIR
from transforms.land_paths import land_path

_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
_CSS = """body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left}td.n{text-align:right}
.legend span{display:inline-block;margin-right:1em}
.legend i{display:inline-block;width:.8em;height:.8em;margin-right:.3em}
svg text{font-size:11px;fill:#444}"""


def _rows(con: duckdb.DuckDBPyConnection, name: str) -> list[dict]:
    rel = con.sql((SQL_DIR / "report" / f"{name}.sql").read_text(encoding="utf-8"))
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _per_day(rows: list[dict]) -> str:
    """Stacked bars: events per day, one colour per event type (the eight commonest, then other)."""
    if not rows:
        return "<p>No dated events.</p>"
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["event_type"]] = totals.get(r["event_type"], 0) + r["n_events"]
    types = [t for t, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:8]]
    seen = sorted({r["event_date"] for r in rows})
    days = [seen[0] + timedelta(days=n) for n in range((seen[-1] - seen[0]).days + 1)]  # quiet days too
    stacks: dict[object, dict[str, int]] = {d: {} for d in days}
    for r in rows:
        kind = r["event_type"] if r["event_type"] in types else "other"
        stacks[r["event_date"]][kind] = stacks[r["event_date"]].get(kind, 0) + r["n_events"]
    width, height, pad = 1000, 260, 30
    top = max(sum(s.values()) for s in stacks.values())
    bar = (width - 2 * pad) / len(days)
    parts = [f'<svg viewBox="0 0 {width} {height + 40}" width="100%" role="img" aria-label="events per day">']
    for i, day in enumerate(days):
        y = height
        for k, kind in enumerate([*types, "other"]):
            n = stacks[day].get(kind, 0)
            if not n:
                continue
            h = (height - pad) * n / top
            y -= h
            x = pad + i * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar - 1, 1):.1f}" height="{h:.1f}" '
                f'fill="{_COLOURS[k % len(_COLOURS)]}"><title>{_esc(day)} {_esc(kind)}: {n}</title></rect>'
            )
    parts.append(f'<text x="{pad}" y="{height + 15}">{_esc(days[0])}</text>')
    parts.append(f'<text x="{width - pad}" y="{height + 15}" text-anchor="end">{_esc(days[-1])}</text>')
    parts.append(f'<text x="{pad}" y="{pad - 8}">{top} events on the busiest day</text></svg>')
    legend = "".join(
        f'<span><i style="background:{_COLOURS[k % len(_COLOURS)]}"></i>{_esc(t)}</span>'
        for k, t in enumerate([*types, "other"])
    )
    return "".join(parts) + f'<p class="legend">{legend}</p>'


def _table(rows: list[dict], columns: list[str]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_esc(r[c])}</td>' if isinstance(r[c], int | float) else f"<td>{_esc(r[c])}</td>"
            for c in columns
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _casualty_bars(rows: list[dict]) -> str:
    if not rows:
        return "<p>No casualties recorded.</p>"
    width, line = 700, 22
    top = max(r["killed"] + r["injured"] for r in rows) or 1
    parts = [f'<svg viewBox="0 0 {width} {line * len(rows) + 10}" width="{width}" role="img" aria-label="casualties">']
    for i, r in enumerate(rows):
        y = i * line + 5
        k = (width - 200) * r["killed"] / top
        j = (width - 200) * r["injured"] / top
        parts.append(f'<text x="0" y="{y + 14}">{_esc(r["country_iso3"])}</text>')
        parts.append(f'<rect x="60" y="{y}" width="{k:.1f}" height="16" fill="#e15759"/>')
        parts.append(f'<rect x="{60 + k:.1f}" y="{y}" width="{j:.1f}" height="16" fill="#f28e2b"/>')
        parts.append(f'<text x="{66 + k + j:.1f}" y="{y + 14}">{r["killed"]} killed, {r["injured"]} injured</text>')
    parts.append("</svg>")
    return "".join(parts)


def _land(width: int, height: int) -> str:
    """Natural Earth's land as one filled path (nothing where the seeds file is missing)."""
    try:
        rings = json.loads(LAND_FILE.read_text(encoding="utf-8"))["rings"]
    except (OSError, ValueError, KeyError):
        return ""
    d = land_path(rings, width, height)
    return f'<path d="{d}" fill="#dfe6d5" stroke="#b7c2ad" stroke-width=".5" fill-rule="evenodd"/>'


def _map(rows: list[dict]) -> str:
    """Places on an equirectangular projection, over the land, with a 30-degree graticule."""
    width, height = 1000, 500
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="map of event locations">']
    parts.append(f'<rect width="{width}" height="{height}" fill="#eef3f7"/>')
    parts.append(_land(width, height))
    for lon in range(-180, 181, 30):
        x = (lon + 180) / 360 * width
        parts.append(f'<line x1="{x:.0f}" y1="0" x2="{x:.0f}" y2="{height}" stroke="#c5d2dd" stroke-opacity=".6"/>')
    for lat in range(-90, 91, 30):
        y = (90 - lat) / 180 * height
        parts.append(f'<line x1="0" y1="{y:.0f}" x2="{width}" y2="{y:.0f}" stroke="#c5d2dd" stroke-opacity=".6"/>')
    top = max((r["n_events"] for r in rows), default=1)
    for r in rows:
        x = (r["lon"] + 180) / 360 * width
        y = (90 - r["lat"]) / 180 * height
        radius = 3 + 12 * math.sqrt(r["n_events"] / top)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#e15759" fill-opacity=".55" stroke="#a33">'
            f"<title>{_esc(r['place'])} ({_esc(r['country_iso3'])}): {r['n_events']} events, "
            f"{r['killed']} killed</title></circle>"
        )
    for r in rows[:12]:
        x = (r["lon"] + 180) / 360 * width
        y = (90 - r["lat"]) / 180 * height
        parts.append(f'<text x="{x + 6:.1f}" y="{y - 6:.1f}">{_esc(r["place"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(db_path: Path) -> str:
    """The report's HTML for the warehouse at `db_path` (opened read-only)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        per_day = _rows(con, "events_per_day_by_type")
        dyads = _rows(con, "top_actor_pairs")
        casualties = _rows(con, "casualties_by_country")
        places = _rows(con, "places_on_the_map")
        totals = _rows(con, "totals")[0]
    finally:
        con.close()
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eventwire report</title><style>{_CSS}</style></head>
<body>
<h1>eventwire report</h1>
<p>{totals["n_articles"]} articles, {totals["n_events"]} events in {totals["n_clusters"]} real-world events,
{totals["killed"]} killed and {totals["injured"]} injured (each event's highest count). Made {made}
from <code>{_esc(db_path.name)}</code>.</p>
<h2>Events per day, by type (the last 90 days of data)</h2>
{_per_day(per_day)}
<h2>Top actor pairs</h2>
{_table(dyads, ["source_actor", "source_country", "target_actor", "target_country", "n_events", "killed"])}
<h2>Casualties by country</h2>
{_casualty_bars(casualties)}
<h2>Where</h2>
{_map(places)}
</body></html>
"""


def write_report(db_path: Path, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(db_path), encoding="utf-8")
    return out
