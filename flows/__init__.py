"""Prefect flows, HTTP fetching and the command line: the wiring between extractors and warehouse."""
