"""Orchestration: Prefect flows and tasks, I/O, the warehouse writer and the CLI."""

import os

# DuckDB's allocator (jemalloc, on Linux) keeps the pages a query freed for ten seconds before it
# gives them back; the writer's reclustering (polars) runs right after its SQL, so the two peaks
# stacked and the flow's memory rose with what the SQL had read (bench.scale). Pages are given back
# as they are freed; read by DuckDB when it first allocates, so it is set before anything imports
# it. A user's own setting wins.
os.environ.setdefault("DUCKDB_JE_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
