"""Pure extraction logic: bytes or text in, records out (no Prefect, no DuckDB, no network)."""
