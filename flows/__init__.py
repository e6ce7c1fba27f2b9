"""Orchestration: Prefect flows and tasks, I/O, the warehouse writer and the CLI."""
