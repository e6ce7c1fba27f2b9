"""Pure transforms: polars frames in, polars frames out. No Prefect, no network, no database."""
