"""Orchestration: Prefect flows and tasks, I/O, the warehouse writer and the CLI."""

from flows.allocators import configure

# before anything imports DuckDB: its allocator reads the setting when it first allocates
configure()
