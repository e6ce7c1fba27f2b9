"""Superset settings for the compose stack: its own metadata in SQLite on the container, the
eventwire warehouse added in the UI as the database `duckdb:////data/published/warehouse.duckdb`
with engine parameter {"connect_args": {"read_only": true}}. Change SECRET_KEY before exposing it."""

import os

SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY", "change-me-eventwire-local")
SQLALCHEMY_DATABASE_URI = "sqlite:////app/superset_home/superset.db"
PREVENT_UNSAFE_DB_CONNECTIONS = False  # DuckDB is a file URI
